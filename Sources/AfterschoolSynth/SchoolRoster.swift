/// One student: roster row, survey answers, and how they attend.
struct Student {
    /// How a student attends the service.
    enum Behaviour: UInt8 {
        /// Did not ask and does not come.
        case none
        /// Asked; comes on the chosen days.
        case regular
        /// Asked, but never attends (absent or excused every time).
        case neverAttends
        /// Did not ask, but comes to homework help one day a week (every
        /// day in a school that keeps those who did not ask).
        case occasional
    }

    /// The survey row: none, or `wants_service` 1 or 0.
    enum Survey: UInt8 { case none, yes, no }

    let grade: Int
    /// Index in ``SchoolRoster/classes``.
    let classIndex: Int
    /// disability, left_behind, migrant, low_income: bits 0 to 3.
    let groups: UInt8
    let survey: Survey
    /// The weekdays the family chose (bit 0 = Monday).
    let daysMask: UInt8
    /// The weekdays the student is expected: the chosen ones, unless the
    /// school ignores the choice (``ServiceDeparture/ignoresChosenDays``).
    let attendsMask: UInt8
    /// Whether the survey names the days (else blank: all five).
    let daysWritten: Bool
    let wantsExtended: Bool
    /// Interests: bits over ``Category/quality``.
    let interests: UInt8
    let behaviour: Behaviour
    /// Per mille of sessions missed (absent or excused).
    let absencePermille: Int

    /// 2: expected at every session of the day; 1: homework help only; 0: not expected.
    @inline(__always)
    func level(weekday: Int) -> Int {
        guard attendsMask & (1 << (weekday - 1)) != 0 else { return 0 }
        switch behaviour {
        case .none: return 0
        case .occasional: return 1
        case .regular, .neverAttends: return 2
        }
    }
}

/// A class: its grade, its id (`3-2`), its students and PE weekdays.
struct SchoolClass {
    let grade: Int
    let id: String
    /// Indices in ``SchoolRoster/students``.
    let students: Range<Int>
    /// PE weekdays (bit 0 = Monday).
    let peDays: UInt8
}

/// A school's students and classes, and how each grade's students are
/// spread over the grade's clubs on each weekday.
struct SchoolRoster {
    let students: [Student]
    /// Student ids: the school number and a 4-digit sequence (`00010001`).
    let studentIds: [[UInt8]]
    let classes: [SchoolClass]
    /// Per grade 1...9: the club groups on each weekday:
    /// `clubGroups[grade - 1][weekday - 1][group]` lists student indices, ascending.
    let clubGroups: [[[[Int32]]]]

    init(plan: SchoolPlan, rng: inout SyntheticRandom) {
        var students: [Student] = []
        var ids: [[UInt8]] = []
        var classes: [SchoolClass] = []
        var clubGroups = [[[[Int32]]]](repeating: [], count: 9)
        let groupPermille = (
            disability: rng.inRange(10...20), leftBehind: rng.inRange(30...100),
            migrant: rng.inRange(50...200), lowIncome: rng.inRange(20...50))
        for grade in plan.grades {
            let classCount = plan.classesPerGrade[grade - 1]
            let gradeStart = students.count
            for c in 1...classCount {
                let size = plan.rural ? rng.inRange(22...40) : rng.inRange(35...45)
                let first = students.count
                for _ in 0..<size {
                    var groups: UInt8 = 0
                    if rng.chance(groupPermille.disability) { groups |= 1 }
                    if rng.chance(groupPermille.leftBehind) { groups |= 2 }
                    if rng.chance(groupPermille.migrant) { groups |= 4 }
                    if rng.chance(groupPermille.lowIncome) { groups |= 8 }
                    students.append(Self.student(grade: grade, classIndex: classes.count, groups: groups, plan: plan, rng: &rng))
                    ids.append(Array((plan.number + Self.pad4(students.count)).utf8))
                }
                var pe: UInt8 = 0
                for day in rng.sample(rng.inRange(2...3), of: 5) { pe |= 1 << day }
                classes.append(SchoolClass(grade: grade, id: "\(grade)-\(c)", students: first..<students.count, peDays: pe))
            }
            // Clubs: as many groups as classes; a student's group changes
            // with the weekday, so classes mix.
            let groupCount = classCount
            var byWeekday: [[[Int32]]] = []
            for weekday in 0..<5 {
                var groups = [[Int32]](repeating: [], count: groupCount)
                for s in gradeStart..<students.count {
                    groups[(s - gradeStart + weekday) % groupCount].append(Int32(s))
                }
                byWeekday.append(groups)
            }
            clubGroups[grade - 1] = byWeekday
        }
        self.students = students
        studentIds = ids
        self.classes = classes
        self.clubGroups = clubGroups
    }

    private static func student(grade: Int, classIndex: Int, groups: UInt8, plan: SchoolPlan,
                                rng: inout SyntheticRandom) -> Student {
        let hasSurvey = rng.chance(plan.surveyPermille)
        let asks = hasSurvey && rng.chance(plan.requestPermille)
        var behaviour: Student.Behaviour = .none
        var days: UInt8 = 0
        var written = false
        var attends: UInt8 = 0
        if asks {
            behaviour = rng.chance(10) ? .neverAttends : .regular
            if rng.chance(plan.partialDaysPermille) {
                for d in rng.sample(rng.inRange(2...4), of: 5) { days |= 1 << d }
                written = true
                // Monday and Wednesday, whatever the family chose.
                attends = plan.service.ignoresChosenDays ? 0b00101 : days
            } else {
                days = 0x1F
                written = rng.chance(300)
                attends = days
            }
        } else if rng.chance(15) || plan.service.keepsNonAskers {
            behaviour = .occasional
            attends = plan.service.keepsNonAskers ? 0x1F : 1 << rng.below(5)
            days = attends
        }
        let extended = asks && rng.chance(plan.extendedPermille)
        var interests: UInt8 = 0
        if hasSurvey && rng.chance(800) {
            for i in rng.sample(rng.inRange(1...3), of: Category.quality.count) { interests |= 1 << i }
        }
        let absence = [25, 45, 80, 160][rng.weighted([40, 35, 18, 7])]
        return Student(
            grade: grade, classIndex: classIndex, groups: groups,
            survey: hasSurvey ? (asks ? .yes : .no) : .none, daysMask: days, attendsMask: attends, daysWritten: written,
            wantsExtended: extended, interests: interests, behaviour: behaviour, absencePermille: absence)
    }

    /// A number as four digits (`0042`).
    static func pad4(_ n: Int) -> String {
        let s = String(n)
        return s.count >= 4 ? s : String(repeating: "0", count: 4 - s.count) + s
    }

    /// The id of student `index` as text.
    func id(_ index: Int) -> String { String(decoding: studentIds[index], as: UTF8.self) }
}
