import AfterschoolCSV
import AfterschoolDomain
import AfterschoolPipeline
import Foundation
import GRDB
import Testing

/// Names typed with Alt+Enter in Excel: a quoted field with a line break
/// inside. A `text` value keeps it; the figures do not change.
@Suite("Line breaks in text values")
struct LineBreakTests {
    static let stipendPipeline = packageRoot + "/pipelines/stipend-proposal.yaml"

    @Test("names with line breaks give the same tables as the same names on one line", arguments: [
        termlyPipeline, stipendPipeline,
    ])
    func sameTables(pipeline: String) throws {
        let tmp = try TempDir("linebreak")
        defer { tmp.remove() }
        let broken = tmp.sub("data")
        let names = try LineBreakDataset.write(from: sampleDataset, to: broken)
        #expect(names.count > 40, "activity and staff names rewritten")

        let runner = PipelineRunner(logger: quietLogger)
        let one = try runner.run(pipelinePath: pipeline, data: sampleDataset, out: tmp.sub("out-one"), overrides: [])
        let two = try runner.run(pipelinePath: pipeline, data: broken, out: tmp.sub("out-two"), overrides: [])

        // Every published table, byte for byte.
        let tablesOne = try snapshot(tmp.sub("out-one") + "/tables")
        let tablesTwo = try snapshot(tmp.sub("out-two") + "/tables")
        #expect(!tablesOne.isEmpty)
        #expect(tablesOne.keys.sorted() == tablesTwo.keys.sorted())
        for (name, bytes) in tablesOne {
            #expect(tablesTwo[name] == bytes, "tables/\(name) differs")
        }

        // The same rows rejected, for the same reasons (lines move in the
        // two rewritten files: a line break starts a new physical line).
        let key = { (r: Reject) in "\(r.file) \(r.column) \(r.rule.rawValue) \(r.value)" }
        #expect(two.report.rejects.map(key) == one.report.rejects.map(key))
        #expect(two.report.rejects.filter { $0.rule == .badType && $0.column == "name" }.isEmpty)

        // The warehouse keeps each name byte for byte, CR LF included.
        let db = try openWarehouse(tmp.sub("out-two") + "/warehouse.sqlite")
        try expectKept(names, in: db)
    }

    @Test("an Excel-style (GB18030, CR LF) copy with such names loads the same rows as its UTF-8 twin")
    func excelTwin() throws {
        let tmp = try TempDir("linebreak-excel")
        defer { tmp.remove() }
        let utf8 = tmp.sub("utf8")
        let excel = tmp.sub("excel")
        let names = try LineBreakDataset.write(from: sampleDataset, to: utf8)
        try ExcelStyle.convert(dataset: utf8, to: excel)
        let activities = try #require(FileManager.default.contents(atPath: excel + "/activities.csv"))
        #expect(String(data: activities, encoding: .utf8) == nil, "GB18030, not UTF-8")

        let a = try runPipeline(data: utf8, out: tmp.sub("out-utf8"))
        let b = try runPipeline(data: excel, out: tmp.sub("out-excel"))
        #expect(b.report.rejects.map(RejectKey.init) == a.report.rejects.map(RejectKey.init))
        for file in b.report.files where file.present {
            #expect(file.encoding == "gb18030", "\(file.file)")
        }

        let dbA = try openWarehouse(tmp.sub("out-utf8") + "/warehouse.sqlite")
        let dbB = try openWarehouse(tmp.sub("out-excel") + "/warehouse.sqlite")
        for table in ["dataset"] + InputFile.loadOrder.map(\.tableName) {
            #expect(try allRows(dbA, table) == allRows(dbB, table), "\(table)")
        }
        // Compared as bytes too (String == equates CR LF forms loosely).
        try expectKept(names, in: dbB)
    }

    @Test("a line break in an id is bad_type, and rejects.csv quotes the value so it reads back whole")
    func rejectedLineBreakQuoted() throws {
        let tmp = try TempDir("linebreak-reject")
        defer { tmp.remove() }
        var data = MiniDataset.valid()
        data.files[.activities] = [
            "activity_id,school_id,name,category,segment",
            "A1,S1,\"Homework\nhelp\",homework,class",
            "A2,S2,\"Foot\r\nball\",sports,grade",
        ]
        let line = data.append(.sessions, "\"X\n9\",A1,2025-09-02,15:30,16:30", "X8,A1,\"2025-09-02\r\n\",15:30,16:30")
        try data.write(to: tmp.sub("data"))

        let outcome = try runPipeline(data: tmp.sub("data"), out: tmp.sub("out"), overrides: ["max_reject_share=1"])
        let rejects = outcome.report.rejects
        #expect(rejects.map(RejectKey.init) == [
            RejectKey("sessions.csv", line, "session_id", "bad_type"),
            RejectKey("sessions.csv", line + 2, "date", "bad_type"),
        ])
        #expect(rejects.map(\.value) == ["X\n9", "2025-09-02\r\n"])

        // rejects.csv: the values come back byte for byte through a CSV reader.
        let rows = try readCSV(tmp.sub("out") + "/rejects.csv")
        #expect(rows.count == 3)
        #expect(rows.dropFirst().map { Array($0[3].utf8) } == [Array("X\n9".utf8), Array("2025-09-02\r\n".utf8)])
        let raw = try String(contentsOfFile: tmp.sub("out") + "/rejects.csv", encoding: .utf8)
        #expect(raw.contains("\"X\n9\""))

        // Both activities were accepted, with their line breaks.
        let db = try openWarehouse(tmp.sub("out") + "/warehouse.sqlite")
        let stored = try storedNames(db)
        #expect(stored["A1"] == Array("Homework\nhelp".utf8))
        #expect(stored["A2"] == Array("Foot\r\nball".utf8))
    }

    /// Expects every rewritten name in the warehouse byte for byte, but the
    /// sample's one rejected staff row (`T299`, kind `contractor`).
    func expectKept(_ names: [String: String], in db: DatabaseQueue,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        let stored = try storedNames(db)
        #expect(names.keys.filter { stored[$0] == nil } == ["T299"], sourceLocation: sourceLocation)
        for (id, name) in names where id != "T299" {
            #expect(stored[id] == Array(name.utf8), "\(id): \(ValueParser.oneLine(name))", sourceLocation: sourceLocation)
        }
    }

    /// Activity and staff names in the warehouse, by id, as bytes.
    func storedNames(_ db: DatabaseQueue) throws -> [String: [UInt8]] {
        try db.read { db in
            var names: [String: [UInt8]] = [:]
            for sql in ["SELECT activity_id, CAST(name AS BLOB) FROM activities",
                        "SELECT staff_id, CAST(name AS BLOB) FROM staff"] {
                for row in try Row.fetchAll(db, sql: sql) {
                    let id: String = row[0]
                    let bytes: Data? = row[1]
                    names[id] = bytes.map(Array.init)
                }
            }
            return names
        }
    }
}

/// A copy of a dataset whose activity and staff names hold line breaks, as
/// Excel writes a cell typed with Alt+Enter: LF in some, CR LF in others.
enum LineBreakDataset {
    /// Copies `dataset` to `folder`, breaking the names; returns each
    /// rewritten name by its id.
    static func write(from dataset: String, to folder: String) throws -> [String: String] {
        let fm = FileManager.default
        try fm.copyItem(atPath: dataset, toPath: folder)
        var names: [String: String] = [:]
        for file in ["activities.csv", "staff.csv"] {
            let path = folder + "/" + file
            var lines: [String] = []
            var header: [String]?
            var n = 0
            try CSVReader(path: path).forEachRecord { record in
                var fields = record.fields
                if let h = header, let nameIndex = h.firstIndex(of: "name"), fields.count == h.count {
                    n += 1
                    fields[nameIndex] = broken(fields[nameIndex], crlf: n % 2 == 0)
                    names[fields[0]] = fields[nameIndex]
                } else if header == nil {
                    header = fields
                }
                lines.append(fields.map(ExcelStyle.quote).joined(separator: ","))
            }
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        }
        return names
    }

    /// `name` with a line break at its first space, or after its first
    /// character when it has none (`李娜` -> `李⏎娜`).
    static func broken(_ name: String, crlf: Bool) -> String {
        let lineBreak = crlf ? "\r\n" : "\n"
        if let space = name.firstIndex(of: " ") {
            return name[..<space] + lineBreak + name[name.index(after: space)...]
        }
        guard name.count > 1 else { return name + lineBreak + "兴趣小组" }
        let second = name.index(after: name.startIndex)
        return name[..<second] + lineBreak + name[second...]
    }
}
