import AfterschoolDomain

/// Generates one school's rows in every file, day by day: the roster,
/// survey, timetable, staff and activities first, then each day's sessions
/// with their staffing and attendance, then satisfaction, disclosures and
/// the budget. Holds one school's data at a time.
///
/// Not `Sendable`: it writes through the shared files.
final class SchoolGenerator {
    let plan: SchoolPlan
    let term: TermCalendar
    let files: DatasetFiles
    let ledger: PlantedLedger
    let handoff: OverlapHandoff
    let earlier: EarlierSchool?
    var rng: SyntheticRandom
    let roster: SchoolRoster
    let activities: SchoolActivities
    let staff: SchoolStaff
    /// Plants not placed yet, in day order.
    var pending: [PlantItem]
    /// Cross-school overlaps whose source is this school: (item, day).
    let overlapSources: [(item: Int, day: Int)]
    /// Disclosure plants, placed once the term's ledger is complete.
    let disclosurePlants: [PlantItem.Kind]
    /// Malformed rows of the files written once per school.
    let malformed: [MalformedItem]
    /// Malformed rows of sessions, staffing and attendance not written yet.
    var streamedMalformed: [MalformedItem]
    var workload: WorkloadLedger
    /// Attendance rows written so far.
    var attendanceRows = 0
    let activityIds: [[UInt8]]
    let staffIds: [[UInt8]]
    /// Numbers for the ids of malformed extra rows.
    var extraSequence = 0

    // The day being built.
    var day = DayState()

    let style: OutputStyle

    init(plan: SchoolPlan, seed: UInt64, term: TermCalendar, files: DatasetFiles, plants: [PlantItem],
         malformed: [MalformedItem], ledger: PlantedLedger, handoff: OverlapHandoff,
         earlier: EarlierSchool?) throws(SynthError) {
        self.plan = plan
        self.term = term
        self.files = files
        style = files.style
        self.ledger = ledger
        self.handoff = handoff
        self.earlier = earlier
        let streamed: [InputFile] = [.sessions, .staffing, .attendance]
        self.malformed = malformed.filter { !streamed.contains($0.kind.file) }
        streamedMalformed = malformed.filter { streamed.contains($0.kind.file) }
        pending = plants.filter {
            if case .overlapSource = $0.kind { return false }
            return !$0.kind.isDisclosure
        }
        overlapSources = plants.compactMap {
            if case let .overlapSource(n) = $0.kind { return (n, $0.day) }
            return nil
        }
        disclosurePlants = plants.map(\.kind).filter(\.isDisclosure)
        var rng = SyntheticRandom(seed: seed, stream: plan.stream)
        roster = SchoolRoster(plan: plan, rng: &rng)
        let outOfScope: [ActivityCatalogue.OutOfScope] = plants.compactMap {
            if case let .outOfScope(k) = $0.kind { return k }
            return nil
        }
        activities = SchoolActivities(plan: plan, roster: roster, outOfScopeNeeded: outOfScope, rng: &rng)
        staff = try SchoolStaff(
            plan: plan, roster: roster, activities: activities,
            needsUnqualified: plants.contains { $0.kind == .unqualified }, codec: files.style.codec, rng: &rng)
        workload = WorkloadLedger(staff: staff.members.count, months: term.months.count)
        activityIds = activities.rows.map { Array($0.id.utf8) }
        staffIds = staff.members.map { Array($0.id.utf8) }
        self.rng = rng
        day.busy = Array(repeating: [], count: staff.members.count)
        day.levels = Array(repeating: 0, count: roster.students.count)
    }

    /// Writes the school's rows in every file.
    func generate() throws(SynthError) {
        try writeStudents()
        writePETimetable()
        writeSurvey()
        try writeActivities()
        writeStaff()
        for d in term.days.indices {
            buildDay(d)
            writeDay(d)
        }
        writeSatisfaction()
        writeDisclosures()
        writeBudget()
    }

    /// The ids an earlier school offers the schools after it.
    var idsForLaterSchools: EarlierSchool {
        EarlierSchool(studentId: roster.id(0), activityId: activities.rows[SchoolActivities.homework].id)
    }

    /// The planted malformed rows of `file`, by the row index (of
    /// `count` rows) they follow.
    func malformedRows(_ file: InputFile, count: Int) -> [Int: [MalformedKind]] {
        var byRow: [Int: [MalformedKind]] = [:]
        for item in malformed where item.kind.file == file {
            byRow[item.index(in: count), default: []].append(item.kind)
        }
        return byRow
    }

    // MARK: Roster files

    private func writeStudents() throws(SynthError) {
        let w = files[.students]
        let inserts = malformedRows(.students, count: roster.students.count)
        for (i, s) in roster.students.enumerated() {
            w.field(roster.studentIds[i])
            w.ascii(plan.id)
            w.int(s.grade)
            w.ascii(roster.classes[s.classIndex].id)
            for bit in 0..<4 { w.field(style.bool(s.groups & (1 << bit) != 0)) }
            w.endRow()
            for kind in inserts[i] ?? [] { writeMalformedStudent(kind, after: i) }
        }
    }

    private func writePETimetable() {
        let w = files[.peTimetable]
        var rows: [(Int, Int)] = []
        for (c, cls) in roster.classes.enumerated() {
            for weekday in 1...5 where cls.peDays & (1 << (weekday - 1)) != 0 { rows.append((c, weekday)) }
        }
        let inserts = malformedRows(.peTimetable, count: rows.count)
        for (i, (c, weekday)) in rows.enumerated() {
            w.ascii(plan.id)
            w.ascii(roster.classes[c].id)
            w.int(weekday)
            w.endRow()
            for kind in inserts[i] ?? [] { writeMalformedPE(kind, classId: roster.classes[c].id) }
        }
    }

    private func writeSurvey() {
        let w = files[.survey]
        let surveyed = roster.students.indices.filter { roster.students[$0].survey != .none }
        let inserts = malformedRows(.survey, count: surveyed.count)
        for (i, s) in surveyed.enumerated() {
            let student = roster.students[s]
            w.field(roster.studentIds[s])
            w.field(style.bool(student.survey == .yes))
            if student.survey == .yes && student.daysWritten {
                w.field(style.daysList[Int(student.daysMask)])
            } else {
                w.blank()
            }
            w.field(style.bool(student.wantsExtended))
            if student.interests == 0 { w.blank() } else { w.field(style.interestsList[Int(student.interests)]) }
            w.endRow()
            for kind in inserts[i] ?? [] { writeMalformedSurvey(kind, after: s) }
        }
    }

    private func writeActivities() throws(SynthError) {
        let w = files[.activities]
        let inserts = malformedRows(.activities, count: activities.rows.count)
        for (i, row) in activities.rows.enumerated() {
            w.ascii(row.id)
            w.ascii(plan.id)
            w.text(try style.codec.text(row.kind.name))
            w.field(style.category[row.kind.category.rawValue])
            w.field(style.segment[row.kind.segment.rawValue])
            w.field(style.provider[row.kind.provider.rawValue])
            w.endRow()
            for kind in inserts[i] ?? [] { try writeMalformedActivity(kind) }
        }
    }

    private func writeStaff() {
        let inserts = malformedRows(.staff, count: staff.members.count)
        for (i, m) in staff.members.enumerated() {
            writeStaffRow(id: m.id, school: plan.id, member: m, kind: style.staffKind[m.kind.rawValue])
            for kind in inserts[i] ?? [] { writeMalformedStaff(kind, after: i) }
        }
    }

    /// One `staff.csv` row; `kind` is the (possibly bad) kind text.
    func writeStaffRow(id: String, school: String, member: SchoolStaff.Member, kind: [UInt8]) {
        let w = files[.staff]
        w.ascii(id)
        w.ascii(school)
        if let name = member.name { w.text(name) } else { w.blank() }
        w.field(kind)
        w.field(style.bool(member.qualified))
        w.endRow()
    }

    private func writeBudget() {
        let w = files[.budget]
        let perStudent = rng.inRange(15_000...40_000)
        let amount = roster.students.count * perStudent + rng.below(100)
        w.ascii(plan.id)
        w.hundredths(amount)
        w.endRow()
        for item in malformed where item.kind == .budgetDuplicate {
            ledger.reject(item.kind, at: w)
            w.ascii(plan.id)
            w.hundredths(amount / 2)
            w.endRow()
        }
    }
}

extension PlantItem.Kind {
    /// Disclosure plants wait for the term's ledger.
    var isDisclosure: Bool {
        switch self {
        case .disclosureOver, .disclosureUnder, .disclosureMissing, .disclosureBoundary: return true
        default: return false
        }
    }
}
