import AfterschoolWarehouse

/// Charts of the report as inline SVG made by the program: no library, no
/// script, nothing fetched. Every label is escaped.
enum ReportCharts {
    static let width = 640.0
    static let font = "font-family=\"Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif\""

    /// One bar per item, sorted ascending (the lowest first), values in
    /// [0, 1] shown as percentages; `line` marks the district's figure. With
    /// many items the bars get thin and unlabelled, so a 300-school district
    /// stays one screen tall.
    static func sortedBars(_ items: [(label: String, value: Double)], line: Double?, lineLabel: String) -> String {
        let sorted = items.sorted { $0.value < $1.value }
        let n = Double(max(sorted.count, 1))
        let barHeight = max(2.0, min(18.0, 720.0 / n))
        // Thin bars (many schools) carry no labels: the chart shows the
        // spread, and the target lines above name the lowest schools.
        let labelled = barHeight >= 11 ? sorted.count : 0
        let left = 230.0, right = 60.0, top = 24.0
        let plot = width - left - right
        let height = top + barHeight * n + 28
        var s = "<svg viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" "
            + "height=\"\(f(height))\" role=\"img\" \(font) font-size=\"11\">"
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            let x = left + plot * tick
            s += "<line x1=\"\(f(x))\" y1=\"\(f(top - 4))\" x2=\"\(f(x))\" y2=\"\(f(height - 24))\" stroke=\"#ddd\"/>"
            s += "<text x=\"\(f(x))\" y=\"\(f(height - 10))\" text-anchor=\"middle\" fill=\"#555\">\(Int(tick * 100))%</text>"
        }
        for (i, item) in sorted.enumerated() {
            let y = top + Double(i) * barHeight
            let w = plot * min(max(item.value, 0), 1)
            s += "<rect x=\"\(f(left))\" y=\"\(f(y + barHeight * 0.1))\" width=\"\(f(w))\" height=\"\(f(barHeight * 0.8))\" fill=\"#4a9\"/>"
            if i < labelled {
                s += "<text x=\"\(f(left - 6))\" y=\"\(f(y + barHeight * 0.75))\" text-anchor=\"end\">\(ReportHTML.escape(trim(item.label, 18)))</text>"
                s += "<text x=\"\(f(left + w + 4))\" y=\"\(f(y + barHeight * 0.75))\" fill=\"#333\">\(fixedDecimals(item.value * 100, 1))%</text>"
            }
        }
        if let line {
            let x = left + plot * min(max(line, 0), 1)
            s += "<line x1=\"\(f(x))\" y1=\"\(f(top - 8))\" x2=\"\(f(x))\" y2=\"\(f(height - 24))\" stroke=\"#c62828\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>"
            s += "<text x=\"\(f(x))\" y=\"\(f(top - 10))\" text-anchor=\"middle\" fill=\"#c62828\">\(ReportHTML.escape(lineLabel)) \(fixedDecimals(line * 100, 1))%</text>"
        }
        return s + "</svg>"
    }

    /// A mean with its interval per item, on the 1-5 scale, sorted by mean.
    static func intervals(_ items: [(label: String, mean: Double, low: Double, high: Double)]) -> String {
        let sorted = items.sorted { $0.mean < $1.mean }
        let row = 16.0, left = 250.0, right = 30.0, top = 12.0
        let plot = width - left - right
        let height = top + row * Double(sorted.count) + 30
        func x(_ v: Double) -> Double { left + plot * (min(max(v, 1), 5) - 1) / 4 }
        var s = "<svg viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" "
            + "height=\"\(f(height))\" role=\"img\" \(font) font-size=\"11\">"
        for tick in 1...5 {
            s += "<line x1=\"\(f(x(Double(tick))))\" y1=\"\(f(top))\" x2=\"\(f(x(Double(tick))))\" y2=\"\(f(height - 24))\" stroke=\"#ddd\"/>"
            s += "<text x=\"\(f(x(Double(tick))))\" y=\"\(f(height - 10))\" text-anchor=\"middle\" fill=\"#555\">\(tick)</text>"
        }
        for (i, item) in sorted.enumerated() {
            let y = top + Double(i) * row + row / 2
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(ReportHTML.escape(trim(item.label, 20)))</text>"
            s += "<line x1=\"\(f(x(item.low)))\" y1=\"\(f(y))\" x2=\"\(f(x(item.high)))\" y2=\"\(f(y))\" stroke=\"#888\" stroke-width=\"2\"/>"
            s += "<circle cx=\"\(f(x(item.mean)))\" cy=\"\(f(y))\" r=\"4\" fill=\"#2a6\"/>"
        }
        return s + "</svg>"
    }

    /// Counts per bin as vertical bars, with a labelled marker.
    static func histogram(_ values: [Double], bins: Int = 20, marker: (value: Double, label: String)?, unit: String) -> String {
        guard let lo = values.min(), let hi = values.max() else { return "" }
        let span = hi > lo ? hi - lo : 1
        var counts = Array(repeating: 0, count: bins)
        for v in values { counts[min(bins - 1, Int((v - lo) / span * Double(bins)))] += 1 }
        let left = 40.0, top = 20.0, plotH = 160.0
        let plot = width - left - 20
        let most = Double(counts.max() ?? 1)
        let bar = plot / Double(bins)
        var s = "<svg viewBox=\"0 0 \(f(width)) \(f(top + plotH + 40))\" width=\"\(f(width))\" "
            + "height=\"\(f(top + plotH + 40))\" role=\"img\" \(font) font-size=\"11\">"
        for (i, c) in counts.enumerated() {
            let h = plotH * Double(c) / most
            s += "<rect x=\"\(f(left + bar * Double(i) + 1))\" y=\"\(f(top + plotH - h))\" width=\"\(f(bar - 2))\" height=\"\(f(h))\" fill=\"#4a9\"/>"
        }
        s += "<text x=\"\(f(left))\" y=\"\(f(top + plotH + 16))\" fill=\"#555\">\(fixedDecimals(lo, 2))\(ReportHTML.escape(unit))</text>"
        s += "<text x=\"\(f(left + plot))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"end\" fill=\"#555\">\(fixedDecimals(hi, 2))\(ReportHTML.escape(unit))</text>"
        s += "<text x=\"\(f(left - 4))\" y=\"\(f(top + 8))\" text-anchor=\"end\" fill=\"#555\">\(Int(most))</text>"
        if let marker {
            let x = left + plot * (marker.value - lo) / span
            s += "<line x1=\"\(f(x))\" y1=\"\(f(top - 6))\" x2=\"\(f(x))\" y2=\"\(f(top + plotH))\" stroke=\"#c62828\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>"
            s += "<text x=\"\(f(x))\" y=\"\(f(top + plotH + 32))\" text-anchor=\"middle\" fill=\"#c62828\">\(ReportHTML.escape(marker.label))</text>"
        }
        return s + "</svg>"
    }

    /// One bar per category with its count.
    static func counts(_ items: [(label: String, count: Int)]) -> String {
        let row = 22.0, left = 80.0, top = 8.0
        let plot = width - left - 60
        let most = Double(items.map(\.count).max() ?? 1)
        let height = top + row * Double(items.count) + 8
        var s = "<svg viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" "
            + "height=\"\(f(height))\" role=\"img\" \(font) font-size=\"12\">"
        for (i, item) in items.enumerated() {
            let y = top + Double(i) * row
            let w = most > 0 ? plot * Double(item.count) / most : 0
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 15))\" text-anchor=\"end\">\(ReportHTML.escape(item.label))</text>"
            s += "<rect x=\"\(f(left))\" y=\"\(f(y + 3))\" width=\"\(f(w))\" height=\"16\" fill=\"#4a9\"/>"
            s += "<text x=\"\(f(left + w + 6))\" y=\"\(f(y + 15))\">\(item.count)</text>"
        }
        return s + "</svg>"
    }

    /// Shares in [0, 1] over the weeks, one line per series (a week without
    /// participants is a gap), with the weeks' labels below.
    static func weekly(_ labels: [String], _ series: [(name: String, values: [Double?], color: String)]) -> String {
        let left = 44.0, right = 16.0, top = 28.0, plotH = 180.0
        let plot = width - left - right
        let n = max(labels.count, 2)
        func x(_ i: Int) -> Double { left + plot * Double(i) / Double(n - 1) }
        func y(_ v: Double) -> Double { top + plotH * (1 - min(max(v, 0), 1)) }
        var s = "<svg viewBox=\"0 0 \(f(width)) \(f(top + plotH + 44))\" width=\"\(f(width))\" "
            + "height=\"\(f(top + plotH + 44))\" role=\"img\" \(font) font-size=\"11\">"
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            s += "<line x1=\"\(f(left))\" y1=\"\(f(y(tick)))\" x2=\"\(f(left + plot))\" y2=\"\(f(y(tick)))\" stroke=\"#ddd\"/>"
            s += "<text x=\"\(f(left - 4))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\" fill=\"#555\">\(Int(tick * 100))%</text>"
        }
        let every = max(1, labels.count / 10)
        for (i, label) in labels.enumerated() where i % every == 0 {
            s += "<text x=\"\(f(x(i)))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\" fill=\"#555\">\(ReportHTML.escape(label))</text>"
        }
        for (k, serie) in series.enumerated() {
            var path = ""
            var open = false
            for (i, v) in serie.values.enumerated() {
                guard let v else { open = false; continue }
                path += (open ? " L" : " M") + "\(f(x(i))) \(f(y(v)))"
                open = true
            }
            s += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(serie.color)\" stroke-width=\"2\"/>"
            for (i, v) in serie.values.enumerated() {
                if let v { s += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"2.5\" fill=\"\(serie.color)\"/>" }
            }
            let lx = left + Double(k) * 200
            s += "<rect x=\"\(f(lx))\" y=\"6\" width=\"12\" height=\"4\" fill=\"\(serie.color)\"/>"
            s += "<text x=\"\(f(lx + 16))\" y=\"12\">\(ReportHTML.escape(serie.name))</text>"
        }
        return s + "</svg>"
    }

    static func f(_ x: Double) -> String { fixedDecimals(x, 1) }

    static func trim(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }
}
