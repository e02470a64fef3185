import AfterschoolPipeline
import Foundation
import GRDB
import Testing

/// `workload_monthly` (每月公示工作量), metrics.md: one row per (session's
/// school, staff, month) with any staffing row, staff of every kind; days
/// (distinct dates), sessions and verified hours (min of claimed and
/// scheduled) over the member's rows on in-scope sessions with a present row.
@Suite("Monthly workload")
struct WorkloadTests {
    @Test("the hand-worked stipend school, month by month")
    func stipendSchool() throws {
        let run = try FinanceRun(label: "workload-stipend")
        defer { run.remove() }
        try run.run(.stipendSchool())
        #expect(try run.header("workload_monthly") == [
            "school_id", "staff_id", "month", "days", "sessions", "verified_hours",
        ])
        // T1: K1 + K2 on Mon 09-29 (1 day, 2 sessions, 1.00 + 1.50); in
        //   October only K5, on a Saturday: a row of zeros.
        // T10: K4 (09-30, 2.00) in September, K7 (10-01, 1.50) in October.
        // T2: K2 (1.50) in September; K6 in October has nobody present: zeros.
        // T3: K4 2.00. T4: K3 (min(2.00, 1.5) = 1.50) and K4 (2.00), both on
        //   09-30: 1 day, 2 sessions, 3.50.
        // V1 (volunteer): K1 1.00.
        #expect(try run.table("workload_monthly") == [
            ["S1", "T1", "2025-09", "1", "2", "2.50"],
            ["S1", "T1", "2025-10", "0", "0", "0.00"],
            ["S1", "T10", "2025-09", "1", "1", "2.00"],
            ["S1", "T10", "2025-10", "1", "1", "1.50"],
            ["S1", "T2", "2025-09", "1", "1", "1.50"],
            ["S1", "T2", "2025-10", "0", "0", "0.00"],
            ["S1", "T3", "2025-09", "1", "1", "2.00"],
            ["S1", "T4", "2025-09", "1", "2", "3.50"],
            ["S1", "V1", "2025-09", "1", "1", "1.00"],
        ])
    }

    /// Schools S1 and S2; T1 a teacher of S1, V1 a volunteer of S1, P1 a
    /// third-party provider of S1.
    ///
    /// - W1 S1 Mon 09-29 15:00-16:00: T1 lead 1.20 (verified 1.00), V1 assistant 0.50.
    /// - W2 S1 Mon 09-29 16:00-17:30: T1 lead 1.50, P1 assistant 1.50.
    /// - W3 S1 Tue 09-30 15:00-15:50: T1 lead 0.75 (under the 0.8333 h scheduled).
    /// - W4 S1 Tue 09-30 16:00-16:40: T1 lead 1.00 (verified 40/60 = 0.6667).
    /// - W5 S2 Mon 09-29 17:30-18:30: T1 lead 1.00 (a session of S2).
    /// - W6 S1 Wed 10-01 15:00-16:00, all absent: T1 lead 1.00.
    /// - W7 S1 Sat 10-04 15:00-16:00 (not a school day): T1 lead 1.00.
    /// - W8 S1 Thu 10-02 13:00-14:00 (before the window): V1 lead 1.00.
    static func dataset() -> FinanceDataset {
        var d = FinanceDataset.auditBase()
        d.files["sessions.csv"] = ["session_id,activity_id,date,start,end",
                                   "W1,H1,2025-09-29,15:00,16:00", "W2,F1,2025-09-29,16:00,17:30",
                                   "W3,F1,2025-09-30,15:00,15:50", "W4,F1,2025-09-30,16:00,16:40",
                                   "W5,H2,2025-09-29,17:30,18:30", "W6,F1,2025-10-01,15:00,16:00",
                                   "W7,F1,2025-10-04,15:00,16:00", "W8,H1,2025-10-02,13:00,14:00"]
        d.files["attendance.csv"] = ["session_id,student_id,status,check_out",
                                     "W1,P01,present,", "W2,P01,present,", "W3,P02,present,",
                                     "W4,P03,left_early,16:10", "W5,Q01,present,", "W6,P01,absent,",
                                     "W6,P02,absent,", "W7,P01,present,", "W8,P01,present,"]
        d.add("staff.csv", "V1,S1,volunteer,1", "P1,S1,third_party,1")
        d.files["staffing.csv"] = ["session_id,staff_id,role,claimed_hours",
                                   "W1,T1,lead,1.20", "W1,V1,assistant,0.50", "W2,T1,lead,1.50",
                                   "W2,P1,assistant,1.50", "W3,T1,lead,0.75", "W4,T1,lead,1.00",
                                   "W5,T1,lead,1.00", "W6,T1,lead,1.00", "W7,T1,lead,1.00",
                                   "W8,V1,lead,1.00"]
        return d
    }

    @Test("every kind of staff, distinct days, min(claimed, scheduled), the session's school, months of zeros")
    func workload() throws {
        let run = try FinanceRun(label: "workload")
        defer { run.remove() }
        try run.run(Self.dataset())
        // S1 P1 September: W2 -> 1 day, 1 session, 1.50.
        // S1 T1 September: W1 (09-29) min(1.20, 1.00) = 1.00; W2 (09-29) 1.50;
        //   W3 (09-30) min(0.75, 0.8333) = 0.75; W4 (09-30) min(1.00, 0.6667)
        //   = 0.6667 (its only student left early: still present). Days 2
        //   (09-29, 09-30), sessions 4, 1.00 + 1.50 + 0.75 + 0.6667 = 3.9167.
        // S1 T1 October: W6 (nobody present), W7 (Saturday): zeros.
        // S1 V1 September: W1 0.50. October: W8 (before 14:00) only: zeros.
        // S2 T1 September: W5 (a session of S2) 1.00.
        #expect(try run.table("workload_monthly") == [
            ["S1", "P1", "2025-09", "1", "1", "1.50"],
            ["S1", "T1", "2025-09", "2", "4", "3.92"],
            ["S1", "T1", "2025-10", "0", "0", "0.00"],
            ["S1", "V1", "2025-09", "1", "1", "0.50"],
            ["S1", "V1", "2025-10", "0", "0", "0.00"],
            ["S2", "T1", "2025-09", "1", "1", "1.00"],
        ])
        // Full precision in the warehouse: 1 + 1.5 + 0.75 + 2/3 = 47/12.
        let hours = try run.warehouse().read { db in
            try Double.fetchOne(db, sql: """
                SELECT verified_hours FROM workload_monthly
                WHERE school_id = 'S1' AND staff_id = 'T1' AND month = '2025-09'
                """)
        }
        #expect(abs((hours ?? 0) - 47.0 / 12) < 1e-9)
    }

    @Test("disclosures are compared with the workload's verified hours")
    func disclosuresMatchWorkload() throws {
        var d = Self.dataset()
        // Disclose exactly the verified figures, rounded to 2 decimals where
        // they are within 0.01: T1 3.92 (|3.92 - 3.91666..| = 0.00333), V1
        // 0.50, P1 1.50, S2 T1 1.00; October rows are 0 and need no row.
        d.add("disclosures.csv", "school_id,staff_id,month,hours", "S1,T1,2025-09,3.92", "S1,V1,2025-09,0.50",
              "S1,P1,2025-09,1.50", "S2,T1,2025-09,1.00")
        let findings = try financeFindings(d, label: "workload-disclosures").filter { $0[0] == "disclosure_mismatch" }
        #expect(findings == [])
    }
}
