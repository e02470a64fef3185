import GRDB

/// How a published column is stored and rounded.
public enum CellKind: Sendable, Equatable {
    /// An id or other text.
    case text
    /// A count or other whole number (`grade`).
    case integer
    /// A rate, share, mean, interval bound, point total or multiplier:
    /// published with 4 decimals.
    case ratio
    /// Hours: published with 2 decimals.
    case hours
    /// Yuan: published with 2 decimals.
    case money
    /// A boolean: published as `1` / `0`.
    case flag

    /// Decimals in published tables (nil: not a decimal number).
    public var decimals: Int? {
        switch self {
        case .ratio: return 4
        case .hours, .money: return 2
        case .text, .integer, .flag: return nil
        }
    }

    /// The published text of a cell of this kind, as `tables/*.csv` (and
    /// the workbook) hold it: rates with 4 decimals, hours and money with 2,
    /// blanks empty.
    public func published(_ cell: Cell) -> String {
        switch (cell, self) {
        case (.blank, _): return ""
        case let (.text(s), _): return s
        case let (.int(i), _): return String(i)
        case let (.real(x), .ratio): return fixedDecimals(x, 4)
        case let (.real(x), .hours), let (.real(x), .money): return fixedDecimals(x, 2)
        case let (.real(x), .integer), let (.real(x), .flag): return String(Int64(x.rounded()))
        case let (.real(x), .text): return String(x)
        }
    }

    var sqlType: String {
        switch self {
        case .text: return "TEXT"
        case .integer, .flag: return "INTEGER"
        case .ratio, .hours, .money: return "REAL"
        }
    }
}

/// `x` rounded to the nearest value with `decimals` decimals, half away
/// from zero (`0.66666` -> `0.6667`), without a `-` on a value that rounds
/// to 0: how published tables and messages write rates, hours and money.
public func fixedDecimals(_ x: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int64((x * scale).rounded())
    let magnitude = scaled.magnitude
    let unit = UInt64(scale)
    var fraction = String(magnitude % unit)
    fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
    return (scaled < 0 ? "-" : "") + String(magnitude / unit) + "." + fraction
}

/// One cell of an output row. `blank` is a figure that is not defined (a
/// zero denominator, a missing file): NULL in the warehouse, an empty field
/// in the CSV.
public enum Cell: Sendable, Equatable, CustomStringConvertible {
    case blank
    case text(String)
    case int(Int64)
    case real(Double)

    /// A ratio, or blank when the denominator is 0.
    public static func ratio(_ numerator: Double, _ denominator: Double) -> Cell {
        denominator == 0 ? .blank : .real(numerator / denominator)
    }

    /// A count.
    public static func count(_ n: Int) -> Cell { .int(Int64(n)) }

    /// A boolean flag.
    public static func flag(_ b: Bool) -> Cell { .int(b ? 1 : 0) }

    /// A value read back from the warehouse.
    public init(_ value: DatabaseValue) {
        switch value.storage {
        case .null, .blob: self = .blank
        case let .int64(i): self = .int(i)
        case let .double(x): self = .real(x)
        case let .string(s): self = .text(s)
        }
    }

    public var description: String {
        switch self {
        case .blank: return ""
        case let .text(s): return s
        case let .int(i): return String(i)
        case let .real(x): return String(x)
        }
    }
}

/// A column of an output table.
public struct OutputColumn: Sendable, Equatable {
    public let name: String
    public let kind: CellKind

    /// Its Chinese and English label (``TableLabels``); the name itself
    /// when none is defined (a test keeps that from happening).
    public var label: Label { TableLabels.columns[name] ?? Label(zh: name, en: name) }

    public init(_ name: String, _ kind: CellKind) {
        self.name = name
        self.kind = kind
    }
}

/// A table the stages write: into the warehouse at full precision, and as a
/// published CSV in `tables/` (rounded, small cells suppressed).
public struct OutputTable: Sendable, Equatable {
    public let name: String
    /// Key columns, first; rows are sorted by them.
    public let keys: [OutputColumn]
    public let values: [OutputColumn]
    /// Whether rows with `enrolled` below `min_cell` are suppressed in the
    /// published CSV (the table has a `suppressed` column).
    public let suppressible: Bool
    /// Internal tables may name students: `internal/`, never `tables/`.
    public let privacy: Privacy
    /// Not for publication (`internal/`, never the report): internal
    /// tables and the counts behind the ratios.
    public var isInternal: Bool { privacy != .public }
    /// Its title in Chinese and English (``TableLabels``).
    public var title: Label { TableLabels.tables[name] ?? Label(zh: name, en: name) }

    public init(_ name: String, keys: [OutputColumn], values: [OutputColumn], suppressible: Bool = false, isInternal: Bool = false) {
        self.init(name, keys: keys, values: values, suppressible: suppressible, privacy: isInternal ? .internal : .public)
    }

    public init(_ name: String, keys: [OutputColumn], values: [OutputColumn], suppressible: Bool = false, privacy: Privacy) {
        self.name = name
        self.keys = keys
        self.values = values
        self.suppressible = suppressible
        self.privacy = privacy
    }

    /// The index of the `suppressed` flag of a suppressible table.
    public var suppressedColumn: Int? { suppressible ? columns.firstIndex { $0.name == "suppressed" } : nil }

    /// Whether column `i` of a suppressed row is blanked when published:
    /// its figures (counts and rates), not its keys or the flag.
    public func blanksWhenSuppressed(_ i: Int) -> Bool { i >= keys.count && i != suppressedColumn }

    /// Key columns, then the others.
    public var columns: [OutputColumn] { keys + values }

    /// The `CREATE TABLE` statement.
    var createSQL: String {
        let defs = columns.map { "\"\($0.name)\" \($0.kind.sqlType)" }
        let pk = keys.isEmpty ? "" : ", PRIMARY KEY (\(keys.map { "\"\($0.name)\"" }.joined(separator: ", ")))"
        return "CREATE TABLE IF NOT EXISTS \(name) (\(defs.joined(separator: ", "))\(pk))"
    }
}

extension OutputTable {
    private static func ratios(_ names: String...) -> [OutputColumn] { names.map { OutputColumn($0, .ratio) } }
    private static func counts(_ names: String...) -> [OutputColumn] { names.map { OutputColumn($0, .integer) } }

    /// One row per school: the termly evaluation's headline figures.
    public static let schoolSummary = OutputTable(
        "school_summary",
        keys: [OutputColumn("school_id", .text)],
        values: counts("enrolled", "requested", "participants")
            + ratios("participation_rate", "demand_coverage", "attendance_rate")
            + counts("school_days", "service_days")
            + ratios("service_day_coverage", "days_meeting_2h_share", "late_end_share",
                     "sport_weekly_coverage", "quality_weekly_coverage", "non_pe_sport_hour_share")
            + counts("categories_offered")
            + ratios("specialty_hour_share")
            + [OutputColumn("specialty_ok", .flag)]
            + counts("responses")
            + ratios("response_rate", "satisfaction_mean", "satisfaction_top2_share"))

    /// One row per school and grade on the school's roster.
    public static let gradeParticipation = OutputTable(
        "grade_participation",
        keys: [OutputColumn("school_id", .text), OutputColumn("grade", .integer)],
        values: counts("enrolled", "participants") + ratios("participation_rate", "sport_weekly_coverage")
            + [OutputColumn("suppressed", .flag)],
        suppressible: true)

    /// One row per school and grade on the roster: the service time of the
    /// sessions that grade attended.
    public static let gradeService = OutputTable(
        "grade_service",
        keys: [OutputColumn("school_id", .text), OutputColumn("grade", .integer)],
        values: counts("enrolled", "service_days") + ratios("days_meeting_2h_share", "late_end_share")
            + [OutputColumn("mean_daily_hours", .hours), OutputColumn("suppressed", .flag)],
        suppressible: true)

    /// One row per school, grade and class (each student in the grade and
    /// class of their roster row).
    public static let classParticipation = OutputTable(
        "class_participation",
        keys: [OutputColumn("school_id", .text), OutputColumn("grade", .integer), OutputColumn("class_id", .text)],
        values: counts("enrolled", "requested", "participants")
            + ratios("participation_rate", "demand_coverage", "sport_weekly_coverage", "quality_weekly_coverage")
            + [OutputColumn("suppressed", .flag)],
        suppressible: true)

    /// One row per school: survey coverage, participants who never asked,
    /// the chosen weekdays served, late care asked and served.
    public static let serviceChoice = OutputTable(
        "service_choice",
        keys: [OutputColumn("school_id", .text)],
        values: counts("enrolled", "surveyed") + ratios("survey_coverage") + counts("unrequested_participants")
            + ratios("unrequested_share", "chosen_day_coverage") + counts("extended_requested", "extended_served")
            + ratios("extended_coverage"))

    /// One row per school and priority group (`all` and the four groups).
    public static let groupParticipation = OutputTable(
        "group_participation",
        keys: [OutputColumn("school_id", .text), OutputColumn("group", .text)],
        values: counts("enrolled", "requested", "participants") + ratios("participation_rate", "demand_coverage")
            + [OutputColumn("suppressed", .flag)],
        suppressible: true)

    /// One row per school: the counts behind the ratios of `school_summary`
    /// and `district_summary`, so that a roll-up over districts is a ratio
    /// of sums (the city's shared warehouse).
    public static let schoolCounts = OutputTable(
        "school_counts",
        keys: [OutputColumn("school_id", .text)],
        values: counts("enrolled", "requested", "requested_participants", "participants", "present_rows", "absent_rows",
                       "school_days", "service_days", "full_days", "late_end_days",
                       "participant_weeks", "sport_weeks", "quality_weeks", "non_pe_days", "non_pe_sport_days",
                       "sports_arts_minutes", "all_minutes", "responses", "score_sum", "top2_responses"),
        privacy: .counts)

    /// One row: the district, every ratio recomputed from summed counts.
    public static let districtSummary = OutputTable(
        "district_summary",
        keys: [],
        values: counts("schools") + ratios("supply_rate")
            + counts("enrolled", "requested", "participants")
            + ratios("participation_rate", "demand_coverage", "attendance_rate")
            + counts("school_days")
            + ratios("sport_weekly_coverage", "quality_weekly_coverage")
            + counts("responses") + ratios("satisfaction_mean"))

    /// One row per activity with at least one response.
    public static let satisfactionByActivity = OutputTable(
        "satisfaction_by_activity",
        keys: [OutputColumn("school_id", .text), OutputColumn("activity_id", .text)],
        values: [OutputColumn("category", .text)] + counts("responses")
            + ratios("mean_overall", "ci_low", "ci_high", "top2_share"))

    /// One row per audit finding (internal: may name students).
    public static let auditFindings = OutputTable(
        "audit_findings",
        keys: ["rule", "school_id", "session_id", "other_session_id", "staff_id", "student_id", "month"]
            .map { OutputColumn($0, .text) },
        values: [OutputColumn("severity", .text), OutputColumn("detail", .text), OutputColumn("hours_at_stake", .hours)],
        isInternal: true)

    /// One row per school and eligible staff member: the stipend proposal.
    public static let stipendAllocation = OutputTable(
        "stipend_allocation",
        keys: [OutputColumn("school_id", .text), OutputColumn("staff_id", .text)],
        values: [OutputColumn("kind", .text), OutputColumn("sessions", .integer),
                 OutputColumn("claimed_hours", .hours), OutputColumn("verified_hours", .hours)]
            + ratios("points") + counts("satisfaction_n") + ratios("satisfaction_mean", "multiplier")
            + [OutputColumn("amount", .money), OutputColumn("hourly_amount", .money), OutputColumn("flat_amount", .money)])

    /// One row per school with a budget.
    public static let stipendSummary = OutputTable(
        "stipend_summary",
        keys: [OutputColumn("school_id", .text)],
        values: [OutputColumn("budget", .money), OutputColumn("allocated", .money), OutputColumn("staff_paid", .integer),
                 OutputColumn("verified_hours", .hours), OutputColumn("hourly_min", .money),
                 OutputColumn("hourly_median", .money), OutputColumn("hourly_max", .money)]
            + ratios("gini"))

    /// One row per (school, staff member, month) with a staffing row.
    public static let workloadMonthly = OutputTable(
        "workload_monthly",
        keys: [OutputColumn("school_id", .text), OutputColumn("staff_id", .text), OutputColumn("month", .text)],
        values: counts("days", "sessions") + [OutputColumn("verified_hours", .hours)])

    /// Per school, school day and segment: sessions held, students present,
    /// staff, claimed and verified hours (the daily ledger, 每日记录).
    public static let dailyLedger = OutputTable(
        "daily_ledger",
        keys: [OutputColumn("school_id", .text), OutputColumn("date", .text), OutputColumn("segment", .text)],
        values: counts("sessions", "held_sessions", "students_present", "staff")
            + [OutputColumn("claimed_hours", .hours), OutputColumn("verified_hours", .hours)])

    /// Per school: whether the teachers take part, and how the verified
    /// hours spread over the serving staff.
    public static let staffLoad = OutputTable(
        "staff_load",
        keys: [OutputColumn("school_id", .text)],
        values: counts("teachers", "teachers_serving") + ratios("teacher_share") + counts("serving_staff")
            + [OutputColumn("hours_mean", .hours), OutputColumn("hours_max", .hours), OutputColumn("peak_week_hours", .hours)]
            + ratios("hours_gini"))

    /// The tables of the audit, the stipend and the workload disclosure.
    public static let finance: [OutputTable] = [auditFindings, stipendAllocation, stipendSummary, workloadMonthly,
                                                 dailyLedger, staffLoad]

    /// One row per school: the district scorecard.
    public static let schoolScorecard = OutputTable(
        "school_scorecard",
        keys: [OutputColumn("school_id", .text)],
        values: ratios("participation", "demand_coverage", "service_time", "sport", "quality_activity",
                       "satisfaction", "data_quality", "composite")
            + [OutputColumn("rank", .integer), OutputColumn("tier", .text), OutputColumn("incomplete", .flag)])

    /// Each school beside the median of its peers (same stage and size band),
    /// one row per school and indicator.
    public static let schoolPeerComparison = OutputTable(
        "school_peer_comparison",
        keys: [OutputColumn("school_id", .text), OutputColumn("indicator", .text)],
        values: [OutputColumn("stage", .text), OutputColumn("size_band", .text), OutputColumn("peers", .integer)]
            + ratios("value", "peer_median", "difference"))

    /// The tables of the district assessment.
    public static let assessment: [OutputTable] = [schoolScorecard, schoolPeerComparison]

    /// The tables of the termly evaluation.
    public static let termly: [OutputTable] = [
        schoolSummary, gradeParticipation, groupParticipation, districtSummary, satisfactionByActivity,
        gradeService, classParticipation, serviceChoice,
    ]

    /// Every table a stage writes.
    public static let all: [OutputTable] = termly + [schoolCounts] + finance + assessment
}

extension Warehouse {
    /// Removes output tables (of a stage no longer in the pipeline).
    public func drop(_ tables: [OutputTable]) throws {
        try queue.write { db in
            for table in tables { try db.execute(sql: "DROP TABLE IF EXISTS \(table.name)") }
        }
    }

    /// Replaces the rows of `table` (in one transaction).
    public func replace(_ table: OutputTable, rows: [[Cell]]) throws {
        try queue.write { db in
            // Made by the stage that fills it: a warehouse holds only the
            // tables of its pipeline's stages.
            try db.execute(sql: table.createSQL)
            try db.execute(sql: "DELETE FROM \(table.name)")
            let names = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
            let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
            let statement = try db.makeStatement(sql: "INSERT INTO \(table.name) (\(names)) VALUES (\(marks))")
            for row in rows {
                let values: [(any DatabaseValueConvertible)?] = row.map { cell in
                    switch cell {
                    case .blank: return nil
                    case let .text(s): return s
                    case let .int(i): return i
                    case let .real(x): return x
                    }
                }
                try statement.execute(arguments: StatementArguments(values))
            }
        }
    }
}
