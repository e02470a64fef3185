import AfterschoolDomain
import AfterschoolPipeline
import AfterschoolStages
import AfterschoolWarehouse
import Foundation

/// `afterschool rollup --from postgresql://... --term T`: the city view,
/// computed inside PostgreSQL from what the districts published.
///
/// - `city_summary.csv`: one row per district and one for the city
///   (`level` `district` or `city`), with the columns of `district_summary`:
///   counts summed over the schools of `school_counts`, every ratio
///   recomputed from the sums, `supply_rate` over all schools, and
///   `school_days` blank for the city when the districts' calendars differ.
/// - `school_ranking.csv`: every school of a published scorecard, across
///   districts, by composite (highest first), with its rank in the city
///   and in its district.
/// - `rollup.html`: both, in the report's style.
public struct CityRollup {
    public let server: ServerAddress
    public let term: String
    public let schema: String
    public let out: String
    /// `zh` or `en`: the page's language.
    public let language: String

    public init(server: ServerAddress, term: String, schema: String = "public", out: String, language: String = "zh") {
        self.server = server
        self.term = term
        self.schema = schema
        self.out = out
        self.language = language
    }

    /// What the roll-up found.
    public struct Outcome: Sendable {
        public let districts: Int
        public let schools: Int
        public let rankedSchools: Int
        public let folder: String
    }

    /// The columns of `city_summary.csv`.
    static var summaryColumns: [OutputColumn] {
        [OutputColumn("level", .text), OutputColumn("district", .text)] + OutputTable.districtSummary.columns
    }

    /// The columns of `school_ranking.csv`.
    static let rankingColumns = [
        OutputColumn("city_rank", .integer), OutputColumn("district", .text), OutputColumn("school_id", .text),
        OutputColumn("composite", .ratio), OutputColumn("tier", .text), OutputColumn("district_rank", .integer),
    ]

    /// One query for the districts and the city (grouping sets): sums of
    /// the counts, ratios of the sums; NULL where a denominator is 0.
    static func summarySQL(_ s: String) -> String {
        func ratio(_ a: String, _ b: String) -> String { "sum(\(a))::float8 / NULLIF(sum(\(b)), 0)::float8" }
        return """
            WITH c AS (SELECT * FROM \(s).school_counts WHERE term = $1),
            calendars AS (SELECT DISTINCT ON (district) district, calendar FROM \(s).afterschool_runs
              WHERE term = $1 AND 'school_counts' = ANY(tables) ORDER BY district, published_at DESC),
            named AS (SELECT c.*, k.calendar FROM c LEFT JOIN calendars k USING (district))
            SELECT CASE WHEN GROUPING(district) = 1 THEN 'city' ELSE 'district' END, district,
              count(*), sum(CASE WHEN school_days > 0 AND service_days >= school_days THEN 1 ELSE 0 END)::float8 / count(*)::float8,
              sum(enrolled), sum(requested), sum(participants),
              \(ratio("participants", "enrolled")), \(ratio("requested_participants", "requested")),
              \(ratio("present_rows", "present_rows + absent_rows")),
              CASE WHEN count(DISTINCT calendar) = 1 AND count(calendar) = count(*) THEN min(school_days) END,
              \(ratio("sport_weeks", "participant_weeks")), \(ratio("quality_weeks", "participant_weeks")),
              sum(responses), \(ratio("score_sum", "responses"))
            FROM named GROUP BY GROUPING SETS ((district), ())
            ORDER BY GROUPING(district), convert_to(district, 'UTF8')
            """
    }

    static func rankingSQL(_ s: String) -> String {
        """
        SELECT rank() OVER (ORDER BY composite DESC), district, school_id, composite, tier,
          rank() OVER (PARTITION BY district ORDER BY composite DESC)
        FROM \(s).school_scorecard WHERE term = $1 AND composite IS NOT NULL
        ORDER BY composite DESC, convert_to(district, 'UTF8'), convert_to(school_id, 'UTF8')
        """
    }

    /// Computes the roll-up and writes its folder whole (or not at all).
    public func run() throws(CityError) -> Outcome {
        let connection = try PostgresConnection(server)
        let found = try connection.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema], what: "looking for schema \(schema)")
        guard !found.isEmpty else { throw .missingSchema(schema) }
        let s = CitySchema.quoted(schema)
        let published = try connection.query("SELECT to_regclass($1) IS NOT NULL", ["\(s).school_counts"], what: "looking for school_counts")
        guard published.first?.first == "t" else { throw .noTerm(term) }
        let summary = try connection.query(Self.summarySQL(s), [term], what: "rolling up school_counts")
        guard summary.count > 1 else { throw .noTerm(term) }
        let hasScorecards = try connection.query("SELECT to_regclass($1) IS NOT NULL", ["\(s).school_scorecard"],
                                                 what: "looking for school_scorecard").first?.first == "t"
        let ranking = hasScorecards ? try connection.query(Self.rankingSQL(s), [term], what: "ranking the schools") : []
        let schools = summary.last.flatMap { $0[2] }.flatMap { Int($0) } ?? 0
        try write(summary: summary, ranking: ranking)
        return Outcome(districts: summary.count - 1, schools: schools, rankedSchools: ranking.count, folder: out)
    }

    private func write(summary: [[String?]], ranking: [[String?]]) throws(CityError) {
        let folder: AtomicFolder
        do {
            folder = try AtomicFolder(path: out)
        } catch {
            throw .io(path: error.path, reason: error.reason)
        }
        var published = false
        defer { if !published { folder.discard() } }
        let summaryRows = summary.map { Self.cells($0, Self.summaryColumns) }
        let rankingRows = ranking.map { Self.cells($0, Self.rankingColumns) }
        do {
            for (name, columns, rows) in [("city_summary.csv", Self.summaryColumns, summaryRows),
                                          ("school_ranking.csv", Self.rankingColumns, rankingRows)] {
                let writer = try CSVTableWriter(path: folder.file(name), header: columns.map(\.name))
                for row in rows { try writer.write(zip(columns, row).map { $0.kind.published($1) }) }
                try writer.finish()
            }
        } catch {
            throw .io(path: out, reason: error.description)
        }
        let page = ReportHTML.render(document(summary: summaryRows, ranking: rankingRows))
        do {
            try Data(page.utf8).write(to: URL(fileURLWithPath: folder.file("rollup.html")))
            try folder.publish()
        } catch {
            throw .io(path: out, reason: "\(error)")
        }
        published = true
    }

    /// A row of text from PostgreSQL as cells of `columns`' kinds.
    static func cells(_ row: [String?], _ columns: [OutputColumn]) -> [Cell] {
        zip(row, columns).map { value, column in
            guard let value else { return .blank }
            switch column.kind {
            case .text: return .text(value)
            case .integer, .flag: return Int64(value).map(Cell.int) ?? .text(value)
            case .ratio, .hours, .money: return Double(value).map(Cell.real) ?? .text(value)
            }
        }
    }

    /// The page: the city and its districts, then the ranking.
    func document(summary: [[Cell]], ranking: [[Cell]]) -> ReportDocument {
        let zh = language != "en"
        func label(_ c: OutputColumn) -> String {
            switch c.name {
            case "level": return zh ? "层级" : "Level"
            case "district": return zh ? "区" : "District"
            case "city_rank": return zh ? "全市排名" : "City rank"
            case "district_rank": return zh ? "区内排名" : "Rank in the district"
            default: return c.label.text(language)
            }
        }
        func table(_ title: String, _ columns: [OutputColumn], _ rows: [[Cell]], shown: Int) -> ReportDocument.Table {
            ReportDocument.Table(
                title: title, headers: columns.map(label), numeric: columns.map { $0.kind != .text },
                rows: rows.map { row in
                    zip(columns, row).map { column, cell in
                        if column.name == "level", case let .text(t) = cell { return t == "city" ? (zh ? "全市" : "city") : (zh ? "区" : "district") }
                        if column.kind == .ratio, case let .real(x) = cell, ReportBuilder.isShare(column.name) {
                            return ReportBuilder.percent(x)
                        }
                        return column.kind.published(cell)
                    }
                }, shown: shown, note: nil)
        }
        var document = ReportDocument(
            language: zh ? "zh" : "en",
            title: zh ? "全市课后服务汇总 · \(term)" : "City roll-up · \(term)",
            subtitle: zh ? "由各区发布到共享数据库的结果计算：各项比率均为各校计数之和的比值" : "Computed from what the districts published: every ratio is a ratio of the schools' summed counts")
        document.sections.append(.init(title: zh ? "全市与各区" : "The city and its districts",
                                       blocks: [.table(table(zh ? "全市与各区汇总" : "City and districts", Self.summaryColumns, summary, shown: summary.count))]))
        if !ranking.isEmpty {
            document.sections.append(.init(title: zh ? "全市学校排名" : "Schools across the city",
                                           blocks: [.table(table(zh ? "按综合得分排名" : "By composite score", Self.rankingColumns, ranking, shown: 50))]))
        }
        document.footer = [zh ? "afterschool rollup · 学期 \(term)" : "afterschool rollup · term \(term)"]
        return document
    }
}
