import AfterschoolCSV
import Testing
@testable import AfterschoolDomain

// Shared helpers: records built in code, validators over a given header,
// and checks of whole reject rows that report at the caller's line.

/// A record starting on `line` with `fields`.
func record(_ line: Int, _ fields: [String]) -> CSVRecord {
    CSVRecord(line: line, fields: fields)
}

extension InputFile {
    /// The English names of every column, in contract order.
    var allNames: [String] { columns.map(\.name) }
    /// The English names of the required columns, in contract order.
    var requiredNames: [String] { columns.filter(\.isRequired).map(\.name) }
}

/// The header map of `file` for header names `names` (line 1).
func headerMap(_ file: InputFile, _ names: [String]) throws -> HeaderMap {
    try HeaderMap(header: record(1, names), file: file)
}

/// A validator of `file` for a header naming `names` (by default the
/// required columns, in contract order).
func validator(_ file: InputFile, header names: [String]? = nil) throws -> RowValidator {
    RowValidator(file: file, header: try headerMap(file, names ?? file.requiredNames))
}

/// Validates one record of `file` (header `names`, default the required
/// columns) and returns the outcome and the row.
func check(
    _ file: InputFile, header names: [String]? = nil, line: Int = 2, _ fields: [String]
) throws -> (outcome: RowOutcome, row: ConformedRow) {
    let v = try validator(file, header: names)
    var row = ConformedRow()
    let outcome = v.validate(record(line, fields), into: &row)
    return (outcome, row)
}

/// Validates a record that must conform, and returns its row.
func conformed(
    _ file: InputFile, header names: [String]? = nil, _ fields: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> ConformedRow {
    let (outcome, row) = try check(file, header: names, fields)
    #expect(outcome == .conformed, "expected the record to conform", sourceLocation: sourceLocation)
    return row
}

/// The value of column `name` in a conformed row of `file`.
func value(
    _ row: ConformedRow, _ file: InputFile, _ name: String,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> Value {
    let i = try #require(file.columnIndex(name), "\(file.fileName) has no column \(name)", sourceLocation: sourceLocation)
    try #require(i < row.values.count, "row has no value for \(name)", sourceLocation: sourceLocation)
    return row.values[i]
}

/// Expects `outcome` to be exactly this reject row: file, line, column,
/// value and rule, with a message that is not empty and mentions each of
/// `mentions`.
func expectReject(
    _ outcome: RowOutcome,
    file: String, line: Int, column: String, value: String, rule: RejectRule,
    mentions: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard case let .rejected(reject) = outcome else {
        Issue.record("expected a \(rule.rawValue) reject of column '\(column)', got \(outcome)", sourceLocation: sourceLocation)
        return
    }
    expectReject(reject, file: file, line: line, column: column, value: value, rule: rule,
                 mentions: mentions, sourceLocation: sourceLocation)
}

/// Expects `reject` to be exactly this reject row (see above).
func expectReject(
    _ reject: Reject?,
    file: String, line: Int, column: String, value: String, rule: RejectRule,
    mentions: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let reject else {
        Issue.record("expected a \(rule.rawValue) reject of column '\(column)', the row was accepted", sourceLocation: sourceLocation)
        return
    }
    let expected = Reject(file: file, line: line, column: column, value: value, rule: rule,
                          message: reject.message, chineseMessage: reject.chineseMessage)
    #expect(reject == expected, sourceLocation: sourceLocation)
    #expect(!reject.message.isEmpty, "the message is empty", sourceLocation: sourceLocation)
    // The Chinese sentence is its own, and names the same value.
    #expect(reject.chineseMessage != reject.message && reject.chineseMessage.contains(where: { $0 >= "\u{4E00}" && $0 <= "\u{9FFF}" }),
            "the Chinese message '\(reject.chineseMessage)' is not Chinese", sourceLocation: sourceLocation)
    if !value.isEmpty, rule != .fieldCount, rule != .duplicateKey {
        #expect(reject.chineseMessage.contains(value) || reject.message.contains(value) == false,
                "the Chinese message '\(reject.chineseMessage)' does not name '\(value)'", sourceLocation: sourceLocation)
    }
    for word in mentions {
        #expect(reject.message.contains(word), "message '\(reject.message)' does not mention '\(word)'",
                sourceLocation: sourceLocation)
    }
}

/// Feeds records through the steps the pipeline runs for each accepted
/// row: field checks, reference resolution, registration. (Duplicate keys
/// are the warehouse's job and are not modelled here.)
final class MiniIngest {
    let index = ReferenceIndex()
    private var nextLine: [InputFile: Int] = [:]

    /// Validates, resolves and (when accepted) registers one record of
    /// `file` under `header` (default: the required columns). Returns the
    /// reject, or nil when the row was accepted. The row (with references
    /// replaced by keys) is left in `lastRow`.
    @discardableResult
    func feed(_ file: InputFile, header: [String]? = nil, line: Int? = nil, _ fields: [String]) throws -> Reject? {
        let n = line ?? (nextLine[file] ?? 2)
        nextLine[file] = n + 1
        let v = try validator(file, header: header)
        var row = ConformedRow()
        switch v.validate(record(n, fields), into: &row) {
        case .blank:
            return nil
        case let .rejected(reject):
            return reject
        case .conformed:
            if let reject = index.resolve(file, &row) {
                lastRow = row
                return reject
            }
            index.register(file, row)
            lastRow = row
            return nil
        }
    }

    /// The last row that passed the field checks.
    var lastRow = ConformedRow()

    /// Feeds a record that must be accepted.
    func accept(
        _ file: InputFile, header: [String]? = nil, _ fields: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let reject = try feed(file, header: header, fields)
        #expect(reject == nil, "expected \(file.fileName) row \(fields) to be accepted", sourceLocation: sourceLocation)
    }

    /// A small district: schools S1 and S2; student 0001 in S1 class 3-1
    /// and 0002 in S2 class 4-2; activities A1 (S1) and A2 (S2); sessions
    /// X1 of A1 and X2 of A2; staff T1 (S1) and T2 (S2).
    static func district() throws -> MiniIngest {
        let d = MiniIngest()
        try d.accept(.schools, ["S1", "First School", "primary"])
        try d.accept(.schools, ["S2", "Second School", "middle"])
        try d.accept(.students, ["0001", "S1", "3", "3-1"])
        try d.accept(.students, ["0002", "S2", "4", "4-2"])
        try d.accept(.activities, ["A1", "S1", "Homework club", "homework", "class"])
        try d.accept(.activities, ["A2", "S2", "Football", "sports", "school"])
        try d.accept(.sessions, ["X1", "A1", "2025-10-20", "15:30", "16:30"])
        try d.accept(.sessions, ["X2", "A2", "2025-10-20", "16:40", "17:40"])
        try d.accept(.staff, ["T1", "S1", "teacher"])
        try d.accept(.staff, ["T2", "S2", "volunteer"])
        return d
    }
}

/// Satisfaction header with the optional student and activity columns.
let satisfactionHeader = ["response_id", "school_id", "respondent", "student_id", "activity_id", "overall"]
