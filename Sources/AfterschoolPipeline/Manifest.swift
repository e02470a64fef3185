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

/// The program version, recorded in every manifest.
public enum AfterschoolVersion {
    public static let current = "0.1.0"
}
