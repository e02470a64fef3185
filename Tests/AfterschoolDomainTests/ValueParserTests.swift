import AfterschoolCSV
import Testing
@testable import AfterschoolDomain

/// Parses `text` (trimmed first, as the validator does) as `kind`.
func parse(_ text: String, _ kind: ValueKind) -> Result<Value, ValueParser.Failure> {
    ValueParser.parse(ValueParser.trim(text), as: kind)
}

/// Expects `text` to parse as `kind` into `expected`.
func expectParses(
    _ text: String, as kind: ValueKind, to expected: Value,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    switch parse(text, kind) {
    case let .success(v):
        #expect(v == expected, "'\(text)' as \(kind.name)", sourceLocation: sourceLocation)
    case let .failure(f):
        Issue.record("'\(text)' as \(kind.name) failed: \(f.rule.rawValue): \(f.message)", sourceLocation: sourceLocation)
    }
}

/// Expects `text` to fail as `kind` with `rule`.
func expectFails(
    _ text: String, as kind: ValueKind, rule: RejectRule,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    switch parse(text, kind) {
    case let .success(v):
        Issue.record("'\(text)' as \(kind.name) parsed as \(v), expected \(rule.rawValue)", sourceLocation: sourceLocation)
    case let .failure(f):
        #expect(f.rule == rule, "'\(text)' as \(kind.name): \(f.message)", sourceLocation: sourceLocation)
        #expect(!f.message.isEmpty, sourceLocation: sourceLocation)
    }
}

@Suite("ValueParser: trimming and the value kinds")
struct ValueParserTests {
    // MARK: Trimming

    @Test("spaces, tabs, U+3000, U+00A0 and a BOM are trimmed at both ends", arguments: [
        "  a b  ", "\ta b\t", "\u{3000}a b\u{3000}", "\u{00A0}a b\u{00A0}", "\u{FEFF}a b",
        " \t\u{3000}\u{00A0}a b\u{00A0}\u{3000}\t ", "a b",
    ])
    func trim(text: String) {
        #expect(ValueParser.trim(text) == "a b")
    }

    @Test("white space alone trims to nothing")
    func trimToEmpty() {
        #expect(ValueParser.trim(" \t\u{3000}\u{00A0} ").isEmpty)
        #expect(ValueParser.trim("").isEmpty)
    }

    @Test("values are trimmed before they are parsed")
    func trimmedBeforeParsing() throws {
        let row = try conformed(.sessions, [" X1\t", "\u{3000}A1", "2025-10-20\u{00A0}", "\u{3000}9:05\u{3000}", " 14:35 "])
        #expect(row.values == [.text("X1"), .text("A1"), .text("2025-10-20"), .int(545), .int(875)])
        let students = try conformed(.students, ["\u{00A0}0001\u{00A0}", "S1", "\u{3000}3\u{3000}", "\t3-1 "])
        #expect(try value(students, .students, "grade") == .int(3))
        #expect(try value(students, .students, "student_id") == .text("0001"))
        let staffing = try conformed(.staffing, ["X1", "T1", " LEAD ", "\u{3000}1.500\t"])
        #expect(try value(staffing, .staffing, "role") == .text("lead"))
        #expect(try value(staffing, .staffing, "claimed_hours") == .int(150))
    }

    // MARK: Ids

    @Test("ids are opaque text: leading zeros kept", arguments: ["0001005", "007", "00", "3-1", "A 1", "学号1"])
    func ids(text: String) {
        expectParses(text, as: .id, to: .text(text))
    }

    @Test("a control character other than tab and a text's line break is bad_type in any kind", arguments: [
        "a\u{0}b", "\u{0}", "a\u{1}", "a\rb", "a\u{1B}b", "a\u{7F}", "a\u{85}b", "a\u{9F}b",
        "a\r\u{0}b", "a\nb\u{1B}", "a\r\r\nb", "ab\r",
    ])
    func controlCharacters(text: String) {
        expectFails(text, as: .id, rule: .badType)
        expectFails(text, as: .text, rule: .badType)
    }

    @Test("a tab is allowed inside any value")
    func tabInside() {
        expectParses("a\tb", as: .text, to: .text("a\tb"))
        expectParses("A\t1", as: .id, to: .text("A\t1"))
    }

    @Test("a line break (LF or CR LF) in a text value is kept byte for byte", arguments: [
        "棋类, 围棋\n兴趣小组", "棋类, 围棋\r\n兴趣小组", "a\n\nb", "a\r\nb\nc", "李\n娜",
    ])
    func lineBreakInText(text: String) throws {
        let parsed = try parse(text, .text).get()
        #expect(parsed == .text(text))
        // Byte for byte: CR LF stays CR LF (Swift's == on String would
        // equate canonically equivalent texts, so compare the bytes).
        guard case let .text(kept) = parsed else { return }
        #expect(Array(kept.utf8) == Array(text.utf8))
    }

    @Test("a line break in an id, enum, date, time, number, bool or list value is bad_type", arguments: ["\n", "\r\n"])
    func lineBreakElsewhere(lineBreak: String) {
        expectFails("S\(lineBreak)1", as: .id, rule: .badType)
        expectFails("sports\(lineBreak)", as: .enumeration(.category), rule: .badType)
        expectFails("2025-10-20\(lineBreak)x", as: .date, rule: .badType)
        expectFails("2025\(lineBreak)-10-20", as: .date, rule: .badType)
        expectFails("15:\(lineBreak)30", as: .time, rule: .badType)
        expectFails("1\(lineBreak)2", as: .int(0...99), rule: .badType)
        expectFails("1.5\(lineBreak)0", as: .decimal(0...10_000), rule: .badType)
        expectFails("y\(lineBreak)es", as: .bool, rule: .badType)
        expectFails("parent\(lineBreak)student", as: .list(.respondent), rule: .badType)
        expectFails("2025-\(lineBreak)09", as: .month, rule: .badType)
    }

    @Test("the message of a line break outside text says where line breaks are allowed")
    func lineBreakMessage() throws {
        guard case let .failure(f) = parse("S\n1", .id) else {
            Issue.record("an id with a line break parsed")
            return
        }
        #expect(f.message.contains("line break"))
        #expect(f.message.contains("text"))
        guard case let .failure(g) = parse("a\u{0}b", .text) else {
            Issue.record("a text with NUL parsed")
            return
        }
        #expect(g.message.contains("control character"))
        #expect(g.message.contains("U+0000"))
    }

    @Test("oneLine shows a line break as one mark and leaves other text alone")
    func oneLine() {
        #expect(ValueParser.oneLine("棋类\r\n兴趣") == "棋类⏎兴趣")
        #expect(ValueParser.oneLine("a\nb\nc") == "a⏎b⏎c")
        #expect(ValueParser.oneLine("a\u{1B}b") == "a\\u{1B}b")
        #expect(ValueParser.oneLine("a\tb 李娜") == "a\tb 李娜")
    }

    // MARK: Numbers

    @Test("whole numbers")
    func ints() {
        expectParses("3", as: .int(1...9), to: .int(3))
        expectParses("09", as: .int(1...9), to: .int(9))
        expectParses("+5", as: .int(1...9), to: .int(5))
        for bad in ["3.0", "3.", "1e1", "three", "-", "+", "3 4", "３", "0x3"] {
            expectFails(bad, as: .int(1...9), rule: .badType)
        }
        expectFails("10", as: .int(1...9), rule: .outOfRange)
        expectFails("0", as: .int(1...9), rule: .outOfRange)
        expectFails("-3", as: .int(1...9), rule: .outOfRange)
    }

    /// A wide non-negative range for the parsing tests, in hundredths.
    static let wide: ClosedRange<Int64> = 0...1_000_000_000_000

    @Test("decimals above the column's bound are out_of_range, with the bound in the message")
    func decimalUpperBound() throws {
        // claimed_hours: at most 24 hours for one session.
        let claimed = try #require(InputFile.staffing.columns.first { $0.name == "claimed_hours" })
        expectParses("24.00", as: claimed.kind, to: .int(2400))
        guard case let .failure(f) = ValueParser.parse("24.01", as: claimed.kind) else {
            Issue.record("24.01 hours parsed")
            return
        }
        #expect(f.rule == .outOfRange)
        #expect(f.message.contains("24.00"))
    }

    @Test("decimals are stored in hundredths", arguments: [
        ("1.5", Int64(150)), ("1.500", 150), ("1.50", 150), ("2", 200), ("0.25", 25), ("0", 0),
        ("0.0", 0), ("12.05", 1205), ("0.100", 10), ("3.000000", 300), ("1000000", 100_000_000),
    ])
    func decimals(text: String, hundredths: Int64) {
        expectParses(text, as: .decimal(ValueParserTests.wide), to: .int(hundredths))
    }

    @Test("decimals: more than 2 decimals, or not a number, is bad_type; negative is out_of_range")
    func badDecimals() {
        for bad in ["0.667", "0.001", "1.505", "1.5001"] {
            expectFails(bad, as: .decimal(ValueParserTests.wide), rule: .badType)
        }
        for bad in ["1,5", "abc", ".", "-", "1.2.3", "1e2", "1 000"] {
            expectFails(bad, as: .decimal(ValueParserTests.wide), rule: .badType)
        }
        expectFails("-0.5", as: .decimal(ValueParserTests.wide), rule: .outOfRange)
        expectFails("-1", as: .decimal(ValueParserTests.wide), rule: .outOfRange)
    }

    // MARK: Dates, times, months

    @Test("dates in both forms become YYYY-MM-DD", arguments: [
        ("2025-10-20", "2025-10-20"), ("2025/10/20", "2025-10-20"), ("2025/1/5", "2025-01-05"),
        ("2024/2/29", "2024-02-29"), ("2025/12/31", "2025-12-31"),
    ])
    func dates(text: String, stored: String) {
        expectParses(text, as: .date, to: .text(stored))
    }

    @Test("bad dates", arguments: [
        "2025-13-45", "2025-02-30", "2025-02-29", "2025-00-10", "2025-10-00", "2025-10-32",
        "25-10-20", "2025-10", "2025-10-20-01", "2025-10/20", "2025.10.20", "20251020", "2025年10月20日",
        "2025-010-20",
    ])
    func badDates(text: String) {
        expectFails(text, as: .date, rule: .badType)
    }

    @Test("times become minutes after midnight", arguments: [
        ("9:05", Int64(545)), ("09:05", 545), ("14:35", 875), ("0:00", 0), ("00:00", 0), ("23:59", 1439),
    ])
    func times(text: String, minutes: Int64) {
        expectParses(text, as: .time, to: .int(minutes))
    }

    @Test("bad times", arguments: ["25:00", "24:00", "12:60", "9:5", "9", "9.05", "9:05:00", "009:05", "-1:00", "9:05pm"])
    func badTimes(text: String) {
        expectFails(text, as: .time, rule: .badType)
    }

    @Test("months", arguments: [("2025-10", "2025-10"), ("2025-01", "2025-01"), ("2025-12", "2025-12")])
    func months(text: String, stored: String) {
        expectParses(text, as: .month, to: .text(stored))
    }

    @Test("bad months", arguments: ["2025-13", "2025-00", "2025", "25-10", "2025-10-01", "Oct 2025", "2025-100"])
    func badMonths(text: String) {
        expectFails(text, as: .month, rule: .badType)
    }

    // MARK: Booleans

    @Test("booleans in every form and any case", arguments: [
        ("1", true), ("0", false), ("yes", true), ("no", false), ("YES", true), ("No", false),
        ("true", true), ("false", false), ("TRUE", true), ("False", false),
        ("y", true), ("n", false), ("Y", true), ("N", false), ("是", true), ("否", false),
    ])
    func bools(text: String, expected: Bool) {
        expectParses(text, as: .bool, to: .bool(expected))
    }

    @Test("bad booleans", arguments: ["maybe", "2", "-1", "ok", "t", "f", "on", "off", "是的", "yes no"])
    func badBools(text: String) {
        expectFails(text, as: .bool, rule: .badType)
    }

    // MARK: Enums

    @Test("enum values match case-insensitively; Chinese values are accepted", arguments: [
        ("present", EnumDomain.status, "present"), ("PRESENT", .status, "present"), ("Present", .status, "present"),
        ("出勤", .status, "present"), ("缺勤", .status, "absent"), ("请假", .status, "excused"),
        ("早退", .status, "left_early"), ("Left_Early", .status, "left_early"),
        ("主讲", .role, "lead"), ("助教", .role, "assistant"), ("ASSISTANT", .role, "assistant"),
        ("学生", .respondent, "student"), ("家长", .respondent, "parent"), ("Parent", .respondent, "parent"),
        ("Nine_Year", .stage, "nine_year"), ("SPORTS_ARTS", .specialty, "sports_arts"),
        ("Self_Study", .category, "self_study"), ("School", .segment, "school"),
        ("External", .provider, "external"), ("Retired_Teacher", .staffKind, "retired_teacher"),
        ("Private", .ownership, "private"),
    ])
    func enums(text: String, domain: EnumDomain, canonical: String) {
        expectParses(text, as: .enumeration(domain), to: .text(canonical))
    }

    @Test("values outside the set are bad_enum", arguments: [
        ("presnt", EnumDomain.status), ("here", .status), ("出席", .status), ("teacher", .role),
        ("pupil", .respondent), ("high", .stage), ("sport", .category), ("Mon", .status),
    ])
    func badEnums(text: String, domain: EnumDomain) {
        expectFails(text, as: .enumeration(domain), rule: .badEnum)
    }

    @Test("the Chinese spellings listed in the contract are accepted")
    func contractChineseValues() {
        #expect(EnumDomain.status.canonical(for: "出勤") == "present")
        #expect(EnumDomain.status.canonical(for: "缺勤") == "absent")
        #expect(EnumDomain.status.canonical(for: "请假") == "excused")
        #expect(EnumDomain.status.canonical(for: "早退") == "left_early")
        #expect(EnumDomain.role.canonical(for: "主讲") == "lead")
        #expect(EnumDomain.role.canonical(for: "助教") == "assistant")
        #expect(EnumDomain.respondent.canonical(for: "学生") == "student")
        #expect(EnumDomain.respondent.canonical(for: "家长") == "parent")
    }

    @Test("enum domains hold exactly the contract's values")
    func domainValues() {
        #expect(EnumDomain.stage.canonical == ["primary", "middle", "nine_year"])
        #expect(EnumDomain.specialty.canonical == ["none", "sports", "arts", "sports_arts"])
        #expect(EnumDomain.ownership.canonical == ["public", "private"])
        #expect(EnumDomain.category.canonical == [
            "homework", "self_study", "reading", "sports", "arts", "science", "labor", "moral", "safety", "other",
        ])
        #expect(EnumDomain.segment.canonical == ["class", "grade", "school"])
        #expect(EnumDomain.provider.canonical == ["in_school", "external"])
        #expect(EnumDomain.status.canonical == ["present", "absent", "excused", "left_early"])
        #expect(EnumDomain.staffKind.canonical == [
            "teacher", "retired_teacher", "external_professional", "volunteer", "third_party",
        ])
        #expect(EnumDomain.role.canonical == ["lead", "assistant"])
        #expect(EnumDomain.respondent.canonical == ["student", "parent"])
        #expect(EnumDomain.weekday.canonical == ["Mon", "Tue", "Wed", "Thu", "Fri"])
    }

    @Test("accepted enum values are stored canonical in a conformed row")
    func enumInRow() throws {
        let row = try conformed(.attendance, ["X1", "0001", "PRESENT"])
        #expect(try value(row, .attendance, "status") == .text("present"))
        let chinese = try conformed(.attendance, ["X1", "0001", "早退"])
        #expect(try value(chinese, .attendance, "status") == .text("left_early"))
        let staffing = try conformed(.staffing, ["X1", "T1", "助教", "1.5"])
        #expect(try value(staffing, .staffing, "role") == .text("assistant"))
        #expect(try value(staffing, .staffing, "claimed_hours") == .int(150))
        let response = try conformed(.satisfaction, ["R1", "S1", "学生", "5"])
        #expect(try value(response, .satisfaction, "respondent") == .text("student"))
    }

    // MARK: Lists

    @Test("weekday lists in every spelling store as canonical values joined by |", arguments: [
        "Mon|Wed", "1;3", "周一、周三", "Wed|Mon", "mon|WED", "星期一、星期三", "1|周三", " Mon | Wed ",
        "Mon;Wed;", "Mon||Wed", "Mon|Wed|Mon",
    ])
    func weekdayLists(text: String) {
        expectParses(text, as: .list(.weekday), to: .text("Mon|Wed"))
    }

    @Test("all five weekdays")
    func allWeekdays() {
        expectParses("1;2;3;4;5", as: .list(.weekday), to: .text("Mon|Tue|Wed|Thu|Fri"))
        expectParses("周五、周四、周三、周二、周一", as: .list(.weekday), to: .text("Mon|Tue|Wed|Thu|Fri"))
    }

    @Test("a list with an unknown item is bad_enum", arguments: [
        ("Mon|Sat", EnumDomain.weekday), ("1;6", .weekday), ("0", .weekday), ("周一、周日", .weekday),
        ("Monday", .weekday), ("sports|cooking", .category), ("体育、烹饪", .category),
    ])
    func badLists(text: String, domain: EnumDomain) {
        expectFails(text, as: .list(domain), rule: .badEnum)
    }

    @Test("category lists accept English and Chinese")
    func categoryLists() {
        expectParses("arts|sports", as: .list(.category), to: .text("sports|arts"))
        expectParses("体育、艺术、科技", as: .list(.category), to: .text("sports|arts|science"))
    }

    @Test("survey days in a row: Mon|Wed, 1;3 and 周一、周三 all store Mon|Wed", arguments: [
        "Mon|Wed", "1;3", "周一、周三",
    ])
    func surveyDays(text: String) throws {
        let row = try conformed(.survey, header: ["学号", "是否参加", "参加日"], ["0001", "是", text])
        #expect(try value(row, .survey, "days") == .text("Mon|Wed"))
        #expect(try value(row, .survey, "wants_service") == .bool(true))
    }
}
