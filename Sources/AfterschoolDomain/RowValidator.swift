import AfterschoolCSV

/// A record that passed the field checks: its values in the contract's
/// column order, and the trimmed text each came from.
public struct ConformedRow: Sendable {
    /// The physical line where the record starts.
    public var line: Int = 0
    /// One value per column of ``InputFile/columns``.
    public var values: [Value] = []
    /// The trimmed text of each column ("" when blank or absent).
    public var raw: [String] = []

    public init() {}
}

/// What became of one record.
public enum RowOutcome: Sendable, Equatable {
    /// Every field blank: skipped like a blank line, not counted.
    case blank
    /// The fields passed; the row is in the `ConformedRow`.
    case conformed
    /// The first failing check.
    case rejected(Reject)
}

/// Checks one record of a file against its columns: field count, then each
/// column in contract order (missing value, type, enum, range), then the
/// file's own cross-field rule (a session's `end` after its `start`).
public struct RowValidator: Sendable {
    public let file: InputFile
    public let header: HeaderMap
    private let columns: [ColumnSpec]
    private let defaults: [Value]

    public init(file: InputFile, header: HeaderMap) {
        self.file = file
        self.header = header
        columns = file.columns
        defaults = columns.map { column in
            guard let text = column.defaultText,
                  case let .success(v) = ValueParser.parse(Substring(text), as: column.kind) else { return .null }
            return v
        }
    }

    /// Validates `record` into `row` (reused between calls).
    public func validate(_ record: CSVRecord, into row: inout ConformedRow) -> RowOutcome {
        let name = file.fileName
        row.line = record.line
        row.values.removeAll(keepingCapacity: true)
        row.raw.removeAll(keepingCapacity: true)
        if RowValidator.isBlank(record) { return .blank }
        if record.count != header.fieldCount {
            return .rejected(Reject(
                file: name, line: record.line, column: "", value: RowValidator.rawRecord(record),
                rule: .fieldCount,
                record.endsWithoutLineBreak && record.count < header.fieldCount
                    ? .cutOff(found: record.count, expected: header.fieldCount)
                    : .fieldCount(found: record.count, expected: header.fieldCount)))
        }
        for (i, column) in columns.enumerated() {
            let text: Substring = header.fieldIndex[i].map { ValueParser.trim(record[$0]) } ?? ""
            row.raw.append(String(text))
            if text.isEmpty {
                if column.isRequired {
                    return .rejected(Reject(
                        file: name, line: record.line, column: column.name, value: "",
                        rule: .missingValue, .missingValue(ColumnName(column.name, alias: column.alias))))
                }
                row.values.append(defaults[i])
                continue
            }
            switch ValueParser.parse(text, as: column.kind) {
            case .success(.null):
                // A list holding only separators (`|`) is blank: the default.
                row.values.append(defaults[i])
            case let .success(v):
                row.values.append(v)
            case let .failure(f):
                return .rejected(Reject(
                    file: name, line: record.line, column: column.name, value: String(text), rule: f.rule,
                    header.isRepeated(in: record)
                        ? .repeatedHeader : .badValue(ColumnName(column.name, alias: column.alias), f.problem)))
            }
        }
        if file == .sessions, let start = row.values[3].int, let end = row.values[4].int, end <= start {
            return .rejected(Reject(
                file: name, line: record.line, column: "end", value: row.raw[4],
                rule: .outOfRange, .endNotAfterStart(end: row.raw[4], start: row.raw[3])))
        }
        return .conformed
    }

    /// The record as one line of text (fields joined by commas, at most 200
    /// characters): the value of a `field_count` reject.
    static func rawRecord(_ record: CSVRecord) -> String {
        let text = record.fields.joined(separator: ",")
        return text.count <= 200 ? text : String(text.prefix(200)) + "..."
    }

    /// True when every field is empty after trimming (`,,,,`).
    static func isBlank(_ record: CSVRecord) -> Bool {
        for i in 0..<record.count {
            let blank = record.withFieldBytes(i) { bytes -> Bool? in
                for b in bytes where b != 0x20 && b != 0x09 {
                    return b < 0x80 ? false : nil
                }
                return true
            }
            switch blank {
            case .some(true): continue
            case .some(false): return false
            case .none: if !ValueParser.trim(record[i]).isEmpty { return false }
            }
        }
        return true
    }
}
