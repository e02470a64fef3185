import AfterschoolStages
import Foundation

/// `manifest.json`: what a run read (each input file with its SHA-256, size
/// and record counts), with which parameters (each with where its value came
/// from) and program, what each stage did (ran or skipped, why, how long,
/// peak memory), how many rows each output table has, and the warnings.
/// Keys are documented in `docs/outputs.md`.
struct Manifest: Encodable {
    var program = "afterschool"
    var version = AfterschoolVersion.current
    /// A hash of the program's executable: changed code changes it.
    var build: String
    var status: String
    var pipeline: String?
    var term: String
    var district: String
    var dataset: String
    var parameters: [String: Parameter]
    var files: [FileReport]
    var stages: [StageStatus]
    /// Rows per output table, by table name.
    var tables: [String: Int]
    var warnings: [String]

    struct Parameter: Encodable {
        var value: ParameterValue
        /// `default`, `pipeline` or `--set`.
        var source: String
    }

    init(build: String, status: String, pipeline: String?, term: String, district: String, dataset: String,
         parameters: Parameters, files: [FileReport], stages: [StageStatus], tables: [String: Int], warnings: [String]) {
        self.build = build
        self.status = status
        self.pipeline = pipeline
        self.term = term
        self.district = district
        self.dataset = dataset
        var p: [String: Parameter] = [:]
        for (name, value) in parameters.values { p[name] = Parameter(value: value, source: parameters.source(of: name)) }
        self.parameters = p
        self.files = files
        self.stages = stages
        self.tables = tables
        self.warnings = warnings
    }

    func write(to path: String) throws(PipelineError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        do {
            try encoder.encode(self).write(to: URL(fileURLWithPath: path))
        } catch {
            throw .io(path: path, reason: error.localizedDescription)
        }
    }
}

/// What became of one stage in a run.
public struct StageStatus: Sendable, Codable, Equatable {
    public var name: String
    /// `ran` or `skipped`.
    public var status: String
    /// Why it ran or was skipped (`unchanged`, `satisfaction.csv changed`, ...).
    public var reason: String
    public var seconds: Double
    /// The process's peak resident memory (MiB) by the end of the stage.
    public var peakMib: Double?

    public var ran: Bool { status == "ran" }
}

/// The process's peak resident memory so far in MiB (`VmHWM` of
/// /proc/self/status), or nil where the system does not say.
func peakResidentMiB() -> Double? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kib = line.split(separator: " ").compactMap { Double($0) }.first
        return kib.map { ($0 / 1024 * 10).rounded() / 10 }
    }
    return nil
}

/// The program version, recorded in every manifest.
public enum AfterschoolVersion {
    public static let current = "0.1.0"
}
