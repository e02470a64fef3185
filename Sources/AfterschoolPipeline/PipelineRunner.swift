import AfterschoolDomain
import AfterschoolStages
import AfterschoolWarehouse
import Foundation
import Logging

/// Runs pipelines and validations: resolves the dataset and the output
/// folder, decides what must run again (``RunPlan``), runs it into a
/// staging folder, and publishes that folder in one step only when the run
/// completes.
public struct PipelineRunner {
    /// Where progress and warnings go (stderr in the command line).
    public var logger: Logger
    /// Stands in for the program's build in fingerprints (tests use it to
    /// act out a new version of the program); nil: the executable's hash.
    public var buildOverride: String?
    /// Shows the live line while large files are read (on a terminal);
    /// nil: none, only the plain progress lines of the logger.
    public var liveProgress: (@Sendable (ProgressLine) -> Void)?

    public init(logger: Logger = Logger(label: "afterschool")) {
        self.logger = logger
    }

    /// How a run treats an earlier output in its folder.
    public struct Options: Sendable {
        /// Run every stage, reusing nothing.
        public var force = false
        /// Replace an output folder that holds another pipeline's or another
        /// dataset's output.
        public var replace = false

        public init(force: Bool = false, replace: Bool = false) {
            self.force = force
            self.replace = replace
        }
    }

    /// What a finished run produced.
    public struct Outcome: Sendable {
        /// The published output folder.
        public var outputFolder: String
        public var report: IngestReport
        /// Each stage of the pipeline, in order: ran or skipped, and why.
        public var stages: [StageStatus] = []
        /// Warnings of the run (files and stages).
        public var warnings: [String] = []
        /// The run's `report_language` (`zh` or `en`): the language of the
        /// summary printed at the end.
        public var language: String = "zh"
    }

    /// `afterschool run PIPELINE.yaml [--data DIR] [--out DIR] [--set k=v]`.
    public func run(pipelinePath: String, data: String?, out: String?, overrides: [String],
                    options: Options = Options()) throws(PipelineError) -> Outcome {
        let job = try resolve(pipelinePath: pipelinePath, data: data, out: out, overrides: overrides, options: options)
        let lock = try lockOutput(job.outPath)
        defer { close(lock) }
        return try RunExecution(job: job, logger: logger, build: build, live: liveProgress).execute()
    }

    /// `afterschool plan PIPELINE.yaml [--data DIR] [--out DIR] [--set k=v]`:
    /// what `run` would do with the same arguments, without doing it.
    public func plan(pipelinePath: String, data: String?, out: String?, overrides: [String],
                     options: Options = Options()) throws(PipelineError) -> PlanReport {
        let job = try resolve(pipelinePath: pipelinePath, data: data, out: out, overrides: overrides, options: options)
        let execution = RunExecution(job: job, logger: logger, build: build, live: nil)
        let (plan, _) = try execution.makePlan()
        return PlanReport(pipeline: job.pipeline.name, outputFolder: job.outPath, plan: plan, language: execution.language)
    }

    /// `afterschool validate --data DIR [--out DIR] [--language zh|en]`:
    /// ingest and validation only; publishes `rejects.csv` (its messages in
    /// `language`) and `manifest.json`. Always reads every file.
    public func validate(data: String, out: String?, language: TextLanguage = .zh) throws(PipelineError) -> Outcome {
        let descriptor = try readDescriptor(data)
        let district = descriptor.district(folder: data)
        let outPath = try outputPath(out ?? "notebooks-out/validate/\(district)/\(descriptor.term)", data: data)
        var pipeline = PipelineDefinition(name: "validate", stages: ["ingest", "validate"])
        do {
            try pipeline.parameters.set("report_language", text: language.rawValue, source: "--language")
        } catch {
            throw .configuration("report_language: \(error)")
        }
        let job = Job(pipeline: pipeline, folder: data, descriptor: descriptor, outPath: outPath,
                      options: Options(force: true, replace: true), validationOnly: true)
        let lock = try lockOutput(outPath)
        defer { close(lock) }
        return try RunExecution(job: job, logger: logger, build: build, live: liveProgress).execute()
    }

    /// The build id used in fingerprints.
    var build: String { buildOverride ?? ProgramBuild.id }

    /// Everything a run is about, resolved from the arguments.
    struct Job {
        var pipeline: PipelineDefinition
        var folder: String
        var descriptor: DatasetDescriptor
        var outPath: String
        var options: Options
        /// `afterschool validate`: no pipeline; neither the warehouse nor a
        /// cache is published, only `rejects.csv` and the manifest.
        var validationOnly = false
    }

    private func resolve(pipelinePath: String, data: String?, out: String?, overrides: [String],
                         options: Options) throws(PipelineError) -> Job {
        var pipeline = try PipelineDefinition(path: pipelinePath)
        try pipeline.apply(overrides: overrides)
        guard let folder = data ?? pipeline.dataset else {
            throw .configuration("\(pipelinePath): no dataset; give --data DIR or set 'dataset' in the pipeline")
        }
        let descriptor = try readDescriptor(folder)
        let district = descriptor.district(folder: folder)
        let outPath = try outputPath(out ?? "notebooks-out/\(pipeline.name)/\(district)/\(descriptor.term)", data: folder)
        try checkOwner(outPath, pipeline: pipeline.name, dataset: folder, replace: options.replace)
        return Job(pipeline: pipeline, folder: folder, descriptor: descriptor, outPath: outPath, options: options)
    }

    /// Refuses to replace an output folder that another pipeline or another
    /// dataset made, unless `--replace` says to.
    private func checkOwner(_ outPath: String, pipeline: String, dataset: String, replace: Bool) throws(PipelineError) {
        guard let data = FileManager.default.contents(atPath: outPath + "/manifest.json"),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return }
        let owner = json["pipeline"] as? String ?? "validate"
        let ownerData = json["dataset"] as? String ?? ""
        let sameData = AtomicFolder.absolute(ownerData) == AtomicFolder.absolute(dataset)
        guard owner != pipeline || !sameData else { return }
        let what = owner != pipeline ? "the \(owner) output" : "the output"
        if replace {
            logger.notice("--out \(outPath): replacing \(what) of \(ownerData)")
            return
        }
        throw .configuration("--out \(outPath) holds \(what) of \(ownerData); give another --out, or add --replace to replace it")
    }

    /// Takes the output folder's lock for the run.
    private func lockOutput(_ outPath: String) throws(PipelineError) -> Int32 {
        do {
            return try AtomicFolder.lock(outPath)
        } catch {
            // A read-only or full disk is said in words; anything else
            // (another run holds the lock) is a matter of arguments.
            let explained = StorageFault.explain(.io(path: error.path, reason: error.reason), folder: outPath)
            if case .io = explained { throw .configuration("--out \(error.path): \(error.reason)") }
            throw explained
        }
    }

    /// The output folder, normalised (see ``AtomicFolder/normalize(_:)``),
    /// after checking that replacing it (and `OUT.failed`) destroys nothing
    /// but an earlier output, and that it does not hold the dataset.
    private func outputPath(_ path: String, data: String) throws(PipelineError) -> String {
        let p = AtomicFolder.normalize(path)
        do {
            try AtomicFolder.checkReplaceable(p, marker: "manifest.json")
            try AtomicFolder.checkReplaceable(p + ".failed", marker: "manifest.json")
        } catch {
            throw .configuration("--out \(error.path) \(error.reason)")
        }
        // Compared with symbolic links followed: a link into the output
        // folder is still inside it.
        let out = AtomicFolder.resolved(p), dataset = AtomicFolder.resolved(data)
        if dataset == out || dataset.hasPrefix(out + "/") {
            throw .configuration("--out \(path) holds the dataset \(data); give an output folder elsewhere")
        }
        return p
    }

    private func readDescriptor(_ folder: String) throws(PipelineError) -> DatasetDescriptor {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .configuration("dataset folder '\(folder)' does not exist (give --data DIR)")
        }
        do {
            return try DatasetDescriptor(folder: folder)
        } catch {
            throw .contract(error)
        }
    }
}

/// What `afterschool plan` prints: per input file and per stage whether it
/// would be read or run again, and why, in the pipeline's `report_language`.
public struct PlanReport: Sendable, CustomStringConvertible {
    /// One input file or stage.
    public struct Line: Sendable {
        /// The stage, or the input file (a part: `attendance/S001.csv`).
        public var name: String
        /// Whether it would run (a stage) or be read again (a file).
        public var run: Bool
        /// Why, in English (as `manifest.json` records a run's).
        public var reason: String { why.en }
        /// Why, in either language.
        public var why: PlanReason
    }

    public var pipeline: String
    public var outputFolder: String
    /// The language `description` is in.
    public var language: TextLanguage
    /// Per stage, in order.
    public var stages: [Line]
    /// Per input file, in load order.
    public var files: [Line]

    init(pipeline: String, outputFolder: String, plan: RunPlan, language: TextLanguage) {
        self.pipeline = pipeline
        self.outputFolder = outputFolder
        self.language = language
        stages = plan.stages.map { Line(name: $0.name, run: $0.run, why: $0.reason) }
        files = plan.files.map { Line(name: $0.name, run: $0.run, why: $0.reason) }
    }

    public var description: String {
        let zh = language == .zh
        var lines = [zh ? "流水线 \(pipeline)，输出目录 \(outputFolder)/" : "Pipeline \(pipeline), output \(outputFolder)/",
                     "", zh ? "阶段：" : "stages:"]
        let width = stages.map(\.name.count).max() ?? 0
        for s in stages {
            let verdict = zh ? (s.run ? "运行" : "跳过") : (s.run ? "run " : "skip")
            lines.append("  " + s.name.padding(toLength: width, withPad: " ", startingAt: 0)
                         + "  " + verdict + "  " + s.why.text(language))
        }
        let read = files.filter(\.run)
        if !read.isEmpty && read.count < files.count {
            lines.append("")
            lines.append(zh ? "重新读取的输入文件：" : "input files read again:")
            for f in read { lines.append("  \(f.name)  \(f.why.text(language))") }
        }
        let runs = stages.filter(\.run).count
        lines.append("")
        if zh {
            lines.append(runs == 0 ? "无需运行：所有阶段都会跳过。" : "\(stages.count) 个阶段中有 \(runs) 个会运行。")
        } else {
            lines.append(runs == 0 ? "Nothing to do: every stage would be skipped."
                         : "\(runs) of \(stages.count) stages would run.")
        }
        return lines.joined(separator: "\n")
    }
}
