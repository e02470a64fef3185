import AfterschoolDomain

/// The coverage stage: is the service offered every school day for long
/// enough ("5+2"), does it end on time, and does every participant get sport
/// and quality activities every week.
///
/// Everything counts in-scope sessions only (a school day, inside the
/// after-school window).
public struct Coverage: Sendable, Codable {
    /// Figures of one school (or one school and grade, for the week counts).
    public struct Counts: Sendable, Equatable, Codable {
        /// (student, week) pairs with a present row.
        public var participantWeeks = 0
        /// ... of which with a present row on a `sports` session.
        public var sportWeeks = 0
        /// ... of which with a present row on a quality-activity session.
        public var qualityWeeks = 0
        /// Participant-days on a day that is not a PE day for the class.
        public var nonPEDays = 0
        /// ... of which with at least `min_sport_minutes` of sport.
        public var nonPESportDays = 0
        /// School days with an in-scope session.
        public var serviceDays = 0
        /// School days whose sessions' union covers `min_daily_minutes`.
        public var fullDays = 0
        /// Service days with a class or grade session ending after the limit.
        public var lateEndDays = 0
        /// Distinct categories among the sessions.
        public var categoriesOffered = 0
        /// Minutes of `sports` and `arts` sessions, and of all sessions.
        public var sportsArtsMinutes = 0
        public var allMinutes = 0
    }

    /// Per school.
    public var schools: [Counts]
    /// Per school and grade (week counts only): `grades[school][grade]`.
    public var grades: [[Counts]]

    /// - Complexity: O(students x (weeks / 64 + school days)) for the weekly
    ///   and daily figures; O(sessions log sessions) for the daily service.
    /// The district week by week (term week 0 is the week of the term's
    /// start, Monday to Sunday): participants (a present row that week),
    /// and those of them with a present `sports` row, or a quality-education
    /// row: the report's week-by-week view.
    public struct Week: Sendable, Equatable, Codable {
        public var participants = 0
        public var sport = 0
        public var quality = 0
    }

    /// Per term week.
    public var weeks: [Week] = []

    public init(term: TermData, scan: AttendanceScan, parameters: CoverageParameters) {
        let n = term.schoolCount
        schools = Array(repeating: Counts(), count: n)
        weeks = Array(repeating: Week(), count: term.weekCount)
        grades = Array(repeating: Array(repeating: Counts(), count: 10), count: n)
        countWeeks(term: term, scan: scan)
        if term.hasPETimetable { countNonPEDays(term: term, scan: scan, minSport: parameters.minSportMinutes) }
        countServiceDays(term: term, parameters: parameters)
    }

    private mutating func countWeeks(term: TermData, scan: AttendanceScan) {
        for s in 0..<term.studentCount where scan.participated[s] {
            let school = Int(term.studentSchool[s]), grade = Int(term.studentGrade[s])
            let weeks = scan.weeks(scan.presentWeeks, student: s)
            let sport = scan.weeks(scan.sportWeeks, student: s)
            let quality = scan.weeks(scan.qualityWeeks, student: s)
            schools[school].participantWeeks += weeks
            schools[school].sportWeeks += sport
            schools[school].qualityWeeks += quality
            grades[school][grade].participantWeeks += weeks
            grades[school][grade].sportWeeks += sport
            grades[school][grade].qualityWeeks += quality
            // The student's present weeks, bit by bit.
            for k in 0..<scan.weekWords {
                let word = s * scan.weekWords + k
                var present = scan.presentWeeks[word]
                while present != 0 {
                    let bit = present & (~present &+ 1)
                    let w = k * 64 + present.trailingZeroBitCount
                    present &= present - 1
                    guard w < self.weeks.count else { continue }
                    self.weeks[w].participants += 1
                    if scan.sportWeeks[word] & bit != 0 { self.weeks[w].sport += 1 }
                    if scan.qualityWeeks[word] & bit != 0 { self.weeks[w].quality += 1 }
                }
            }
        }
    }

    /// Participant-days whose weekday is not a PE day of the student's class
    /// (a weekend make-up day never is), and those with enough sport.
    private mutating func countNonPEDays(term: TermData, scan: AttendanceScan, minSport: Int) {
        let days = term.schoolDays.count
        let weekdays = term.schoolDayWeekdays
        for s in 0..<term.studentCount where scan.participated[s] {
            let school = Int(term.studentSchool[s])
            let pe = term.classPEDays[Int(term.studentClass[s])]
            for d in 0..<days {
                let cell = scan.dayCells[s * days + d]
                guard cell != 0 else { continue }
                let w = weekdays[d]
                if w <= 5 && pe & (UInt8(1) << UInt8(w)) != 0 { continue }
                schools[school].nonPEDays += 1
                if Int(cell) - 1 >= minSport { schools[school].nonPESportDays += 1 }
            }
        }
    }

    /// Service days, days meeting the daily minutes (union of intervals),
    /// late ends, categories and specialty minutes, from the sessions alone.
    private mutating func countServiceDays(term: TermData, parameters: CoverageParameters) {
        var categories = Array(repeating: Set<Category>(), count: term.schoolCount)
        for group in term.inScopeSchoolDays {
            let first = group[0]
            let school = Int(term.sessionSchool[first])
            let (covered, late) = Coverage.day(group, term: term, parameters: parameters)
            for s in group {
                let minutes = Int(term.sessionEnd[s]) - Int(term.sessionStart[s])
                let category = term.activityCategory[Int(term.sessionActivity[s])]
                categories[school].insert(category)
                schools[school].allMinutes += minutes
                if category == .sports || category == .arts { schools[school].sportsArtsMinutes += minutes }
            }
            schools[school].serviceDays += 1
            if covered >= parameters.minDailyMinutes { schools[school].fullDays += 1 }
            if late { schools[school].lateEndDays += 1 }
        }
        for school in 0..<term.schoolCount { schools[school].categoriesOffered = categories[school].count }
    }

    /// One day's sessions (of one school, ordered by start): the minutes
    /// their union covers, and whether a `class` or `grade` session ends
    /// after the day's end limit (`summer_end` in `summer_months`, else
    /// `winter_end`; late care is exempt).
    static func day<S: Sequence<Int>>(_ sessions: S, term: TermData, parameters: CoverageParameters) -> (covered: Int, late: Bool) {
        var covered = 0, runStart = -1, runEnd = -1
        var late = false
        var limit: Int?
        for s in sessions {
            let start = Int(term.sessionStart[s]), end = Int(term.sessionEnd[s])
            if start > runEnd {
                covered += max(0, runEnd - runStart)
                runStart = start
                runEnd = end
            } else {
                runEnd = max(runEnd, end)
            }
            let dayLimit = limit ?? {
                let month = CivilDate(dayNumber: Int(term.sessionDay[s])).components.month
                return parameters.summerMonths.contains(month) ? parameters.summerEnd : parameters.winterEnd
            }()
            limit = dayLimit
            if term.activitySegment[Int(term.sessionActivity[s])] != .school && end > dayLimit { late = true }
        }
        covered += max(0, runEnd - runStart)
        return (covered, late)
    }
}

/// The coverage stage as the runner sees it: `grade_participation` (it
/// carries weekly sport coverage per grade), and the counts later stages read.
public enum CoverageStage: StageUnit {
    public static let declaration = StageDeclaration(
        name: "coverage", version: 4,
        summary: "service days and time, late ends, weekly sport and quality-activity coverage, specialty share; per grade and per class",
        reads: [.term, .attendance], after: ["participation"],
        tables: [.gradeParticipation, .classParticipation, .gradeService])

    public static func run(_ context: StageContext, _ parameters: CoverageParameters) throws -> (Coverage, StageTables) {
        let term = try context.termData(), scan = try context.scan()
        let coverage = Coverage(term: term, scan: scan, parameters: parameters)
        let participation = try context.result(Participation.self, of: "participation")
        let tables = TermlyTables(term: term, participation: participation, coverage: coverage, satisfaction: nil)
        let classes = ClassParticipation(term: term, scan: scan)
        return (coverage, StageTables([
            (.gradeParticipation, tables.gradeRows(minCell: parameters.minCell)),
            (.classParticipation, classes.tableRows(term: term, minCell: parameters.minCell)),
            (.gradeService, GradeService(term: term, scan: scan, parameters: parameters).tableRows(term: term, minCell: parameters.minCell)),
        ]))
    }
}
