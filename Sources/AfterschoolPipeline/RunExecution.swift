import AfterschoolCSV
import AfterschoolDomain
import AfterschoolStages
import AfterschoolWarehouse
import Foundation
import Logging

/// One run of a pipeline: plans it against the earlier output in the same
/// folder, then reads again only the input files and runs only the stages
/// whose fingerprints changed, taking the rest from the earlier output.
/// Everything is written into a staging folder that replaces the output in
/// one step; the earlier output is only ever read.
struct RunExecution {
    let job: PipelineRunner.Job
    let logger: Logger
    let build: String
    /// The live progress line, on a terminal.
    let live: (@Sendable (ProgressLine) -> Void)?

    /// The plan, and what it was made from.
    struct Prepared {
        var plan: RunPlan
        /// The earlier run's state, when it can be reused.
        var previous: RunState?
        /// The input files' hashes (the stat cache for the next run).
        var hashes: [String: HashedFile]
        /// When they were taken, less a margin.
        var hashedBefore: Int64
        /// The CSV files of each kind (whole files or parts).
        var sources: [InputFile: [InputSource]]
        /// Each source's SHA-256, by source name.
        var fileHashes: [String: String]
    }

    private var outPath: String { job.outPath }
    private var parameters: Parameters { job.pipeline.parameters }
    /// The run's `report_language`: of the summary and of `rejects.csv`'s messages.
    var language: TextLanguage { TextLanguage(parameters.values["report_language"]?.description) }

    /// Decides what runs: hashes the input files (only those whose stat
    /// changed since the earlier run hashed them) and compares fingerprints.
    func makePlan() throws(PipelineError) -> (RunPlan, Prepared) {
        let stored = RunState.read(from: outPath)
        var previous = stored
        var freshReason = PlanReason.noEarlierResult
        if job.options.force {
            previous = nil
            freshReason = .forced
        } else if let state = stored {
            if state.pipeline != job.pipeline.name || state.dataset != AtomicFolder.absolute(job.folder) {
                previous = nil
                freshReason = .otherRun
            } else if let damage = state.damage(in: outPath) {
                previous = nil
                freshReason = .damagedCache(damage)
            }
        }
        let hashedBefore = FileHasher.safeNow
        var hasher = FileHasher(known: stored?.hashes ?? [:], trustedBefore: stored?.hashedBeforeNs ?? 0)
        let sources: [InputFile: [InputSource]]
        do {
            sources = try InputSource.resolve(folder: job.folder)
        } catch {
            throw .contract(error)
        }
        var fileHashes: [String: String] = [:]
        var hashes: [String: HashedFile] = [:]
        for source in InputFile.loadOrder.flatMap({ sources[$0] ?? [] }) {
            let path = AtomicFolder.absolute(source.path)
            if let h = try hasher.hash(path) {
                fileHashes[source.name] = h.sha256
                hashes[path] = h
            }
        }
        let descriptorPath = AtomicFolder.absolute(job.folder + "/" + DatasetDescriptor.fileName)
        let descriptorHash = try hasher.hash(descriptorPath)
        if let d = descriptorHash { hashes[descriptorPath] = d }
        let plan = RunPlan(RunPlan.Inputs(
            stages: job.pipeline.stages, parameters: parameters, descriptor: job.descriptor,
            datasetSha256: descriptorHash?.sha256 ?? "absent", sources: sources, fileHashes: fileHashes, build: build,
            previous: previous, freshReason: freshReason))
        return (plan, Prepared(plan: plan, previous: previous, hashes: hashes, hashedBefore: hashedBefore,
                               sources: sources, fileHashes: fileHashes))
    }

    /// Runs the plan and publishes the output.
    func execute() throws(PipelineError) -> PipelineRunner.Outcome {
        let (plan, prepared) = try makePlan()
        if job.pipeline.stages.contains("stipend") && (prepared.sources[.budget] ?? []).isEmpty {
            throw .contract(.missingFile(file: InputFile.budget.fileName, folder: job.folder + " (the stipend stage needs it)"))
        }
        let output: OutputFolder
        do {
            output = try OutputFolder(path: outPath)
        } catch {
            throw StorageFault.explain(error, folder: outPath)
        }
        var published = false
        defer { if !published { output.discard() } }
        do {
            return try execute(plan, prepared, into: output, published: &published)
        } catch {
            // Looked at before the staging folder is removed: a full disk
            // is still full.
            throw StorageFault.explain(error, folder: outPath)
        }
    }

    /// Runs the plan into the staging folder `output` and publishes it.
    private func execute(_ plan: RunPlan, _ prepared: Prepared, into output: OutputFolder,
                         published: inout Bool) throws(PipelineError) -> PipelineRunner.Outcome {
        var state = RunState(pipeline: job.pipeline.name, dataset: AtomicFolder.absolute(job.folder), build: build)
        state.hashes = prepared.hashes
        state.hashedBeforeNs = prepared.hashedBefore
        var statuses: [StageStatus] = []
        let previous = prepared.previous

        // Ingest and validate.
        let ingestRuns = plan.files.contains { $0.run }
        let stagesRun = plan.stages.contains { $0.run && !PipelineDefinition.builtInStages.contains($0.name) }
        // Stages the earlier run had and this pipeline no longer lists:
        // their tables leave the warehouse, as a full run would not make them.
        let dropped = (previous?.stages.keys.sorted() ?? []).filter { !job.pipeline.stages.contains($0) }
        let writes = ingestRuns || stagesRun || !dropped.isEmpty
        let warehousePath = output.file("warehouse.sqlite")
        if previous != nil, !ingestRuns || plan.reusesWarehouse {
            if writes {
                try copy(outPath + "/warehouse.sqlite", to: warehousePath)
            } else {
                try link(outPath + "/warehouse.sqlite", to: warehousePath)
            }
        }
        var warehouse: Warehouse?
        defer { warehouse = nil }
        let clock = ContinuousClock.now
        var report: IngestReport
        do {
            warehouse = writes ? try Warehouse(path: warehousePath) : nil
            for name in dropped {
                let tables = StageCatalogue.entry(named: name)?.declaration.tables ?? []
                try warehouse?.drop(tables)
                logger.info("\(name): no longer in the pipeline; its tables are removed")
            }
        } catch {
            throw .stage(name: "ingest", reason: "cannot open the warehouse: \(error)")
        }
        if ingestRuns, let opened = warehouse {
            report = try ingest(into: opened, plan: plan, prepared: prepared, output: output, state: &state)
        } else if let previous {
            report = try reusedReport(previous, plan: plan)
            for decision in plan.files {
                try link(RunState.rejectsPart(decision.name, in: outPath), to: RunState.rejectsPart(decision.name, in: output.staging))
            }
            // Made anew from the parts (whose hashes were checked), never
            // linked: a person may edit rejects.csv, or it may be published
            // as OUT.failed/rejects.csv.
            try RejectsFile.assemble(plan.files.map { RunState.rejectsPart($0.name, in: output.staging) },
                                     into: output.file("rejects.csv"), language: language)
            state.ingest = previous.ingest
            state.ingestWarnings = previous.ingestWarnings
        } else {
            throw .stage(name: "ingest", reason: "nothing to read and no earlier result (a bug)")
        }
        for i in report.files.indices { report.files[i].sha256 = prepared.fileHashes[report.files[i].file] }
        statuses.append(status("ingest", plan, seconds: (ContinuousClock.now - clock).seconds))
        // The warnings about the data, in this run's language.
        let dataWarnings = report.warnings.map { $0.text(language) }
        for w in dataWarnings where ingestRuns { logger.warning("\(w)") }

        var manifest = Manifest(
            build: build, status: "complete", pipeline: job.validationOnly ? nil : job.pipeline.name,
            term: job.descriptor.term, district: job.descriptor.district(folder: job.folder),
            dataset: AtomicFolder.absolute(job.folder), parameters: parameters, files: report.files,
            stages: [], tables: [:], warnings: dataWarnings)
        if job.pipeline.stages.contains("validate") {
            statuses.append(status("validate", plan, seconds: 0))
            state.validate = plan.stages.first { $0.name == "validate" }?.fingerprint
            if let over = report.overLimit {
                // Stop after validation: keep the rejects for the school
                // office, beside the previous output, which stays as it was.
                manifest.status = "failed: too many rejects in \(over.file)"
                manifest.stages = statuses
                warehouse = nil
                try? FileManager.default.removeItem(atPath: warehousePath)
                try? FileManager.default.removeItem(atPath: output.file(RunState.folder))
                try manifest.write(to: output.file("manifest.json"))
                let failed = outPath + ".failed"
                try output.publish(as: failed)
                published = true
                throw .contract(.tooManyRejects(
                    file: over.file, rejected: over.rejected, records: over.records, limit: parameters.maxRejectShare,
                    rejectsPath: failed + "/rejects.csv"))
            }
        }

        // The analysis stages.
        var warnings: [String] = []
        var tableRows: [String: Int] = [:]
        let context = warehouse.map { wh in
            StageContext(warehouse: wh, parameters: parameters) { stage in
                guard previous != nil else { return nil }
                return FileManager.default.contents(atPath: RunState.resultPath(stage, in: outPath))
            }
        }
        for decision in plan.stages where !PipelineDefinition.builtInStages.contains(decision.name) {
            guard let entry = StageCatalogue.entry(named: decision.name) else { continue }
            let record: RunState.StageRecord
            let clock = ContinuousClock.now
            if decision.run, let context, let warehouse {
                context.earlierTables = plan.stages.prefix { $0.name != decision.name }
                    .compactMap { StageCatalogue.entry(named: $0.name)?.declaration.tables }.flatMap { $0 }
                context.runInfo = ["dataset": job.folder, "pipeline": job.pipeline.name, "version": AfterschoolVersion.current]
                context.runWarnings = dataWarnings + warnings
                record = try runStage(entry, decision: decision, context: context, warehouse: warehouse, output: output)
                statuses.append(StageStatus(name: decision.name, status: "ran", reason: decision.reason.en,
                                            seconds: (ContinuousClock.now - clock).seconds, peakMib: peakResidentMiB()))
                for w in record.warnings { logger.warning("\(w)") }
            } else if let old = previous?.stages[decision.name] {
                for file in old.files.keys { try link(outPath + "/" + file, to: output.file(file)) }
                if old.resultSha256 != nil {
                    try link(RunState.resultPath(decision.name, in: outPath), to: RunState.resultPath(decision.name, in: output.staging))
                }
                record = old
                statuses.append(StageStatus(name: decision.name, status: "skipped", reason: decision.reason.en, seconds: 0, peakMib: nil))
            } else {
                throw .stage(name: decision.name, reason: "skipped without an earlier result (a bug)")
            }
            logStatus(statuses[statuses.count - 1])
            state.stages[decision.name] = record
            warnings += record.warnings
            tableRows.merge(record.rows) { $1 }
        }

        warehouse = nil
        // `validate` publishes no warehouse; a run with
        // `publish_warehouse: false` (outputs to be shared) neither, nor
        // the cache that needs it: its next run reads everything again.
        let keepsWarehouse = !job.validationOnly && parameters.values["publish_warehouse"]?.description != "false"
        if !keepsWarehouse {
            try? FileManager.default.removeItem(atPath: warehousePath)
            try? FileManager.default.removeItem(atPath: output.file(RunState.folder))
        } else {
            state.warehouse = FileStat(path: warehousePath)
        }
        manifest.stages = statuses
        manifest.tables = tableRows
        manifest.warnings += warnings
        try manifest.write(to: output.file("manifest.json"))
        if keepsWarehouse { try state.write(to: output.staging) }
        try output.publish()
        published = true
        // A newer complete output supersedes the rejects of an older failed run.
        try? FileManager.default.removeItem(atPath: outPath + ".failed")
        return PipelineRunner.Outcome(outputFolder: outPath, report: report, stages: statuses,
                                      warnings: dataWarnings + warnings,
                                      language: language.rawValue)
    }

    // MARK: - Ingest

    /// Reads the files the plan says to read, reusing the others; writes
    /// each file's rejects to its part and `rejects.csv` from the parts.
    private func ingest(into warehouse: Warehouse, plan: RunPlan, prepared: Prepared, output: OutputFolder,
                        state: inout RunState) throws(PipelineError) -> IngestReport {
        var ingest = Ingest(folder: job.folder, descriptor: job.descriptor, maxRejectShare: parameters.maxRejectShare,
                            sources: prepared.sources)
        let logger = self.logger
        ingest.progress = { logger.info("\($0)") }
        ingest.partProgress = { logger.debug("\($0)") }
        ingest.live = live
        ingest.stages = Set(plan.stages.map(\.name))
        let parts = RejectParts(folder: output.staging)
        for decision in plan.files where !decision.run {
            guard let previous = prepared.previous, let record = previous.ingest[decision.name] else { continue }
            let source = RunState.rejectsPart(decision.name, in: outPath)
            ingest.reuse[decision.name] = Ingest.ReusedFile(report: record.report, warnings: record.warnings) { limit in
                try RejectsFile.read(source, limit: limit)
            }
        }
        ingest.onReject = { r in try parts.writer(r.file).write(RejectsFile.partRow(r)) }
        logger.info("ingest: \(job.folder) (\(job.descriptor.term))")
        let report: IngestReport
        do {
            report = try ingest.run(into: warehouse)
        } catch let error as PipelineError {
            throw error
        } catch {
            throw .stage(name: "ingest", reason: "\(error)")
        }
        // Parts read (the plan's, and later parts an earlier one took a key
        // from) get their rejects part, even an empty one; the others are
        // the earlier run's.
        let read = Set(report.read).union(plan.files.filter(\.run).map(\.name))
        for name in read { _ = try parts.writer(name) }
        for writer in parts.writers.values { try writer.finish() }
        parts.writers.removeAll()
        for decision in plan.files where !read.contains(decision.name) {
            try link(RunState.rejectsPart(decision.name, in: outPath), to: RunState.rejectsPart(decision.name, in: output.staging))
        }
        for name in report.read where !plan.files.contains(where: { $0.name == name && $0.run }) {
            logger.info("\(name): read again (an earlier part now holds one of its keys)")
        }
        try RejectsFile.assemble(plan.files.map { RunState.rejectsPart($0.name, in: output.staging) },
                                 into: output.file("rejects.csv"), language: language)
        for decision in plan.files {
            if read.contains(decision.name), let fileReport = report.files.first(where: { $0.file == decision.name }) {
                state.ingest[decision.name] = RunState.IngestRecord(
                    fingerprint: decision.fingerprint, inputs: decision.inputs, report: fileReport,
                    warnings: report.warningsByFile[decision.name] ?? [],
                    rejectsSha256: try FileHasher.sha256(RunState.rejectsPart(decision.name, in: output.staging)))
            } else if let record = prepared.previous?.ingest[decision.name] {
                state.ingest[decision.name] = record
            }
        }
        state.ingestWarnings = report.warnings
        return report
    }

    /// The report of an ingestion that did not run: the earlier run's.
    private func reusedReport(_ previous: RunState, plan: RunPlan) throws(PipelineError) -> IngestReport {
        var report = IngestReport()
        for decision in plan.files {
            guard let record = previous.ingest[decision.name] else { continue }
            let part = RunState.rejectsPart(decision.name, in: outPath)
            do {
                try report.addReused(decision.name, report: record.report, warnings: record.warnings) { limit in
                    try RejectsFile.read(part, limit: limit)
                }
            } catch {
                throw .io(path: part, reason: "cannot read the earlier rejects: \(error)")
            }
        }
        // The dataset-wide warnings (the calendar's) as well, in their order.
        report.warnings = previous.ingestWarnings
        report.overLimit = report.files.first { $0.rejectShare > parameters.maxRejectShare }
        return report
    }

    // MARK: - Stages

    /// Runs one stage and publishes its tables and its result.
    private func runStage(_ entry: StageEntry, decision: RunPlan.Decision, context: StageContext,
                          warehouse: Warehouse, output: OutputFolder) throws(PipelineError) -> RunState.StageRecord {
        let name = entry.declaration.name
        do {
            let produced = try entry.execute(context)
            var files: [String: String] = [:]
            var rows: [String: Int] = [:]
            for (table, tableRows) in produced.tables {
                let relative = try TablePublisher.publish(table, rows: tableRows, warehouse: warehouse, output: output.staging)
                files[relative] = try FileHasher.sha256(output.file(relative))
                rows[table.name] = tableRows.count
            }
            for (path, data) in produced.files {
                try createParentFolder(of: output.file(path))
                try data.write(to: URL(fileURLWithPath: output.file(path)))
                files[path] = try FileHasher.sha256(output.file(path))
            }
            var resultSha: String?
            if let data = context.encodedResults[name] {
                let path = RunState.resultPath(name, in: output.staging)
                try createParentFolder(of: path)
                try data.write(to: URL(fileURLWithPath: path))
                resultSha = try FileHasher.sha256(path)
            }
            return RunState.StageRecord(fingerprint: decision.fingerprint, inputs: decision.inputs, files: files,
                                        resultSha256: resultSha, warnings: produced.warnings, rows: rows)
        } catch let error as PipelineError {
            throw error
        } catch {
            throw .stage(name: name, reason: "\(error)")
        }
    }

    // MARK: - Helpers

    private func status(_ name: String, _ plan: RunPlan, seconds: Double) -> StageStatus {
        let d = plan.stages.first { $0.name == name }
        let ran = d?.run ?? true
        let s = StageStatus(name: name, status: ran ? "ran" : "skipped", reason: d?.reason.en ?? "",
                            seconds: ran ? seconds : 0, peakMib: ran ? peakResidentMiB() : nil)
        logStatus(s)
        return s
    }

    private func logStatus(_ s: StageStatus) {
        if s.ran {
            logger.info("\(s.name): ran in \(formatSeconds(s.seconds)) (\(s.reason))")
        } else {
            logger.info("\(s.name): skipped (\(s.reason))")
        }
    }

    private func link(_ source: String, to destination: String) throws(PipelineError) {
        do {
            try AtomicFolder.linkOrCopy(source, to: destination)
        } catch {
            throw .io(path: error.path, reason: "cannot reuse the earlier output: \(error.reason)")
        }
    }

    /// Copies the earlier warehouse (in the kernel, `copy_file_range`).
    private func copy(_ source: String, to destination: String) throws(PipelineError) {
        do {
            try AtomicFolder.copyFile(source, to: destination)
        } catch {
            throw .io(path: error.path, reason: "cannot copy the earlier warehouse: \(error.reason)")
        }
    }
}

/// The open reject parts of a run, by file name.
private final class RejectParts {
    let folder: String
    var writers: [String: CSVTableWriter] = [:]

    init(folder: String) { self.folder = folder }

    /// The writer of a source's rejects part, opened on first use.
    func writer(_ name: String) throws(PipelineError) -> CSVTableWriter {
        if let w = writers[name] { return w }
        let path = RunState.rejectsPart(name, in: folder)
        try createParentFolder(of: path)
        let w = try CSVTableWriter(path: path, header: nil)
        writers[name] = w
        return w
    }
}
