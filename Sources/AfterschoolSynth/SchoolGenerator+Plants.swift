/// Planting the audit anomalies of `metrics.md` into the day being built.
/// Each plant takes a session no other plant has touched, so a planted
/// session shows exactly the finding it was planted for; a plant that finds
/// no fitting session waits for the next day (a cross-school overlap, bound
/// to its date, is dropped instead). Only what is placed is recorded.
extension SchoolGenerator {
    func applyPlants(_ d: Int) {
        let info = term.days[d]
        var waiting: [PlantItem] = []
        for item in pending {
            guard item.day <= d else {
                waiting.append(item)
                continue
            }
            if place(item, info: info) { continue }
            // A cross-school overlap is bound to its date.
            if case .overlapTarget = item.kind { continue }
            waiting.append(item)
        }
        pending = waiting
        offerSchedules(d)
    }

    /// Places one plant on the day; false when the day has no fitting session.
    private func place(_ item: PlantItem, info: TermCalendar.Day) -> Bool {
        switch item.kind {
        case .overlapSource, .disclosureOver, .disclosureUnder, .disclosureMissing, .disclosureBoundary:
            return false
        case let .outOfScope(kind):
            guard kind.onDayOff == !info.isSchoolDay else { return false }
            return plantOutOfScope(kind)
        default:
            guard info.isSchoolDay else { return false }
        }
        switch item.kind {
        case .overClaim: return plantOverClaim(boundary: false)
        case .overClaimBoundary: return plantOverClaim(boundary: true)
        case .ghostAllAbsent: return plantGhostAllAbsent()
        case .ghostNoAttendance: return plantGhostNoAttendance()
        case .externalNoAssistant: return plantExternalWithoutAssistant(dropAll: false)
        case .externalNoStaff: return plantExternalWithoutAssistant(dropAll: true)
        case .unqualified: return plantUnqualified()
        case let .overlapTarget(n): return plantOverlap(n)
        default: return false
        }
    }

    /// A random untouched in-scope session with expected students that
    /// satisfies `fits`.
    private func pickSession(_ fits: (DaySession) -> Bool) -> Int? {
        let candidates = day.sessions.indices.filter {
            let s = day.sessions[$0]
            return !s.planted && s.inScope && !s.expected.isEmpty && s.attendance == .normal && fits(s)
        }
        guard !candidates.isEmpty else { return nil }
        return candidates[rng.below(candidates.count)]
    }

    private func finding(_ rule: String, session i: Int, staff: StaffRef? = nil, detail: String) {
        ledger.finding(rule, PlantedFinding(
            schoolId: plan.id, sessionId: day.idText(day.sessions[i]), staffId: staff.map(staffId), detail: detail))
    }

    func staffId(_ ref: StaffRef) -> String {
        switch ref {
        case let .local(i): return staff.members[i].id
        case let .foreign(id): return id
        }
    }

    /// Hours x 100 as text: `1.50`.
    static func hours(_ hundredths: Int) -> String {
        let v = abs(hundredths)
        return (hundredths < 0 ? "-" : "") + String(v / 100) + "." + (v % 100 < 10 ? "0" : "") + String(v % 100)
    }

    private func plantOverClaim(boundary: Bool) -> Bool {
        guard let i = pickSession({ s in
            s.staffing.contains { $0.role == .lead } && (!boundary || s.slot.minutes % 3 == 0)
        }), let lead = day.sessions[i].staffing.firstIndex(where: { $0.role == .lead }) else { return false }
        let minutes = day.sessions[i].slot.minutes
        let claimed: Int
        if boundary {
            claimed = minutes * 5 / 3 + 10
        } else {
            claimed = Self.claim(minutes: minutes) + [25, 50, 75, 100, 150, 200][rng.below(6)]
        }
        day.sessions[i].staffing[lead].claimed = claimed
        day.sessions[i].planted = true
        let who = day.sessions[i].staffing[lead].staff
        let detail = "claims \(Self.hours(claimed)) h on a \(minutes)-minute session"
        if boundary {
            ledger.nearMiss("over_claim", PlantedFinding(
                schoolId: plan.id, sessionId: day.idText(day.sessions[i]), staffId: staffId(who),
                detail: detail + ": exactly the length plus 0.10 h, not an over-claim"))
        } else {
            finding("over_claim", session: i, staff: who, detail: detail)
        }
        return true
    }

    private func plantGhostAllAbsent() -> Bool {
        guard let i = pickSession({ !$0.staffing.isEmpty }) else { return false }
        day.sessions[i].attendance = .allAbsent
        day.sessions[i].planted = true
        for s in day.sessions[i].staffing {
            finding("ghost_session", session: i, staff: s.staff,
                    detail: "every one of \(day.sessions[i].expected.count) students absent or excused")
        }
        return true
    }

    private func plantGhostNoAttendance() -> Bool {
        let slots = [Slot.hm(14, 0, 14, 30), .hm(19, 0, 19, 45)]
        let slot = slots[rng.below(slots.count)]
        guard let lead = day.pickFree(staff.allTeachers, slot, offset: rng.below(1000)) else { return false }
        addExtra(activity: SchoolActivities.talk, slot: slot, inScope: true, lead: lead, visitors: 0)
        let i = day.sessions.count - 1
        finding("ghost_session", session: i, staff: .local(lead), detail: "a staffed talk with no attendance rows")
        return true
    }

    private func plantOutOfScope(_ kind: ActivityCatalogue.OutOfScope) -> Bool {
        guard let activity = activities.outOfScope[kind],
              let lead = day.pickFree(staff.allTeachers, kind.slot, offset: rng.below(1000)) else { return false }
        addExtra(activity: activity, slot: kind.slot, inScope: false, lead: lead, visitors: rng.inRange(8...25))
        let i = day.sessions.count - 1
        let why = kind.onDayOff ? "on a day off" : "outside 14:00-20:00"
        finding("out_of_scope", session: i, staff: .local(lead), detail: "\(kind.kind.english) \(why)")
        return true
    }

    /// An extra session (`x` code) led by `lead`, with `visitors` random
    /// students (none: no attendance rows).
    private func addExtra(activity: Int, slot: Slot, inScope: Bool, lead: Int, visitors: Int) {
        let number = day.sessions.filter { $0.code == UInt8(ascii: "x") }.count + 1
        let start = day.expected.count
        day.expected += rng.sample(visitors, of: roster.students.count).map { Int32($0) }
        addSession(code: UInt8(ascii: "x"), number: number, activity: activity, slot: slot, inScope: inScope,
                   expectedFrom: start,
                   staffing: [Staffing(staff: .local(lead), role: .lead, claimed: Self.claim(minutes: slot.minutes))],
                   attendance: visitors == 0 ? .none : .normal)
        day.sessions[day.sessions.count - 1].planted = true
    }

    private func plantExternalWithoutAssistant(dropAll: Bool) -> Bool {
        let i: Int?
        if dropAll {
            i = pickSession { activities.rows[$0.activity].kind.provider == .external }
        } else {
            i = pickSession { s in
                s.staffing.count == 2 && s.staffing[1].role == .assistant && isNonTeacher(s.staffing[0].staff)
            }
        }
        guard let i else { return false }
        if dropAll {
            day.sessions[i].staffing.removeAll()
        } else {
            day.sessions[i].staffing.removeLast()
        }
        day.sessions[i].planted = true
        let kind = activities.rows[day.sessions[i].activity].kind
        ledger.finding("external_without_assistant", PlantedFinding(
            schoolId: plan.id, sessionId: day.idText(day.sessions[i]),
            detail: dropAll ? "\(kind.english) (external provider) with no staff at all"
                : "\(kind.english) led by a non-teacher with no teacher on the session"))
        return true
    }

    private func isNonTeacher(_ ref: StaffRef) -> Bool {
        if case let .local(i) = ref { return staff.members[i].kind != .teacher }
        return false
    }

    private func plantUnqualified() -> Bool {
        guard let volunteer = staff.unqualified,
              let i = pickSession({ $0.activity == SchoolActivities.lateCare && day.isFree(volunteer, $0.slot) })
        else { return false }
        day.book(volunteer, day.sessions[i].slot)
        day.sessions[i].staffing.append(Staffing(
            staff: .local(volunteer), role: .assistant, claimed: Self.claim(minutes: day.sessions[i].slot.minutes)))
        day.sessions[i].planted = true
        finding("unqualified_external", session: i, staff: .local(volunteer),
                detail: "a volunteer whose qualification was never checked helps in late care")
        return true
    }

    /// Books a teacher of an earlier school on one of this school's
    /// sessions that overlaps exactly one of the teacher's sessions there.
    private func plantOverlap(_ item: Int) -> Bool {
        let schedules = rng.shuffled(handoff.take(item))
        let candidates = rng.shuffled(day.sessions.indices.filter {
            let s = day.sessions[$0]
            return !s.planted && s.inScope && !s.expected.isEmpty && s.attendance == .normal
                && activities.rows[s.activity].kind.segment != .school
        })
        for i in candidates {
            let slot = day.sessions[i].slot
            for schedule in schedules {
                let overlapping = schedule.bookings.filter { $0.slot.overlaps(slot) }
                guard overlapping.count == 1 else { continue }
                let other = overlapping[0]
                day.sessions[i].staffing.append(Staffing(
                    staff: .foreign(schedule.staffId), role: .assistant, claimed: Self.claim(minutes: slot.minutes)))
                day.sessions[i].planted = true
                let here = day.idText(day.sessions[i])
                // The finding's session is the later-starting one (ties: the
                // larger id); it belongs to that session's school.
                let hereIsLater = slot.start > other.slot.start
                    || (slot.start == other.slot.start && utf8Less(other.sessionId, here))
                let minutes = min(slot.end, other.slot.end) - max(slot.start, other.slot.start)
                ledger.finding("staff_overlap", PlantedFinding(
                    schoolId: hereIsLater ? plan.id : schedule.schoolId,
                    sessionId: hereIsLater ? here : other.sessionId,
                    otherSessionId: hereIsLater ? other.sessionId : here,
                    staffId: schedule.staffId,
                    detail: "\(schedule.staffId) of \(schedule.schoolId) booked at \(schedule.schoolId) and \(plan.id) at once (\(minutes) minutes)"))
                return true
            }
        }
        return false
    }

    /// For each cross-school overlap whose source is this school today:
    /// hands teachers' in-scope sessions of the day to the later school.
    /// Items of the same day get different teachers, so no teacher is booked
    /// twice elsewhere.
    private func offerSchedules(_ d: Int) {
        let items = overlapSources.filter { $0.day == d }.map(\.item)
        guard !items.isEmpty else { return }
        var bookings = [[OverlapHandoff.Booking]](repeating: [], count: staff.members.count)
        for s in day.sessions where s.inScope {
            for st in s.staffing {
                if case let .local(i) = st.staff, staff.members[i].kind == .teacher {
                    bookings[i].append(OverlapHandoff.Booking(sessionId: day.idText(s), slot: s.slot))
                }
            }
        }
        for (k, item) in items.enumerated() {
            var schedules: [OverlapHandoff.Schedule] = []
            for (i, b) in bookings.enumerated() where !b.isEmpty && i % items.count == k {
                schedules.append(OverlapHandoff.Schedule(schoolId: plan.id, staffId: staff.members[i].id, bookings: b))
            }
            handoff.offer(item, schedules)
        }
    }
}
