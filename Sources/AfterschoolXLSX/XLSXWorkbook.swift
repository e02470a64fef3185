/// A workbook to write as an Office Open XML spreadsheet (`.xlsx`): sheets
/// of typed cells. The model knows nothing of the pipeline: the report
/// stage fills it, ``XLSXWriter`` writes it.
public struct XLSXWorkbook: Sendable, Equatable {
    public var sheets: [XLSXSheet]

    public init(sheets: [XLSXSheet]) { self.sheets = sheets }
}

/// One sheet: a header row and data rows. The header row is frozen and
/// carries an autofilter over the whole table; column widths fit the
/// widest cell.
public struct XLSXSheet: Sendable, Equatable {
    /// The tab's name: at most 31 characters, none of `[]:*?/\`
    /// (``XLSXWriter`` makes it so, and unique).
    public var name: String
    public var header: [String]
    public var rows: [[XLSXCell]]

    public init(name: String, header: [String], rows: [[XLSXCell]]) {
        self.name = name
        self.header = header
        self.rows = rows
    }
}

/// One cell. A number is given as its decimal text (`0.8660`, `12`), so
/// that the sheet holds exactly the digits of the published CSV; text is
/// always a string cell, never a formula, whatever it starts with.
public enum XLSXCell: Sendable, Equatable {
    case empty
    case text(String, XLSXStyle = .plain)
    case number(String, XLSXStyle)
}

/// How a cell looks: its number format and font.
public enum XLSXStyle: Int, Sendable, CaseIterable {
    case plain = 0
    case header
    /// `#,##0`: counts.
    case integer
    /// `0.0%`: rates and shares.
    case percent
    /// `0.00`: hours and means.
    case decimal2
    /// `0.0000`: points, multipliers, Gini.
    case decimal4
    /// `#,##0.00`: yuan.
    case money
    /// Grey italic: a mark such as a suppressed cell's.
    case mark
    /// Text that wraps (it holds a line break).
    case wrap
}
