import AfterschoolDomain

/// The per-file summary printed after validation: records read, accepted,
/// and rejected by rule.
public enum ValidationSummary {
    public static func text(_ report: IngestReport) -> String {
        var rows: [[String]] = [["file", "records", "accepted", "rejected", "by rule"]]
        for f in report.files {
            guard f.present else {
                rows.append([f.file, "-", "-", "-", "(not in the dataset)"])
                continue
            }
            let rules = f.rejectedByRule.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            rows.append([f.file, String(f.records), String(f.accepted), String(f.rejected), rules])
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
