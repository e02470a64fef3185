import AfterschoolPipeline
import AfterschoolWarehouse
import Foundation
import Testing
@testable import AfterschoolStages

/// `tables.xlsx` as a school office opens it: in LibreOffice (headless),
/// each sheet read back equal to its published CSV; and its structure
/// (frozen header, autofilter, number formats, string ids) through
/// openpyxl.
@Suite("Workbook")
struct WorkbookTests {
    static let stipendPipeline = packageRoot + "/pipelines/stipend-proposal.yaml"

    /// Every table any stage declares, by name.
    static let declared: [String: OutputTable] = Dictionary(
        StageCatalogue.stages.flatMap(\.declaration.tables).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    /// The sheets of a workbook as CSV files, by LibreOffice: sheet name -> rows.
    static func sheets(of workbook: String, soffice: String) throws -> [String: [[String]]] {
        let tmp = try TempDir("soffice")
        defer { tmp.remove() }
        // A profile of its own: tests run in parallel, and LibreOffice locks its profile.
        let r = try ExternalTools.run(soffice, [
            "-env:UserInstallation=file://" + tmp.sub("profile"), "--headless", "--norestore",
            "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir", tmp.sub("csv"), workbook,
        ])
        #expect(r.status == 0, "soffice exited \(r.status): \(r.stderr.suffix(400))")
        let base = URL(fileURLWithPath: workbook).deletingPathExtension().lastPathComponent + "-"
        var sheets: [String: [[String]]] = [:]
        for file in (try? FileManager.default.contentsOfDirectory(atPath: tmp.sub("csv"))) ?? [] where file.hasPrefix(base) {
            let name = String(file.dropFirst(base.count).dropLast(4))
            sheets[name] = try readCSV(tmp.sub("csv") + "/" + file)
        }
        return sheets
    }

    /// A number as LibreOffice writes it (`82.78%`, `1234.5`).
    static func number(_ text: String) -> Double? {
        let plain = text.replacingOccurrences(of: ",", with: "")
        if plain.hasSuffix("%") { return Double(plain.dropLast()).map { $0 / 100 } }
        return Double(plain)
    }

    /// Checks one sheet against its table's CSV: the same rows and values,
    /// with the name columns aside, words for codes and flags, and the mark
    /// where a suppressed group's figures are blank.
    static func compare(sheet: [[String]], csv: [[String]], table: OutputTable, text: ReportText) {
        guard let header = csv.first else { return }
        var expectedHeader: [String] = []
        var nameColumns: Set<Int> = []
        for name in header {
            let column = table.columns.first { $0.name == name }
            expectedHeader.append(column?.label.text(text.language) ?? name)
            if name == "school_id" || name == "staff_id" {
                nameColumns.insert(expectedHeader.count)
                expectedHeader.append(name == "school_id" ? text.pick("学校名称", "School name") : text.pick("姓名", "Name"))
            }
        }
        #expect(sheet.first == expectedHeader, "\(table.name): header \(sheet.first ?? [])")
        #expect(sheet.count == csv.count, "\(table.name): \(sheet.count - 1) rows, the CSV has \(csv.count - 1)")
        let hidden = text.pick("（隐去）", "(hidden)")
        for (r, (got, want)) in zip(sheet.dropFirst(), csv.dropFirst()).enumerated() {
            let values = got.enumerated().filter { !nameColumns.contains($0.offset) }.map(\.element)
            for (i, name) in header.enumerated() {
                guard i < values.count, let column = table.columns.first(where: { $0.name == name }) else {
                    Issue.record("\(table.name) row \(r + 2): column \(name) missing")
                    continue
                }
                let w = want[i], g = values[i]
                let where_ = "\(table.name) row \(r + 2) \(name): sheet '\(g)', CSV '\(w)'"
                if g == hidden {
                    #expect(w.isEmpty && table.suppressible, "\(where_)")
                    continue
                }
                switch column.kind {
                case _ where w.isEmpty:
                    #expect(g.isEmpty, "\(where_)")
                case .integer, .ratio, .hours, .money:
                    #expect(number(g).map { abs($0 - (Double(w) ?? .nan)) < 1e-9 } == true, "\(where_)")
                case .flag:
                    #expect(g == (w == "1" ? text.pick("是", "yes") : text.pick("否", "no")), "\(where_)")
                case .text:
                    #expect(g == (ReportText.codedColumns.contains(name) ? text.word(w, column: name) : w), "\(where_)")
                }
            }
            // A school's name beside its code (staff names are optional in the input).
            if let c = header.firstIndex(of: "school_id"), !want[c].isEmpty, c + 1 < got.count {
                #expect(!got[c + 1].isEmpty && got[c] == want[c], "\(table.name) row \(r + 2): no school name")
            }
        }
    }

    @Test("tables.xlsx opens in LibreOffice; each sheet equals its CSV; internal tables only in internal/internal.xlsx",
          arguments: [("termly", "zh"), ("termly", "en"), ("stipend", "zh")])
    func readBack(pipeline: String, language: String) throws {
        guard let soffice = ExternalTools.soffice else {
            Issue.record("LibreOffice is not installed (make test installs libreoffice-calc-nogui): the workbook was not opened")
            return
        }
        let tmp = try TempDir("workbook")
        defer { tmp.remove() }
        let out = tmp.sub("out")
        _ = try PipelineRunner(logger: quietLogger).run(
            pipelinePath: pipeline == "termly" ? termlyPipeline : Self.stipendPipeline, data: sampleDataset, out: out,
            overrides: ["report_language=\(language)"])
        let text = ReportText(language: language)
        for (book, folder) in [("tables.xlsx", "tables/"), ("internal/internal.xlsx", "internal/")] {
            let sheets = try Self.sheets(of: out + "/" + book, soffice: soffice)
            let index = try #require(sheets[text.pick("说明", "About")], "\(book): no index sheet among \(sheets.keys.sorted())")
            let listed = index.dropFirst().map { $0[2] }
            let published = try FileManager.default.contentsOfDirectory(atPath: out + "/" + folder)
                .filter { $0.hasSuffix(".csv") }.map { folder + $0 }
            #expect(Set(listed) == Set(published), "\(book) lists \(listed), \(folder) holds \(published)")
            #expect(sheets.count == listed.count + 1)
            for row in index.dropFirst() {
                let name = URL(fileURLWithPath: row[2]).deletingPathExtension().lastPathComponent
                let table = try #require(Self.declared[name])
                #expect(table.isInternal == (folder == "internal/"))
                let sheet = try #require(sheets[row[0]], "no sheet \(row[0])")
                Self.compare(sheet: sheet, csv: try readCSV(out + "/" + row[2]), table: table, text: text)
            }
        }
    }

    @Test("the workbook's structure: frozen header, autofilter, formats by kind, ids as text (openpyxl)")
    func structure() throws {
        let tmp = try TempDir("workbook")
        defer { tmp.remove() }
        _ = try runPipeline(data: sampleDataset, out: tmp.sub("out"))
        let script = """
            import sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            about = wb.worksheets[0]
            assert about.title == "说明", about.title
            for ws in wb.worksheets:
                assert ws.freeze_panes == "A2", (ws.title, ws.freeze_panes)
                assert ws.auto_filter.ref == ws.dimensions, (ws.title, ws.auto_filter.ref, ws.dimensions)
            ws = wb["各校课后服务概况"]
            header = [c.value for c in ws[1]]
            row = {h: c for h, c in zip(header, ws[2])}
            assert row["学校代码"].data_type == "s" and row["学校代码"].value == "S001", row["学校代码"].value
            assert row["参与率"].number_format == "0.0%" and abs(row["参与率"].value - 0.8278) < 1e-12, row["参与率"].value
            assert row["在籍学生数"].number_format == "#,##0" and row["在籍学生数"].value == 180
            assert row["满意度均分"].number_format == "0.0000"
            assert row["特色校体艺达标"].value == "否"
            assert ws.column_dimensions["B"].width >= 20, ws.column_dimensions["B"].width
            groups = wb["重点群体参与情况"]
            marks = [c.value for r in groups.iter_rows(min_row=2) for c in r if c.value == "（隐去）"]
            assert marks, "no suppressed cell marked"
            print("ok")
            """
        guard let r = try ExternalTools.python(script, [tmp.sub("out") + "/tables.xlsx"]) else {
            Issue.record("the Python environment is missing (make test makes it with openpyxl): the workbook was not checked")
            return
        }
        #expect(r.status == 0 && r.stdout.contains("ok"), "\(r.stderr.suffix(800))")
    }
}
