import AfterschoolDomain
import Foundation
import GRDB
import Testing
@testable import AfterschoolWarehouse

@Suite("Warehouse: attendance runs")
struct AttendanceRunTests {
    typealias Row = (line: Int, session: Int64, student: Int64, checkOut: Int16)

    /// The runs `rows` make, a segment's end after each of `segmentEnds`
    /// rows and a row that is not a run's (a checked row) after each of
    /// `breaks`.
    static func runs(_ rows: [Row], breaks: Set<Int> = [], segmentEnds: Set<Int> = []) -> [AttendanceRun] {
        var builder = AttendanceRunBuilder(capacity: 2)
        var runs: [AttendanceRun] = []
        for (i, r) in rows.enumerated() {
            if let run = builder.add(line: r.line, session: r.session, student: r.student,
                                     status: AttendanceBlock.present, checkOut: r.checkOut) { runs.append(run) }
            if breaks.contains(i), let run = builder.finish() { runs.append(run) }
            if segmentEnds.contains(i), let run = builder.endSegment() { runs.append(run) }
        }
        if let run = builder.endSegment() { runs.append(run) }
        return runs
    }

    static func text(_ run: AttendanceRun) -> String {
        String(decoding: run.columns.text(run.text), as: UTF8.self)
    }

    @Test("a run is a session's rows on consecutive lines; whole when other sessions' rows are on both sides")
    func gathering() {
        let rows: [Row] = [
            (2, 1, 3, -1), (3, 1, 5, 905), (4, 2, 1, -1), (5, 2, 2, -1), (6, 2, 12, -1),
            (7, 3, 4, -1), (8, 3, 2, -1), (10, 3, 7, -1), (11, 4, 1, 0), (12, 5, 9, -1),
        ]
        let runs = Self.runs(rows)
        #expect(runs.map(\.session) == [1, 2, 3, 3, 4, 5])
        #expect(runs.map(\.line) == [2, 4, 7, 10, 11, 12])
        #expect(runs.map(\.count) == [2, 3, 2, 1, 1, 1])
        #expect(runs.map(Self.text) == ["[3,5]", "[1,2,12]", "[4,2]", "[7]", "[1]", "[9]"])
        // The segment's first and last runs are not whole; a line gap
        // ends a run, which is then not whole on that side.
        #expect(runs.map(\.isWhole) == [false, true, false, false, true, false])
        #expect(runs.map(\.ascending) == [true, true, false, true, true, true])
        #expect(runs[0].row(1) == (5, AttendanceBlock.present, 905) && runs[0].row(0).checkOut == nil)
        #expect(runs[4].row(0).checkOut == 0)
    }

    @Test("a checked row and a segment's end close a run, which is then not whole")
    func breaks() {
        let rows: [Row] = (0..<8).map { (2 + $0, Int64(1 + $0), 1, -1) }
        let runs = Self.runs(rows, breaks: [1], segmentEnds: [4])
        #expect(runs.map(\.session) == [1, 2, 3, 4, 5, 6, 7, 8])
        // 4 is between two sessions' rows; 7, between 6 and 8, in the
        // segment after.
        #expect(runs.map(\.isWhole) == [false, false, false, true, false, false, true, false])
    }

    @Test("runs added whole, merged into an open block, or refused so that each row is checked, with the same stored rows")
    func adding() throws {
        try withWarehouse { warehouse in
            var refused: [Int64] = []
            try warehouse.load { loader in
                try AttendanceBlocksTests.seedMany(loader, sessions: 4, students: 20)
                let blocks = try loader.attendanceBlocks()
                // Session 1 at the start (not whole), session 2 whole, then
                // 3; session 1 again later with new students and a repeat;
                // session 4 descending.
                let rows: [Row] = [
                    (2, 1, 1, -1), (3, 1, 2, -1), (4, 2, 5, 1000), (5, 2, 6, -1), (6, 3, 1, -1),
                    (8, 1, 7, -1), (9, 1, 8, -1), (11, 1, 2, -1), (12, 1, 9, -1), (14, 4, 3, -1), (15, 4, 1, -1),
                ]
                for run in Self.runs(rows, segmentEnds: [6]) {
                    if try blocks.add(run, part: 0) { continue }
                    refused.append(run.session)
                    for i in 0..<run.count {
                        let r = run.row(i)
                        _ = try blocks.add(session: run.session, student: r.student, status: r.status, checkOut: r.checkOut, part: 0)
                    }
                }
                try blocks.finish()
            }
            // Session 1's repeat of student 2 and session 4's descending
            // students went row by row; the repeat is not stored twice.
            #expect(refused == [1, 4])
            #expect(try AttendanceBlocksTests.stored(warehouse) == [
                ["1", "1", "present", "-", "0"], ["1", "2", "present", "-", "0"], ["1", "7", "present", "-", "0"],
                ["1", "8", "present", "-", "0"], ["1", "9", "present", "-", "0"],
                ["2", "5", "present", "1000", "0"], ["2", "6", "present", "-", "0"],
                ["3", "1", "present", "-", "0"], ["4", "1", "present", "-", "0"], ["4", "3", "present", "-", "0"],
            ])
            let blockCount = try warehouse.queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM attendance_blocks") }
            // Session 1: its first block was still open when it came back.
            #expect(blockCount == 4)
        }
    }

    @Test("a session whose rows run on from one part into the next gets a block per part, row by row or as runs")
    func sessionAcrossParts() throws {
        for byRuns in [false, true] {
            try withWarehouse { warehouse in
                try warehouse.load { loader in
                    try AttendanceBlocksTests.seedMany(loader, sessions: 2, students: 20)
                    let blocks = try loader.attendanceBlocks()
                    // The last row of part 0 and the first of part 1 are session 1's.
                    for (student, part) in [(Int64(1), 0), (2, 1), (3, 1)] {
                        if byRuns, let run = Self.runs([(2 + Int(student), 1, student, -1)]).first, try blocks.add(run, part: part) {
                            continue
                        }
                        _ = try blocks.add(session: 1, student: student, status: AttendanceBlock.present, checkOut: nil, part: part)
                    }
                    try blocks.finish()
                }
                #expect(try AttendanceBlocksTests.stored(warehouse) == [
                    ["1", "1", "present", "-", "0"], ["1", "2", "present", "-", "1"], ["1", "3", "present", "-", "1"],
                ], "by runs: \(byRuns)")
            }
        }
    }
}
