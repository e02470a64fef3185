import AfterschoolDomain
import AfterschoolPipeline
import AfterschoolStages
import Foundation
import Testing

/// The report a school office opens: `report.md` and `report.html`.
@Suite("Report")
struct ReportTests {
    static let golden = packageRoot + "/Tests/AfterschoolPipelineTests/Golden/report-termly.md"

    @Test("report.md of the sample equals the recorded one (AFTERSCHOOL_RECORD_GOLDEN=1 records it again)")
    func goldenMarkdown() throws {
        let tmp = try TempDir("report")
        defer { tmp.remove() }
        _ = try runPipeline(data: sampleDataset, out: tmp.sub("out"))
        let got = try String(contentsOfFile: tmp.sub("out") + "/report.md", encoding: .utf8)
        if ProcessInfo.processInfo.environment["AFTERSCHOOL_RECORD_GOLDEN"] == "1" {
            try Data(got.utf8).write(to: URL(fileURLWithPath: Self.golden))
        }
        let want = try String(contentsOfFile: Self.golden, encoding: .utf8)
        #expect(got == want, "report.md differs from Golden/report-termly.md; if the change is meant, record it again")
    }

    @Test("the summary marks each target met or missed and names the schools below it")
    func targets() throws {
        let tmp = try TempDir("report")
        defer { tmp.remove() }
        _ = try runPipeline(data: sampleDataset, out: tmp.sub("out"), overrides: ["target_sport_weekly=0.8"])
        let md = try String(contentsOfFile: tmp.sub("out") + "/report.md", encoding: .utf8)
        // Sport: S001 86.6% meets 80%; S002 74.0% does not.
        let sport = try #require(md.split(separator: "\n").first { $0.contains("每周参加体育活动") })
        #expect(sport.hasPrefix("| ✘ |"))
        #expect(sport.contains("S002") && sport.contains("74.0%") && !sport.contains("S001"))
        #expect(sport.contains("80.0%"))
        let supply = try #require(md.split(separator: "\n").first { $0.contains("所有学校开展课后服务") })
        #expect(supply.hasPrefix("| ✔ |"))
        #expect(md.contains("与默认值不同的参数：target_sport_weekly=0.8"))
        #expect(md.contains("students.csv 5"), "rejected rows per file in the footer")
    }

    @Test("report_language=en writes the report in English")
    func english() throws {
        let tmp = try TempDir("report")
        defer { tmp.remove() }
        _ = try runPipeline(data: sampleDataset, out: tmp.sub("out"), overrides: ["report_language=en"])
        let md = try String(contentsOfFile: tmp.sub("out") + "/report.md", encoding: .utf8)
        #expect(md.contains("## Key figures against the policy targets"))
        #expect(md.contains("| Participation rate |") || md.contains("Participation rate"))
        #expect(md.contains("all students"))
        #expect(!md.contains("主要指标") && !md.contains("全体学生"))
        let html = try String(contentsOfFile: tmp.sub("out") + "/report.html", encoding: .utf8)
        #expect(html.contains("<html lang=\"en\">"))
    }

    @Test("the page is one self-contained file: nothing fetched, no script needed")
    func selfContained() throws {
        let tmp = try TempDir("report")
        defer { tmp.remove() }
        _ = try runPipeline(data: sampleDataset, out: tmp.sub("out"))
        let html = try String(contentsOfFile: tmp.sub("out") + "/report.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(!html.contains("<link") && !html.contains("src="))
        #expect(html.contains("@page{size:A4"))
        // Student ids never reach the report (the audit is summarised).
        #expect(!html.contains("0001063"))
    }

    @Test("text from the data is escaped: a name holding <script> or a line break shows as text")
    func escaping() throws {
        let tmp = try TempDir("report")
        defer { tmp.remove() }
        var data = MiniDataset.valid()
        data.files[.schools] = ["school_id,name,stage", "S1,\"<script>alert(1)</script> A&B\nSchool\",primary", "S2,School | Two,middle"]
        try data.write(to: tmp.sub("data"))
        _ = try runPipeline(data: tmp.sub("data"), out: tmp.sub("out"))
        let html = try String(contentsOfFile: tmp.sub("out") + "/report.html", encoding: .utf8)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; A&amp;B<br>School"))
        let md = try String(contentsOfFile: tmp.sub("out") + "/report.md", encoding: .utf8)
        #expect(md.contains("School \\| Two"))
        #expect(!md.contains("<script>"))
    }

    @Test("a re-run with nothing changed keeps the report; a parameter of the report reruns only the report")
    func rerun() throws {
        let tmp = try TempDir("report")
        defer { tmp.remove() }
        let out = tmp.sub("out")
        _ = try runPipeline(data: sampleDataset, out: out)
        let again = try runPipeline(data: sampleDataset, out: out, overrides: ["report_language=en"])
        #expect(again.stages.filter { $0.ran }.map(\.name) == ["report"])
        #expect(try String(contentsOfFile: out + "/report.md", encoding: .utf8).contains("Key figures"))
    }
}
