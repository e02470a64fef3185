import AfterschoolDomain

/// The value of a pipeline parameter.
public enum ParameterValue: Sendable, Equatable, Encodable, CustomStringConvertible {
    case number(Double)
    case integer(Int)
    /// A time of day, in minutes after midnight.
    case time(Int)
    /// Months of the year, 1 to 12, ascending.
    case months([Int])
    /// Values of a fixed set (staff kinds), in the set's order.
    case list([String])
    /// One word of a fixed set (`zh`).
    case word(String)

    public var description: String {
        switch self {
        case let .number(x): return formatNumber(x)
        case let .integer(n): return String(n)
        case let .time(m): return formatTime(m)
        case let .months(ms): return ms.map(String.init).joined(separator: ",")
        case let .list(items): return items.joined(separator: ",")
        case let .word(w): return w
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case let .number(x): try c.encode(x)
        case let .integer(n): try c.encode(n)
        case let .time(m): try c.encode(formatTime(m))
        case let .months(ms): try c.encode(ms)
        case let .list(items): try c.encode(items)
        case let .word(w): try c.encode(w)
        }
    }
}

/// A pipeline parameter the program knows: its name, what values it takes,
/// and its default.
public struct ParameterSpec: Sendable {
    public enum Kind: Sendable {
        /// A number in a range.
        case number(ClosedRange<Double>)
        /// A whole number in a range.
        case integer(ClosedRange<Int>)
        /// A time of day, `HH:MM`.
        case time
        /// Months: `5-10`, `5,6,7` or a YAML list.
        case months
        /// Values of a fixed set, separated by commas (or a YAML list).
        case list(EnumDomain)
        /// One of these words.
        case choice([String])
    }

    public let name: String
    public let kind: Kind
    public let defaultText: String
    /// One line on what it does.
    public let summary: String

    /// Every parameter any stage uses, with its default.
    public static let all: [ParameterSpec] = [
        ParameterSpec(
            name: "max_reject_share", kind: .number(0...1), defaultText: "0.05",
            summary: "the largest share of a file's records that may be rejected before the run stops"),
        ParameterSpec(
            name: "window_start", kind: .time, defaultText: "14:00",
            summary: "an in-scope session starts at or after this time"),
        ParameterSpec(
            name: "window_end", kind: .time, defaultText: "20:00",
            summary: "an in-scope session ends at or before this time"),
        ParameterSpec(
            name: "summer_end", kind: .time, defaultText: "18:00",
            summary: "latest end of class and grade sessions in summer months"),
        ParameterSpec(
            name: "winter_end", kind: .time, defaultText: "17:30",
            summary: "latest end of class and grade sessions in the other months"),
        ParameterSpec(
            name: "summer_months", kind: .months, defaultText: "5-10",
            summary: "the months in which summer_end applies"),
        ParameterSpec(
            name: "min_daily_minutes", kind: .integer(0...1440), defaultText: "120",
            summary: "minutes of service a school day needs (the union of its sessions)"),
        ParameterSpec(
            name: "min_sport_minutes", kind: .integer(0...1440), defaultText: "60",
            summary: "sport minutes a student needs on a day without PE"),
        ParameterSpec(
            name: "specialty_min_share", kind: .number(0...1), defaultText: "0.5",
            summary: "share of minutes a sports/arts specialty school spends on sports and arts"),
        ParameterSpec(
            name: "min_cell", kind: .integer(0...1_000_000), defaultText: "10",
            summary: "grouped rows with fewer students enrolled are suppressed in published tables"),
        ParameterSpec(
            name: "claim_tolerance_hours", kind: .number(0...24), defaultText: "0.1",
            summary: "claimed hours may exceed the session's length by this much before it is an over-claim"),
        ParameterSpec(
            name: "min_homework_group", kind: .integer(0...100_000), defaultText: "20",
            summary: "a grade-level homework session with fewer students present is flagged"),
        ParameterSpec(
            name: "eligible_kinds", kind: .list(.staffKind), defaultText: "teacher,retired_teacher,external_professional",
            summary: "staff kinds paid from the after-school budget"),
        weight("slot_weight_class", "1.0", "weight of a class-segment (班级服务) session"),
        weight("slot_weight_grade", "1.1", "weight of a grade-segment (年级服务) session"),
        weight("slot_weight_school", "1.3", "weight of a school-segment (校级服务, late care) session"),
        weight("content_weight_homework", "1.0", "weight of homework help"),
        weight("content_weight_self_study", "0.8", "weight of supervised self-study"),
        weight("content_weight_quality", "1.2", "weight of every quality-education category"),
        weight("role_weight_lead", "1.0", "weight of the lead (主讲)"),
        weight("role_weight_assistant", "0.6", "weight of an assistant (助教)"),
        ParameterSpec(
            name: "scale_reference", kind: .number(1...100_000), defaultText: "20",
            summary: "students present at which the scale weight is 1"),
        weight("scale_slope", "0.25", "scale weight added per doubling of the students present"),
        weight("scale_min", "0.75", "the smallest scale weight"),
        weight("scale_max", "1.5", "the largest scale weight"),
        ParameterSpec(
            name: "satisfaction_prior", kind: .number(0...1_000_000), defaultText: "20",
            summary: "responses' worth of the school mean a satisfaction mean is shrunk toward"),
        weight("satisfaction_step", "0.1", "multiplier change per point of (shrunk) satisfaction above the school mean"),
        ParameterSpec(
            name: "satisfaction_cap", kind: .number(0...1), defaultText: "0.1",
            summary: "the satisfaction multiplier stays within 1 - cap and 1 + cap"),
        weight("weight_participation", "0.15", "scorecard weight of participation"),
        weight("weight_demand_coverage", "0.15", "scorecard weight of demand coverage"),
        weight("weight_service_time", "0.10", "scorecard weight of service time"),
        weight("weight_sport", "0.15", "scorecard weight of weekly sport coverage"),
        weight("weight_quality_activity", "0.15", "scorecard weight of weekly quality-activity coverage"),
        weight("weight_satisfaction", "0.20", "scorecard weight of (shrunk) satisfaction"),
        weight("weight_data_quality", "0.10", "scorecard weight of data quality"),
        ParameterSpec(
            name: "peer_small_below", kind: .integer(1...1_000_000), defaultText: "600",
            summary: "schools with fewer students enrolled are in the small size band"),
        ParameterSpec(
            name: "peer_large_from", kind: .integer(1...1_000_000), defaultText: "1500",
            summary: "schools with at least this many students enrolled are in the large size band"),
        ParameterSpec(
            name: "report_language", kind: .choice(["zh", "en"]), defaultText: "zh",
            summary: "the language of the report: zh (Chinese) or en (English)"),
        ParameterSpec(
            name: "publish_warehouse", kind: .choice(["true", "false"]), defaultText: "true",
            summary: "false leaves warehouse.sqlite (every accepted row, student ids included) and the re-run cache out of the output folder, for outputs that are shared; the next run then reads everything again"),
        target("target_supply", "every school offers the service (supply rate)"),
        target("target_demand_coverage", "everyone who asked to stay is served (愿留尽留)"),
        target("target_service_day_coverage", "service on every school day"),
        target("target_days_meeting_2h", "at least 2 hours on every school day"),
        target("target_sport_weekly", "sport every week for every participant"),
        target("target_quality_weekly", "a quality-education activity every week for every participant"),
        target("target_non_pe_sport", "1 hour of sport on every day without PE"),
        ParameterSpec(
            name: "target_satisfaction_mean", kind: .number(1...5), defaultText: "4",
            summary: "the report marks a school whose mean satisfaction (1-5) is below this (no policy value)"),
    ]

    private static func target(_ name: String, _ what: String) -> ParameterSpec {
        ParameterSpec(name: name, kind: .number(0...1), defaultText: "1",
                      summary: "the report's target share: \(what); a school below it is marked")
    }

    private static func weight(_ name: String, _ value: String, _ summary: String) -> ParameterSpec {
        ParameterSpec(name: name, kind: .number(0...1000), defaultText: value, summary: summary)
    }

    /// The spec named `name`.
    public static func named(_ name: String) -> ParameterSpec? { all.first { $0.name == name } }

    /// Parses `text` as a value of this parameter.
    public func parse(_ text: String) -> ParameterValue? {
        let t = String(ValueParser.trim(text))
        switch kind {
        case let .number(range):
            guard let x = Double(t), x.isFinite, range.contains(x) else { return nil }
            return .number(x)
        case let .integer(range):
            guard let n = Int(t), range.contains(n) else { return nil }
            return .integer(n)
        case .time:
            return ValueParser.parseTime(t).map(ParameterValue.time)
        case .months:
            var months = Set<Int>()
            for part in t.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "[" || $0 == "]" }) {
                let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
                guard (1...2).contains(bounds.count),
                      let lo = Int(bounds[0]), let hi = Int(bounds[bounds.count - 1]),
                      (1...12).contains(lo), (1...12).contains(hi), lo <= hi else { return nil }
                months.formUnion(lo...hi)
            }
            return .months(months.sorted())
        case let .list(domain):
            var items: [String] = []
            for part in t.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "[" || $0 == "]" || $0 == "|" }) {
                guard let v = domain.canonical(for: String(part)) else { return nil }
                if !items.contains(v) { items.append(v) }
            }
            return .list(domain.canonical.filter(items.contains))
        case let .choice(words):
            let w = t.lowercased()
            return words.contains(w) ? .word(w) : nil
        }
    }

    /// What a value must look like, for messages.
    public var expectation: String {
        switch kind {
        case let .number(range): return "a number from \(formatNumber(range.lowerBound)) to \(formatNumber(range.upperBound))"
        case let .integer(range): return "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .time: return "a time HH:MM"
        case .months: return "months 1 to 12, as 5-10 or 5,6,7"
        case let .list(domain): return "a list of \(domain.canonical.joined(separator: ", "))"
        case let .choice(words): return "one of \(words.joined(separator: ", "))"
        }
    }
}

/// A parameter name or value that is wrong (a usage error).
public struct ParameterError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// The parameter values of one run: defaults, then the pipeline file, then
/// `--set` on the command line.
public struct Parameters: Sendable, Equatable {
    public private(set) var values: [String: ParameterValue]
    /// Where each value that is not a default came from: `pipeline` (the
    /// pipeline file) or `--set`.
    public private(set) var sources: [String: String] = [:]

    /// Where the value of `name` came from: `default`, `pipeline` or `--set`.
    public func source(of name: String) -> String { sources[name] ?? "default" }

    /// Every known parameter at its default.
    public init() {
        var values: [String: ParameterValue] = [:]
        for spec in ParameterSpec.all {
            values[spec.name] = spec.parse(spec.defaultText)
        }
        self.values = values
    }

    /// Sets `name` from text.
    /// - Throws: ``ParameterError`` for an unknown name or a bad value.
    public mutating func set(_ name: String, text: String, source: String) throws(ParameterError) {
        guard let spec = ParameterSpec.named(name) else {
            let known = ParameterSpec.all.map(\.name).joined(separator: ", ")
            throw ParameterError(description: "\(source): unknown parameter '\(name)'; known parameters: \(known)")
        }
        guard let v = spec.parse(text) else {
            throw ParameterError(description: "\(source): parameter \(name) = '\(text)' is not \(spec.expectation)")
        }
        values[name] = v
        sources[name] = source == "--set" ? "--set" : "pipeline"
    }

    /// Checks what no single value can: the scorecard weights must not all
    /// be 0, and the small size band must end where the large one starts
    /// or before.
    public func validate(source: String) throws(ParameterError) {
        let weights = ["weight_participation", "weight_demand_coverage", "weight_service_time", "weight_sport",
                       "weight_quality_activity", "weight_satisfaction", "weight_data_quality"]
        if weights.allSatisfy({ number($0) == 0 }) {
            throw ParameterError(description: "\(source): the scorecard weights are all 0; give at least one a positive weight")
        }
        if integer("peer_small_below") > integer("peer_large_from") {
            throw ParameterError(description: "\(source): peer_small_below (\(integer("peer_small_below"))) is above peer_large_from (\(integer("peer_large_from")))")
        }
    }

    private func number(_ name: String) -> Double {
        if case let .number(x) = values[name] { return x }
        return 0
    }

    private func integer(_ name: String) -> Int {
        if case let .integer(n) = values[name] { return n }
        return 0
    }

    private func time(_ name: String) -> Int {
        if case let .time(m) = values[name] { return m }
        return 0
    }

    public var maxRejectShare: Double { number("max_reject_share") }
    /// Minutes after midnight.
    public var windowStart: Int { time("window_start") }
    public var windowEnd: Int { time("window_end") }
    public var summerEnd: Int { time("summer_end") }
    public var winterEnd: Int { time("winter_end") }
    public var summerMonths: Set<Int> {
        if case let .months(ms) = values["summer_months"] { return Set(ms) }
        return []
    }
    public var minDailyMinutes: Int { integer("min_daily_minutes") }
    public var minSportMinutes: Int { integer("min_sport_minutes") }
    public var specialtyMinShare: Double { number("specialty_min_share") }
    public var minCell: Int { integer("min_cell") }

    /// The value of a number parameter (0 for another kind).
    public func number(named name: String) -> Double { number(name) }

    /// The value of a whole-number parameter (0 for another kind).
    public func integer(named name: String) -> Int { integer(name) }

    public var minHomeworkGroup: Int { integer("min_homework_group") }
    public var eligibleKinds: Set<String> {
        if case let .list(items) = values["eligible_kinds"] { return Set(items) }
        return []
    }
}

/// `0.05`, `120`: the shortest text of a number.
func formatNumber(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
}

/// `14:00`.
func formatTime(_ minutes: Int) -> String {
    let h = minutes / 60, m = minutes % 60
    return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
}
