import AfterschoolDomain
import AfterschoolWarehouse
import GRDB

/// What the termly stages read from the warehouse, as arrays indexed by
/// warehouse key - 1 (keys are 1, 2, ... in order of acceptance).
///
/// - Complexity: memory grows with schools, students, classes, activities
///   and sessions; attendance is not held (see ``AttendanceScan``).
public struct TermData: Sendable {
    /// The term's first and last day.
    public let start: CivilDate
    public let end: CivilDate

    public let schoolIds: [String]
    /// `none`, `sports`, `arts` or `sports_arts`.
    public let schoolSpecialty: [String]
    /// `primary`, `middle` or `nine_year`.
    public let schoolStage: [String]

    public let studentIds: [String]
    public let studentSchool: [Int32]
    public let studentGrade: [Int8]
    public let studentClass: [Int32]
    /// Priority groups, as bits of ``PriorityGroup``.
    public let studentGroups: [UInt8]
    /// The survey row says `wants_service`.
    public let studentRequested: [Bool]
    /// The student has a survey row.
    public let studentSurveyed: [Bool]
    /// The survey row asks for late care (`wants_extended`).
    public let studentWantsExtended: [Bool]
    /// The weekdays the survey row chose (bit `w` for weekday `w`, 1 =
    /// Monday): all five when `days` is blank, none when it holds only
    /// separators; 0 without a survey row.
    public let studentChosenDays: [UInt8]

    /// Each class's `class_id` (by the index of ``studentClass``; a class
    /// is a school's `class_id`).
    public let classIds: [String]
    /// PE weekdays of each class (bit `w` for weekday `w`, 1 = Monday).
    public let classPEDays: [UInt8]
    /// Whether `pe_timetable.csv` was in the dataset.
    public let hasPETimetable: Bool

    public let activityIds: [String]
    public let activitySchool: [Int32]
    public let activityCategory: [Category]
    public let activitySegment: [Segment]
    /// The provider is `external`.
    public let activityExternal: [Bool]

    public let sessionIds: [String]
    public let sessionSchool: [Int32]
    public let sessionActivity: [Int32]
    /// Day numbers (``CivilDate/dayNumber``).
    public let sessionDay: [Int32]
    /// Minutes after midnight.
    public let sessionStart: [Int16]
    public let sessionEnd: [Int16]
    /// On a school day and inside the after-school window.
    public let sessionInScope: [Bool]
    /// The in-scope sessions grouped by school day of each school, each
    /// group ordered by start (what the daily service figures and the
    /// overlap rules walk).
    public let inScopeSchoolDays: [[Int]]

    /// School days of the term, ascending day numbers.
    public let schoolDays: [Int32]
    /// For each day of the term (day - start), its index in ``schoolDays``, or -1.
    public let schoolDayIndex: [Int32]

    public var schoolCount: Int { schoolIds.count }
    public var studentCount: Int { studentSchool.count }
    public var sessionCount: Int { sessionSchool.count }

    /// ISO weeks the term touches (Monday-based).
    public var weekCount: Int { (start.isoWeekMonday <= end.isoWeekMonday) ? (end.isoWeekMonday - start.isoWeekMonday) / 7 + 1 : 0 }

    /// The term week of a day (0 = the week of the term's start).
    @inlinable public func week(ofDay day: Int32) -> Int {
        (CivilDate(dayNumber: Int(day)).isoWeekMonday - start.isoWeekMonday) / 7
    }

    /// The weekdays of a survey's stored `days` (`Mon|Wed`, the canonical
    /// codes of ``EnumDomain/weekday``): bit `w` for weekday `w` (1 =
    /// Monday); all five for NULL (blank).
    static func weekdays(_ stored: String?) -> UInt8 {
        guard let stored else { return 0b11_1110 }
        var bits: UInt8 = 0
        for name in stored.split(separator: "|") {
            if let i = EnumDomain.weekday.canonical.firstIndex(of: String(name)) { bits |= UInt8(1) << UInt8(i + 1) }
        }
        return bits
    }

    /// School indices ordered by school id (UTF-8 bytes): the order of
    /// every per-school table.
    public var schoolOrder: [Int] {
        (0..<schoolCount).sorted { byteOrder(schoolIds[$0], schoolIds[$1]) }
    }

    /// The weekday (1 = Monday ... 7 = Sunday) of each school day.
    public var schoolDayWeekdays: [Int] { schoolDays.map { CivilDate(dayNumber: Int($0)).weekday } }

    /// The index of `day` among the school days, or nil.
    @inlinable public func schoolDay(_ day: Int32) -> Int? {
        let offset = Int(day) - start.dayNumber
        guard offset >= 0, offset < schoolDayIndex.count else { return nil }
        let i = schoolDayIndex[offset]
        return i < 0 ? nil : Int(i)
    }

    /// Reads the term from the warehouse; the window decides which sessions
    /// are in scope.
    public static func load(_ warehouse: Warehouse, window: TermWindow) throws -> TermData {
        let hasPE = try warehouse.hasInputFile(.peTimetable)
        return try warehouse.queue.read { db in
            try TermData(db: db, window: window, hasPETimetable: hasPE)
        }
    }

    private init(db: Database, window: TermWindow, hasPETimetable: Bool) throws {
        guard let term = try Row.fetchOne(db, sql: #"SELECT start, "end" FROM dataset"#),
              let start = CivilDate(parsing: term[0] as String), let end = CivilDate(parsing: term[1] as String) else {
            throw StageError.missingInput("the warehouse has no dataset row (run ingest first)")
        }
        self.start = start
        self.end = end
        self.hasPETimetable = hasPETimetable

        var schoolIds: [String] = [], specialty: [String] = [], stage: [String] = []
        for row in try Row.fetchAll(db, sql: "SELECT school_id, specialty, stage FROM schools ORDER BY key") {
            schoolIds.append(row[0])
            specialty.append(row[1])
            stage.append(row[2])
        }
        self.schoolIds = schoolIds
        schoolSpecialty = specialty
        schoolStage = stage

        // Classes: (school, class_id) -> index.
        var classIndex: [ClassRef: Int32] = [:]
        var classIdList: [String] = []
        func classOf(_ school: Int32, _ id: String) -> Int32 {
            let ref = ClassRef(school: school, id: ByteKey(id))
            if let i = classIndex[ref] { return i }
            let i = Int32(classIndex.count)
            classIndex[ref] = i
            classIdList.append(id)
            return i
        }

        var sIds: [String] = [], sSchool: [Int32] = [], sGrade: [Int8] = [], sClass: [Int32] = [], sGroups: [UInt8] = []
        let students = try Row.fetchCursor(db, sql: """
            SELECT school_key, grade, class_id, disability, left_behind, migrant, low_income, student_id
            FROM students ORDER BY key
            """)
        while let row = try students.next() {
            sIds.append(row[7])
            let school = Int32(row[0] as Int64) - 1
            sSchool.append(school)
            sGrade.append(Int8(row[1] as Int64))
            sClass.append(classOf(school, row[2]))
            var groups: UInt8 = 0
            if row[3] as Bool { groups |= PriorityGroup.disability.bit }
            if row[4] as Bool { groups |= PriorityGroup.leftBehind.bit }
            if row[5] as Bool { groups |= PriorityGroup.migrant.bit }
            if row[6] as Bool { groups |= PriorityGroup.lowIncome.bit }
            sGroups.append(groups)
        }
        studentIds = sIds
        studentSchool = sSchool
        studentGrade = sGrade
        studentClass = sClass
        classIds = classIdList
        studentGroups = sGroups

        var requested = [Bool](repeating: false, count: sSchool.count)
        var surveyed = requested, extended = requested
        var chosen = [UInt8](repeating: 0, count: sSchool.count)
        for row in try Row.fetchAll(db, sql: "SELECT student_key, wants_service, days, wants_extended FROM survey") {
            let s = Int(row[0] as Int64) - 1
            surveyed[s] = true
            requested[s] = row[1] as Bool
            extended[s] = row[3] as Bool
            chosen[s] = TermData.weekdays(row[2] as String?)
        }
        studentRequested = requested
        studentSurveyed = surveyed
        studentWantsExtended = extended
        studentChosenDays = chosen

        var pe = [UInt8](repeating: 0, count: classIndex.count)
        for row in try Row.fetchAll(db, sql: "SELECT school_key, class_id, weekday FROM pe_timetable") {
            // The contract checked the class is on the roster.
            if let i = classIndex[ClassRef(school: Int32(row[0] as Int64) - 1, id: ByteKey(row[1]))] {
                pe[Int(i)] |= UInt8(1) << UInt8(row[2] as Int64)
            }
        }
        classPEDays = pe

        var aIds: [String] = [], aSchool: [Int32] = [], aCategory: [Category] = [], aSegment: [Segment] = []
        var aExternal: [Bool] = []
        for row in try Row.fetchAll(db, sql: "SELECT activity_id, school_key, category, segment, provider FROM activities ORDER BY key") {
            aExternal.append((row[4] as String) == "external")
            aIds.append(row[0])
            aSchool.append(Int32(row[1] as Int64) - 1)
            aCategory.append(Category(rawValue: row[2]) ?? .other)
            aSegment.append(Segment(rawValue: row[3]) ?? .class)
        }
        activityIds = aIds
        activitySchool = aSchool
        activityCategory = aCategory
        activitySegment = aSegment
        activityExternal = aExternal

        // School days of the term.
        let length = max(0, end.dayNumber - start.dayNumber + 1)
        var dayIndex = [Int32](repeating: -1, count: length)
        var days: [Int32] = []
        for text in try String.fetchAll(db, sql: "SELECT date FROM calendar WHERE school_day = 1 ORDER BY date") {
            guard let d = CivilDate(parsing: text), d >= start, d <= end else { continue }
            dayIndex[d.dayNumber - start.dayNumber] = Int32(days.count)
            days.append(Int32(d.dayNumber))
        }
        schoolDays = days
        schoolDayIndex = dayIndex

        var seIds: [String] = [], seSchool: [Int32] = [], seActivity: [Int32] = [], seDay: [Int32] = []
        var seStart: [Int16] = [], seEnd: [Int16] = [], seScope: [Bool] = []
        let windowStart = window.windowStart, windowEnd = window.windowEnd
        let sessions = try Row.fetchCursor(db, sql: "SELECT activity_key, date, start_min, end_min, session_id FROM sessions ORDER BY key")
        while let row = try sessions.next() {
            seIds.append(row[4])
            let activity = Int32(row[0] as Int64) - 1
            guard let date = CivilDate(parsing: row[1] as String) else {
                throw StageError.invalid("sessions: a date in the warehouse is not YYYY-MM-DD: \(row[1] as String)")
            }
            let day = Int32(date.dayNumber)
            let s = Int(row[2] as Int64), e = Int(row[3] as Int64)
            seActivity.append(activity)
            seSchool.append(aSchool[Int(activity)])
            seDay.append(day)
            seStart.append(Int16(s))
            seEnd.append(Int16(e))
            let offset = Int(day) - start.dayNumber
            let schoolDay = offset >= 0 && offset < length && dayIndex[offset] >= 0
            seScope.append(schoolDay && s >= windowStart && e <= windowEnd)
        }
        sessionIds = seIds
        sessionSchool = seSchool
        sessionActivity = seActivity
        sessionDay = seDay
        sessionStart = seStart
        sessionEnd = seEnd
        sessionInScope = seScope
        let ordered = (0..<seScope.count).filter { seScope[$0] }.sorted {
            (seSchool[$0], seDay[$0], seStart[$0]) < (seSchool[$1], seDay[$1], seStart[$1])
        }
        var groups: [[Int]] = []
        for s in ordered {
            if let last = groups.last?.last, seSchool[last] == seSchool[s], seDay[last] == seDay[s] {
                groups[groups.count - 1].append(s)
            } else {
                groups.append([s])
            }
        }
        inScopeSchoolDays = groups
    }

    private struct ClassRef: Hashable { let school: Int32; let id: ByteKey }
}

/// Activity categories. Quality-education activities (素质教育活动) are all
/// but homework and self-study.
public enum Category: String, Sendable, CaseIterable {
    case homework, selfStudy = "self_study", reading, sports, arts, science, labor, moral, safety, other

    public var isQuality: Bool { self != .homework && self != .selfStudy }
}

/// The service segments.
public enum Segment: String, Sendable {
    case `class`, grade, school

    /// 0, 1, 2 in the order class, grade, school (the daily ledger's order,
    /// and a segment's bit).
    public var ordinal: Int {
        switch self {
        case .class: return 0
        case .grade: return 1
        case .school: return 2
        }
    }
}

/// The priority groups of the roster.
public enum PriorityGroup: String, Sendable, CaseIterable {
    case disability, leftBehind = "left_behind", migrant, lowIncome = "low_income"

    public var bit: UInt8 {
        switch self {
        case .disability: return 1
        case .leftBehind: return 2
        case .migrant: return 4
        case .lowIncome: return 8
        }
    }
}

/// A stage could not run.
public enum StageError: Error, Sendable, CustomStringConvertible {
    /// What the stage reads is not in the warehouse (ingest did not run).
    case missingInput(String)
    /// The stage cannot compute with what it read or was given.
    case invalid(String)

    public var description: String {
        switch self {
        case let .missingInput(m), let .invalid(m): return m
        }
    }
}
