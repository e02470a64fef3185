import Foundation
import Yams

/// A pipeline file (`pipelines/*.yaml`): its name, the dataset it runs on by
/// default, its stages in order, and its parameters.
///
/// ```yaml
/// name: termly-evaluation
/// title: Termly evaluation
/// dataset: datasets/sample
/// stages: [ingest, validate]
/// parameters:
///   max_reject_share: 0.05
/// ```
public struct PipelineDefinition: Sendable {
    public var name: String
    public var title: String
    /// The dataset folder, relative to the current directory.
    public var dataset: String?
    public var stages: [Stage]
    public var parameters: Parameters

    /// Reads and checks a pipeline file.
    /// - Throws: ``PipelineError/configuration(_:)`` (exit status 2).
    public init(path: String) throws(PipelineError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .configuration("\(path): cannot read the pipeline file")
        }
        try self.init(yaml: String(decoding: data, as: UTF8.self), source: path)
    }

    public init(yaml: String, source: String) throws(PipelineError) {
        let node: Any?
        do {
            node = try Yams.load(yaml: yaml)
        } catch {
            throw .configuration("\(source): not valid YAML: \(error)")
        }
        guard let map = node as? [String: Any] else {
            throw .configuration("\(source): expected a mapping with name, dataset, stages and parameters")
        }
        let known: Set<String> = ["name", "title", "dataset", "stages", "parameters", "description"]
        if let extra = map.keys.sorted().first(where: { !known.contains($0) }) {
            throw .configuration("\(source): unknown key '\(extra)'; a pipeline has \(known.sorted().joined(separator: ", "))")
        }
        guard let name = map["name"] as? String, !name.isEmpty,
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw .configuration("\(source): 'name' is missing or not a simple name (letters, digits, '-', '_')")
        }
        self.name = name
        title = map["title"] as? String ?? name
        dataset = map["dataset"].map { "\($0)" }
        guard let stageNames = map["stages"] as? [Any], !stageNames.isEmpty else {
            throw .configuration("\(source): 'stages' must list at least one stage")
        }
        stages = []
        for s in stageNames {
            guard let stage = Stage(rawValue: "\(s)") else {
                throw .configuration("\(source): unknown stage '\(s)'; known stages: \(Stage.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if stages.contains(stage) { throw .configuration("\(source): stage '\(s)' is listed twice") }
            stages.append(stage)
        }
        parameters = Parameters()
        guard let params = map["parameters"] ?? [String: Any]() as Any?, let pmap = params as? [String: Any] else {
            throw .configuration("\(source): 'parameters' must be a mapping of name: value")
        }
        for key in pmap.keys.sorted() {
            try parameters.set(key, text: "\(pmap[key] ?? "")", source: source)
        }
    }

    /// Applies `--set key=value` overrides.
    public mutating func apply(overrides: [String]) throws(PipelineError) {
        for o in overrides {
            guard let eq = o.firstIndex(of: "=") else {
                throw .configuration("--set \(o): expected key=value")
            }
            let key = String(o[..<eq]).trimmingCharacters(in: .whitespaces)
            try parameters.set(key, text: String(o[o.index(after: eq)...]), source: "--set")
        }
    }
}

/// The stages a pipeline may name.
public enum Stage: String, CaseIterable, Sendable, Codable {
    /// Read every file and load the accepted rows into the warehouse.
    case ingest
    /// Write the rejects and stop when a file's reject share is over the limit.
    case validate
}
