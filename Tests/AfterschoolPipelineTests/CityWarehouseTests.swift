@testable import AfterschoolCity
import AfterschoolPipeline
import AfterschoolSynth
import AfterschoolWarehouse
import Crypto
import Foundation
import GRDB
import Testing

/// The throwaway PostgreSQL cluster `make test` starts
/// (`Tests/Support/pg-cluster.sh`): its URL without the password, and the
/// password.
enum TestServer {
    static let url = ProcessInfo.processInfo.environment["AFTERSCHOOL_PG_URL"]
    static let password = ProcessInfo.processInfo.environment["AFTERSCHOOL_PG_PASSWORD"]
    static var available: Bool { url != nil && password != nil }

    /// The URL with `password` in it.
    static func url(password: String) -> String {
        (url ?? "").replacingOccurrences(of: "postgresql://postgres@", with: "postgresql://postgres:\(password)@")
    }

    static func address() throws -> ServerAddress { try ServerAddress(url(password: password ?? "")) }

    /// Runs `body` with a new, empty schema, dropped afterwards.
    static func withSchema(_ body: (String, PostgresConnection) throws -> Void) throws {
        let connection = try PostgresConnection(address())
        let schema = "t_" + UUID().uuidString.prefix(8).lowercased()
        try connection.execute("CREATE SCHEMA \(schema)", what: "creating the test schema")
        defer { try? connection.execute("DROP SCHEMA \(schema) CASCADE", what: "dropping the test schema") }
        try body(schema, connection)
    }
}

private let notStarted = "needs the PostgreSQL cluster `make test` starts (AFTERSCHOOL_PG_URL, AFTERSCHOOL_PG_PASSWORD)"

@Suite("City warehouse on PostgreSQL", .serialized, .enabled(if: TestServer.available, Comment(rawValue: notStarted)))
struct CityWarehouseTests {
    static let pipeline = packageRoot + "/pipelines/district-assessment.yaml"

    /// Runs the district assessment on `data` into `out`.
    private func assess(_ data: String, _ out: String) throws {
        _ = try PipelineRunner(logger: quietLogger).run(pipelinePath: Self.pipeline, data: data, out: out, overrides: [])
    }

    /// Two districts' datasets as one: every CSV's rows after one header,
    /// the calendar once.
    private func merge(_ a: String, _ b: String, into folder: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in try fm.contentsOfDirectory(atPath: a) where name.hasSuffix(".csv") {
            var data = try Data(contentsOf: URL(fileURLWithPath: a + "/" + name))
            if name != "calendar.csv" {
                let other = try Data(contentsOf: URL(fileURLWithPath: b + "/" + name))
                let firstLine = try #require(other.firstIndex(of: 0x0A))
                data.append(other[(firstLine + 1)...])
            }
            try data.write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        let yaml = try String(contentsOfFile: a + "/dataset.yaml", encoding: .utf8)
            .replacingOccurrences(of: "district: A", with: "district: AB")
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: folder + "/dataset.yaml"))
    }

    /// Every row a district has in the schema's tables, as text, sorted.
    private func rows(of district: String, _ schema: String, _ connection: PostgresConnection) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for table in CitySchema.tables {
            let exists = try connection.query("SELECT to_regclass($1) IS NOT NULL", ["\(schema).\(table.name)"], what: "t")
            guard exists.first?.first == "t" else { continue }
            out[table.name] = try connection.query("SELECT * FROM \(schema).\(table.name) WHERE district = $1", [district], what: "t")
                .map { $0.map { $0 ?? "NULL" }.joined(separator: "|") }.sorted()
        }
        return out
    }

    @Test("two districts published roll up to a city row equal to the merged run's district_summary; re-publishing one changes only its rows; a publish killed half-way leaves the previous rows")
    func twoDistricts() throws {
        let tmp = try TempDir("city")
        defer { tmp.remove() }
        for (district, seed) in [("A", UInt64(1)), ("B", UInt64(2))] {
            _ = try DatasetGenerator(configuration: GeneratorConfiguration(
                scale: .small, seed: seed, outputFolder: tmp.sub("data-\(district)"), district: district)).run()
            try assess(tmp.sub("data-\(district)"), tmp.sub("out-\(district)"))
        }
        try merge(tmp.sub("data-A"), tmp.sub("data-B"), into: tmp.sub("data-AB"))
        try assess(tmp.sub("data-AB"), tmp.sub("out-AB"))

        try TestServer.withSchema { schema, connection in
            let server = try TestServer.address()
            for district in ["A", "B"] {
                let outcome = try CityPublisher(run: tmp.sub("out-\(district)"), server: server,
                                                options: .init(schema: schema)).publish()
                #expect(outcome.district == district && outcome.term == "2025-autumn")
                #expect(outcome.rows.contains { $0.table == "school_counts" && $0.rows == 2 })
                #expect(!outcome.rows.contains { $0.table == "audit_findings" }, "internal tables only when asked")
            }

            // The city row against the merged run, at full precision.
            let summary = try connection.query(CityRollup.summarySQL(schema), ["2025-autumn"], what: "roll-up")
            #expect(summary.map { $0[1] ?? "city" } == ["A", "B", "city"])
            let merged = try DatabaseQueue(path: tmp.sub("out-AB/warehouse.sqlite"))
            let want = try merged.read { db in try #require(try Row.fetchOne(db, sql: "SELECT * FROM district_summary")) }
            let city = try #require(summary.last)
            for (i, column) in OutputTable.districtSummary.columns.enumerated() {
                let got = city[i + 2]
                switch column.kind {
                case .integer: #expect(got.flatMap { Int64($0) } == want[column.name] as Int64?, "\(column.name)")
                default: #expect(got.flatMap { Double($0) } == want[column.name] as Double?, "\(column.name): \(got ?? "NULL")")
                }
            }
            // Each district row equals that district's own summary.
            for (i, district) in ["A", "B"].enumerated() {
                let own = try DatabaseQueue(path: tmp.sub("out-\(district)/warehouse.sqlite"))
                let want = try own.read { db in try #require(try Row.fetchOne(db, sql: "SELECT participation_rate, attendance_rate, satisfaction_mean FROM district_summary")) }
                for name in ["participation_rate", "attendance_rate", "satisfaction_mean"] {
                    let c = try #require(OutputTable.districtSummary.columns.firstIndex { $0.name == name })
                    #expect(summary[i][c + 2].flatMap { Double($0) } == want[name] as Double?)
                }
            }

            // A district's other pipeline (another calendar, no school_counts)
            // neither doubles its schools nor blanks the city's school days.
            _ = try connection.query(
                """
                INSERT INTO \(schema).afterschool_runs (term, district, pipeline, calendar, include_internal, tables)
                VALUES ('2025-autumn', 'A', 'stipend-proposal', '2025-09-01', false, '{daily_ledger}')
                """, what: "t")
            #expect(try connection.query(CityRollup.summarySQL(schema), ["2025-autumn"], what: "roll-up") == summary)

            // The roll-up command's files.
            let outcome = try CityRollup(server: server, term: "2025-autumn", schema: schema, out: tmp.sub("city")).run()
            #expect(outcome.districts == 2 && outcome.schools == 4 && outcome.rankedSchools == 4)
            let csv = try String(contentsOfFile: tmp.sub("city/city_summary.csv"), encoding: .utf8)
            let mergedCSV = try String(contentsOfFile: tmp.sub("out-AB/tables/district_summary.csv"), encoding: .utf8)
            let cityLine = try #require(csv.split(separator: "\n").last)
            #expect(cityLine == "city,," + (mergedCSV.split(separator: "\n").last ?? ""), "published text of the city row")
            let ranking = try String(contentsOfFile: tmp.sub("city/school_ranking.csv"), encoding: .utf8).split(separator: "\n")
            #expect(ranking.count == 5 && ranking[1].hasPrefix("1,"))
            #expect(try String(contentsOfFile: tmp.sub("city/rollup.html"), encoding: .utf8).contains("全市与各区汇总"))
            // The page, as the bureau opens it: headless Chromium.
            if let chromium = ReportBrowserTests.chromium {
                let png = tmp.sub("rollup.png")
                let (status, stderr) = try ReportBrowserTests.run(chromium, [
                    "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                    "--window-size=1000,1200", "--screenshot=" + png, "file://" + tmp.sub("city/rollup.html"),
                ])
                #expect(status == 0 && !stderr.contains("Uncaught"), "chromium: \(stderr.suffix(300))")
                #expect(try ReportBrowserTests.inkShare(png) > 0.02, "rollup.html looks blank")
            } else {
                Issue.record("chromium is not installed (make test installs it): rollup.html was not rendered")
            }

            // Re-publish A after a change: B's rows stay as they were.
            let bBefore = try rows(of: "B", schema, connection)
            let aBefore = try rows(of: "A", schema, connection)
            let satisfaction = tmp.sub("data-A/satisfaction.csv")
            let text = try String(contentsOfFile: satisfaction, encoding: .utf8)
            let changed = text.replacingOccurrences(of: ",5,", with: ",1,")
            #expect(changed != text)
            try Data(changed.utf8).write(to: URL(fileURLWithPath: satisfaction))
            try assess(tmp.sub("data-A"), tmp.sub("out-A"))
            _ = try CityPublisher(run: tmp.sub("out-A"), server: server, options: .init(schema: schema)).publish()
            let aAfter = try rows(of: "A", schema, connection)
            #expect(try rows(of: "B", schema, connection) == bBefore, "B's rows unchanged")
            #expect(aAfter != aBefore && aAfter["school_counts"] != aBefore["school_counts"], "A's rows replaced")
            #expect(aAfter.keys.sorted() == aBefore.keys.sorted())

            // A publish of A killed after its first table: A's rows are
            // those of the last complete publish.
            try Data(text.utf8).write(to: URL(fileURLWithPath: satisfaction))
            try assess(tmp.sub("data-A"), tmp.sub("out-A"))
            let binary = try #require(CommandLineTests.binary)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["publish", tmp.sub("out-A"), "--to", TestServer.url(password: TestServer.password ?? ""),
                                 "--schema", schema]
            process.environment = ProcessInfo.processInfo.environment.merging(
                ["AFTERSCHOOL_PUBLISH_PAUSE_AFTER": "school_summary"]) { $1 }
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let line = String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
            #expect(line.contains("school_summary"), "the publish paused after its first table: \(line)")
            // Half-way: the paused transaction has already replaced A's school_summary.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            // The server notices the dropped connection and rolls back.
            var after: [String: [String]] = [:]
            for _ in 0..<50 {
                after = try rows(of: "A", schema, connection)
                let busy = try connection.query("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'afterschool' AND pid <> pg_backend_pid() AND state <> 'idle'", what: "t")
                if busy.first?.first == "0" { break }
                usleep(100_000)
            }
            #expect(after == aAfter, "A's rows are those of the last complete publish")
            #expect(try rows(of: "B", schema, connection) == bBefore)
            // Nothing is left locked: the same publish, whole, goes through
            // and puts back the rows of the unchanged data.
            _ = try CityPublisher(run: tmp.sub("out-A"), server: server, options: .init(schema: schema)).publish()
            #expect(try rows(of: "A", schema, connection) == aBefore)

            // Districts whose calendars differ: the city has no school_days;
            // each district keeps its own.
            let schoolDays = try #require(OutputTable.districtSummary.columns.firstIndex { $0.name == "school_days" }) + 2
            #expect(summary.last?[schoolDays] == "85")
            _ = try connection.query("UPDATE \(schema).afterschool_runs SET calendar = calendar || ',2026-01-10' WHERE district = 'B'", what: "t")
            let differing = try connection.query(CityRollup.summarySQL(schema), ["2025-autumn"], what: "roll-up")
            #expect(differing.map { $0[schoolDays] } == ["85", "85", nil])
        }
    }

    @Test("a wrong password, an unreachable server, a missing schema, a folder that is no run: one clear message each, no password printed")
    func refusals() throws {
        let tmp = try TempDir("city-errors")
        defer { tmp.remove() }
        _ = try runPipeline(data: sampleDataset, out: tmp.sub("out"))
        let secret = "not-the-password-4821"
        func refusal(_ url: String) -> CityError? {
            do {
                _ = try PostgresConnection(ServerAddress(url))
                return nil
            } catch {
                return error
            }
        }
        let wrongPassword = try #require(refusal(TestServer.url(password: secret)), "a wrong password was accepted")
        #expect(wrongPassword == .authentication(server: try TestServer.address().display, user: "postgres"))
        #expect(!wrongPassword.description.contains(secret) && wrongPassword.description.contains("PGPASSWORD"))
        // A port nothing listens on.
        let port = try #require(ServerSocket.freePort())
        let unreachable = try #require(refusal("postgresql://postgres:\(secret)@127.0.0.1:\(port)/postgres"))
        guard case let .unreachable(server, _) = unreachable else {
            Issue.record("expected unreachable, got \(unreachable)")
            return
        }
        #expect(server == "postgresql://postgres@127.0.0.1:\(port)/postgres")
        #expect(!unreachable.description.contains(secret))
        #expect(throws: CityError.missingSchema("no_such_schema")) {
            _ = try CityPublisher(run: tmp.sub("out"), server: TestServer.address(), options: .init(schema: "no_such_schema")).publish()
        }
        #expect(throws: CityError.self) {
            _ = try CityPublisher(run: tmp.path, server: TestServer.address()).publish()
        }
        #expect(throws: CityError.badURL("mysql://x@y/z")) { _ = try ServerAddress("mysql://x@y/z") }

        // The command line: the message, the exit status, and PGPASSWORD.
        let wrong = try CommandLineTests.run(["publish", tmp.sub("out"), "--to", TestServer.url ?? ""],
                                             environment: ["PGPASSWORD": secret])
        #expect(wrong.status == 1 && wrong.stderr.contains("密码不对") && !wrong.stderr.contains(secret))
        try TestServer.withSchema { schema, _ in
            let right = try CommandLineTests.run(["publish", tmp.sub("out"), "--to", TestServer.url ?? "", "--schema", schema],
                                                 environment: ["PGPASSWORD": TestServer.password ?? ""])
            #expect(right.status == 0 && right.stdout.contains("已发布") && right.stdout.contains("school_counts  2"), "\(right.stderr)")
            // ~/.pgpass, as libpq reads it (mode 600).
            let home = tmp.sub("home")
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            let components = try #require(URLComponents(string: TestServer.url ?? ""))
            let pgpass = "\(components.host ?? ""):\(components.port ?? 0):*:postgres:\(TestServer.password ?? "")\n"
            try Data(pgpass.utf8).write(to: URL(fileURLWithPath: home + "/.pgpass"))
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: home + "/.pgpass")
            let fromFile = try CommandLineTests.run(["publish", tmp.sub("out"), "--to", TestServer.url ?? "", "--schema", schema],
                                                    environment: ["HOME": home])
            #expect(fromFile.status == 0, "\(fromFile.stderr)")
        }
        // sslmode in the URL is honoured: the test server has no TLS, so
        // requiring it is refused.
        let tls = try #require(refusal(TestServer.url(password: TestServer.password ?? "") + "?sslmode=require"))
        #expect(tls.description.contains("SSL"), "\(tls)")
    }

    @Test("the migrations: version 1 is as recorded, applied once, and the tables match the declarations")
    func migrations() throws {
        let statements = CitySchema.migrations[0].statements.joined(separator: ";\n")
        let digest = SHA256.hash(data: Data(statements.utf8)).map { String(format: "%02x", $0) }.joined()
        // A changed table declaration needs a new migration (ALTER TABLE),
        // not a changed version 1: record the digest only with a new table set.
        #expect(digest == CityWarehouseTests.version1Digest, "migration 1 changed: \(digest)")
        try TestServer.withSchema { schema, connection in
            try connection.execute("BEGIN", what: "t")
            try CitySchema.migrate(connection, schema: schema)
            try CitySchema.migrate(connection, schema: schema)
            try connection.execute("COMMIT", what: "t")
            let applied = try connection.query("SELECT version FROM \(schema).afterschool_migrations", what: "t")
            #expect(applied.map { $0.first ?? nil } == ["1"])
            for table in CitySchema.tables {
                let columns = try connection.query(
                    "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position",
                    [schema, table.name], what: "t")
                #expect(columns.map { $0[0] ?? "" } == ["term", "district"] + table.columns.map(\.name), "\(table.name)")
                let key = try connection.query(
                    """
                    SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                    WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)
                    """, ["\(schema).\(table.name)"], what: "t")
                #expect(key.map { $0[0] ?? "" } == ["term", "district"] + table.keys.map(\.name), "\(table.name) key")
            }
        }
    }

    static let version1Digest = "ef4ee49db452cf5c90b58b16a1c5e48bfb2172497562b63ad0c27710ae6ac265"
}

/// A TCP port on 127.0.0.1 that nothing listens on (bound, then closed).
enum ServerSocket {
    static func freePort() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }
}
