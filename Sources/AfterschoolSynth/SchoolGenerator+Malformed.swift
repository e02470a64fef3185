import AfterschoolDomain

/// Writing the planted malformed rows. Each is recorded with the physical
/// line it lands on, and is a leaf: a new id nothing refers to, a repeat of
/// the row just written (the first row wins), or a bad value in a row no
/// other row needs.
extension SchoolGenerator {
    /// An id for an extra row: `prefix`, the school number, `9` and three digits.
    private func extraId(_ prefix: String, separator: String = "") -> String {
        extraSequence += 1
        let n = String(extraSequence)
        return prefix + plan.number + separator + "9" + String(repeating: "0", count: max(0, 3 - n.count)) + n
    }

    private func begin(_ kind: MalformedKind) -> CSVFileWriter {
        let w = files[kind.file]
        ledger.reject(kind, at: w)
        return w
    }

    static let unknownSchool = "S9999"

    func writeMalformedStudent(_ kind: MalformedKind, after i: Int) {
        let w = begin(kind)
        let s = roster.students[i]
        w.ascii(kind == .studentDuplicate ? roster.id(i) : extraId(""))
        w.ascii(kind == .studentUnknownSchool ? Self.unknownSchool : plan.id)
        if kind == .studentGradeOutOfRange { w.int(10) } else { w.int(s.grade) }
        switch kind {
        case .studentMissingClass: w.blank()
        case .studentGradeOutOfRange: w.ascii("10-1")
        default: w.ascii(roster.classes[s.classIndex].id)
        }
        for bit in 0..<4 {
            if kind == .studentBadFlag && bit == 1 { w.ascii("2") } else { w.field(style.no) }
        }
        if kind == .studentFieldCount { w.ascii("x") }
        w.endRow()
    }

    func writeMalformedPE(_ kind: MalformedKind, classId: String) {
        let w = begin(kind)
        w.ascii(plan.id)
        w.ascii(kind == .peUnknownClass ? "0-1" : classId)
        switch kind {
        case .peWeekdayOutOfRange: w.int(6)
        case .peBadWeekday: w.ascii("Sat")
        default: w.int(1)
        }
        w.endRow()
    }

    func writeMalformedSurvey(_ kind: MalformedKind, after s: Int) {
        let w = begin(kind)
        switch kind {
        case .surveyDuplicate:
            w.field(roster.studentIds[s])
        case .surveyUnknownStudent:
            w.ascii(extraId(""))
        default:
            // A student with no survey row of their own, when there is one.
            let unsurveyed = roster.students.indices.filter { roster.students[$0].survey == .none }
            if unsurveyed.isEmpty { w.ascii(extraId("")) } else { w.field(roster.studentIds[rng.pick(unsurveyed)]) }
        }
        switch kind {
        case .surveyBadAnswer: w.ascii("maybe")
        case .surveyMissingAnswer: w.blank()
        default: w.field(style.yes)
        }
        if kind == .surveyBadDay { w.ascii("Sat") } else { w.blank() }
        w.field(style.no)
        w.blank()
        w.endRow()
    }

    func writeMalformedActivity(_ kind: MalformedKind) throws(SynthError) {
        let w = begin(kind)
        w.ascii(extraId("A", separator: "-"))
        w.ascii(kind == .activityUnknownSchool ? Self.unknownSchool : plan.id)
        if kind == .activityMissingName { w.blank() } else { w.text(try style.codec.text("音乐欣赏 Music")) }
        if kind == .activityBadCategory { w.ascii("music") } else { w.field(style.category[Category.arts.rawValue]) }
        w.field(style.segment[Segment.grade.rawValue])
        w.field(style.provider[Provider.inSchool.rawValue])
        w.endRow()
    }

    func writeMalformedStaff(_ kind: MalformedKind, after i: Int) {
        let member = staff.members[i]
        let id = kind == .staffDuplicate ? member.id : extraId("T")
        ledger.reject(kind, at: files[.staff])
        let school = kind == .staffUnknownSchool ? Self.unknownSchool : plan.id
        switch kind {
        case .staffBadKind: writeStaffRow(id: id, school: school, member: member, kind: Array("contractor".utf8))
        case .staffMissingKind: writeStaffRow(id: id, school: school, member: member, kind: [])
        default: writeStaffRow(id: id, school: school, member: member, kind: style.staffKind[member.kind.rawValue])
        }
    }

    /// A malformed row of sessions, staffing or attendance, after the rows
    /// of session `s` (whose id is `id`).
    func writeMalformedStreamed(_ kind: MalformedKind, session s: DaySession, id: [UInt8], date: [UInt8],
                                day info: TermCalendar.Day) {
        let w = begin(kind)
        let unknownSession = String(decoding: day.idPrefix, as: UTF8.self) + "q999"
        switch kind.file {
        case .sessions:
            w.ascii(kind == .sessionDuplicate ? day.idText(s) : extraId("", separator: "-z"))
            switch kind {
            case .sessionMissingActivity: w.blank()
            case .sessionUnknownActivity: w.ascii("A9999-99")
            default: w.field(activityIds[s.activity])
            }
            if kind == .sessionBadDate { w.ascii("2025-13-45") } else { w.field(date) }
            if kind == .sessionBadStart { w.ascii("25:00") } else { w.field(style.times[kind == .sessionEndBeforeStart ? 16 * 60 : 15 * 60]) }
            w.field(style.times[kind == .sessionEndBeforeStart ? 15 * 60 : 16 * 60])
            if kind == .sessionFieldCount { w.ascii("x") }
        case .staffing:
            let first = s.staffing.first ?? Staffing(staff: .local(0), role: .lead, claimed: 100)
            if kind == .staffingUnknownSession { w.ascii(unknownSession) } else { w.field(id) }
            if kind == .staffingUnknownStaff { w.ascii("T9999999") } else { w.field(staffIdBytes(first.staff)) }
            if kind == .staffingBadRole { w.ascii("teacher") } else { w.field(style.role[first.role.rawValue]) }
            switch kind {
            case .staffingTooPrecise: w.ascii("1.667")
            case .staffingNegative: w.ascii("-0.50")
            case .staffingMissingHours: w.blank()
            default: w.hundredths(first.claimed + 100)
            }
            if kind == .staffingFieldCount { w.ascii("x") }
        default:
            let last = Int(day.expected[s.expected.upperBound - 1])
            if kind == .attendanceUnknownSession { w.ascii(unknownSession) } else { w.field(id) }
            if kind == .attendanceOtherSchoolStudent, let earlier { w.ascii(earlier.studentId) } else { w.field(roster.studentIds[last]) }
            switch kind {
            case .attendanceBadStatus: w.ascii("presnt")
            case .attendanceMissingStatus: w.blank()
            case .attendanceBadCheckOut: w.field(style.status[Status.leftEarly.rawValue])
            case .attendanceDuplicate: w.field(style.status[Status.absent.rawValue])
            default: w.field(style.status[Status.present.rawValue])
            }
            if kind == .attendanceBadCheckOut { w.ascii("25:00") } else { w.blank() }
            if kind == .attendanceFieldCount { w.ascii("x") }
        }
        w.endRow()
    }
}
