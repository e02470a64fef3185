/// A school's staff (its `staff.csv` rows) and the pools sessions draw
/// their staff from.
///
/// Teachers: one homeroom teacher per class (who leads the class's homework
/// help) and a few specialists, each attached to a band of grades. Other
/// kinds: as many of each as the busiest weekday's clubs need, volunteers
/// for late care, and, when the school has `unqualified_external` plants,
/// one volunteer whose qualification was never checked.
struct SchoolStaff {
    struct Member {
        /// `T0001001`.
        let id: String
        let kind: StaffKind
        /// Nil: the name column is left blank.
        let name: LocalText?
        let qualified: Bool
    }

    let members: [Member]
    /// Teachers by ``Band``: the band's homeroom teachers, then its specialists.
    let teachersByBand: [[Int]]
    let allTeachers: [Int]
    /// Non-teachers by ``StaffKind`` (teachers' entry is empty).
    let byKind: [[Int]]
    /// The unqualified volunteer, when the school has one.
    let unqualified: Int?

    /// The homeroom teacher of class `c` is staff member `c`.
    func homeroom(_ classIndex: Int) -> Int { classIndex }

    init(plan: SchoolPlan, roster: SchoolRoster, activities: SchoolActivities, needsUnqualified: Bool,
         codec: TextCodec, rng: inout SyntheticRandom) throws(SynthError) {
        var kinds: [StaffKind] = []
        var bands: [Band?] = []
        for c in roster.classes {
            kinds.append(.teacher)
            bands.append(Band(grade: c.grade))
        }
        let schoolBands = Band.allCases.filter { b in roster.classes.contains { Band(grade: $0.grade) == b } }
        for i in 0..<max(1, roster.classes.count / 6) {
            kinds.append(.teacher)
            bands.append(schoolBands[i % schoolBands.count])
        }
        // Non-teachers: the most clubs of their kind on any one weekday.
        for kind in [StaffKind.retiredTeacher, .externalProfessional, .thirdParty, .volunteer] {
            var most = 0
            for weekday in 0..<5 {
                var n = 0
                for grade in plan.grades {
                    n += activities.clubOffer[grade - 1][weekday].filter { activities.rows[$0].kind.leadKind == kind }.count
                }
                most = max(most, n)
            }
            if kind == .volunteer { most += rng.inRange(1...3) }  // late-care helpers
            kinds += Array(repeating: kind, count: most)
            bands += Array(repeating: nil, count: most)
        }
        var unqualified: Int?
        if needsUnqualified {
            unqualified = kinds.count
            kinds.append(.volunteer)
            bands.append(nil)
        }

        var members: [Member] = []
        for (i, kind) in kinds.enumerated() {
            let seq = String(i + 1)
            let id = "T" + plan.number + String(repeating: "0", count: max(0, 3 - seq.count)) + seq
            var name: LocalText?
            if rng.chance(950) {
                name = try codec.text(rng.pick(Names.surnames)) + codec.text(rng.pick(Names.givenNames))
            }
            members.append(Member(id: id, kind: kind, name: name, qualified: i != unqualified))
        }
        self.members = members
        teachersByBand = Band.allCases.map { b in kinds.indices.filter { kinds[$0] == .teacher && bands[$0] == b } }
        allTeachers = kinds.indices.filter { kinds[$0] == .teacher }
        byKind = StaffKind.allCases.map { k in
            k == .teacher ? [] : kinds.indices.filter { kinds[$0] == k && $0 != unqualified }
        }
        self.unqualified = unqualified
    }
}
