import AfterschoolCSV
import Testing
@testable import AfterschoolDomain

/// One record expected to be rejected on one column.
struct RejectCase: Sendable, CustomTestStringConvertible {
    var label: String
    var file: InputFile
    var header: [String]?
    var fields: [String]
    var column: String
    var value: String
    var mentions: [String]

    init(_ label: String, _ file: InputFile, header: [String]? = nil, _ fields: [String],
         column: String, value: String, mentions: [String] = []) {
        self.label = label
        self.file = file
        self.header = header
        self.fields = fields
        self.column = column
        self.value = value
        self.mentions = mentions
    }

    var testDescription: String { label }
}

@Suite("Reject rules: the whole reject row of each rule")
struct RejectRuleTests {
    // MARK: field_count

    @Test("field_count: more fields than the header")
    func fieldCountMore() throws {
        let (outcome, _) = try check(.students, line: 7, ["0001", "S1", "3", "3-1", "extra"])
        expectReject(outcome, file: "students.csv", line: 7, column: "", value: "0001,S1,3,3-1,extra", rule: .fieldCount,
                     mentions: ["5 fields", "4"])
    }

    @Test("field_count: fewer fields than the header")
    func fieldCountFewer() throws {
        let (outcome, _) = try check(.schools, line: 3, ["S1", "First School"])
        expectReject(outcome, file: "schools.csv", line: 3, column: "", value: "S1,First School", rule: .fieldCount,
                     mentions: ["2 fields", "3"])
    }

    // MARK: missing_value

    @Test("missing_value: a required column blank, or holding only white space", arguments: [
        "", "   ", "\t", "\u{3000}", "\u{00A0}", " \u{3000} ",
    ])
    func missingValue(blank: String) throws {
        let (outcome, _) = try check(.students, line: 12, ["0001", "S1", blank, "3-1"])
        expectReject(outcome, file: "students.csv", line: 12, column: "grade", value: "", rule: .missingValue,
                     mentions: ["grade", "blank"])
    }

    @Test("missing_value: a required column of a file with optional columns present")
    func missingValueWithOptionals() throws {
        let (outcome, _) = try check(.staff, header: InputFile.staff.allNames, line: 4, ["T1", "S1", "Ms Li", "", "1"])
        expectReject(outcome, file: "staff.csv", line: 4, column: "kind", value: "", rule: .missingValue,
                     mentions: ["kind", "blank"])
    }

    // MARK: bad_type

    static let badTypeCases: [RejectCase] = [
        RejectCase("id holding NUL", .schools, ["S\u{0}1", "First", "primary"],
                   column: "school_id", value: "S\u{0}1", mentions: ["control character"]),
        RejectCase("id holding a bell", .students, ["00\u{7}1", "S1", "3", "3-1"],
                   column: "student_id", value: "00\u{7}1", mentions: ["control character"]),
        RejectCase("text holding a lone carriage return", .schools, ["S1", "First\rSchool", "primary"],
                   column: "name", value: "First\rSchool", mentions: ["carriage return"]),
        RejectCase("text holding ESC", .activities, ["A1", "S1", "Chess\u{1B}", "arts", "grade"],
                   column: "name", value: "Chess\u{1B}", mentions: ["control character", "U+001B"]),
        RejectCase("id holding a line break", .sessions, ["X\n1", "A1", "2025-10-20", "15:30", "16:30"],
                   column: "session_id", value: "X\n1", mentions: ["line break"]),
        RejectCase("enum holding a line break", .activities, ["A1", "S1", "Chess", "arts\r\n", "grade"],
                   column: "category", value: "arts\r\n", mentions: ["line break"]),
        RejectCase("date holding a line break", .sessions, ["X1", "A1", "2025-10\n-20", "15:30", "16:30"],
                   column: "date", value: "2025-10\n-20", mentions: ["line break"]),
        RejectCase("text holding DEL", .schools, ["S1", "First\u{7F}", "primary"],
                   column: "name", value: "First\u{7F}", mentions: ["control character"]),
        RejectCase("int 3.0", .students, ["0001", "S1", "3.0", "3-1"],
                   column: "grade", value: "3.0", mentions: ["3.0", "whole number"]),
        RejectCase("int three", .students, ["0001", "S1", "three", "3-1"],
                   column: "grade", value: "three", mentions: ["three", "whole number"]),
        RejectCase("decimal 0.667", .staffing, ["X1", "T1", "lead", "0.667"],
                   column: "claimed_hours", value: "0.667", mentions: ["0.667", "2 decimals"]),
        RejectCase("decimal with a comma", .staffing, ["X1", "T1", "lead", "1,5"],
                   column: "claimed_hours", value: "1,5", mentions: ["1,5", "decimal"]),
        RejectCase("decimal 1.2.3", .budget, ["S1", "1.2.3"],
                   column: "amount", value: "1.2.3", mentions: ["decimal"]),
        RejectCase("amount 10.001", .budget, ["S1", "10.001"],
                   column: "amount", value: "10.001", mentions: ["2 decimals"]),
        RejectCase("date 2025-13-45", .calendar, ["2025-13-45", "1"],
                   column: "date", value: "2025-13-45", mentions: ["2025-13-45", "date"]),
        RejectCase("date 2025-02-30", .calendar, ["2025-02-30", "1"],
                   column: "date", value: "2025-02-30", mentions: ["2025-02-30", "date"]),
        RejectCase("date 2025-02-29 (not a leap year)", .calendar, ["2025/2/29", "1"],
                   column: "date", value: "2025/2/29", mentions: ["date"]),
        RejectCase("date 20251020", .calendar, ["20251020", "1"],
                   column: "date", value: "20251020", mentions: ["date"]),
        RejectCase("session date 2025-13-45", .sessions, ["X1", "A1", "2025-13-45", "15:30", "16:30"],
                   column: "date", value: "2025-13-45", mentions: ["date"]),
        RejectCase("time 25:00", .sessions, ["X1", "A1", "2025-10-20", "25:00", "26:00"],
                   column: "start", value: "25:00", mentions: ["25:00", "time"]),
        RejectCase("time 12:60", .sessions, ["X1", "A1", "2025-10-20", "12:00", "12:60"],
                   column: "end", value: "12:60", mentions: ["time"]),
        RejectCase("check-out time 5pm", .attendance, header: InputFile.attendance.allNames,
                   ["X1", "0001", "left_early", "5pm"],
                   column: "check_out", value: "5pm", mentions: ["time"]),
        RejectCase("month 2025-13", .disclosures, ["S1", "T1", "2025-13", "10"],
                   column: "month", value: "2025-13", mentions: ["2025-13", "month"]),
        RejectCase("month 2025-00", .disclosures, ["S1", "T1", "2025-00", "10"],
                   column: "month", value: "2025-00", mentions: ["month"]),
        RejectCase("month 2025-10-01", .disclosures, ["S1", "T1", "2025-10-01", "10"],
                   column: "month", value: "2025-10-01", mentions: ["month"]),
        RejectCase("bool maybe", .calendar, ["2025-10-20", "maybe"],
                   column: "school_day", value: "maybe", mentions: ["maybe", "yes/no"]),
        RejectCase("optional bool 2", .students, header: InputFile.students.allNames,
                   ["0001", "S1", "3", "3-1", "0", "2", "0", "0"],
                   column: "left_behind", value: "2", mentions: ["yes/no"]),
    ]

    @Test("bad_type", arguments: badTypeCases)
    func badType(_ c: RejectCase) throws {
        let (outcome, _) = try check(c.file, header: c.header, line: 9, c.fields)
        expectReject(outcome, file: c.file.fileName, line: 9, column: c.column, value: c.value, rule: .badType,
                     mentions: c.mentions)
    }

    @Test("bad_type: the rejected value is the trimmed text")
    func badTypeValueTrimmed() throws {
        let (outcome, _) = try check(.students, line: 2, ["0001", "S1", "\u{3000} 3.0\t", "3-1"])
        expectReject(outcome, file: "students.csv", line: 2, column: "grade", value: "3.0", rule: .badType)
    }

    // MARK: bad_enum

    static let badEnumCases: [RejectCase] = [
        RejectCase("status presnt", .attendance, ["X1", "0001", "presnt"],
                   column: "status", value: "presnt", mentions: ["presnt", "present"]),
        RejectCase("stage college", .schools, ["S1", "First", "college"],
                   column: "stage", value: "college", mentions: ["college", "primary"]),
        RejectCase("role teacher", .staffing, ["X1", "T1", "teacher", "1"],
                   column: "role", value: "teacher", mentions: ["teacher", "lead"]),
        RejectCase("respondent 老师", .satisfaction, ["R1", "S1", "老师", "4"],
                   column: "respondent", value: "老师", mentions: ["老师"]),
        RejectCase("optional enum specialty music", .schools, header: InputFile.schools.allNames,
                   ["S1", "First", "primary", "music", "public"],
                   column: "specialty", value: "music", mentions: ["music"]),
        RejectCase("days list with Sat", .survey, header: ["student_id", "wants_service", "days"],
                   ["0001", "1", "Mon|Sat"],
                   column: "days", value: "Mon|Sat", mentions: ["Sat", "Mon"]),
        RejectCase("days list with 6", .survey, header: ["student_id", "wants_service", "days"],
                   ["0001", "1", "1;6"],
                   column: "days", value: "1;6", mentions: ["6"]),
        RejectCase("days list with 周六", .survey, header: ["student_id", "wants_service", "days"],
                   ["0001", "1", "周一、周六"],
                   column: "days", value: "周一、周六", mentions: ["周六"]),
        RejectCase("interests list with cooking", .survey, header: ["student_id", "wants_service", "interests"],
                   ["0001", "1", "sports|cooking"],
                   column: "interests", value: "sports|cooking", mentions: ["cooking", "homework"]),
    ]

    @Test("bad_enum", arguments: badEnumCases)
    func badEnum(_ c: RejectCase) throws {
        let (outcome, _) = try check(c.file, header: c.header, line: 5, c.fields)
        expectReject(outcome, file: c.file.fileName, line: 5, column: c.column, value: c.value, rule: .badEnum,
                     mentions: c.mentions)
    }

    // MARK: out_of_range

    static let outOfRangeCases: [RejectCase] = [
        RejectCase("grade 10", .students, ["0001", "S1", "10", "3-1"],
                   column: "grade", value: "10", mentions: ["10", "1..9"]),
        RejectCase("grade 0", .students, ["0001", "S1", "0", "3-1"],
                   column: "grade", value: "0", mentions: ["0", "1..9"]),
        RejectCase("grade -1", .students, ["0001", "S1", "-1", "3-1"],
                   column: "grade", value: "-1", mentions: ["1..9"]),
        RejectCase("overall 6", .satisfaction, ["R1", "S1", "parent", "6"],
                   column: "overall", value: "6", mentions: ["6", "1..5"]),
        RejectCase("overall 0", .satisfaction, ["R1", "S1", "parent", "0"],
                   column: "overall", value: "0", mentions: ["1..5"]),
        RejectCase("optional score safety 7", .satisfaction, header: InputFile.satisfaction.allNames,
                   ["R1", "S1", "parent", "", "", "4", "5", "5", "7", "5"],
                   column: "safety", value: "7", mentions: ["7", "1..5"]),
        RejectCase("weekday 6", .peTimetable, ["S1", "3-1", "6"],
                   column: "weekday", value: "6", mentions: ["6", "1..5"]),
        RejectCase("weekday 0", .peTimetable, ["S1", "3-1", "0"],
                   column: "weekday", value: "0", mentions: ["1..5"]),
        RejectCase("claimed_hours -0.5", .staffing, ["X1", "T1", "lead", "-0.5"],
                   column: "claimed_hours", value: "-0.5", mentions: ["-0.5", "below 0"]),
        RejectCase("amount -1", .budget, ["S1", "-1"],
                   column: "amount", value: "-1", mentions: ["below 0"]),
        RejectCase("disclosed hours -2.25", .disclosures, ["S1", "T1", "2025-10", "-2.25"],
                   column: "hours", value: "-2.25", mentions: ["below 0"]),
    ]

    @Test("out_of_range", arguments: outOfRangeCases)
    func outOfRange(_ c: RejectCase) throws {
        let (outcome, _) = try check(c.file, header: c.header, line: 6, c.fields)
        expectReject(outcome, file: c.file.fileName, line: 6, column: c.column, value: c.value, rule: .outOfRange,
                     mentions: c.mentions)
    }

    @Test("out_of_range: a session ending before it starts is rejected on column end")
    func sessionEndBeforeStart() throws {
        let (outcome, _) = try check(.sessions, line: 8, ["X1", "A1", "2025-10-20", "16:30", "15:30"])
        expectReject(outcome, file: "sessions.csv", line: 8, column: "end", value: "15:30", rule: .outOfRange,
                     mentions: ["15:30", "16:30", "not after"])
    }

    @Test("out_of_range: a session ending when it starts is rejected too")
    func sessionEndEqualsStart() throws {
        let (outcome, _) = try check(.sessions, line: 8, ["X1", "A1", "2025-10-20", "9:05", "09:05"])
        expectReject(outcome, file: "sessions.csv", line: 8, column: "end", value: "09:05", rule: .outOfRange,
                     mentions: ["09:05", "9:05"])
    }

    @Test("a session ending one minute after it starts is fine")
    func sessionOneMinute() throws {
        let row = try conformed(.sessions, ["X1", "A1", "2025-10-20", "9:05", "9:06"])
        #expect(try value(row, .sessions, "start") == .int(545))
        #expect(try value(row, .sessions, "end") == .int(546))
    }

    @Test("boundaries are in range: grade 1 and 9, scores 1 and 5, weekday 1 and 5, hours 0")
    func boundariesInRange() throws {
        _ = try conformed(.students, ["0001", "S1", "1", "3-1"])
        _ = try conformed(.students, ["0001", "S1", "9", "3-1"])
        _ = try conformed(.satisfaction, ["R1", "S1", "parent", "1"])
        _ = try conformed(.satisfaction, ["R1", "S1", "parent", "5"])
        _ = try conformed(.peTimetable, ["S1", "3-1", "1"])
        _ = try conformed(.peTimetable, ["S1", "3-1", "5"])
        let row = try conformed(.staffing, ["X1", "T1", "lead", "0"])
        #expect(try value(row, .staffing, "claimed_hours") == .int(0))
    }
}
