import AfterschoolDomain
import AfterschoolPipeline
import Foundation
import GRDB
import Testing

/// The stipend allocation of metrics.md ("Stipend allocation (per school)"),
/// worked out by hand on ``FinanceDataset/stipendSchool()`` and on small
/// edge cases, through the stipend-proposal pipeline.
@Suite("Stipend allocation")
struct StipendAllocationTests {
    // MARK: The hand-worked school

    // Payable rows: eligible staff (teacher, retired_teacher,
    // external_professional) on in-scope sessions with a present row. K5
    // (Saturday) and K6 (nobody present) pay nothing; V1 is a volunteer.
    // verified = min(claimed, scheduled): K3 2.00 claimed on 1.5 h -> 1.50.
    //
    // scale(n) = clamp(1 + 0.25 log2(n / 20), 0.75, 1.5):
    //   n = 20 -> 1; n = 40 -> 1 + 0.25 = 1.25; n = 80 -> 1 + 0.5 = 1.5;
    //   n = 5 -> 1 + 0.25 x (-2) = 0.5 -> clamped to 0.75.
    // slot x content: K1 class homework 1.0 x 1.0; K2 grade sports 1.1 x 1.2;
    //   K3, K7 school self_study 1.3 x 0.8; K4 grade arts 1.1 x 1.2.
    //
    // Weights (hours x slot x content x role x scale):
    //   T1:  K1 lead      1.00 x 1.0 x 1.0 x 1.0 x 1    = 1.000
    //        K2 assistant 1.50 x 1.1 x 1.2 x 0.6 x 1.25 = 1.485    sum 2.485
    //   T2:  K2 lead      1.50 x 1.1 x 1.2 x 1.0 x 1.25 = 2.475
    //   T3:  K4 lead      2.00 x 1.1 x 1.2 x 1.0 x 1.5  = 3.960
    //   T4:  K3 lead      1.50 x 1.3 x 0.8 x 1.0 x 0.75 = 1.170
    //        K4 assistant 2.00 x 1.1 x 1.2 x 0.6 x 1.5  = 2.376    sum 3.546
    //   T10: K7 lead      1.50 x 1.3 x 0.8 x 1.0 x 0.75 = 1.170
    //        K4 assistant (as T4)                       = 2.376    sum 3.546
    //
    // Satisfaction: school mean mu = (6x4 + 30x5 + 30x1 + 3x1) / 69 = 207/69 = 3.
    //   T1 leads K1 (activity AH; T2's AH row K6 is not payable, so AH is
    //   not T2's): n = 6, m = 4, s = (24 + 20x3) / 26 = 84/26 = 3.230769..,
    //   q = 1 + 0.1 x 0.230769.. = 133/130 = 1.0230769..
    //   T2 leads K2 (AS): n = 30, m = 5, s = (150 + 60) / 50 = 4.2,
    //   q = 1 + 0.1 x 1.2 = 1.12 -> cap 1.1.
    //   T3 leads K4 (AR): n = 30, m = 1, s = (30 + 60) / 50 = 1.8,
    //   q = 1 - 0.12 = 0.88 -> cap 0.9.
    //   T4, T10 lead AL, which has no responses: n = 0, q = 1. (T4 assists on
    //   K4 but does not lead it: AR's responses are not T4's.)
    //
    // Points, rounded to 6 decimals (micro-points p):
    //   T1  2.485 x 133/130 = 2.5423461538.. -> 2 542 346
    //   T2  2.475 x 1.1     = 2.7225         -> 2 722 500
    //   T3  3.960 x 0.9     = 3.564          -> 3 564 000
    //   T4  3.546 x 1       = 3.546          -> 3 546 000
    //   T10 3.546 x 1       = 3.546          -> 3 546 000
    //   sum(p) = 15 920 846.
    //
    // Budget B = 10000.03 yuan = 1 000 003 fen. B x p / sum(p):
    //   T1   2 542 353 627 038 / 15 920 846 = 159 687 rem  1 491 836
    //   T10  3 546 010 638 000 / 15 920 846 = 222 727 rem  8 370 958
    //   T2   2 722 508 167 500 / 15 920 846 = 171 002 rem 11 659 808
    //   T3   3 564 010 692 000 / 15 920 846 = 223 858 rem  1 948 132
    //   T4   3 546 010 638 000 / 15 920 846 = 222 727 rem  8 370 958
    //   floors add up to 1 000 001: 2 fen left over, to the two largest
    //   remainders: T2 (11 659 808), then the tie T10 = T4 (8 370 958) goes
    //   to the smaller staff_id by bytes, "T10" < "T4".
    //   Amounts: T1 159 687, T10 222 728, T2 171 003, T3 223 858, T4 222 727
    //   (sum 1 000 003).
    //
    // Flat split, p = verified hours x 10^6: T1 2.5, T10 3.5, T2 1.5, T3 2.0,
    //   T4 3.5; sum 13 000 000. B x p / sum:
    //   T1  192 308 rem  3 500 000;  T10 269 231 rem 7 500 000;
    //   T2  115 384 rem 12 500 000;  T3  153 846 rem 8 000 000;
    //   T4  269 231 rem  7 500 000.
    //   floors 1 000 000; 3 fen left: T2, T3, then the tie T10 = T4 -> T10.
    //   Flat: T1 192 308, T10 269 232, T2 115 385, T3 153 847, T4 269 231.
    //
    // Hourly = amount / verified hours:
    //   T1 1596.87 / 2.5 = 638.748; T10 2227.28 / 3.5 = 636.36571..;
    //   T2 1710.03 / 1.5 = 1140.02; T3 2238.58 / 2 = 1119.29;
    //   T4 2227.27 / 3.5 = 636.36286..
    // Columns sessions / claimed count every staffing row of the member:
    //   T1 K1 K2 K5 (3, 3.50); T10 K4 K7 (2, 3.50); T2 K2 K6 (2, 2.50);
    //   T3 K4 (1, 2.00); T4 K3 K4 (2, 4.00).
    static let allocation: [[String]] = [
        ["S1", "T1", "teacher", "3", "3.50", "2.50", "2.5423", "6", "4.0000", "1.0231", "1596.87", "638.75", "1923.08"],
        ["S1", "T10", "teacher", "2", "3.50", "3.50", "3.5460", "0", "", "1.0000", "2227.28", "636.37", "2692.32"],
        ["S1", "T2", "retired_teacher", "2", "2.50", "1.50", "2.7225", "30", "5.0000", "1.1000", "1710.03", "1140.02", "1153.85"],
        ["S1", "T3", "external_professional", "1", "2.00", "2.00", "3.5640", "30", "1.0000", "0.9000", "2238.58", "1119.29", "1538.47"],
        ["S1", "T4", "teacher", "2", "4.00", "3.50", "3.5460", "0", "", "1.0000", "2227.27", "636.36", "2692.31"],
    ]

    // Summary: budget 10000.03, allocated 10000.03, staff_paid 5, verified
    // 2.5 + 3.5 + 1.5 + 2 + 3.5 = 13.00 h. Hourly sorted: 636.36286 (T4),
    // 636.36571 (T10), 638.748 (T1), 1119.29 (T3), 1140.02 (T2): min 636.36,
    // median (odd count, the middle one) 638.748 -> 638.75, max 1140.02.
    // Gini = sum over ordered pairs |xi - xj| / (2 n^2 mean): with the
    // sorted x, sum over pairs i < j of (xj - xi) = sum (2i - n + 1) xi =
    // -4 x 636.36286 - 2 x 636.36571 + 0 + 2 x 1119.29 + 4 x 1140.02
    // = 2980.47714; ordered pairs twice that = 5960.95429; mean = 4170.78657
    // / 5 = 834.15731; Gini = 5960.95429 / (2 x 25 x 834.15731) = 0.142922.
    static let summary: [[String]] = [
        ["S1", "10000.03", "10000.03", "5", "13.00", "636.36", "638.75", "1140.02", "0.1429"],
    ]

    @Test("the hand-worked school: weights, points, fen, flat split, summary")
    func handWorked() throws {
        let run = try FinanceRun(label: "stipend")
        defer { run.remove() }
        try run.run(.stipendSchool())

        #expect(try run.header("stipend_allocation") == [
            "school_id", "staff_id", "kind", "sessions", "claimed_hours", "verified_hours", "points",
            "satisfaction_n", "satisfaction_mean", "multiplier", "amount", "hourly_amount", "flat_amount",
        ])
        #expect(try run.header("stipend_summary") == [
            "school_id", "budget", "allocated", "staff_paid", "verified_hours", "hourly_min", "hourly_median",
            "hourly_max", "gini",
        ])
        // V1 (volunteer) is not listed.
        #expect(try run.table("stipend_allocation") == Self.allocation)
        #expect(try run.table("stipend_summary") == Self.summary)

        // Full precision in the warehouse: exact fen, micro-points, q.
        let db = try run.warehouse()
        let rows = try db.read { db in
            try GRDB.Row.fetchAll(db, sql: """
                SELECT staff_id, amount, flat_amount, points, multiplier FROM stipend_allocation ORDER BY staff_id
                """)
        }
        let fen = Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, financeFen($0[1])) })
        #expect(fen == ["T1": 159_687, "T10": 222_728, "T2": 171_003, "T3": 223_858, "T4": 222_727])
        #expect(fen.values.reduce(0, +) == 1_000_003)
        let flat = Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, financeFen($0[2])) })
        #expect(flat == ["T1": 192_308, "T10": 269_232, "T2": 115_385, "T3": 153_847, "T4": 269_231])
        #expect(flat.values.reduce(0, +) == 1_000_003)
        let micro = Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, Int64((($0[3] as Double) * 1e6).rounded())) })
        #expect(micro == ["T1": 2_542_346, "T10": 3_546_000, "T2": 2_722_500, "T3": 3_564_000, "T4": 3_546_000])
        let q = Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, $0[4] as Double) })
        #expect(abs(q["T1"]! - 133.0 / 130) < 1e-12)
        #expect(q["T2"] == 1.1 && q["T3"] == 0.9)

        // The Gini coefficient of the summary, from the definition (all
        // ordered pairs), on the hand-derived hourly amounts.
        let hourly = [1596.87 / 2.5, 2227.28 / 3.5, 1710.03 / 1.5, 2238.58 / 2, 2227.27 / 3.5]
        var pairs = 0.0
        for x in hourly { for y in hourly { pairs += abs(x - y) } }
        let mean = hourly.reduce(0, +) / 5
        let gini = pairs / (2 * 25 * mean)
        let stored = try db.read { db in try Double.fetchOne(db, sql: "SELECT gini FROM stipend_summary") }
        #expect(abs((stored ?? -1) - gini) < 1e-12)
        #expect(abs(gini - 0.142922) < 1e-6)
    }

    @Test("the hand-worked school's audit findings")
    func handWorkedAudit() throws {
        let run = try FinanceRun(label: "stipend-audit")
        defer { run.remove() }
        try run.run(.stipendSchool())
        // K6: led by a retired teacher with no teacher (external_without_
        // assistant) and nobody present (ghost, claimed 1.00); K5 on a
        // Saturday (out_of_scope, 1.00); K3: 2.00 > 1.5 + 0.1 (over_claim,
        // 2.00 - 1.50 = 0.50).
        #expect(try run.findings() == [
            ["external_without_assistant", "S1", "K6", "", "", "", "", "warning", "0.00"],
            ["ghost_session", "S1", "K6", "", "T2", "", "", "error", "1.00"],
            ["out_of_scope", "S1", "K5", "", "T1", "", "", "error", "1.00"],
            ["over_claim", "S1", "K3", "", "T4", "", "", "error", "0.50"],
        ])
    }

    // MARK: Edge cases

    /// S1 pays normally (two staff, an even count for the median); S2's only
    /// eligible member has no payable row (zero points); S3 has no budget row.
    ///
    /// - E1 S1 homework class Mon 15:00-16:00, P01 present: T1 lead 1.00.
    /// - E2 S1 sports grade Tue 15:00-16:30, P01 P02 present: T5 lead 1.50.
    /// - E3 S2 homework Mon 15:00-16:00, Q01 absent: T9 lead 1.00 (ghost).
    /// - E4 S2 homework Sat 15:00-16:00, Q01 present: T9 lead 1.00, V9
    ///   (volunteer) assistant 1.00 (out of scope).
    /// - E5 S3 homework Mon 15:00-16:00, W01 present: T8 lead 1.00.
    static func edgeCases() -> FinanceDataset {
        FinanceDataset(files: [
            "schools.csv": ["school_id,name,stage", "S1,One,primary", "S2,Two,primary", "S3,Three,primary"],
            "students.csv": ["student_id,school_id,grade,class_id", "P01,S1,3,3-1", "P02,S1,3,3-1",
                             "Q01,S2,3,3-1", "W01,S3,3,3-1"],
            "calendar.csv": ["date,school_day", "2025-09-29,1", "2025-09-30,1", "2025-10-01,1",
                             "2025-10-02,1", "2025-10-03,1", "2025-10-04,0"],
            "activities.csv": ["activity_id,school_id,name,category,segment",
                               "H1,S1,Homework,homework,class", "F1,S1,Football,sports,grade",
                               "H2,S2,Homework,homework,class", "H3,S3,Homework,homework,class"],
            "sessions.csv": ["session_id,activity_id,date,start,end",
                             "E1,H1,2025-09-29,15:00,16:00", "E2,F1,2025-09-30,15:00,16:30",
                             "E3,H2,2025-09-29,15:00,16:00", "E4,H2,2025-10-04,15:00,16:00",
                             "E5,H3,2025-09-29,15:00,16:00"],
            "survey.csv": ["student_id,wants_service", "P01,1"],
            "attendance.csv": ["session_id,student_id,status", "E1,P01,present", "E2,P01,present", "E2,P02,present",
                               "E3,Q01,absent", "E4,Q01,present", "E5,W01,present"],
            "staff.csv": ["staff_id,school_id,kind", "T1,S1,teacher", "T5,S1,teacher", "T9,S2,teacher",
                          "V9,S2,volunteer", "T8,S3,teacher"],
            "staffing.csv": ["session_id,staff_id,role,claimed_hours", "E1,T1,lead,1.00", "E2,T5,lead,1.50",
                             "E3,T9,lead,1.00", "E4,T9,lead,1.00", "E4,V9,assistant,1.00", "E5,T8,lead,1.00"],
            "satisfaction.csv": ["response_id,school_id,respondent,overall", "R1,S1,parent,4"],
            "budget.csv": ["school_id,amount", "S1,100.00", "S2,50.00"],
        ])
    }

    @Test("zero points: amounts 0 and a warning; no budget row: no rows and a warning")
    func edgeCaseSchools() throws {
        let run = try FinanceRun(label: "stipend-edge")
        defer { run.remove() }
        try run.run(Self.edgeCases())
        // S1 (budget 100.00 = 10 000 fen; R1 names no activity, so q = 1):
        //   T1: 1.00 x 1.0 x 1.0 x 1.0 x scale(1) = 0.75 (1 + 0.25 log2(1/20)
        //       = -0.08 -> 0.75)                         p =   750 000
        //   T5: 1.50 x 1.1 x 1.2 x 1.0 x scale(2) = 1.485  p = 1 485 000
        //   sum 2 235 000. T1: 7 500 000 000 / 2 235 000 = 3355 rem 1 575 000;
        //   T5: 14 850 000 000 / 2 235 000 = 6644 rem 660 000; 1 fen left ->
        //   T1. Amounts 3356 and 6644 fen. Flat 1.0 : 1.5 -> 4000 and 6000.
        //   Hourly 33.56 / 1 = 33.56 and 66.44 / 1.5 = 44.2933..; median of
        //   two = (33.56 + 44.2933) / 2 = 38.9267; Gini = 2 x 10.7333 /
        //   (2 x 4 x 38.9267) = 0.068933.
        // S2 (budget 50.00): T9's rows are a ghost and a Saturday session: no
        //   verified hours, points 0, nothing allocated; V9 not listed.
        // S3: no budget row: no rows at all.
        #expect(try run.table("stipend_allocation") == [
            ["S1", "T1", "teacher", "1", "1.00", "1.00", "0.7500", "0", "", "1.0000", "33.56", "33.56", "40.00"],
            ["S1", "T5", "teacher", "1", "1.50", "1.50", "1.4850", "0", "", "1.0000", "66.44", "44.29", "60.00"],
            ["S2", "T9", "teacher", "2", "2.00", "0.00", "0.0000", "0", "", "1.0000", "0.00", "", "0.00"],
        ])
        #expect(try run.table("stipend_summary") == [
            ["S1", "100.00", "100.00", "2", "2.50", "33.56", "38.93", "44.29", "0.0689"],
            ["S2", "50.00", "0.00", "0", "0.00", "", "", "", ""],
        ])
        let warnings = try run.warnings()
        #expect(warnings.contains { $0.contains("S2") && $0.contains("stipend") })
        #expect(warnings.contains { $0.contains("S3") && $0.contains("budget") })
        #expect(!warnings.contains { $0.contains("S1") && $0.contains("stipend") })
    }

    @Test("budget.csv missing: the stipend pipeline stops with exit status 1; the termly one runs")
    func budgetMissing() throws {
        var d = Self.edgeCases()
        d.remove("budget.csv")
        let run = try FinanceRun(label: "stipend-nobudget")
        defer { run.remove() }
        var caught: PipelineError?
        do { try run.run(d) } catch { caught = error }
        let error = try #require(caught)
        guard case let .contract(contract) = error else {
            Issue.record("expected a contract error, got \(error)")
            return
        }
        guard case let .missingFile(file, _) = contract else {
            Issue.record("expected missingFile, got \(contract)")
            return
        }
        #expect(file == "budget.csv")
        #expect(error.exitStatus == 1)
        #expect(error.description.contains("budget.csv"))
        // Nothing was published.
        #expect(!FileManager.default.fileExists(atPath: run.out))

        try run.run(d, pipeline: financeTermlyPipeline)
        #expect(FileManager.default.fileExists(atPath: run.out + "/tables/school_summary.csv"))
        #expect(!FileManager.default.fileExists(atPath: run.out + "/tables/stipend_allocation.csv"))
        // The termly evaluation's audit: E3 ghost, E4 out of scope (T9 and
        // V9, 1.00 each).
        #expect(try run.findings() == [
            ["ghost_session", "S2", "E3", "", "T9", "", "", "error", "1.00"],
            ["out_of_scope", "S2", "E4", "", "T9", "", "", "error", "1.00"],
            ["out_of_scope", "S2", "E4", "", "V9", "", "", "error", "1.00"],
        ])
    }
}
