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
        var reason: PlanReason
    }

    /// Per input file, in load order.
    var files: [Decision] = []
    /// The pipeline's stages in order (ingest, validate and the analysis stages).
    var stages: [Decision] = []
    /// Whether the warehouse of the earlier output is kept (some input files
    /// are reused) rather than built anew.
    var reusesWarehouse: Bool { files.contains { !$0.run } }

    /// Everything a plan is made from.
    struct Inputs {
        var stages: [String]
        var parameters: Parameters
        var descriptor: DatasetDescriptor
        /// The hash of `dataset.yaml`.
        var datasetSha256: String
        /// The CSV files of each kind (whole files or parts).
        var sources: [InputFile: [InputSource]]
        /// Each source's hash, by source name; absent sources are missing.
        var fileHashes: [String: String]
        var build: String
        /// The earlier run's state; nil when there is none to reuse.
        var previous: RunState?
        /// Why there is nothing to reuse (no earlier output, --force, a damaged cache).
        var freshReason: PlanReason
    }

    init(_ p: Inputs) {
        var fileFingerprints: [InputFile: String] = [:]
        for file in InputFile.loadOrder {
            let sources = p.sources[file] ?? []
            // A source of this kind: the whole file, a part, or (absent) the kind's name.
            let names = sources.isEmpty ? [file.fileName] : sources.map(\.name)
            var kindInputs: [String: String] = [
                "build": p.build, "dataset.yaml": p.datasetSha256, "parts": names.joined(separator: "|"),
            ]
            for ref in file.referencedFiles { kindInputs["file " + ref.fileName] = fileFingerprints[ref] ?? "" }
            // A referable file's keys depend on all its parts: any change reads them all.
            if file.idColumn != nil {
                kindInputs["all parts"] = names.map { p.fileHashes[$0] ?? "absent" }.joined(separator: "|")
            }
            var decisions: [Decision] = []
            for name in names {
                var inputs = kindInputs
                inputs["content"] = p.fileHashes[name] ?? "absent"
                inputs["encoding"] = (p.descriptor.encodings[name] ?? p.descriptor.encodings[file.fileName])?.rawValue ?? "detected"
                let fp = RunPlan.fingerprint("ingest " + name, inputs)
                var decision = Decision(name: name, fingerprint: fp, inputs: inputs, run: true, reason: p.freshReason)
                if let record = p.previous?.ingest[name] {
                    if record.fingerprint == fp {
                        decision.run = false
                        decision.reason = .unchanged
                    } else {
                        decision.reason = RunPlan.fileReason(name, inputs: inputs, before: record.inputs)
                    }
                }
                decisions.append(decision)
            }
            // A part read again may give up keys a later part repeated: a
            // later part with repeated keys is read again too.
            if let first = decisions.firstIndex(where: \.run), sources.count > 1 {
                for i in decisions.indices where i > first && !decisions[i].run {
                    if (p.previous?.ingest[decisions[i].name]?.report.rejectedByRule["duplicate_key"] ?? 0) > 0 {
                        decisions[i].run = true
                        decisions[i].reason = .repeatedKeysAfterEarlierPart
                    }
                }
            }
            fileFingerprints[file] = RunPlan.fingerprint("kind " + file.fileName, Dictionary(
                uniqueKeysWithValues: decisions.map { ($0.name, $0.fingerprint) }))
            files += decisions
        }
        let freshWarehouse = !files.contains { !$0.run }

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
                guard let entry = StageCatalogue.entry(named: name) else { continue }
                let d = entry.declaration
                files = d.inputFiles
                inputs["version"] = String(d.version)
                for param in entry.parameterKeys(p.parameters) {
                    inputs["parameter " + param] = p.parameters.values[param]?.description ?? ""
                }
                for upstream in d.after { inputs["stage " + upstream] = stageFingerprints[upstream] ?? "" }
                if d.readsEarlierStages {
                    for (earlier, fp) in stageFingerprints where !PipelineDefinition.builtInStages.contains(earlier) {
                        inputs["stage " + earlier] = fp
                    }
                }
            }
            for f in files { inputs["file " + f.fileName] = fileFingerprints[f] ?? "" }
            let fp = RunPlan.fingerprint("stage " + name, inputs)
            stageFingerprints[name] = fp
            var decision = Decision(name: name, fingerprint: fp, inputs: inputs, run: true, reason: p.freshReason)
            if name == "ingest" {
                let read = self.files.filter(\.run)
                decision.run = !read.isEmpty
                decision.reason = read.isEmpty ? .unchanged
                    : freshWarehouse ? (p.previous == nil ? p.freshReason : self.files.first?.reason ?? p.freshReason)
                    : .filesReadAgain(count: read.count, of: self.files.count, names: read.map(\.name))
            } else if name == "validate" {
                if let previous = p.previous, previous.validate == fp {
                    decision.run = false
                    decision.reason = .unchanged
                } else if let previous = p.previous, previous.validate != nil {
                    decision.reason = self.files.contains(where: \.run) ? .inputFilesReadAgain : .rejectShareChanged
                }
            } else if let previous = p.previous, !freshWarehouse {
                if let record = previous.stages[name] {
                    if record.fingerprint == fp {
                        decision.run = false
                        decision.reason = .unchanged
                    } else {
                        decision.reason = RunPlan.stageReason(inputs, before: record.inputs, files: self.files)
                    }
                } else {
                    decision.reason = .noEarlierResult
                }
            } else if p.previous != nil {
                decision.reason = .everyFileReadAgain(because: self.files.first?.reason ?? .changed)
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

    private static func fileReason(_ name: String, inputs: [String: String], before: [String: String]) -> PlanReason {
        if before["content"] != inputs["content"] {
            if inputs["content"] == "absent" { return .fileRemoved(name) }
            if before["content"] == "absent" { return .fileNew(name) }
            return .fileChanged(name)
        }
        for (k, v) in inputs.sorted(by: { $0.key < $1.key }) where k.hasPrefix("file ") && before[k] != v {
            return .refersTo(String(k.dropFirst(5)))
        }
        if before["build"] != inputs["build"] { return .programChanged }
        if before["parts"] != inputs["parts"] { return .partsChanged }
        if before["all parts"] != inputs["all parts"] { return .otherPartChanged }
        if before["encoding"] != inputs["encoding"] { return .encodingChanged }
        if before["dataset.yaml"] != inputs["dataset.yaml"] { return .datasetChanged }
        return .changed
    }

    /// Why a stage runs again: the first of its inputs that differs from
    /// the earlier run's, in the order a person would look (files, earlier
    /// stages, parameters, the program, the dataset's term).
    private static func stageReason(_ inputs: [String: String], before: [String: String], files: [Decision]) -> PlanReason {
        let differing = inputs.keys.filter { before[$0] != inputs[$0] }.sorted()
        if let f = differing.first(where: { $0.hasPrefix("file ") }) {
            // The file, or the first of its parts read again.
            let name = String(f.dropFirst(5))
            let folder = (InputFile.allCases.first { $0.fileName == name }?.partsFolder ?? name) + "/"
            return files.first { $0.run && ($0.name == name || $0.name.hasPrefix(folder)) }?.reason ?? .fileChanged(name)
        }
        if let s = differing.first(where: { $0.hasPrefix("stage ") }) {
            return .stageRunsAgain(String(s.dropFirst(6)))
        }
        if let k = differing.first(where: { $0.hasPrefix("parameter ") }) {
            return .parameterChanged(name: String(k.dropFirst(10)), before: before[k], after: inputs[k])
        }
        if differing.contains("build") { return .programChanged }
        if differing.contains("version") { return .stageVersionChanged }
        if differing.contains("dataset.yaml") { return .datasetChanged }
        return .changed
    }
}
