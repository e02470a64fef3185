/// One column of an input file: its English name, Chinese alias, kind, and
/// whether it must be present and filled.
public struct ColumnSpec: Sendable, Equatable {
    /// The English snake_case name (the warehouse column name too).
    public let name: String
    /// The Chinese header Excel exports use.
    public let alias: String
    /// How the value is parsed and checked.
    public let kind: ValueKind
    /// A required column must exist in the header and be filled in every row.
    public let isRequired: Bool
    /// The value used when an optional column is missing or blank (raw text,
    /// parsed like a value); nil leaves it NULL.
    public let defaultText: String?

    public init(_ name: String, _ alias: String, _ kind: ValueKind, required: Bool = true, default defaultText: String? = nil) {
        self.name = name
        self.alias = alias
        self.kind = kind
        self.isRequired = required
        self.defaultText = defaultText
    }

    /// An optional column.
    public static func optional(_ name: String, _ alias: String, _ kind: ValueKind, default defaultText: String? = nil) -> ColumnSpec {
        ColumnSpec(name, alias, kind, required: false, default: defaultText)
    }
}
