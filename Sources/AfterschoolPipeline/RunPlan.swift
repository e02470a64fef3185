import AfterschoolDomain
import AfterschoolStages

/// What a run will do, decided before it does anything: for each input file
/// whether it is read again, and for each stage whether it runs or is
/// skipped, and why. `afterschool plan` prints it; `run` follows it, so the
/// two cannot disagree.
struct RunPlan: Sendable {
    /// What becomes of one unit (an input file's ingestion, or a stage).
    struct Decision: Sendable, Equatable {
        var name: String
        var fingerprint: String
        /// The inputs the fingerprint is made of, for the reason of a re-run.
        var inputs: [String: String]
        var run: Bool
        var reason: String
    }

    /// Per input file, in load order.
    var files: [Decision] = []
    /// The pipeline's stages in order (ingest, validate and the analysis stages).
    var stages: [Decision] = []
    /// Whether the warehouse of the earlier output is kept (some input files
    /// are reused) rather than built anew.
    var reusesWarehouse: Bool { files.contains { !$0.run } }
    /// True when nothing at all runs: the earlier output is kept as it is.
    var nothingRuns: Bool { !files.contains { $0.run } && !stages.contains { $0.run } }

    /// Everything a plan is made from.
    struct Inputs {
        var stages: [String]
        var parameters: Parameters
        var descriptor: DatasetDescriptor
        /// The hash of `dataset.yaml`.
        var datasetSha256: String
        /// Each input file's hash; absent files are missing.
        var fileHashes: [InputFile: String]
        var build: String
        /// The earlier run's state; nil when there is none to reuse.
        var previous: RunState?
        /// Why there is nothing to reuse (no earlier output, --force, a damaged cache).
        var freshReason: String
    }

    init(_ p: Inputs) {
        var fileFingerprints: [InputFile: String] = [:]
        var readFiles: Set<InputFile> = []
        for file in InputFile.loadOrder {
            var inputs: [String: String] = [
                "build": p.build,
                "content": p.fileHashes[file] ?? "absent",
                "encoding": p.descriptor.encodings[file.fileName]?.rawValue ?? "detected",
                "dataset.yaml": p.datasetSha256,
            ]
            for ref in file.referencedFiles { inputs["file " + ref.fileName] = fileFingerprints[ref] ?? "" }
            let fp = RunPlan.fingerprint("ingest " + file.fileName, inputs)
            fileFingerprints[file] = fp
            var run = true
            var reason = p.freshReason
            if let record = p.previous?.ingest[file.fileName] {
                if record.fingerprint == fp {
                    run = false
                    reason = "unchanged"
                } else {
                    reason = RunPlan.fileReason(file, inputs: inputs, previous: p.previous, hashes: p.fileHashes)
                }
            }
            if run { readFiles.insert(file) }
            files.append(Decision(name: file.fileName, fingerprint: fp, inputs: inputs, run: run, reason: reason))
        }
        let freshWarehouse = readFiles.count == InputFile.loadOrder.count

        var stageFingerprints: [String: String] = [:]
        for name in p.stages {
            var inputs: [String: String] = ["build": p.build, "dataset.yaml": p.datasetSha256]
            let files: [InputFile]
            switch name {
            case "ingest":
                files = InputFile.loadOrder
            case "validate":
                files = InputFile.loadOrder
                inputs["parameter max_reject_share"] = p.parameters.values["max_reject_share"]?.description ?? ""
            default:
                guard let d = StageCatalogue.entry(named: name)?.declaration else { continue }
                files = d.inputFiles
                inputs["version"] = String(d.version)
                for param in d.allParameters { inputs["parameter " + param] = p.parameters.values[param]?.description ?? "" }
                for upstream in d.after { inputs["stage " + upstream] = stageFingerprints[upstream] ?? "" }
            }
            for f in files { inputs["file " + f.fileName] = fileFingerprints[f] ?? "" }
            let fp = RunPlan.fingerprint("stage " + name, inputs)
            stageFingerprints[name] = fp
            var decision = Decision(name: name, fingerprint: fp, inputs: inputs, run: true, reason: p.freshReason)
            if name == "ingest" {
                decision.run = !readFiles.isEmpty
                decision.reason = readFiles.isEmpty ? "unchanged"
                    : readFiles.count == InputFile.loadOrder.count ? p.freshReason
                    : "\(readFiles.count) of \(InputFile.loadOrder.count) files read again: "
                        + InputFile.loadOrder.filter(readFiles.contains).map(\.fileName).joined(separator: ", ")
                if p.previous != nil && readFiles.count == InputFile.loadOrder.count {
                    decision.reason = self.files.first?.reason ?? p.freshReason
                }
            } else if name == "validate" {
                if let previous = p.previous, previous.validate == fp {
                    decision.run = false
                    decision.reason = "unchanged"
                } else if let previous = p.previous, previous.validate != nil {
                    decision.reason = readFiles.isEmpty ? "parameter max_reject_share changed" : "input files read again"
                }
            } else if let previous = p.previous, !freshWarehouse {
                if let record = previous.stages[name] {
                    if record.fingerprint == fp {
                        decision.run = false
                        decision.reason = "unchanged"
                    } else {
                        decision.reason = RunPlan.stageReason(inputs, before: record.inputs, files: self.files)
                    }
                } else {
                    decision.reason = "no earlier result"
                }
            } else if p.previous != nil {
                decision.reason = "every input file is read again (\(self.files.first?.reason ?? "changed"))"
            }
            stages.append(decision)
        }
    }

    /// The hash of a unit's name and inputs (sorted by key).
    static func fingerprint(_ name: String, _ inputs: [String: String]) -> String {
        var f = Fingerprint(name)
        for (k, v) in inputs.sorted(by: { $0.key < $1.key }) { f.add(k, v) }
        return f.finish()
    }

    private static func fileReason(_ file: InputFile, inputs: [String: String], previous: RunState?,
                                   hashes: [InputFile: String]) -> String {
        guard let previous, let record = previous.ingest[file.fileName] else { return "no earlier result" }
        let before = record.inputs
        if before["content"] != inputs["content"] {
            if inputs["content"] == "absent" { return "\(file.fileName) was removed" }
            if before["content"] == "absent" { return "\(file.fileName) is new" }
            return "\(file.fileName) changed"
        }
        for (k, v) in inputs.sorted(by: { $0.key < $1.key }) where k.hasPrefix("file ") && before[k] != v {
            return "refers to \(k.dropFirst(5)), which is read again"
        }
        if before["build"] != inputs["build"] { return "the program changed" }
        if before["encoding"] != inputs["encoding"] { return "its encoding in dataset.yaml changed" }
        if before["dataset.yaml"] != inputs["dataset.yaml"] { return "dataset.yaml changed" }
        return "changed"
    }

    /// Why a stage runs again: the first of its inputs that differs from
    /// the earlier run's, in the order a person would look (files, earlier
    /// stages, parameters, the program, the dataset's term).
    private static func stageReason(_ inputs: [String: String], before: [String: String], files: [Decision]) -> String {
        let differing = inputs.keys.filter { before[$0] != inputs[$0] }.sorted()
        if let f = differing.first(where: { $0.hasPrefix("file ") }) {
            let name = String(f.dropFirst(5))
            return files.first { $0.name == name }?.reason ?? "\(name) changed"
        }
        if let s = differing.first(where: { $0.hasPrefix("stage ") }) {
            return "stage \(s.dropFirst(6)) runs again"
        }
        if let k = differing.first(where: { $0.hasPrefix("parameter ") }) {
            let name = k.dropFirst(10)
            return "parameter \(name) changed (\(before[k] ?? "unset") -> \(inputs[k] ?? "unset"))"
        }
        if differing.contains("build") { return "the program changed" }
        if differing.contains("version") { return "the stage's version changed" }
        if differing.contains("dataset.yaml") { return "dataset.yaml changed" }
        return "changed"
    }
}
