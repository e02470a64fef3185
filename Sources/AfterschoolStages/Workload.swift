import AfterschoolDomain

/// The workload stage: the monthly workload disclosure (每月公示工作量).
///
/// One row per (session's school, staff member, month) with any staffing
/// row, for staff of every kind: distinct `days`, `sessions` and
/// `verified_hours` over the member's rows on in-scope sessions with at
/// least one present row, each verified as min(claimed, scheduled hours).
public struct Workload: Sendable {
    public struct Entry: Sendable, Equatable {
        public let school: Int32
        public let staff: Int32
        /// `YYYY-MM`.
        public let month: String
        public var days = 0
        public var sessions = 0
        /// Verified hours in ``StaffLedger`` units.
        public var verifiedUnits: Int64 = 0
    }

    /// Sorted by school id, staff id, month.
    public let entries: [Entry]

    /// - Complexity: O(staffing rows): one hash lookup per row, distinct
    ///   days kept as a bit per day of the month.
    public init(term: TermData, scan: AttendanceScan, ledger: StaffLedger) {
        struct Key: Hashable { let school: Int32; let staff: Int32; let month: Int32 }
        var found = RowIndex<Key, Entry>()
        // Per entry, bit `d`: a verifiable row on day `d` of the month.
        var dayBits: [UInt32] = []
        for r in 0..<ledger.rowCount {
            let session = Int(ledger.rowSession[r])
            let date = CivilDate(dayNumber: Int(term.sessionDay[session]))
            let (y, m, d) = date.components
            let key = Key(school: term.sessionSchool[session], staff: ledger.rowStaff[r], month: Int32(y * 100 + m))
            let e = found.position(of: key) {
                dayBits.append(0)
                return Entry(school: key.school, staff: key.staff, month: date.monthText)
            }
            if ledger.isVerifiable(r, term: term, scan: scan) {
                found[e].sessions += 1
                found[e].verifiedUnits += ledger.verifiedUnits(r, term: term)
                dayBits[e] |= UInt32(1) << UInt32(d)
            }
        }
        for e in found.rows.indices { found[e].days = dayBits[e].nonzeroBitCount }
        entries = found.rows.sorted { a, b in
            let sa = term.schoolIds[Int(a.school)], sb = term.schoolIds[Int(b.school)]
            if !sameBytes(sa, sb) { return byteOrder(sa, sb) }
            let fa = ledger.staffIds[Int(a.staff)], fb = ledger.staffIds[Int(b.staff)]
            if !sameBytes(fa, fb) { return byteOrder(fa, fb) }
            return a.month < b.month
        }
    }
}

/// The workload stage as the runner sees it: `workload_monthly`, the
/// monthly disclosure (每月公示工作量); `daily_ledger`, the daily record
/// (每日记录); and `staff_load`, how the hours spread over the staff.
public enum WorkloadStage: StageUnit {
    public static let declaration = StageDeclaration(
        name: "workload", version: 2,
        summary: "each staff member's verified days, sessions and hours per month; the daily ledger; the staff load",
        reads: [.term, .ledger, .workload],
        tables: [.workloadMonthly, .dailyLedger, .staffLoad])

    public static func run(_ context: StageContext, _ parameters: NoParameters) throws -> (NoResult, StageTables) {
        let term = try context.termData(), ledger = try context.staffLedger(), scan = try context.scan()
        let rows = FinanceTables.workloadRows(try context.monthlyWorkload(), term: term, ledger: ledger)
        let daily = DailyLedger(term: term, scan: scan, ledger: ledger)
        let load = StaffLoad(term: term, scan: scan, ledger: ledger)
        return (NoResult(), StageTables([
            (.workloadMonthly, rows), (.dailyLedger, daily.tableRows(term: term)), (.staffLoad, load.tableRows(term: term)),
        ]))
    }
}
