import AfterschoolDomain
import AfterschoolWarehouse
import Foundation
import GRDB

/// `afterschool publish OUT --to postgresql://...`: loads one finished run's
/// tables into the shared warehouse, full precision as in the run's
/// `warehouse.sqlite`, tagged with the run's term and district, in one
/// transaction: the district's earlier rows of those tables are replaced
/// whole, or, if anything fails (or the process is killed), left as they
/// were.
///
/// Published: the public tables (small cells suppressed, as in `tables/`)
/// and `school_counts`, the counts every ratio is made of. Internal tables
/// (student ids) and the figures of suppressed groups only with
/// ``Options/includeInternal``.
public struct CityPublisher {
    /// How to publish.
    public struct Options: Sendable {
        /// The PostgreSQL schema (it must exist).
        public var schema = "public"
        /// Also the internal tables and the suppressed groups' figures.
        public var includeInternal = false
        /// Called after each table is copied (the tests stop a publish half-way here).
        public var afterTable: @Sendable (String) -> Void = { _ in }

        public init(schema: String = "public", includeInternal: Bool = false) {
            self.schema = schema
            self.includeInternal = includeInternal
        }
    }

    /// What was published.
    public struct Outcome: Sendable {
        public let term: String
        public let district: String
        public let pipeline: String
        /// Rows copied per table, in the order published.
        public let rows: [(table: String, rows: Int)]
        public let seconds: Double
    }

    public let run: String
    public let server: ServerAddress
    public let options: Options

    public init(run: String, server: ServerAddress, options: Options = Options()) {
        self.run = run
        self.server = server
        self.options = options
    }

    /// Publishes the run.
    /// - Throws: ``CityError``: not a finished run, the server's refusals
    ///   (each with its own message), or a failed statement (rolled back).
    public func publish() throws(CityError) -> Outcome {
        let started = ContinuousClock.now
        let identity = try RunIdentity(folder: run)
        let tables = CitySchema.tables.filter { identity.tables.contains($0.name) }
        let connection = try PostgresConnection(server)
        try requireSchema(connection)
        let s = CitySchema.quoted(options.schema)
        // The migrations first, in a short transaction of their own: their
        // lock is not held while the district's rows are copied.
        try connection.execute("BEGIN", what: "开始迁移 / starting the migrations")
        do {
            try CitySchema.migrate(connection, schema: options.schema)
            try connection.execute("COMMIT", what: "提交迁移 / committing the migrations")
        } catch {
            try? connection.execute("ROLLBACK", what: "rolling back")
            throw error
        }
        try connection.execute("BEGIN", what: "开始发布 / starting the publish")
        do {
            var copied: [(String, Int)] = []
            for table in tables {
                let target = "\(s).\(CitySchema.quoted(table.name))"
                _ = try connection.query("DELETE FROM \(target) WHERE term = $1 AND district = $2",
                                         [identity.term, identity.district], what: "替换 \(table.name) / replacing \(table.name)")
                guard table.privacy != .internal || options.includeInternal else { continue }
                let columns = (["term", "district"] + table.columns.map { CitySchema.quoted($0.name) }).joined(separator: ", ")
                let n = try connection.copy("\(target) (\(columns))", what: "写入 \(table.name) / copying \(table.name)") { (sink) throws(CityError) in
                    try copyRows(table, identity: identity, into: &sink)
                }
                copied.append((table.name, n))
                options.afterTable(table.name)
            }
            _ = try connection.query(
                """
                INSERT INTO \(s).afterschool_runs (term, district, pipeline, program_version, build, title, school_days, \
                calendar, include_internal, tables) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                ON CONFLICT (term, district, pipeline) DO UPDATE SET published_at = now(), \
                program_version = EXCLUDED.program_version, build = EXCLUDED.build, title = EXCLUDED.title, \
                school_days = EXCLUDED.school_days, calendar = EXCLUDED.calendar, \
                include_internal = EXCLUDED.include_internal, tables = EXCLUDED.tables
                """,
                [identity.term, identity.district, identity.pipeline, identity.version, identity.build,
                 identity.title, String(identity.schoolDays), identity.calendar, options.includeInternal ? "true" : "false",
                 "{" + copied.map(\.0).joined(separator: ",") + "}"],
                what: "记录本次发布 / recording the run in afterschool_runs")
            try connection.execute("COMMIT", what: "提交发布 / committing the publish")
            return Outcome(term: identity.term, district: identity.district, pipeline: identity.pipeline,
                           rows: copied.map { (table: $0.0, rows: $0.1) }, seconds: (ContinuousClock.now - started).seconds)
        } catch {
            try? connection.execute("ROLLBACK", what: "rolling back")
            throw error
        }
    }

    private func requireSchema(_ connection: PostgresConnection) throws(CityError) {
        let found = try connection.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [options.schema],
                                         what: "looking for schema \(options.schema)")
        guard !found.isEmpty else { throw .missingSchema(options.schema) }
    }

    /// Streams `table`'s rows from the warehouse into the copy, with the
    /// run's identity in front; a suppressed group's figures NULL unless
    /// internal data is included.
    private func copyRows(_ table: OutputTable, identity: RunIdentity,
                          into sink: inout PostgresConnection.CopyBuffer) throws(CityError) {
        let columns = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let suppressed = options.includeInternal ? nil : table.suppressedColumn
        var failure: CityError?
        do {
            try identity.warehouse.read { db in
                let cursor = try Row.fetchCursor(db, sql: "SELECT \(columns) FROM \(table.name) ORDER BY rowid")
                var fields = [String?](repeating: nil, count: table.columns.count + 2)
                fields[0] = identity.term
                fields[1] = identity.district
                while let row = try cursor.next() {
                    let hidden = suppressed.map { (row[$0] as Int64?) == 1 } ?? false
                    for i in table.columns.indices {
                        fields[i + 2] = hidden && table.blanksWhenSuppressed(i) ? nil : CityPublisher.text(row[i] as DatabaseValue)
                    }
                    do throws(CityError) {
                        try sink.row(fields)
                    } catch {
                        failure = error
                        return
                    }
                }
            }
        } catch {
            throw .notARun(path: run, reason: "warehouse.sqlite: \(table.name) cannot be read: \(error)")
        }
        if let failure { throw failure }
    }

    /// A warehouse value as COPY text: numbers at full precision (the
    /// shortest text that reads back to the same double), NULL as nil.
    static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null, .blob: return nil
        case let .int64(i): return String(i)
        case let .double(x): return "\(x)"
        case let .string(s): return s
        }
    }
}
