import AfterschoolPipeline
import Foundation
import Testing

/// Data missing as a whole is said, not silently published as zeros: a
/// school with sessions but no attendance row, a school with students but
/// no session, an optional file missing with what it leaves blank (issue
/// #14, item 4). The warnings are in the run's outcome, the manifest and
/// the report; the run still completes.
@Suite("Completeness warnings")
struct CompletenessTests {
    /// The sample, with the lines of `file` that `drop` selects removed.
    static func sample(in tmp: TempDir, dropping drops: [(file: String, drop: (String) -> Bool)] = [],
                       removing removed: [String] = []) throws -> String {
        let data = tmp.sub("data")
        try FileManager.default.copyItem(atPath: sampleDataset, toPath: data)
        for (file, drop) in drops {
            let path = data + "/" + file
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            let kept = lines.enumerated().filter { $0.offset == 0 || !drop(String($0.element)) }.map(\.element)
            try kept.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        for file in removed { try FileManager.default.removeItem(atPath: data + "/" + file) }
        return data
    }

    /// The warnings of a run, checked to be in the manifest and the report too.
    static func warnings(_ data: String, _ tmp: TempDir, containing needle: String) throws -> [String] {
        let out = tmp.sub("out")
        let outcome = try runPipeline(data: data, out: out)
        let found = outcome.warnings.filter { $0.contains(needle) }
        let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        let markdown = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        for w in found {
            #expect(manifest.contains(w), "manifest: \(w)")
            #expect(markdown.contains(w), "report.md: \(w)")
        }
        if !found.isEmpty { #expect(html.contains("数据完整性提示")) }
        return found
    }

    @Test("a school whose sessions have no attendance row at all: how many sessions, on how many days")
    func silentSchool() throws {
        let tmp = try TempDir("silent")
        defer { tmp.remove() }
        let data = try Self.sample(in: tmp, dropping: [("attendance.csv", { $0.hasPrefix("S002-") })])
        let found = try Self.warnings(data, tmp, containing: "学校 S002")
        #expect(found.count == 1, "\(found)")
        // Hand-counted in the sample's sessions.csv: 133 rows of S002, one on
        // 2025-10-31 (not a school day), two rejected (lines 124 and 234):
        // 130 sessions on the 9 school days from 2025-10-20 to 2025-10-30.
        #expect(found.first?.contains("130 个服务场次（9 天）") == true, "\(found)")
        // Again after a change to another file: ingestion reads only that
        // file, and the check reads the warehouse instead of memory.
        let satisfaction = data + "/satisfaction.csv"
        let text = try String(contentsOfFile: satisfaction, encoding: .utf8)
        try (text + "\n").write(toFile: satisfaction, atomically: true, encoding: .utf8)
        let again = try runPipeline(data: data, out: tmp.sub("out"))
        #expect(again.stages.first { $0.name == "ingest" }?.status == "ran")
        #expect(again.warnings.filter { $0.contains("学校 S002") } == found, "\(again.warnings)")

        let whole = try TempDir("silent-whole")
        defer { whole.remove() }
        #expect(try Self.warnings(try Self.sample(in: whole), whole, containing: "考勤记录").isEmpty)
    }

    @Test("a school with students but no session")
    func noSessions() throws {
        let tmp = try TempDir("nosessions")
        defer { tmp.remove() }
        let data = try Self.sample(in: tmp, dropping: [
            ("sessions.csv", { $0.hasPrefix("S002-") }), ("attendance.csv", { $0.hasPrefix("S002-") }),
            ("staffing.csv", { $0.hasPrefix("S002-") }),
        ])
        let found = try Self.warnings(data, tmp, containing: "没有任何服务场次")
        #expect(found.count == 1 && found.first?.contains("学校 S002") == true, "\(found)")
    }

    @Test("optional files missing: the figures they leave blank")
    func optionalFiles() throws {
        let tmp = try TempDir("optional")
        defer { tmp.remove() }
        let data = try Self.sample(in: tmp, removing: ["pe_timetable.csv", "disclosures.csv"])
        #expect(try Self.warnings(data, tmp, containing: "pe_timetable.csv").count == 1)
        #expect(try Self.warnings(data, tmp, containing: "disclosures.csv").count == 1)
        let whole = try TempDir("optional-whole")
        defer { whole.remove() }
        #expect(try Self.warnings(try Self.sample(in: whole), whole, containing: "缺失").isEmpty)
    }
}
