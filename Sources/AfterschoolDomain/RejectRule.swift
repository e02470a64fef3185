/// Why a row was rejected: the `rule` column of `rejects.csv`.
public enum RejectRule: String, Sendable, CaseIterable, Codable, Comparable {
    case fieldCount = "field_count"
    case missingValue = "missing_value"
    case badType = "bad_type"
    case badEnum = "bad_enum"
    case outOfRange = "out_of_range"
    case unknownReference = "unknown_reference"
    case duplicateKey = "duplicate_key"

    public static func < (a: RejectRule, b: RejectRule) -> Bool { a.rawValue < b.rawValue }
}

/// One rejected input row: a line of `rejects.csv`.
public struct Reject: Sendable, Equatable {
    /// The file name, e.g. `attendance.csv`.
    public var file: String
    /// The physical line where the record starts.
    public var line: Int
    /// The column (its English name), or empty for a whole-record problem.
    public var column: String
    /// The raw value (trimmed), as found in the file.
    public var value: String
    public var rule: RejectRule
    /// A sentence a school office can act on, in English.
    public var message: String
    /// The same sentence in Chinese.
    public var chineseMessage: String
    /// The row is the file's last, cut off: no line break and too few
    /// fields (``RejectMessage/cutOff(found:expected:)``). Not written to
    /// `rejects.csv`: the run warns about the file.
    public var looksCutOff = false

    /// A reject read back from a part: both sentences as written.
    public init(file: String, line: Int, column: String, value: String, rule: RejectRule,
                message: String, chineseMessage: String) {
        self.file = file
        self.line = line
        self.column = column
        self.value = value
        self.rule = rule
        self.message = message
        self.chineseMessage = chineseMessage
    }

    /// A reject found now, its sentence in both languages.
    public init(file: String, line: Int, column: String, value: String, rule: RejectRule, _ message: RejectMessage) {
        self.init(file: file, line: line, column: column, value: value, rule: rule,
                  message: message.text(.en), chineseMessage: message.text(.zh))
        if case .cutOff = message { looksCutOff = true }
    }

    /// The sentence in `language`.
    public func message(in language: TextLanguage) -> String {
        language == .en ? message : chineseMessage
    }
}
