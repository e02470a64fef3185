import AfterschoolCSV
import Testing
@testable import AfterschoolDomain

@Suite("Optional columns: defaults when missing from the header or blank")
struct DefaultValueTests {
    @Test("schools: specialty none, ownership public")
    func schools() throws {
        let missing = try conformed(.schools, ["S1", "First", "primary"])
        #expect(try value(missing, .schools, "specialty") == .text("none"))
        #expect(try value(missing, .schools, "ownership") == .text("public"))
        let blank = try conformed(.schools, header: InputFile.schools.allNames, ["S1", "First", "primary", " ", "\u{3000}"])
        #expect(try value(blank, .schools, "specialty") == .text("none"))
        #expect(try value(blank, .schools, "ownership") == .text("public"))
        let given = try conformed(.schools, header: InputFile.schools.allNames, ["S1", "First", "primary", "体艺", "民办"])
        #expect(try value(given, .schools, "specialty") == .text("sports_arts"))
        #expect(try value(given, .schools, "ownership") == .text("private"))
    }

    @Test("students: the four priority flags default to 0")
    func students() throws {
        let flags = ["disability", "left_behind", "migrant", "low_income"]
        let missing = try conformed(.students, ["0001", "S1", "3", "3-1"])
        let blank = try conformed(.students, header: InputFile.students.allNames, ["0001", "S1", "3", "3-1", "", " ", "\t", "\u{3000}"])
        for flag in flags {
            #expect(try value(missing, .students, flag) == .bool(false))
            #expect(try value(blank, .students, flag) == .bool(false))
        }
        let given = try conformed(.students, header: InputFile.students.allNames, ["0001", "S1", "3", "3-1", "是", "Y", "TRUE", "1"])
        for flag in flags {
            #expect(try value(given, .students, flag) == .bool(true))
        }
        // Only some of the flags in the header.
        let some = try conformed(.students, header: ["student_id", "school_id", "grade", "class_id", "留守"], ["0001", "S1", "3", "3-1", "yes"])
        #expect(try value(some, .students, "left_behind") == .bool(true))
        #expect(try value(some, .students, "disability") == .bool(false))
    }

    @Test("survey: days default to all five, wants_extended to 0, interests to none")
    func survey() throws {
        let missing = try conformed(.survey, ["0001", "yes"])
        #expect(try value(missing, .survey, "days") == .text("Mon|Tue|Wed|Thu|Fri"))
        #expect(try value(missing, .survey, "wants_extended") == .bool(false))
        #expect(try value(missing, .survey, "interests") == .null)
        let blank = try conformed(.survey, header: InputFile.survey.allNames, ["0001", "no", "\u{3000}", "", " "])
        #expect(try value(blank, .survey, "days") == .text("Mon|Tue|Wed|Thu|Fri"))
        #expect(try value(blank, .survey, "wants_extended") == .bool(false))
        #expect(try value(blank, .survey, "interests") == .null)
        let given = try conformed(.survey, header: InputFile.survey.allNames, ["0001", "1", "2;4", "是", "阅读|sports"])
        #expect(try value(given, .survey, "days") == .text("Tue|Thu"))
        #expect(try value(given, .survey, "wants_extended") == .bool(true))
        #expect(try value(given, .survey, "interests") == .text("reading|sports"))
    }

    @Test("activities: provider defaults to in_school")
    func activities() throws {
        let missing = try conformed(.activities, ["A1", "S1", "Chess", "other", "grade"])
        #expect(try value(missing, .activities, "provider") == .text("in_school"))
        let blank = try conformed(.activities, header: InputFile.activities.allNames, ["A1", "S1", "Chess", "other", "grade", ""])
        #expect(try value(blank, .activities, "provider") == .text("in_school"))
        let given = try conformed(.activities, header: InputFile.activities.allNames, ["A1", "S1", "Chess", "other", "grade", "校外"])
        #expect(try value(given, .activities, "provider") == .text("external"))
    }

    @Test("staff: qualified defaults to 1, name to nothing")
    func staff() throws {
        let missing = try conformed(.staff, ["T1", "S1", "teacher"])
        #expect(try value(missing, .staff, "qualified") == .bool(true))
        #expect(try value(missing, .staff, "name") == .null)
        let blank = try conformed(.staff, header: InputFile.staff.allNames, ["T1", "S1", " ", "volunteer", " "])
        #expect(try value(blank, .staff, "qualified") == .bool(true))
        #expect(try value(blank, .staff, "name") == .null)
        let given = try conformed(.staff, header: InputFile.staff.allNames, ["T1", "S1", "Ms Li", "volunteer", "否"])
        #expect(try value(given, .staff, "qualified") == .bool(false))
        #expect(try value(given, .staff, "name") == .text("Ms Li"))
    }

    @Test("optional columns without a default stay empty")
    func noDefault() throws {
        let attendance = try conformed(.attendance, ["X1", "0001", "present"])
        #expect(try value(attendance, .attendance, "check_out") == .null)
        let response = try conformed(.satisfaction, ["R1", "S1", "parent", "4"])
        for column in ["student_id", "activity_id", "content", "staff", "safety", "schedule"] {
            #expect(try value(response, .satisfaction, column) == .null)
        }
    }

    @Test("every documented default parses as a value of its column")
    func defaultsParse() {
        for file in InputFile.allCases {
            for column in file.columns {
                if column.isRequired {
                    #expect(column.defaultText == nil, "\(file.fileName) \(column.name): a required column has a default")
                }
                guard let text = column.defaultText else { continue }
                guard case .success = ValueParser.parse(Substring(text), as: column.kind) else {
                    Issue.record("\(file.fileName) \(column.name): default '\(text)' does not parse")
                    continue
                }
            }
        }
    }
}

@Suite("Lists holding only separators")
struct SeparatorOnlyListTests {
    @Test("a days list of only separators is an empty list (no day chosen), not a blank (all five days)")
    func separatorsOnlyIsEmpty() throws {
        let header = try HeaderMap(
            header: CSVRecord(line: 1, fields: ["student_id", "wants_service", "days"]), file: .survey)
        let validator = RowValidator(file: .survey, header: header)
        var row = ConformedRow()
        let outcome = validator.validate(CSVRecord(line: 2, fields: ["0001", "1", " | ; "]), into: &row)
        #expect(outcome == .conformed)
        #expect(row.values[2] == .text(""))
        // A blank takes the default.
        #expect(validator.validate(CSVRecord(line: 3, fields: ["0002", "1", " "]), into: &row) == .conformed)
        #expect(row.values[2] == .text("Mon|Tue|Wed|Thu|Fri"))
    }
}
