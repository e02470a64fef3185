import AfterschoolDomain
import AfterschoolPipeline
import AfterschoolStages
import AfterschoolWarehouse
import Foundation
import Testing

/// The pipeline's stage list against the stages' declarations.
@Suite("Stage graph")
struct StageGraphTests {
    static func pipeline(_ stages: String) throws(PipelineError) -> PipelineDefinition {
        try PipelineDefinition(yaml: "name: p\nstages: [\(stages)]\n", source: "p.yaml")
    }

    static func error(_ stages: String) -> String? {
        do {
            _ = try pipeline(stages)
            return nil
        } catch {
            #expect(error.exitStatus == 2)
            return error.description
        }
    }

    @Test("a stage whose input no listed stage makes is refused, naming both")
    func missingUpstream() throws {
        let message = try #require(Self.error("ingest, validate, participation, coverage, satisfaction, scorecard"))
        #expect(message.contains("'scorecard'"))
        #expect(message.contains("'audit'"))
        #expect(message.contains("p.yaml"))
        let order = try #require(Self.error("ingest, coverage, participation"))
        #expect(order.contains("'coverage'") && order.contains("'participation'"))
    }

    @Test("unknown stages, stages listed twice, and stages before ingest are refused")
    func badLists() throws {
        #expect(Self.error("ingest, report_card")?.contains("unknown stage 'report_card'") == true)
        #expect(Self.error("ingest, audit, audit")?.contains("listed twice") == true)
        #expect(Self.error("audit, ingest")?.contains("'ingest'") == true)
    }

    @Test("the shipped pipelines are valid, and each stage's inputs come before it")
    func shipped() throws {
        for name in ["termly-evaluation", "district-assessment", "stipend-proposal"] {
            let p = try PipelineDefinition(path: packageRoot + "/pipelines/\(name).yaml")
            #expect(p.stages.first == "ingest")
            // The dataset is relative to the pipeline file.
            #expect(p.dataset == URL(fileURLWithPath: packageRoot + "/datasets/sample").standardizedFileURL.path)
        }
    }

    @Test("every declared table is made by exactly one stage, and each stage's parameters are known")
    func declarations() throws {
        var seen: [String: String] = [:]
        for entry in StageCatalogue.stages {
            let d = entry.declaration
            for t in d.tables {
                #expect(seen[t.name] == nil, "\(t.name) declared by \(seen[t.name] ?? "") and \(d.name)")
                seen[t.name] = d.name
            }
            for p in entry.parameterKeys(Parameters()) { #expect(ParameterSpec.named(p) != nil, "\(d.name): \(p)") }
            for a in d.after { #expect(StageCatalogue.entry(named: a) != nil, "\(d.name) after \(a)") }
        }
        #expect(seen["audit_findings"] == "audit")
        // Every parameter is read by some stage (or by validate).
        let used = Set(StageCatalogue.stages.flatMap { $0.parameterKeys(Parameters()) } + ["max_reject_share"])
        #expect(used == Set(ParameterSpec.all.map(\.name)))
        // A stage's parameter keys are its typed struct's coding keys.
        #expect(StageCatalogue.entry(named: "coverage")?.parameterKeys(Parameters()) == [
            "min_cell", "min_daily_minutes", "min_sport_minutes", "summer_end", "summer_months", "window_end",
            "window_start", "winter_end",
        ])
        #expect(StageCatalogue.entry(named: "stipend")?.parameterKeys(Parameters()).contains("satisfaction_cap") == true)
        #expect(seen["school_summary"] == "satisfaction")
    }
}

/// An output folder belongs to one pipeline and one dataset, one run at a
/// time; a killed run leaves the previous output intact.
@Suite("Output folder ownership and safety")
struct OutputOwnershipTests {
    static let stipend = packageRoot + "/pipelines/stipend-proposal.yaml"

    @Test("another pipeline's output folder is replaced only with --replace")
    func otherPipeline() throws {
        let tmp = try TempDir("owner")
        defer { tmp.remove() }
        let out = tmp.sub("out")
        _ = try runPipeline(data: sampleDataset, out: out)
        let before = try snapshot(out)
        let runner = PipelineRunner(logger: quietLogger)
        do {
            _ = try runner.run(pipelinePath: Self.stipend, data: sampleDataset, out: out, overrides: [])
            Issue.record("the stipend run replaced the termly evaluation's folder")
        } catch {
            #expect(error.exitStatus == 2)
            #expect(error.description.contains("termly-evaluation"))
            #expect(error.description.contains("--replace"))
        }
        #expect(try snapshot(out) == before)
        let replaced = try runner.run(pipelinePath: Self.stipend, data: sampleDataset, out: out, overrides: [],
                                      options: .init(replace: true))
        #expect(replaced.stages.allSatisfy { $0.ran })
        #expect(exists(out + "/tables/stipend_allocation.csv"))
        #expect(!exists(out + "/tables/school_summary.csv"))
    }

    @Test("the default output folder names the pipeline, the district and the term")
    func defaultFolder() throws {
        let tmp = try TempDir("owner")
        defer { tmp.remove() }
        var data = MiniDataset.valid()
        data.term = "2025-autumn"
        try data.write(to: tmp.sub("pudong"))
        let cwd = FileManager.default.currentDirectoryPath
        // The runner resolves the default against the current folder.
        let expected = "notebooks-out/termly-evaluation/pudong/2025-autumn"
        let outcome = try PipelineRunner(logger: quietLogger).plan(
            pipelinePath: termlyPipeline, data: tmp.sub("pudong"), out: nil, overrides: [])
        #expect(outcome.outputFolder == expected)
        #expect(FileManager.default.currentDirectoryPath == cwd)
        try Data("term: 2025-autumn\ntitle: t\nstart: 2025-09-01\nend: 2025-09-02\ndistrict: xuhui\n".utf8)
            .write(to: URL(fileURLWithPath: tmp.sub("pudong") + "/dataset.yaml"))
        let named = try PipelineRunner(logger: quietLogger).plan(
            pipelinePath: termlyPipeline, data: tmp.sub("pudong"), out: nil, overrides: [])
        #expect(named.outputFolder == "notebooks-out/termly-evaluation/xuhui/2025-autumn")
    }

    @Test("a second run on the same output folder stops at once while the first holds it")
    func locked() throws {
        let tmp = try TempDir("owner")
        defer { tmp.remove() }
        let out = tmp.sub("out")
        let fd = try AtomicFolder.lock(out)
        defer { close(fd) }
        let error = try #require(pipelineError(data: sampleDataset, out: out))
        #expect(error.exitStatus == 2)
        #expect(error.description.contains("another afterschool run"))
        #expect(!exists(out))
    }

    @Test("killed at any moment (kill -9), the previous output stays whole and the next run works")
    func killed() throws {
        let binary = try #require(CommandLineTests.binary, "build the package first: no afterschool binary")
        let tmp = try TempDir("kill")
        defer { tmp.remove() }
        let data = tmp.sub("data")
        try FileManager.default.copyItem(atPath: sampleDataset, toPath: data)
        let out = tmp.sub("out")
        _ = try runPipeline(data: data, out: out)
        let before = try snapshot(out)
        // Change an input so every kill interrupts real work.
        let path = data + "/satisfaction.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "R0004,S001,parent,0001057,,5,", with: "R0004,S001,parent,0001057,,2,").utf8)
            .write(to: URL(fileURLWithPath: path))
        func start() throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["run", termlyPipeline, "--data", data, "--out", out, "--force", "--quiet"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        // How long a whole run takes here, into another folder.
        let clock = ContinuousClock.now
        let timing = Process()
        timing.executableURL = URL(fileURLWithPath: binary)
        timing.arguments = ["run", termlyPipeline, "--data", data, "--out", tmp.sub("timing"), "--quiet"]
        timing.standardOutput = FileHandle.nullDevice
        timing.standardError = FileHandle.nullDevice
        try timing.run()
        timing.waitUntilExit()
        let (seconds, attoseconds) = (ContinuousClock.now - clock).components
        let totalMicroseconds = Double(seconds) * 1e6 + Double(attoseconds) / 1e12
        var killedEarly = 0
        for step in 0..<16 {
            let delayMs = Int(totalMicroseconds / 1000 * Double(step) / 15)
            let process = try start()
            usleep(useconds_t(delayMs * 1000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killedEarly += 1 }
            // Whatever the moment, the folder is a complete output: the
            // earlier one, or (once a run got through) a new one.
            let now = try snapshot(out)
            #expect(now["manifest.json"] != nil && now["warehouse.sqlite"] != nil && now["tables/school_summary.csv"] != nil,
                    "after a kill at \(delayMs) ms the output is incomplete")
            if now["tables/school_summary.csv"] == before["tables/school_summary.csv"] {
                #expect(now.filter { !$0.key.hasPrefix(".cache") } == before.filter { !$0.key.hasPrefix(".cache") },
                        "after a kill at \(delayMs) ms the previous output changed")
            }
        }
        #expect(killedEarly > 0, "no run was killed before it finished")
        let next = try runPipeline(data: data, out: out)
        #expect(next.report.files.count == InputFile.allCases.count)
        _ = try runPipeline(data: data, out: tmp.sub("forced"), options: .init(force: true))
        #expect(try snapshot(out + "/tables") == snapshot(tmp.sub("forced") + "/tables"))
        #expect(try leftovers(in: tmp.path).isEmpty, "staging folders of killed runs are swept")
    }
}

/// Every published table's declaration is complete: a title and a label for
/// each column in both languages, decimals that match the kind.
@Suite("Table declarations")
struct TableDeclarationTests {
    @Test("every column and table of every stage has a Chinese and an English label")
    func labels() {
        for entry in StageCatalogue.stages {
            for table in entry.declaration.tables {
                #expect(TableLabels.tables[table.name] != nil, "\(table.name) has no title")
                for column in table.columns {
                    #expect(TableLabels.columns[column.name] != nil, "\(table.name).\(column.name) has no label")
                    #expect(!column.label.zh.isEmpty && !column.label.en.isEmpty)
                    #expect(column.label.zh.unicodeScalars.contains { $0.value >= 0x4E00 }, "\(column.name): zh label")
                }
            }
        }
    }

    @Test("privacy decides the folder; suppressible tables have a suppressed flag")
    func privacy() {
        for entry in StageCatalogue.stages {
            for table in entry.declaration.tables {
                // Only internal tables name students; they and the counts
                // behind the ratios go to internal/, never tables/.
                #expect((table.privacy == .internal) == table.columns.contains { $0.name == "student_id" }, "\(table.name)")
                #expect(table.isInternal == (table.privacy != .public), "\(table.name)")
                if table.suppressible { #expect(table.columns.contains { $0.name == "suppressed" && $0.kind == .flag }) }
            }
        }
        #expect(CellKind.ratio.decimals == 4 && CellKind.money.decimals == 2 && CellKind.hours.decimals == 2)
    }
}

@Suite("Live progress line")
struct ProgressLineTests {
    @Test("rows, rate, share of the file and time left")
    func text() {
        let line = ProgressLine(file: "attendance.csv", records: 12_500_000, bytesRead: 410_000_000,
                                totalBytes: 1_640_000_000, seconds: 10)
        #expect(line.text == "attendance.csv  12.5M rows  41 MB/s  25%  about 30 s left")
        let slow = ProgressLine(file: "attendance.csv", records: 950, bytesRead: 100, totalBytes: 1000, seconds: 100)
        #expect(slow.text == "attendance.csv  950 rows  0 MB/s  10%  about 15 min 00 s left")
        #expect(ProgressLine(file: "a.csv", records: 12_345, bytesRead: 0, totalBytes: 0, seconds: 0).text == "a.csv  12.3K rows")
    }
}

/// Parameters in a pipeline file are checked against what the stages read.
@Suite("Pipeline parameters")
struct PipelineParameterTests {
    static func error(_ parameters: String) -> PipelineError? {
        do {
            _ = try PipelineDefinition(yaml: "name: p\nstages: [ingest, validate]\nparameters:\n" + parameters, source: "p.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test("an unknown key or a wrong type is a configuration error naming the key and the file", arguments: [
        ("  min_cel: 10\n", "min_cel"),
        ("  min_cell: ten\n", "min_cell"),
        ("  window_start: \"25:00\"\n", "window_start"),
        ("  summer_months: \"5-13\"\n", "summer_months"),
        ("  eligible_kinds: [teacher, wizard]\n", "eligible_kinds"),
    ])
    func refused(_ yaml: String, _ key: String) throws {
        let error = try #require(Self.error(yaml))
        #expect(error.exitStatus == 2)
        #expect(error.description.contains(key))
        #expect(error.description.contains("p.yaml"))
    }

    @Test("each value reaches the stage's typed parameters, with where it came from")
    func typed() throws {
        var p = try PipelineDefinition(
            yaml: "name: p\nstages: [ingest]\nparameters:\n  min_cell: 5\n  summer_months: [6, 5, 7]\n", source: "p.yaml")
        try p.apply(overrides: ["min_sport_minutes=45"])
        let coverage = CoverageParameters(p.parameters)
        #expect(coverage.minCell == 5 && coverage.summerMonths == [5, 6, 7] && coverage.minSportMinutes == 45)
        #expect(p.parameters.source(of: "min_cell") == "pipeline")
        #expect(p.parameters.source(of: "min_sport_minutes") == "--set")
        #expect(p.parameters.source(of: "min_daily_minutes") == "default")
    }
}
