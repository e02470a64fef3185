import AfterschoolPipeline
import Foundation
import Testing

/// The report's school-by-school section (each school's classes, its daily
/// ledger month by day) and the staff load beside the stipend distribution.
@Suite("Report: school by school")
struct ReportSchoolsTests {
    static let stipendPipeline = packageRoot + "/pipelines/stipend-proposal.yaml"

    /// The lines of report.md from the heading `start` up to the next `##` heading.
    private func section(_ md: String, _ start: String) -> [Substring] {
        let lines = md.split(separator: "\n", omittingEmptySubsequences: false)
        guard let from = lines.firstIndex(where: { $0 == start }) else { return [] }
        let rest = lines[(from + 1)...]
        let to = rest.firstIndex { $0.hasPrefix("## ") } ?? rest.endIndex
        return Array(rest[..<to])
    }

    /// The cells of a Markdown table row.
    private func cells(_ line: Substring) -> [String] {
        line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test("each school's section holds its own classes, the hidden class marked; the class table is not repeated under Tables")
    func classTables() throws {
        let tmp = try TempDir("report-schools")
        defer { tmp.remove() }
        _ = try runPipeline(data: sampleDataset, out: tmp.sub("out"))
        let md = try String(contentsOfFile: tmp.sub("out/report.md"), encoding: .utf8)
        let schools = section(md, "## 各校明细")
        let s1 = try #require(schools.firstIndex { $0.hasPrefix("### S001 ") })
        let s2 = try #require(schools.firstIndex { $0.hasPrefix("### S002 ") })
        #expect(schools[s1 + 2] == "#### 分班级参与情况")
        // S001 has 12 classes, S002 9 (its 9-1 of 5 students hidden).
        func classRows(_ lines: ArraySlice<Substring>) -> [Substring] {
            lines.filter { $0.hasPrefix("| ") && $0.dropFirst(2).first?.isNumber == true }
        }
        let rows1 = classRows(schools[s1..<s2]), rows2 = classRows(schools[s2...])
        #expect(rows1.count == 12 && rows2.count == 9)
        #expect(cells(rows1[4]) == ["3", "3-1", "15", "11", "10", "66.7%", "90.9%", "90.0%", "90.0%"])
        #expect(cells(rows2[8]).prefix(3) == ["9", "9-1", "（隐去）"])
        #expect(schools.contains { $0.contains("在籍学生少于 10 人") })
        #expect(!section(md, "## 数据表").contains { $0 == "### 分班级参与情况" })
        // The page folds each school in a <details>.
        let html = try String(contentsOfFile: tmp.sub("out/report.html"), encoding: .utf8)
        #expect(html.contains("<details class=\"group\"><summary>S001 样例第一小学 Sample No.1 Primary School</summary>"))
    }

    @Test("the daily ledger month by day: 2025-10-20 of S001 is its three segments' rows added up (19 held, 272 present, 22.50 h); the month's totals")
    func ledgerGrid() throws {
        let tmp = try TempDir("report-ledger")
        defer { tmp.remove() }
        _ = try PipelineRunner(logger: quietLogger).run(
            pipelinePath: Self.stipendPipeline, data: sampleDataset, out: tmp.sub("out"), overrides: [])
        let md = try String(contentsOfFile: tmp.sub("out/report.md"), encoding: .utf8)
        let schools = section(md, "## 各校明细")
        let s1 = try #require(schools.firstIndex { $0.hasPrefix("### S001 ") })
        #expect(schools[s1 + 2] == "#### 每日台账（按月、按日）")
        let header = try #require(schools[s1...].first { $0.hasPrefix("| 月份 ") })
        #expect(cells(header).count == 2 + 31 + 1)
        func row(_ figure: String) throws -> [String] {
            cells(try #require(schools[s1...].first { $0.hasPrefix("| 2025-10 | \(figure) |") }))
        }
        // daily_ledger.csv for S001 on 2025-10-20: class 12 held, 131
        // present, 12.00 h; grade 6, 114, 8.50 h; school 1, 27, 2.00 h.
        // Columns: month, figure, days 1 to 31, total (day 20 at index 21).
        let held = try row("开设班次"), present = try row("参与学生人次"), hours = try row("核定课时")
        #expect(held[21] == "19" && present[21] == "272" && hours[21] == "22.50")
        #expect(held[2...20].allSatisfy { $0.isEmpty }, "no service before 20 October in the sample")
        #expect(held[27] == "" && held[32] == "", "a weekend and the 31st are blank")
        // The month: nine school days of 19 sessions each; students and
        // hours as daily_ledger.csv adds them up.
        #expect(held[33] == "171" && present[33] == "2,367" && hours[33] == "204.00")
        #expect(!section(md, "## 数据表").contains { $0 == "### 每日台账" })
    }

    @Test("staff load beside the stipend: teachers taking part, the most concentrated schools by Gini, and the table")
    func staffLoad() throws {
        let tmp = try TempDir("report-load")
        defer { tmp.remove() }
        _ = try PipelineRunner(logger: quietLogger).run(
            pipelinePath: Self.stipendPipeline, data: sampleDataset, out: tmp.sub("out"), overrides: [])
        let md = try String(contentsOfFile: tmp.sub("out/report.md"), encoding: .utf8)
        let stipend = section(md, "## 补助分配方案")
        // staff_load.csv: S001 15 of 15 teachers, Gini 0.1504; S002 11 of
        // 11, Gini 0.1622.
        let line = try #require(stipend.first { $0.hasPrefix("教师参与：") })
        #expect(line.contains("26 名教师中 26 名参与了课后服务（100.0%）"))
        #expect(line.contains("最集中的学校：S002 样例九年一贯制学校 Sample Nine-Year School（0.16）、S001 样例第一小学 Sample No.1 Primary School（0.15）"))
        #expect(stipend.contains("### 教师参与和工作量分布"))
    }
}
