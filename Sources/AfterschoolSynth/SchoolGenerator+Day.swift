/// A staff member's row on a session.
struct Staffing {
    var staff: StaffRef
    var role: Role
    /// Claimed hours x 100.
    var claimed: Int
}

/// One session of the day being built.
struct DaySession {
    /// What attendance the session gets.
    enum Attendance { case normal, allAbsent, none }

    /// `h` homework, `c` club, `L` late care, `x` extra: with ``number``,
    /// the end of the session id (`0001-0915-c012`).
    var code: UInt8
    var number: Int
    var activity: Int
    var slot: Slot
    var inScope: Bool
    /// Expected students: a range of ``DayState/expected``.
    var expected: Range<Int>
    var staffing: [Staffing]
    var attendance: Attendance = .normal
    /// Already carries a planted anomaly (takes no other).
    var planted = false

    var hasAttendanceRows: Bool { attendance != .none && !expected.isEmpty }
}

/// The state of the day being built: its sessions, who is expected, and
/// who is busy when.
struct DayState {
    var index = 0
    var sessions: [DaySession] = []
    var expected: [Int32] = []
    /// Per staff member, the day's sessions' intervals.
    var busy: [[Slot]] = []
    var touched: [Int] = []
    /// Per student: 2 expected at every session, 1 homework only, 0 not expected.
    var levels: [UInt8] = []
    /// `0001-0915-`: the school's number and the date.
    var idPrefix: [UInt8] = []
    /// A session's attendance statuses and check-out minutes (-1: none),
    /// reused from session to session.
    var statuses: [UInt8] = []
    var checkOuts: [Int16] = []

    mutating func reset(_ index: Int) {
        self.index = index
        sessions.removeAll(keepingCapacity: true)
        expected.removeAll(keepingCapacity: true)
        for s in touched { busy[s].removeAll(keepingCapacity: true) }
        touched.removeAll(keepingCapacity: true)
    }

    /// The session id of `s`.
    func id(_ s: DaySession) -> [UInt8] {
        var out = idPrefix
        out.append(s.code)
        out.append(UInt8(48 + (s.number / 100) % 10))
        out.append(UInt8(48 + (s.number / 10) % 10))
        out.append(UInt8(48 + s.number % 10))
        return out
    }

    func idText(_ s: DaySession) -> String { String(decoding: id(s), as: UTF8.self) }

    func isFree(_ staff: Int, _ slot: Slot) -> Bool { !busy[staff].contains { $0.overlaps(slot) } }

    mutating func book(_ staff: Int, _ slot: Slot) {
        if busy[staff].isEmpty { touched.append(staff) }
        busy[staff].append(slot)
    }

    mutating func release(_ staff: Int, _ slot: Slot) {
        if let i = busy[staff].firstIndex(of: slot) { busy[staff].remove(at: i) }
    }

    /// Books and returns the first member of `pool` free during `slot`,
    /// trying them in turn from `offset`.
    mutating func pickFree(_ pool: [Int], _ slot: Slot, offset: Int) -> Int? {
        guard !pool.isEmpty else { return nil }
        for k in 0..<pool.count {
            let s = pool[(offset + k) % pool.count]
            if isFree(s, slot) {
                book(s, slot)
                return s
            }
        }
        return nil
    }
}

extension SchoolGenerator {
    /// Claimed hours x 100 for the whole of `minutes`: rounded to 2
    /// decimals, so within 0.005 h of the length (55 minutes: 0.92).
    static func claim(minutes: Int) -> Int { (minutes * 100 + 30) / 60 }

    /// Builds day `d`: the timetable's sessions on a school day, then the
    /// plants that fall on it.
    func buildDay(_ d: Int) {
        day.reset(d)
        let info = term.days[d]
        let (_, month, dayOfMonth) = info.date.components
        day.idPrefix = Array((plan.number + "-" + two(month) + two(dayOfMonth) + "-").utf8)
        if info.isSchoolDay { buildTimetable(info) }
        applyPlants(d)
    }

    private func two(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }

    private func buildTimetable(_ info: TermCalendar.Day) {
        let weekday = info.scheduleWeekday
        for (s, student) in roster.students.enumerated() { day.levels[s] = UInt8(student.level(weekday: weekday)) }
        let tt = plan.timetable

        // Class segment: homework help, led by the homeroom teacher.
        for (c, cls) in roster.classes.enumerated() {
            let slot = tt.homework(Band(grade: cls.grade), summer: info.isSummerTime)
            let start = day.expected.count
            for s in cls.students where day.levels[s] >= 1 { day.expected.append(Int32(s)) }
            guard day.expected.count > start else { continue }
            let lead = staff.homeroom(c)
            day.book(lead, slot)
            addSession(code: UInt8(ascii: "h"), number: c + 1, activity: SchoolActivities.homework, slot: slot,
                       expectedFrom: start, staffing: [Staffing(staff: .local(lead), role: .lead, claimed: normalClaim(slot))])
        }

        // Grade segment: clubs, the grade's students spread over them.
        var clubNumber = 0
        for grade in plan.grades {
            let band = Band(grade: grade)
            let groups = roster.clubGroups[grade - 1][weekday - 1]
            for (j, members) in groups.enumerated() {
                clubNumber += 1
                var slot = tt.club(band, summer: info.isSummerTime)
                if grade == plan.service.shortGrade {
                    // 40 minutes early, but a club of 20 minutes at least
                    // (a 40-minute club would vanish): under 2 hours either way.
                    slot.end = max(slot.start + 20, slot.end - 40)
                } else if plan.lateThursday && weekday == 4 && j == 0 && band != .lower {
                    slot.end = Timetable.lateClubEnd
                }
                let start = day.expected.count
                for s in members where day.levels[Int(s)] == 2 { day.expected.append(s) }
                guard day.expected.count > start else { continue }
                let activity = activities.clubOffer[grade - 1][weekday - 1][j]
                guard let staffing = clubStaffing(activities.rows[activity].kind, band: band, slot: slot,
                                                  offset: grade * 31 + weekday * 7 + j) else {
                    day.expected.removeSubrange(start...)
                    continue
                }
                addSession(code: UInt8(ascii: "c"), number: clubNumber, activity: activity, slot: slot,
                           expectedFrom: start, staffing: staffing)
            }
        }
        let lastEnd = day.sessions.map(\.slot.end).max() ?? 0

        // School segment: late care for those who asked, in groups of up to
        // 45 (none in a school that runs none, nor for its short grade).
        let extended = roster.students.indices.filter {
            day.levels[$0] == 2 && roster.students[$0].wantsExtended && roster.students[$0].grade != plan.service.shortGrade
        }
        guard !extended.isEmpty, !plan.service.noLateCare else { return }
        let begin = max(tt.lateCareStart, (lastEnd + 5 + 4) / 5 * 5)
        let slot = Slot(start: begin, end: begin + tt.lateCareMinutes)
        let groupCount = (extended.count + 44) / 45
        for g in 0..<groupCount {
            let part = extended[(g * extended.count / groupCount)..<((g + 1) * extended.count / groupCount)]
            guard let lead = day.pickFree(staff.allTeachers, slot, offset: day.index * 7 + g * 13) else { continue }
            var staffing = [Staffing(staff: .local(lead), role: .lead, claimed: normalClaim(slot))]
            if rng.chance(300), let helper = day.pickFree(staff.byKind[StaffKind.volunteer.rawValue], slot, offset: day.index + g) {
                staffing.append(Staffing(staff: .local(helper), role: .assistant, claimed: normalClaim(slot)))
            }
            let start = day.expected.count
            day.expected += part.map { Int32($0) }
            addSession(code: UInt8(ascii: "L"), number: g + 1, activity: SchoolActivities.lateCare, slot: slot,
                       expectedFrom: start, staffing: staffing)
        }
    }

    /// A club's staff: a teacher lead; or a lead of the club's kind with a
    /// teacher assisting. Nil when nobody is free (the club does not meet).
    private func clubStaffing(_ kind: ActivityKind, band: Band, slot: Slot, offset: Int) -> [Staffing]? {
        let claimed = normalClaim(slot)
        guard let teacher = day.pickFree(staff.teachersByBand[band.rawValue], slot, offset: offset)
                ?? day.pickFree(staff.allTeachers, slot, offset: offset) else { return nil }
        if kind.leadKind != .teacher, let lead = day.pickFree(staff.byKind[kind.leadKind.rawValue], slot, offset: offset) {
            return [Staffing(staff: .local(lead), role: .lead, claimed: claimed),
                    Staffing(staff: .local(teacher), role: .assistant, claimed: claimed)]
        }
        return [Staffing(staff: .local(teacher), role: .lead, claimed: claimed)]
    }

    /// The claim for a whole session; now and then a staff member claims
    /// half (an under-claim is not an anomaly).
    func normalClaim(_ slot: Slot) -> Int {
        let full = Self.claim(minutes: slot.minutes)
        return rng.chance(5) ? full / 2 : full
    }

    func addSession(code: UInt8, number: Int, activity: Int, slot: Slot, inScope: Bool = true, expectedFrom start: Int,
                    staffing: [Staffing], attendance: DaySession.Attendance = .normal) {
        day.sessions.append(DaySession(
            code: code, number: number, activity: activity, slot: slot, inScope: inScope,
            expected: start..<day.expected.count, staffing: staffing, attendance: attendance))
    }
}
