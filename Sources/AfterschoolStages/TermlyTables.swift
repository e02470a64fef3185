import AfterschoolDomain
import AfterschoolWarehouse

/// Builds the rows of the termly evaluation's tables from the stages'
/// figures: full precision, unsuppressed, sorted by key (ids by their UTF-8
/// bytes, grades as numbers). Publishing rounds and suppresses.
public struct TermlyTables: Sendable {
    public let term: TermData
    public let participation: Participation
    public let coverage: Coverage?
    public let satisfaction: Satisfaction?

    public init(term: TermData, participation: Participation, coverage: Coverage?, satisfaction: Satisfaction?) {
        self.term = term
        self.participation = participation
        self.coverage = coverage
        self.satisfaction = satisfaction
    }

    /// School indices ordered by school id (UTF-8 bytes).
    var schoolOrder: [Int] { term.schoolOrder }

    public func schoolRows(_ coverage: Coverage, _ satisfaction: Satisfaction, specialtyMinShare: Double) -> [[Cell]] {
        let schoolDays = term.schoolDays.count
        return schoolOrder.map { s in
            let p = participation.schools[s], c = coverage.schools[s], q = satisfaction.schools[s]
            let specialty = term.schoolSpecialty[s] != "none"
            let specialtyShare: Cell = specialty ? .ratio(Double(c.sportsArtsMinutes), Double(c.allMinutes)) : .blank
            var specialtyOK: Cell = .blank
            if case let .real(share) = specialtyShare { specialtyOK = .flag(share >= specialtyMinShare) }
            return [
                .text(term.schoolIds[s]),
                .count(p.enrolled), .count(p.requested), .count(p.participants),
                .ratio(Double(p.participants), Double(p.enrolled)),
                .ratio(Double(p.requestedParticipants), Double(p.requested)),
                .ratio(Double(participation.presentRows[s]), Double(participation.presentRows[s] + participation.absentRows[s])),
                .count(schoolDays), .count(c.serviceDays),
                .ratio(Double(c.serviceDays), Double(schoolDays)),
                .ratio(Double(c.fullDays), Double(schoolDays)),
                .ratio(Double(c.lateEndDays), Double(c.serviceDays)),
                .ratio(Double(c.sportWeeks), Double(c.participantWeeks)),
                .ratio(Double(c.qualityWeeks), Double(c.participantWeeks)),
                term.hasPETimetable ? .ratio(Double(c.nonPESportDays), Double(c.nonPEDays)) : .blank,
                .count(c.categoriesOffered),
                specialtyShare, specialtyOK,
                .count(q.responses),
                .ratio(Double(q.responses), Double(p.participants)),
                q.mean.map(Cell.real) ?? .blank,
                .ratio(Double(q.top2), Double(q.responses)),
            ]
        }
    }

    public func gradeRows(minCell: Int) -> [[Cell]] {
        var rows: [[Cell]] = []
        for s in schoolOrder {
            for grade in 1...9 {
                let p = participation.grades[s][grade]
                guard p.enrolled > 0 else { continue }  // grades on the school's roster
                let weeks = coverage?.grades[s][grade] ?? Coverage.Counts()
                rows.append([
                    .text(term.schoolIds[s]), .count(grade),
                    .count(p.enrolled), .count(p.participants),
                    .ratio(Double(p.participants), Double(p.enrolled)),
                    .ratio(Double(weeks.sportWeeks), Double(weeks.participantWeeks)),
                    .flag(p.enrolled < minCell),
                ])
            }
        }
        return rows
    }

    public func groupRows(minCell: Int) -> [[Cell]] {
        let order = Participation.groups.indices.sorted { byteOrder(Participation.groups[$0], Participation.groups[$1]) }
        var rows: [[Cell]] = []
        for s in schoolOrder {
            for g in order {
                let p = participation.groups[s][g]
                rows.append([
                    .text(term.schoolIds[s]), .text(Participation.groups[g]),
                    .count(p.enrolled), .count(p.requested), .count(p.participants),
                    .ratio(Double(p.participants), Double(p.enrolled)),
                    .ratio(Double(p.requestedParticipants), Double(p.requested)),
                    .flag(p.enrolled < minCell),
                ])
            }
        }
        return rows
    }

    /// The district: counts summed over schools, every ratio recomputed
    /// from the sums (a ratio of sums, not a mean of ratios).
    public func districtRow(_ coverage: Coverage, _ satisfaction: Satisfaction) -> [Cell] {
        var p = Participation.Counts(), c = Coverage.Counts()
        var present = 0, absent = 0, supplied = 0
        let schoolDays = term.schoolDays.count
        for s in 0..<term.schoolCount {
            let ps = participation.schools[s], cs = coverage.schools[s]
            p.enrolled += ps.enrolled
            p.requested += ps.requested
            p.participants += ps.participants
            p.requestedParticipants += ps.requestedParticipants
            present += participation.presentRows[s]
            absent += participation.absentRows[s]
            c.participantWeeks += cs.participantWeeks
            c.sportWeeks += cs.sportWeeks
            c.qualityWeeks += cs.qualityWeeks
            // Supply (供给率): the service on every school day.
            if schoolDays > 0 && cs.serviceDays >= schoolDays { supplied += 1 }
        }
        let q = satisfaction.district
        return [
            .count(term.schoolCount),
            .ratio(Double(supplied), Double(term.schoolCount)),
            .count(p.enrolled), .count(p.requested), .count(p.participants),
            .ratio(Double(p.participants), Double(p.enrolled)),
            .ratio(Double(p.requestedParticipants), Double(p.requested)),
            .ratio(Double(present), Double(present + absent)),
            .count(schoolDays),
            .ratio(Double(c.sportWeeks), Double(c.participantWeeks)),
            .ratio(Double(c.qualityWeeks), Double(c.participantWeeks)),
            .count(q.responses),
            q.mean.map(Cell.real) ?? .blank,
        ]
    }

    /// The counts behind each school's ratios (`school_counts`): summed
    /// over schools they give `districtRow`'s figures, and summed over
    /// districts a city's.
    public func countRows(_ coverage: Coverage, _ satisfaction: Satisfaction) -> [[Cell]] {
        schoolOrder.map { s in
            let p = participation.schools[s], c = coverage.schools[s], q = satisfaction.schools[s]
            return [
                .text(term.schoolIds[s]),
                .count(p.enrolled), .count(p.requested), .count(p.requestedParticipants), .count(p.participants),
                .count(participation.presentRows[s]), .count(participation.absentRows[s]),
                .count(term.schoolDays.count), .count(c.serviceDays), .count(c.fullDays), .count(c.lateEndDays),
                .count(c.participantWeeks), .count(c.sportWeeks), .count(c.qualityWeeks),
                // Without a PE timetable the share is not defined: no days counted.
                term.hasPETimetable ? .count(c.nonPEDays) : .blank, term.hasPETimetable ? .count(c.nonPESportDays) : .blank,
                .count(c.sportsArtsMinutes), .count(c.allMinutes),
                .count(q.responses), .count(q.sum), .count(q.top2),
            ]
        }
    }

    /// Activities with at least one response, with a 95% interval
    /// mean +- 1.96 s / sqrt(n) (s the sample deviation; blank below 2).
    public func activityRows(_ satisfaction: Satisfaction) -> [[Cell]] {
        let order = term.activityIds.indices.filter { satisfaction.activities[$0].responses > 0 }.sorted {
            let a = term.schoolIds[Int(term.activitySchool[$0])], b = term.schoolIds[Int(term.activitySchool[$1])]
            return sameBytes(a, b) ? byteOrder(term.activityIds[$0], term.activityIds[$1]) : byteOrder(a, b)
        }
        return order.map { a in
            let q = satisfaction.activities[a]
            let mean = q.mean ?? 0
            var low: Cell = .blank, high: Cell = .blank
            if let sd = q.standardDeviation {
                let half = 1.96 * sd / Double(q.responses).squareRoot()
                low = .real(mean - half)
                high = .real(mean + half)
            }
            return [
                .text(term.schoolIds[Int(term.activitySchool[a])]), .text(term.activityIds[a]),
                .text(term.activityCategory[a].rawValue),
                .count(q.responses), .real(mean), low, high,
                .ratio(Double(q.top2), Double(q.responses)),
            ]
        }
    }
}

/// Ids sort by their UTF-8 bytes.
func byteOrder(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}
