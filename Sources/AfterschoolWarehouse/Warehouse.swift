import AfterschoolDomain
import Foundation
import GRDB

/// The SQLite warehouse (`warehouse.sqlite`): every conformed input table,
/// and the output tables the stages add.
///
/// Built in a new file; the output folder is published only when the run
/// completes, so a failed run never leaves a half-built warehouse in place.
public final class Warehouse: Sendable {
    /// The database file.
    public let path: String
    /// The connection; stages read and write through it.
    public let queue: DatabaseQueue

    /// Creates (or opens) the warehouse at `path` and migrates its schema.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.label = "warehouse"
        // References are checked row by row by the input contract, and the
        // whole database once after loading (``verifyForeignKeys()``):
        // SQLite's per-row check would double the load time.
        configuration.foreignKeysEnabled = false
        configuration.prepareDatabase { db in
            // The file is new and is published only when complete, so a
            // crash mid-load loses nothing: trade durability for speed.
            try db.execute(sql: "PRAGMA synchronous = OFF")
            try db.execute(sql: "PRAGMA cache_size = -65536")  // 64 MiB
            try db.execute(sql: "PRAGMA temp_store = FILE")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try WarehouseSchema.migrator.migrate(queue)
    }

    /// What is wrong with the SQLite file at `path`, judged from its
    /// 100-byte header alone (cheap at any size): not an SQLite file, or
    /// its size is not the pages the header counts (cut short or grown by
    /// something else); nil when the header is sound. A damaged page
    /// whose file kept its size is not seen here (`PRAGMA quick_check`
    /// reads every page).
    public static func fileProblem(at path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "cannot be opened" }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        guard header.count == 100, header.prefix(16).elementsEqual(Array("SQLite format 3\0".utf8)) else {
            return "not an SQLite database"
        }
        func bigEndian(_ at: Int, _ count: Int) -> Int { header[at..<(at + count)].reduce(0) { $0 << 8 | Int($1) } }
        let rawPageSize = bigEndian(16, 2)
        let pageSize = rawPageSize == 1 ? 65_536 : rawPageSize
        guard pageSize >= 512, pageSize & (pageSize - 1) == 0 else { return "its header gives no valid page size" }
        // The page count in the header is valid when the change counter
        // and the version-valid-for number agree (SQLite's own rule).
        let pages = bigEndian(28, 4)
        guard pages > 0, bigEndian(24, 4) == bigEndian(92, 4) else { return nil }
        let size = (try? handle.seekToEnd()).map(Int.init) ?? -1
        return size == pages * pageSize ? nil : "\(size) bytes where its header counts \(pages) pages of \(pageSize)"
    }

    /// Runs `body` in one write transaction with a ``TableLoader``: committed
    /// when `body` returns, rolled back when it throws.
    public func load<T>(_ body: (TableLoader) throws -> T) throws -> T {
        try queue.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                let loader = TableLoader(db: db)
                result = try body(loader)
                try loader.finish()
                return .commit
            }
            guard let result else { throw WarehouseError.transactionAborted }
            return result
        }
    }

    /// Checks every foreign key in one pass (`PRAGMA foreign_key_check`).
    /// - Throws: ``WarehouseError/foreignKeyViolation(table:rowid:parent:)``
    ///   on the first violation: a bug, since the contract checked each
    ///   reference.
    public func verifyForeignKeys(_ table: String? = nil) throws {
        try queue.read { db in
            let sql = table.map { "PRAGMA foreign_key_check(\($0))" } ?? "PRAGMA foreign_key_check"
            if let row = try Row.fetchOne(db, sql: sql) {
                throw WarehouseError.foreignKeyViolation(
                    table: row[0] ?? "?", rowid: row[1], parent: row[2] ?? "?")
            }
        }
    }

    /// Checks the foreign keys of the rows of some parts of `table` only
    /// (a re-run that read those parts again): the same check as
    /// ``verifyForeignKeys(_:)``, without scanning the other parts' rows.
    public func verifyForeignKeys(_ table: String, parts: [Int]) throws {
        guard !parts.isEmpty else { return }
        try queue.read { db in
            let keys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_list(\(table))")
            let inList = parts.map(String.init).joined(separator: ", ")
            for key in keys {
                let parent: String = key["table"], from: String = key["from"], to: String = key["to"]
                let sql = """
                    SELECT 1 FROM \(table) t WHERE t.part IN (\(inList)) AND t."\(from)" IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM \(parent) p WHERE p."\(to)" = t."\(from)") LIMIT 1
                    """
                if try Row.fetchOne(db, sql: sql) != nil {
                    throw WarehouseError.foreignKeyViolation(table: table, rowid: nil, parent: parent)
                }
            }
        }
    }

    /// Records the dataset's term in the `dataset` table.
    public func recordDataset(_ d: DatasetDescriptor) throws {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM dataset")
            try db.execute(
                sql: #"INSERT INTO dataset (term, title, start, "end") VALUES (?, ?, ?, ?)"#,
                arguments: [d.term, d.title, d.start.description, d.end.description])
        }
    }

    /// Records what ingestion found in one input file (`input_files`), so
    /// that stages can tell a missing optional file from an empty one.
    public func recordInputFile(_ file: InputFile, present: Bool, records: Int, accepted: Int, rejected: Int) throws {
        try queue.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO input_files (file, present, records, accepted, rejected) VALUES (?, ?, ?, ?, ?)",
                arguments: [file.fileName, present, records, accepted, rejected])
        }
    }

    /// Whether the dataset had `file` (false also before ingestion).
    public func hasInputFile(_ file: InputFile) throws -> Bool {
        try queue.read { db in
            try Bool.fetchOne(db, sql: "SELECT present FROM input_files WHERE file = ?", arguments: [file.fileName]) ?? false
        }
    }

    /// The number of rows of a table the warehouse defines.
    public func rowCount(_ file: InputFile) throws -> Int {
        try queue.read { db in
            let sql = file == .attendance
                ? "SELECT coalesce(sum(rows), 0) FROM attendance_blocks" : "SELECT count(*) FROM \(file.tableName)"
            return try Int.fetchOne(db, sql: sql) ?? 0
        }
    }
}

/// A warehouse operation that could not complete.
public enum WarehouseError: Error, CustomStringConvertible {
    case transactionAborted
    case foreignKeyViolation(table: String, rowid: Int64?, parent: String)

    public var description: String {
        switch self {
        case .transactionAborted:
            return "the warehouse transaction was rolled back"
        case let .foreignKeyViolation(table, rowid, parent):
            return "warehouse table \(table) row \(rowid.map(String.init) ?? "?") refers to a missing row of \(parent)"
        }
    }
}
