import AfterschoolCSV
import AfterschoolDomain
import AfterschoolPipeline
import Foundation
import Testing

/// A file kind as a folder of parts, one export per school: each part a file
/// of its own for the contract, read again on its own when it changes.
@Suite("Datasets in parts")
struct PartsTests {
    /// The sample with attendance and satisfaction split per school into
    /// `attendance/S001.csv`, `attendance/S002.csv`, ... (rows in their
    /// original order; the header repeated in each part).
    static func partsCopy(_ tmp: TempDir) throws -> String {
        let data = tmp.sub("parts")
        try FileManager.default.copyItem(atPath: sampleDataset, toPath: data)
        try split(data, "attendance.csv") { fields in String(fields[0].prefix(4)) }
        try split(data, "satisfaction.csv") { fields in fields[1] }
        return data
    }

    /// Splits `file` of `data` into its folder of parts by `school(fields)`.
    static func split(_ data: String, _ file: String, school: ([String]) -> String) throws {
        let path = data + "/" + file
        var header = ""
        var parts: [String: [String]] = [:]
        var order: [String] = []
        try CSVReader(path: path).forEachRecord { record in
            let line = record.fields.map(ExcelStyle.quote).joined(separator: ",")
            if header.isEmpty { header = line; return }
            // Malformed rows (too few fields) go with the school of the row before.
            let s = record.fields.count > 1 ? school(record.fields) : (order.last ?? "S001")
            let key = s.hasPrefix("S") && s.count == 4 ? s : (order.last ?? "S001")
            if parts[key] == nil { order.append(key) }
            parts[key, default: []].append(line)
        }
        let folder = data + "/" + String(file.dropLast(4))
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (s, lines) in parts {
            try Data(([header] + lines).map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: folder + "/\(s).csv"))
        }
        try FileManager.default.removeItem(atPath: path)
    }

    @Test("the parts give the same tables as the whole files; rejects name the part")
    func sameTables() throws {
        let tmp = try TempDir("parts")
        defer { tmp.remove() }
        let data = try Self.partsCopy(tmp)
        let whole = try IncrementalTests.run(data: sampleDataset, out: tmp.sub("whole"))
        let parts = try IncrementalTests.run(data: data, out: tmp.sub("out"))
        #expect(try snapshot(tmp.sub("whole") + "/tables") == snapshot(tmp.sub("out") + "/tables"))
        #expect(try snapshot(tmp.sub("whole") + "/internal") == snapshot(tmp.sub("out") + "/internal"))
        #expect(parts.report.files.map(\.file).contains("attendance/S001.csv"))
        #expect(parts.report.files.map(\.file).contains("satisfaction/S002.csv"))
        let partRejects = parts.report.rejects.filter { $0.file.hasPrefix("attendance/") }
        #expect(partRejects.count == whole.report.rejects.filter { $0.file == "attendance.csv" }.count)
        #expect(try readRejects(tmp.sub("out") + "/rejects.csv").contains { $0["file"] == "satisfaction/S001.csv" })
    }

    @Test("one school's part changed: only that part is read again; equal to --force")
    func onePartChanged() throws {
        let tmp = try TempDir("parts")
        defer { tmp.remove() }
        let data = try Self.partsCopy(tmp)
        let out = tmp.sub("out")
        _ = try IncrementalTests.run(data: data, out: out)
        let text = try String(contentsOfFile: data + "/attendance/S002.csv", encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.contains(",present") })
        try IncrementalTests.edit(data, "attendance/S002.csv", String(line), line.replacingOccurrences(of: ",present", with: ",absent"))
        let plan = try PipelineRunner(logger: quietLogger).plan(pipelinePath: IncrementalTests.assessment, data: data, out: out, overrides: [])
        #expect(plan.files.filter(\.run).map(\.name) == ["attendance/S002.csv"])
        #expect(plan.files.first { $0.name == "attendance/S001.csv" }?.reason == "unchanged")
        #expect(plan.stages.first { $0.name == "participation" }?.reason == "attendance/S002.csv changed")
        let again = try IncrementalTests.run(data: data, out: out)
        #expect(again.stages[0].reason == "1 of \(plan.files.count) files read again: attendance/S002.csv")
        try IncrementalTests.expectSameAsForced(data: data, out: out, forced: tmp.sub("forced"))
    }

    @Test("a key repeated across parts: the earlier part wins, also when a re-run moves it")
    func repeatedKeyAcrossParts() throws {
        let tmp = try TempDir("parts")
        defer { tmp.remove() }
        var data = MiniDataset.valid()
        data.files[.satisfaction] = nil
        try data.write(to: tmp.sub("data"))
        let folder = tmp.sub("data/satisfaction")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let header = "response_id,school_id,respondent,overall\n"
        func write(_ name: String, _ rows: [String]) throws {
            try Data((header + rows.map { $0 + "\n" }.joined()).utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        try write("a.csv", (1...30).map { "R\($0),S1,parent,5" })
        try write("b.csv", ["R1,S2,student,1"] + (31...60).map { "R\($0),S2,student,4" })
        let out = tmp.sub("out")
        let first = try IncrementalTests.run(data: tmp.sub("data"), out: out)
        #expect(first.report.rejects.map(RejectKey.init) == [RejectKey("satisfaction/b.csv", 2, "response_id", "duplicate_key")])

        // a.csv gives up R1: b.csv's R1 is accepted now.
        try write("a.csv", (2...30).map { "R\($0),S1,parent,5" })
        let second = try IncrementalTests.run(data: tmp.sub("data"), out: out)
        #expect(second.report.rejects.isEmpty)
        #expect(second.report.read == ["satisfaction/a.csv", "satisfaction/b.csv"])
        try IncrementalTests.expectSameAsForced(data: tmp.sub("data"), out: out, forced: tmp.sub("forced-2"))

        // a.csv takes back a key b.csv holds: a.csv wins, b.csv is read again.
        try write("a.csv", (2...30).map { "R\($0),S1,parent,5" } + ["R45,S1,parent,3"])
        let plan = try PipelineRunner(logger: quietLogger).plan(pipelinePath: IncrementalTests.assessment,
                                                                data: tmp.sub("data"), out: out, overrides: [])
        #expect(plan.files.filter(\.run).map(\.name) == ["satisfaction/a.csv"])
        let third = try IncrementalTests.run(data: tmp.sub("data"), out: out)
        #expect(third.report.read == ["satisfaction/a.csv", "satisfaction/b.csv"])
        #expect(third.report.rejects.map(RejectKey.init) == [RejectKey("satisfaction/b.csv", 17, "response_id", "duplicate_key")])
        try IncrementalTests.expectSameAsForced(data: tmp.sub("data"), out: out, forced: tmp.sub("forced-3"))
    }

    @Test("a file and its folder of parts together are refused; a part over the reject share is named")
    func refusals() throws {
        let tmp = try TempDir("parts")
        defer { tmp.remove() }
        let data = try Self.partsCopy(tmp)
        try FileManager.default.copyItem(atPath: sampleDataset + "/attendance.csv", toPath: data + "/attendance.csv")
        let both = try #require(pipelineError(data: data, out: tmp.sub("out")))
        #expect(both.exitStatus == 1)
        #expect(both.description.contains("attendance.csv and the folder attendance/"))
        try FileManager.default.removeItem(atPath: data + "/attendance.csv")

        // One school's satisfaction export is broken: the run stops and names it.
        let path = data + "/satisfaction/S002.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let broken = text.split(separator: "\n").enumerated().map { i, l in i > 0 && i < 10 ? l + ",x" : String(l) }
        try Data((broken.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(pipelineError(data: data, out: tmp.sub("out")))
        #expect(error.description.hasPrefix("satisfaction/S002.csv："))
        #expect(error.description.contains(" / satisfaction/S002.csv:"))
    }
}
