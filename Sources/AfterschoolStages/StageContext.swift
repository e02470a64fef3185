import AfterschoolWarehouse
import Foundation

/// What a running stage reads: the parameters, the shared data (each built
/// from the warehouse once, on first use), and the results of earlier
/// stages: kept in memory when they ran in this run, read from the cache
/// when they were skipped.
public final class StageContext {
    public let warehouse: Warehouse
    public let parameters: Parameters
    /// Reads the cached result of a stage that did not run in this run
    /// (nil when there is none).
    private let cachedResult: (String) throws -> Data?

    private var term: TermData?
    private var attendance: AttendanceScan?
    private var ledger: StaffLedger?
    private var responses: Satisfaction?
    private var workload: Workload?
    private var results: [String: any Sendable] = [:]
    /// The tables of the pipeline's stages listed before the running one
    /// (set by the runner), for a stage that shows them (the report).
    public var earlierTables: [OutputTable] = []
    /// Where the run publishes (the folder's name and the dataset's, for
    /// the report's footer), set by the runner.
    public var runInfo: [String: String] = [:]
    /// The run's warnings so far (about the files, then those of the
    /// stages before this one), for the report to show.
    public var runWarnings: [String] = []
    /// The encoded results of the stages that ran, for the cache.
    public private(set) var encodedResults: [String: Data] = [:]

    public init(warehouse: Warehouse, parameters: Parameters, cachedResult: @escaping (String) throws -> Data? = { _ in nil }) {
        self.warehouse = warehouse
        self.parameters = parameters
        self.cachedResult = cachedResult
    }

    /// The term's data.
    public func termData() throws -> TermData {
        if let t = term { return t }
        let t = try TermData.load(warehouse, window: TermWindow(parameters))
        term = t
        return t
    }

    /// The attendance scan over in-scope sessions.
    public func scan() throws -> AttendanceScan {
        if let s = attendance { return s }
        let s = try AttendanceScan.run(warehouse, term: try termData())
        attendance = s
        return s
    }

    /// The staff ledger.
    public func staffLedger() throws -> StaffLedger {
        if let l = ledger { return l }
        let l = try StaffLedger.load(warehouse)
        ledger = l
        return l
    }

    /// Satisfaction responses summed per school and activity.
    public func satisfactionResponses() throws -> Satisfaction {
        if let s = responses { return s }
        let s = try Satisfaction(warehouse, term: try termData())
        responses = s
        return s
    }

    /// The monthly workload.
    public func monthlyWorkload() throws -> Workload {
        if let w = workload { return w }
        let w = Workload(term: try termData(), scan: try scan(), ledger: try staffLedger())
        workload = w
        return w
    }

    /// Keeps the result of a stage that ran.
    func keep<R: Codable & Sendable>(_ result: R, of stage: String) {
        results[stage] = result
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encodedResults[stage] = try? encoder.encode(result)
    }

    /// The result of an earlier stage: from this run, or from the cache of
    /// the run that last ran it.
    /// - Throws: ``StageError/missingInput(stage:needs:)`` when neither has it.
    public func result<R: Codable & Sendable>(_ type: R.Type, of stage: String) throws -> R {
        if let r = results[stage] as? R { return r }
        guard let data = try cachedResult(stage) else {
            throw StageError.missingInput("stage \(stage): its result is neither in this run nor in the cache; run with --force")
        }
        let r = try JSONDecoder().decode(R.self, from: data)
        results[stage] = r
        return r
    }
}
