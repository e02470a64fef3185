import AfterschoolDomain
import AfterschoolWarehouse
import Foundation
import AfterschoolXLSX
import GRDB

/// The report stage's parameters: every parameter of the run (the footer
/// lists those that differ from their defaults, so the report depends on
/// all of them), read through the language and the policy targets.
public struct ReportParameters: StageParameters {
    /// Each parameter's value as text, by YAML key.
    public var values: [String: String]

    public init(_ values: Parameters) {
        self.values = values.values.mapValues(\.description)
    }

    public init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: String].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(values)
    }

    /// `zh` or `en`.
    public var language: String { values["report_language"] ?? "zh" }

    /// A target's value (the policy's default when unset).
    public func target(_ name: String) -> Double { values[name].flatMap(Double.init) ?? 1 }

    /// A time parameter (`14:00`) in minutes after midnight.
    public func minutes(_ name: String) -> Int? {
        guard let parts = values[name]?.split(separator: ":"), parts.count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        return h * 60 + m
    }

    /// Parameters whose value differs from the default, sorted by name.
    public var nonDefault: [(name: String, value: String)] {
        ParameterSpec.all.compactMap { spec in
            guard let v = values[spec.name], let d = spec.parse(spec.defaultText)?.description, v != d else { return nil }
            return (spec.name, v)
        }
    }
}

/// The report stage (评估报告): `report.html` and `report.md` in the
/// report's language, showing what the pipeline's earlier stages produced:
/// the key figures against the policy targets with the schools that miss
/// them, the published tables with their labels, the audit summarised by
/// rule and school (no student or staff id), and a footer.
public enum ReportStage: StageUnit {
    public static let declaration = StageDeclaration(
        name: "report", version: 2,
        summary: "report.html, report.md, report.ipynb and tables.xlsx: the figures against the policy targets, the tables, the audit summary",
        reads: [.term, .ledger, .inputCounts], tables: [], readsEarlierStages: true)

    public static func run(_ context: StageContext, _ parameters: ReportParameters) throws -> (NoResult, StageTables) {
        let builder = ReportBuilder(context: context, parameters: parameters)
        let data = try builder.load()
        let document = try builder.build(data)
        var files: [(path: String, data: Data)] = [
            ("report.html", Data(ReportHTML.render(document).utf8)),
            ("report.md", Data(ReportMarkdown.render(document).utf8)),
        ]
        files += try builder.workbooks(data)
        files.append(("report.ipynb", try ReportNotebook.render(
            document, tables: context.earlierTables.filter { !$0.isInternal },
            window: (parameters.minutes("window_start") ?? 14 * 60, parameters.minutes("window_end") ?? 20 * 60))))
        // The charts as SVG files, for the Markdown.
        for section in document.sections {
            for case let .chart(_, svg, file) in section.blocks {
                let standalone = svg.replacingOccurrences(of: "<svg ", with: "<svg xmlns=\"http://www.w3.org/2000/svg\" ")
                files.append((file, Data(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + standalone + "\n").utf8)))
            }
        }
        return (NoResult(), StageTables(files: files))
    }
}

/// Builds the ``ReportDocument`` from the warehouse.
package struct ReportBuilder {
    let context: StageContext
    let parameters: ReportParameters
    let text: ReportText
    /// Rows shown before a long table is folded.
    static let shownRows = 20

    init(context: StageContext, parameters: ReportParameters) {
        self.context = context
        self.parameters = parameters
        text = ReportText(language: parameters.language)
    }

    /// What the report and the workbooks show, read from the warehouse once.
    struct Contents {
        let tables: [Loaded]
        let schoolNames: [String: String]
        let staffNames: [String: String]
    }

    func load() throws -> Contents {
        Contents(tables: try loadTables(context.warehouse.queue),
             schoolNames: try names("SELECT school_id, name FROM schools"),
             staffNames: try names("SELECT staff_id, name FROM staff"))
    }

    func build(_ data: Contents) throws -> ReportDocument {
        let db = context.warehouse.queue
        let dataset = try db.read { try Row.fetchOne($0, sql: #"SELECT term, title, start, "end" FROM dataset"#) }
        let term: String = dataset?["term"] ?? ""
        let title: String = dataset?["title"] ?? term
        let (tables, schoolNames, staffNames) = (data.tables, data.schoolNames, data.staffNames)
        let pipeline = context.runInfo["pipeline"] ?? ""
        var doc = ReportDocument(
            language: parameters.language,
            title: title + text.pick(" · 课后服务评估报告", " · After-school service report"),
            subtitle: text.pick("学期 \(term)（\(dataset?["start"] ?? "") 至 \(dataset?["end"] ?? "")）· \(pipeline)",
                                "Term \(term) (\(dataset?["start"] ?? "") to \(dataset?["end"] ?? "")) · \(pipeline)"))
        if !context.runWarnings.isEmpty {
            // What may be missing from the data comes before the figures
            // that it makes wrong.
            doc.sections.append(ReportDocument.Section(
                title: text.pick("数据完整性提示", "Warnings about the data"),
                blocks: [.paragraph(text.pick(
                    "下列提示不改变任何数字，但可能说明数据不完整，请先核对：",
                    "These warnings change no figure, but the data may be incomplete: check them first."))]
                    + context.runWarnings.map { .paragraph($0) }))
        }
        if let summary = try targetsSection(tables, schoolNames: schoolNames, startDate: dataset?["start"] ?? "") {
            doc.sections.append(summary)
        }
        if let satisfaction = try satisfactionSection(tables, schoolNames: schoolNames) { doc.sections.append(satisfaction) }
        if let scorecard = scorecardSection(tables) { doc.sections.append(scorecard) }
        let stipendShown = stipendSection(tables, schoolNames: schoolNames)
        if var stipend = stipendShown {
            if let notice = disclosureNotice(tables, schoolNames: schoolNames, staffNames: staffNames) {
                stipend.blocks.append(.table(notice))
            }
            doc.sections.append(stipend)
        }
        if let audit = auditSection(tables, schoolNames: schoolNames) { doc.sections.append(audit) }
        if let schools = schoolsSection(tables, schoolNames: schoolNames) { doc.sections.append(schools) }
        // Tables shown in a section of their own are not repeated here.
        let elsewhere = Set(ReportBuilder.perSchoolTables + (stipendShown == nil ? [] : ["staff_load"]))
        let shown = tables.filter { !$0.table.isInternal && !elsewhere.contains($0.table.name) }
        if !shown.isEmpty {
            doc.sections.append(ReportDocument.Section(
                title: text.pick("数据表", "Tables"),
                blocks: shown.map { .table(present($0, schoolNames: schoolNames, staffNames: staffNames)) }))
        }
        doc.footer = try footer(db, term: term)
        return doc
    }

    // MARK: - Workbooks

    /// `tables.xlsx` with the published tables, and `internal/internal.xlsx`
    /// when the run has internal tables.
    func workbooks(_ data: Contents) throws -> [(path: String, data: Data)] {
        let tables = data.tables
        let book = ReportWorkbook(text: text, schoolNames: data.schoolNames, staffNames: data.staffNames,
                                  minCell: parameters.values["min_cell"] ?? "10")
        var files = [("tables.xlsx", try XLSXWriter.data(book.workbook(tables.filter { !$0.table.isInternal }, folder: "tables/")))]
        let internalTables = tables.filter(\.table.isInternal)
        if !internalTables.isEmpty {
            files.append(("internal/internal.xlsx", try XLSXWriter.data(book.workbook(internalTables, folder: "internal/"))))
        }
        return files
    }

    // MARK: - Tables

    /// Names by id, from a query of (id, name); a blank name is "".
    func names(_ sql: String) throws -> [String: String] {
        try context.warehouse.queue.read { db in
            var names: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: sql) { names[row[0]] = (row[1] as String?) ?? "" }
            return names
        }
    }

    /// A table of the run, read back from the warehouse in its order.
    struct Loaded {
        let table: OutputTable
        let rows: [[DatabaseValue]]

        func column(_ name: String) -> Int? { table.columns.firstIndex { $0.name == name } }
    }

    func loadTables(_ db: DatabaseQueue) throws -> [Loaded] {
        try context.earlierTables.map { table in
            let columns = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
            let rows = try db.read { db in
                try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table.name) ORDER BY rowid").map { Array($0.databaseValues) }
            }
            return Loaded(table: table, rows: rows)
        }
    }

    /// A column shown as a percentage.
    static func isPercent(_ name: String) -> Bool {
        isShare(name)
            || ["participation", "service_time", "sport", "quality_activity", "satisfaction", "data_quality",
                "composite", "value", "peer_median", "difference"].contains(name)
    }

    /// One cell as the report shows it.
    func format(_ value: DatabaseValue, _ column: OutputColumn) -> String {
        switch value.storage {
        case .null: return ""
        case let .string(s): return ReportText.codedColumns.contains(column.name) ? text.word(s, column: column.name) : s
        case let .int64(i):
            if column.kind == .flag { return i == 1 ? text.pick("是", "yes") : text.pick("否", "no") }
            return ReportBuilder.grouped(i)
        case let .double(x):
            switch column.kind {
            case .ratio:
                if ReportBuilder.isPercent(column.name) { return ReportBuilder.percent(x) }
                return column.name.contains("mean") || column.name.hasPrefix("ci_") ? fixedDecimals(x, 2) : fixedDecimals(x, 4)
            case .hours, .money: return fixedDecimals(x, 2)
            default: return String(x)
            }
        case .blob: return ""
        }
    }

    /// `12,345`.
    static func grouped(_ n: Int64) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// A published table with labels, names beside codes, coded values as
    /// words and suppressed rows shown as such.
    /// Columns in `omitting` are left out (a school's own section omits
    /// `school_id`).
    func present(_ loaded: Loaded, schoolNames: [String: String], staffNames: [String: String],
                 omitting: Set<String> = []) -> ReportDocument.Table {
        let table = loaded.table
        let columns = table.columns
        let school = loaded.column("school_id")
        let staff = loaded.column("staff_id")
        let suppressed = table.suppressible ? loaded.column("suppressed") : nil
        let shownColumns = columns.indices.filter { $0 != suppressed && !omitting.contains(columns[$0].name) }
        var headers: [String] = []
        var numeric: [Bool] = []
        for i in shownColumns {
            let c = columns[i]
            headers.append(c.label.text(text.language))
            numeric.append(c.kind != .text && c.kind != .flag)
            if i == school { headers.append(text.pick("学校名称", "School name")); numeric.append(false) }
            if i == staff { headers.append(text.pick("姓名", "Name")); numeric.append(false) }
        }
        var anySuppressed = false
        let rows: [[String]] = loaded.rows.map { row in
            let hidden = suppressed.map { row[$0] == 1.databaseValue } ?? false
            anySuppressed = anySuppressed || hidden
            var cells: [String] = []
            for i in shownColumns {
                let c = columns[i]
                if hidden && i >= table.keys.count {
                    cells.append(text.pick("（隐去）", "(hidden)"))
                } else {
                    cells.append(format(row[i], c))
                }
                if i == school { cells.append(schoolNames[ReportBuilder.string(row[i]) ?? ""] ?? "") }
                if i == staff { cells.append(staffNames[ReportBuilder.string(row[i]) ?? ""] ?? "") }
            }
            return cells
        }
        var presented = ReportDocument.Table(title: table.title.text(text.language), headers: headers, numeric: numeric,
                                             rows: rows, shown: ReportBuilder.shownRows, note: nil)
        if let ranking = worstAndBest(loaded) {
            presented.rows = ranking.order.map { rows[$0] }
            presented.shown = ranking.shown
            presented.note = ranking.note
        } else if anySuppressed {
            let minCell = parameters.values["min_cell"] ?? "10"
            presented.note = text.pick("（隐去）：该组在籍学生少于 \(minCell) 人，为保护未成年人信息不公布其数字。",
                                       "(hidden): fewer than \(minCell) students enrolled in the group; its figures are not published, to protect minors' information.")
        }
        return presented
    }

    /// The column a per-school table is ranked by, lowest first, when it is
    /// too long to show whole.
    static let rankedBy = ["school_summary": "participation_rate", "school_scorecard": "composite",
                           "staff_load": "teacher_share"]

    /// A long per-school table as its 10 lowest and 5 highest schools by its
    /// ranking column, the other schools folded (in id order): the order of
    /// the rows, how many are shown, and the note that says so.
    func worstAndBest(_ loaded: Loaded) -> (order: [Int], shown: Int, note: String)? {
        let worstCount = 10, bestCount = 5
        guard loaded.rows.count > worstCount + bestCount, let name = ReportBuilder.rankedBy[loaded.table.name],
              let c = loaded.column(name) else { return nil }
        let order = loaded.rows.indices.sorted {
            let a = ReportBuilder.number(loaded.rows[$0][c]) ?? .infinity, b = ReportBuilder.number(loaded.rows[$1][c]) ?? .infinity
            return (a, $0) < (b, $1)
        }
        let worst = Array(order.prefix(worstCount))
        let best = Array(order.filter { ReportBuilder.number(loaded.rows[$0][c]) != nil }.suffix(bestCount).reversed())
            .filter { !worst.contains($0) }
        let shown = worst + best
        let rest = loaded.rows.indices.filter { !shown.contains($0) }
        let label = loaded.table.columns[c].label.text(text.language)
        let note = text.pick("按「\(label)」最低的 \(worst.count) 所与最高的 \(best.count) 所学校（先低后高）；其余 \(rest.count) 所在折叠部分，按学校代码排列。",
                               "The \(worst.count) schools lowest and the \(best.count) highest by \(label) (lowest first); the other \(rest.count) are folded, by school id.")
        return (shown + rest, shown.count, note)
    }

    // MARK: - Summary against the targets

    func targetsSection(_ tables: [Loaded], schoolNames: [String: String], startDate: String) throws -> ReportDocument.Section? {
        guard let schools = tables.first(where: { $0.table.name == "school_summary" }) else { return nil }
        let district = tables.first { $0.table.name == "district_summary" }
        func districtValue(_ name: String) -> Double? {
            guard let d = district, let i = d.column(name), let row = d.rows.first else { return nil }
            return ReportBuilder.number(row[i])
        }
        func schoolLabel(_ row: [DatabaseValue]) -> String {
            ReportBuilder.schoolLabel(schools.column("school_id").flatMap { ReportBuilder.string(row[$0]) } ?? "", schoolNames)
        }
        let percent = ReportBuilder.percent
        var lines: [ReportDocument.TargetLine] = []
        // Each share against its target: the district's figure, the schools below.
        let shares: [(column: String, target: String, zh: String, en: String)] = [
            ("demand_coverage", "target_demand_coverage", "愿留尽留：申请者均获服务", "Everyone who asked is served"),
            ("service_day_coverage", "target_service_day_coverage", "每个上学日开展服务（5天）", "Service every school day (5 a week)"),
            ("days_meeting_2h_share", "target_days_meeting_2h", "每天不少于2小时", "At least 2 hours a day"),
            ("sport_weekly_coverage", "target_sport_weekly", "每周参加体育活动", "Sport every week"),
            ("quality_weekly_coverage", "target_quality_weekly", "每周参加素质教育活动", "A quality activity every week"),
            ("non_pe_sport_hour_share", "target_non_pe_sport", "无体育课日运动1小时", "1 hour of sport on days without PE"),
        ]
        // Supply: every school offers the service.
        if let serviceDays = schools.column("service_days") {
            let target = parameters.target("target_supply")
            let none = schools.rows.filter { (ReportBuilder.integer($0[serviceDays]) ?? 0) == 0 }
            let rate = districtValue("supply_rate")
            lines.append(.init(label: text.pick("所有学校开展课后服务", "Every school offers the service"),
                               value: percent(rate), target: percent(target), met: rate.map { $0 >= target },
                               missing: lowest(none.map { (0, schoolLabel($0)) })))
        }
        for s in shares {
            guard let c = schools.column(s.column) else { continue }
            let target = parameters.target(s.target)
            let below = schools.rows.compactMap { row -> (Double, String)? in
                guard let x = ReportBuilder.number(row[c]), x < target else { return nil }
                return (x, schoolLabel(row) + " (" + percent(x) + ")")
            }
            let value = districtValue(s.column) ?? ReportBuilder.mean(schools.rows.compactMap { ReportBuilder.number($0[c]) })
            lines.append(.init(label: text.pick(s.zh, s.en), value: percent(value), target: percent(target),
                               met: value.map { $0 >= target && below.isEmpty }, missing: lowest(below)))
            if s.column == "days_meeting_2h_share", let grades = gradeTargetLine(tables, target: target, schoolNames: schoolNames) {
                lines.append(grades)
            }
            if s.column == "demand_coverage" { lines += choiceTargetLines(tables, target: target, schoolNames: schoolNames) }
        }
        if let ok = schools.column("specialty_ok") {
            let specialty = schools.rows.filter { !$0[ok].isNull }
            let missed = specialty.filter { (ReportBuilder.integer($0[ok]) ?? 0) == 0 }
            lines.append(.init(label: text.pick("特色学校体艺时长不少于一半", "Specialty schools: half their hours in sports and arts"),
                               value: "\(specialty.count - missed.count)/\(specialty.count)", target: text.pick("全部", "all"),
                               met: specialty.isEmpty ? nil : missed.isEmpty, missing: lowest(missed.map { (0, schoolLabel($0)) })))
        }
        if let c = schools.column("satisfaction_mean") {
            let target = parameters.target("target_satisfaction_mean")
            let below = schools.rows.compactMap { row -> (Double, String)? in
                guard let x = ReportBuilder.number(row[c]), x < target else { return nil }
                return (x, schoolLabel(row) + " (" + fixedDecimals(x, 2) + ")")
            }
            let value = districtValue("satisfaction_mean")
            lines.append(.init(label: text.pick("满意度均分（1-5分）", "Mean satisfaction (1-5)"),
                               value: value.map { fixedDecimals($0, 2) } ?? "–", target: fixedDecimals(target, 2),
                               met: value.map { $0 >= target && below.isEmpty }, missing: lowest(below)))
        }
        var blocks: [ReportDocument.Block] = []
        if let p = districtValue("participation_rate"), let n = districtValue("schools") {
            blocks.append(.paragraph(text.pick(
                "全区 \(Int(n)) 所学校，学生参与率 \(percent(p))，需求满足率 \(percent(districtValue("demand_coverage")))，出勤率 \(percent(districtValue("attendance_rate")))。",
                "\(Int(n)) schools; participation \(percent(p)), demand coverage \(percent(districtValue("demand_coverage"))), attendance \(percent(districtValue("attendance_rate"))).")))
        }
        blocks.append(.targets(lines))
        blocks.append(.paragraph(text.pick(
            "✔ 达到目标；✘ 未达到目标，右侧列出未达标的学校。目标是参数（target_*），默认取政策要求。",
            "✔ target met; ✘ missed, with the schools below the target. Targets are parameters (target_*), the policy's values by default.")))
        // The term week by week: sport and quality-activity coverage.
        if let coverage = try? context.result(Coverage.self, of: "coverage"), !coverage.weeks.isEmpty,
           let start = CivilDate(parsing: startDate) {
            let monday = start.isoWeekMonday
            let labels = coverage.weeks.indices.map { w in String(CivilDate(dayNumber: monday + 7 * w).description.dropFirst(5)) }
            let share = { (k: Int, n: Int) -> Double? in n == 0 ? nil : Double(k) / Double(n) }
            blocks.append(.chart(
                title: text.pick("逐周体育与素质活动覆盖（当周参与学生中的占比，横轴为每周周一）",
                                 "Week by week: sport and quality-activity coverage (share of that week's participants; weeks by their Monday)"),
                svg: ReportCharts.weekly(labels, [
                    (text.pick("体育活动", "sport"), coverage.weeks.map { share($0.sport, $0.participants) }, "#2a6"),
                    (text.pick("素质教育活动", "quality activity"), coverage.weeks.map { share($0.quality, $0.participants) }, "#36c"),
                ]),
                file: "report-charts/weekly.svg"))
        }
        // Participation and demand coverage by school, lowest first.
        for (column, zh, en, file) in [("participation_rate", "各校参与率", "Participation by school", "participation"),
                                       ("demand_coverage", "各校需求满足率（愿留尽留）", "Demand coverage by school", "demand-coverage")] {
            guard let c = schools.column(column) else { continue }
            let items = schools.rows.compactMap { row in ReportBuilder.number(row[c]).map { (schoolLabel(row), $0) } }
            guard !items.isEmpty else { continue }
            blocks.append(.chart(title: text.pick(zh, en),
                                 svg: ReportCharts.sortedBars(items, line: districtValue(column), lineLabel: text.pick("全区", "district")),
                                 file: "report-charts/\(file).svg"))
        }
        return ReportDocument.Section(title: text.pick("主要指标与政策目标", "Key figures against the policy targets"), blocks: blocks)
    }

    /// Beside the school figure for 2 hours a day: the grades whose own
    /// sessions fall short (`grade_service`; a school can meet the target
    /// while one grade does not). Suppressed grades are left out, as in
    /// the published table.
    func gradeTargetLine(_ tables: [Loaded], target: Double, schoolNames: [String: String]) -> ReportDocument.TargetLine? {
        guard let grades = tables.first(where: { $0.table.name == "grade_service" }),
              let share = grades.column("days_meeting_2h_share"), let school = grades.column("school_id"),
              let grade = grades.column("grade"), let suppressed = grades.column("suppressed") else { return nil }
        let shown = grades.rows.filter { (ReportBuilder.integer($0[suppressed]) ?? 1) == 0 }
        guard !shown.isEmpty else { return nil }
        let below = shown.compactMap { row -> (Double, String)? in
            guard let x = ReportBuilder.number(row[share]), x < target else { return nil }
            let g = ReportBuilder.integer(row[grade]).map(String.init) ?? ""
            return (x, ReportBuilder.schoolLabel(ReportBuilder.string(row[school]) ?? "", schoolNames) + " "
                + text.pick("\(g)年级", "grade \(g)") + " (" + ReportBuilder.percent(x) + ")")
        }
        return .init(label: text.pick("其中各年级每天不少于2小时（按本年级实际参加的场次）", "Each grade at least 2 hours a day (the sessions it attended)"),
                     value: "\(shown.count - below.count)/\(shown.count)", target: text.pick("全部", "all"),
                     met: below.isEmpty, missing: lowest(below, counting: ("个年级", "grades")))
    }

    /// Beside demand coverage (`service_choice`): late care for everyone
    /// who asked (the demand target), and participation only where the
    /// family asked (000: no student is made to stay; target 0). District
    /// figures are ratios of the schools' sums.
    func choiceTargetLines(_ tables: [Loaded], target: Double, schoolNames: [String: String]) -> [ReportDocument.TargetLine] {
        guard let choice = tables.first(where: { $0.table.name == "service_choice" }),
              let school = choice.column("school_id"), let asked = choice.column("extended_requested"),
              let served = choice.column("extended_served"), let unrequested = choice.column("unrequested_participants"),
              let share = choice.column("unrequested_share"), let coverage = choice.column("extended_coverage"),
              let enrolled = choice.column("enrolled") else { return [] }
        let percent = ReportBuilder.percent
        func label(_ row: [DatabaseValue]) -> String {
            ReportBuilder.schoolLabel(ReportBuilder.string(row[school]) ?? "", schoolNames)
        }
        func sum(_ c: Int) -> Double { choice.rows.reduce(0) { $0 + Double(ReportBuilder.integer($1[c]) ?? 0) } }
        var lines: [ReportDocument.TargetLine] = []
        let askedTotal = sum(asked)
        if askedTotal > 0 {
            let value = sum(served) / askedTotal
            let below = choice.rows.compactMap { row -> (Double, String)? in
                guard let x = ReportBuilder.number(row[coverage]), x < target else { return nil }
                return (x, label(row) + " (" + percent(x) + ")")
            }
            lines.append(.init(label: text.pick("延时托管：申请者均获服务", "Late care for everyone who asked"),
                               value: percent(value), target: percent(target), met: value >= target && below.isEmpty,
                               missing: lowest(below)))
        }
        // The district's participants, from the school summary.
        let summary = tables.first { $0.table.name == "school_summary" }
        let participants = summary.flatMap { t in
            t.column("participants").map { c in t.rows.reduce(0.0) { $0 + Double(ReportBuilder.integer($1[c]) ?? 0) } }
        }
        let unrequestedTotal = sum(unrequested)
        if sum(enrolled) > 0, let participants {
            let value = participants > 0 ? unrequestedTotal / participants : 0
            let above = choice.rows.compactMap { row -> (Double, String)? in
                guard let n = ReportBuilder.integer(row[unrequested]), n > 0, let x = ReportBuilder.number(row[share]) else { return nil }
                return (-x, label(row) + " (" + text.pick("\(n) 人", "\(n)") + ", " + percent(x) + ")")
            }
            lines.append(.init(label: text.pick("自愿参加：参加者均经家长申请（未申请而参加的占比）", "Voluntary: every participant's family asked (share who did not)"),
                               value: percent(value), target: "0.0%", met: above.isEmpty, missing: lowest(above)))
        }
        return lines
    }

    /// Whether a column is a share by its name (`_rate`, `_coverage`,
    /// `_share`): shown as a percentage wherever a page shows it.
    package static func isShare(_ name: String) -> Bool {
        name.hasSuffix("_rate") || name.hasSuffix("_coverage") || name.hasSuffix("_share")
    }

    /// A share as the report writes it: `85.3%` (`–` for none).
    package static func percent(_ x: Double?) -> String { x.map { fixedDecimals($0 * 100, 1) + "%" } ?? "–" }

    /// A school as target lines name it: `S001 第一小学`.
    static func schoolLabel(_ id: String, _ names: [String: String]) -> String { id + " " + (names[id] ?? "") }

    /// A cell as a number (nil when blank or text). Plain functions, not
    /// GRDB's generic conversions: those crash the Swift 6.3 optimiser here.
    @inline(never)
    static func number(_ v: DatabaseValue) -> Double? {
        switch v.storage {
        case let .double(x): return x
        case let .int64(i): return Double(i)
        default: return nil
        }
    }

    @inline(never)
    static func integer(_ v: DatabaseValue) -> Int64? {
        switch v.storage {
        case let .int64(i): return i
        case let .double(x): return Int64(x)
        default: return nil
        }
    }

    @inline(never)
    static func string(_ v: DatabaseValue) -> String? {
        if case let .string(s) = v.storage { return s }
        return nil
    }

    /// Schools below a target, lowest first: the first ten, then how many
    /// more (a district's 300 schools stay readable).
    func lowest(_ schools: [(Double, String)], counting unit: (zh: String, en: String) = ("所学校", "schools")) -> [String] {
        let sorted = schools.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
        guard sorted.count > ReportBuilder.listedSchools else { return sorted }
        let more = sorted.count - ReportBuilder.listedSchools
        return Array(sorted.prefix(ReportBuilder.listedSchools))
            + [text.pick("另有 \(more) \(unit.zh)（见下方数据表）", "and \(more) more \(unit.en) (see the tables below)")]
    }

    /// Schools named on a target line before the rest are counted.
    static let listedSchools = 10

    static func mean(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }

    // MARK: - Stipend and audit

    func stipendSection(_ tables: [Loaded], schoolNames: [String: String]) -> ReportDocument.Section? {
        guard let summary = tables.first(where: { $0.table.name == "stipend_summary" }),
              let budget = summary.column("budget"), let allocated = summary.column("allocated") else { return nil }
        let fen = { (v: DatabaseValue) in Int64(((ReportBuilder.number(v) ?? 0) * 100).rounded()) }
        let exact = summary.rows.filter { fen($0[budget]) == fen($0[allocated]) }.count
        var blocks: [ReportDocument.Block] = [.paragraph(text.pick(
            "\(summary.rows.count) 所学校中，\(exact) 所的分配总额与专项经费完全一致（精确到分）。",
            "\(exact) of \(summary.rows.count) schools' allocations add up to their budget exactly, to the fen."))]
        if let lines = tables.first(where: { $0.table.name == "stipend_allocation" }),
           let amount = lines.column("amount"), let flat = lines.column("flat_amount") {
            let above = lines.rows.filter { fen($0[amount]) > fen($0[flat]) }.count
            let below = lines.rows.filter { fen($0[amount]) < fen($0[flat]) }.count
            blocks.append(.paragraph(text.pick(
                "与平均分配相比：\(above) 人多于平均额，\(below) 人少于平均额（多劳多得，优绩优酬）。",
                "Against a flat split: \(above) people receive more, \(below) less (more for more and better work).")))
            let differences = lines.rows.map { (ReportBuilder.number($0[amount]) ?? 0) - (ReportBuilder.number($0[flat]) ?? 0) }
            if !differences.isEmpty {
                blocks.append(.chart(title: text.pick("拟发放额与平均分配之差（元）", "Amount minus the flat split (yuan)"),
                                     svg: ReportCharts.histogram(differences, marker: (0, text.pick("平均分配", "flat split")), unit: ""),
                                     file: "report-charts/stipend-vs-flat.svg"))
            }
        }
        if let lines = tables.first(where: { $0.table.name == "stipend_allocation" }), let hourly = lines.column("hourly_amount") {
            let values = lines.rows.compactMap { ReportBuilder.number($0[hourly]) }.sorted()
            if !values.isEmpty {
                let median = values[values.count / 2]
                blocks.append(.chart(title: text.pick("每小时金额分布（元）", "Amount per hour (yuan)"),
                                     svg: ReportCharts.histogram(values, marker: (median, text.pick("中位数", "median") + " " + fixedDecimals(median, 2)), unit: ""),
                                     file: "report-charts/hourly.svg"))
            }
        }
        if let load = staffLoadBlocks(tables, schoolNames: schoolNames) { blocks += load }
        return ReportDocument.Section(title: text.pick("补助分配方案", "Stipend allocation"), blocks: blocks)
    }

    /// Beside the distribution: whether the whole staff takes part or a few
    /// carry the load (`staff_load`), as a paragraph and the table.
    func staffLoadBlocks(_ tables: [Loaded], schoolNames: [String: String]) -> [ReportDocument.Block]? {
        guard let load = tables.first(where: { $0.table.name == "staff_load" }), let school = load.column("school_id"),
              let teachers = load.column("teachers"), let serving = load.column("teachers_serving"),
              let gini = load.column("hours_gini") else { return nil }
        func sum(_ c: Int) -> Int64 { load.rows.reduce(0) { $0 + (ReportBuilder.integer($1[c]) ?? 0) } }
        let share = sum(teachers) > 0 ? Double(sum(serving)) / Double(sum(teachers)) : nil
        let concentrated = load.rows.compactMap { row -> (Double, String)? in
            guard let g = ReportBuilder.number(row[gini]), let id = ReportBuilder.string(row[school]) else { return nil }
            return (g, id)
        }.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1.utf8.lexicographicallyPrecedes($1.1.utf8) }.prefix(5)
        let named = concentrated.map { g, id in
            ReportBuilder.schoolLabel(id, schoolNames) + text.pick("（\(fixedDecimals(g, 2))）", " (\(fixedDecimals(g, 2)))")
        }
        var blocks: [ReportDocument.Block] = [.paragraph(text.pick(
            "教师参与：\(sum(teachers)) 名教师中 \(sum(serving)) 名参与了课后服务（\(ReportBuilder.percent(share))）。"
                + "课时分布的基尼系数为 0 时人人课时相同，越接近 1 越集中于少数人"
                + (named.isEmpty ? "。" : "；最集中的学校：" + named.joined(separator: "、") + "。"),
            "Teachers taking part: \(sum(serving)) of \(sum(teachers)) (\(ReportBuilder.percent(share))). "
                + "The Gini of hours is 0 when everyone serves the same hours and nears 1 as a few carry the load"
                + (named.isEmpty ? "." : "; most concentrated: " + named.joined(separator: ", ") + ".")))]
        blocks.append(.table(present(load, schoolNames: schoolNames, staffNames: [:])))
        return blocks
    }

    /// Satisfaction by activity with its interval: the activities with the
    /// lowest means (the ones a school would look at first).
    func satisfactionSection(_ tables: [Loaded], schoolNames: [String: String]) throws -> ReportDocument.Section? {
        guard let t = tables.first(where: { $0.table.name == "satisfaction_by_activity" }),
              let school = t.column("school_id"), let activity = t.column("activity_id"), let mean = t.column("mean_overall"),
              let low = t.column("ci_low"), let high = t.column("ci_high") else { return nil }
        let activityNames = try names("SELECT activity_id, name FROM activities")
        let items = t.rows.compactMap { row -> (label: String, mean: Double, low: Double, high: Double)? in
            guard let m = ReportBuilder.number(row[mean]), let l = ReportBuilder.number(row[low]),
                  let h = ReportBuilder.number(row[high]) else { return nil }
            let s = ReportBuilder.string(row[school]) ?? "", a = ReportBuilder.string(row[activity]) ?? ""
            return ((activityNames[a] ?? a) + " · " + (schoolNames[s] ?? s), m, l, h)
        }
        guard !items.isEmpty else { return nil }
        let shown = Array(items.sorted { $0.mean < $1.mean }.prefix(25))
        return ReportDocument.Section(title: text.pick("满意度", "Satisfaction"), blocks: [
            .paragraph(text.pick("按活动的总体满意度均分（1-5分）与95%置信区间；列出均分最低的 \(shown.count) 项（共 \(items.count) 项有评价）。",
                                 "Mean overall score by activity (1-5) with its 95% interval: the \(shown.count) lowest of \(items.count) activities with responses.")),
            .chart(title: text.pick("分活动满意度", "Satisfaction by activity"), svg: ReportCharts.intervals(shown),
                   file: "report-charts/satisfaction.svg"),
        ])
    }

    /// The proposal in the shape of a 公示 notice: per school and person,
    /// the name, kind, sessions, verified hours and proposed amount.
    func disclosureNotice(_ tables: [Loaded], schoolNames: [String: String],
                          staffNames: [String: String]) -> ReportDocument.Table? {
        guard let t = tables.first(where: { $0.table.name == "stipend_allocation" }),
              let school = t.column("school_id"), let staff = t.column("staff_id"), let kind = t.column("kind"),
              let sessions = t.column("sessions"), let hours = t.column("verified_hours"), let amount = t.column("amount")
        else { return nil }
        let columns = t.table.columns
        let rows = t.rows.map { row -> [String] in
            let s = ReportBuilder.string(row[school]) ?? "", p = ReportBuilder.string(row[staff]) ?? ""
            return [schoolNames[s] ?? s, staffNames[p].flatMap { $0.isEmpty ? nil : $0 } ?? p,
                    format(row[kind], columns[kind]), format(row[sessions], columns[sessions]),
                    format(row[hours], columns[hours]), format(row[amount], columns[amount])]
        }
        return ReportDocument.Table(
            title: text.pick("课后服务补助拟发放公示", "Proposed after-school stipends (for disclosure)"),
            headers: [text.pick("学校", "School"), text.pick("姓名", "Name"), text.pick("人员类别", "Kind"),
                      text.pick("服务场次", "Sessions"), text.pick("核定课时（小时）", "Verified hours"),
                      text.pick("拟发放金额（元）", "Proposed amount (yuan)")],
            numeric: [false, false, false, true, true, true], rows: rows, shown: ReportBuilder.shownRows,
            note: text.pick("金额按时段、时长、内容、职责、服务人数和满意度加权分配，各校合计等于专项经费。",
                            "Amounts weigh time slot, hours, content, role, students served and satisfaction; each school's total equals its budget."))
    }

    /// Scorecard tiers: how many schools in each.
    func scorecardSection(_ tables: [Loaded]) -> ReportDocument.Section? {
        guard let t = tables.first(where: { $0.table.name == "school_scorecard" }), let tier = t.column("tier") else { return nil }
        var counts: [String: Int] = [:]
        for row in t.rows { counts[ReportBuilder.string(row[tier]) ?? "–", default: 0] += 1 }
        let items = ["A", "B", "C", "D", "–"].compactMap { k in counts[k].map { (k == "–" ? text.pick("未评", "unrated") : k, $0) } }
        return ReportDocument.Section(title: text.pick("绩效考核", "Scorecard"), blocks: [
            .paragraph(text.pick("等级：综合得分 0.85 及以上为 A，0.70 为 B，0.55 为 C，其余为 D。",
                                 "Tiers: A from a composite of 0.85, B from 0.70, C from 0.55, else D.")),
            .chart(title: text.pick("各等级学校数", "Schools by tier"), svg: ReportCharts.counts(items), file: "report-charts/tiers.svg"),
        ])
    }

    /// The audit by rule and school: counts and hours at stake, no ids of
    /// students or staff (the findings stay in `internal/`).
    func auditSection(_ tables: [Loaded], schoolNames: [String: String]) -> ReportDocument.Section? {
        guard let audit = tables.first(where: { $0.table.name == "audit_findings" }),
              let rule = audit.column("rule"), let school = audit.column("school_id"),
              let hours = audit.column("hours_at_stake") else { return nil }
        struct Key: Hashable { let rule: String; let school: String }
        var counts: [Key: (n: Int, hours: Double)] = [:]
        for row in audit.rows {
            let key = Key(rule: ReportBuilder.string(row[rule]) ?? "", school: ReportBuilder.string(row[school]) ?? "")
            counts[key, default: (0, 0)].n += 1
            counts[key, default: (0, 0)].hours += ReportBuilder.number(row[hours]) ?? 0
        }
        let rows = counts.keys.sorted { ($0.rule, $0.school) < ($1.rule, $1.school) }.map { k -> [String] in
            let c = counts[k] ?? (0, 0)
            return [text.word(k.rule, column: "rule"), k.school, schoolNames[k.school] ?? "", String(c.n), fixedDecimals(c.hours, 2)]
        }
        let table = ReportDocument.Table(
            title: text.pick("审核发现（按规则和学校汇总）", "Audit findings by rule and school"),
            headers: [text.pick("审核规则", "Rule"), text.pick("学校代码", "School"), text.pick("学校名称", "School name"),
                      text.pick("发现数", "Findings"), text.pick("涉及课时（小时）", "Hours at stake")],
            numeric: [false, false, false, true, true], rows: rows, shown: ReportBuilder.shownRows,
            note: text.pick("明细（含学生和人员代码）仅在 internal/ 中，供审核人员使用。",
                            "The detail (with student and staff ids) is in internal/, for the audit team only."))
        let paragraph = audit.rows.isEmpty ? text.pick("未发现问题。", "No findings.")
            : text.pick("共 \(audit.rows.count) 条审核发现。", "\(audit.rows.count) findings in all.")
        return ReportDocument.Section(title: text.pick("数据审核", "Data audit"),
                                      blocks: [.paragraph(paragraph)] + (rows.isEmpty ? [] : [.table(table)]))
    }

    // MARK: - Footer

    func footer(_ db: DatabaseQueue, term: String) throws -> [String] {
        let counts = try db.read {
            try Row.fetchAll($0, sql: "SELECT file, records, rejected FROM input_files WHERE present = 1 ORDER BY rowid")
        }
        let rejected = counts.filter { ($0["rejected"] as Int? ?? 0) > 0 }
            .map { "\($0["file"] as String? ?? "") \($0["rejected"] as Int? ?? 0)" }
        let dataset = URL(fileURLWithPath: context.runInfo["dataset"] ?? "").lastPathComponent
        var lines = [text.pick("数据集：\(dataset)；学期：\(term)；程序 afterschool \(context.runInfo["version"] ?? "")。",
                               "Dataset: \(dataset); term: \(term); program afterschool \(context.runInfo["version"] ?? "").")]
        let changed = parameters.nonDefault.map { "\($0.name)=\($0.value)" }
        lines.append(changed.isEmpty ? text.pick("参数：均为默认值。", "Parameters: all at their defaults.")
                     : text.pick("与默认值不同的参数：", "Parameters that differ from the defaults: ") + changed.joined(separator: ", "))
        lines.append(rejected.isEmpty ? text.pick("没有被拒绝的数据行。", "No rejected rows.")
                     : text.pick("被拒绝的数据行（见 rejects.csv）：", "Rejected rows (see rejects.csv): ") + rejected.joined(separator: "; "))
        return lines
    }
}
