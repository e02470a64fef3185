import AfterschoolWarehouse

/// Rows of `audit_findings`, `stipend_allocation`, `stipend_summary` and
/// `workload_monthly`, sorted by key, at full precision. Money comes from
/// integer fen (a yuan amount is fen / 100).
public enum FinanceTables {
    public static func auditRows(_ audit: Audit) -> [[Cell]] {
        audit.findings.map { f in
            f.key.map(Cell.text) + [.text(f.severity.rawValue), .text(f.detail), .real(f.hoursAtStake)]
        }
    }

    public static func workloadRows(_ workload: Workload, term: TermData, ledger: StaffLedger) -> [[Cell]] {
        workload.entries.map { e in
            [.text(term.schoolIds[Int(e.school)]), .text(ledger.staffIds[Int(e.staff)]), .text(e.month),
             .count(e.days), .count(e.sessions), .real(hours(e.verifiedUnits))]
        }
    }

    public static func allocationRows(_ stipend: Stipend, term: TermData, ledger: StaffLedger) -> [[Cell]] {
        stipend.lines.map { line in
            let verified = hours(line.verifiedUnits)
            return [
                .text(term.schoolIds[Int(line.school)]), .text(ledger.staffIds[Int(line.staff)]),
                .text(ledger.staffKind[Int(line.staff)]), .count(line.sessions),
                .real(hours(line.claimedUnits)), .real(verified),
                .real(Double(line.microPoints) / 1_000_000),
                .count(line.satisfactionN), line.satisfactionMean.map(Cell.real) ?? .blank,
                .real(line.multiplier),
                .real(yuan(line.amountFen)),
                verified > 0 ? .real(yuan(line.amountFen) / verified) : .blank,
                .real(yuan(line.flatFen)),
            ]
        }
    }

    /// Per school: budget, allocated, staff paid, verified hours, and the
    /// spread of hourly amounts over staff with hours (min, median, max,
    /// Gini).
    public static func summaryRows(_ stipend: Stipend, term: TermData) -> [[Cell]] {
        var bySchool: [Int32: [Stipend.Line]] = [:]
        for line in stipend.lines { bySchool[line.school, default: []].append(line) }
        return stipend.summaries.map { s in
            let lines = bySchool[s.school] ?? []
            let hourly = lines.filter { $0.verifiedUnits > 0 }
                .map { yuan($0.amountFen) / hours($0.verifiedUnits) }.sorted()
            let verified = lines.reduce(Int64(0)) { $0 + $1.verifiedUnits }
            return [
                .text(term.schoolIds[Int(s.school)]),
                .real(yuan(s.budgetFen)), .real(yuan(s.allocatedFen)),
                .count(lines.filter { $0.amountFen > 0 }.count),
                .real(hours(verified)),
                hourly.first.map(Cell.real) ?? .blank,
                median(hourly).map(Cell.real) ?? .blank,
                hourly.last.map(Cell.real) ?? .blank,
                gini(hourly).map(Cell.real) ?? .blank,
            ]
        }
    }

    static func yuan(_ fen: Int64) -> Double { Double(fen) / 100 }

    /// The median of sorted values (the mean of the middle two for an even count).
    public static func median(_ sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// The Gini coefficient, population form: sum over ordered pairs of
    /// |x_i - x_j| / (2 n^2 mean); nil for no values or a zero mean.
    /// - Complexity: O(n) on sorted values (sum of (2i - n + 1) x_i).
    public static func gini(_ sorted: [Double]) -> Double? {
        let n = sorted.count
        guard n > 0 else { return nil }
        let total = sorted.reduce(0, +)
        guard total > 0 else { return nil }
        var weighted = 0.0
        for (i, x) in sorted.enumerated() { weighted += Double(2 * i - n + 1) * x }
        // sum_{i,j} |x_i - x_j| = 2 sum_i (2i - n + 1) x_i (0-based, ascending).
        return 2 * weighted / (2 * Double(n) * total)
    }
}
