import AfterschoolDomain

/// A malformed row to plant, and the reject it must get: file, column and
/// rule. Every one is a leaf: an extra row nothing else refers to, or a
/// repeat of a row already written (the first row wins), so no other row is
/// rejected because of it.
enum MalformedKind: CaseIterable {
    case schoolBadStage
    case studentDuplicate, studentMissingClass, studentGradeOutOfRange, studentBadFlag, studentUnknownSchool, studentFieldCount
    case activityBadCategory, activityMissingName, activityUnknownSchool
    case sessionBadDate, sessionBadStart, sessionEndBeforeStart, sessionMissingActivity, sessionUnknownActivity,
         sessionDuplicate, sessionFieldCount
    case peWeekdayOutOfRange, peUnknownClass, peBadWeekday
    case surveyDuplicate, surveyBadAnswer, surveyBadDay, surveyUnknownStudent, surveyMissingAnswer
    case attendanceFieldCount, attendanceBadStatus, attendanceMissingStatus, attendanceBadCheckOut,
         attendanceUnknownSession, attendanceOtherSchoolStudent, attendanceDuplicate
    case staffBadKind, staffDuplicate, staffMissingKind, staffUnknownSchool
    case staffingTooPrecise, staffingNegative, staffingBadRole, staffingMissingHours, staffingUnknownStaff,
         staffingUnknownSession, staffingDuplicate, staffingFieldCount
    case satisfactionOutOfRange, satisfactionBadRespondent, satisfactionDuplicate, satisfactionOtherSchoolActivity,
         satisfactionBadScore, satisfactionMissingOverall
    case disclosureBadMonth, disclosureDuplicate, disclosureNegative, disclosureUnknownStaff, disclosureMissingHours
    case budgetDuplicate

    var file: InputFile {
        switch self {
        case .schoolBadStage: return .schools
        case .studentDuplicate, .studentMissingClass, .studentGradeOutOfRange, .studentBadFlag, .studentUnknownSchool,
             .studentFieldCount: return .students
        case .activityBadCategory, .activityMissingName, .activityUnknownSchool: return .activities
        case .sessionBadDate, .sessionBadStart, .sessionEndBeforeStart, .sessionMissingActivity, .sessionUnknownActivity,
             .sessionDuplicate, .sessionFieldCount: return .sessions
        case .peWeekdayOutOfRange, .peUnknownClass, .peBadWeekday: return .peTimetable
        case .surveyDuplicate, .surveyBadAnswer, .surveyBadDay, .surveyUnknownStudent, .surveyMissingAnswer: return .survey
        case .attendanceFieldCount, .attendanceBadStatus, .attendanceMissingStatus, .attendanceBadCheckOut,
             .attendanceUnknownSession, .attendanceOtherSchoolStudent, .attendanceDuplicate: return .attendance
        case .staffBadKind, .staffDuplicate, .staffMissingKind, .staffUnknownSchool: return .staff
        case .staffingTooPrecise, .staffingNegative, .staffingBadRole, .staffingMissingHours, .staffingUnknownStaff,
             .staffingUnknownSession, .staffingDuplicate, .staffingFieldCount: return .staffing
        case .satisfactionOutOfRange, .satisfactionBadRespondent, .satisfactionDuplicate,
             .satisfactionOtherSchoolActivity, .satisfactionBadScore, .satisfactionMissingOverall: return .satisfaction
        case .disclosureBadMonth, .disclosureDuplicate, .disclosureNegative, .disclosureUnknownStaff,
             .disclosureMissingHours: return .disclosures
        case .budgetDuplicate: return .budget
        }
    }

    var rule: RejectRule {
        switch self {
        case .studentFieldCount, .sessionFieldCount, .attendanceFieldCount, .staffingFieldCount:
            return .fieldCount
        case .studentMissingClass, .activityMissingName, .sessionMissingActivity, .surveyMissingAnswer,
             .attendanceMissingStatus, .staffMissingKind, .staffingMissingHours, .satisfactionMissingOverall,
             .disclosureMissingHours:
            return .missingValue
        case .studentBadFlag, .sessionBadDate, .sessionBadStart, .peBadWeekday, .surveyBadAnswer,
             .attendanceBadCheckOut, .staffingTooPrecise, .satisfactionBadScore, .disclosureBadMonth:
            return .badType
        case .schoolBadStage, .activityBadCategory, .surveyBadDay, .attendanceBadStatus, .staffBadKind,
             .staffingBadRole, .satisfactionBadRespondent:
            return .badEnum
        case .studentGradeOutOfRange, .sessionEndBeforeStart, .peWeekdayOutOfRange, .staffingNegative,
             .satisfactionOutOfRange, .disclosureNegative:
            return .outOfRange
        case .studentUnknownSchool, .activityUnknownSchool, .sessionUnknownActivity, .peUnknownClass,
             .surveyUnknownStudent, .attendanceUnknownSession, .attendanceOtherSchoolStudent, .staffUnknownSchool,
             .staffingUnknownStaff, .staffingUnknownSession, .satisfactionOtherSchoolActivity, .disclosureUnknownStaff:
            return .unknownReference
        case .studentDuplicate, .sessionDuplicate, .surveyDuplicate, .attendanceDuplicate, .staffDuplicate,
             .staffingDuplicate, .satisfactionDuplicate, .disclosureDuplicate, .budgetDuplicate:
            return .duplicateKey
        }
    }

    /// The column the reject names ("" for a whole-record problem; the
    /// key's last column for a duplicate).
    var column: String {
        switch self {
        case .studentFieldCount, .sessionFieldCount, .attendanceFieldCount, .staffingFieldCount: return ""
        case .schoolBadStage: return "stage"
        case .studentMissingClass: return "class_id"
        case .studentGradeOutOfRange: return "grade"
        case .studentBadFlag: return "left_behind"
        case .studentUnknownSchool, .activityUnknownSchool, .staffUnknownSchool: return "school_id"
        case .activityBadCategory: return "category"
        case .activityMissingName: return "name"
        case .sessionBadDate: return "date"
        case .sessionBadStart: return "start"
        case .sessionEndBeforeStart: return "end"
        case .sessionMissingActivity, .sessionUnknownActivity, .satisfactionOtherSchoolActivity: return "activity_id"
        case .peWeekdayOutOfRange, .peBadWeekday: return "weekday"
        case .peUnknownClass: return "class_id"
        case .surveyBadAnswer, .surveyMissingAnswer: return "wants_service"
        case .surveyBadDay: return "days"
        case .surveyUnknownStudent: return "student_id"
        case .attendanceBadStatus, .attendanceMissingStatus: return "status"
        case .attendanceBadCheckOut: return "check_out"
        case .attendanceUnknownSession, .staffingUnknownSession: return "session_id"
        case .attendanceOtherSchoolStudent: return "student_id"
        case .staffBadKind, .staffMissingKind: return "kind"
        case .staffingTooPrecise, .staffingNegative, .staffingMissingHours: return "claimed_hours"
        case .staffingBadRole: return "role"
        case .staffingUnknownStaff, .disclosureUnknownStaff: return "staff_id"
        case .satisfactionOutOfRange, .satisfactionBadScore, .satisfactionMissingOverall: return "overall"
        case .satisfactionBadRespondent: return "respondent"
        case .disclosureBadMonth: return "month"
        case .disclosureNegative, .disclosureMissingHours: return "hours"
        case .studentDuplicate, .sessionDuplicate, .surveyDuplicate, .attendanceDuplicate, .staffDuplicate,
             .staffingDuplicate, .satisfactionDuplicate, .disclosureDuplicate, .budgetDuplicate:
            return file.keyColumns.last ?? ""
        }
    }

    /// A sentence saying what is wrong with the row.
    var note: String {
        switch self {
        case .schoolBadStage: return "stage 'high' is not a stage"
        case .studentDuplicate: return "repeats a student id (first row wins)"
        case .studentMissingClass: return "class left blank"
        case .studentGradeOutOfRange: return "grade 10 is outside 1..9"
        case .studentBadFlag: return "left_behind '2' is not a yes/no value"
        case .studentUnknownSchool: return "school S9999 does not exist"
        case .studentFieldCount: return "one field too many"
        case .activityBadCategory: return "category 'music' is not a category"
        case .activityMissingName: return "name left blank"
        case .activityUnknownSchool: return "school S9999 does not exist"
        case .sessionBadDate: return "date 2025-13-45 is not a date"
        case .sessionBadStart: return "start 25:00 is not a time"
        case .sessionEndBeforeStart: return "end before start"
        case .sessionMissingActivity: return "activity left blank"
        case .sessionUnknownActivity: return "activity A9999-99 does not exist"
        case .sessionDuplicate: return "repeats a session id (first row wins)"
        case .sessionFieldCount: return "one field too many"
        case .peWeekdayOutOfRange: return "weekday 6 is outside 1..5"
        case .peUnknownClass: return "class 0-1 is not on the roster"
        case .peBadWeekday: return "weekday 'Sat' is not a whole number"
        case .surveyDuplicate: return "second survey row for a student (first row wins)"
        case .surveyBadAnswer: return "wants_service 'maybe' is not a yes/no value"
        case .surveyBadDay: return "day 'Sat' is not a school weekday"
        case .surveyUnknownStudent: return "no such student"
        case .surveyMissingAnswer: return "wants_service left blank"
        case .attendanceFieldCount: return "one field too many"
        case .attendanceBadStatus: return "status 'presnt' is misspelt"
        case .attendanceMissingStatus: return "status left blank"
        case .attendanceBadCheckOut: return "check_out 25:00 is not a time"
        case .attendanceUnknownSession: return "no such session"
        case .attendanceOtherSchoolStudent: return "a student of another school"
        case .attendanceDuplicate: return "repeats a (session, student) pair (first row wins)"
        case .staffBadKind: return "kind 'contractor' is not a staff kind"
        case .staffDuplicate: return "repeats a staff id (first row wins)"
        case .staffMissingKind: return "kind left blank"
        case .staffUnknownSchool: return "school S9999 does not exist"
        case .staffingTooPrecise: return "claimed_hours 1.667 has more than 2 decimals"
        case .staffingNegative: return "claimed_hours -0.50 is negative"
        case .staffingBadRole: return "role 'teacher' is not a role"
        case .staffingMissingHours: return "claimed_hours left blank"
        case .staffingUnknownStaff: return "no such staff member"
        case .staffingUnknownSession: return "no such session"
        case .staffingDuplicate: return "repeats a (session, staff) pair (first row wins)"
        case .staffingFieldCount: return "one field too many"
        case .satisfactionOutOfRange: return "overall 6 is outside 1..5"
        case .satisfactionBadRespondent: return "respondent 'teacher' is not a respondent"
        case .satisfactionDuplicate: return "repeats a response id (first row wins)"
        case .satisfactionOtherSchoolActivity: return "an activity of another school"
        case .satisfactionBadScore: return "overall 'five' is not a whole number"
        case .satisfactionMissingOverall: return "overall left blank"
        case .disclosureBadMonth: return "month 2025-13 is not a month"
        case .disclosureDuplicate: return "repeats a (school, staff, month) disclosure (first row wins)"
        case .disclosureNegative: return "hours -1.00 is negative"
        case .disclosureUnknownStaff: return "no such staff member"
        case .disclosureMissingHours: return "hours left blank"
        case .budgetDuplicate: return "a second budget row for a school (first row wins)"
        }
    }

    /// Files with a few rows per school (schools, activities, budget):
    /// planted once per kind, and only at district and city scale.
    var isSmallFile: Bool { file == .schools || file == .activities || file == .budget }

    /// Whether the row names a row of an earlier school.
    var needsEarlierSchool: Bool { self == .attendanceOtherSchoolStudent || self == .satisfactionOtherSchoolActivity }

    /// Whether the kind is planted at `scale`: at small scale, a set that
    /// still covers every rule in several files while keeping each file's
    /// reject share around 1% or less.
    func plantedAt(_ scale: Scale) -> Bool {
        if scale.plantsInSmallFiles { return true }
        switch self {
        case .schoolBadStage, .activityBadCategory, .activityMissingName, .activityUnknownSchool, .budgetDuplicate,
             .peUnknownClass, .peBadWeekday, .staffDuplicate, .staffMissingKind, .staffUnknownSchool,
             .satisfactionOtherSchoolActivity, .satisfactionBadScore, .satisfactionMissingOverall,
             .disclosureNegative, .disclosureUnknownStaff, .disclosureMissingHours:
            return false
        default:
            return true
        }
    }
}

/// A malformed row planted in one school's part of a file.
struct MalformedItem {
    let kind: MalformedKind
    /// For sessions, staffing and attendance: the day (index into
    /// ``TermCalendar/days``) after whose rows it goes, at the earliest.
    let day: Int
    /// Random bits that place the row among the school's rows.
    let position: UInt64

    /// A row index in `0..<count` drawn from ``position``.
    func index(in count: Int) -> Int {
        Int(truncatingIfNeeded: position.multipliedFullWidth(by: UInt64(max(count, 1))).high)
    }
}
