/// An anomaly to plant in a school: what, and on which day of the term.
struct PlantItem {
    enum Kind: Equatable {
        /// A lead claims more than the session's length plus 0.1 h.
        case overClaim
        /// A claim of exactly the session's length plus 0.1 h: not an over-claim.
        case overClaimBoundary
        /// A staffed session where every student is absent or excused.
        case ghostAllAbsent
        /// A staffed extra session with no attendance at all.
        case ghostNoAttendance
        /// A staffed session outside the window or on a day off.
        case outOfScope(ActivityCatalogue.OutOfScope)
        /// A non-teacher lead whose teacher assistant is missing.
        case externalNoAssistant
        /// An external provider's session with no staff at all.
        case externalNoStaff
        /// A volunteer whose qualification was never checked helps in late care.
        case unqualified
        /// This school's teacher is also booked at a later school (item `n`).
        case overlapSource(Int)
        /// An earlier school's teacher is also booked here (item `n`).
        case overlapTarget(Int)
        /// Disclosed hours above, below, or missing against the ledger.
        case disclosureOver, disclosureUnder, disclosureMissing
        /// Disclosed hours exactly 0.01 off: not a mismatch.
        case disclosureBoundary
    }

    let kind: Kind
    /// Index into ``TermCalendar/days`` (unused for disclosures).
    let day: Int
}

/// Where every planted anomaly goes: drawn from the district stream, before
/// any school is generated.
struct PlantPlan {
    /// Items per school, by school index, in day order.
    private(set) var items: [[PlantItem]]
    /// Malformed rows per school, by school index.
    private(set) var malformed: [[MalformedItem]]

    init(scale: Scale, schools: Int, term: TermCalendar, rng: inout SyntheticRandom) {
        items = Array(repeating: [], count: schools)
        malformed = Array(repeating: [], count: schools)
        let schoolDays = term.schoolDayIndices
        func count() -> Int { rng.inRange(scale.plantedPerRule) }
        func add(_ kind: PlantItem.Kind, school: Int? = nil, day: Int? = nil) {
            let s = school ?? rng.below(schools)
            items[s].append(PlantItem(kind: kind, day: day ?? rng.pick(schoolDays)))
        }
        for _ in 0..<count() { add(.overClaim) }
        for _ in 0..<scale.nearMisses { add(.overClaimBoundary) }
        for i in 0..<count() { add(i % 2 == 0 ? .ghostAllAbsent : .ghostNoAttendance) }
        let weekends = term.dayOffIndices.filter { term.days[$0].date.weekday >= 6 }
        let holidays = term.dayOffIndices.filter { term.days[$0].date.weekday <= 5 }
        for i in 0..<count() {
            let kind = ActivityCatalogue.OutOfScope.allCases[i % ActivityCatalogue.OutOfScope.allCases.count]
            let day: Int
            switch kind {
            case .weekendTraining: day = rng.pick(weekends)
            case .holidayCare: day = rng.pick(holidays)
            default: day = rng.pick(schoolDays)
            }
            add(.outOfScope(kind), day: day)
        }
        for i in 0..<count() { add(i % 4 == 3 ? .externalNoStaff : .externalNoAssistant) }
        for _ in 0..<count() { add(.unqualified) }
        if schools > 1 {
            for n in 0..<count() {
                let target = 1 + rng.below(schools - 1)
                let source = rng.below(target)
                let day = rng.pick(schoolDays)
                add(.overlapSource(n), school: source, day: day)
                add(.overlapTarget(n), school: target, day: day)
            }
        }
        let disclosureKinds: [PlantItem.Kind] = [.disclosureOver, .disclosureUnder, .disclosureMissing]
        for i in 0..<count() { add(disclosureKinds[i % 3], day: 0) }
        for _ in 0..<scale.nearMisses { add(.disclosureBoundary, day: 0) }
        for s in items.indices { items[s].sort { $0.day < $1.day } }

        for kind in MalformedKind.allCases where kind.plantedAt(scale) {
            let copies = kind.isSmallFile ? 1 : scale.malformedCopies
            for _ in 0..<copies {
                let school = kind.needsEarlierSchool ? 1 + rng.below(max(1, schools - 1)) : rng.below(schools)
                guard school < schools else { continue }
                malformed[school].append(MalformedItem(kind: kind, day: rng.pick(schoolDays), position: rng.next()))
            }
        }
    }
}
