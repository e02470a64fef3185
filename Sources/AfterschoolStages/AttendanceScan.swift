import AfterschoolWarehouse

/// One pass over `attendance`, keeping per student only what the termly
/// figures need: whether they took part, their weeks with a present row
/// (any, sport, quality activity), and (for the non-PE sport share) their
/// sport minutes per school day.
///
/// Only rows on in-scope sessions count. Reads the warehouse's attendance
/// blocks, one per session (``AttendanceBlock/forEachRow(_:session:_:)``).
///
/// - Complexity: O(attendance rows) time; memory O(students x weeks / 64 +
///   students x school days x 2 bytes when the PE timetable is present).
public struct AttendanceScan: Sendable {
    /// The student has a present row on an in-scope session.
    public var participated: [Bool]
    /// Words per student in the week bit sets.
    public let weekWords: Int
    /// Bit `w` of student `s` (word `s * weekWords + w / 64`): a present row
    /// in term week `w`.
    public var presentWeeks: [UInt64]
    /// The same, for rows on `sports` sessions.
    public var sportWeeks: [UInt64]
    /// The same, for rows on quality-activity sessions.
    public var qualityWeeks: [UInt64]
    /// Per student and school day (`s * schoolDays + d`): 0 without a
    /// present row, else 1 + attended sport minutes (capped). Empty when the
    /// PE timetable is missing.
    public var dayCells: [UInt16]
    /// Present and absent rows per school (excused rows are left out).
    public var presentRows: [Int]
    public var absentRows: [Int]
    /// Present rows per session (in scope or not).
    public var sessionPresent: [Int32]
    /// Words per student in ``presentDays``.
    public let dayWords: Int
    /// Bit `d` of student `s` (word `s * dayWords + d / 64`): a present row
    /// on school day `d`.
    public var presentDays: [UInt64]
    /// The student has a present row on a late-care session (segment
    /// `school`).
    public var lateCare: [Bool]
    /// Per session, bit `g`: a student of grade `g` has a present row on it
    /// (in-scope sessions only).
    public var sessionGrades: [UInt16]
    /// Distinct students present per school, school day and segment (index
    /// `(school * schoolDays + day) * 3 + segment`, segments class, grade,
    /// school): the daily ledger's students.
    public var segmentStudents: [Int32]
    /// While scanning: per student and school day, a bit per segment with
    /// a present row (``presentDays`` and ``lateCare`` are made from it when
    /// the scan ends, and it is emptied).
    private var daySegments: [UInt8]

    /// Scans the warehouse's attendance.
    public static func run(_ warehouse: Warehouse, term: TermData) throws -> AttendanceScan {
        var scan = AttendanceScan(term: term)
        try warehouse.queue.read { db in
            try AttendanceBlock.forEachRow(db) { session, student, code, checkOut in
                let kind: AttendanceStatus
                switch code {
                case AttendanceBlock.present: kind = .present
                case AttendanceBlock.absent: kind = .absent
                case AttendanceBlock.leftEarly: kind = .leftEarly
                default: kind = .excused
                }
                scan.add(session: Int(session) - 1, student: Int(student) - 1, status: kind, checkOut: checkOut, term: term)
            }
        }
        scan.finishDays(term: term)
        return scan
    }

    init(term: TermData) {
        let students = term.studentCount
        participated = [Bool](repeating: false, count: students)
        weekWords = max(1, (term.weekCount + 63) / 64)
        presentWeeks = [UInt64](repeating: 0, count: students * weekWords)
        sportWeeks = presentWeeks
        qualityWeeks = presentWeeks
        dayCells = term.hasPETimetable ? [UInt16](repeating: 0, count: students * term.schoolDays.count) : []
        presentRows = [Int](repeating: 0, count: term.schoolCount)
        absentRows = presentRows
        sessionPresent = [Int32](repeating: 0, count: term.sessionCount)
        dayWords = max(1, (term.schoolDays.count + 63) / 64)
        presentDays = [UInt64](repeating: 0, count: students * dayWords)
        lateCare = [Bool](repeating: false, count: students)
        sessionGrades = [UInt16](repeating: 0, count: term.sessionCount)
        segmentStudents = [Int32](repeating: 0, count: term.schoolCount * term.schoolDays.count * 3)
        daySegments = [UInt8](repeating: 0, count: students * term.schoolDays.count)
    }

    /// Adds one attendance row (keys already made 0-based).
    mutating func add(session: Int, student: Int, status: AttendanceStatus, checkOut: Int?, term: TermData) {
        let present = status == .present || status == .leftEarly
        if present { sessionPresent[session] += 1 }
        guard term.sessionInScope[session] else { return }
        let school = Int(term.sessionSchool[session])
        switch status {
        case .present, .leftEarly: presentRows[school] += 1
        case .absent: absentRows[school] += 1
        case .excused: return
        }
        guard present else { return }
        participated[student] = true
        sessionGrades[session] |= UInt16(1) << UInt16(term.studentGrade[student])
        let day = term.sessionDay[session]
        let week = term.week(ofDay: day)
        let word = student * weekWords + week / 64
        let bit = UInt64(1) << UInt64(week % 64)
        presentWeeks[word] |= bit
        let activity = Int(term.sessionActivity[session])
        let category = term.activityCategory[activity]
        if category == .sports { sportWeeks[word] |= bit }
        if category.isQuality { qualityWeeks[word] |= bit }
        guard let d = term.schoolDay(day) else { return }
        let segment = term.activitySegment[activity].ordinal
        let cell = student * term.schoolDays.count + d, segmentBit = UInt8(1) << UInt8(segment)
        if daySegments[cell] & segmentBit == 0 {
            daySegments[cell] |= segmentBit
            segmentStudents[(school * term.schoolDays.count + d) * 3 + segment] += 1
        }
        if !dayCells.isEmpty {
            var value = dayCells[cell] == 0 ? 1 : Int(dayCells[cell])
            if category == .sports {
                value += attendedMinutes(session: session, status: status, checkOut: checkOut, term: term)
            }
            dayCells[cell] = UInt16(min(value, Int(UInt16.max)))
        }
    }

    /// Each student's present days and late care, from the segments seen
    /// per school day (an in-scope session is always on a school day);
    /// then frees those.
    private mutating func finishDays(term: TermData) {
        let days = term.schoolDays.count
        let lateCareBit = UInt8(1) << UInt8(Segment.school.ordinal)
        for s in 0..<term.studentCount {
            for d in 0..<days {
                let segments = daySegments[s * days + d]
                guard segments != 0 else { continue }
                presentDays[s * dayWords + d / 64] |= UInt64(1) << UInt64(d % 64)
                if segments & lateCareBit != 0 { lateCare[s] = true }
            }
        }
        daySegments = []
    }

    /// A present row's minutes: the session's, except a `left_early` row
    /// with a check-out time: clamp(check_out - start, 0, minutes).
    func attendedMinutes(session: Int, status: AttendanceStatus, checkOut: Int?, term: TermData) -> Int {
        let start = Int(term.sessionStart[session]), minutes = Int(term.sessionEnd[session]) - start
        guard status == .leftEarly, let checkOut else { return minutes }
        return min(max(checkOut - start, 0), minutes)
    }

    /// Number of weeks set in a student's bit set.
    @inlinable public func weeks(_ set: [UInt64], student: Int) -> Int {
        var n = 0
        for w in 0..<weekWords { n += set[student * weekWords + w].nonzeroBitCount }
        return n
    }
}

/// Attendance statuses.
public enum AttendanceStatus: Sendable {
    case present, absent, excused, leftEarly
}
