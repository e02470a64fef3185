import AfterschoolDomain

/// Writing a day's sessions, staffing and attendance, and recording the
/// staffing rows in the workload ledger.
extension SchoolGenerator {
    func writeDay(_ d: Int) {
        guard !day.sessions.isEmpty else { return }
        let info = term.days[d]
        let date = style.date(info.date)
        let placed = placeStreamedMalformed(d)
        let sessionsFile = files[.sessions], staffingFile = files[.staffing]
        for (i, s) in day.sessions.enumerated() {
            let id = day.id(s)
            sessionsFile.field(id)
            sessionsFile.field(activityIds[s.activity])
            sessionsFile.field(date)
            sessionsFile.field(style.times[s.slot.start])
            sessionsFile.field(style.times[s.slot.end])
            sessionsFile.endRow()

            let present = writeAttendance(s, id: id)
            for st in s.staffing {
                staffingFile.field(id)
                staffingFile.field(staffIdBytes(st.staff))
                staffingFile.field(style.role[st.role.rawValue])
                staffingFile.hundredths(st.claimed)
                staffingFile.endRow()
                workload.record(st.staff, month: info.monthIndex, claimedHundredths: st.claimed,
                                minutes: s.slot.minutes, payable: s.inScope && present > 0)
            }
            for kind in placed[i] ?? [] {
                writeMalformedStreamed(kind, session: s, id: id, date: date, day: info)
            }
        }
    }

    func staffIdBytes(_ ref: StaffRef) -> [UInt8] {
        switch ref {
        case let .local(i): return staffIds[i]
        case let .foreign(id): return Array(id.utf8)
        }
    }

    /// The streamed malformed rows (sessions, staffing, attendance) due by
    /// day `d`, by the session they follow: the drawn session, or the next
    /// one that has the rows the kind repeats. A row that fits no session
    /// of the day waits for the next day.
    private func placeStreamedMalformed(_ d: Int) -> [Int: [MalformedKind]] {
        var placed: [Int: [MalformedKind]] = [:]
        var waiting: [MalformedItem] = []
        let n = day.sessions.count
        for item in streamedMalformed {
            guard item.day <= d else {
                waiting.append(item)
                continue
            }
            let first = item.index(in: n)
            let fit = (0..<n).lazy.map { (first + $0) % n }.first { self.fits(item.kind, self.day.sessions[$0]) }
            if let fit {
                placed[fit, default: []].append(item.kind)
            } else {
                waiting.append(item)
            }
        }
        streamedMalformed = waiting
        return placed
    }

    private func fits(_ kind: MalformedKind, _ s: DaySession) -> Bool {
        switch kind.file {
        case .attendance: return s.hasAttendanceRows
        case .staffing: return !s.staffing.isEmpty
        default: return true
        }
    }

    /// Writes the session's attendance rows: one per expected student, in
    /// student order. At least one is present unless the session is a
    /// planted ghost. Returns the number present.
    private func writeAttendance(_ s: DaySession, id: [UInt8]) -> Int {
        guard s.hasAttendanceRows else { return 0 }
        let n = s.expected.count
        if day.statuses.count < n {
            day.statuses = Array(repeating: 0, count: n)
            day.checkOuts = Array(repeating: -1, count: n)
        }
        var present = 0
        let ghost = s.attendance == .allAbsent
        for k in 0..<n {
            let student = roster.students[Int(day.expected[s.expected.lowerBound + k])]
            var status: Status
            var checkOut = -1
            if ghost || student.behaviour == .neverAttends {
                status = rng.chance(600) ? .absent : .excused
            } else {
                let r = rng.below(1000)
                if r < student.absencePermille {
                    status = r & 1 == 0 ? .absent : .excused
                } else if r < student.absencePermille + 15 {
                    status = .leftEarly
                    if r & 3 != 0 { checkOut = s.slot.start + 10 + rng.below(max(1, s.slot.minutes - 20)) }
                } else {
                    status = .present
                }
            }
            if status.isPresent { present += 1 }
            day.statuses[k] = UInt8(status.rawValue)
            day.checkOuts[k] = Int16(checkOut)
        }
        if present == 0 && !ghost {
            // Nobody came by chance: the first student who comes at all
            // was there (an unplanned ghost would be a false finding).
            let k = (0..<n).first {
                roster.students[Int(day.expected[s.expected.lowerBound + $0])].behaviour != .neverAttends
            } ?? 0
            day.statuses[k] = UInt8(Status.present.rawValue)
            day.checkOuts[k] = -1
            present = 1
        }
        let w = files[.attendance]
        let statusText = style.status, times = style.times, ids = roster.studentIds
        for k in 0..<n {
            let t = Int(day.checkOuts[k])
            w.row(id, ids[Int(day.expected[s.expected.lowerBound + k])], statusText[Int(day.statuses[k])],
                  t >= 0 ? times[t] : nil)
        }
        attendanceRows += n
        return present
    }
}
