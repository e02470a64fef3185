import AfterschoolDomain
import AfterschoolPipeline
import Foundation
import Testing

/// `max_reject_share`: a share equal to it passes, more stops the run after
/// validation with the rejects in `<out>.failed/`, leaving the previous
/// output as it was.
@Suite("Reject share")
struct RejectShareTests {
    /// The minimal dataset with `students.csv` holding `records` non-blank
    /// records, the last `bad` of them rejected (grade 10, out of range),
    /// and `blankLines` blank lines plus `blankRecords` all-blank records
    /// (`,,,`) spread among them.
    static func dataset(records: Int, bad: Int, blankLines: Int = 0, blankRecords: Int = 0) -> MiniDataset {
        var data = MiniDataset.valid()
        let base = data.lineCount(.students) - 1
        for i in (base + 1)...records {
            let id = i < 10 ? "00\(i)" : i < 100 ? "0\(i)" : "\(i)"
            let grade = i > records - bad ? "10" : "3"
            data.append(.students, "\(id),S1,\(grade),3-1")
            if i <= blankLines { data.append(.students, "") }
            if i <= blankRecords { data.append(.students, ",,,") }
        }
        return data
    }

    @Test("1 rejected of 20 records (exactly 0.05) passes")
    func equalSharePasses() throws {
        let tmp = try TempDir("share")
        defer { tmp.remove() }
        try Self.dataset(records: 20, bad: 1).write(to: tmp.sub("data"))
        let outcome = try runPipeline(data: tmp.sub("data"), out: tmp.sub("out"))
        let students = try #require(outcome.report.files.first { $0.file == "students.csv" })
        #expect(students.records == 20)
        #expect(students.rejected == 1)
        #expect(students.rejectShare == 0.05)
        #expect(outcome.report.overLimit == nil)
        #expect(try readRejectKeys(tmp.sub("out") + "/rejects.csv") == [RejectKey("students.csv", 21, "grade", "out_of_range")])
    }

    @Test("2 rejected of 20 records stops the run with tooManyRejects, exit status 1")
    func overShareFails() throws {
        let tmp = try TempDir("share")
        defer { tmp.remove() }
        try Self.dataset(records: 20, bad: 2).write(to: tmp.sub("data"))
        let out = tmp.sub("out")
        let error = try #require(pipelineError(data: tmp.sub("data"), out: out))
        #expect(error.exitStatus == 1)
        guard case let .contract(.tooManyRejects(file, rejected, records, limit, rejectsPath)) = error else {
            Issue.record("expected tooManyRejects, got \(error)")
            return
        }
        #expect(file == "students.csv")
        #expect(rejected == 2)
        #expect(records == 20)
        #expect(limit == 0.05)
        #expect(rejectsPath == out + ".failed/rejects.csv")
        #expect(error.description.contains("students.csv"))
        #expect(error.description.contains(rejectsPath))

        #expect(!exists(out), "no output folder for a failed run")
        #expect(try readRejectKeys(rejectsPath) == [
            RejectKey("students.csv", 20, "grade", "out_of_range"),
            RejectKey("students.csv", 21, "grade", "out_of_range"),
        ])
        #expect(exists(out + ".failed/manifest.json"))
        #expect(!exists(out + ".failed/warehouse.sqlite"))
        #expect(try leftovers(in: tmp.path).isEmpty)
    }

    @Test("a failing run leaves the previous output as it was; the next good run clears .failed")
    func previousOutputIntact() throws {
        let tmp = try TempDir("share")
        defer { tmp.remove() }
        let out = tmp.sub("out")
        try Self.dataset(records: 20, bad: 1).write(to: tmp.sub("good"))
        try Self.dataset(records: 20, bad: 2).write(to: tmp.sub("bad"))

        _ = try runPipeline(data: tmp.sub("good"), out: out)
        let before = try snapshot(out)
        #expect(before.keys.contains("report-charts/participation.svg"))
        #expect(Set(before.keys.filter { !$0.hasPrefix(".cache/") && !$0.hasPrefix("report-charts/") }) == [
            "warehouse.sqlite", "rejects.csv", "manifest.json",
            "tables/school_summary.csv", "tables/grade_participation.csv", "tables/group_participation.csv",
            "tables/district_summary.csv", "tables/satisfaction_by_activity.csv", "tables/class_participation.csv",
            "tables/service_choice.csv", "tables/grade_service.csv",
            "internal/audit_findings.csv", "internal/school_counts.csv", "report.html", "report.md", "report.ipynb", "tables.xlsx", "internal/internal.xlsx",
        ])

        // Another dataset (the school's corrected export, in a new folder)
        // replaces this output only with --replace.
        let error = try #require(pipelineError(data: tmp.sub("bad"), out: out, options: .init(replace: true)))
        #expect(error.exitStatus == 1)
        #expect(try snapshot(out) == before, "the first run's files are unchanged")
        #expect(exists(out + ".failed/rejects.csv"))
        #expect(try leftovers(in: tmp.path).isEmpty)

        // Raising the limit lets the same data pass; the newer complete
        // output replaces the old one and the failed rejects.
        let outcome = try runPipeline(data: tmp.sub("bad"), out: out, overrides: ["max_reject_share=0.2"],
                                      options: .init(replace: true))
        #expect(outcome.report.overLimit == nil)
        #expect(try readRejectKeys(out + "/rejects.csv").count == 2)
        #expect(!exists(out + ".failed"))
        #expect(try leftovers(in: tmp.path).isEmpty)
    }

    @Test("--set max_reject_share=0.2 lets 2 of 20 pass, and is recorded in the manifest")
    func overrideLetsItPass() throws {
        let tmp = try TempDir("share")
        defer { tmp.remove() }
        try Self.dataset(records: 20, bad: 2).write(to: tmp.sub("data"))
        let outcome = try runPipeline(data: tmp.sub("data"), out: tmp.sub("out"), overrides: ["max_reject_share=0.2"])
        #expect(outcome.report.rejects.count == 2)
        let data = try #require(FileManager.default.contents(atPath: tmp.sub("out") + "/manifest.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let parameter = (json["parameters"] as? [String: Any])?["max_reject_share"] as? [String: Any]
        #expect(parameter?["value"] as? Double == 0.2)
        #expect(parameter?["source"] as? String == "--set")
    }

    @Test("blank lines and all-blank records are not counted")
    func blanksNotCounted() throws {
        let tmp = try TempDir("share")
        defer { tmp.remove() }
        // 20 records, 1 rejected, plus 10 blank lines and 10 ",,," records:
        // passes, and the records are 20.
        try Self.dataset(records: 20, bad: 1, blankLines: 10, blankRecords: 10).write(to: tmp.sub("pass"))
        let outcome = try runPipeline(data: tmp.sub("pass"), out: tmp.sub("out-pass"))
        let students = try #require(outcome.report.files.first { $0.file == "students.csv" })
        #expect(students.records == 20)
        #expect(students.accepted == 19)
        #expect(outcome.report.rejects.count == 1)

        // 2 of 20 rejected with 20 blanks beside them: were the blanks
        // counted, 2 of 40 would pass; they are not, so it fails.
        try Self.dataset(records: 20, bad: 2, blankLines: 10, blankRecords: 10).write(to: tmp.sub("fail"))
        let error = try #require(pipelineError(data: tmp.sub("fail"), out: tmp.sub("out-fail")))
        guard case let .contract(.tooManyRejects(_, rejected, records, _, _)) = error else {
            Issue.record("expected tooManyRejects, got \(error)")
            return
        }
        #expect(rejected == 2)
        #expect(records == 20)
    }
}
