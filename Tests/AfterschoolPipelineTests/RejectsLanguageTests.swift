import AfterschoolCSV
import AfterschoolDomain
import AfterschoolPipeline
import Foundation
import Testing

/// The `message` column of `rejects.csv` speaks the run's
/// `report_language`; every other column stays as it is.
@Suite("Rejects in the report's language")
struct RejectsLanguageTests {
    static func hasChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    @Test("Chinese by default, English with report_language=en; the other columns are the same")
    func languages() throws {
        let tmp = try TempDir("rejects-language")
        defer { tmp.remove() }
        _ = try runPipeline(data: sampleDataset, out: tmp.sub("zh"))
        _ = try runPipeline(data: sampleDataset, out: tmp.sub("en"), overrides: ["report_language=en"])
        let zh = try readRejects(tmp.sub("zh") + "/rejects.csv")
        let en = try readRejects(tmp.sub("en") + "/rejects.csv")
        #expect(zh.count == 32 && en.count == 32)
        for (z, e) in zip(zh, en) {
            for column in ["file", "line", "column", "value", "rule"] { #expect(z[column] == e[column]) }
            #expect(Self.hasChinese(z["message"] ?? ""), "not Chinese: \(z["message"] ?? "")")
            #expect(z["message"] != e["message"])
        }
        // Hand-checked sentences of three rows (sample README, "Planted rejects").
        let decimals = try #require(zh.first { $0["file"] == "staffing.csv" && $0["line"] == "43" })
        #expect(decimals["message"] == "课时（claimed_hours）：“1.667”超过 2 位小数")
        let decimalsEn = try #require(en.first { $0["file"] == "staffing.csv" && $0["line"] == "43" })
        #expect(decimalsEn["message"] == "claimed_hours: '1.667' has more than 2 decimals")
        let status = try #require(zh.first { $0["file"] == "attendance.csv" && $0["line"] == "1289" })
        #expect(status["message"] == "状态（status）：“presnt”不是可用的值之一：出勤（present）、缺勤（absent）、请假（excused）、早退（left_early）")
        let duplicate = try #require(zh.first { $0["file"] == "attendance.csv" && $0["line"] == "4099" })
        #expect(duplicate["message"] == "场次代码（session_id）为 S002-1030-hw-1-1，学号（student_id）为 0002002 的行此前已被接受；保留第一行，本行不计入")
    }

    @Test("switching the language re-reads no input and gives the rejects.csv a run in that language gives")
    func rerun() throws {
        let tmp = try TempDir("rejects-language")
        defer { tmp.remove() }
        let out = tmp.sub("out")
        _ = try runPipeline(data: sampleDataset, out: out)
        let again = try runPipeline(data: sampleDataset, out: out, overrides: ["report_language=en"])
        #expect(again.stages.first { $0.name == "ingest" }?.ran == false)
        _ = try runPipeline(data: sampleDataset, out: tmp.sub("fresh"), overrides: ["report_language=en"])
        let rerun = try Data(contentsOf: URL(fileURLWithPath: out + "/rejects.csv"))
        let fresh = try Data(contentsOf: URL(fileURLWithPath: tmp.sub("fresh") + "/rejects.csv"))
        #expect(rerun == fresh)
        // And back: Chinese again, byte for byte the first run's.
        _ = try runPipeline(data: sampleDataset, out: out)
        _ = try runPipeline(data: sampleDataset, out: tmp.sub("zh"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/rejects.csv"))
                == Data(contentsOf: URL(fileURLWithPath: tmp.sub("zh") + "/rejects.csv")))
    }

    @Test("a rejected value with a space at its start reads back whole from rejects.csv, after the cache's round trip")
    func paddedValue() throws {
        let tmp = try TempDir("rejects-padded")
        defer { tmp.remove() }
        var data = MiniDataset.valid()
        // One field only (no comma to make the writer quote it).
        let line = data.append(.sessions, "\" X9\t\"")
        try data.write(to: tmp.sub("data"))
        let out = tmp.sub("out")
        _ = try runPipeline(data: tmp.sub("data"), out: out, overrides: ["max_reject_share=1"])
        // Again in the other language: rejects.csv is made from the cached parts.
        _ = try runPipeline(data: tmp.sub("data"), out: out, overrides: ["max_reject_share=1", "report_language=en"])
        let rejects = try readRejects(out + "/rejects.csv")
        let reject = try #require(rejects.first { $0["line"] == String(line) })
        #expect(reject["rule"] == "field_count")
        #expect(reject["value"] == " X9\t")
    }

    @Test("a value as long as an input field may be (1 MiB) quoted in its message: rejects.csv is still made from the parts")
    func longValue() throws {
        let tmp = try TempDir("rejects-long")
        defer { tmp.remove() }
        var data = MiniDataset.valid()
        let long = String(repeating: "9x", count: ((1 << 20) - 10) / 2)
        let line = data.append(.students, "0999,S1,\(long),1-1")
        try data.write(to: tmp.sub("data"))
        let out = tmp.sub("out")
        _ = try runPipeline(data: tmp.sub("data"), out: out, overrides: ["max_reject_share=1"])
        var options = CSVReader.Options()
        options.maxFieldBytes = 4 << 20
        var rows: [[String]] = []
        try CSVReader(path: out + "/rejects.csv", options: options).forEachRecord { rows.append($0.fields) }
        let reject = try #require(rows.first { $0.count == 6 && $0[1] == String(line) })
        #expect(reject[4] == "bad_type")
        #expect(reject[3] == long)
        #expect(reject[5].utf8.count > 1 << 20)
    }
}
