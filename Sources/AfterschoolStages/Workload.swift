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

    /// - Complexity: O(staffing rows).
    public init(term: TermData, scan: AttendanceScan, ledger: StaffLedger) {
        struct Key: Hashable { let school: Int32; let staff: Int32; let month: Int }
        var totals: [Key: Entry] = [:]
        var days: [Key: Set<Int32>] = [:]
        for r in 0..<ledger.rowCount {
            let session = Int(ledger.rowSession[r])
            let day = term.sessionDay[session]
            let (y, m, _) = CivilDate(dayNumber: Int(day)).components
            let key = Key(school: term.sessionSchool[session], staff: ledger.rowStaff[r], month: y * 100 + m)
            var entry = totals[key] ?? Entry(
                school: key.school, staff: key.staff, month: CivilDate(dayNumber: Int(day)).monthText)
            if ledger.isVerifiable(r, term: term, scan: scan) {
                entry.sessions += 1
                entry.verifiedUnits += ledger.verifiedUnits(r, term: term)
                days[key, default: []].insert(day)
            }
            totals[key] = entry
        }
        entries = totals.map { key, entry in
            var e = entry
            e.days = days[key]?.count ?? 0
            return e
        }.sorted { a, b in
            let sa = term.schoolIds[Int(a.school)], sb = term.schoolIds[Int(b.school)]
            if !sameBytes(sa, sb) { return byteOrder(sa, sb) }
            let fa = ledger.staffIds[Int(a.staff)], fb = ledger.staffIds[Int(b.staff)]
            if !sameBytes(fa, fb) { return byteOrder(fa, fb) }
            return a.month < b.month
        }
    }
}

/// The workload stage as the runner sees it: `workload_monthly`, the
/// monthly disclosure (每月公示工作量).
public enum WorkloadStage: StageUnit {
    public static let declaration = StageDeclaration(
        name: "workload", version: 1,
        summary: "each staff member's verified days, sessions and hours per month",
        reads: [.term, .ledger, .workload],
        tables: [.workloadMonthly])

    public static func run(_ context: StageContext, _ parameters: NoParameters) throws -> (NoResult, StageTables) {
        let rows = FinanceTables.workloadRows(
            try context.monthlyWorkload(), term: try context.termData(), ledger: try context.staffLedger())
        return (NoResult(), StageTables([(.workloadMonthly, rows)]))
    }
}
