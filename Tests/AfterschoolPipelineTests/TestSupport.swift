import AfterschoolCSV
import AfterschoolDomain
import AfterschoolPipeline
import Foundation
import GRDB
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Paths

/// The package root: this file is `Tests/AfterschoolPipelineTests/TestSupport.swift`.
let packageRoot: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // TestSupport.swift
    .deletingLastPathComponent()  // AfterschoolPipelineTests
    .deletingLastPathComponent()  // Tests
    .path

/// The hand-made sample dataset shipped with the repository.
let sampleDataset = packageRoot + "/datasets/sample"

/// The pipeline the tests run (ingest + validate).
let termlyPipeline = packageRoot + "/pipelines/termly-evaluation.yaml"

// MARK: - Temporary folders

/// A temporary directory made for one test; remove it with ``remove()``.
struct TempDir {
    let path: String

    init(_ label: String = "test") throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("afterschool-pipeline-\(label)-\(UUID().uuidString)", isDirectory: true).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// A path inside the directory (not created).
    func sub(_ name: String) -> String { path + "/" + name }
}

func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

/// Every regular file under `folder`, by relative path, with its bytes.
func snapshot(_ folder: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let fm = FileManager.default
    guard let e = fm.enumerator(atPath: folder) else { return files }
    while let rel = e.nextObject() as? String {
        var isDir: ObjCBool = false
        let full = folder + "/" + rel
        if fm.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
            files[rel] = try Data(contentsOf: URL(fileURLWithPath: full))
        }
    }
    return files
}

/// Staging or half-published folders left in `parent` by a run.
func leftovers(in parent: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: parent)
        .filter { $0.contains(".staging-") || $0.contains(".previous-") }
}

// MARK: - Running

/// A logger that drops everything (keeps the test output quiet).
let quietLogger = Logger(label: "afterschool-tests") { _ in SwiftLogNoOpLogHandler() }

/// `afterschool run pipelines/termly-evaluation.yaml --data DATA --out OUT --set ...`.
func runPipeline(data: String, out: String, overrides: [String] = [],
                 options: PipelineRunner.Options = .init()) throws(PipelineError) -> PipelineRunner.Outcome {
    try PipelineRunner(logger: quietLogger).run(pipelinePath: termlyPipeline, data: data, out: out, overrides: overrides,
                                                options: options)
}

/// Runs the pipeline and returns the error it stops with (nil if it completes).
func pipelineError(data: String, out: String, overrides: [String] = [],
                   options: PipelineRunner.Options = .init()) -> PipelineError? {
    do {
        _ = try runPipeline(data: data, out: out, overrides: overrides, options: options)
        return nil
    } catch {
        return error
    }
}

// MARK: - Reading outputs

/// A reject as the tests compare it: where and why, not the message.
struct RejectKey: Hashable, Sendable, CustomStringConvertible {
    var file: String
    var line: Int
    var column: String
    var rule: String

    init(_ file: String, _ line: Int, _ column: String, _ rule: String) {
        self.file = file
        self.line = line
        self.column = column
        self.rule = rule
    }

    init(_ r: Reject) { self.init(r.file, r.line, r.column, r.rule.rawValue) }

    var description: String { "\(file):\(line) \(column.isEmpty ? "(record)" : column) \(rule)" }
}

/// The rows of a CSV file as field arrays (header included), read with the
/// package's own reader.
func readCSV(_ path: String) throws -> [[String]] {
    var rows: [[String]] = []
    try CSVReader(path: path).forEachRecord { rows.append($0.fields) }
    return rows
}

/// `rejects.csv` as a list of rows keyed by header name.
func readRejects(_ path: String) throws -> [[String: String]] {
    let rows = try readCSV(path)
    guard let header = rows.first else { return [] }
    return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
}

/// The (file, line, column, rule) of each row of `rejects.csv`, in file order.
func readRejectKeys(_ path: String) throws -> [RejectKey] {
    try readRejects(path).map { RejectKey($0["file"] ?? "", Int($0["line"] ?? "") ?? -1, $0["column"] ?? "", $0["rule"] ?? "") }
}

/// Opens a warehouse read-only.
func openWarehouse(_ path: String) throws -> DatabaseQueue {
    var configuration = Configuration()
    configuration.readonly = true
    return try DatabaseQueue(path: path, configuration: configuration)
}

/// A database value as text (`NULL` for null), for comparisons.
func text(_ value: DatabaseValue) -> String {
    switch value.storage {
    case .null: return "NULL"
    case let .int64(i): return String(i)
    case let .double(d): return String(d)
    case let .string(s): return s
    case let .blob(b): return "blob:\(b.count)"
    }
}

/// Every row of `table`, ordered by all its columns.
func allRows(_ db: DatabaseQueue, _ table: String) throws -> [[String]] {
    try db.read { db in
        let columns = try db.columns(in: table).map { "\"\($0.name)\"" }
        let sql = "SELECT * FROM \(table) ORDER BY \(columns.joined(separator: ", "))"
        return try Row.fetchAll(db, sql: sql).map(texts)
    }
}

/// The first row of a query, each value as text.
func firstRow(_ db: DatabaseQueue, _ sql: String) throws -> [String]? {
    try db.read { db in try Row.fetchOne(db, sql: sql).map(texts) }
}

func count(_ db: DatabaseQueue, _ table: String) throws -> Int {
    try db.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1 }
}

// MARK: - GB18030

struct IconvFailure: Error {}

/// `text` as GB18030 bytes (the library's encoder, on the C library's iconv).
func gb18030(_ text: String) throws -> [UInt8] {
    guard let bytes = TextEncoding.gb18030.encode(text) else { throw IconvFailure() }
    return bytes
}

// MARK: - A minimal valid dataset

/// A small, valid dataset built in code: every required file and the
/// optional ones, two schools, a handful of rows each. Tests tweak its
/// lines, then write it to a folder.
///
/// Referenced ids: schools S1, S2; students 001, 002 (S1), 003 (S2);
/// activities A1 (S1), A2 (S2); sessions X1 (A1), X2 (A2); staff T1 (S1),
/// T2 (S2); responses R1, R2.
struct MiniDataset {
    var term = "2025-test"
    var start = "2025-09-01"
    var end = "2025-09-02"
    /// Each file's lines, header first; a file that is not here is not written.
    var files: [InputFile: [String]]

    static func valid() -> MiniDataset {
        MiniDataset(files: [
            .schools: ["school_id,name,stage", "S1,School One,primary", "S2,School Two,middle"],
            .students: ["student_id,school_id,grade,class_id", "001,S1,1,1-1", "002,S1,2,2-1", "003,S2,7,7-1"],
            .calendar: ["date,school_day", "2025-09-01,1", "2025-09-02,1"],
            .activities: ["activity_id,school_id,name,category,segment", "A1,S1,Homework,homework,class", "A2,S2,Football,sports,grade"],
            .sessions: ["session_id,activity_id,date,start,end", "X1,A1,2025-09-01,15:30,16:30", "X2,A2,2025-09-01,16:00,17:00"],
            .peTimetable: ["school_id,class_id,weekday", "S1,1-1,1"],
            .survey: ["student_id,wants_service", "001,1", "002,0"],
            .attendance: ["session_id,student_id,status", "X1,001,present", "X1,002,absent", "X2,003,present"],
            .staff: ["staff_id,school_id,kind", "T1,S1,teacher", "T2,S2,volunteer"],
            .staffing: ["session_id,staff_id,role,claimed_hours", "X1,T1,lead,1", "X2,T2,lead,1"],
            .satisfaction: ["response_id,school_id,respondent,overall", "R1,S1,parent,5", "R2,S2,student,4"],
            .budget: ["school_id,amount", "S1,100.00", "S2,50"],
            .disclosures: ["school_id,staff_id,month,hours", "S1,T1,2025-09,1.00"],
        ])
    }

    /// Appends lines to a file; returns the physical line of the first one.
    @discardableResult
    mutating func append(_ file: InputFile, _ lines: String...) -> Int {
        let first = (files[file]?.count ?? 0) + 1
        files[file, default: []] += lines
        return first
    }

    /// The number of lines of a file (the physical line of its last line).
    func lineCount(_ file: InputFile) -> Int { files[file]?.count ?? 0 }

    /// Writes `dataset.yaml` and the files into `folder` (created).
    func write(to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let yaml = "term: \(term)\ntitle: A test dataset\nstart: \(start)\nend: \(end)\n"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: folder + "/dataset.yaml"))
        for (file, lines) in files {
            let text = lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + file.fileName))
        }
    }
}

extension PipelineError {
    /// The contract error, when this is one.
    var contractError: ContractError? {
        if case let .contract(e) = self { return e }
        return nil
    }

    /// The CSV error, when this is one.
    var csvError: CSVError? {
        if case let .csv(e) = self { return e }
        return nil
    }
}

/// A row's values as text.
func texts(_ row: Row) -> [String] { row.databaseValues.map(text) }
