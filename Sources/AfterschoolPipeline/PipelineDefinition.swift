import AfterschoolStages
import Foundation
import Yams

/// A pipeline file (`pipelines/*.yaml`): its name, the dataset it runs on by
/// default, its stages in order, and its parameters.
///
/// ```yaml
/// name: termly-evaluation
/// title: Termly evaluation
/// dataset: datasets/sample
/// stages: [ingest, validate, participation, coverage, satisfaction]
/// parameters:
///   max_reject_share: 0.05
///   window_start: "14:00"
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
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw .configuration("\(source): not valid YAML: \(error)")
        }
        guard let map = root?.mapping else {
            throw .configuration("\(source): expected a mapping with name, dataset, stages and parameters")
        }
        var fields: [String: Node] = [:]
        for (key, value) in map {
            guard let k = key.scalar?.string else { continue }
            fields[k] = value
        }
        let known: Set<String> = ["name", "title", "dataset", "stages", "parameters", "description"]
        if let extra = fields.keys.sorted().first(where: { !known.contains($0) }) {
            throw .configuration("\(source): unknown key '\(extra)'; a pipeline has \(known.sorted().joined(separator: ", "))")
        }
        guard let name = fields["name"]?.scalar?.string, !name.isEmpty,
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw .configuration("\(source): 'name' is missing or not a simple name (letters, digits, '-', '_')")
        }
        self.name = name
        title = fields["title"]?.scalar?.string ?? name
        dataset = fields["dataset"]?.scalar?.string
        guard let stageNodes = fields["stages"]?.sequence, !stageNodes.isEmpty else {
            throw .configuration("\(source): 'stages' must list at least one stage")
        }
        stages = []
        for node in stageNodes {
            let s = node.scalar?.string ?? "\(node)"
            guard let stage = Stage(rawValue: s) else {
                throw .configuration("\(source): unknown stage '\(s)'; known stages: \(Stage.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if stages.contains(stage) { throw .configuration("\(source): stage '\(s)' is listed twice") }
            for needed in stage.requires where !stages.contains(needed) {
                throw .configuration("\(source): stage '\(s)' needs stage '\(needed.rawValue)' listed before it")
            }
            stages.append(stage)
        }
        parameters = Parameters()
        if let node = fields["parameters"] {
            guard let pmap = node.mapping else {
                throw .configuration("\(source): 'parameters' must be a mapping of name: value")
            }
            for (key, value) in pmap {
                guard let k = key.scalar?.string else { continue }
                let text: String
                if let scalar = value.scalar {
                    text = scalar.string
                } else if let list = value.sequence {
                    text = list.compactMap { $0.scalar?.string }.joined(separator: ",")
                } else {
                    throw .configuration("\(source): parameter \(k) must be a value or a list")
                }
                do {
                    try parameters.set(k, text: text, source: source)
                } catch {
                    throw .configuration(error.description)
                }
            }
        }
        try validateParameters(source: source)
    }

    /// Checks the parameters as a whole (after the file and `--set`).
    func validateParameters(source: String) throws(PipelineError) {
        do {
            try parameters.validate(source: source)
        } catch {
            throw .configuration(error.description)
        }
    }

    /// Applies `--set key=value` overrides.
    public mutating func apply(overrides: [String]) throws(PipelineError) {
        for o in overrides {
            guard let eq = o.firstIndex(of: "=") else {
                throw .configuration("--set \(o): expected key=value")
            }
            let key = String(o[..<eq]).trimmingCharacters(in: .whitespaces)
            do {
                try parameters.set(key, text: String(o[o.index(after: eq)...]), source: "--set")
            } catch {
                throw .configuration(error.description)
            }
        }
        try validateParameters(source: "--set")
    }
}

/// The stages a pipeline may name.
public enum Stage: String, CaseIterable, Sendable, Codable {
    /// Read every file and load the accepted rows into the warehouse.
    case ingest
    /// Write the rejects and stop when a file's reject share is over the limit.
    case validate
    /// Enrolment, demand, participants, attendance (per school, grade, group).
    case participation
    /// Service days and time, late ends, sport and quality-activity coverage, specialty.
    case coverage
    /// Satisfaction per school and per activity.
    case satisfaction
    /// The data audit: over-claims, overlaps, ghost and out-of-scope sessions, disclosure mismatches.
    case audit
    /// The stipend allocation of each school's budget.
    case stipend
    /// The monthly workload disclosure.
    case workload
    /// The district scorecard and the peer comparison.
    case scorecard

    /// Stages that must run before this one.
    public var requires: [Stage] {
        switch self {
        case .ingest: return []
        case .validate, .participation, .audit, .stipend, .workload: return [.ingest]
        case .coverage, .satisfaction: return [.participation]
        case .scorecard: return [.participation, .coverage, .satisfaction, .audit]
        }
    }
}
