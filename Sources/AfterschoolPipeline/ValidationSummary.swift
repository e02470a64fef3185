import AfterschoolDomain

/// The per-file summary printed after validation: records read, accepted,
/// and rejected by rule.
public enum ValidationSummary {
    /// Parts with rejects listed under their folder's row.
    static let partsShown = 5

    public static func text(_ report: IngestReport) -> String {
        var rows: [[String]] = [["file", "records", "accepted", "rejected", "by rule"]]
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
                rows.append([f.file, "-", "-", "-", "(not in the dataset)"])
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
            var total = FileReport(file: "\(folder) (\(parts.count) parts)", present: true)
            for p in parts {
                total.records += p.records
                total.accepted += p.accepted
                for (rule, n) in p.rejectedByRule { total.rejectedByRule[rule, default: 0] += n }
            }
            rows.append([total.file, String(total.records), String(total.accepted), String(total.rejected), rules(total)])
            let withRejects = parts.filter { $0.rejected > 0 }
            for p in withRejects.prefix(ValidationSummary.partsShown) {
                rows.append(["  " + p.file, String(p.records), String(p.accepted), String(p.rejected), rules(p)])
            }
            if withRejects.count > ValidationSummary.partsShown {
                rows.append(["  ...", "", "", "", "\(withRejects.count - ValidationSummary.partsShown) more parts with rejects (rejects.csv)"])
            }
        }
        let widths = (0..<5).map { c in rows.map { $0[c].count }.max() ?? 0 }
        var lines: [String] = []
        for (i, r) in rows.enumerated() {
            var line = ""
            for c in 0..<5 {
                let cell = r[c]
                let padding = String(repeating: " ", count: widths[c] - cell.count)
                line += (c == 0 || c == 4) ? cell + padding : padding + cell
                if c < 4 { line += "  " }
            }
            lines.append(line.trimmingTrailingSpaces())
            if i == 0 { lines.append(String(repeating: "-", count: widths.reduce(0, +) + 8)) }
        }
        let total = report.files.reduce(0) { $0 + $1.rejected }
        lines.append("\(total) rows rejected in all; \(report.warnings.count) warning(s).")
        return lines.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
