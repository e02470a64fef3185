import AfterschoolDomain
import AfterschoolWarehouse

/// Participation per class (`class_participation`): a school office asks
/// per class, not per school. Each student counts in the class and grade
/// of their own roster row; the figures are the school's (participation,
/// demand coverage, weekly sport and quality-activity coverage) over the
/// class's students.
public struct ClassParticipation: Sendable {
    public struct Row: Sendable, Equatable {
        public let school: Int32
        public let grade: Int
        public let classIndex: Int32
        public var counts = Participation.Counts()
        public var weeks = Coverage.Counts()
    }

    /// Sorted by school id, grade (as a number), class id.
    public let rows: [Row]

    public init(term: TermData, scan: AttendanceScan) {
        struct Key: Hashable { let grade: Int8; let classIndex: Int32 }
        var rows = RowIndex<Key, Row>()
        for s in 0..<term.studentCount {
            let key = Key(grade: term.studentGrade[s], classIndex: term.studentClass[s])
            let r = rows.position(of: key) { Row(school: term.studentSchool[s], grade: Int(key.grade), classIndex: key.classIndex) }
            let participated = scan.participated[s]
            rows[r].counts.add(requested: term.studentRequested[s], participated: participated)
            if participated {
                rows[r].weeks.participantWeeks += scan.weeks(scan.presentWeeks, student: s)
                rows[r].weeks.sportWeeks += scan.weeks(scan.sportWeeks, student: s)
                rows[r].weeks.qualityWeeks += scan.weeks(scan.qualityWeeks, student: s)
            }
        }
        self.rows = rows.rows.sorted { a, b in
            let sa = term.schoolIds[Int(a.school)], sb = term.schoolIds[Int(b.school)]
            if !sameBytes(sa, sb) { return byteOrder(sa, sb) }
            if a.grade != b.grade { return a.grade < b.grade }
            return byteOrder(term.classIds[Int(a.classIndex)], term.classIds[Int(b.classIndex)])
        }
    }

    /// The rows of `class_participation`, full precision and unsuppressed
    /// (`suppressed` set where fewer than `minCell` are enrolled: the
    /// publisher blanks those rows).
    public func tableRows(term: TermData, minCell: Int) -> [[Cell]] {
        rows.map { r in
            let p = r.counts
            return [
                .text(term.schoolIds[Int(r.school)]), .count(r.grade), .text(term.classIds[Int(r.classIndex)]),
                .count(p.enrolled), .count(p.requested), .count(p.participants),
                .ratio(Double(p.participants), Double(p.enrolled)),
                .ratio(Double(p.requestedParticipants), Double(p.requested)),
                .ratio(Double(r.weeks.sportWeeks), Double(r.weeks.participantWeeks)),
                .ratio(Double(r.weeks.qualityWeeks), Double(r.weeks.participantWeeks)),
                .flag(p.enrolled < minCell),
            ]
        }
    }
}
