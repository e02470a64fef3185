import AfterschoolDomain
import AfterschoolWarehouse

/// Choice and voluntariness per school (`service_choice`; 003: at least one
/// survey a term, families choose the days, slots and content; 000: no
/// student is made to stay or to leave).
///
/// - survey coverage: students with a survey row / enrolled;
/// - unrequested participants: participants whose family did not ask (no
///   survey row, or `wants_service` false), and their share;
/// - chosen-day coverage: over (requested student, school day whose weekday
///   the family chose) pairs, the share with a present row on an in-scope
///   session that day, whether or not the school held one (a make-up
///   Saturday or Sunday is never chosen);
/// - late care: students whose survey asks for it (`wants_extended`), and
///   those of them present at an in-scope `school`-segment session.
public struct ServiceChoice: Sendable {
    public struct Row: Sendable, Equatable {
        public let school: Int32
        public var enrolled = 0
        public var surveyed = 0
        public var participants = 0
        public var unrequestedParticipants = 0
        public var chosenPairs = 0
        public var chosenPresent = 0
        public var extendedRequested = 0
        public var extendedServed = 0
    }

    /// One row per school, sorted by school id.
    public let rows: [Row]

    /// - Complexity: O(students x school days).
    public init(term: TermData, scan: AttendanceScan) {
        var rows = (0..<term.schoolCount).map { Row(school: Int32($0)) }
        // The school days a family can choose: their weekday (1-5).
        let weekdays = term.schoolDayWeekdays
        for s in 0..<term.studentCount {
            let school = Int(term.studentSchool[s])
            rows[school].enrolled += 1
            if term.studentSurveyed[s] { rows[school].surveyed += 1 }
            let participated = scan.participated[s]
            if participated {
                rows[school].participants += 1
                if !term.studentRequested[s] { rows[school].unrequestedParticipants += 1 }
            }
            if term.studentRequested[s] {
                let chosen = term.studentChosenDays[s]
                for (d, w) in weekdays.enumerated() where w <= 5 && chosen & (UInt8(1) << UInt8(w)) != 0 {
                    rows[school].chosenPairs += 1
                    if scan.presentDays[s * scan.dayWords + d / 64] & (UInt64(1) << UInt64(d % 64)) != 0 {
                        rows[school].chosenPresent += 1
                    }
                }
            }
            if term.studentWantsExtended[s] {
                rows[school].extendedRequested += 1
                if scan.lateCare[s] { rows[school].extendedServed += 1 }
            }
        }
        self.rows = term.schoolOrder.map { rows[$0] }
    }

    /// The rows of `service_choice`, at full precision.
    public func tableRows(term: TermData) -> [[Cell]] {
        rows.map { r in
            [
                .text(term.schoolIds[Int(r.school)]),
                .count(r.enrolled), .count(r.surveyed), .ratio(Double(r.surveyed), Double(r.enrolled)),
                .count(r.unrequestedParticipants), .ratio(Double(r.unrequestedParticipants), Double(r.participants)),
                .ratio(Double(r.chosenPresent), Double(r.chosenPairs)),
                .count(r.extendedRequested), .count(r.extendedServed),
                .ratio(Double(r.extendedServed), Double(r.extendedRequested)),
            ]
        }
    }
}
