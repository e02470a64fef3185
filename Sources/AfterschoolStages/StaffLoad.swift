import AfterschoolDomain
import AfterschoolWarehouse

/// Staff load per school (`staff_load`; 003: the whole staff taking part,
/// 001: taking turns): whether the teachers take part, and how evenly the
/// verified hours are spread.
///
/// Verified hours as in the daily ledger: each staffing row on an in-scope
/// session of the school with at least one present row counts min(claimed,
/// scheduled), whatever the staff member's kind; serving staff are those
/// with more than 0 there.
public struct StaffLoad: Sendable {
    public struct Row: Sendable, Equatable {
        public let school: Int32
        /// Staff of kind `teacher` whose school is this one, and those of
        /// them serving here.
        public var teachers = 0
        public var teachersServing = 0
        /// Each serving staff member's verified units here, ascending.
        public var servingUnits: [Int64] = []
        /// The most verified units of one staff member in one week.
        public var peakWeekUnits: Int64 = 0

        public var servingStaff: Int { servingUnits.count }
        public var totalUnits: Int64 { servingUnits.reduce(0, +) }
    }

    /// One row per school, sorted by school id.
    public let rows: [Row]

    /// - Complexity: O(staffing rows + staff) with hashing per verifiable
    ///   row.
    public init(term: TermData, scan: AttendanceScan, ledger: StaffLedger) {
        struct Key: Hashable { let school: Int32; let staff: Int32 }
        struct WeekKey: Hashable { let school: Int32; let staff: Int32; let week: Int32 }
        var total: [Key: Int64] = [:]
        var weekly: [WeekKey: Int64] = [:]
        for r in 0..<ledger.rowCount where ledger.isVerifiable(r, term: term, scan: scan) {
            let units = ledger.verifiedUnits(r, term: term)
            let session = Int(ledger.rowSession[r])
            let school = term.sessionSchool[session], staff = ledger.rowStaff[r]
            total[Key(school: school, staff: staff), default: 0] += units
            weekly[WeekKey(school: school, staff: staff, week: Int32(term.week(ofDay: term.sessionDay[session]))), default: 0] += units
        }
        var rows = (0..<term.schoolCount).map { Row(school: Int32($0)) }
        for (key, units) in total where units > 0 {
            rows[Int(key.school)].servingUnits.append(units)
            if ledger.staffKind[Int(key.staff)] == "teacher" && ledger.staffSchool[Int(key.staff)] == key.school {
                rows[Int(key.school)].teachersServing += 1
            }
        }
        for (key, units) in weekly { rows[Int(key.school)].peakWeekUnits = max(rows[Int(key.school)].peakWeekUnits, units) }
        for staff in 0..<ledger.staffIds.count where ledger.staffKind[staff] == "teacher" {
            let school = Int(ledger.staffSchool[staff])
            if school >= 0 && school < rows.count { rows[school].teachers += 1 }
        }
        for i in rows.indices { rows[i].servingUnits.sort() }
        self.rows = term.schoolOrder.map { rows[$0] }
    }

    /// The rows of `staff_load`, at full precision: shares and hours blank
    /// where they have nothing to divide by.
    public func tableRows(term: TermData) -> [[Cell]] {
        rows.map { r in
            let serving = r.servingStaff
            let totals = r.servingUnits.map(hours)
            return [
                .text(term.schoolIds[Int(r.school)]),
                .count(r.teachers), .count(r.teachersServing),
                r.teachers > 0 ? .real(Double(r.teachersServing) / Double(r.teachers)) : .blank,
                .count(serving),
                serving > 0 ? .real(hours(r.totalUnits) / Double(serving)) : .blank,
                totals.last.map(Cell.real) ?? .blank,
                serving > 0 ? .real(hours(r.peakWeekUnits)) : .blank,
                serving > 0 ? (FinanceTables.gini(totals).map(Cell.real) ?? .real(0)) : .blank,
            ]
        }
    }
}
