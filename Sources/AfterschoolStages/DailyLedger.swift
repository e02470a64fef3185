import AfterschoolDomain
import AfterschoolWarehouse

/// The daily ledger (`daily_ledger`; 003: 每日按实记录各时段课后服务班级开设
/// 情况、参与学生人数、参与人员工作量): per school, school day and segment
/// with at least one in-scope session, what was held, who came, who served
/// and the hours claimed and verified.
///
/// Verified hours per staffing row on those sessions, whatever the staff
/// kind: min(claimed, scheduled) when the session has a present row, else 0
/// (as in `workload_monthly`).
public struct DailyLedger: Sendable {
    public struct Row: Sendable, Equatable {
        public let school: Int32
        public let day: Int32
        public let segment: Segment
        public var sessions = 0
        public var heldSessions = 0
        public var studentsPresent = 0
        public var staff = 0
        public var claimedUnits: Int64 = 0
        public var verifiedUnits: Int64 = 0
    }

    /// Sorted by school id, date, segment (class, grade, school).
    public let rows: [Row]

    /// One pass over the sessions and one over the staffing rows; the
    /// distinct students present come from the attendance scan
    /// (``AttendanceScan/segmentStudents``).
    /// - Complexity: O(sessions + staffing rows).
    public init(term: TermData, scan: AttendanceScan, ledger: StaffLedger) {
        // The ledger row of each in-scope session.
        struct Key: Hashable { let school: Int32; let day: Int32; let segment: Int }
        var rows = RowIndex<Key, Row>()
        var rowOf = [Int32](repeating: -1, count: term.sessionCount)
        for s in 0..<term.sessionCount where term.sessionInScope[s] {
            let segment = term.activitySegment[Int(term.sessionActivity[s])]
            let key = Key(school: term.sessionSchool[s], day: term.sessionDay[s], segment: segment.ordinal)
            let r = rows.position(of: key) { Row(school: key.school, day: key.day, segment: segment) }
            rowOf[s] = Int32(r)
            rows[r].sessions += 1
            if scan.sessionPresent[s] > 0 { rows[r].heldSessions += 1 }
        }
        // Staff: distinct per ledger row.
        var staffSeen: Set<Int64> = []
        for r in 0..<ledger.rowCount {
            let s = Int(ledger.rowSession[r])
            let row = Int(rowOf[s])
            guard row >= 0 else { continue }
            if staffSeen.insert(Int64(row) << 32 | Int64(ledger.rowStaff[r])).inserted { rows[row].staff += 1 }
            rows[row].claimedUnits += ledger.rowClaimed[r]
            if scan.sessionPresent[s] > 0 { rows[row].verifiedUnits += ledger.verifiedUnits(r, term: term) }
        }
        // Students: each counted once per school day and segment.
        let days = term.schoolDays.count
        for r in rows.rows.indices {
            guard let d = term.schoolDay(rows[r].day) else { continue }
            rows[r].studentsPresent = Int(scan.segmentStudents[(Int(rows[r].school) * days + d) * 3 + rows[r].segment.ordinal])
        }
        self.rows = rows.rows.sorted { a, b in
            let sa = term.schoolIds[Int(a.school)], sb = term.schoolIds[Int(b.school)]
            if !sameBytes(sa, sb) { return byteOrder(sa, sb) }
            if a.day != b.day { return a.day < b.day }
            return a.segment.ordinal < b.segment.ordinal
        }
    }

    /// The rows of `daily_ledger`, at full precision.
    public func tableRows(term: TermData) -> [[Cell]] {
        rows.map { r in
            [.text(term.schoolIds[Int(r.school)]), .text(CivilDate(dayNumber: Int(r.day)).description),
             .text(r.segment.rawValue), .count(r.sessions), .count(r.heldSessions), .count(r.studentsPresent),
             .count(r.staff), .real(hours(r.claimedUnits)), .real(hours(r.verifiedUnits))]
        }
    }
}
