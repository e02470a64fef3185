/// The kind of an input column: how its text is parsed and checked.
public enum ValueKind: Sendable, Equatable {
    /// An opaque identifier, kept as text (leading zeros kept).
    case id
    /// Free text.
    case text
    /// A whole number within a range.
    case int(ClosedRange<Int64>)
    /// A decimal with at most 2 significant decimals, stored in hundredths;
    /// the range is in hundredths too.
    case decimal(ClosedRange<Int64>)
    /// `YYYY-MM-DD` or `YYYY/M/D`.
    case date
    /// `HH:MM` or `H:MM`, 24-hour; stored as minutes after midnight.
    case time
    /// `YYYY-MM`, a real month.
    case month
    /// `1/0`, `yes/no`, `true/false`, `y/n`, `是/否`.
    case bool
    /// One of a fixed set of values (English or Chinese).
    case enumeration(EnumDomain)
    /// A list of values of a fixed set, separated by `|`, `;` or `、`.
    case list(EnumDomain)

    /// The name used in messages.
    public var name: String {
        switch self {
        case .id: return "id"
        case .text: return "text"
        case .int: return "whole number"
        case .decimal: return "decimal number"
        case .date: return "date (YYYY-MM-DD or YYYY/M/D)"
        case .time: return "time (HH:MM)"
        case .month: return "month (YYYY-MM)"
        case .bool: return "yes/no value (1/0, yes/no, true/false, y/n, 是/否)"
        case let .enumeration(d): return "one of \(d.canonical.joined(separator: ", "))"
        case let .list(d): return "list of \(d.canonical.joined(separator: ", "))"
        }
    }
}

