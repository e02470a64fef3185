import AfterschoolDomain
import AfterschoolPipeline
import Foundation
import GRDB
import Testing

/// A repeated key is rejected (`duplicate_key`, at the repeating row's line)
/// and the first row wins; `pe_timetable` has no key.
@Suite("Duplicate keys")
struct DuplicateKeyTests {
    /// One keyed file: the repeating line, the raw key value the reject
    /// shows (of the key's last column, as in the sample's README), and a
    /// query whose answer shows the first row's values.
    struct Case: Sendable, CustomTestStringConvertible {
        var file: InputFile
        var duplicate: String
        var rawKey: String
        var query: String
        var firstRow: [String]

        var testDescription: String { file.fileName }
    }

    static let cases: [Case] = [
        Case(file: .schools, duplicate: "S1,Other School,middle", rawKey: "S1",
             query: "SELECT name, stage FROM schools WHERE school_id = 'S1'", firstRow: ["School One", "primary"]),
        // A repeated student of another school: the first (S1) stays, and
        // the S1 attendance row of 001 still resolves.
        Case(file: .students, duplicate: "001,S2,7,7-1", rawKey: "001",
             query: "SELECT st.grade, st.class_id, s.school_id FROM students st JOIN schools s ON s.key = st.school_key WHERE st.student_id = '001'",
             firstRow: ["1", "1-1", "S1"]),
        // The same date spelt the other accepted way is the same key.
        Case(file: .calendar, duplicate: "2025/9/1,0", rawKey: "2025/9/1",
             query: "SELECT school_day FROM calendar WHERE date = '2025-09-01'", firstRow: ["1"]),
        Case(file: .activities, duplicate: "A1,S2,Other,arts,grade", rawKey: "A1",
             query: "SELECT a.name, a.category, a.segment, s.school_id FROM activities a JOIN schools s ON s.key = a.school_key WHERE a.activity_id = 'A1'",
             firstRow: ["Homework", "homework", "class", "S1"]),
        Case(file: .sessions, duplicate: "X1,A2,2025-09-02,8:00,9:00", rawKey: "X1",
             query: "SELECT a.activity_id, x.date, x.start_min, x.end_min FROM sessions x JOIN activities a ON a.key = x.activity_key WHERE x.session_id = 'X1'",
             firstRow: ["A1", "2025-09-01", "930", "990"]),
        Case(file: .survey, duplicate: "001,0", rawKey: "001",
             query: "SELECT v.wants_service FROM survey v JOIN students st ON st.key = v.student_key WHERE st.student_id = '001'",
             firstRow: ["1"]),
        Case(file: .attendance, duplicate: "X1,001,absent", rawKey: "001",
             query: """
                SELECT a.status FROM attendance a JOIN sessions x ON x.key = a.session_key
                JOIN students st ON st.key = a.student_key WHERE x.session_id = 'X1' AND st.student_id = '001'
                """,
             firstRow: ["present"]),
        Case(file: .staff, duplicate: "T1,S2,volunteer", rawKey: "T1",
             query: "SELECT t.kind, s.school_id FROM staff t JOIN schools s ON s.key = t.school_key WHERE t.staff_id = 'T1'",
             firstRow: ["teacher", "S1"]),
        Case(file: .staffing, duplicate: "X1,T1,assistant,2", rawKey: "T1",
             query: """
                SELECT g.role, g.claimed_hours_x100 FROM staffing g JOIN sessions x ON x.key = g.session_key
                JOIN staff t ON t.key = g.staff_key WHERE x.session_id = 'X1' AND t.staff_id = 'T1'
                """,
             firstRow: ["lead", "100"]),
        Case(file: .satisfaction, duplicate: "R1,S2,student,1", rawKey: "R1",
             query: "SELECT r.respondent, r.overall, s.school_id FROM satisfaction r JOIN schools s ON s.key = r.school_key WHERE r.response_id = 'R1'",
             firstRow: ["parent", "5", "S1"]),
        Case(file: .budget, duplicate: "S1,999", rawKey: "S1",
             query: "SELECT b.amount_fen FROM budget b JOIN schools s ON s.key = b.school_key WHERE s.school_id = 'S1'",
             firstRow: ["10000"]),
        // The month spelt without its zero is the same key.
        Case(file: .disclosures, duplicate: "S1,T1,2025-9,9.00", rawKey: "2025-9",
             query: """
                SELECT d.month, d.hours_x100 FROM disclosures d JOIN schools s ON s.key = d.school_key
                JOIN staff t ON t.key = d.staff_key WHERE s.school_id = 'S1' AND t.staff_id = 'T1'
                """,
             firstRow: ["2025-09", "100"]),
    ]

    @Test("every keyed file is covered")
    func coverage() {
        let keyed = Set(InputFile.allCases.filter { !$0.keyColumns.isEmpty })
        #expect(Set(Self.cases.map(\.file)) == keyed)
        #expect(keyed.count == 12)
    }

    @Test("the minimal dataset is valid: no rejects, no warnings")
    func minimalDatasetIsValid() throws {
        let tmp = try TempDir("dup")
        defer { tmp.remove() }
        try MiniDataset.valid().write(to: tmp.sub("data"))
        let outcome = try runPipeline(data: tmp.sub("data"), out: tmp.sub("out"))
        #expect(outcome.report.rejects.isEmpty)
        #expect(outcome.report.warnings.isEmpty)
        #expect(outcome.report.files.allSatisfy { $0.present && $0.records > 0 && $0.records == $0.accepted })
    }

    @Test("a repeated key is rejected and the first row wins", arguments: cases)
    func repeatedKey(_ c: Case) throws {
        let tmp = try TempDir("dup")
        defer { tmp.remove() }
        var data = MiniDataset.valid()
        let line = data.append(c.file, c.duplicate)
        try data.write(to: tmp.sub("data"))
        // One reject in a handful of rows is over the default 5%.
        let outcome = try runPipeline(data: tmp.sub("data"), out: tmp.sub("out"), overrides: ["max_reject_share=1"])

        let rejects = outcome.report.rejects
        try #require(rejects.count == 1, "\(rejects)")
        let reject = rejects[0]
        #expect(RejectKey(reject) == RejectKey(c.file.fileName, line, try #require(c.file.keyColumns.last), "duplicate_key"))
        #expect(reject.value == c.rawKey)
        #expect(reject.message.contains("first"))
        #expect(try readRejectKeys(tmp.sub("out") + "/rejects.csv") == [RejectKey(reject)])

        let report = try #require(outcome.report.files.first { $0.file == c.file.fileName })
        #expect(report.records == data.lineCount(c.file) - 1)
        #expect(report.accepted == report.records - 1)
        #expect(report.rejectedByRule == ["duplicate_key": 1])

        let db = try openWarehouse(tmp.sub("out") + "/warehouse.sqlite")
        #expect(try count(db, c.file.tableName) == report.accepted)
        #expect(try firstRow(db, c.query) == c.firstRow)
    }

    @Test("pe_timetable has no key: a repeated row is accepted")
    func peTimetableHasNoKey() throws {
        let tmp = try TempDir("dup")
        defer { tmp.remove() }
        var data = MiniDataset.valid()
        data.append(.peTimetable, "S1,1-1,1")
        try data.write(to: tmp.sub("data"))
        let outcome = try runPipeline(data: tmp.sub("data"), out: tmp.sub("out"))
        #expect(outcome.report.rejects.isEmpty)
        let db = try openWarehouse(tmp.sub("out") + "/warehouse.sqlite")
        #expect(try count(db, "pe_timetable") == 2)
    }
}
