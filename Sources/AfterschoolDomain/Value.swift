/// A conformed input value, as stored in the warehouse.
///
/// Every input kind maps onto four storage forms: ids, text, enums (their
/// canonical English value), dates (`YYYY-MM-DD`), months (`YYYY-MM`) and
/// lists (canonical values joined by `|`) are `text`; ints, times (minutes
/// after midnight), decimals (integer hundredths) and references (the
/// warehouse key of the referenced row) are `int`; booleans are `bool`.
public enum Value: Sendable, Equatable, Hashable, CustomStringConvertible {
    case null
    case text(String)
    case int(Int64)
    case bool(Bool)

    /// The text, when this is `.text`.
    @inlinable public var text: String? {
        if case let .text(s) = self { return s }
        return nil
    }

    /// The integer, when this is `.int`.
    @inlinable public var int: Int64? {
        if case let .int(i) = self { return i }
        return nil
    }

    /// The boolean, when this is `.bool`.
    @inlinable public var bool: Bool? {
        if case let .bool(b) = self { return b }
        return nil
    }

    public var description: String {
        switch self {
        case .null: return "NULL"
        case let .text(s): return s
        case let .int(i): return String(i)
        case let .bool(b): return b ? "1" : "0"
        }
    }
}
