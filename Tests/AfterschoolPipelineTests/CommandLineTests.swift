import AfterschoolPipeline
import Foundation
import Testing

/// The built `afterschool` binary, run with the package root as the current
/// directory: exit status 0 done, 1 bad data, 2 bad usage or configuration.
@Suite("Command line")
struct CommandLineTests {
    typealias Result = ExternalTools.Result

    /// The `afterschool` executable: beside the test bundle (the build
    /// folder `swift test` used), else `.build/debug/afterschool`.
    static let binary: String? = {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["AFTERSCHOOL_BINARY"] { candidates.append(env) }
        for bundle in Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("afterschool").path)
        }
        if let exe = Bundle.main.executableURL {
            candidates.append(exe.deletingLastPathComponent().appendingPathComponent("afterschool").path)
        }
        candidates.append(packageRoot + "/.build/debug/afterschool")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Runs the binary with `arguments`, in the package root.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let binary = try #require(Self.binary, "build the package first (swift build): no afterschool binary found")
        return try ExternalTools.run(binary, arguments, in: packageRoot, environment: environment)
    }

    static let pipeline = "pipelines/termly-evaluation.yaml"

    @Test("run: exits 0 and the last line names the output folder")
    func runSample() throws {
        let tmp = try TempDir("cli")
        defer { tmp.remove() }
        let out = tmp.sub("out")
        let r = try Self.run(["run", Self.pipeline, "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let last = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.contains(out), "last line: \(last)")
        // The summary is in the report's language, Chinese by default.
        #expect(r.stdout.contains("共拒绝 32 行"))
        #expect(last == "报告：\(out)/report.html")
        #expect(exists(out + "/warehouse.sqlite"))
        #expect(try readRejectKeys(out + "/rejects.csv").count == 32)
        #expect(exists(out + "/manifest.json"))
        // Progress and warnings go to stderr.
        #expect(r.stderr.contains("attendance.csv"))
        #expect(r.stderr.contains("warning: calendar.csv"))
    }

    @Test("run twice: the second run skips every stage and says so; plan says the same beforehand")
    func runTwice() throws {
        let tmp = try TempDir("cli")
        defer { tmp.remove() }
        let out = tmp.sub("out")
        #expect(try Self.run(["run", Self.pipeline, "--out", out, "--quiet"]).status == 0)
        let plan = try Self.run(["plan", Self.pipeline, "--out", out])
        #expect(plan.status == 0, "\(plan.stderr)")
        // In the pipeline's report_language, Chinese by default.
        #expect(plan.stdout.contains("participation  跳过  无变化"), "\(plan.stdout)")
        #expect(plan.stdout.contains("无需运行：所有阶段都会跳过。"))
        let again = try Self.run(["run", Self.pipeline, "--out", out])
        #expect(again.status == 0)
        #expect(again.stdout.contains("所有阶段均跳过"))
        let english = try Self.run(["run", Self.pipeline, "--out", out, "--set", "report_language=en", "--quiet"])
        #expect(english.stdout.contains("Report: \(out)/report.html"))
        #expect(again.stderr.contains("audit: skipped (unchanged)"))
        let forced = try Self.run(["plan", Self.pipeline, "--out", out, "--force", "--set", "report_language=en"])
        #expect(forced.stdout.contains("audit          run   --force"), "\(forced.stdout)")
        #expect(forced.stdout.contains("7 of 7 stages would run."))
        let other = try Self.run(["run", "pipelines/stipend-proposal.yaml", "--out", out])
        #expect(other.status == 2)
        #expect(other.stderr.contains("--replace"))
    }

    @Test("run --set with an unknown parameter exits 2")
    func unknownParameter() throws {
        let tmp = try TempDir("cli")
        defer { tmp.remove() }
        let r = try Self.run(["run", Self.pipeline, "--out", tmp.sub("out"), "--set", "nope=1"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("nope"))
        #expect(!exists(tmp.sub("out")))
    }

    @Test("run --set with a bad value exits 2", arguments: ["max_reject_share=abc", "max_reject_share=1.5", "max_reject_share"])
    func badParameterValue(_ setting: String) throws {
        let tmp = try TempDir("cli")
        defer { tmp.remove() }
        let r = try Self.run(["run", Self.pipeline, "--out", tmp.sub("out"), "--set", setting])
        #expect(r.status == 2)
        #expect(r.stderr.contains("max_reject_share"))
        #expect(!exists(tmp.sub("out")))
    }

    @Test("run with a missing pipeline file exits 2")
    func missingPipeline() throws {
        let tmp = try TempDir("cli")
        defer { tmp.remove() }
        let r = try Self.run(["run", "pipelines/no-such-pipeline.yaml", "--out", tmp.sub("out")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no-such-pipeline.yaml"))
        #expect(!exists(tmp.sub("out")))
    }

    @Test("validate: exits 0 and writes rejects.csv")
    func validateSample() throws {
        let tmp = try TempDir("cli")
        defer { tmp.remove() }
        let out = tmp.sub("out")
        let r = try Self.run(["validate", "--data", "datasets/sample", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try readRejectKeys(out + "/rejects.csv").count == 32)
        #expect(r.stdout.split(separator: "\n").last?.contains(out + "/rejects.csv") == true)
        #expect(!exists(out + "/warehouse.sqlite"))
    }

    @Test("validate --language: the summary and rejects.csv's messages in Chinese by default, in English with en")
    func validateLanguage() throws {
        let tmp = try TempDir("cli")
        defer { tmp.remove() }
        let zh = try Self.run(["validate", "--data", "datasets/sample", "--out", tmp.sub("zh")])
        let en = try Self.run(["validate", "--data", "datasets/sample", "--out", tmp.sub("en"), "--language", "en"])
        #expect(zh.status == 0 && en.status == 0)
        #expect(zh.stdout.contains("文件") && zh.stdout.contains("被拒绝的行已写入"))
        #expect(en.stdout.contains("records") && en.stdout.contains("Rejects written to"))
        let zhRows = try readRejects(tmp.sub("zh") + "/rejects.csv"), enRows = try readRejects(tmp.sub("en") + "/rejects.csv")
        #expect(zhRows.first?["message"] == "学号（student_id）为 0001005 的行此前已被接受；保留第一行，本行不计入")
        #expect(enRows.first?["message"] == "a row with student_id 0001005 was already accepted; the first row is kept")
        let bad = try Self.run(["validate", "--data", "datasets/sample", "--out", tmp.sub("x"), "--language", "fr"])
        #expect(bad.status != 0 && !exists(tmp.sub("x")))
    }

    @Test("validate a dataset missing a required file: exits 1, naming the file")
    func validateMissingFile() throws {
        let tmp = try TempDir("cli")
        defer { tmp.remove() }
        var data = MiniDataset.valid()
        data.files[.attendance] = nil
        try data.write(to: tmp.sub("data"))
        let r = try Self.run(["validate", "--data", tmp.sub("data"), "--out", tmp.sub("out")])
        #expect(r.status == 1)
        #expect(r.stderr.contains("attendance.csv"))
        #expect(!exists(tmp.sub("out")))
    }

    @Test("validate with too many rejects exits 1 and keeps the rejects in .failed")
    func validateTooManyRejects() throws {
        let tmp = try TempDir("cli")
        defer { tmp.remove() }
        try RejectShareTests.dataset(records: 20, bad: 2).write(to: tmp.sub("data"))
        let r = try Self.run(["validate", "--data", tmp.sub("data"), "--out", tmp.sub("out")])
        #expect(r.status == 1)
        #expect(r.stderr.contains("students.csv"))
        #expect(exists(tmp.sub("out") + ".failed/rejects.csv"))
    }

    @Test("generate: exits 0, writes the dataset and planted.json, progress on stderr, rows on stdout")
    func generateSmall() throws {
        let tmp = try TempDir("cli")
        defer { tmp.remove() }
        let out = tmp.sub("synthetic")
        let r = try Self.run(["generate", "--scale", "small", "--seed", "1", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(exists(out + "/dataset.yaml") && exists(out + "/planted.json") && exists(out + "/attendance.csv"))
        #expect(r.stdout.contains("attendance.csv"))
        #expect(r.stderr.contains("generate: 2/2 schools"))
    }

    @Test("generate: a folder that is not a dataset is refused (exit 2) and left alone")
    func generateRefusesForeignFolder() throws {
        let tmp = try TempDir("cli")
        defer { tmp.remove() }
        try Data("notes".utf8).write(to: URL(fileURLWithPath: tmp.sub("notes.txt")))
        let r = try Self.run(["generate", "--scale", "small", "--seed", "1", "--out", tmp.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("refusing to replace"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path) == ["notes.txt"])
    }

    @Test("bad usage exits 2", arguments: [
        ["frobnicate"],
        ["run", "pipelines/termly-evaluation.yaml", "--bogus"],
        ["validate"],
        ["run"],
        ["validate", "--data"],
        ["generate", "--scale", "huge", "--seed", "1", "--out", "/tmp/afterschool-never"],
        ["generate", "--scale", "small", "--seed", "-1", "--out", "/tmp/afterschool-never"],
        ["generate", "--scale", "small", "--out", "/tmp/afterschool-never"],
    ])
    func badUsage(_ arguments: [String]) throws {
        let r = try Self.run(arguments)
        #expect(r.status == 2, "\(arguments): \(r.stderr)")
        #expect(!r.stderr.isEmpty)
    }

    @Test("--version and --help exit 0")
    func versionAndHelp() throws {
        let v = try Self.run(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.contains(AfterschoolVersion.current))
        let h = try Self.run(["--help"])
        #expect(h.status == 0)
        #expect(h.stdout.contains("validate"))
    }
}
