/// The shape of one school, drawn before any of its rows: stage, size,
/// specialty, timetable and the school's demand for the service.
struct SchoolPlan {
    /// 0-based position in the district (and in every file).
    let index: Int
    /// `S0001` (after the district prefix, if any).
    private(set) var id: String
    /// `0001` (after the district prefix, if any): the prefix of the
    /// school's student, session, activity and staff ids.
    private(set) var number: String
    let stage: Stage
    let specialty: Specialty
    /// For a specialty school: whether its clubs are mostly sports and arts
    /// (most are; some are not, and fail `specialty_ok`).
    let specialtyMet: Bool
    let ownership: Ownership
    /// Classes of each grade 1...9 (0 for grades the school does not teach).
    let classesPerGrade: [Int]
    /// One class per grade, in the countryside: smaller classes.
    let rural: Bool
    let timetable: Timetable
    /// Thursday's first club of grades 3 and up runs until 17:45 (school
    /// team training): late in winter time.
    let lateThursday: Bool
    /// Share of students (per mille) asking for the service.
    var requestPermille: Int
    /// Share of requesting students (per mille) who also want late care.
    let extendedPermille: Int
    /// Share of requesting students (per mille) who come on some weekdays only.
    var partialDaysPermille: Int
    /// Share of students (per mille) with a survey row.
    let surveyPermille: Int
    /// How the school departs from the service the seeds ask for (planted).
    var service = ServiceDeparture.none

    var grades: [Int] { (1...9).filter { classesPerGrade[$0 - 1] > 0 } }

    /// The plan with `prefix` before its id and number (and so before every
    /// student, session, activity and staff id of the school).
    func prefixed(_ prefix: String) -> SchoolPlan {
        guard !prefix.isEmpty else { return self }
        var plan = self
        plan.id = prefix + id
        plan.number = prefix + number
        return plan
    }
    var classCount: Int { classesPerGrade.reduce(0, +) }
    /// The random stream of the school's own rows.
    var stream: UInt64 { UInt64(index + 1) }

    /// Grades a stage teaches.
    static func grades(_ stage: Stage) -> ClosedRange<Int> {
        switch stage {
        case .primary: return 1...6
        case .middle: return 7...9
        case .nineYear: return 1...9
        }
    }
}

/// Draws every school's plan for a scale.
enum DistrictPlan {
    /// The schools of a district; with a `prefix` (a district id), every
    /// id the files hold starts with it, so that two districts' ids do not
    /// collide in a city.
    static func schools(_ scale: Scale, prefix: String = "", rng: inout SyntheticRandom) -> [SchoolPlan] {
        let plans = scale == .small ? smallDistrict(&rng) : (0..<scale.schools).map { school(index: $0, rng: &rng) }
        return plans.map { $0.prefixed(prefix) }
    }

    /// A primary school with a sports specialty (four classes a grade in
    /// grades 1-3, three in 4-6) and a nine-year school with two classes a
    /// grade: about 1,500 students.
    private static func smallDistrict(_ rng: inout SyntheticRandom) -> [SchoolPlan] {
        [
            make(index: 0, stage: .primary, classes: [4, 4, 4, 3, 3, 3, 0, 0, 0], rural: false,
                 specialty: .sports, met: true, ownership: .publicSchool, timetable: .specialty,
                 lateThursday: false, rng: &rng),
            make(index: 1, stage: .nineYear, classes: [2, 2, 2, 2, 2, 2, 2, 2, 2], rural: false,
                 specialty: .none, met: false, ownership: .publicSchool, timetable: .standard,
                 lateThursday: true, rng: &rng),
        ]
    }

    private static func school(index: Int, rng: inout SyntheticRandom) -> SchoolPlan {
        let stage = [Stage.primary, .middle, .nineYear][rng.weighted([55, 30, 15])]
        // Size: rural (one class a grade), medium or large, by stage.
        let size = rng.weighted(stage == .primary ? [20, 50, 30] : stage == .middle ? [15, 55, 30] : [30, 45, 25])
        let base: ClosedRange<Int>
        switch (stage, size) {
        case (_, 0): base = stage == .middle ? 3...3 : 1...1
        case (.primary, 1): base = 3...6
        case (.primary, _): base = 7...11
        case (.middle, 1): base = 6...10
        case (.middle, _): base = 12...18
        case (.nineYear, 1): base = 2...4
        case (.nineYear, _): base = 5...7
        }
        let perGrade = rng.inRange(base)
        var classes = [Int](repeating: 0, count: 9)
        for g in SchoolPlan.grades(stage) {
            // Grade sizes vary by a class either way in bigger schools.
            classes[g - 1] = perGrade >= 3 ? perGrade + rng.inRange(-1...1) : perGrade
        }
        let specialty = [Specialty.none, .sports, .arts, .sportsArts][rng.weighted([90, 4, 3, 3])]
        let met = specialty != .none && rng.chance(750)
        let timetable: Timetable = specialty != .none ? .specialty : (rng.chance(600) ? .standard : .compact)
        return make(index: index, stage: stage, classes: classes, rural: size == 0 && stage != .middle,
                     specialty: specialty, met: met, ownership: rng.chance(100) ? .privateSchool : .publicSchool,
                     timetable: timetable, lateThursday: rng.chance(40), rng: &rng)
    }

    private static func make(index: Int, stage: Stage, classes: [Int], rural: Bool, specialty: Specialty,
                             met: Bool, ownership: Ownership, timetable: Timetable, lateThursday: Bool,
                             rng: inout SyntheticRandom) -> SchoolPlan {
        let number = String(index + 1)
        let padded = String(repeating: "0", count: max(0, 4 - number.count)) + number
        return SchoolPlan(
            index: index, id: "S" + padded, number: padded, stage: stage, specialty: specialty,
            specialtyMet: met, ownership: ownership, classesPerGrade: classes, rural: rural,
            timetable: timetable, lateThursday: lateThursday,
            requestPermille: rng.inRange(760...960), extendedPermille: rng.inRange(60...250),
            partialDaysPermille: rng.inRange(80...250), surveyPermille: rng.inRange(940...990))
    }
}
