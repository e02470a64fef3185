@testable import AfterschoolPipeline
import Foundation
import Testing

/// What a school typed must never act when someone opens the outputs: a
/// formula stays text in every CSV and in the workbook, a script tag and a
/// Markdown table breaker are escaped in the report (issue #14, item 5).
@Suite("Outputs safe to open")
struct InjectionTests {
    /// A school name that is a formula, a script and a table breaker at once.
    static let name = #"=HYPERLINK("http://evil.example","点我")<script>alert(1)</script>|破|表"#

    /// The sample with that name for S001, and attendance rows whose
    /// rejected values start with `@` and `-`.
    static func dataset(in tmp: TempDir) throws -> String {
        let data = tmp.sub("data")
        try FileManager.default.copyItem(atPath: sampleDataset, toPath: data)
        let schools = data + "/schools.csv"
        var text = try String(contentsOfFile: schools, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "S001,样例第一小学 Sample No.1 Primary School,",
            with: "S001,\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\",")
        try text.write(toFile: schools, atomically: true, encoding: .utf8)
        let attendance = try FileHandle(forWritingTo: URL(fileURLWithPath: data + "/attendance.csv"))
        try attendance.seekToEnd()
        try attendance.write(contentsOf: Data("S001-1020-hw-1-1,0001099,@SUM(1+1),\nS001-1020-hw-1-1,-2+3,present,\n".utf8))
        try attendance.close()
        return data
    }

    /// Every cell of a CSV that a spreadsheet would read as a formula and
    /// that is not a number.
    static func formulaCells(_ path: String) throws -> [String] {
        try readCSV(path).flatMap { $0 }.filter { cell in
            guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return false }
            return Double(cell) == nil
        }
    }

    @Test("a formula in a name or a rejected value stays text in every CSV and in the workbook; the report escapes it")
    func endToEnd() throws {
        let tmp = try TempDir("injection")
        defer { tmp.remove() }
        let data = try Self.dataset(in: tmp)
        let out = tmp.sub("out")
        _ = try runPipeline(data: data, out: out)

        // The name was accepted (a text value), and the two rows rejected
        // with their values as typed, behind a quote.
        let rejects = try readRejects(out + "/rejects.csv")
        let values = rejects.compactMap { $0["value"] }
        #expect(values.contains("'@SUM(1+1)"), "\(values)")
        #expect(values.contains("'-2+3"), "\(values)")
        #expect(!rejects.contains { $0["file"] == "schools.csv" })

        // No CSV the run wrote holds a cell a spreadsheet would run.
        var csvs = ["rejects.csv"]
        for folder in ["tables", "internal"] {
            for file in (try? FileManager.default.contentsOfDirectory(atPath: out + "/" + folder)) ?? [] where file.hasSuffix(".csv") {
                csvs.append(folder + "/" + file)
            }
        }
        #expect(csvs.count > 5)
        for csv in csvs {
            #expect(try Self.formulaCells(out + "/" + csv).isEmpty, "\(csv)")
        }

        // The report: no live script, no broken table.
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(!html.contains("<script>alert(1)"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let markdown = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(!markdown.contains("<script>"))
        #expect(markdown.contains(#"\|破\|表"#))
        for line in markdown.split(separator: "\n") where line.contains("破") && line.hasPrefix("|") {
            // A table row with the name has as many unescaped bars as its header.
            #expect(!line.contains("|破|"), "\(line)")
        }

        // The workbook: the name is a string cell, and no cell is a formula.
        let script = """
            import sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            found = 0
            for ws in wb.worksheets:
                for row in ws.iter_rows():
                    for c in row:
                        assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                        if c.value == sys.argv[2]:
                            assert c.data_type == "s", (ws.title, c.coordinate)
                            found += 1
            assert found > 0, "the name is in no cell"
            print("ok", found)
            """
        guard let r = try ExternalTools.python(script, [out + "/tables.xlsx", Self.name]) else {
            Issue.record("the Python environment is missing (make test makes it with openpyxl): the workbook was not checked")
            return
        }
        #expect(r.status == 0 && r.stdout.contains("ok"), "\(r.stderr.suffix(800))")
    }

    @Test("the CSV writer: text that starts a formula gets a quote in front; numbers and other text do not")
    func writerRule() {
        let cases: [(String, String)] = [
            ("=1+2", "'=1+2"), ("+86 10 1234", "'+86 10 1234"), ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"), ("\rx", "'\rx"), ("-", "'-"), ("-.", "'-."), ("-1e", "'-1e"),
            ("-12.5", "-12.5"), ("+3", "+3"), ("-1e-5", "-1e-5"), ("-0.125", "-0.125"), (".5", ".5"),
            ("'=already", "'=already"), ("S001", "S001"), ("", ""), ("学校=1", "学校=1"),
        ]
        for (input, expected) in cases {
            let output = String(decoding: CSVTableWriter.neutralised(Array(input.utf8)), as: UTF8.self)
            #expect(output == expected, "\(input.debugDescription)")
        }
    }
}
