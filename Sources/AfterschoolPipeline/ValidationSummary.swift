import AfterschoolDomain

/// The per-file summary printed after validation: records read, accepted,
/// and rejected by rule.
public enum ValidationSummary {
    /// Parts with rejects listed under their folder's row.
    static let partsShown = 5

    /// The table, in `language` (`zh` or `en`; rule names stay codes).
    public static func text(_ report: IngestReport, language: String = "en") -> String {
        let zh = language != "en"
        var rows: [[String]] = [zh ? ["文件", "记录", "接受", "拒绝", "按规则"] : ["file", "records", "accepted", "rejected", "by rule"]]
        func rules(_ f: FileReport) -> String {
            f.rejectedByRule.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        // Parts of a folder: one row for the folder, then the parts with
        // rejects (the first few), so a district's 300 parts stay readable.
        var i = 0
        let files = report.files
        while i < files.count {
            let f = files[i]
            guard f.present else {
                rows.append([f.file, "-", "-", "-", zh ? "（数据集中没有）" : "(not in the dataset)"])
                i += 1
                continue
            }
            guard let slash = f.file.firstIndex(of: "/") else {
                rows.append([f.file, String(f.records), String(f.accepted), String(f.rejected), rules(f)])
                i += 1
                continue
            }
            let folder = String(f.file[...slash])
            var parts: [FileReport] = []
            while i < files.count && files[i].file.hasPrefix(folder) {
                parts.append(files[i])
                i += 1
            }
            var total = FileReport(file: zh ? "\(folder)（\(parts.count) 个分文件）" : "\(folder) (\(parts.count) parts)", present: true)
            for p in parts { total.add(p) }
            rows.append([total.file, String(total.records), String(total.accepted), String(total.rejected), rules(total)])
            let withRejects = parts.filter { $0.rejected > 0 }
            for p in withRejects.prefix(ValidationSummary.partsShown) {
                rows.append(["  " + p.file, String(p.records), String(p.accepted), String(p.rejected), rules(p)])
            }
            if withRejects.count > ValidationSummary.partsShown {
                let more = withRejects.count - ValidationSummary.partsShown
                rows.append(["  ...", "", "", "", zh ? "另有 \(more) 个分文件有被拒绝的行（见 rejects.csv）" : "\(more) more parts with rejects (rejects.csv)"])
            }
        }
        let widths = (0..<5).map { c in rows.map { displayWidth($0[c]) }.max() ?? 0 }
        var lines: [String] = []
        for (i, r) in rows.enumerated() {
            var line = ""
            for c in 0..<5 {
                let cell = r[c]
                let padding = String(repeating: " ", count: widths[c] - displayWidth(cell))
                line += (c == 0 || c == 4) ? cell + padding : padding + cell
                if c < 4 { line += "  " }
            }
            lines.append(line.trimmingTrailingSpaces())
            if i == 0 { lines.append(String(repeating: "-", count: widths.reduce(0, +) + 8)) }
        }
        let total = report.files.reduce(0) { $0 + $1.rejected }
        lines.append(zh ? "共拒绝 \(total) 行；警告 \(report.warnings.count) 条。"
                     : "\(total) rows rejected in all; \(report.warnings.count) warning(s).")
        return lines.joined(separator: "\n")
    }
}

/// Columns a text takes on a terminal: East Asian wide characters take two.
func displayWidth(_ s: String) -> Int {
    s.unicodeScalars.reduce(0) { w, u in
        let v = u.value
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
        return w + (wide ? 2 : 1)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
