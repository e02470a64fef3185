import Foundation

/// Writes a ``ReportDocument`` as one self-contained HTML page: inline CSS,
/// no script needed to read it, nothing fetched; every text from the data
/// escaped (a name holding `<script>` or a line break shows as text).
public enum ReportHTML {
    public static func render(_ d: ReportDocument) -> String {
        var h = """
            <!DOCTYPE html>
            <html lang="\(d.language == "en" ? "en" : "zh-CN")"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(d.title))</title>
            <style>\(css)</style></head><body>
            <header><h1>\(escape(d.title))</h1><p class="sub">\(escape(d.subtitle))</p></header>

            """
        for section in d.sections {
            h += "<section><h2>\(escape(section.title))</h2>\n"
            for block in section.blocks { h += self.block(block, language: d.language) }
            h += "</section>\n"
        }
        h += "<footer>" + d.footer.map { "<p>\(escape($0))</p>" }.joined(separator: "\n") + "</footer>\n"
        h += "<script>\(sortScript)</script>\n</body></html>\n"
        return h
    }

    static func block(_ block: ReportDocument.Block, language: String) -> String {
        switch block {
        case let .paragraph(text): return "<p>\(escape(text))</p>\n"
        case let .targets(lines): return targets(lines, language: language)
        case let .table(table): return self.table(table, language: language)
        case let .chart(title, svg, _): return "<figure><figcaption>\(escape(title))</figcaption>\(svg)</figure>\n"
        case let .group(title, blocks):
            return "<details class=\"group\"><summary>\(escape(title))</summary>\n"
                + blocks.map { self.block($0, language: language) }.joined() + "</details>\n"
        }
    }

    static func targets(_ lines: [ReportDocument.TargetLine], language: String) -> String {
        var h = "<table class=\"targets\"><tbody>\n"
        for line in lines {
            let mark = line.met.map { $0 ? "<span class=\"met\">✔</span>" : "<span class=\"missed\">✘</span>" } ?? "–"
            h += "<tr><td class=\"mark\">\(mark)</td><th>\(escape(line.label))</th>"
            h += "<td class=\"num\">\(escape(line.value))</td><td class=\"num target\">\(escape(line.target))</td><td>"
            if !line.missing.isEmpty { h += "<span class=\"who\">" + line.missing.map(escape).joined(separator: "、") + "</span>" }
            h += "</td></tr>\n"
        }
        return h + "</tbody></table>\n"
    }

    /// Rows of a long table the page holds in its folded part; past that,
    /// the page points to the workbook (a district's 80,000-row monthly
    /// workload would make a page of 20 MB).
    static let foldedRows = 2_000

    static func table(_ t: ReportDocument.Table, language: String) -> String {
        func rows(_ rows: ArraySlice<[String]>) -> String {
            rows.map { row in
                "<tr>" + zip(row, t.numeric).map { cell, numeric in
                    "<td\(numeric ? " class=\"num\"" : "")>\(escape(cell))</td>"
                }.joined() + "</tr>"
            }.joined(separator: "\n")
        }
        let head = "<thead><tr>" + t.headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>"
        var h = "<h3>\(escape(t.title))</h3>\n<table class=\"data\">\(head)<tbody>\n\(rows(t.rows.prefix(t.shown)))\n</tbody></table>\n"
        if t.rows.count > t.shown {
            let more = t.rows.count - t.shown
            let folded = min(more, foldedRows)
            let label = language == "en" ? (folded < more ? "The next \(folded) of the other \(more) rows" : "The other \(more) rows")
                : (folded < more ? "其余 \(more) 行中的 \(folded) 行" : "其余 \(more) 行")
            h += "<details><summary>\(label)</summary><table class=\"data\">\(head)<tbody>\n\(rows(t.rows.dropFirst(t.shown).prefix(folded)))\n</tbody></table></details>\n"
            if folded < more {
                h += "<p class=\"note\">" + (language == "en"
                    ? "\(more - folded) more rows are not in this page: the whole table is in tables.xlsx and under tables/."
                    : "另有 \(more - folded) 行未列在本页：完整数据见 tables.xlsx 与 tables/ 下的 CSV 文件。") + "</p>\n"
            }
        }
        if let note = t.note { h += "<p class=\"note\">\(escape(note))</p>\n" }
        return h
    }

    /// `&`, `<`, `>`, `"` and `'` as entities; line breaks as `<br>`.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var afterCR = false
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\r": out += "<br>"
            case "\n": if !afterCR { out += "<br>" }
            default: out.unicodeScalars.append(ch)
            }
            afterCR = ch == "\r"
        }
        return out
    }

    /// Sorts a data table by a clicked header (numbers as numbers); the page
    /// reads the same without it.
    static let sortScript = """
        document.querySelectorAll("table.data").forEach(function(t){var hs=t.tHead?t.tHead.rows[0].cells:[];\
        Array.prototype.forEach.call(hs,function(h,i){h.style.cursor="pointer";h.title="sort";h.addEventListener("click",\
        function(){var b=t.tBodies[0],rs=Array.prototype.slice.call(b.rows),up=h.getAttribute("data-up")!=="1";\
        h.setAttribute("data-up",up?"1":"0");var v=function(r){var s=r.cells[i]?r.cells[i].textContent:"";\
        var n=parseFloat(s.replace(/[,%]/g,""));return isNaN(n)?s:n;};rs.sort(function(a,c){var x=v(a),y=v(c);\
        var r=(typeof x==="number"&&typeof y==="number")?x-y:String(x).localeCompare(String(y));return up?r:-r;});\
        rs.forEach(function(r){b.appendChild(r);});});});});
        """

    static let css = """
        body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;\
        margin:2em auto;max-width:60em;padding:0 1em;color:#222;line-height:1.5}
        h1{font-size:1.6em;margin-bottom:0}.sub{color:#555;margin-top:.2em}
        h2{border-bottom:2px solid #2a6;padding-bottom:.2em;margin-top:1.6em}h3{font-size:1.05em;margin-top:1.2em}
        table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
        th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}thead th{background:#eef5f0}
        td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        table.targets th{text-align:left;background:none;min-width:11em}td.mark{text-align:center;font-weight:bold}
        .met{color:#1a7f37}.missed{color:#c62828}.who{color:#c62828}.target{color:#555}
        .note{color:#555;font-size:.9em}footer{margin-top:2em;border-top:1px solid #ccc;color:#555;font-size:.85em}
        details summary{cursor:pointer;color:#2a6}details.group{margin:.3em 0}details.group>summary{font-weight:bold}figure{margin:1em 0}figcaption{font-weight:bold;margin-bottom:.3em}
        svg{max-width:100%;height:auto}
        @media print{body{margin:0;max-width:none}details{display:block}section{break-inside:auto}\
        h2,h3{break-after:avoid}tr{break-inside:avoid}@page{size:A4;margin:15mm}}
        """
}

/// Writes a ``ReportDocument`` as Markdown (GitHub tables).
public enum ReportMarkdown {
    public static func render(_ d: ReportDocument) -> String {
        var m = "# \(escape(d.title))\n\n\(escape(d.subtitle))\n"
        for section in d.sections {
            m += "\n## \(escape(section.title))\n"
            for block in section.blocks { m += self.block(block, language: d.language) }
        }
        m += "\n---\n\n" + footer(d)
        return m
    }

    /// The footer lines, each ending in a Markdown line break.
    static func footer(_ d: ReportDocument) -> String {
        d.footer.map(escape).joined(separator: "  \n") + "\n"
    }

    /// One block, starting with a blank line; a table's heading at
    /// `level` (a group's tables one level below the group's heading).
    static func block(_ block: ReportDocument.Block, language: String, level: Int = 3) -> String {
        let heading = String(repeating: "#", count: level)
        var m = ""
        switch block {
        case let .paragraph(text):
            m += "\n\(escape(text))\n"
        case let .targets(lines):
            let h = language == "en" ? ["", "Figure", "District", "Target", "Schools below the target"]
                : ["", "指标", "全区", "目标", "未达标学校"]
            m += "\n" + row(h) + row(h.map { _ in "---" })
            for l in lines {
                let mark = l.met.map { $0 ? "✔" : "✘" } ?? "–"
                m += row([mark, l.label, l.value, l.target, l.missing.joined(separator: "、")])
            }
        case let .table(t):
            m += "\n\(heading) \(escape(t.title))\n\n" + row(t.headers) + row(t.numeric.map { $0 ? "---:" : "---" })
            for r in t.rows.prefix(t.shown) { m += row(r) }
            if t.rows.count > t.shown {
                m += language == "en" ? "\n(\(t.rows.count - t.shown) more rows: see report.html or tables/.)\n"
                    : "\n（其余 \(t.rows.count - t.shown) 行见 report.html 或 tables/。）\n"
            }
            if let note = t.note { m += "\n\(escape(note))\n" }
        case let .chart(title, _, file):
            m += "\n![\(escape(title))](\(file))\n"
        case let .group(title, blocks):
            m += "\n\(heading) \(escape(title))\n" + blocks.map { self.block($0, language: language, level: level + 1) }.joined()
        }
        return m
    }

    static func row(_ cells: [String]) -> String {
        "| " + cells.map(escape).joined(separator: " | ") + " |\n"
    }

    /// HTML entities for `<`, `>` and `&`; `|` escaped; line breaks as `<br>`.
    static func escape(_ text: String) -> String {
        ReportHTML.escape(text).replacingOccurrences(of: "|", with: "\\|")
    }
}
