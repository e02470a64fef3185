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
    /// The dataset folder: in the file, relative to the pipeline file; once
    /// read from a file, an absolute path.
    public var dataset: String?
    /// The stages in order: `ingest`, `validate`, then analysis stages of
    /// ``StageCatalogue``.
    public var stages: [String]
    public var parameters: Parameters

    /// A pipeline made in code, with every parameter at its default.
    init(name: String, stages: [String]) {
        self.name = name
        title = name
        dataset = nil
        self.stages = stages
        parameters = Parameters()
    }

    /// Reads and checks a pipeline file.
    /// - Throws: ``PipelineError/configuration(_:)`` (exit status 2).
    public init(path: String) throws(PipelineError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .configuration("\(path): cannot read the pipeline file")
        }
        try self.init(yaml: String(decoding: data, as: UTF8.self), source: path)
        // `dataset` is relative to the pipeline file, not the current folder.
        if let d = dataset, !d.hasPrefix("/") {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            dataset = folder.appendingPathComponent(d).standardizedFileURL.path
        }
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
        stages = try PipelineDefinition.checkedStages(stageNodes.map { $0.scalar?.string ?? "\($0)" }, source: source)
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

extension PipelineDefinition {
    /// The stages the runner itself provides, before the analysis stages.
    public static let builtInStages = ["ingest", "validate"]

    /// Every stage name a pipeline may list.
    public static var knownStages: [String] { builtInStages + StageCatalogue.stages.map(\.declaration.name) }

    /// Checks a pipeline's stage list: known names, none twice, `ingest`
    /// first, and every stage whose results a stage reads listed before it.
    static func checkedStages(_ names: [String], source: String) throws(PipelineError) -> [String] {
        var stages: [String] = []
        for name in names {
            guard knownStages.contains(name) else {
                throw .configuration("\(source): unknown stage '\(name)'; known stages: \(knownStages.joined(separator: ", "))")
            }
            if stages.contains(name) { throw .configuration("\(source): stage '\(name)' is listed twice") }
            if name != "ingest" && !stages.contains("ingest") {
                throw .configuration("\(source): stage '\(name)' needs stage 'ingest' listed before it (it reads the warehouse ingest loads)")
            }
            if let d = StageCatalogue.entry(named: name)?.declaration {
                for needed in d.after where !stages.contains(needed) {
                    throw .configuration("\(source): stage '\(name)' needs the results of stage '\(needed)', which the pipeline does not list before it")
                }
            }
            stages.append(name)
        }
        return stages
    }
}
