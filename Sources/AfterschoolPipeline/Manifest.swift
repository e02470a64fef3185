import AfterschoolStages
import Foundation

/// `manifest.json`: what a run read, with which parameters and program
/// version, how many rows, and how long each stage took.
struct Manifest: Encodable {
    var program = "afterschool"
    var version = AfterschoolVersion.current
    var status: String
    var pipeline: String?
    var term: String
    var dataset: String
    var parameters: [String: ParameterValue]
    var files: [FileReport]
    var warnings: [String]
    var stageSeconds: [String: Double]
    /// The process's peak resident memory (MiB) by the end of each stage:
    /// the high-water mark only grows, so the stage where it jumps is the
    /// stage that needed the memory.
    var stagePeakMib: [String: Double] = [:]

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
