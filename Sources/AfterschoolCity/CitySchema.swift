import AfterschoolWarehouse

/// The shared warehouse's tables in PostgreSQL, made by versioned
/// migrations: `afterschool_migrations` records each version applied, and a
/// publish applies the missing ones first, under a lock, in its own
/// transaction.
///
/// Every table of a run is there with the run's identity in front: its key
/// is (term, district, then the table's own keys, `school_id` first where
/// it has one), so a district's rows can be partitioned or sharded by it.
/// `afterschool_runs` records what each district published, and when.
public enum CitySchema {
    /// One migration: its version, what it does, and its statements
    /// (`{schema}` stands for the quoted schema name).
    public struct Migration: Sendable {
        public let version: Int
        public let summary: String
        public let statements: [String]
    }

    /// Every table a run can publish, as declared by the stages.
    public static let tables: [OutputTable] = OutputTable.all

    /// The migrations, oldest first. Version 1 creates the tables as they
    /// are declared now; a change to a declaration needs a new version with
    /// the `ALTER TABLE` it takes (a test holds version 1's statements to
    /// their recorded digest).
    public static let migrations: [Migration] = [
        Migration(
            version: 1, summary: "runs, and one table per published table keyed by (term, district, ...)",
            statements: [
                """
                CREATE TABLE IF NOT EXISTS {schema}.afterschool_runs (term TEXT NOT NULL, district TEXT NOT NULL, \
                pipeline TEXT NOT NULL, published_at TIMESTAMPTZ NOT NULL DEFAULT now(), program_version TEXT, \
                build TEXT, title TEXT, school_days BIGINT, calendar TEXT, include_internal BOOLEAN NOT NULL, \
                tables TEXT[] NOT NULL, PRIMARY KEY (term, district, pipeline))
                """,
            ] + tables.map(createSQL)),
    ]

    /// `CREATE TABLE` for `table`: term and district, then its columns.
    static func createSQL(_ table: OutputTable) -> String {
        let columns = table.columns.map { "\(quoted($0.name)) \(sqlType($0.kind))" }
        let key = (["term", "district"] + table.keys.map { quoted($0.name) }).joined(separator: ", ")
        return "CREATE TABLE IF NOT EXISTS {schema}.\(quoted(table.name)) (term TEXT NOT NULL, district TEXT NOT NULL, "
            + columns.joined(separator: ", ") + ", PRIMARY KEY (\(key)))"
    }

    static func sqlType(_ kind: CellKind) -> String {
        switch kind {
        case .text: return "TEXT"
        case .integer, .flag: return "BIGINT"
        case .ratio, .hours, .money: return "DOUBLE PRECISION"
        }
    }

    /// An identifier in double quotes (a quote inside doubled).
    public static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Applies the migrations `connection` lacks, inside the caller's
    /// transaction (a short one of its own, before the publish's), under a
    /// transaction lock so that two districts publishing at once do not
    /// both migrate.
    static func migrate(_ connection: PostgresConnection, schema: String) throws(CityError) {
        let s = quoted(schema)
        _ = try connection.query("SELECT pg_advisory_xact_lock(hashtext('afterschool-migrations'))", what: "locking the migrations")
        try connection.execute(
            "CREATE TABLE IF NOT EXISTS \(s).afterschool_migrations (version INTEGER PRIMARY KEY, "
                + "summary TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
            what: "creating afterschool_migrations")
        let applied = Set(try connection.query("SELECT version FROM \(s).afterschool_migrations", what: "reading the migrations applied")
            .compactMap { $0.first.flatMap { $0 }.flatMap { Int($0) } })
        for migration in migrations where !applied.contains(migration.version) {
            for statement in migration.statements {
                try connection.execute(statement.replacingOccurrences(of: "{schema}", with: s),
                                       what: "migration \(migration.version)")
            }
            _ = try connection.query("INSERT INTO \(s).afterschool_migrations (version, summary) VALUES ($1, $2)",
                                     [String(migration.version), migration.summary], what: "recording migration \(migration.version)")
        }
    }
}
