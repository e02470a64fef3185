/// Writes one sheet's XML part (`xl/worksheets/sheetN.xml`): frozen
/// header, column widths, the cells, and the autofilter.
enum XLSXSheetWriter {
    /// The widest a column gets, in characters.
    static let maxWidth = 60.0

    static func part(_ sheet: XLSXSheet, selected: Bool, autoFilter: Bool) -> String {
        let columns = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
        let lastRow = sheet.rows.count + 1
        let range = "A1:" + columnName(max(columns, 1) - 1) + String(lastRow)
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(Namespace.main)" xmlns:r="\(Namespace.relationships)">
            """
        xml += "<dimension ref=\"\(range)\"/>"
        xml += "<sheetViews><sheetView workbookViewId=\"0\"\(selected ? " tabSelected=\"1\"" : "")>"
        xml += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        xml += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
        xml += "<sheetFormatPr defaultRowHeight=\"15\"/>"
        if columns > 0 {
            xml += "<cols>"
            for c in 0..<columns {
                xml += "<col min=\"\(c + 1)\" max=\"\(c + 1)\" width=\"\(width(sheet, column: c))\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        xml += row(1, sheet.header.map { XLSXCell.text($0, .header) })
        for (i, cells) in sheet.rows.enumerated() { xml += row(i + 2, cells) }
        xml += "</sheetData>"
        if autoFilter && columns > 0 { xml += "<autoFilter ref=\"\(range)\"/>" }
        xml += "</worksheet>"
        return xml
    }

    /// One `<row>`; empty cells are left out.
    static func row(_ r: Int, _ cells: [XLSXCell]) -> String {
        var xml = "<row r=\"\(r)\">"
        for (c, cell) in cells.enumerated() {
            let ref = columnName(c) + String(r)
            switch cell {
            case .empty:
                continue
            case let .text(text, style):
                // A line break (LF, or CR LF: one Character in Swift) wraps.
                let s = text.utf8.contains(0x0A) && style == .plain ? XLSXStyle.wrap : style
                xml += "<c r=\"\(ref)\"\(styleAttribute(s)) t=\"inlineStr\"><is><t xml:space=\"preserve\">"
                    + XMLText.escape(text) + "</t></is></c>"
            case let .number(text, style):
                xml += "<c r=\"\(ref)\"\(styleAttribute(style))><v>\(text)</v></c>"
            }
        }
        return xml + "</row>"
    }

    static func styleAttribute(_ style: XLSXStyle) -> String {
        style == .plain ? "" : " s=\"\(style.rawValue)\""
    }

    /// `A`, `B`, ..., `Z`, `AA`, ... for the 0-based column `c`.
    static func columnName(_ c: Int) -> String {
        var n = c + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// A width that fits the column's widest cell as shown (CJK
    /// characters count twice), within 8 and ``maxWidth``.
    static func width(_ sheet: XLSXSheet, column c: Int) -> String {
        var widest = c < sheet.header.count ? displayWidth(sheet.header[c]) + 2 : 0
        for row in sheet.rows where c < row.count {
            switch row[c] {
            case .empty: break
            case let .text(t, _):
                widest = max(widest, t.split(whereSeparator: \.isNewline).map { displayWidth($0) }.max() ?? 0)
            case let .number(t, style):
                // As shown: a percentage has at most 6 characters, a grouped
                // number gains its commas.
                let shown = style == .percent ? 6 : t.count + t.count / 3
                widest = max(widest, shown)
            }
        }
        let w = min(maxWidth, max(8, Double(widest) + 2))
        return String(Int(w))
    }

    /// Terminal-style width: wide (CJK, full-width) characters count 2.
    static func displayWidth(_ text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { n, s in
            let v = s.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return n + (wide ? 2 : 1)
        }
    }
}
