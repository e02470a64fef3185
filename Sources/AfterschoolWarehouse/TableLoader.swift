import AfterschoolDomain
import GRDB
import GRDBSQLite

/// Inserts conformed rows, one reused prepared statement per table, inside
/// the transaction of ``Warehouse/load(_:)``.
///
/// A row whose key already exists is not inserted (`ON CONFLICT DO
/// NOTHING`): ``insert(_:key:values:)`` returns false and the caller rejects
/// it as a duplicate, so the first accepted row wins.
///
/// GRDB prepares and owns each statement; the per-row loop binds and steps
/// it through the SQLite C API, because GRDB's generic argument building
/// costs more than the insert itself at tens of millions of rows.
public final class TableLoader {
    let db: Database
    private var statements: [Statement?] = Array(repeating: nil, count: InputFile.allCases.count)
    private var attendance: AttendanceBlocks?

    init(db: Database) {
        self.db = db
    }

    /// The INSERT for `file`: its own key first (for referable files), then
    /// each column in contract order under its storage name.
    static func insertSQL(_ file: InputFile) -> String {
        var columns = file.columns.map { file.storageColumn($0.name) }
        if file.idColumn != nil { columns.insert("key", at: 0) } else { columns.append("part") }
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        return "INSERT INTO \(file.tableName) (\(names)) VALUES (\(placeholders)) ON CONFLICT DO NOTHING"
    }

    /// Inserts one row. Returns false when a row with the same key exists.
    /// - Parameter key: the row's own key, for referable files.
    /// - Throws: `DatabaseError` when SQLite refuses the row (a CHECK, NOT
    ///   NULL or foreign-key constraint: a bug, since the contract checked it).
    /// - Parameter part: the part the row comes from (0 for a whole file),
    ///   for files no other file refers to.
    public func insert(_ file: InputFile, key: Int64?, values: [Value], part: Int = 0) throws -> Bool {
        if file == .attendance { return try insertAttendance(values, part: part) }
        let statement = try preparedStatement(file)
        let handle = statement.sqliteStatement
        var index: Int32 = 1
        if let key {
            sqlite3_bind_int64(handle, index, key)
            index += 1
        }
        for v in values {
            let status: Int32
            switch v {
            case .null:
                status = sqlite3_bind_null(handle, index)
            case let .int(i):
                status = sqlite3_bind_int64(handle, index, i)
            case let .bool(b):
                status = sqlite3_bind_int64(handle, index, b ? 1 : 0)
            case var .text(s):
                status = s.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) {
                        sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), sqliteTransient)
                    }
                }
            }
            guard status == SQLITE_OK else { throw error(status, file) }
            index += 1
        }
        if file.idColumn == nil {
            let status = sqlite3_bind_int64(handle, index, Int64(part))
            guard status == SQLITE_OK else { throw error(status, file) }
        }
        let status = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard status == SQLITE_DONE else { throw error(status, file) }
        return sqlite3_changes(db.sqliteConnection) > 0
    }

    /// Removes every row of `file`'s table (before it is read again into an
    /// earlier run's warehouse).
    public func clear(_ file: InputFile) throws {
        try db.execute(sql: "DELETE FROM \(file.storageTable)")
    }

    /// Removes the rows of one part of `file` (a file no other refers to).
    public func clear(_ file: InputFile, part: Int) throws {
        if file == .attendance, let attendance {
            // Also forgets the part's students in the open sessions.
            return try attendance.clear(part: part)
        }
        try db.execute(sql: "DELETE FROM \(file.storageTable) WHERE part = ?", arguments: [part])
    }

    /// The part of the stored row whose key equals the key of `values`
    /// (a file no other refers to, with a key), if there is one.
    public func storedPart(_ file: InputFile, values: [Value]) throws -> Int? {
        if file == .attendance {
            guard case let .int(session) = values[0], case let .int(student) = values[1] else { return nil }
            return try attendanceBlocks().storedPart(session: session, student: student)
        }
        let keys = file.keyColumns
        guard !keys.isEmpty else { return nil }
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        for name in keys {
            guard let i = file.columnIndex(name) else { return nil }
            conditions.append("\"\(file.storageColumn(name))\" = ?")
            switch values[i] {
            case .null: arguments.append(nil)
            case let .int(n): arguments.append(n)
            case let .bool(b): arguments.append(b ? 1 : 0)
            case let .text(s): arguments.append(s)
            }
        }
        let sql = "SELECT part FROM \(file.tableName) WHERE \(conditions.joined(separator: " AND "))"
        return try Int.fetchOne(db, sql: sql, arguments: StatementArguments(arguments))
    }

    /// Registers the rows of `file` already in the warehouse with `index`,
    /// in key order, as ingestion would have: so that files read again can
    /// refer to rows of files that are not.
    public func restore(_ file: InputFile, into index: ReferenceIndex) throws {
        let sql: String
        switch file {
        case .schools: sql = "SELECT key, school_id, key, NULL FROM schools ORDER BY key"
        case .students: sql = "SELECT key, student_id, school_key, class_id FROM students ORDER BY key"
        case .activities: sql = "SELECT key, activity_id, school_key, NULL FROM activities ORDER BY key"
        case .sessions:
            sql = """
                SELECT s.key, s.session_id, a.school_key, NULL FROM sessions s
                JOIN activities a ON a.key = s.activity_key ORDER BY s.key
                """
        case .staff: sql = "SELECT key, staff_id, school_key, NULL FROM staff ORDER BY key"
        default: return
        }
        let rows = try Row.fetchCursor(db, sql: sql)
        while let row = try rows.next() {
            index.restore(file, key: row[0], id: row[1], school: row[2], classId: row[3])
        }
    }

    /// The writer of attendance blocks (made at the first attendance row,
    /// once the sessions are loaded). ``Warehouse/load(_:)`` writes its
    /// open blocks before the transaction commits.
    public func attendanceBlocks() throws -> AttendanceBlocks {
        if let attendance { return attendance }
        let blocks = try AttendanceBlocks(db: db)
        attendance = blocks
        return blocks
    }

    /// Writes what is still open (attendance blocks).
    func finish() throws {
        try attendance?.finish()
    }

    /// An attendance row by its values (session key, student key, status,
    /// check-out), into its session's block.
    private func insertAttendance(_ values: [Value], part: Int) throws -> Bool {
        guard values.count == 4, case let .int(session) = values[0], case let .int(student) = values[1],
              case let .text(status) = values[2], let code = AttendanceBlock.code(status) else {
            throw constraint("attendance.status")
        }
        let checkOut = values[3].int.map(Int.init)
        if let checkOut, !(0...1439).contains(checkOut) { throw constraint("attendance.check_out_min") }
        return try attendanceBlocks().add(session: session, student: student, status: code, checkOut: checkOut, part: part) == .added
    }

    /// The error SQLite gives for a failed CHECK.
    private func constraint(_ column: String) -> DatabaseError {
        DatabaseError(resultCode: .SQLITE_CONSTRAINT, message: "CHECK constraint failed: \(column)", sql: AttendanceBlocks.insertSQL)
    }

    private func preparedStatement(_ file: InputFile) throws -> Statement {
        if let s = statements[file.ordinal] { return s }
        let s = try db.makeStatement(sql: TableLoader.insertSQL(file))
        statements[file.ordinal] = s
        return s
    }

    private func error(_ status: Int32, _ file: InputFile, sql: String? = nil) -> DatabaseError {
        let message = sqlite3_errmsg(db.sqliteConnection).map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: status), message: message, sql: sql ?? TableLoader.insertSQL(file))
    }
}

/// SQLite copies the bound text (`SQLITE_TRANSIENT`, a macro Swift cannot
/// import).
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension InputFile {
    /// The table that stores the file's rows: its own table, except
    /// attendance, stored as blocks (``AttendanceBlocks``) and shown by the
    /// view `attendance`.
    public var storageTable: String { self == .attendance ? "attendance_blocks" : tableName }
}
