import AfterschoolDomain
import AfterschoolWarehouse
import Foundation
import GRDB

/// The stipend stage (专项补助经费分配方案): splits each school's fixed
/// after-school budget among its eligible staff by weighted work, not flat
/// (防止简单划一; 多劳多得，优绩优酬), exact to the fen.
///
/// 1. Eligible: staff of the kinds in `eligible_kinds`. A school lists every
///    eligible member with a staffing row on its sessions.
/// 2. Payable rows: their rows on in-scope sessions with a present student;
///    verified hours = min(claimed, scheduled).
/// 3. Weight of a row: verified hours x slot x content x role x scale(n),
///    n the students present, scale(n) = clamp(1 + slope log2(n / ref), min, max).
/// 4. Satisfaction multiplier from the responses about activities the member
///    leads, shrunk toward the school mean.
/// 5. Points = multiplier x weights, rounded to micro-points; the budget is
///    split in proportion, largest remainders getting the odd fen.
public struct Stipend: Sendable {
    /// One staff member's line of a school's proposal.
    public struct Line: Sendable, Equatable {
        public let school: Int32
        public let staff: Int32
        public var sessions = 0
        /// Units (``StaffLedger``).
        public var claimedUnits: Int64 = 0
        public var verifiedUnits: Int64 = 0
        /// Micro-points (points rounded to 6 decimals).
        public var microPoints: Int64 = 0
        public var satisfactionN = 0
        public var satisfactionMean: Double?
        public var multiplier = 1.0
        public var amountFen: Int64 = 0
        public var flatFen: Int64 = 0
    }

    /// A school's totals.
    public struct Summary: Sendable, Equatable {
        public let school: Int32
        public let budgetFen: Int64
        public var allocatedFen: Int64 = 0
    }

    /// Sorted by school id then staff id.
    public let lines: [Line]
    /// Schools with a budget row, sorted by school id.
    public let summaries: [Summary]
    /// Schools with no budget row, or whose points are all zero.
    public let warnings: [String]

    public init(term: TermData, scan: AttendanceScan, ledger: StaffLedger, satisfaction: Satisfaction,
                budgets: [Int32: Int64], parameters: StipendParameters) throws {
        let eligible = Set(parameters.eligibleKinds)
        let weights = parameters
        struct Key: Hashable { let school: Int32; let staff: Int32 }
        var lines: [Key: Line] = [:]
        // Payable rows per line, ordered by session id before summing, so
        // the points do not depend on the order of the input rows.
        var payable: [Key: [(session: Int, weight: Double)]] = [:]
        var ledActivities: [Key: Set<Int32>] = [:]
        for r in 0..<ledger.rowCount {
            let staff = Int(ledger.rowStaff[r])
            guard eligible.contains(ledger.staffKind[staff]) else { continue }
            let s = Int(ledger.rowSession[r])
            let key = Key(school: term.sessionSchool[s], staff: Int32(staff))
            var line = lines[key] ?? Line(school: key.school, staff: key.staff)
            line.sessions += 1
            line.claimedUnits += ledger.rowClaimed[r]
            if ledger.isVerifiable(r, term: term, scan: scan) {
                let verified = ledger.verifiedUnits(r, term: term)
                line.verifiedUnits += verified
                let activity = Int(term.sessionActivity[s])
                let w = hours(verified)
                    * weights.slot(term.activitySegment[activity])
                    * weights.content(term.activityCategory[activity])
                    * (ledger.rowIsLead[r] ? weights.roleWeightLead : weights.roleWeightAssistant)
                    * weights.scale(Int(scan.sessionPresent[s]))
                payable[key, default: []].append((s, w))
                if ledger.rowIsLead[r] { ledActivities[key, default: []].insert(Int32(activity)) }
            }
            lines[key] = line
        }
        // Points and the satisfaction multiplier.
        for (key, var line) in lines {
            let rows = (payable[key] ?? []).sorted { byteOrder(term.sessionIds[$0.session], term.sessionIds[$1.session]) }
            let total = rows.reduce(0.0) { $0 + $1.weight }
            var n = 0, sum = 0
            for a in ledActivities[key] ?? [] {
                n += satisfaction.activities[Int(a)].responses
                sum += satisfaction.activities[Int(a)].sum
            }
            line.satisfactionN = n
            line.satisfactionMean = n > 0 ? Double(sum) / Double(n) : nil
            if n > 0, let mu = satisfaction.schools[Int(key.school)].mean {
                let k = parameters.satisfactionPrior
                let shrunk = (Double(sum) + k * mu) / (Double(n) + k)
                let cap = parameters.satisfactionCap
                let q = 1 + parameters.satisfactionStep * (shrunk - mu)
                line.multiplier = min(max(q, 1 - cap), 1 + cap)
            }
            // Bounded inputs keep this far inside Int64 with the default
            // weights; parameters near their maximum could not.
            let micro = (line.multiplier * total * 1_000_000).rounded()
            guard micro.isFinite, micro < 9e18 else {
                throw StageError.invalid("stipend: points of staff \(ledger.staffIds[Int(key.staff)]) are too large to count in micro-points; lower the weights")
            }
            line.microPoints = Int64(micro)
            lines[key] = line
        }
        // The split, school by school.
        var bySchool: [Int32: [Line]] = [:]
        for line in lines.values { bySchool[line.school, default: []].append(line) }
        var result: [Line] = [], summaries: [Summary] = [], warnings: [String] = []
        for school in (0..<term.schoolCount).sorted(by: { byteOrder(term.schoolIds[$0], term.schoolIds[$1]) }) {
            let id = term.schoolIds[school]
            var members = (bySchool[Int32(school)] ?? []).sorted {
                byteOrder(ledger.staffIds[Int($0.staff)], ledger.staffIds[Int($1.staff)])
            }
            guard let budget = budgets[Int32(school)] else {
                warnings.append("补助分配：学校 \(id) 在 budget.csv 中没有经费行，未作分配 / stipend: school \(id) has no budget row; no allocation")
                continue
            }
            var summary = Summary(school: Int32(school), budgetFen: budget)
            let order = Array(members.indices)  // already by staff id
            if let shares = FenSplit.split(budget, weights: members.map(\.microPoints), tieOrder: order) {
                for i in members.indices { members[i].amountFen = shares[i] }
                summary.allocatedFen = shares.reduce(0, +)
            } else {
                warnings.append("补助分配：学校 \(id) 没有可计酬的工作量（符合条件人员没有核定课时），未作分配 / stipend: school \(id) has no payable points (no verified hours of eligible staff); nothing allocated")
            }
            let flatWeights = members.map { Stipend.microHours($0.verifiedUnits) }
            if let flat = FenSplit.split(budget, weights: flatWeights, tieOrder: order) {
                for i in members.indices { members[i].flatFen = flat[i] }
            }
            result += members
            summaries.append(summary)
        }
        self.lines = result
        self.summaries = summaries
        self.warnings = warnings
    }

    /// Verified hours rounded to 6 decimals, as integer micro-hours:
    /// round(units x 10^6 / 6000).
    static func microHours(_ units: Int64) -> Int64 {
        (2 * units * 1000 + 6) / 12
    }

    /// Budgets in fen per school.
    public static func loadBudgets(_ warehouse: Warehouse) throws -> [Int32: Int64] {
        try warehouse.queue.read { db in
            var budgets: [Int32: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT school_key, amount_fen FROM budget") {
                budgets[Int32(row[0] as Int64) - 1] = row[1]
            }
            return budgets
        }
    }
}

/// The stipend stage as the runner sees it: `stipend_allocation` and
/// `stipend_summary`.
public enum StipendStage: StageUnit {
    public static let declaration = StageDeclaration(
        name: "stipend", version: 1,
        summary: "each school's budget split among its eligible staff by weighted work, exact to the fen",
        reads: [.term, .attendance, .ledger, .satisfactionResponses, .budgets],
        tables: [.stipendAllocation, .stipendSummary])

    public static func run(_ context: StageContext, _ parameters: StipendParameters) throws -> (NoResult, StageTables) {
        let term = try context.termData(), ledger = try context.staffLedger()
        let stipend = try Stipend(
            term: term, scan: try context.scan(), ledger: ledger, satisfaction: try context.satisfactionResponses(),
            budgets: try Stipend.loadBudgets(context.warehouse), parameters: parameters)
        return (NoResult(), StageTables([
            (.stipendAllocation, FinanceTables.allocationRows(stipend, term: term, ledger: ledger)),
            (.stipendSummary, FinanceTables.summaryRows(stipend, term: term)),
        ], warnings: stipend.warnings))
    }
}

/// The weights of the formula.
extension StipendParameters {
    func slot(_ s: Segment) -> Double {
        switch s {
        case .class: return slotWeightClass
        case .grade: return slotWeightGrade
        case .school: return slotWeightSchool
        }
    }

    func content(_ c: Category) -> Double {
        switch c {
        case .homework: return contentWeightHomework
        case .selfStudy: return contentWeightSelfStudy
        default: return contentWeightQuality
        }
    }

    /// clamp(1 + slope x log2(n / reference), min, max).
    func scale(_ present: Int) -> Double {
        guard present > 0 else { return scaleMin }
        return min(max(1 + scaleSlope * log2(Double(present) / scaleReference), scaleMin), scaleMax)
    }
}
