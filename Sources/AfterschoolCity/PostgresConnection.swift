import CLibPQ
import Foundation

/// Where a PostgreSQL server is, as the user gave it: a `postgresql://` (or
/// `postgres://`) URL, handed to libpq whole, so libpq's conventions hold:
/// `PGPASSWORD`, `~/.pgpass`, `sslmode` and the other URL parameters.
public struct ServerAddress: Sendable, Equatable {
    /// The URL as given (it may hold a password: never printed).
    public let url: String
    /// The user named in the URL, else `PGUSER`, else the login name.
    public let user: String
    /// The URL without its password or parameters, for messages.
    public let display: String

    /// Checks `url` is a PostgreSQL URL and makes its printable form.
    public init(_ url: String) throws(CityError) {
        guard let components = URLComponents(string: url),
              let scheme = components.scheme, ["postgresql", "postgres"].contains(scheme) else {
            throw .badURL(ServerAddress.redacted(url))
        }
        self.url = url
        let environment = ProcessInfo.processInfo.environment
        user = components.user.flatMap { $0.removingPercentEncoding } ?? environment["PGUSER"]
            ?? environment["USER"] ?? "postgres"
        var host = components.host.flatMap { $0.removingPercentEncoding } ?? ""
        if host.isEmpty {
            host = components.queryItems?.first { $0.name == "host" }?.value ?? "localhost"
        }
        let port = components.port.map { ":\($0)" } ?? ""
        display = "postgresql://\(user)@\(host)\(port)\(components.path)"
    }

    /// `url` without its query (it may hold `password=`) and with anything
    /// between `//` and the last `@` after a `:` hidden.
    static func redacted(_ url: String) -> String {
        let base = url.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? url
        guard let at = base.lastIndex(of: "@"), let slashes = base.range(of: "//"), slashes.upperBound < at,
              let colon = base[slashes.upperBound..<at].firstIndex(of: ":") else { return base }
        return String(base[..<colon]) + ":***" + String(base[at...])
    }
}

/// One connection to PostgreSQL through libpq: statements, queries with
/// parameters, and `COPY ... FROM STDIN` in text format.
///
/// Not `Sendable`: one thread uses it, then it is closed.
public final class PostgresConnection {
    private let connection: OpaquePointer
    public let server: ServerAddress

    /// Connects (10 seconds at most unless the URL sets `connect_timeout`).
    /// - Throws: ``CityError``: authentication, unreachable, missing
    ///   database, or another connection failure, each with its own message.
    public init(_ server: ServerAddress) throws(CityError) {
        self.server = server
        // Keywords before `dbname` are defaults the URL's own values override.
        let keywords: [String?] = ["connect_timeout", "application_name", "client_encoding", "dbname"]
        let values: [String?] = ["10", "afterschool", "UTF8", server.url]
        // Both lists end with a NULL, as libpq wants.
        let connection = ServerAddressStrings.withCStrings(keywords + [nil]) { k in
            ServerAddressStrings.withCStrings(values + [nil]) { v in PQconnectdbParams(k, v, 1) }
        }
        guard let connection else { throw .connection(server: server.display, detail: "libpq could not allocate a connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let detail = PostgresConnection.message(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresConnection.classify(detail, server: server)
        }
        self.connection = connection
        // The server's notices ("already exists, skipping") are not for the user.
        try execute("SET client_min_messages TO warning", what: "setting up the session")
    }

    deinit { PQfinish(connection) }

    /// The connection error as one of ``CityError``'s cases, from libpq's
    /// words (the server's messages in its default C locale).
    static func classify(_ detail: String, server: ServerAddress) -> CityError {
        let lower = detail.lowercased()
        if lower.contains("password authentication failed") || lower.contains("no password supplied")
            || lower.contains("authentication failed") || lower.contains("role") && lower.contains("does not exist") {
            return .authentication(server: server.display, user: server.user)
        }
        if lower.contains("database") && lower.contains("does not exist") {
            let database = URLComponents(string: server.url)?.path.dropFirst() ?? ""
            return .missingDatabase(server: server.display, database: String(database))
        }
        if lower.contains("connection refused") || lower.contains("could not connect") || lower.contains("timeout")
            || lower.contains("no such file or directory") || lower.contains("could not translate host name")
            || lower.contains("network is unreachable") || lower.contains("no route to host") {
            return .unreachable(server: server.display, detail: detail)
        }
        return .connection(server: server.display, detail: detail)
    }

    static func message(_ text: UnsafePointer<CChar>?) -> String {
        guard let text else { return "" }
        return String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "\n", with: " ")
    }

    /// Why a statement failed: the result's message, or the connection's
    /// when libpq returned no result at all (out of memory, connection lost).
    private func failure(_ result: OpaquePointer?) -> String {
        let text = result.map { PostgresConnection.message(PQresultErrorMessage($0)) } ?? ""
        return text.isEmpty ? PostgresConnection.message(PQerrorMessage(connection)) : text
    }

    /// Runs `sql` (one or more statements without parameters).
    /// - Parameter what: what the statement does, for the error message.
    public func execute(_ sql: String, what: String) throws(CityError) {
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw .query(statement: what, detail: failure(result))
        }
    }

    /// Runs a query with text parameters (`$1`, `$2`, ...; nil is NULL) and
    /// returns its rows as text (nil: NULL).
    public func query(_ sql: String, _ parameters: [String?] = [], what: String) throws(CityError) -> [[String?]] {
        let result: OpaquePointer? = ServerAddressStrings.withCStrings(parameters) { values in
            PQexecParams(connection, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            throw .query(statement: what, detail: failure(result))
        }
        var rows: [[String?]] = []
        let count = PQntuples(result), fields = PQnfields(result)
        rows.reserveCapacity(Int(count))
        for r in 0..<count {
            rows.append((0..<fields).map { f in
                PQgetisnull(result, r, f) == 1 ? nil : String(cString: PQgetvalue(result, r, f))
            })
        }
        return rows
    }

    /// Streams rows into `COPY target FROM STDIN` (text format): `write`
    /// is called with a sink that takes one row of text fields (nil: NULL)
    /// at a time; data goes to the server in blocks of about 1 MB.
    /// - Returns: the rows the server says it copied.
    @discardableResult
    public func copy(_ target: String, what: String, _ write: (inout CopyBuffer) throws(CityError) -> Void) throws(CityError) -> Int {
        let start = PQexec(connection, "COPY \(target) FROM STDIN")
        let status = PQresultStatus(start)
        let startError = failure(start)
        PQclear(start)
        guard status == PGRES_COPY_IN else { throw .query(statement: what, detail: startError) }
        var buffer = CopyBuffer(connection: connection)
        var failure: CityError?
        do {
            try write(&buffer)
            try buffer.flush()
        } catch {
            failure = error
        }
        if PQputCopyEnd(connection, failure == nil ? nil : "afterschool stopped the copy") != 1 {
            failure = failure ?? .query(statement: what, detail: PostgresConnection.message(PQerrorMessage(connection)))
        }
        var copied = 0
        while let result = PQgetResult(connection) {
            let status = PQresultStatus(result)
            if status == PGRES_COPY_IN {
                // libpq still waits for data: the copy cannot end cleanly.
                PQclear(result)
                failure = failure ?? .query(statement: what, detail: PostgresConnection.message(PQerrorMessage(connection)))
                break
            }
            if status != PGRES_COMMAND_OK, failure == nil {
                failure = .query(statement: what, detail: PostgresConnection.message(PQresultErrorMessage(result)))
            } else if let tuples = PQcmdTuples(result), let n = Int(String(cString: tuples)) {
                copied = n
            }
            PQclear(result)
        }
        if let failure { throw failure }
        return copied
    }

    /// The text of `COPY ... FROM STDIN` being written: rows in PostgreSQL's
    /// text format (tab-separated, `\N` for NULL, backslash escapes).
    public struct CopyBuffer {
        fileprivate let connection: OpaquePointer
        private var bytes: [UInt8] = []
        /// Rows appended so far.
        public private(set) var rows = 0

        fileprivate init(connection: OpaquePointer) {
            self.connection = connection
            bytes.reserveCapacity(1 << 20)
        }

        /// Appends one row.
        public mutating func row(_ fields: [String?]) throws(CityError) {
            for (i, field) in fields.enumerated() {
                if i > 0 { bytes.append(0x09) }
                guard let field else {
                    bytes.append(0x5C)
                    bytes.append(0x4E)
                    continue
                }
                for byte in field.utf8 {
                    switch byte {
                    case 0x5C: bytes += [0x5C, 0x5C]
                    case 0x09: bytes += [0x5C, 0x74]
                    case 0x0A: bytes += [0x5C, 0x6E]
                    case 0x0D: bytes += [0x5C, 0x72]
                    default: bytes.append(byte)
                    }
                }
            }
            bytes.append(0x0A)
            rows += 1
            if bytes.count >= 1 << 20 { try flush() }
        }

        /// Sends what is buffered.
        mutating func flush() throws(CityError) {
            guard !bytes.isEmpty else { return }
            let sent = bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress.map { base in
                    base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { PQputCopyData(connection, $0, Int32(buffer.count)) }
                } ?? 1
            }
            guard sent == 1 else {
                throw .query(statement: "COPY", detail: PostgresConnection.message(PQerrorMessage(connection)))
            }
            bytes.removeAll(keepingCapacity: true)
        }
    }
}

/// C string arrays for libpq's calls (nil: a NULL pointer).
enum ServerAddressStrings {
    static func withCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        let copies = strings.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
