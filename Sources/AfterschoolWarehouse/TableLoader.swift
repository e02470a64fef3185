import AfterschoolDomain
import GRDB

/// Inserts conformed rows, one reused prepared statement per table, inside
/// the transaction of ``Warehouse/load(_:)``.
///
/// A row whose key already exists is not inserted (`ON CONFLICT DO
/// NOTHING`): ``insert(_:key:values:)`` returns false and the caller rejects
/// it as a duplicate, so the first accepted row wins.
public final class TableLoader {
    private let db: Database
    private var statements: [InputFile: Statement] = [:]
    private var arguments: [DatabaseValue] = []

    init(db: Database) {
        self.db = db
    }

    /// The INSERT for `file`: its own key first (for referable files), then
    /// each column in contract order under its storage name.
    static func insertSQL(_ file: InputFile) -> String {
        var columns = file.columns.map { file.storageColumn($0.name) }
        if file.idColumn != nil { columns.insert("key", at: 0) }
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        return "INSERT INTO \(file.tableName) (\(names)) VALUES (\(placeholders)) ON CONFLICT DO NOTHING"
    }

    /// Inserts one row. Returns false when a row with the same key exists.
    /// - Parameter key: the row's own key, for referable files.
    public func insert(_ file: InputFile, key: Int64?, values: [Value]) throws -> Bool {
        let statement: Statement
        if let s = statements[file] {
            statement = s
        } else {
            statement = try db.makeStatement(sql: TableLoader.insertSQL(file))
            statements[file] = statement
        }
        arguments.removeAll(keepingCapacity: true)
        if let key { arguments.append(key.databaseValue) }
        for v in values {
            switch v {
            case .null: arguments.append(.null)
            case let .text(s): arguments.append(s.databaseValue)
            case let .int(i): arguments.append(i.databaseValue)
            case let .bool(b): arguments.append((b ? 1 : 0 as Int64).databaseValue)
            }
        }
        statement.setUncheckedArguments(StatementArguments(arguments))
        try statement.execute()
        return db.changesCount > 0
    }
}
