/// A time interval of a day, in minutes after midnight.
struct Slot: Equatable {
    var start: Int
    var end: Int

    var minutes: Int { end - start }

    /// True when the two intervals share more than 0 minutes.
    func overlaps(_ other: Slot) -> Bool { start < other.end && other.start < end }

    static func hm(_ h1: Int, _ m1: Int, _ h2: Int, _ m2: Int) -> Slot { Slot(start: h1 * 60 + m1, end: h2 * 60 + m2) }
}

/// Grades that share a timetable: 1-2 start earlier than 3-6 (seed 001),
/// and 7-9 later still.
enum Band: Int, CaseIterable {
    case lower, upper, middle

    init(grade: Int) {
        switch grade {
        case ...2: self = .lower
        case 3...6: self = .upper
        default: self = .middle
        }
    }
}

/// A school's daily after-school timetable: per band, homework help (class
/// segment) then a club (grade segment); late care (school segment) after
/// both. Summer time (to October) and winter time (from November) may
/// differ; every class and grade session ends by 18:00 in summer time and
/// by 17:30 in winter time.
struct Timetable {
    /// [summer, winter][band]
    private let homework: [[Slot]]
    private let club: [[Slot]]
    /// Late care starts at this time, or 5 minutes after the day's last
    /// class or grade session, whichever is later; it lasts an hour.
    let lateCareStart: Int
    let lateCareMinutes = 60

    func homework(_ band: Band, summer: Bool) -> Slot { homework[summer ? 0 : 1][band.rawValue] }
    func club(_ band: Band, summer: Bool) -> Slot { club[summer ? 0 : 1][band.rawValue] }

    /// Seed 001's example: grades 1-2 14:35-15:30 then 15:40-17:10, grades
    /// 3-6 15:25-16:25 then 16:35-17:25; grades 7-9 club until 17:45 in
    /// summer time, 17:25 in winter time.
    static let standard = Timetable(
        homework: [[.hm(14, 35, 15, 30), .hm(15, 25, 16, 25), .hm(15, 35, 16, 35)],
                   [.hm(14, 35, 15, 30), .hm(15, 25, 16, 25), .hm(15, 35, 16, 35)]],
        club: [[.hm(15, 40, 17, 10), .hm(16, 35, 17, 25), .hm(16, 45, 17, 45)],
               [.hm(15, 40, 17, 10), .hm(16, 35, 17, 25), .hm(16, 45, 17, 25)]],
        lateCareStart: 17 * 60 + 30)

    /// Shorter homework, ten-minute breaks.
    static let compact = Timetable(
        homework: [[.hm(14, 40, 15, 30), .hm(15, 30, 16, 20), .hm(15, 40, 16, 40)],
                   [.hm(14, 40, 15, 30), .hm(15, 30, 16, 20), .hm(15, 30, 16, 30)]],
        club: [[.hm(15, 40, 17, 0), .hm(16, 30, 17, 20), .hm(16, 50, 17, 50)],
               [.hm(15, 40, 17, 0), .hm(16, 30, 17, 20), .hm(16, 35, 17, 25)]],
        lateCareStart: 17 * 60 + 30)

    /// Sports and arts specialty schools: 40 minutes of homework, long clubs.
    static let specialty = Timetable(
        homework: [[.hm(14, 35, 15, 15), .hm(15, 25, 16, 5), .hm(15, 30, 16, 10)],
                   [.hm(14, 35, 15, 15), .hm(15, 25, 16, 5), .hm(15, 30, 16, 10)]],
        club: [[.hm(15, 25, 17, 5), .hm(16, 15, 17, 25), .hm(16, 20, 17, 25)],
               [.hm(15, 25, 17, 5), .hm(16, 15, 17, 25), .hm(16, 20, 17, 25)]],
        lateCareStart: 17 * 60 + 30)

    /// The end of a late-running club (school team training on Thursdays):
    /// on time in summer time, late in winter time.
    static let lateClubEnd = 17 * 60 + 45
}
