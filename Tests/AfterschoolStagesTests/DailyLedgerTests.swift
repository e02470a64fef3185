import AfterschoolPipeline
import Foundation
import Testing

/// `daily_ledger` (每日记录) and `staff_load`, metrics.md, on the dataset of
/// the workload tests (WorkloadTests.dataset(): schools S1 and S2, teachers
/// T1 and T2 of S1 and T9 of S2, volunteer V1 and provider P1 of S1).
///
/// In scope: W1 (S1 Mon 09-29, class), W2 (S1 09-29, grade), W3 and W4
/// (S1 Tue 09-30, grade), W5 (S2 09-29, class), W6 (S1 Wed 10-01, grade,
/// everyone absent). W7 is on a Saturday and W8 before the window: neither
/// is in the ledger.
@Suite("Daily ledger and staff load")
struct DailyLedgerTests {
    @Test("per school, school day and segment: sessions, held, distinct students present, staff, claimed and verified hours")
    func dailyLedger() throws {
        let run = try FinanceRun(label: "daily-ledger")
        defer { run.remove() }
        try run.run(WorkloadTests.dataset())
        #expect(try run.header("daily_ledger") == [
            "school_id", "date", "segment", "sessions", "held_sessions", "students_present", "staff",
            "claimed_hours", "verified_hours",
        ])
        // S1 09-29 class: W1, P01 present; T1 1.20 (verified 1.00), V1 0.50.
        // S1 09-29 grade: W2, P01; T1 1.50, P1 1.50.
        // S1 09-30 grade: W3 (P02) and W4 (P03, left early: present); T1
        //   0.75 and 1.00 (verified 0.75 + 40/60 = 1.4167).
        // S1 10-01 grade: W6, nobody present: held 0, T1 claims 1.00,
        //   verified 0.
        // S2 09-29 class: W5, Q01; T1 1.00.
        #expect(try run.table("daily_ledger") == [
            ["S1", "2025-09-29", "class", "1", "1", "1", "2", "1.70", "1.50"],
            ["S1", "2025-09-29", "grade", "1", "1", "1", "2", "3.00", "3.00"],
            ["S1", "2025-09-30", "grade", "2", "2", "2", "1", "1.75", "1.42"],
            ["S1", "2025-10-01", "grade", "1", "0", "0", "1", "1.00", "0.00"],
            ["S2", "2025-09-29", "class", "1", "1", "1", "1", "1.00", "1.00"],
        ])
    }

    @Test("a student at two sessions of one segment on one day counts once; at two segments, once in each")
    func distinctStudents() throws {
        var d = WorkloadTests.dataset()
        // P01 also at W3 and W4 (09-30, grade), P02 also at W4.
        d.add("attendance.csv", "W3,P01,present,", "W4,P01,present,", "W4,P02,present,")
        let run = try FinanceRun(label: "daily-ledger-distinct")
        defer { run.remove() }
        try run.run(d)
        // 09-30 grade: W3 {P02, P01}, W4 {P03, P01, P02}: 3 distinct.
        let rows = try run.table("daily_ledger")
        #expect(rows.first { $0[1] == "2025-09-30" }?[5] == "3")
        #expect(rows.first { $0[1] == "2025-09-29" && $0[2] == "class" }?[5] == "1")
    }

    @Test("per school: teachers taking part, hours per serving staff member, the busiest week, the Gini of hours")
    func staffLoad() throws {
        let run = try FinanceRun(label: "staff-load")
        defer { run.remove() }
        try run.run(WorkloadTests.dataset())
        #expect(try run.header("staff_load") == [
            "school_id", "teachers", "teachers_serving", "teacher_share", "serving_staff", "hours_mean", "hours_max",
            "peak_week_hours", "hours_gini",
        ])
        // S1: teachers T1, T2; serving on S1's sessions: V1 0.50, P1 1.50,
        //   T1 1.00 + 1.50 + 0.75 + 0.6667 = 3.9167 (47/12): 3 serving, one
        //   of them a teacher of S1 (share 1/2). Mean 5.9167 / 3 = 1.9722;
        //   max 3.92; all in the week of 09-29: peak 3.92.
        //   Gini of (0.5, 1.5, 47/12): pairs' differences 1 + 3.4167 +
        //   2.4167 = 6.8333, x 2 / (2 x 9 x 1.9722) = 13.6667 / 35.5 = 0.3850.
        // S2: teacher T9 does not serve; T1 (of S1) serves W5, 1.00: share 0,
        //   one serving, Gini 0.
        #expect(try run.table("staff_load") == [
            ["S1", "2", "1", "0.5000", "3", "1.97", "3.92", "3.92", "0.3850"],
            ["S2", "1", "0", "0.0000", "1", "1.00", "1.00", "1.00", "0.0000"],
        ])
    }

    @Test("a school without staff or teachers: counts 0, shares and hours blank")
    func emptySchool() throws {
        var d = WorkloadTests.dataset()
        d.add("schools.csv", "S3,School Three,primary")
        d.add("budget.csv", "S3,100.00")
        let run = try FinanceRun(label: "staff-load-empty")
        defer { run.remove() }
        try run.run(d)
        #expect(try run.table("staff_load").last == ["S3", "0", "0", "", "0", "", "", "", ""])
        #expect(try !run.table("daily_ledger").contains { $0[0] == "S3" })
    }
}
