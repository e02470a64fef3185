import AfterschoolDomain
import Foundation
import GRDB
import Testing
@testable import AfterschoolWarehouse

/// A new warehouse in a temporary folder, removed after the test.
func withWarehouse(_ body: (Warehouse) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wh-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try body(try Warehouse(path: folder + "/warehouse.sqlite"))
}

private let school: [Value] = [.text("S1"), .text("First"), .text("primary"), .text("none"), .text("public")]
private let student: [Value] = [.int(1), .int(1), .int(3), .text("3-1"), .bool(false), .bool(false), .bool(false), .bool(false)]
private let activity: [Value] = [.text("A1"), .int(1), .text("Homework"), .text("homework"), .text("class"), .text("in_school")]
private let session: [Value] = [.text("X1"), .int(1), .text("2025-10-20"), .int(875), .int(1030)]

/// Loads one school, student, activity and session.
private func seed(_ loader: TableLoader) throws {
    #expect(try loader.insert(.schools, key: 1, values: school))
    var s = student
    s[0] = .text("0001")
    #expect(try loader.insert(.students, key: 1, values: s))
    #expect(try loader.insert(.activities, key: 1, values: activity))
    #expect(try loader.insert(.sessions, key: 1, values: session))
}

@Suite("Warehouse: schema, loading, constraints")
struct WarehouseTests {
    @Test("the migrator makes one table per input file, and the dataset table")
    func schema() throws {
        try withWarehouse { warehouse in
            let tables = try warehouse.queue.read { db in
                try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' OR type = 'view'")
            }
            for file in InputFile.allCases {
                #expect(tables.contains(file.tableName), "\(file)")
                #expect(tables.contains(file.storageTable), "\(file)")
            }
            #expect(tables.contains("dataset"))
            let migrations = try warehouse.queue.read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            }
            #expect(migrations == ["v1-inputs", "v2-input-files", "v3-id-views", "v4-parts", "v5-satisfaction-without-key",
                                   "v6-attendance-blocks"])
            // Output tables are made by the stages that fill them, not here.
            #expect(!tables.contains("school_summary"))
            #expect(!tables.contains("audit_findings"))
        }
    }

    @Test("every input column has a warehouse column of its storage name")
    func storageColumns() throws {
        try withWarehouse { warehouse in
            for file in InputFile.allCases {
                let columns = try warehouse.queue.read { db in try db.columns(in: file.tableName).map(\.name) }
                for c in file.columns {
                    #expect(columns.contains(file.storageColumn(c.name)), "\(file.tableName).\(file.storageColumn(c.name))")
                }
            }
        }
    }

    @Test("a repeated key is not inserted and the first row is kept")
    func duplicateKeepsFirst() throws {
        try withWarehouse { warehouse in
            try warehouse.load { loader in
                try seed(loader)
                #expect(try loader.insert(.attendance, key: nil, values: [.int(1), .int(1), .text("present"), .null]))
                #expect(try !loader.insert(.attendance, key: nil, values: [.int(1), .int(1), .text("absent"), .null]))
            }
            let status = try warehouse.queue.read { db in try String.fetchAll(db, sql: "SELECT status FROM attendance") }
            #expect(status == ["present"])
        }
    }

    @Test("CHECK constraints refuse a value the contract would reject", arguments: [
        (InputFile.attendance, [Value.int(1), .int(1), .text("presnt"), .null]),
        (InputFile.attendance, [Value.int(1), .int(1), .text("present"), .int(1440)]),
        (InputFile.staffing, [Value.int(1), .int(1), .text("lead"), .int(-1)]),
    ])
    func checks(file: InputFile, values: [Value]) throws {
        try withWarehouse { warehouse in
            #expect(throws: DatabaseError.self) {
                try warehouse.load { loader in
                    try seed(loader)
                    #expect(try loader.insert(.staff, key: 1, values: [.text("T1"), .int(1), .null, .text("teacher"), .bool(true)]))
                    _ = try loader.insert(file, key: nil, values: values)
                }
            }
            // The transaction was rolled back: nothing stayed.
            let schools = try warehouse.rowCount(.schools)
            #expect(schools == 0)
        }
    }

    @Test("the foreign-key pass finds a dangling reference, and passes a clean load")
    func foreignKeys() throws {
        try withWarehouse { warehouse in
            try warehouse.load { loader in try seed(loader) }
            try warehouse.verifyForeignKeys()
            let inserted = try warehouse.load { loader in
                try loader.insert(.attendance, key: nil, values: [.int(99), .int(1), .text("present"), .null])
            }
            #expect(inserted)
            #expect(throws: WarehouseError.self) { try warehouse.verifyForeignKeys() }
        }
    }

    @Test("the INSERT names the key first, then the storage columns in contract order")
    func insertSQL() {
        #expect(TableLoader.insertSQL(.sessions) ==
            #"INSERT INTO sessions ("key", "session_id", "activity_key", "date", "start_min", "end_min") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"#)
        #expect(TableLoader.insertSQL(.budget) ==
            #"INSERT INTO budget ("school_key", "amount_fen", "part") VALUES (?, ?, ?) ON CONFLICT DO NOTHING"#)
    }

    @Test("the dataset table holds the term")
    func dataset() throws {
        try withWarehouse { warehouse in
            let d = DatasetDescriptor(
                term: "2025-autumn", title: "T", start: CivilDate(year: 2025, month: 9, day: 1)!,
                end: CivilDate(year: 2026, month: 1, day: 20)!)
            try warehouse.recordDataset(d)
            try warehouse.recordDataset(d)
            let rows = try warehouse.queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM dataset") }
            #expect(rows.count == 1)
            #expect(rows.first?["start"] == "2025-09-01")
        }
    }

    @Test("the foreign keys of some parts are checked without the others")
    func partForeignKeys() throws {
        try withWarehouse { warehouse in
            try warehouse.queue.write { db in
                try db.execute(sql: "INSERT INTO schools (key, school_id, name, stage, specialty, ownership) VALUES (1, 'S1', 'a', 'primary', 'none', 'public')")
                try db.execute(sql: "INSERT INTO students (key, student_id, school_key, grade, class_id, disability, left_behind, migrant, low_income) VALUES (1, '001', 1, 3, '3-1', 0, 0, 0, 0)")
                try db.execute(sql: "INSERT INTO activities (key, activity_id, school_key, name, category, segment, provider) VALUES (1, 'A1', 1, 'x', 'homework', 'class', 'in_school')")
                try db.execute(sql: "INSERT INTO sessions (key, session_id, activity_key, date, start_min, end_min) VALUES (1, 'X1', 1, '2025-09-01', 900, 960)")
                try db.execute(sql: "INSERT INTO attendance_blocks (session_key, part, rows, students, statuses) VALUES (1, 1, 1, '[1]', X'70')")
                // Part 2 names a session that is not there.
                try db.execute(sql: "INSERT INTO attendance_blocks (session_key, part, rows, students, statuses) VALUES (7, 2, 1, '[1]', X'70')")
            }
            try warehouse.verifyForeignKeys("attendance_blocks", parts: [1])
            #expect(throws: WarehouseError.self) { try warehouse.verifyForeignKeys("attendance_blocks", parts: [2]) }
            #expect(throws: WarehouseError.self) { try warehouse.verifyForeignKeys("attendance_blocks") }
        }
    }
}

@Suite("Warehouse: attendance blocks")
struct AttendanceBlocksTests {
    /// Sessions 1...n of the seeded school and students 1...m.
    static func seedMany(_ loader: TableLoader, sessions n: Int, students m: Int) throws {
        try seed(loader)
        for k in 2...max(2, m) {
            var s = student
            s[0] = .text(String(format: "%04d", k))
            _ = try loader.insert(.students, key: Int64(k), values: s)
        }
        for k in 2...max(2, n) {
            var x = session
            x[0] = .text("X\(k)")
            _ = try loader.insert(.sessions, key: Int64(k), values: x)
        }
    }

    /// (session, student, status, check-out, part) of the view, sorted.
    static func stored(_ warehouse: Warehouse) throws -> [[String]] {
        try warehouse.queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT session_key, student_key, status, check_out_min, part FROM attendance
                ORDER BY session_key, student_key
                """).map { row in
                    [String(row[0] as Int64), String(row[1] as Int64), row[2] as String,
                     (row[3] as Int64?).map { String($0) } ?? "-", String(row[4] as Int64)]
                }
        }
    }

    static let statuses = ["present", "absent", "excused", "left_early"]

    @Test("rows of interleaved sessions, out of order, with check-outs: the view shows each once, as given")
    func roundTrip() throws {
        try withWarehouse { warehouse in
            var expected: [[String]] = []
            try warehouse.load { loader in
                try Self.seedMany(loader, sessions: 5, students: 60)
                // Students descending in session 2, ascending elsewhere;
                // sessions interleaved.
                for i in 0..<150 {
                    let session = Int64(i % 5 + 1)
                    let student = session == 2 ? Int64(60 - i / 5) : Int64(i / 5 + 1)
                    let status = Self.statuses[i % 4]
                    let checkOut: Value = i % 7 == 0 ? .int(Int64(i * 9 % 1440)) : .null
                    #expect(try loader.insert(.attendance, key: nil,
                                              values: [.int(session), .int(student), .text(status), checkOut], part: 3))
                    expected.append([String(session), String(student), status, checkOut.int.map { String($0) } ?? "-", "3"])
                }
            }
            #expect(try Self.stored(warehouse) == expected.sorted { ($0[0].count, $0[0], $0[1].count, $0[1]) < ($1[0].count, $1[0], $1[1].count, $1[1]) })
            #expect(try warehouse.rowCount(.attendance) == 150)
            let blocks = try warehouse.queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM attendance_blocks") }
            #expect(blocks == 5)
        }
    }

    @Test("a repeated pair is refused, in its block, in a stored block, after its session was closed, and from another part")
    func repeats() throws {
        try withWarehouse { warehouse in
            try warehouse.load { loader in
                try Self.seedMany(loader, sessions: 3, students: 10)
                let blocks = try loader.attendanceBlocks()
                #expect(try blocks.add(session: 1, student: 5, status: AttendanceBlock.present, checkOut: nil, part: 0) == .added)
                #expect(try blocks.add(session: 1, student: 2, status: AttendanceBlock.present, checkOut: nil, part: 0) == .added)
                // Ascending so far, then out of order: both ways of looking.
                #expect(try blocks.add(session: 1, student: 5, status: AttendanceBlock.absent, checkOut: nil, part: 0) == .repeated(part: 0))
                #expect(try blocks.add(session: 1, student: 2, status: AttendanceBlock.absent, checkOut: nil, part: 0) == .repeated(part: 0))
                #expect(try blocks.add(session: 2, student: 1, status: AttendanceBlock.present, checkOut: nil, part: 0) == .added)
                #expect(try blocks.add(session: 2, student: 3, status: AttendanceBlock.present, checkOut: nil, part: 0) == .added)
                #expect(try blocks.add(session: 2, student: 3, status: AttendanceBlock.present, checkOut: nil, part: 0) == .repeated(part: 0))
                try blocks.finish()
                // Session 1 comes back in part 2: its stored students repeat.
                #expect(try blocks.add(session: 1, student: 2, status: AttendanceBlock.present, checkOut: nil, part: 2) == .repeated(part: 0))
                #expect(try blocks.add(session: 1, student: 7, status: AttendanceBlock.present, checkOut: nil, part: 2) == .added)
                #expect(try blocks.add(session: 1, student: 5, status: AttendanceBlock.present, checkOut: nil, part: 2) == .repeated(part: 0))
                #expect(try blocks.add(session: 1, student: 7, status: AttendanceBlock.present, checkOut: nil, part: 2) == .repeated(part: 2))
                try blocks.finish()
                // Part 0 cleared: its pairs are new again.
                #expect(try blocks.add(session: 1, student: 9, status: AttendanceBlock.present, checkOut: nil, part: 4) == .added)
                try blocks.clear(part: 0)
                #expect(try blocks.add(session: 1, student: 2, status: AttendanceBlock.absent, checkOut: nil, part: 4) == .added)
                #expect(try blocks.add(session: 1, student: 7, status: AttendanceBlock.absent, checkOut: nil, part: 4) == .repeated(part: 2))
            }
            #expect(try Self.stored(warehouse) == [
                ["1", "2", "absent", "-", "4"], ["1", "7", "present", "-", "2"], ["1", "9", "present", "-", "4"],
            ])
        }
    }

    @Test("more sessions open than the writer keeps: the oldest are written and found again when they come back")
    func eviction() throws {
        try withWarehouse { warehouse in
            let sessions = AttendanceBlocks.defaultMaxOpenSessions + 10
            try warehouse.load { loader in
                try Self.seedMany(loader, sessions: sessions, students: 3)
                let blocks = try loader.attendanceBlocks()
                for round in 1...2 {
                    for s in 1...sessions {
                        #expect(try blocks.add(session: Int64(s), student: Int64(round), status: AttendanceBlock.present,
                                               checkOut: nil, part: 0) == .added)
                    }
                }
                // Every pair again: each is a repeat, whether its session is open or written.
                for s in 1...sessions {
                    #expect(try blocks.add(session: Int64(s), student: 1, status: AttendanceBlock.absent, checkOut: nil, part: 0) == .repeated(part: 0))
                    #expect(try blocks.add(session: Int64(s), student: 2, status: AttendanceBlock.absent, checkOut: nil, part: 0) == .repeated(part: 0))
                }
            }
            #expect(try warehouse.rowCount(.attendance) == 2 * sessions)
            let statuses = try warehouse.queue.read { db in try String.fetchSet(db, sql: "SELECT status FROM attendance") }
            #expect(statuses == ["present"])
        }
    }

    @Test("sessions listed one after another stay one block each, however many rows pass through the writer")
    func oneBlockPerSession() throws {
        try withWarehouse { warehouse in
            try warehouse.load { loader in
                try Self.seedMany(loader, sessions: 20, students: 5)
                // Room for fewer rows than the file has: the oldest sessions
                // are written as the limit is passed, and only they.
                let blocks = try AttendanceBlocks(db: loader.db, maxOpenSessions: 4, maxOpenRows: 8)
                for s in 1...20 {
                    for k in 1...5 {
                        #expect(try blocks.add(session: Int64(s), student: Int64(k), status: AttendanceBlock.present,
                                               checkOut: nil, part: 0) == .added)
                    }
                }
                try blocks.finish()
            }
            let (count, rows) = try warehouse.queue.read { db in
                (try Int.fetchOne(db, sql: "SELECT count(*) FROM attendance_blocks"),
                 try Int.fetchOne(db, sql: "SELECT min(rows) FROM attendance_blocks"))
            }
            #expect(count == 20)
            #expect(rows == 5)
            #expect(try warehouse.rowCount(.attendance) == 100)
        }
    }

    @Test("the loader finds a stored pair's part, open or written, and clearing a part forgets it")
    func storedPartThroughTheLoader() throws {
        try withWarehouse { warehouse in
            try warehouse.load { loader in
                try Self.seedMany(loader, sessions: 2, students: 5)
                let row: (Int64, Int64) -> [Value] = { [.int($0), .int($1), .text("present"), .null] }
                #expect(try loader.insert(.attendance, key: nil, values: row(1, 3), part: 2))
                #expect(try loader.insert(.attendance, key: nil, values: row(2, 4), part: 5))
                try loader.finish()
                #expect(try loader.insert(.attendance, key: nil, values: row(1, 1), part: 7))
                // Session 1 open again (part 7, with part 2's stored student), session 2 written.
                #expect(try loader.storedPart(.attendance, values: row(1, 3)) == 2)
                #expect(try loader.storedPart(.attendance, values: row(1, 1)) == 7)
                #expect(try loader.storedPart(.attendance, values: row(2, 4)) == 5)
                #expect(try loader.storedPart(.attendance, values: row(2, 3)) == nil)
                try loader.clear(.attendance, part: 2)
                #expect(try loader.storedPart(.attendance, values: row(1, 3)) == nil)
                #expect(try loader.insert(.attendance, key: nil, values: row(1, 3), part: 7))
            }
            #expect(try warehouse.rowCount(.attendance) == 3)
        }
    }

    @Test("the block reader gives every stored row, and one session's")
    func reader() throws {
        try withWarehouse { warehouse in
            try warehouse.load { loader in
                try Self.seedMany(loader, sessions: 2, students: 20)
                for s in 1...2 {
                    for k in 1...(10 * s) {
                        _ = try loader.insert(.attendance, key: nil, values: [
                            .int(Int64(s)), .int(Int64(k)), .text(k % 2 == 0 ? "left_early" : "present"),
                            k % 2 == 0 ? .int(Int64(900 + k)) : .null,
                        ])
                    }
                }
            }
            var all: [String] = []
            var second: [Int64] = []
            try warehouse.queue.read { db in
                try AttendanceBlock.forEachRow(db) { session, student, status, checkOut in
                    all.append("\(session)/\(student)/\(Character(UnicodeScalar(status)))/\(checkOut.map(String.init) ?? "-")")
                }
                try AttendanceBlock.forEachRow(db, session: 2) { _, student, _, _ in second.append(student) }
            }
            #expect(all.count == 30)
            #expect(all.contains("1/4/l/904") && all.contains("2/19/p/-"))
            #expect(second == Array(1...20))
        }
    }
}

@Suite("Warehouse: block text")
struct AttendanceBlockTextTests {
    @Test("students' keys and check-out times read back as written, the buffer growing from empty")
    func roundTrip() {
        for students in [[Int64](), [0], [1], [7, 10, 99, 100, 1_000_000_007, Int64.max], (1...500).map { Int64($0 * 37) }] {
            var text: [UInt8] = [UInt8(ascii: "[")]
            var times: [UInt8] = []
            let checkOuts: [Int16] = students.indices.map { $0 % 3 == 0 ? -1 : Int16($0 * 7 % 1440) }
            for (i, s) in students.enumerated() {
                if i > 0 { text.append(UInt8(ascii: ",")) }
                AttendanceBlock.appendKey(s, to: &text)
                AttendanceBlock.appendCheckOut(checkOuts[i], to: &times)
            }
            text.append(UInt8(ascii: "]"))
            #expect(String(decoding: text, as: UTF8.self) == "[" + students.map(String.init).joined(separator: ",") + "]")
            var read: [Int64] = []
            text.withUnsafeBytes { AttendanceBlock.forEachStudent($0) { _, s in read.append(s) } }
            #expect(read == students)
            #expect(times.count == 4 * checkOuts.count)
            times.withUnsafeBytes { bytes in
                for (i, m) in checkOuts.enumerated() {
                    #expect(AttendanceBlock.checkOut(bytes, i) == (m < 0 ? nil : Int(m)))
                }
            }
        }
    }
}
