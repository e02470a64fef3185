import AfterschoolDomain
import AfterschoolWarehouse
import Foundation

/// Data the stages share, built from the warehouse on first use by the
/// ``StageContext``. Each names the input files it is built from and the
/// parameters that change it, so that a stage that reads it is fingerprinted
/// by those files and parameters.
public enum SharedData: String, Sendable, CaseIterable {
    /// The term: calendar, schools, roster, survey, PE timetable, activities
    /// and sessions, in-scope sessions by school day (``TermData``).
    case term
    /// Per-student attendance state over in-scope sessions (``AttendanceScan``).
    case attendance
    /// Staff and staffing rows: claims and verified units (``StaffLedger``).
    case ledger
    /// Satisfaction responses summed per school and activity.
    case satisfactionResponses
    /// The monthly workload derived from the ledger (``Workload``).
    case workload
    /// The monthly hours each school disclosed (`disclosures.csv`).
    case disclosures
    /// Each school's budget (`budget.csv`).
    case budgets

    /// The input files it is built from (with the data it is built on).
    public var files: [InputFile] {
        var files: [InputFile]
        switch self {
        case .term: files = [.schools, .students, .calendar, .activities, .sessions, .peTimetable, .survey]
        case .attendance: files = [.attendance]
        case .ledger: files = [.staff, .staffing]
        case .satisfactionResponses: files = [.satisfaction]
        case .workload: files = []
        case .disclosures: files = [.disclosures]
        case .budgets: files = [.budget]
        }
        for d in dependencies { files += d.files }
        return files
    }

    /// The parameters that change it (with those of the data it is built on).
    public var parameters: [String] {
        var names: [String]
        switch self {
        case .term: names = ["window_start", "window_end"]
        default: names = []
        }
        for d in dependencies { names += d.parameters }
        return names
    }

    /// The shared data it is built from.
    public var dependencies: [SharedData] {
        switch self {
        case .term, .ledger: return []
        case .attendance, .satisfactionResponses, .disclosures, .budgets: return [.term]
        case .workload: return [.term, .attendance, .ledger]
        }
    }
}

/// A stage declared once: its name and version, the parameters it reads,
/// the shared data it reads, the stages whose results it reads, and the
/// tables it writes. The runner derives from it the order, the check that
/// every stage a stage needs is listed, the fingerprint, `plan` and the
/// manifest.
public struct StageDeclaration: Sendable {
    /// The name a pipeline lists (`participation`).
    public let name: String
    /// Raised when the stage's logic changes in a way the program's build
    /// hash would not show (it always does, so this is for clarity).
    public let version: Int
    /// One line on what it computes.
    public let summary: String
    /// The parameters the stage itself reads (those of the shared data are
    /// added by ``SharedData/parameters``).
    public let parameters: [String]
    /// The shared data it reads.
    public let reads: [SharedData]
    /// The stages whose results it reads: they must be listed before it.
    public let after: [String]
    /// The tables it writes.
    public let tables: [OutputTable]

    public init(name: String, version: Int, summary: String, parameters: [String] = [], reads: [SharedData],
                after: [String] = [], tables: [OutputTable]) {
        self.name = name
        self.version = version
        self.summary = summary
        self.parameters = parameters
        self.reads = reads
        self.after = after
        self.tables = tables
    }

    /// Every input file the stage depends on, in load order.
    public var inputFiles: [InputFile] {
        let files = Set(reads.flatMap(\.files))
        return InputFile.loadOrder.filter(files.contains)
    }

    /// Every parameter the stage depends on, sorted, without repeats.
    public var allParameters: [String] {
        Array(Set(parameters + reads.flatMap(\.parameters))).sorted()
    }
}

/// What a stage returns: its tables (full precision, sorted by key) and
/// warnings.
public struct StageTables: Sendable {
    public var tables: [(OutputTable, [[Cell]])]
    public var warnings: [String]

    public init(_ tables: [(OutputTable, [[Cell]])] = [], warnings: [String] = []) {
        self.tables = tables
        self.warnings = warnings
    }
}

/// A stage with nothing for later stages to read.
public struct NoResult: Codable, Sendable {}

/// A stage: a declaration, and a `run` that reads the shared data and the
/// results of earlier stages through the context and returns its result
/// (kept for later stages, and cached so a skipped stage's result can be
/// read without running it again) and its tables.
public protocol StageUnit: SendableMetatype {
    associatedtype Result: Codable & Sendable
    static var declaration: StageDeclaration { get }
    static func run(_ context: StageContext) throws -> (Result, StageTables)
}

extension StageUnit {
    /// Runs the stage and keeps its result in the context.
    static func execute(_ context: StageContext) throws -> StageTables {
        let (result, tables) = try run(context)
        if Result.self != NoResult.self { context.keep(result, of: declaration.name) }
        return tables
    }
}

/// Where a stage's declaration and its run meet the runner.
public struct StageEntry: Sendable {
    public let declaration: StageDeclaration
    /// Runs the stage: tables and warnings; its result is kept in the context.
    public let execute: @Sendable (StageContext) throws -> StageTables

    init<S: StageUnit>(_ stage: S.Type) {
        declaration = S.declaration
        execute = { try S.execute($0) }
    }
}
