/// One kind of activity a school may offer: its name, category, segment,
/// provider, and the kind of staff who leads it.
struct ActivityKind {
    let chinese: String
    let english: String
    let category: Category
    let segment: Segment
    let provider: Provider
    let leadKind: StaffKind

    var name: String { chinese + " " + english }
}

/// The activities schools offer (the "4+N" content of 004: moral education,
/// culture, sports, arts, science, reading, labour), and the care that is
/// not after-school service (003: lunch-break, early-arrival, evening).
enum ActivityCatalogue {
    static let homework = ActivityKind(chinese: "作业辅导", english: "Homework help", category: .homework,
                                       segment: .classSegment, provider: .inSchool, leadKind: .teacher)
    static let lateCare = ActivityKind(chinese: "课后托管", english: "Late care", category: .selfStudy,
                                       segment: .school, provider: .inSchool, leadKind: .teacher)
    static let talk = ActivityKind(chinese: "专题讲座", english: "Special talk", category: .safety,
                                   segment: .school, provider: .inSchool, leadKind: .teacher)

    /// Grade-segment clubs.
    static let clubs: [ActivityKind] = [
        club("足球", "Football", .sports, .inSchool, .teacher),
        club("篮球", "Basketball", .sports, .inSchool, .teacher),
        club("跳绳", "Rope skipping", .sports, .inSchool, .teacher),
        club("田径", "Athletics", .sports, .inSchool, .teacher),
        club("武术", "Wushu", .sports, .external, .externalProfessional),
        club("乒乓球", "Table tennis", .sports, .inSchool, .retiredTeacher),
        club("合唱", "Choir", .arts, .inSchool, .teacher),
        club("美术", "Painting", .arts, .inSchool, .teacher),
        club("舞蹈", "Dance", .arts, .external, .externalProfessional),
        club("书法", "Calligraphy", .arts, .inSchool, .retiredTeacher),
        club("科学实验", "Science lab", .science, .external, .thirdParty),
        club("机器人", "Robotics", .science, .external, .thirdParty),
        club("阅读写作", "Reading, writing", .reading, .inSchool, .teacher),
        club("绘本阅读", "Picture books", .reading, .inSchool, .volunteer),
        club("劳动实践", "Labour practice", .labor, .inSchool, .teacher),
        club("红色故事", "Moral stories", .moral, .inSchool, .teacher),
        club("安全教育", "Safety education", .safety, .inSchool, .teacher),
        club("围棋", "Go", .other, .external, .externalProfessional),
    ]

    /// Care outside the after-school window or on a day off: planted
    /// `out_of_scope` sessions.
    enum OutOfScope: Int, CaseIterable {
        case lunch, earlyArrival, evening, weekendTraining, holidayCare

        var kind: ActivityKind {
            switch self {
            case .lunch: return care("午间看护", "Lunch-break care", .selfStudy)
            case .earlyArrival: return care("早到看护", "Early-arrival care", .selfStudy)
            case .evening: return care("晚自习", "Evening self-study", .selfStudy)
            case .weekendTraining: return ActivityCatalogue.club("周末集训", "Weekend training", .sports, .inSchool, .teacher)
            case .holidayCare: return care("假期托管", "Holiday care", .other)
            }
        }

        private func care(_ chinese: String, _ english: String, _ category: Category) -> ActivityKind {
            ActivityKind(chinese: chinese, english: english, category: category, segment: .school,
                         provider: .inSchool, leadKind: .teacher)
        }

        /// The session's time: outside 14:00-20:00 on a school day, or any
        /// time on a day off.
        var slot: Slot {
            switch self {
            case .lunch: return .hm(12, 0, 13, 0)
            case .earlyArrival: return .hm(7, 20, 8, 0)
            case .evening: return .hm(18, 50, 20, 30)
            case .weekendTraining: return .hm(14, 30, 16, 30)
            case .holidayCare: return .hm(9, 0, 11, 30)
            }
        }

        /// Whether the session is on a day off (else a school day).
        var onDayOff: Bool { self == .weekendTraining || self == .holidayCare }
    }

    fileprivate static func club(_ chinese: String, _ english: String, _ category: Category,
                             _ provider: Provider, _ lead: StaffKind) -> ActivityKind {
        ActivityKind(chinese: chinese, english: english, category: category, segment: .grade,
                     provider: provider, leadKind: lead)
    }

    /// The clubs a school offers: a few of each kind of lead, fewer in a
    /// rural school; always at least one sport, one art, one external
    /// professional, one third-party provider and one retired teacher.
    static func clubIndices(rural: Bool, rng: inout SyntheticRandom) -> [Int] {
        var chosen: Set<Int> = []
        // Required: a sport and an art led by teachers, a sport or art
        // by an external professional, a science provider, a retired
        // teacher's club.
        chosen.insert(rng.pick([0, 1, 2, 3]))
        chosen.insert(rng.pick([6, 7]))
        chosen.insert(rng.pick([4, 8, 17]))
        chosen.insert(rng.pick([10, 11]))
        chosen.insert(rng.pick([5, 9]))
        let extra = rural ? rng.inRange(1...2) : rng.inRange(4...8)
        for i in rng.shuffled(Array(clubs.indices)).prefix(extra) { chosen.insert(i) }
        return chosen.sorted()
    }

    /// The weight (out of 100) of each category among a school's club
    /// sessions.
    static func categoryWeights(_ specialty: Specialty, met: Bool) -> [Category: Int] {
        switch (specialty, met) {
        case (.none, _):
            return [.sports: 35, .arts: 20, .science: 12, .reading: 10, .labor: 8, .moral: 7, .safety: 3, .other: 5]
        case (.sports, true):
            return [.sports: 65, .arts: 25, .science: 3, .reading: 3, .labor: 2, .moral: 1, .safety: 1, .other: 1]
        case (.arts, true):
            return [.sports: 30, .arts: 60, .science: 3, .reading: 3, .labor: 2, .moral: 1, .safety: 1, .other: 1]
        case (.sportsArts, true):
            return [.sports: 45, .arts: 45, .science: 3, .reading: 3, .labor: 2, .moral: 1, .safety: 1, .other: 1]
        case (_, false):
            return [.sports: 25, .arts: 20, .science: 18, .reading: 15, .labor: 9, .moral: 8, .safety: 5, .other: 5]
        }
    }
}
