import AfterschoolCSV
import Testing
@testable import AfterschoolDomain

/// Expects building the header map of `file` from `names` to throw `expected`.
func expectHeaderError(
    _ file: InputFile, _ names: [String], line: Int = 1, _ expected: ContractError,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(throws: expected, sourceLocation: sourceLocation) {
        try HeaderMap(header: record(line, names), file: file)
    }
}

@Suite("HeaderMap: matching header names to contract columns")
struct HeaderMapTests {
    @Test("English names in contract order")
    func englishNames() throws {
        let map = try headerMap(.students, InputFile.students.allNames)
        #expect(map.fieldIndex == Array(0..<8))
        #expect(map.fieldCount == 8)
        #expect(map.unknownColumns.isEmpty)
    }

    @Test("Chinese aliases")
    func chineseAliases() throws {
        let map = try headerMap(.students, ["学号", "学校代码", "年级", "班级", "残疾", "留守", "随迁", "建档立卡"])
        #expect(map.fieldIndex == Array(0..<8))
        let row = try conformed(.students, header: ["学号", "学校代码", "年级", "班级"], ["0001", "S1", "3", "3-1"])
        #expect(row.values.prefix(4) == [.text("0001"), .text("S1"), .int(3), .text("3-1")])
    }

    @Test("every file: all English names, and all Chinese aliases, map each column once")
    func everyFile() throws {
        for file in InputFile.allCases {
            let english = try headerMap(file, file.allNames)
            #expect(english.fieldIndex == Array(0..<file.columns.count), "\(file.fileName)")
            let chinese = try headerMap(file, file.columns.map(\.alias))
            #expect(chinese.fieldIndex == Array(0..<file.columns.count), "\(file.fileName)")
            let required = try headerMap(file, file.requiredNames)
            #expect(required.fieldIndex.compactMap { $0 } == Array(0..<file.requiredNames.count), "\(file.fileName)")
        }
    }

    @Test("names and aliases are distinct within every file")
    func distinctNames() {
        for file in InputFile.allCases {
            let names = file.columns.flatMap { [$0.name.lowercased(), $0.alias.lowercased()] }
            #expect(Set(names).count == names.count, "\(file.fileName) has a name twice: \(names)")
        }
    }

    @Test("names match case-insensitively after trimming", arguments: [
        ["Student_ID", "SCHOOL_ID", "Grade", "class_ID"],
        [" student_id ", "\tschool_id", "grade\u{3000}", "\u{00A0}class_id\u{00A0}"],
        ["\u{FEFF}student_id", "School_Id ", " 年级 ", "\u{3000}班级"],
    ])
    func caseAndSpaces(names: [String]) throws {
        let map = try headerMap(.students, names)
        #expect(map.fieldIndex == [0, 1, 2, 3, nil, nil, nil, nil])
        #expect(map.unknownColumns.isEmpty)
    }

    @Test("column order is free; English and Chinese can be mixed")
    func orderFree() throws {
        let names = ["low_income", "班级", "grade", "留守", "school_id", "学号"]
        let map = try headerMap(.students, names)
        // student_id, school_id, grade, class_id, disability, left_behind, migrant, low_income
        #expect(map.fieldIndex == [5, 4, 2, 1, nil, 3, nil, 0])
        let row = try conformed(.students, header: names, ["1", "3-1", "4", "0", "S1", "0001"])
        #expect(row.values == [.text("0001"), .text("S1"), .int(4), .text("3-1"),
                               .bool(false), .bool(false), .bool(false), .bool(true)])
    }

    @Test("unknown columns are listed (trimmed) and ignored")
    func unknownColumns() throws {
        let map = try headerMap(.schools, ["school_id", " Principal ", "name", "stage", "电话", ""])
        #expect(map.unknownColumns == ["Principal", "电话"])
        #expect(map.fieldCount == 6)
        #expect(map.fieldIndex == [0, 2, 3, nil, nil])
    }

    @Test("a column named twice directly stops the run", arguments: [
        ["school_id", "name", "stage", "school_id"],
        ["school_id", "name", "stage", "School_ID "],
        ["学校代码", "name", "stage", "学校代码"],
    ])
    func duplicateDirect(names: [String]) {
        expectHeaderError(.schools, names, .duplicateColumn(file: "schools.csv", column: "school_id", line: 1))
    }

    @Test("a column named once in English and once by its alias stops the run", arguments: [
        ["student_id", "学校代码", "grade", "class_id", "年级"],
        ["年级", "student_id", "school_id", "grade", "class_id"],
    ])
    func duplicateThroughAlias(names: [String]) {
        expectHeaderError(.students, names, .duplicateColumn(file: "students.csv", column: "grade", line: 1))
    }

    @Test("an optional column named twice stops the run too")
    func duplicateOptional() {
        expectHeaderError(.survey, ["student_id", "wants_service", "days", "参加日"],
                          .duplicateColumn(file: "survey.csv", column: "days", line: 1))
    }

    @Test("the duplicate error names the header's line")
    func duplicateLine() {
        expectHeaderError(.calendar, ["date", "日期", "school_day"], line: 3,
                          .duplicateColumn(file: "calendar.csv", column: "date", line: 3))
    }

    @Test("a missing required column stops the run, naming column and alias")
    func missingRequired() {
        expectHeaderError(.students, ["student_id", "school_id", "class_id"],
                          .missingColumn(file: "students.csv", column: "grade", alias: "年级"))
        expectHeaderError(.sessions, ["session_id", "activity_id", "date", "start"],
                          .missingColumn(file: "sessions.csv", column: "end", alias: "结束时间"))
        expectHeaderError(.calendar, ["data", "school_day"],
                          .missingColumn(file: "calendar.csv", column: "date", alias: "日期"))
    }

    @Test("the missing-column message names the file, the column and its alias")
    func missingMessage() {
        let error = ContractError.missingColumn(file: "students.csv", column: "grade", alias: "年级")
        #expect(error.description.contains("students.csv"))
        #expect(error.description.contains("grade"))
        #expect(error.description.contains("年级"))
        let duplicate = ContractError.duplicateColumn(file: "schools.csv", column: "school_id", line: 1)
        #expect(duplicate.description.contains("schools.csv line 1"))
        #expect(duplicate.description.contains("twice"))
    }

    @Test("missing optional columns are fine", arguments: InputFile.allCases)
    func missingOptional(file: InputFile) throws {
        let map = try headerMap(file, file.requiredNames)
        for (i, column) in file.columns.enumerated() where !column.isRequired {
            #expect(map.fieldIndex[i] == nil, "\(file.fileName) \(column.name)")
        }
        #expect(map.fieldCount == file.requiredNames.count)
    }
}
