import AfterschoolDomain
import Foundation
import GRDB
import Testing
@testable import AfterschoolWarehouse

/// A new warehouse in a temporary folder, removed after the test.
private func withWarehouse(_ body: (Warehouse) throws -> Void) throws {
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
                try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            for file in InputFile.allCases { #expect(tables.contains(file.tableName), "\(file)") }
            #expect(tables.contains("dataset"))
            let migrations = try warehouse.queue.read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            }
            #expect(migrations == ["v1-inputs", "v2-input-files", "v3-id-views", "v4-parts", "v5-satisfaction-without-key"])
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
                try db.execute(sql: "INSERT INTO attendance (session_key, student_key, status, part) VALUES (1, 1, 'present', 1)")
                // Part 2 names a session that is not there.
                try db.execute(sql: "INSERT INTO attendance (session_key, student_key, status, part) VALUES (7, 1, 'present', 2)")
            }
            try warehouse.verifyForeignKeys("attendance", parts: [1])
            #expect(throws: WarehouseError.self) { try warehouse.verifyForeignKeys("attendance", parts: [2]) }
            #expect(throws: WarehouseError.self) { try warehouse.verifyForeignKeys("attendance") }
        }
    }
}

@Suite("Warehouse: attendance rows all together")
struct InsertAllTests {
    static func row(_ line: Int, session: Int64, student: Int64, _ status: String = "present", checkOut: Value = .null) -> AttendanceFastPath.Row {
        AttendanceFastPath.Row(line: line, session: .init(key: session, school: 1), student: .init(key: student, school: 1),
                               status: .text(status), checkOut: checkOut)
    }

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

    @Test("more rows than one statement holds go in, in order, with their values")
    func all() throws {
        try withWarehouse { warehouse in
            let rows = (0..<(TableLoader.rowsPerStatement * 2 + 7)).map {
                Self.row($0 + 2, session: Int64($0 % 3 + 1), student: Int64($0 / 3 + 1), $0 % 2 == 0 ? "present" : "absent",
                         checkOut: $0 % 5 == 0 ? .int(1000 + Int64($0)) : .null)
            }
            try warehouse.load { loader in
                try Self.seedMany(loader, sessions: 3, students: 100)
                #expect(try loader.insertAll(rows[...], part: 4))
            }
            let stored = try warehouse.queue.read { db in
                try Row.fetchAll(db, sql: "SELECT session_key, student_key, status, check_out_min, part FROM attendance ORDER BY session_key, student_key")
            }
            #expect(stored.count == rows.count)
            let expected = rows.sorted { ($0.session.key, $0.student.key) < ($1.session.key, $1.student.key) }
            for (got, want) in zip(stored, expected) {
                #expect(got[0] as Int64 == want.session.key && got[1] as Int64 == want.student.key)
                #expect(got[2] as String == (want.status == .text("present") ? "present" : "absent"))
                #expect((got[3] as Int64?) == want.checkOut.int)
                #expect(got[4] as Int64 == 4)
            }
        }
    }

    @Test("a repeated key among them, or with a stored row: none goes in, and the caller is told")
    func noneOnRepeat() throws {
        try withWarehouse { warehouse in
            try warehouse.load { loader in
                try Self.seedMany(loader, sessions: 2, students: 300)
                #expect(try loader.insertAll([Self.row(2, session: 1, student: 1)][...], part: 0))
                let repeatsStored = (0..<200).map { Self.row($0 + 3, session: 2, student: Int64($0 + 2)) } + [Self.row(300, session: 1, student: 1)]
                #expect(try !loader.insertAll(repeatsStored[...], part: 0))
                let repeatsInside = (0..<200).map { Self.row($0 + 3, session: 2, student: Int64($0 + 2)) } + [Self.row(300, session: 2, student: 5)]
                #expect(try !loader.insertAll(repeatsInside[...], part: 0))
                #expect(try loader.insertAll(repeatsInside.dropLast(), part: 0))
            }
            let count = try warehouse.queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM attendance") }
            #expect(count == 201)
        }
    }
}
