import AfterschoolPipeline
import Foundation
import GRDB
import Testing

/// Properties of the stipend allocation on seeded random ledgers, through
/// the stipend-proposal pipeline. Each seed builds a dataset of twenty
/// independent schools (each its own ledger and budget): 12 seeds, 240
/// random ledgers. Per seed, three runs: as generated; with the rows of
/// staffing.csv (and attendance, sessions, staff, satisfaction) shuffled;
/// with one payable row per school claiming more hours.
@Suite("Stipend properties")
struct StipendPropertyTests {
    /// One random dataset and what the checks need to know about it.
    struct Ledger {
        var dataset: FinanceDataset
        /// Per school: the twin staff (identical rows on the same sessions).
        var twins: [(school: String, a: String, b: String)] = []
        /// Per school: one staffing line (index into staffing.csv's lines)
        /// of an eligible member on a payable session whose claim is under
        /// the scheduled length, with a raised claim.
        var raise: [(school: String, staff: String, line: Int, raised: String)] = []
    }

    static let dates = ["2025-09-29", "2025-09-30", "2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04"]

    static func hhmm(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
    static func hours(_ hundredths: Int) -> String { String(format: "%d.%02d", hundredths / 100, hundredths % 100) }

    /// Schools per dataset (a pipeline run costs about the same whatever
    /// its size, so many small ledgers share one run).
    static let schools = 20

    static func make(seed: UInt64) -> Ledger {
        var rng = FinanceSplitMix64(seed: seed)
        var files: [String: [String]] = [
            "schools.csv": ["school_id,name,stage"],
            "students.csv": ["student_id,school_id,grade,class_id"],
            "calendar.csv": ["date,school_day"] + dates.enumerated().map { "\($1),\($0 < 5 ? 1 : 0)" },
            "activities.csv": ["activity_id,school_id,name,category,segment,provider"],
            "sessions.csv": ["session_id,activity_id,date,start,end"],
            "survey.csv": ["student_id,wants_service"],
            "attendance.csv": ["session_id,student_id,status,check_out"],
            "staff.csv": ["staff_id,school_id,kind,qualified"],
            "staffing.csv": ["session_id,staff_id,role,claimed_hours"],
            "satisfaction.csv": ["response_id,school_id,respondent,overall,activity_id"],
            "budget.csv": ["school_id,amount"],
        ]
        var ledger = Ledger(dataset: FinanceDataset(files: [:]))
        let activities = [("AH", "homework", "class", "in_school"), ("AG", "homework", "grade", "in_school"),
                          ("AS", "sports", "grade", "in_school"), ("AR", "arts", "grade", "external"),
                          ("AL", "self_study", "school", "in_school"), ("AC", "science", "class", "in_school")]
        let kinds = ["teacher", "teacher", "teacher", "retired_teacher", "external_professional", "volunteer", "third_party"]
        let eligible: Set<String> = ["teacher", "retired_teacher", "external_professional"]
        var response = 0
        for s in 1...schools {
            let school = String(format: "S%02d", s)
            files["schools.csv"]! += ["\(school),School \(s),primary"]
            let students = (1...40).map { "\(school)-P\(String(format: "%03d", $0))" }
            files["students.csv"]! += students.map { "\($0),\(school),3,3-1" }
            files["survey.csv"]! += ["\(students[0]),1"]
            files["activities.csv"]! += activities.map { "\(school)-\($0.0),\(school),\($0.1),\($0.1),\($0.2),\($0.3)" }
            var staff: [(id: String, kind: String)] = []
            for k in 1...Int.random(in: 3...6, using: &rng) {
                staff.append(("\(school)-T\(k)", kinds.randomElement(using: &rng)!))
            }
            let twinA = "\(school)-W1", twinB = "\(school)-W2"
            files["staff.csv"]! += staff.map { "\($0.id),\(school),\($0.kind),\(Int.random(in: 0...3, using: &rng) == 0 ? 0 : 1)" }
            files["staff.csv"]! += ["\(twinA),\(school),teacher,1", "\(twinB),\(school),teacher,1"]
            ledger.twins.append((school, twinA, twinB))
            var raiseCandidates: [(staff: String, line: Int, raised: String)] = []
            for m in 1...Int.random(in: 3...9, using: &rng) {
                let session = "\(school)-K\(m)"
                let activity = activities.randomElement(using: &rng)!
                let day = Int.random(in: 0...5, using: &rng)
                let start = 13 * 60 + 10 * Int.random(in: 0...36, using: &rng)
                let minutes = 10 * Int.random(in: 3...12, using: &rng)
                files["sessions.csv"]! += ["\(session),\(school)-\(activity.0),\(dates[day]),\(hhmm(start)),\(hhmm(start + minutes))"]
                // Present: none (15%) or 1-60 students from a random offset;
                // a few absent or excused rows, and a left_early now and then.
                let present = Int.random(in: 0..<100, using: &rng) < 15 ? 0 : Int.random(in: 1...40, using: &rng)
                let offset = Int.random(in: 0..<40, using: &rng)
                let others = min(40 - present, Int.random(in: 0...3, using: &rng))
                for i in 0..<(present + others) {
                    let student = students[(offset + i) % 40]
                    let status = i >= present ? (i % 2 == 0 ? "absent," : "excused,")
                        : (i == 0 && Bool.random(using: &rng) ? "left_early,\(hhmm(start + 5))" : "present,")
                    files["attendance.csv"]! += ["\(session),\(student),\(status)"]
                }
                let inScope = day < 5 && start >= 14 * 60 && start + minutes <= 20 * 60
                // 1-3 regular staff, each with a random role and claim.
                for member in staff.shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng)) {
                    let claimed = Int.random(in: 0...250, using: &rng)
                    let role = Bool.random(using: &rng) ? "lead" : "assistant"
                    files["staffing.csv"]! += ["\(session),\(member.id),\(role),\(hours(claimed))"]
                    // claimed / 100 h < minutes / 60 h: a raise adds verified hours.
                    if inScope && present > 0 && eligible.contains(member.kind) && claimed * 60 < minutes * 100 {
                        let raised = claimed + Int.random(in: 1...100, using: &rng)
                        raiseCandidates.append((member.id, files["staffing.csv"]!.count - 1, hours(raised)))
                    }
                }
                // The twins: the same role and claim on half the sessions.
                if Bool.random(using: &rng) {
                    let claimed = hours(Int.random(in: 0...250, using: &rng))
                    let role = Bool.random(using: &rng) ? "lead" : "assistant"
                    files["staffing.csv"]! += ["\(session),\(twinA),\(role),\(claimed)", "\(session),\(twinB),\(role),\(claimed)"]
                }
            }
            if let pick = raiseCandidates.randomElement(using: &rng) {
                ledger.raise.append((school, pick.staff, pick.line, pick.raised))
            }
            for _ in 0..<Int.random(in: 0...25, using: &rng) {
                response += 1
                let about = Int.random(in: 0...6, using: &rng)
                let activity = about < 6 ? "\(school)-\(activities[about].0)" : ""
                files["satisfaction.csv"]! += ["R\(response),\(school),parent,\(Int.random(in: 1...5, using: &rng)),\(activity)"]
            }
            let budget = Int.random(in: 0...5_000_000, using: &rng)
            files["budget.csv"]! += ["\(school),\(budget / 100).\(String(format: "%02d", budget % 100))"]
        }
        ledger.dataset.files = files
        return ledger
    }

    /// The dataset with the data rows of these files in a random order.
    static func shuffled(_ d: FinanceDataset, seed: UInt64) -> FinanceDataset {
        var rng = FinanceSplitMix64(seed: seed ^ 0xDEAD_BEEF)
        var d = d
        for file in ["staffing.csv", "attendance.csv", "sessions.csv", "staff.csv", "satisfaction.csv"] {
            let lines = d.files[file]!
            d.files[file] = [lines[0]] + lines.dropFirst().shuffled(using: &rng)
        }
        return d
    }

    /// Per (school, staff): amount and flat amount in fen, points; per
    /// school: budget and allocated in fen.
    struct Allocation {
        var amount: [String: Int64] = [:]
        var flat: [String: Int64] = [:]
        var points: [String: Double] = [:]
        var budget: [String: Int64] = [:]
        var allocated: [String: Int64] = [:]
    }

    static func allocation(_ run: FinanceRun) throws -> Allocation {
        var a = Allocation()
        try run.warehouse().read { db in
            for row in try GRDB.Row.fetchAll(db, sql: "SELECT school_id, staff_id, amount, flat_amount, points FROM stipend_allocation") {
                let key = (row[0] as String) + "/" + (row[1] as String)
                a.amount[key] = financeFen(row[2])
                a.flat[key] = financeFen(row[3])
                a.points[key] = row[4]
            }
            for row in try GRDB.Row.fetchAll(db, sql: "SELECT school_id, budget, allocated FROM stipend_summary") {
                a.budget[row[0]] = financeFen(row[1])
                a.allocated[row[0]] = financeFen(row[2])
            }
        }
        return a
    }

    static let published = ["stipend_allocation", "stipend_summary", "workload_monthly", "audit_findings"]

    @Test("random ledgers: exact budget, no negative amount, row order, monotony, twins",
          arguments: (1...12).map { UInt64($0) * 0x9E37_79B9 })
    func randomLedgers(seed: UInt64) throws {
        let ledger = Self.make(seed: seed)
        let run = try FinanceRun(label: "prop")
        defer { run.remove() }
        try run.run(ledger.dataset)
        let a = try Self.allocation(run)
        let tables = try Self.published.map { try run.table($0) }
        #expect(a.budget.count == Self.schools)

        for (school, budget) in a.budget {
            let members = a.amount.keys.filter { $0.hasPrefix(school + "/") }
            let points = members.reduce(0.0) { $0 + a.points[$1]! }
            let sum = members.reduce(Int64(0)) { $0 + a.amount[$1]! }
            // The amounts add up to the budget exactly (nothing is allocated
            // only when every member has 0 points).
            #expect(sum == a.allocated[school])
            #expect(points > 0 ? sum == budget : sum == 0, "school \(school)")
            #expect(members.allSatisfy { a.amount[$0]! >= 0 && a.flat[$0]! >= 0 })
            let flat = members.reduce(Int64(0)) { $0 + a.flat[$1]! }
            #expect(flat == budget || flat == 0)
        }
        // Identical work: at most one fen apart, the smaller staff_id not below.
        var pairs = 0
        for t in ledger.twins {
            if let x = a.amount[t.school + "/" + t.a], let y = a.amount[t.school + "/" + t.b] {
                pairs += 1
                #expect(x - y == 0 || x - y == 1, "twins \(t)")
                #expect(a.points[t.school + "/" + t.a] == a.points[t.school + "/" + t.b])
            }
        }
        // The generator gives most schools twins and a row to raise.
        #expect(pairs >= Self.schools / 2 && ledger.raise.count >= Self.schools / 2, "seed \(seed): \(pairs) twins, \(ledger.raise.count) raises")

        // The input rows in another order: the same published tables.
        let reordered = try FinanceRun(label: "prop-shuffled")
        defer { reordered.remove() }
        try reordered.run(Self.shuffled(ledger.dataset, seed: seed))
        for (name, rows) in zip(Self.published, tables) {
            #expect(try reordered.table(name) == rows, "\(name) depends on the input order (seed \(seed))")
        }

        // More verified hours for one member per school: never a lower amount.
        var more = ledger.dataset
        for r in ledger.raise {
            var fields = more.files["staffing.csv"]![r.line].split(separator: ",").map(String.init)
            fields[3] = r.raised
            more.files["staffing.csv"]![r.line] = fields.joined(separator: ",")
        }
        let raised = try FinanceRun(label: "prop-raised")
        defer { raised.remove() }
        try raised.run(more)
        let b = try Self.allocation(raised)
        for r in ledger.raise {
            let key = r.school + "/" + r.staff
            let before = try #require(a.amount[key]), after = try #require(b.amount[key])
            #expect(after >= before, "\(key): \(before) -> \(after) fen after raising line \(r.line) to \(r.raised)")
            #expect(b.points[key]! >= a.points[key]!)
        }
        #expect(b.budget == a.budget)
    }
}
