import Foundation
import Testing
@testable import AfterschoolCSV

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A record as the tests compare it: its start line and its fields.
struct Row: Equatable, Sendable, CustomStringConvertible {
    var line: Int
    var fields: [String]

    init(_ line: Int, _ fields: String...) {
        self.line = line
        self.fields = fields
    }

    init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }

    var description: String { "\(line): \(fields)" }
}

/// A temporary directory made for one test and removed after it.
struct TempDir {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("afterschool-csv-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `bytes` to `name` in the directory and returns its path.
    func write(_ bytes: [UInt8], name: String = "data.csv") throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }
}

/// Writes `bytes` to `name` in a fresh temporary directory, calls `body`
/// with its path, then removes the directory.
func withFixture<T>(
    _ bytes: [UInt8], name: String = "data.csv", _ body: (String) throws -> T
) throws -> T {
    let dir = try TempDir()
    defer { dir.remove() }
    return try body(try dir.write(bytes, name: name))
}

/// The UTF-8 bytes of `text`.
func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

/// The file name the fixtures are written under (and errors name).
let fixtureName = "data.csv"

/// Every record of the file at `path`, read with `options`.
func readRows(_ path: String, options: CSVReader.Options = CSVReader.Options()) throws -> [Row] {
    var rows: [Row] = []
    try CSVReader(path: path, options: options).forEachRecord { record in
        rows.append(Row(line: record.line, fields: record.fields))
    }
    return rows
}

/// Every record of a file holding `bytes`.
func readRows(_ bytes: [UInt8], options: CSVReader.Options = CSVReader.Options()) throws -> [Row] {
    try withFixture(bytes) { try readRows($0, options: options) }
}

/// The records of a file holding `bytes` and the encoding the reader
/// ended with.
func readRowsAndEncoding(
    _ bytes: [UInt8], options: CSVReader.Options = CSVReader.Options()
) throws -> (rows: [Row], encoding: TextEncoding?) {
    try withFixture(bytes) { path in
        var rows: [Row] = []
        let reader = CSVReader(path: path, options: options)
        try reader.forEachRecord { record in
            rows.append(Row(line: record.line, fields: record.fields))
        }
        return (rows, reader.encoding)
    }
}

/// What reading a file holding `bytes` ends with: the error thrown (nil if
/// none) and the records delivered before it.
func readUntilError(
    _ bytes: [UInt8], options: CSVReader.Options = CSVReader.Options()
) throws -> (error: (any Error)?, rows: [Row]) {
    try withFixture(bytes) { path in
        var rows: [Row] = []
        do {
            try CSVReader(path: path, options: options).forEachRecord { record in
                rows.append(Row(line: record.line, fields: record.fields))
            }
            return (nil, rows)
        } catch {
            return (error, rows)
        }
    }
}

struct IconvFailure: Error {}

/// `text` as GB18030 bytes (the library's encoder, on the C library's iconv).
func gb18030(_ text: String) throws -> [UInt8] {
    guard let bytes = TextEncoding.gb18030.encode(text) else { throw IconvFailure() }
    return bytes
}
