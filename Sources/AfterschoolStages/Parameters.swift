import AfterschoolDomain

/// The value of a pipeline parameter.
public enum ParameterValue: Sendable, Equatable, Encodable, CustomStringConvertible {
    case number(Double)
    case integer(Int)
    /// A time of day, in minutes after midnight.
    case time(Int)
    /// Months of the year, 1 to 12, ascending.
    case months([Int])

    public var description: String {
        switch self {
        case let .number(x): return formatNumber(x)
        case let .integer(n): return String(n)
        case let .time(m): return formatTime(m)
        case let .months(ms): return ms.map(String.init).joined(separator: ",")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case let .number(x): try c.encode(x)
        case let .integer(n): try c.encode(n)
        case let .time(m): try c.encode(formatTime(m))
        case let .months(ms): try c.encode(ms)
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
    ]

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
        }
    }

    /// What a value must look like, for messages.
    public var expectation: String {
        switch kind {
        case let .number(range): return "a number from \(formatNumber(range.lowerBound)) to \(formatNumber(range.upperBound))"
        case let .integer(range): return "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .time: return "a time HH:MM"
        case .months: return "months 1 to 12, as 5-10 or 5,6,7"
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
