import AfterschoolDomain

/// The autumn term 2025: 18 weeks from Monday 2025-09-01 to Sunday
/// 2026-01-04. Weekends are off; the National Day holiday 2025-10-01 to
/// 10-08 is off, with make-up school days on Sunday 2025-09-28 and Saturday
/// 2025-10-11; New Year's Day 2026-01-01 is off.
struct TermCalendar {
    /// One date of the term.
    struct Day {
        let date: CivilDate
        let isSchoolDay: Bool
        /// The weekday whose timetable the day follows (1 = Monday .. 5 =
        /// Friday); a make-up day follows the weekday it stands in for.
        /// 0 on days off.
        let scheduleWeekday: Int
        /// 0 = 2025-09 .. 4 = 2026-01.
        let monthIndex: Int
        /// Before November: the 18:00 end limit applies, else 17:30.
        let isSummerTime: Bool
    }

    static let termId = "2025-autumn"
    static let weeks = 18

    let start: CivilDate
    let end: CivilDate
    /// Every date of the term, in order.
    let days: [Day]
    /// The indices in ``days`` of the school days.
    let schoolDayIndices: [Int]
    /// The indices in ``days`` of the days off (weekends and holidays).
    let dayOffIndices: [Int]
    /// `YYYY-MM` of each month index.
    let months: [String]

    init() {
        // 2025-09-01 is a valid date: the force is on a constant.
        let first = CivilDate(year: 2025, month: 9, day: 1) ?? CivilDate(dayNumber: 20_332)
        start = first
        end = CivilDate(dayNumber: first.dayNumber + TermCalendar.weeks * 7 - 1)
        let holidays: Set<String> = [
            "2025-10-01", "2025-10-02", "2025-10-03", "2025-10-06", "2025-10-07", "2025-10-08", "2026-01-01",
        ]
        // Make-up days and the weekday timetable each follows.
        let makeUp: [String: Int] = ["2025-09-28": 5, "2025-10-11": 3]
        var days: [Day] = []
        var months: [String] = []
        for n in first.dayNumber...end.dayNumber {
            let date = CivilDate(dayNumber: n)
            let text = date.description
            let month = date.monthText
            if months.last != month { months.append(month) }
            let weekday: Int
            if let w = makeUp[text] {
                weekday = w
            } else if date.weekday <= 5, !holidays.contains(text) {
                weekday = date.weekday
            } else {
                weekday = 0
            }
            let (_, m, _) = date.components
            days.append(Day(date: date, isSchoolDay: weekday != 0, scheduleWeekday: weekday,
                            monthIndex: months.count - 1, isSummerTime: m >= 5 && m <= 10))
        }
        self.days = days
        self.months = months
        schoolDayIndices = days.indices.filter { days[$0].isSchoolDay }
        dayOffIndices = days.indices.filter { !days[$0].isSchoolDay }
    }
}
