/// A school's activities (its `activities.csv` rows) and which club each
/// grade's groups attend on each weekday.
struct SchoolActivities {
    struct Row {
        /// `A0001-07`.
        let id: String
        let kind: ActivityKind
    }

    static let homework = 0
    static let lateCare = 1
    static let talk = 2

    let rows: [Row]
    /// The row of each out-of-scope kind the school's plants need.
    let outOfScope: [ActivityCatalogue.OutOfScope: Int]
    /// `clubOffer[grade - 1][weekday - 1][group]`: the club row a grade's
    /// group attends on a weekday (the same every week).
    let clubOffer: [[[Int]]]

    init(plan: SchoolPlan, roster: SchoolRoster, outOfScopeNeeded: [ActivityCatalogue.OutOfScope],
         rng: inout SyntheticRandom) {
        var kinds = [ActivityCatalogue.homework, ActivityCatalogue.lateCare, ActivityCatalogue.talk]
        let clubIndices = ActivityCatalogue.clubIndices(rural: plan.rural, rng: &rng)
        let firstClub = kinds.count
        kinds += clubIndices.map { ActivityCatalogue.clubs[$0] }

        // Weights: a category's weight shared among the school's clubs of it.
        let categoryWeights = ActivityCatalogue.categoryWeights(plan.specialty, met: plan.specialtyMet)
        let clubKinds = kinds[firstClub...]
        let weights = clubKinds.map { kind -> Int in
            let peers = clubKinds.filter { $0.category == kind.category }.count
            return (categoryWeights[kind.category] ?? 1) * 60 / peers
        }
        var offer = [[[Int]]](repeating: [], count: 9)
        for grade in plan.grades {
            offer[grade - 1] = (0..<5).map { weekday in
                roster.clubGroups[grade - 1][weekday].indices.map { _ in firstClub + rng.weighted(weights) }
            }
        }

        var outOfScope: [ActivityCatalogue.OutOfScope: Int] = [:]
        for kind in ActivityCatalogue.OutOfScope.allCases where outOfScopeNeeded.contains(kind) {
            outOfScope[kind] = kinds.count
            kinds.append(kind.kind)
        }
        rows = kinds.enumerated().map { i, kind in
            Row(id: "A" + plan.number + "-" + (i + 1 < 10 ? "0" : "") + String(i + 1), kind: kind)
        }
        self.outOfScope = outOfScope
        clubOffer = offer
    }
}
