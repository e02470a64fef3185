import Foundation
import Testing
import ZIPFoundation
@testable import AfterschoolXLSX

/// The workbook package: its parts, its cells, and what must never happen
/// to a text (a formula, a lost character).
@Suite("XLSX writer")
struct XLSXWriterTests {
    static let book = XLSXWorkbook(sheets: [
        XLSXSheet(name: "说明", header: ["工作表", "行数"], rows: [[.text("学校"), .number("2", .integer)]]),
        XLSXSheet(name: "学校", header: ["学校代码", "参与率", "金额"], rows: [
            [.text("007"), .number("0.8278", .percent), .number("1234.50", .money)],
            [.text("=1+1"), .empty, .text("（隐去）", .mark)],
            [.text("+86 @home -x <b>&amp; _x0041_ \u{1B}"), .number("-0.5000", .decimal4), .text("a\nb")],
        ]),
    ])

    /// The text of every part, by path.
    static func parts(_ data: Data) throws -> [String: String] {
        let archive = try Archive(data: data, accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            parts[entry.path] = String(decoding: bytes, as: UTF8.self)
        }
        return parts
    }

    @Test("the package has its parts, and the same workbook gives the same bytes")
    func package() throws {
        let data = try XLSXWriter.data(Self.book)
        let parts = try Self.parts(data)
        #expect(Set(parts.keys) == ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                    "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])
        #expect(parts["[Content_Types].xml"]?.contains("/xl/worksheets/sheet2.xml") == true)
        let workbook = try #require(parts["xl/workbook.xml"])
        #expect(workbook.contains(#"<sheet name="说明" sheetId="1" r:id="rId1""#))
        #expect(workbook.contains("localSheetId=\"1\" hidden=\"1\">&apos;学校&apos;!$A$1:$C$4</definedName>"))
        #expect(try XLSXWriter.data(Self.book) == data)
    }

    @Test("numbers are numbers with their format; every text is a string cell, never a formula")
    func cells() throws {
        let sheet = try #require(try Self.parts(XLSXWriter.data(Self.book))["xl/worksheets/sheet2.xml"])
        #expect(sheet.contains(#"<c r="A2" t="inlineStr"><is><t xml:space="preserve">007</t></is></c>"#))
        #expect(sheet.contains(#"<c r="B2" s="3"><v>0.8278</v></c>"#))
        #expect(sheet.contains(#"<c r="C2" s="6"><v>1234.50</v></c>"#))
        #expect(sheet.contains(#"<c r="A3" t="inlineStr"><is><t xml:space="preserve">=1+1</t></is></c>"#))
        #expect(!sheet.contains("<f>"), "no formula anywhere")
        #expect(!sheet.contains(#"r="B3""#), "an empty cell is left out")
        #expect(sheet.contains(#"<c r="C3" s="7" t="inlineStr"><is><t xml:space="preserve">（隐去）</t>"#))
        // Escaped: markup, a literal _x0041_ (kept as text), a control character.
        #expect(sheet.contains("+86 @home -x &lt;b&gt;&amp;amp; _x005F_x0041_ _x001B_"))
        #expect(sheet.contains(#"<c r="C4" s="8" t="inlineStr"><is><t xml:space="preserve">a"# + "\n" + "b</t>"))
        // Frozen header and autofilter over the table.
        #expect(sheet.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(sheet.contains(#"<autoFilter ref="A1:C4"/>"#))
    }

    @Test("column widths fit the widest cell, CJK counting double, within 8 and 60")
    func widths() {
        let sheet = XLSXSheet(name: "s", header: ["学校代码", "x"], rows: [[.text(String(repeating: "y", count: 200)), .text("z")]])
        #expect(XLSXSheetWriter.width(sheet, column: 0) == "60")
        #expect(XLSXSheetWriter.width(sheet, column: 1) == "8")
        let lines = XLSXSheet(name: "s", header: ["a"], rows: [[.text("样例第一小学\r\n样例")]])
        #expect(XLSXSheetWriter.width(lines, column: 0) == "14", "the widest line counts, CR LF included")
        #expect(XLSXSheetWriter.row(2, [.text("a\r\nb")]).contains(#"s="8""#), "a CR LF wraps too")
        let cjk = XLSXSheet(name: "s", header: ["a"], rows: [[.text("样例第一小学")]])
        #expect(XLSXSheetWriter.width(cjk, column: 0) == "14")
    }

    @Test("column letters", arguments: [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA")])
    func columnNames(_ c: Int, _ name: String) {
        #expect(XLSXSheetWriter.columnName(c) == name)
    }

    @Test("sheet names Excel accepts: no []:*?/\\, at most 31 characters, unique, never blank")
    func sheetNames() {
        let long = String(repeating: "长", count: 40)
        let names = XLSXWriter.sheetNames(["a/b:c", long, long, "", "'x'", "A", "a"])
        #expect(names[0] == "a_b_c")
        #expect(names[1].count == 31 && names[2].count == 31 && names[1] != names[2])
        #expect(names[2].hasSuffix(" (2)"))
        #expect(names[3] == "Sheet")
        #expect(names[4] == "x")
        #expect(names[5] == "A" && names[6] == "a (2)", "names are unique ignoring case")
    }
}
