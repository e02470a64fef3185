import AfterschoolCSV
import Testing
@testable import AfterschoolDomain

@Suite("ReferenceIndex: unknown_reference rejects and warehouse keys")
struct ReferenceIndexTests {
    @Test("unknown_reference: a student of an unknown school")
    func unknownSchool() throws {
        let d = try MiniIngest.district()
        let reject = try d.feed(.students, line: 14, ["0003", "S9", "3", "3-1"])
        expectReject(reject, file: "students.csv", line: 14, column: "school_id", value: "S9", rule: .unknownReference,
                     mentions: ["S9", "schools.csv"])
    }

    @Test("unknown_reference: every school_id is checked", arguments: [
        (InputFile.activities, ["A9", "S9", "Chess", "other", "grade"]),
        (InputFile.staff, ["T9", "S9", "teacher"]),
        (InputFile.budget, ["S9", "1000"]),
        (InputFile.peTimetable, ["S9", "3-1", "2"]),
        (InputFile.satisfaction, ["R9", "S9", "parent", "4"]),
        (InputFile.disclosures, ["S9", "T1", "2025-10", "4"]),
    ])
    func unknownSchoolEverywhere(file: InputFile, fields: [String]) throws {
        let d = try MiniIngest.district()
        let reject = try d.feed(file, line: 3, fields)
        expectReject(reject, file: file.fileName, line: 3, column: "school_id", value: "S9", rule: .unknownReference,
                     mentions: ["S9"])
    }

    @Test("unknown_reference: unknown activity, session, student and staff ids", arguments: [
        (InputFile.sessions, ["X9", "A9", "2025-10-20", "15:00", "16:00"], "activity_id", "A9"),
        (InputFile.attendance, ["X9", "0001", "present"], "session_id", "X9"),
        (InputFile.attendance, ["X1", "0009", "present"], "student_id", "0009"),
        (InputFile.survey, ["0009", "yes"], "student_id", "0009"),
        (InputFile.staffing, ["X9", "T1", "lead", "1"], "session_id", "X9"),
        (InputFile.staffing, ["X1", "T9", "lead", "1"], "staff_id", "T9"),
        (InputFile.disclosures, ["S1", "T9", "2025-10", "4"], "staff_id", "T9"),
    ])
    func unknownIds(file: InputFile, fields: [String], column: String, value: String) throws {
        let d = try MiniIngest.district()
        let reject = try d.feed(file, line: 21, fields)
        expectReject(reject, file: file.fileName, line: 21, column: column, value: value, rule: .unknownReference,
                     mentions: [value])
    }

    @Test("ids are matched exactly: leading zeros matter")
    func leadingZerosMatter() throws {
        let d = try MiniIngest.district()
        let reject = try d.feed(.survey, line: 2, ["1", "yes"])
        expectReject(reject, file: "survey.csv", line: 2, column: "student_id", value: "1", rule: .unknownReference)
        try d.accept(.survey, [" 0001\u{3000}", "yes"])
    }

    @Test("unknown_reference: an attendance student of another school than the session's")
    func attendanceOtherSchool() throws {
        let d = try MiniIngest.district()
        // X1 is held by S1; 0002 is an S2 student.
        let reject = try d.feed(.attendance, line: 30, ["X1", "0002", "present"])
        expectReject(reject, file: "attendance.csv", line: 30, column: "student_id", value: "0002",
                     rule: .unknownReference, mentions: ["0002", "another school", "session"])
        try d.accept(.attendance, ["X2", "0002", "present"])
        try d.accept(.attendance, ["X1", "0001", "absent"])
    }

    @Test("unknown_reference: a satisfaction student of another school than the response's")
    func satisfactionStudentOtherSchool() throws {
        let d = try MiniIngest.district()
        let reject = try d.feed(.satisfaction, header: satisfactionHeader, line: 5,
                                ["R1", "S1", "student", "0002", "", "4"])
        expectReject(reject, file: "satisfaction.csv", line: 5, column: "student_id", value: "0002",
                     rule: .unknownReference, mentions: ["0002", "another school"])
    }

    @Test("unknown_reference: a satisfaction activity of another school than the response's")
    func satisfactionActivityOtherSchool() throws {
        let d = try MiniIngest.district()
        let reject = try d.feed(.satisfaction, header: satisfactionHeader, line: 6,
                                ["R1", "S1", "parent", "0001", "A2", "4"])
        expectReject(reject, file: "satisfaction.csv", line: 6, column: "activity_id", value: "A2",
                     rule: .unknownReference, mentions: ["A2", "another school"])
    }

    @Test("satisfaction: own student and activity, or blank ones, are accepted")
    func satisfactionAccepted() throws {
        let d = try MiniIngest.district()
        try d.accept(.satisfaction, header: satisfactionHeader, ["R1", "S1", "student", "0001", "A1", "5"])
        #expect(try value(d.lastRow, .satisfaction, "school_id") == .int(1))
        #expect(try value(d.lastRow, .satisfaction, "student_id") == .int(1))
        #expect(try value(d.lastRow, .satisfaction, "activity_id") == .int(1))
        try d.accept(.satisfaction, header: satisfactionHeader, ["R2", "S2", "parent", "", "", "3"])
        #expect(try value(d.lastRow, .satisfaction, "school_id") == .int(2))
        #expect(try value(d.lastRow, .satisfaction, "student_id") == .null)
        #expect(try value(d.lastRow, .satisfaction, "activity_id") == .null)
        try d.accept(.satisfaction, header: satisfactionHeader, ["R3", "S2", "家长", "", "A2", "3"])
        #expect(try value(d.lastRow, .satisfaction, "activity_id") == .int(2))
    }

    @Test("satisfaction: an unknown student is reported before an activity of another school")
    func satisfactionReferenceOrder() throws {
        let d = try MiniIngest.district()
        let reject = try d.feed(.satisfaction, header: satisfactionHeader, line: 2,
                                ["R1", "S1", "student", "0002", "A2", "4"])
        expectReject(reject, file: "satisfaction.csv", line: 2, column: "student_id", value: "0002",
                     rule: .unknownReference)
    }

    @Test("unknown_reference: a pe_timetable class that is not on the school's roster")
    func peTimetableClassNotOnRoster() throws {
        let d = try MiniIngest.district()
        // 4-2 is a class of S2, not of S1.
        let reject = try d.feed(.peTimetable, line: 4, ["S1", "4-2", "3"])
        expectReject(reject, file: "pe_timetable.csv", line: 4, column: "class_id", value: "4-2",
                     rule: .unknownReference, mentions: ["4-2", "roster"])
        let unknown = try d.feed(.peTimetable, line: 5, ["S1", "9-9", "3"])
        expectReject(unknown, file: "pe_timetable.csv", line: 5, column: "class_id", value: "9-9",
                     rule: .unknownReference)
        try d.accept(.peTimetable, ["S1", "3-1", "3"])
        try d.accept(.peTimetable, ["S2", "4-2", "5"])
    }

    @Test("unknown_reference: a row referring to a rejected row is rejected")
    func referenceToRejectedRow() throws {
        let d = try MiniIngest.district()
        // S3 is rejected (bad stage), so it is never registered.
        let school = try d.feed(.schools, line: 4, ["S3", "Third School", "college"])
        #expect(school?.rule == .badEnum)
        #expect(d.index.count(.schools) == 2)
        let student = try d.feed(.students, line: 9, ["0003", "S3", "3", "3-1"])
        expectReject(student, file: "students.csv", line: 9, column: "school_id", value: "S3", rule: .unknownReference,
                     mentions: ["S3", "rejected"])

        // A3 is rejected (unknown school), so its session is too, and so
        // is the attendance of that session.
        let activity = try d.feed(.activities, line: 7, ["A3", "S3", "Choir", "arts", "grade"])
        #expect(activity?.rule == .unknownReference)
        let session = try d.feed(.sessions, line: 11, ["X3", "A3", "2025-10-21", "15:30", "16:30"])
        expectReject(session, file: "sessions.csv", line: 11, column: "activity_id", value: "A3",
                     rule: .unknownReference)
        let attendance = try d.feed(.attendance, line: 40, ["X3", "0001", "present"])
        expectReject(attendance, file: "attendance.csv", line: 40, column: "session_id", value: "X3",
                     rule: .unknownReference)

        // A session rejected for its times is not registered either.
        let badTimes = try d.feed(.sessions, line: 12, ["X4", "A1", "2025-10-21", "16:30", "16:00"])
        #expect(badTimes?.rule == .outOfRange)
        let staffing = try d.feed(.staffing, line: 3, ["X4", "T1", "lead", "1"])
        expectReject(staffing, file: "staffing.csv", line: 3, column: "session_id", value: "X4",
                     rule: .unknownReference)
    }

    @Test("attendance: an unknown session is reported before the student")
    func attendanceReferenceOrder() throws {
        let d = try MiniIngest.district()
        let reject = try d.feed(.attendance, line: 2, ["X9", "0009", "present"])
        expectReject(reject, file: "attendance.csv", line: 2, column: "session_id", value: "X9",
                     rule: .unknownReference)
    }

    @Test("references are checked after the fields and after end-after-start")
    func referencesAfterFields() throws {
        let d = try MiniIngest.district()
        let grade = try d.feed(.students, line: 2, ["0003", "S9", "10", "3-1"])
        expectReject(grade, file: "students.csv", line: 2, column: "grade", value: "10", rule: .outOfRange)
        let times = try d.feed(.sessions, line: 3, ["X9", "A9", "2025-10-20", "16:00", "15:00"])
        expectReject(times, file: "sessions.csv", line: 3, column: "end", value: "15:00", rule: .outOfRange)
    }

    @Test("accepted rows get 1-based keys in order of acceptance; references become keys")
    func keys() throws {
        let d = MiniIngest()
        #expect(d.index.pendingKey(.schools) == 1)
        try d.accept(.schools, ["S1", "One", "primary"])
        _ = try d.feed(.schools, ["S2", "Two", "university"])  // rejected: no key used
        try d.accept(.schools, ["S3", "Three", "nine_year"])
        #expect(d.index.count(.schools) == 2)
        #expect(d.index.pendingKey(.schools) == 3)

        try d.accept(.students, ["0001005", "S3", "7", "7-1"])
        #expect(try value(d.lastRow, .students, "school_id") == .int(2))
        #expect(try value(d.lastRow, .students, "student_id") == .text("0001005"))

        try d.accept(.activities, ["A1", "S3", "Reading", "reading", "grade"])
        try d.accept(.sessions, ["X1", "A1", "2025-10-20", "15:30", "16:30"])
        #expect(try value(d.lastRow, .sessions, "activity_id") == .int(1))
        try d.accept(.attendance, ["X1", "0001005", "出勤"])
        #expect(try value(d.lastRow, .attendance, "session_id") == .int(1))
        #expect(try value(d.lastRow, .attendance, "student_id") == .int(1))
        #expect(try value(d.lastRow, .attendance, "status") == .text("present"))
    }

    @Test("files without an id column still count accepted rows")
    func rowsWithoutId() throws {
        let d = try MiniIngest.district()
        try d.accept(.calendar, ["2025-10-20", "1"])
        try d.accept(.calendar, ["2025-10-21", "1"])
        #expect(d.index.pendingKey(.calendar) == 3)
        #expect(d.index.count(.calendar) == 2)
    }

    @Test("every file checks its references in the documented order")
    func referenceSpecs() throws {
        #expect(InputFile.attendance.references.map(\.column) == ["session_id", "student_id"])
        #expect(InputFile.satisfaction.references.map(\.column) == ["school_id", "student_id", "activity_id"])
        #expect(InputFile.satisfaction.references.filter(\.sameSchool).map(\.column) == ["student_id", "activity_id"])
        #expect(InputFile.attendance.references.filter(\.sameSchool).map(\.column) == ["student_id"])
        for file in InputFile.allCases where file != .schools && file.columns.contains(where: { $0.name == "school_id" }) {
            #expect(file.references.contains { $0.column == "school_id" && $0.target == .schools },
                    "\(file.fileName) does not check school_id")
        }
        // A file is checked after every file it refers to.
        for file in InputFile.loadOrder {
            for ref in file.references {
                let order = InputFile.loadOrder
                let target = try #require(order.firstIndex(of: ref.target))
                let own = try #require(order.firstIndex(of: file))
                #expect(target < own, "\(file.fileName) refers to \(ref.target.fileName), checked later")
            }
        }
    }
}

@Suite("Ids compare by bytes")
struct IdBytesTests {
    @Test("two ids equal only under Unicode equivalence are two ids, and a reference finds the right one")
    func canonicalEquivalentIdsStayApart() throws {
        let precomposed = "caf\u{E9}"          // é as one scalar
        let decomposed = "cafe\u{301}"         // e + combining acute accent
        #expect(precomposed == decomposed)     // Swift String equality: equal
        #expect(ByteKey(precomposed) != ByteKey(decomposed))
        let index = ReferenceIndex()
        var school = ConformedRow()
        school.values = [.text("S1"), .text("One"), .text("primary"), .text("none"), .text("public")]
        school.raw = ["S1", "One", "primary", "", ""]
        index.register(.schools, school)
        for id in [precomposed, decomposed] {
            var student = ConformedRow()
            student.values = [.text(id), .text("S1"), .int(3), .text("3-1"), .bool(false), .bool(false), .bool(false), .bool(false)]
            student.raw = [id, "S1", "3", "3-1", "", "", "", ""]
            #expect(index.resolve(.students, &student) == nil)
            index.register(.students, student)
        }
        #expect(index.count(.students) == 2)
        var survey = ConformedRow()
        survey.values = [.text(decomposed), .bool(true), .text("Mon"), .bool(false), .null]
        survey.raw = [decomposed, "1", "Mon", "", ""]
        #expect(index.resolve(.survey, &survey) == nil)
        #expect(survey.values[0] == .int(2))   // the second student, not the first
    }
}
