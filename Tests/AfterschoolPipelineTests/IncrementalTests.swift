import AfterschoolDomain
import AfterschoolPipeline
import AfterschoolStages
import Foundation
import GRDB
import Testing

/// A re-run reads again only the input files that changed and runs only the
/// stages whose fingerprint changed; whatever it skips, its outputs equal a
/// `--force` run on the same inputs.
@Suite("Incremental runs")
struct IncrementalTests {
    static let assessment = packageRoot + "/pipelines/district-assessment.yaml"
    static let stipend = packageRoot + "/pipelines/stipend-proposal.yaml"

    /// Runs `pipeline` on `data` into `out`.
    static func run(_ pipeline: String = assessment, data: String, out: String, overrides: [String] = [],
                    force: Bool = false, build: String? = nil) throws(PipelineError) -> PipelineRunner.Outcome {
        var runner = PipelineRunner(logger: quietLogger)
        runner.buildOverride = build
        return try runner.run(pipelinePath: pipeline, data: data, out: out, overrides: overrides,
                              options: .init(force: force))
    }

    /// (name, status) of each stage.
    static func statuses(_ o: PipelineRunner.Outcome) -> [String] { o.stages.map { "\($0.name) \($0.status)" } }

    /// A copy of the sample to change.
    static func sampleCopy(_ tmp: TempDir) throws -> String {
        let data = tmp.sub("data")
        try FileManager.default.copyItem(atPath: sampleDataset, toPath: data)
        return data
    }

    /// Replaces the first `old` in `file` of `data` with `new`.
    static func edit(_ data: String, _ file: String, _ old: String, _ new: String) throws {
        let path = data + "/" + file
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let range = try #require(text.range(of: old), "\(old) not in \(file)")
        try Data(text.replacingCharacters(in: range, with: new).utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Runs `pipeline` with `--force` into `forced` and expects `out` to equal
    /// it (``expectSameOutputs(_:_:sourceLocation:)``): whatever a re-run into
    /// `out` skipped, it matches a full run on the same inputs.
    static func expectSameAsForced(_ pipeline: String = assessment, data: String, out: String, forced: String,
                                   overrides: [String] = [], build: String? = nil,
                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
        _ = try run(pipeline, data: data, out: forced, overrides: overrides, force: true, build: build)
        try expectSameOutputs(out, forced, sourceLocation: sourceLocation)
    }

    /// Expects the published files of two outputs to be byte-identical
    /// (tables, internal tables, rejects) and every warehouse table to hold
    /// the same rows.
    static func expectSameOutputs(_ a: String, _ b: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let published = { (folder: String) throws -> [String: Data] in
            try snapshot(folder).filter { !$0.key.hasPrefix(".cache/") && $0.key != "manifest.json" && $0.key != "warehouse.sqlite" }
        }
        let filesA = try published(a), filesB = try published(b)
        #expect(filesA.keys.sorted() == filesB.keys.sorted(), sourceLocation: sourceLocation)
        for (name, bytes) in filesA where filesB[name] != bytes {
            Issue.record("\(name) differs", sourceLocation: sourceLocation)
        }
        // Without a published warehouse (publish_warehouse=false) in
        // either, both must lack it.
        let warehouses = [a, b].map { FileManager.default.fileExists(atPath: $0 + "/warehouse.sqlite") }
        #expect(warehouses[0] == warehouses[1], sourceLocation: sourceLocation)
        guard warehouses[0] && warehouses[1] else { return }
        let dbA = try openWarehouse(a + "/warehouse.sqlite"), dbB = try openWarehouse(b + "/warehouse.sqlite")
        let tablesA = try dbA.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb%' ORDER BY name") }
        let tablesB = try dbB.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb%' ORDER BY name") }
        #expect(tablesA == tablesB, sourceLocation: sourceLocation)
        // Every row, as a set (rows are compared sorted by all columns).
        for table in tablesA where try allRows(dbA, table) != allRows(dbB, table) {
            Issue.record("warehouse table \(table) differs", sourceLocation: sourceLocation)
        }
    }

    @Test("a second run skips every stage, says why, and leaves the outputs as they were")
    func noChange() throws {
        let tmp = try TempDir("incr")
        defer { tmp.remove() }
        let out = tmp.sub("out")
        let first = try Self.run(data: sampleDataset, out: out)
        #expect(first.stages.allSatisfy { $0.ran })
        let before = try snapshot(out).filter { $0.key != "manifest.json" && $0.key != ".cache/state.json" }
        let second = try Self.run(data: sampleDataset, out: out)
        #expect(second.stages.map(\.name) == ["ingest", "validate", "participation", "coverage", "satisfaction", "audit", "scorecard",
                                               "report"])
        #expect(second.stages.allSatisfy { !$0.ran && $0.reason == "unchanged" })
        #expect(second.report.rejects.map(RejectKey.init) == first.report.rejects.map(RejectKey.init))
        #expect(second.report.files == first.report.files)
        #expect(second.report.warnings == first.report.warnings)
        let after = try snapshot(out).filter { $0.key != "manifest.json" && $0.key != ".cache/state.json" }
        #expect(after == before)
        #expect(try leftovers(in: tmp.path).isEmpty)

        // The manifest says what was skipped.
        let data = try #require(FileManager.default.contents(atPath: out + "/manifest.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let stages = try #require(json["stages"] as? [[String: Any]])
        #expect(stages.allSatisfy { $0["status"] as? String == "skipped" && $0["reason"] as? String == "unchanged" })
        #expect((json["tables"] as? [String: Int])?["school_scorecard"] == 2)
        #expect(RunSummary.text(second).contains("数据和参数均无变化：所有阶段均跳过"))
        var english = second
        english.language = "en"
        let summary = RunSummary.text(english)
        #expect(summary.contains("Nothing changed: every stage was skipped"))
    }

    @Test("a file whose time stamp changed but whose bytes did not changes nothing")
    func touchedFile() throws {
        let tmp = try TempDir("incr")
        defer { tmp.remove() }
        let data = try Self.sampleCopy(tmp)
        _ = try Self.run(data: data, out: tmp.sub("out"))
        let later = Date().addingTimeInterval(60)
        for file in ["satisfaction.csv", "attendance.csv", "dataset.yaml"] {
            try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: data + "/" + file)
        }
        let again = try Self.run(data: data, out: tmp.sub("out"))
        #expect(again.stages.allSatisfy { !$0.ran })
    }

    @Test("a file rewritten in place at the same size with its old time stamp is still read again")
    func racyRewrite() throws {
        let tmp = try TempDir("incr")
        defer { tmp.remove() }
        let data = try Self.sampleCopy(tmp)
        let out = tmp.sub("out")
        _ = try Self.run(data: data, out: out)
        // Same inode, same size, same modification time (to the ns): only
        // the bytes differ, as when a script rewrites a file in the same
        // clock tick the previous run hashed it.
        let path = data + "/satisfaction.csv"
        var before = stat()
        #expect(stat(path, &before) == 0)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let changed = text.replacingOccurrences(of: "R0004,S001,parent,0001057,,5,", with: "R0004,S001,parent,0001057,,2,")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.write(contentsOf: Data(changed.utf8))
        try handle.close()
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        var after = stat()
        #expect(stat(path, &after) == 0)
        #expect(after.st_ino == before.st_ino && after.st_size == before.st_size
                && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec && after.st_mtim.tv_sec == before.st_mtim.tv_sec)
        let again = try Self.run(data: data, out: out)
        #expect(again.stages.first { $0.name == "satisfaction" }?.ran == true)
        try Self.expectSameAsForced(data: data, out: out, forced: tmp.sub("forced"))
    }

    @Test("a stage taken out of the pipeline takes its tables out of the warehouse")
    func droppedStage() throws {
        let tmp = try TempDir("incr")
        defer { tmp.remove() }
        let out = tmp.sub("out")
        let yaml = try String(contentsOfFile: Self.assessment, encoding: .utf8)
        let pipeline = tmp.sub("district-assessment.yaml")
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: pipeline))
        _ = try Self.run(pipeline, data: sampleDataset, out: out)
        try Data(yaml.replacingOccurrences(of: "  - scorecard\n", with: "").utf8).write(to: URL(fileURLWithPath: pipeline))
        let again = try Self.run(pipeline, data: sampleDataset, out: out)
        #expect(!again.stages.contains { $0.name == "scorecard" })
        // Only the report, which shows every earlier stage's tables, runs.
        #expect(again.stages.filter { $0.ran }.map(\.name) == ["report"])
        #expect(!exists(out + "/tables/school_scorecard.csv"))
        let db = try openWarehouse(out + "/warehouse.sqlite")
        #expect(try db.read { try Bool.fetchOne($0, sql: "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'school_scorecard'") } == false)
        try Self.expectSameAsForced(pipeline, data: sampleDataset, out: out, forced: tmp.sub("forced"))
    }

    @Test("one satisfaction row changed: only the stages that read it and those after them run, as plan said")
    func satisfactionRow() throws {
        let tmp = try TempDir("incr")
        defer { tmp.remove() }
        let data = try Self.sampleCopy(tmp)
        let out = tmp.sub("out")
        let first = try Self.run(data: data, out: out)
        let summaryBefore = try snapshot(out)["tables/school_summary.csv"]
        try Self.edit(data, "satisfaction.csv", "R0004,S001,parent,0001057,,5,", "R0004,S001,parent,0001057,,2,")

        let plan = try PipelineRunner(logger: quietLogger).plan(
            pipelinePath: Self.assessment, data: data, out: out, overrides: [])
        #expect(plan.stages.map { "\($0.name) \($0.run ? "run" : "skip")" } == [
            "ingest run", "validate run", "participation skip", "coverage skip", "satisfaction run", "audit skip",
            "scorecard run", "report run",
        ])
        #expect(plan.stages.first { $0.name == "satisfaction" }?.reason == "satisfaction.csv changed")
        #expect(plan.stages.first { $0.name == "scorecard" }?.reason == "stage satisfaction runs again")
        #expect(plan.files.filter(\.run).map(\.name) == ["satisfaction.csv"])
        // Printed in the pipeline's report_language: Chinese by default, English on request.
        let printed = plan.description.split(separator: "\n")
        #expect(printed.contains { $0.hasPrefix("  satisfaction ") && $0.hasSuffix("  运行  satisfaction.csv 有改动") }, "\(plan)")
        #expect(printed.contains { $0.hasPrefix("  audit ") && $0.hasSuffix("  跳过  无变化") }, "\(plan)")
        #expect(printed.contains { $0.hasSuffix("所依赖的阶段 satisfaction 要重新运行") })
        #expect(printed.last == "8 个阶段中有 5 个会运行。")
        let english = try PipelineRunner(logger: quietLogger).plan(
            pipelinePath: Self.assessment, data: data, out: out, overrides: ["report_language=en"]).description
        #expect(english.contains("satisfaction.csv changed") && english.hasSuffix("5 of 8 stages would run."), "\(english)")

        let second = try Self.run(data: data, out: out)
        #expect(second.stages.map { "\($0.name) \($0.ran ? "run" : "skip")" }
                == plan.stages.map { "\($0.name) \($0.run ? "run" : "skip")" })
        #expect(second.stages.map(\.reason) == plan.stages.map(\.reason))
        #expect(second.report.rejects.map(RejectKey.init) == first.report.rejects.map(RejectKey.init))

        try Self.expectSameAsForced(data: data, out: out, forced: tmp.sub("forced"))
        // The change shows: the school's mean moved.
        #expect(try snapshot(out)["tables/school_summary.csv"] != summaryBefore)
    }

    @Test("one attendance row changed: ingest reads attendance only; the stages on attendance run; equal to --force")
    func attendanceRow() throws {
        let tmp = try TempDir("incr")
        defer { tmp.remove() }
        let data = try Self.sampleCopy(tmp)
        let out = tmp.sub("out")
        _ = try Self.run(data: data, out: out)
        let text = try String(contentsOfFile: data + "/attendance.csv", encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasSuffix(",present,") || $0.contains(",present,") })
        try Self.edit(data, "attendance.csv", String(line), String(line).replacingOccurrences(of: ",present,", with: ",absent,"))
        let second = try Self.run(data: data, out: out)
        #expect(Self.statuses(second) == [
            "ingest ran", "validate ran", "participation ran", "coverage ran", "satisfaction ran", "audit ran",
            "scorecard ran", "report ran",
        ])
        #expect(second.stages[0].reason == "1 of 13 files read again: attendance.csv")
        try Self.expectSameAsForced(data: data, out: out, forced: tmp.sub("forced"))
    }

    @Test("a changed student row reads again the files that refer to students, and equals --force")
    func rosterRow() throws {
        let tmp = try TempDir("incr")
        defer { tmp.remove() }
        let data = try Self.sampleCopy(tmp)
        let out = tmp.sub("out")
        _ = try Self.run(Self.stipend, data: data, out: out)
        // A student moves to another class: the roster, and every file
        // whose rows refer to students, are read again.
        let text = try String(contentsOfFile: data + "/students.csv", encoding: .utf8)
        let row = String(try #require(text.split(separator: "\n").dropFirst(3).first))
        var fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[3] = fields[3] + "x"
        try Self.edit(data, "students.csv", row, fields.joined(separator: ","))
        let plan = try PipelineRunner(logger: quietLogger).plan(pipelinePath: Self.stipend, data: data, out: out, overrides: [])
        #expect(plan.files.filter(\.run).map(\.name) == [
            "students.csv", "pe_timetable.csv", "survey.csv", "attendance.csv", "satisfaction.csv",
        ])
        #expect(plan.files.first { $0.name == "survey.csv" }?.reason == "refers to students.csv, which is read again")
        _ = try Self.run(Self.stipend, data: data, out: out)
        try Self.expectSameAsForced(Self.stipend, data: data, out: out, forced: tmp.sub("forced"))
    }

    @Test("a new program version runs everything again")
    func programVersion() throws {
        let tmp = try TempDir("incr")
        defer { tmp.remove() }
        let out = tmp.sub("out")
        _ = try Self.run(data: sampleDataset, out: out, build: "build-1")
        let same = try Self.run(data: sampleDataset, out: out, build: "build-1")
        #expect(same.stages.allSatisfy { !$0.ran })
        let next = try Self.run(data: sampleDataset, out: out, build: "build-2")
        #expect(next.stages.allSatisfy { $0.ran })
        #expect(next.stages[2].reason.contains("the program changed"))
        try Self.expectSameAsForced(data: sampleDataset, out: out, forced: tmp.sub("forced"), build: "build-2")
    }

    @Test("--force runs every stage")
    func force() throws {
        let tmp = try TempDir("incr")
        defer { tmp.remove() }
        _ = try Self.run(data: sampleDataset, out: tmp.sub("out"))
        let forced = try Self.run(data: sampleDataset, out: tmp.sub("out"), force: true)
        #expect(forced.stages.allSatisfy { $0.ran && $0.reason == "--force" })
    }

    @Test("a damaged cache is not trusted: a published table edited by hand is made again")
    func damagedCache() throws {
        let tmp = try TempDir("incr")
        defer { tmp.remove() }
        let out = tmp.sub("out")
        _ = try Self.run(data: sampleDataset, out: out)
        let table = out + "/tables/school_summary.csv"
        let original = try Data(contentsOf: URL(fileURLWithPath: table))
        try Data("edited\n".utf8).write(to: URL(fileURLWithPath: table))
        let again = try Self.run(data: sampleDataset, out: out)
        #expect(again.stages.allSatisfy { $0.ran })
        #expect(again.stages[0].reason.contains("damaged"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: table)) == original)

        // A cache state that is not JSON: everything runs, nothing breaks.
        try Data("{".utf8).write(to: URL(fileURLWithPath: out + "/.cache/state.json"))
        let third = try Self.run(data: sampleDataset, out: out)
        #expect(third.stages.allSatisfy { $0.ran })
    }

    /// A value of the parameter other than its default, still valid.
    static func otherValue(_ spec: ParameterSpec) -> String {
        switch spec.kind {
        case let .number(range):
            let d = Double(spec.defaultText) ?? 0
            let v = d + 0.05 <= range.upperBound ? d + 0.05 : d - 0.05
            return String(v)
        case let .integer(range):
            let d = Int(spec.defaultText) ?? 0
            return String(d + 7 <= range.upperBound ? d + 7 : d - 7)
        case .time:
            return ["window_start": "15:00", "window_end": "17:50", "summer_end": "17:00", "winter_end": "17:00"][spec.name] ?? "16:00"
        case .months:
            return "9-12"
        case .list:
            return "teacher"
        case let .choice(options):
            return options.first { $0 != spec.defaultText } ?? spec.defaultText
        }
    }

    @Test("any parameter changed: the re-run equals --force (every stage declares what it reads)",
          arguments: ParameterSpec.all.map(\.name))
    func parameter(name: String) throws {
        let spec = try #require(ParameterSpec.named(name))
        var overrides = ["\(name)=\(Self.otherValue(spec))"]
        if name == "peer_small_below" { overrides.append("peer_large_from=2000") }
        if name == "max_reject_share" { overrides = ["max_reject_share=0.2"] }
        for pipeline in [Self.assessment, Self.stipend] {
            let tmp = try TempDir("incr-param")
            defer { tmp.remove() }
            let out = tmp.sub("out")
            _ = try Self.run(pipeline, data: sampleDataset, out: out)
            let changed = try Self.run(pipeline, data: sampleDataset, out: out, overrides: overrides)
            try Self.expectSameAsForced(pipeline, data: sampleDataset, out: out, forced: tmp.sub("forced"), overrides: overrides)
            // Only stages that declare the parameter (or read a stage that
            // ran again) run.
            for s in changed.stages where s.ran && s.name != "ingest" {
                let names = overrides.map { String($0.prefix { $0 != "=" }) }
                #expect(names.contains { s.reason.contains($0) } || s.reason.contains("runs again"), "\(s.name): \(s.reason)")
            }
        }
    }
}

/// Every reason `plan` can give, in both languages.
@Suite("Plan reasons")
struct PlanReasonTests {
    static let all: [PlanReason] = [
        .unchanged, .noEarlierResult, .forced, .otherRun, .damagedCache(.output("tables/school_summary.csv")), .damagedCache(.warehouseChanged),
        .fileRemoved("budget.csv"), .fileNew("budget.csv"), .fileChanged("survey.csv"), .refersTo("students.csv"),
        .programChanged, .partsChanged, .otherPartChanged, .encodingChanged, .datasetChanged, .changed,
        .repeatedKeysAfterEarlierPart, .filesReadAgain(count: 2, of: 13, names: ["survey.csv", "attendance.csv"]),
        .inputFilesReadAgain, .rejectShareChanged, .stageRunsAgain("coverage"),
        .parameterChanged(name: "min_cell", before: nil, after: "5"), .stageVersionChanged,
        .everyFileReadAgain(because: .programChanged),
    ]

    @Test("each reason reads in Chinese (with the names it carries) and in English, and no two say the same")
    func bothLanguages() {
        for reason in Self.all {
            #expect(reason.zh.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(reason.zh)")
            #expect(reason.text(.zh) == reason.zh && reason.text(.en) == reason.en)
        }
        #expect(Set(Self.all.map(\.zh)).count == Self.all.count)
        #expect(Set(Self.all.map(\.en)).count == Self.all.count)
        #expect(PlanReason.filesReadAgain(count: 2, of: 13, names: ["survey.csv", "attendance.csv"]).zh
                == "13 个文件中重新读取 2 个：survey.csv、attendance.csv")
        #expect(PlanReason.parameterChanged(name: "min_cell", before: nil, after: "5").zh == "参数 min_cell 有改动（未设置 → 5）")
        #expect(PlanReason.everyFileReadAgain(because: .programChanged).en == "every input file is read again (the program changed)")
    }
}
