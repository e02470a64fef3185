/// How one school departs from the service the seeds ask for: what the
/// tables of per-grade time and of choice (`grade_service`,
/// `service_choice`) should find in it. All off in most schools.
struct ServiceDeparture: Equatable {
    /// A grade whose club ends 40 minutes early every day (lasting 20
    /// minutes at least) and whose students get no late care: under 2
    /// hours on every service day.
    var shortGrade: Int?
    /// The school runs no late care: every request for it goes unserved.
    var noLateCare = false
    /// Students who did not ask are kept for homework help every school day.
    var keepsNonAskers = false
    /// Students whose family chose some weekdays only are served on Monday
    /// and Wednesday whatever they chose.
    var ignoresChosenDays = false

    /// No departure.
    static let none = ServiceDeparture()
}

/// Which schools depart from the service, and how: drawn from a stream of
/// its own, so the audit plants and every school's rows stay where they
/// were without it.
enum ServicePlan {
    /// The stream of the service plants (0 is the district plan, 1... the schools).
    static let stream: UInt64 = 0x5E4F_1CE0

    /// Schools per departure: one at small scale (two schools: the
    /// missing late care and the short grade in different schools), a few
    /// percent of a district or city.
    static func perKind(_ scale: Scale) -> ClosedRange<Int> {
        switch scale {
        case .small: return 1...1
        case .district: return 6...12
        case .city: return 30...60
        }
    }

    /// Draws the departures and marks them on `plans` (the school's
    /// request and part-week shares are adjusted where a departure needs
    /// enough students to show), recording each in `ledger`. A school with
    /// a planted over-claim near miss keeps its late care: the near miss
    /// needs a session whose length is a multiple of 3 minutes, and late
    /// care's hour is often the school's only one.
    static func apply(to plans: inout [SchoolPlan], plants: PlantPlan, scale: Scale, seed: UInt64,
                      ledger: PlantedLedger) {
        guard !plans.isEmpty else { return }
        var rng = SyntheticRandom(seed: seed, stream: stream)
        let n = plans.count
        func schools(_ k: Int, excluding: Set<Int> = []) -> [Int] {
            let candidates = (0..<n).filter { !excluding.contains($0) }
            return rng.sample(min(k, candidates.count), of: candidates.count).map { candidates[$0] }
        }
        let nearMisses = Set((0..<n).filter { s in plants.items[s].contains { $0.kind == .overClaimBoundary } })
        let withoutLateCare = schools(rng.inRange(perKind(scale)), excluding: nearMisses)
        for s in withoutLateCare {
            plans[s].service.noLateCare = true
            ledger.service("late_care_unserved", PlantedFinding(
                schoolId: plans[s].id, detail: "no late care all term: every request for it unserved"))
        }
        for s in schools(rng.inRange(perKind(scale)), excluding: Set(withoutLateCare)) {
            let grade = rng.pick(plans[s].grades)
            plans[s].service.shortGrade = grade
            ledger.service("short_grade", PlantedFinding(
                schoolId: plans[s].id, grade: grade,
                detail: "grade \(grade): the club ends 40 minutes early and the grade gets no late care, under 2 hours every day"))
        }
        for s in schools(rng.inRange(perKind(scale))) {
            plans[s].service.keepsNonAskers = true
            plans[s].requestPermille = min(plans[s].requestPermille, 800)
            ledger.service("unrequested_participants", PlantedFinding(
                schoolId: plans[s].id, detail: "students who did not ask are kept for homework help every school day"))
        }
        for s in schools(rng.inRange(perKind(scale))) {
            plans[s].service.ignoresChosenDays = true
            plans[s].partialDaysPermille = 600
            ledger.service("chosen_days_ignored", PlantedFinding(
                schoolId: plans[s].id,
                detail: "students whose family chose some weekdays are served on Monday and Wednesday only"))
        }
    }
}
