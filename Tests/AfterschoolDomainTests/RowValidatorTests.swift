import AfterschoolCSV
import Testing
@testable import AfterschoolDomain

@Suite("RowValidator: check order, blank records, conformed rows")
struct RowValidatorTests {
    // MARK: Check order

    @Test("the field count is checked before any field")
    func fieldCountFirst() throws {
        // Every field is bad too, but the count is reported.
        let (outcome, _) = try check(.students, line: 3, ["S\u{0}1", "", "99"])
        expectReject(outcome, file: "students.csv", line: 3, column: "", value: "S\u{0}1,,99", rule: .fieldCount)
    }

    @Test("of two failing columns, the first in contract order is reported")
    func firstFailingColumn() throws {
        // grade (bad type) comes before class_id (blank).
        let (outcome, _) = try check(.students, line: 2, ["0001", "S1", "x", ""])
        expectReject(outcome, file: "students.csv", line: 2, column: "grade", value: "x", rule: .badType)
        // school_id (blank) comes before grade (out of range).
        let (second, _) = try check(.students, line: 3, ["0001", "", "10", "3-1"])
        expectReject(second, file: "students.csv", line: 3, column: "school_id", value: "", rule: .missingValue)
    }

    @Test("contract order, not header order, decides which column is reported")
    func contractOrderNotHeaderOrder() throws {
        let header = ["class_id", "grade", "school_id", "student_id"]
        // class_id (first in the header) is blank, grade is bad: grade
        // comes first in the contract.
        let (outcome, _) = try check(.students, header: header, line: 4, ["", "3.5", "S1", "0001"])
        expectReject(outcome, file: "students.csv", line: 4, column: "grade", value: "3.5", rule: .badType)
        // student_id (last in the header) is reported before everything.
        let (first, _) = try check(.students, header: header, line: 5, ["", "3.5", "S1", "a\u{0}"])
        expectReject(first, file: "students.csv", line: 5, column: "student_id", value: "a\u{0}", rule: .badType)
    }

    @Test("an optional column is checked in its contract place")
    func optionalColumnInOrder() throws {
        // staff: staff_id, school_id, name (O), kind, qualified (O).
        let header = ["qualified", "kind", "staff_id", "school_id"]
        let (outcome, _) = try check(.staff, header: header, line: 2, ["perhaps", "wizard", "T1", "S1"])
        expectReject(outcome, file: "staff.csv", line: 2, column: "kind", value: "wizard", rule: .badEnum)
        let (second, _) = try check(.staff, header: header, line: 3, ["perhaps", "teacher", "T1", "S1"])
        expectReject(second, file: "staff.csv", line: 3, column: "qualified", value: "perhaps", rule: .badType)
    }

    @Test("end-after-start is checked after every field")
    func endAfterStartAfterFields() throws {
        // end before start, and the date (an earlier column) is bad.
        let (outcome, _) = try check(.sessions, line: 2, ["X1", "A1", "2025-02-30", "16:00", "15:00"])
        expectReject(outcome, file: "sessions.csv", line: 2, column: "date", value: "2025-02-30", rule: .badType)
        // a blank end is missing, not out of range.
        let (blank, _) = try check(.sessions, line: 3, ["X1", "A1", "2025-10-20", "16:00", " "])
        expectReject(blank, file: "sessions.csv", line: 3, column: "end", value: "", rule: .missingValue)
        // a bad start is a bad type, not an end problem.
        let (start, _) = try check(.sessions, line: 4, ["X1", "A1", "2025-10-20", "4pm", "15:00"])
        expectReject(start, file: "sessions.csv", line: 4, column: "start", value: "4pm", rule: .badType)
    }

    @Test("end-after-start works with the columns in any header order")
    func endAfterStartReordered() throws {
        let header = ["结束时间", "开始时间", "日期", "活动代码", "场次代码"]
        let (outcome, _) = try check(.sessions, header: header, line: 2, ["8:00", "9:00", "2025/10/20", "A1", "X1"])
        expectReject(outcome, file: "sessions.csv", line: 2, column: "end", value: "8:00", rule: .outOfRange)
        let row = try conformed(.sessions, header: header, ["10:00", "9:00", "2025/10/20", "A1", "X1"])
        #expect(try value(row, .sessions, "start") == .int(540))
        #expect(try value(row, .sessions, "end") == .int(600))
        #expect(try value(row, .sessions, "date") == .text("2025-10-20"))
    }

    // MARK: Blank records

    @Test("an all-blank record is skipped, whatever its field count", arguments: [
        ["", "", "", ""],
        ["", "", ""],
        ["", "", "", "", "", ""],
        [""],
        [" ", "\t", "", "  "],
        ["\u{3000}", "\u{00A0}", " \u{3000} ", ""],
        ["\u{3000}\u{3000}", "", "", "", "", "", "", "", "", ""],
    ])
    func blankRecord(fields: [String]) throws {
        let (outcome, _) = try check(.students, line: 40, fields)
        #expect(outcome == .blank)
    }

    @Test("a record with one non-blank field is not blank")
    func nearlyBlank() throws {
        let (outcome, _) = try check(.students, line: 40, ["", "", "x", ""])
        #expect(outcome != .blank)
        let (nul, _) = try check(.students, line: 41, ["", "\u{0}", "", ""])
        #expect(nul != .blank)
        let (wide, _) = try check(.students, line: 42, ["", "", "", "\u{3000}x"])
        #expect(wide != .blank)
    }

    // MARK: Conformed rows

    @Test("a conformed row carries its line, the values and the trimmed raw text")
    func conformedRow() throws {
        let (outcome, row) = try check(.students, line: 17, [" 0001005 ", "S1\u{3000}", "\u{00A0}3", "\t3-1"])
        #expect(outcome == .conformed)
        #expect(row.line == 17)
        #expect(row.values == [.text("0001005"), .text("S1"), .int(3), .text("3-1")]
            + [Value](repeating: .bool(false), count: 4))
        #expect(row.raw == ["0001005", "S1", "3", "3-1", "", "", "", ""])
    }

    @Test("the row is reused between records")
    func rowReused() throws {
        let v = try validator(.calendar)
        var row = ConformedRow()
        #expect(v.validate(record(2, ["2025-10-20", "1"]), into: &row) == .conformed)
        #expect(v.validate(record(3, ["2025/10/21", "否"]), into: &row) == .conformed)
        #expect(row.line == 3)
        #expect(row.values == [.text("2025-10-21"), .bool(false)])
        #expect(v.validate(record(4, [" ", " "]), into: &row) == .blank)
        #expect(row.line == 4)
        #expect(row.values.isEmpty)
    }

    @Test("unknown columns are ignored, but count towards the field count")
    func unknownColumnsIgnored() throws {
        let header = ["student_id", "nickname", "school_id", "grade", "class_id"]
        let row = try conformed(.students, header: header, ["0001", "\u{0}anything", "S1", "3", "3-1"])
        #expect(try value(row, .students, "grade") == .int(3))
        let (outcome, _) = try check(.students, header: header, line: 3, ["0001", "S1", "3", "3-1"])
        expectReject(outcome, file: "students.csv", line: 3, column: "", value: "0001,S1,3,3-1", rule: .fieldCount,
                     mentions: ["5"])
    }

    @Test("a tab inside a value is allowed")
    func tabInside() throws {
        let row = try conformed(.schools, ["S1", "First\tSchool", "primary"])
        #expect(try value(row, .schools, "name") == .text("First\tSchool"))
    }

    // MARK: A repeated header

    @Test("a header repeated further down (files joined together) is rejected and named as such, in every file, English or Chinese",
          arguments: InputFile.allCases)
    func repeatedHeader(file: InputFile) throws {
        for names in [file.allNames, file.columns.map(\.alias)] {
            let v = try validator(file, header: names)
            var row = ConformedRow()
            // Another case and padding: still the header.
            let repeated = names.map { " " + $0.uppercased() }
            guard case let .rejected(reject) = v.validate(record(40, repeated), into: &row) else {
                Issue.record("\(file.fileName): the repeated header \(names) was not rejected")
                continue
            }
            #expect(reject.line == 40)
            #expect(reject.message == RejectMessage.repeatedHeader.text(.en), "\(file.fileName): \(reject.message)")
            #expect(reject.chineseMessage.contains("表头"))
        }
    }

    @Test("an English header repeated in a file headed in Chinese (two exports joined) is named too")
    func repeatedHeaderOtherLanguage() throws {
        let file = InputFile.students
        let v = try validator(file, header: file.columns.map(\.alias))
        var row = ConformedRow()
        guard case let .rejected(reject) = v.validate(record(9, file.allNames), into: &row) else {
            Issue.record("the English header was not rejected"); return
        }
        #expect(reject.message == RejectMessage.repeatedHeader.text(.en))
    }

    @Test("a row that is not the header keeps its own message")
    func notTheHeader() throws {
        let (outcome, _) = try check(.students, line: 5, ["student_id", "school_id", "grade", "class"])
        guard case let .rejected(reject) = outcome else { Issue.record("expected a reject"); return }
        #expect(reject.column == "grade" && reject.rule == .badType)
        #expect(reject.message != RejectMessage.repeatedHeader.text(.en))
    }
}
