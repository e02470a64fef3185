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
    /// What ingestion found in every input file: records, accepted and
    /// rejected rows (`input_files`), and the dataset's term.
    case inputCounts

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
        case .inputCounts: files = InputFile.loadOrder
        }
        for d in dependencies { files += d.files }
        return files
    }

    /// Whether the after-school window (``TermWindow``) changes it: the
    /// term's in-scope sessions, and everything built on them.
    public var dependsOnWindow: Bool { self == .term || dependencies.contains { $0.dependsOnWindow } }

    /// The shared data it is built from.
    public var dependencies: [SharedData] {
        switch self {
        case .term, .ledger, .inputCounts: return []
        case .attendance, .satisfactionResponses, .disclosures, .budgets: return [.term]
        case .workload: return [.term, .attendance, .ledger]
        }
    }
}

/// A stage declared once: its name and version, the shared data it reads,
/// the stages whose results it reads, and the tables it writes (its
/// parameters are its ``StageUnit/Settings`` type). The runner derives from
/// it the order, the check that every stage a stage needs is listed, the
/// fingerprint, `plan` and the manifest.
public struct StageDeclaration: Sendable {
    /// The name a pipeline lists (`participation`).
    public let name: String
    /// Raised when the stage's logic changes in a way the program's build
    /// hash would not show (it always does, so this is for clarity).
    public let version: Int
    /// One line on what it computes.
    public let summary: String
    /// The shared data it reads.
    public let reads: [SharedData]
    /// The stages whose results it reads: they must be listed before it.
    public let after: [String]
    /// The tables it writes.
    public let tables: [OutputTable]
    /// Whether it reads the results of every stage listed before it (the
    /// report shows what the pipeline's stages produced).
    public let readsEarlierStages: Bool

    public init(name: String, version: Int, summary: String, reads: [SharedData],
                after: [String] = [], tables: [OutputTable], readsEarlierStages: Bool = false) {
        self.name = name
        self.version = version
        self.summary = summary
        self.reads = reads
        self.after = after
        self.tables = tables
        self.readsEarlierStages = readsEarlierStages
    }

    /// Every input file the stage depends on, in load order.
    public var inputFiles: [InputFile] {
        let files = Set(reads.flatMap(\.files))
        return InputFile.loadOrder.filter(files.contains)
    }

}

/// What a stage returns: its tables (full precision, sorted by key),
/// other files it writes into the output folder (the report), and warnings.
public struct StageTables: Sendable {
    public var tables: [(OutputTable, [[Cell]])]
    /// Files by their path in the output folder (`report.html`).
    public var files: [(path: String, data: Data)]
    public var warnings: [String]

    public init(_ tables: [(OutputTable, [[Cell]])] = [], files: [(path: String, data: Data)] = [],
                warnings: [String] = []) {
        self.tables = tables
        self.files = files
        self.warnings = warnings
    }
}

/// A stage with nothing for later stages to read.
public struct NoResult: Codable, Sendable {}

/// A stage: a declaration, its own typed parameters, and a `run` that reads
/// the shared data and the results of earlier stages through the context
/// and returns its result (kept for later stages, and cached so a skipped
/// stage's result can be read without running it again) and its tables.
public protocol StageUnit: SendableMetatype {
    associatedtype Result: Codable & Sendable
    /// The stage's parameters: all it may read of the run's parameters.
    associatedtype Settings: StageParameters
    static var declaration: StageDeclaration { get }
    static func run(_ context: StageContext, _ parameters: Settings) throws -> (Result, StageTables)
}

extension StageUnit {
    /// Runs the stage and keeps its result in the context.
    static func execute(_ context: StageContext) throws -> StageTables {
        let (result, tables) = try run(context, Settings(context.parameters))
        if Result.self != NoResult.self { context.keep(result, of: declaration.name) }
        return tables
    }

    /// The YAML keys of every parameter the stage depends on: its own, and
    /// the window when it reads the term's sessions.
    static func parameterKeys(_ values: Parameters) -> [String] {
        var keys = Settings(values).keys
        if declaration.reads.contains(where: \.dependsOnWindow) { keys += TermWindow(values).keys }
        return Array(Set(keys)).sorted()
    }
}

/// Where a stage's declaration and its run meet the runner.
public struct StageEntry: Sendable {
    public let declaration: StageDeclaration
    /// Runs the stage: tables and warnings; its result is kept in the context.
    public let execute: @Sendable (StageContext) throws -> StageTables
    /// The YAML keys of every parameter the stage depends on, sorted.
    public let parameterKeys: @Sendable (Parameters) -> [String]

    init<S: StageUnit>(_ stage: S.Type) {
        declaration = S.declaration
        execute = { try S.execute($0) }
        parameterKeys = { S.parameterKeys($0) }
    }
}
