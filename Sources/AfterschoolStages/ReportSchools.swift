import AfterschoolWarehouse
import GRDB

/// The report's section per school: each school's classes
/// (`class_participation`) and its daily ledger as a month-by-day view
/// (`daily_ledger`), where a school office looks for its own figures.
extension ReportBuilder {
    /// Tables the report shows school by school in ``schoolsSection``
    /// rather than whole under "Tables" (whole in `tables/` and the workbook).
    static let perSchoolTables: [String] = ["class_participation", "daily_ledger"]

    /// One folded group per school with its class table and its ledger
    /// grid; nil when the run has neither table.
    func schoolsSection(_ tables: [Loaded], schoolNames: [String: String]) -> ReportDocument.Section? {
        let classes = tables.first { $0.table.name == "class_participation" }
        let ledger = tables.first { $0.table.name == "daily_ledger" }
        guard classes != nil || ledger != nil else { return nil }
        let classRows = classes.map(rowsBySchool) ?? [:]
        let ledgerRows = ledger.map(rowsBySchool) ?? [:]
        let schools = Set(classRows.keys).union(ledgerRows.keys).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let shows = [
            classes.map { _ in (zh: "各班参与与覆盖情况", en: "each class's participation and coverage") },
            ledger.map { _ in (zh: "每日台账（按月、按日：开设班次、参与学生人次、核定课时；空白为当日无课后服务）",
                               en: "the daily ledger by month and day (sessions held, students present per segment, verified hours; blank: no service that day)") },
        ].compactMap { $0 }
        var blocks: [ReportDocument.Block] = [.paragraph(text.pick(
            "每所学校一栏（网页中点开查看）：" + shows.map(\.zh).joined(separator: "；") + "。",
            "One entry per school (open it in the page): " + shows.map(\.en).joined(separator: "; ") + "."))]
        for school in schools {
            var inner: [ReportDocument.Block] = []
            if let classes, let rows = classRows[school] {
                var table = present(Loaded(table: classes.table, rows: rows), schoolNames: schoolNames, staffNames: [:],
                                    omitting: ["school_id"])
                table.shown = rows.count
                inner.append(.table(table))
            }
            if let ledger, let rows = ledgerRows[school], let grid = ledgerGrid(Loaded(table: ledger.table, rows: rows)) {
                inner.append(.table(grid))
            }
            blocks.append(.group(title: ReportBuilder.schoolLabel(school, schoolNames), blocks: inner))
        }
        return ReportDocument.Section(title: text.pick("各校明细", "School by school"), blocks: blocks)
    }

    /// A table's rows by their `school_id`, in table order.
    private func rowsBySchool(_ loaded: Loaded) -> [String: [[DatabaseValue]]] {
        guard let c = loaded.column("school_id") else { return [:] }
        var out: [String: [[DatabaseValue]]] = [:]
        for row in loaded.rows { out[ReportBuilder.string(row[c]) ?? "", default: []].append(row) }
        return out
    }

    /// One school's ledger as a month-by-day grid: per month, a row each
    /// for the sessions held, the students present (summed over the
    /// segments: a student in two segments counts twice) and the verified
    /// hours, a column per day of the month and the month's total.
    func ledgerGrid(_ ledger: Loaded) -> ReportDocument.Table? {
        guard let date = ledger.column("date"), let held = ledger.column("held_sessions"),
              let present = ledger.column("students_present"), let hours = ledger.column("verified_hours") else { return nil }
        /// Per month: per day of the month, (held, present, hundredths of an hour).
        var months: [String: [Int: (Int64, Int64, Int64)]] = [:]
        for row in ledger.rows {
            guard let text = ReportBuilder.string(row[date]), text.utf8.count == 10,
                  let day = Int(text.suffix(2)) else { continue }
            let month = String(text.prefix(7))
            var cell = months[month, default: [:]][day] ?? (0, 0, 0)
            cell.0 += ReportBuilder.integer(row[held]) ?? 0
            cell.1 += ReportBuilder.integer(row[present]) ?? 0
            cell.2 += Int64(((ReportBuilder.number(row[hours]) ?? 0) * 100).rounded())
            months[month, default: [:]][day] = cell
        }
        guard !months.isEmpty else { return nil }
        let figures: [(label: String, value: ((Int64, Int64, Int64)) -> Int64, hours: Bool)] = [
            (text.pick("开设班次", "Sessions held"), { $0.0 }, false),
            (text.pick("参与学生人次", "Students present"), { $0.1 }, false),
            (text.pick("核定课时", "Verified hours"), { $0.2 }, true),
        ]
        func show(_ n: Int64, hours: Bool) -> String { hours ? fixedDecimals(Double(n) / 100, 2) : ReportBuilder.grouped(n) }
        var rows: [[String]] = []
        for month in months.keys.sorted() {
            let days = months[month] ?? [:]
            for figure in figures {
                var row = [month, figure.label]
                var total: Int64 = 0
                for day in 1...31 {
                    if let cell = days[day] {
                        let n = figure.value(cell)
                        total += n
                        row.append(show(n, hours: figure.hours))
                    } else {
                        row.append("")
                    }
                }
                row.append(show(total, hours: figure.hours))
                rows.append(row)
            }
        }
        let headers = [text.pick("月份", "Month"), text.pick("项目", "Figure")] + (1...31).map(String.init)
            + [text.pick("合计", "Total")]
        return ReportDocument.Table(
            title: text.pick("每日台账（按月、按日）", "Daily ledger, month by day"), headers: headers,
            numeric: [false, false] + Array(repeating: true, count: 32), rows: rows, shown: rows.count, note: nil)
    }
}
