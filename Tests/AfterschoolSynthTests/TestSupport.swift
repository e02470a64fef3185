import AfterschoolCSV
import AfterschoolDomain
import AfterschoolPipeline
import AfterschoolSynth
import Foundation
import GRDB
import Logging
import Testing

/// The package root: this file is `Tests/AfterschoolSynthTests/TestSupport.swift`.
let packageRoot: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A temporary directory made for one test; remove it with ``remove()``.
struct TempDir {
    let path: String

    init(_ label: String) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("afterschool-synth-\(label)-\(UUID().uuidString)", isDirectory: true).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    func sub(_ name: String) -> String { path + "/" + name }
}

/// Generates a small dataset into `folder` (the library call behind
/// `afterschool generate --scale small`).
@discardableResult
func generateSmall(seed: UInt64, into folder: String, excelStyle: Bool = false, parts: Bool = false) throws -> GenerationSummary {
    let configuration = GeneratorConfiguration(scale: .small, seed: seed, outputFolder: folder, excelStyle: excelStyle,
                                               parts: parts)
    return try DatasetGenerator(configuration: configuration).run()
}

/// Every regular file of `folder` by name, with its bytes.
func snapshot(_ folder: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
        files[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
    }
    return files
}

/// A record of a generated file: its physical line and fields.
struct Line {
    let line: Int
    let fields: [String]

    subscript(_ i: Int) -> String { fields[i] }
}

/// The data records of `file` in `folder` (header skipped), read with the
/// package's CSV reader, leaving out the lines in `skip`.
func records(_ folder: String, _ file: InputFile, skip: Set<Int> = []) throws -> [Line] {
    var out: [Line] = []
    var first = true
    try CSVReader(path: folder + "/" + file.fileName).forEachRecord { record in
        if first {
            first = false
            return
        }
        if !skip.contains(record.line) { out.append(Line(line: record.line, fields: record.fields)) }
    }
    return out
}

/// A logger that drops everything.
let quietLogger = Logger(label: "afterschool-synth-tests") { _ in SwiftLogNoOpLogHandler() }

/// A reject as the tests compare it: file, line, column, rule.
struct RejectKey: Hashable, Sendable, CustomStringConvertible {
    var file: String
    var line: Int
    var column: String
    var rule: String

    init(_ r: Reject) { (file, line, column, rule) = (r.file, r.line, r.column, r.rule.rawValue) }
    init(_ r: PlantedReject) { (file, line, column, rule) = (r.file, r.line, r.column, r.rule) }

    var description: String { "\(file):\(line) \(column.isEmpty ? "(record)" : column) \(rule)" }
}

/// The planted malformed lines per file name.
func plantedLines(_ manifest: PlantedManifest) -> [String: Set<Int>] {
    var lines: [String: Set<Int>] = [:]
    for r in manifest.rejects { lines[r.file, default: []].insert(r.line) }
    return lines
}

/// `HH:MM` as minutes after midnight.
func minutes(_ text: String) throws -> Int {
    try #require(ValueParser.parseTime(text), "not a time: \(text)")
}

/// A decimal as hundredths.
func hundredths(_ text: String) throws -> Int {
    let parsed = try #require(ValueParser.parseHundredths(text), "not a decimal: \(text)")
    return Int(try #require(parsed, "more than 2 decimals: \(text)"))
}
