import AfterschoolDomain
import AfterschoolStages
import AfterschoolWarehouse
import Foundation
import Logging

/// Runs pipelines and validations: resolves the dataset and the output
/// folder, runs the stages into a staging folder, and publishes it only when
/// the run completes.
public struct PipelineRunner {
    /// Where progress and warnings go (stderr in the command line).
    public var logger: Logger

    public init(logger: Logger = Logger(label: "afterschool")) {
        self.logger = logger
    }

    /// What a finished run produced.
    public struct Outcome: Sendable {
        /// The published output folder.
        public var outputFolder: String
        public var report: IngestReport
    }

    /// `afterschool run PIPELINE.yaml [--data DIR] [--out DIR] [--set k=v]`.
    public func run(pipelinePath: String, data: String?, out: String?, overrides: [String]) throws(PipelineError) -> Outcome {
        var pipeline = try PipelineDefinition(path: pipelinePath)
        try pipeline.apply(overrides: overrides)
        guard let folder = data ?? pipeline.dataset else {
            throw .configuration("\(pipelinePath): no dataset; give --data DIR or set 'dataset' in the pipeline")
        }
        let descriptor = try readDescriptor(folder)
        let outPath = try outputPath(out ?? "notebooks-out/\(pipeline.name)/\(descriptor.term)", data: folder)
        return try execute(
            stages: pipeline.stages, pipeline: pipeline.name, folder: folder, descriptor: descriptor,
            parameters: pipeline.parameters, outPath: outPath, keepWarehouse: true)
    }

    /// `afterschool validate --data DIR [--out DIR]`: ingest and validation
    /// only; publishes `rejects.csv` and `manifest.json`.
    public func validate(data: String, out: String?) throws(PipelineError) -> Outcome {
        let descriptor = try readDescriptor(data)
        let outPath = try outputPath(out ?? "notebooks-out/validate/\(descriptor.term)", data: data)
        return try execute(
            stages: [.ingest, .validate], pipeline: nil, folder: data, descriptor: descriptor,
            parameters: Parameters(), outPath: outPath, keepWarehouse: false)
    }

    /// Runs the analysis stages in order and publishes their tables.
    private func runAnalysisStages(_ stages: [Stage], warehouse: Warehouse, parameters: Parameters,
                                   tablesFolder: String, timings: inout [String: Double],
                                   peaks: inout [String: Double], warnings: inout [String]) throws {
        /// Runs one stage's work, timed; an error names the stage.
        func timed<T>(_ name: String, _ body: () throws -> T) throws -> T {
            let clock = ContinuousClock.now
            let result: T
            do {
                result = try body()
            } catch let error as PipelineError {
                throw error
            } catch {
                throw PipelineError.stage(name: name, reason: "\(error)")
            }
            let seconds = (ContinuousClock.now - clock).seconds
            timings[name, default: 0] += seconds
            peaks[name] = peakResidentMiB()
            logger.info("\(name): done in \(formatSeconds(seconds))")
            return result
        }
        let context = StageContext(warehouse: warehouse, parameters: parameters)
        var tables: [(OutputTable, [[Cell]])] = []
        var participation: Participation?
        var coverage: Coverage?
        var satisfaction: Satisfaction?
        var audit: Audit?
        for stage in stages {
            switch stage {
            case .ingest, .validate:
                continue
            case .participation:
                participation = try timed("participation") {
                    Participation(term: try context.term(), scan: try context.scan())
                }
            case .coverage:
                coverage = try timed("coverage") {
                    Coverage(term: try context.term(), scan: try context.scan(), parameters: parameters)
                }
            case .satisfaction:
                satisfaction = try timed("satisfaction") { try context.satisfaction() }
            case .audit:
                let result = try timed("audit") {
                    try Audit(warehouse: warehouse, term: context.term(), scan: context.scan(), ledger: context.ledger(),
                              workload: context.workload(), disclosures: Disclosure.load(warehouse), parameters: parameters)
                }
                audit = result
                tables.append((.auditFindings, FinanceTables.auditRows(result)))
            case .scorecard:
                // The pipeline file is checked: these stages ran before.
                guard let participation, let coverage, let satisfaction, let audit else { continue }
                let term = try context.term()
                let scorecard = try timed("scorecard") {
                    let inputs = Scorecard.dataQualityInputs(audit: audit, term: term, ledger: try context.ledger())
                    return Scorecard(term: term, participation: participation, coverage: coverage,
                                     satisfaction: satisfaction, stakeHours: inputs.stake,
                                     claimedHours: inputs.claimed, parameters: parameters)
                }
                tables.append((.schoolScorecard, scorecard.rows(term: term)))
                tables.append((.schoolPeerComparison, PeerComparison.rows(
                    scorecard, term: term, participation: participation, parameters: parameters)))
            case .stipend:
                let (stipend, term, ledger) = try timed("stipend") {
                    let term = try context.term(), ledger = try context.ledger()
                    let stipend = try Stipend(
                        term: term, scan: try context.scan(), ledger: ledger, satisfaction: try context.satisfaction(),
                        budgets: try Stipend.loadBudgets(warehouse), parameters: parameters)
                    return (stipend, term, ledger)
                }
                warnings += stipend.warnings
                tables.append((.stipendAllocation, FinanceTables.allocationRows(stipend, term: term, ledger: ledger)))
                tables.append((.stipendSummary, FinanceTables.summaryRows(stipend, term: term)))
            case .workload:
                let workload = try timed("workload") { try context.workload() }
                tables.append((.workloadMonthly, FinanceTables.workloadRows(workload, term: try context.term(), ledger: try context.ledger())))
            }
        }
        if let participation {
            tables += TermlyTables(
                term: try context.term(), participation: participation, coverage: coverage,
                satisfaction: satisfaction, parameters: parameters).all
        }
        try FileManager.default.createDirectory(atPath: tablesFolder, withIntermediateDirectories: true)
        try timed("publish") {
            for (table, rows) in tables {
                try TablePublisher.publish(table, rows: rows, warehouse: warehouse, folder: tablesFolder)
            }
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
        let out = AtomicFolder.absolute(p), dataset = AtomicFolder.absolute(data)
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

    private func execute(stages: [Stage], pipeline: String?, folder: String, descriptor: DatasetDescriptor,
                         parameters: Parameters, outPath: String, keepWarehouse: Bool) throws(PipelineError) -> Outcome {
        if stages.contains(.stipend) && access(folder + "/" + InputFile.budget.fileName, R_OK) != 0 {
            throw .contract(.missingFile(file: InputFile.budget.fileName, folder: folder + " (the stipend stage needs it)"))
        }
        let output = try OutputFolder(path: outPath)
        var published = false
        defer { if !published { output.discard() } }

        var stageSeconds: [String: Double] = [:]
        var stagePeaks: [String: Double] = [:]
        let warehousePath = output.file("warehouse.sqlite")
        var ingest = Ingest(folder: folder, descriptor: descriptor, maxRejectShare: parameters.maxRejectShare)
        let logger = self.logger
        ingest.progress = { logger.info("\($0)") }
        let rejectsFile = try RejectsFile.open(output.file("rejects.csv"))
        ingest.onReject = { try RejectsFile.write($0, to: rejectsFile) }

        logger.info("ingest: \(folder) (\(descriptor.term))")
        let clock = ContinuousClock.now
        // One connection for the whole run; closed (set to nil) before the
        // file is removed or published.
        var warehouse: Warehouse?
        let report: IngestReport
        do {
            let opened = try Warehouse(path: warehousePath)
            warehouse = opened
            report = try ingest.run(into: opened)
        } catch let error as PipelineError {
            throw error
        } catch {
            throw .stage(name: "ingest", reason: "\(error)")
        }
        stageSeconds["ingest"] = (ContinuousClock.now - clock).seconds
        stagePeaks["ingest"] = peakResidentMiB()
        for w in report.warnings { logger.warning("\(w)") }

        try rejectsFile.finish()
        var manifest = Manifest(
            status: "complete", pipeline: pipeline, term: descriptor.term, dataset: folder,
            parameters: parameters.values, files: report.files, warnings: report.warnings,
            stageSeconds: stageSeconds, stagePeakMib: stagePeaks)

        if let over = report.overLimit, stages.contains(.validate) {
            // Stop after validation: keep the rejects for the school office,
            // beside the previous output, which stays as it was.
            manifest.status = "failed: too many rejects in \(over.file)"
            warehouse = nil
            try? FileManager.default.removeItem(atPath: warehousePath)
            try manifest.write(to: output.file("manifest.json"))
            let failed = outPath + ".failed"
            try output.publish(as: failed)
            published = true
            throw .contract(.tooManyRejects(
                file: over.file, rejected: over.rejected, records: over.records, limit: parameters.maxRejectShare,
                rejectsPath: failed + "/rejects.csv"))
        }
        let analysis = stages.filter { $0 != .ingest && $0 != .validate }
        if !analysis.isEmpty, let warehouse {
            do {
                var warnings: [String] = []
                try runAnalysisStages(analysis, warehouse: warehouse, parameters: parameters,
                                      tablesFolder: output.file("tables"), timings: &stageSeconds, peaks: &stagePeaks,
                                      warnings: &warnings)
                for w in warnings { logger.warning("\(w)") }
                manifest.warnings += warnings
            } catch let error as PipelineError {
                throw error
            } catch {
                throw .stage(name: "analysis", reason: "\(error)")
            }
            manifest.stageSeconds = stageSeconds
            manifest.stagePeakMib = stagePeaks
        }
        warehouse = nil
        if !keepWarehouse { try? FileManager.default.removeItem(atPath: warehousePath) }
        try manifest.write(to: output.file("manifest.json"))
        try output.publish()
        published = true
        // A newer complete output supersedes the rejects of an older failed run.
        try? FileManager.default.removeItem(atPath: outPath + ".failed")
        return Outcome(outputFolder: outPath, report: report)
    }
}
