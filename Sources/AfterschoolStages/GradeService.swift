import AfterschoolDomain
import AfterschoolWarehouse

/// Service time per grade (`grade_service`): 001 gives each grade its own
/// timetable, so a school whose sessions cover 2 hours a day can still
/// give one grade less.
///
/// A grade's sessions on a school day d, G(d): the school's in-scope
/// sessions on d with at least one present row of a student of that grade
/// (what the school offered the grade that day, not what one student
/// stayed for). Per school and grade on the roster: service days (G(d) not
/// empty), the share of the term's school days whose G(d) covers
/// `min_daily_minutes`, the share of service days on which a class or
/// grade session of G(d) ends late, and the mean daily hours of G(d)'s
/// union.
public struct GradeService: Sendable {
    public struct Row: Sendable, Equatable {
        public let school: Int32
        public let grade: Int
        public var enrolled = 0
        public var serviceDays = 0
        public var fullDays = 0
        public var lateDays = 0
        public var coveredMinutes = 0
    }

    /// Sorted by school id, grade.
    public let rows: [Row]

    /// - Complexity: O(in-scope sessions x grades).
    public init(term: TermData, scan: AttendanceScan, parameters: CoverageParameters) {
        var grid = (0..<term.schoolCount).map { school in (0...9).map { Row(school: Int32(school), grade: $0) } }
        for s in 0..<term.studentCount { grid[Int(term.studentSchool[s])][Int(term.studentGrade[s])].enrolled += 1 }
        for group in term.inScopeSchoolDays {
            let school = Int(term.sessionSchool[group[0]])
            let grades = group.reduce(UInt16(0)) { $0 | scan.sessionGrades[$1] }
            for grade in 1...9 where grades & (UInt16(1) << UInt16(grade)) != 0 {
                let bit = UInt16(1) << UInt16(grade)
                let (covered, late) = Coverage.day(group.lazy.filter { scan.sessionGrades[$0] & bit != 0 },
                                                   term: term, parameters: parameters)
                grid[school][grade].serviceDays += 1
                grid[school][grade].coveredMinutes += covered
                if covered >= parameters.minDailyMinutes { grid[school][grade].fullDays += 1 }
                if late { grid[school][grade].lateDays += 1 }
            }
        }
        rows = term.schoolOrder.flatMap { school in grid[school].filter { $0.enrolled > 0 } }
    }

    /// The rows of `grade_service`, full precision and unsuppressed
    /// (`suppressed` set where fewer than `minCell` are enrolled).
    public func tableRows(term: TermData, minCell: Int) -> [[Cell]] {
        let schoolDays = term.schoolDays.count
        return rows.map { r in
            [
                .text(term.schoolIds[Int(r.school)]), .count(r.grade), .count(r.enrolled), .count(r.serviceDays),
                .ratio(Double(r.fullDays), Double(schoolDays)),
                .ratio(Double(r.lateDays), Double(r.serviceDays)),
                r.serviceDays > 0 ? .real(Double(r.coveredMinutes) / Double(r.serviceDays) / 60) : .blank,
                .flag(r.enrolled < minCell),
            ]
        }
    }
}
