/// The language of what a person reads: the report, the run's summary and
/// the `message` column of `rejects.csv` (the pipeline's `report_language`).
public enum TextLanguage: String, Sendable, Codable, CaseIterable {
    case zh
    case en

    /// `zh` unless the text is `en`: Chinese is the default.
    public init(_ text: String?) { self = text == "en" ? .en : .zh }
}

/// A column as a message names it: its English name and its Chinese
/// header (`学号（student_id）` in Chinese).
public struct ColumnName: Sendable, Equatable {
    public let name: String
    public let alias: String

    public init(_ name: String, alias: String) {
        self.name = name
        self.alias = alias
    }

    /// The column `name` of `file` (its alias from the contract).
    public init(_ name: String, of file: InputFile) {
        self.name = name
        self.alias = file.columns.first { $0.name == name }?.alias ?? name
    }

    func text(_ language: TextLanguage) -> String {
        language == .en || alias == name ? name : "\(alias)（\(name)）"
    }
}

/// Why a row was rejected, in words: what the `message` column of
/// `rejects.csv` says, in either language. Made once where the row is
/// rejected; both renderings are kept (``Reject/message`` and
/// ``Reject/chineseMessage``), so a re-run in the other language needs no
/// re-reading of the inputs.
public enum RejectMessage: Sendable, Equatable {
    /// The record has another number of fields than the header.
    case fieldCount(found: Int, expected: Int)
    /// The file's last row, without a line break and with too few fields:
    /// the file looks cut off there.
    case cutOff(found: Int, expected: Int)
    /// The row repeats the header (files joined together); its rule is
    /// the first check the header's text fails.
    case repeatedHeader
    /// A required column is blank.
    case missingValue(ColumnName)
    /// A value does not parse or is out of range.
    case badValue(ColumnName, ValueProblem)
    /// A session's end is not after its start.
    case endNotAfterStart(end: String, start: String)
    /// A reference to a row that is not among the accepted rows of `target`.
    case unknownReference(ColumnName, id: String, target: InputFile)
    /// A reference to a row of another school than the row's own.
    case otherSchool(ColumnName, id: String, viaSession: Bool)
    /// A PE timetable class that the roster does not have.
    case classNotOnRoster(classId: String)
    /// A row whose key an earlier row already holds.
    case duplicateKey([(column: ColumnName, value: String)])

    public static func == (a: RejectMessage, b: RejectMessage) -> Bool {
        a.text(.en) == b.text(.en)
    }

    /// The sentence in `language`.
    public func text(_ language: TextLanguage) -> String {
        let zh = language == .zh
        switch self {
        case let .fieldCount(found, expected):
            return zh ? "本行有 \(found) 个字段，表头有 \(expected) 个；请检查是否有未加引号的逗号"
                : "has \(found) fields, the header has \(expected); check for an unquoted comma"
        case let .cutOff(found, expected):
            return zh ? "文件在本行中断：这是最后一行，没有换行，只有 \(found) 个字段（表头有 \(expected) 个）；文件可能没有复制完整，请重新导出或复制"
                : "the file ends in the middle of this row: it is the last row, has no line break and \(found) of the header's \(expected) fields; the file may not have been copied completely, export or copy it again"
        case .repeatedHeader:
            return zh ? "本行是重复的表头（多个文件拼接时常见），不是数据；请删除这一行"
                : "this row repeats the header (common where files were joined together) and holds no data; delete it"
        case let .missingValue(column):
            return zh ? "必填列 \(column.text(language))为空" : "required column \(column.name) is blank"
        case let .badValue(column, problem):
            return column.text(language) + (zh ? "：" : ": ") + problem.text(language)
        case let .endNotAfterStart(end, start):
            return zh ? "结束时间 \(end) 不晚于开始时间 \(start)" : "end \(end) is not after start \(start)"
        case let .unknownReference(column, id, target):
            return zh ? "\(column.text(language))“\(id)”在 \(target.fileName)（\(target.chineseTitle)）中没有被接受的行（未登记，或该行被拒绝）"
                : "\(column.name) '\(id)' is not among the accepted rows of \(target.fileName) (unknown or rejected)"
        case let .otherSchool(column, id, viaSession):
            return zh ? "\(column.text(language))“\(id)”属于另一所学校，与本行\(viaSession ? "场次" : "")所属的学校不同"
                : "\(column.name) '\(id)' belongs to another school than this row's \(viaSession ? "session" : "school")"
        case let .classNotOnRoster(classId):
            return zh ? "本校班级“\(classId)”不在学生名册（students.csv）中"
                : "class '\(classId)' of this school is not on the roster (students.csv)"
        case let .duplicateKey(key):
            let described = key.map { zh ? "\($0.column.text(language))为 \($0.value)" : "\($0.column.name) \($0.value)" }
                .joined(separator: zh ? "，" : ", ")
            return zh ? "\(described) 的行此前已被接受；保留第一行，本行不计入"
                : "a row with \(described) was already accepted; the first row is kept"
        }
    }
}

/// What is wrong with a non-blank value (``ValueParser/Failure``).
public enum ValueProblem: Sendable, Equatable {
    /// A control character the value may not hold, as `U+000A`.
    case controlCharacter(code: UInt32, inText: Bool)
    case notWholeNumber(String)
    case outsideRange(Int64, ClosedRange<Int64>)
    case notDecimal(String)
    case tooManyDecimals(String)
    case below(String, limit: String)
    case above(String, limit: String)
    case notDate(String)
    case notTime(String)
    case notMonth(String)
    case notYesNo(String)
    /// Not one of a closed set's values (given with their Chinese words).
    case notInDomain(String, EnumDomain)

    /// The sentence in `language`.
    public func text(_ language: TextLanguage) -> String {
        let zh = language == .zh
        switch self {
        case let .controlCharacter(code, inText):
            let hex = String(code, radix: 16, uppercase: true)
            let name = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            if code == 0x0A || code == 0x0D {
                if inText {
                    // In text only a lone CR can fail (LF and CR LF are allowed).
                    return zh ? "含有单独的回车符（\\r，\(name)），其后没有换行符；名称中的换行应为 LF 或 CR LF"
                        : "holds a carriage return (\\r, \(name)) that is not followed by a line feed; a line break inside a name is LF or CR LF"
                }
                return zh ? "含有换行符（\(name)）；换行只允许出现在名称等文本中，不能出现在代码、编号、日期、时间、数字或列表中"
                    : "holds a line break (\(name)); a line break is allowed only in a text value such as a name, never in an id, code, date, time, number or list"
            }
            return zh ? "含有不允许的控制字符（\(name)）" : "holds a control character (\(name)), not allowed in a value"
        case let .notWholeNumber(text):
            return zh ? "“\(text)”不是整数" : "'\(text)' is not a whole number"
        case let .outsideRange(n, range):
            return zh ? "\(n) 不在 \(range.lowerBound) 到 \(range.upperBound) 之间"
                : "\(n) is outside \(range.lowerBound)..\(range.upperBound)"
        case let .notDecimal(text):
            return zh ? "“\(text)”不是数字（小数点请用 .）" : "'\(text)' is not a decimal number (use . for decimals)"
        case let .tooManyDecimals(text):
            return zh ? "“\(text)”超过 2 位小数" : "'\(text)' has more than 2 decimals"
        case let .below(text, limit):
            return zh ? "\(text) 小于 \(limit)" : "\(text) is below \(limit)"
        case let .above(text, limit):
            return zh ? "\(text) 超过允许的最大值 \(limit)" : "\(text) is above the largest accepted value, \(limit)"
        case let .notDate(text):
            return zh ? "“\(text)”不是日期（应为 YYYY-MM-DD 或 YYYY/M/D）" : "'\(text)' is not a date (YYYY-MM-DD or YYYY/M/D)"
        case let .notTime(text):
            return zh ? "“\(text)”不是时间（应为 HH:MM，00:00 至 23:59）" : "'\(text)' is not a time (HH:MM, 00:00 to 23:59)"
        case let .notMonth(text):
            return zh ? "“\(text)”不是月份（应为 YYYY-MM）" : "'\(text)' is not a month (YYYY-MM)"
        case let .notYesNo(text):
            return zh ? "“\(text)”不是是/否值（可填 是/否、1/0、yes/no、true/false、y/n）"
                : "'\(text)' is not a yes/no value (1/0, yes/no, true/false, y/n, 是/否)"
        case let .notInDomain(text, domain):
            if zh {
                let words = domain.canonical.map { v in domain.chinese(for: v).map { "\($0)（\(v)）" } ?? v }
                return "“\(text)”不是可用的值之一：\(words.joined(separator: "、"))"
            }
            return "'\(text)' is not one of \(domain.canonical.joined(separator: ", "))"
        }
    }
}
