import AfterschoolPipeline
import Foundation
import GRDB
import Testing

/// The nine audit rules of metrics.md ("Audit (数据审核): findings"), each on
/// a fixture that triggers it exactly once and on one that must not, through
/// the stipend-proposal pipeline. Expected rows are the published
/// `audit_findings` columns except `detail`: rule, school_id, session_id,
/// other_session_id, staff_id, student_id, month, severity, hours_at_stake
/// (2 decimals). The base fixture (``FinanceDataset/auditBase()``) has no
/// finding; each test adds the rows named in it.
@Suite("Audit rules")
struct AuditRuleTests {
    typealias Row = [String]

    @Test("the base fixture has no finding; touching intervals are not overlaps")
    func baseHasNoFindings() throws {
        // T1 on X1 15:00-16:00 and X2 16:00-17:00, P01 present at both: the
        // overlap is min(16:00, 17:00) - max(15:00, 16:00) = 0 minutes, not
        // more than 0, so neither staff_overlap nor student_overlap.
        let run = try FinanceRun(label: "base")
        defer { run.remove() }
        try run.run(.auditBase())
        #expect(try run.findings() == [])
        #expect(try run.header("audit_findings") == [
            "rule", "school_id", "session_id", "other_session_id", "staff_id", "student_id", "month",
            "severity", "detail", "hours_at_stake",
        ])
    }

    // MARK: over_claim

    @Test("over_claim: 1.11 h on a 1 h session is over the 0.1 h tolerance")
    func overClaimJustAbove() throws {
        var d = FinanceDataset.auditBase()
        d.add("sessions.csv", "X3,H1,2025-09-30,15:00,16:00")
        d.add("attendance.csv", "X3,P01,present,")
        d.add("staffing.csv", "X3,T2,lead,1.11")
        // 1.11 > 60/60 + 0.1 = 1.10: hours_at_stake = 1.11 - 1.00 = 0.11.
        let run = try FinanceRun(label: "overclaim")
        defer { run.remove() }
        try run.run(d)
        #expect(try run.findings() == [["over_claim", "S1", "X3", "", "T2", "", "", "error", "0.11"]])
        let stake = try run.warehouse().read { db in
            try Double.fetchOne(db, sql: "SELECT hours_at_stake FROM audit_findings")
        }
        #expect(abs((stake ?? 0) - 0.11) < 1e-9)
    }

    @Test("over_claim: a claim inside or exactly on the tolerance is not one")
    func overClaimOnTheBound() throws {
        var d = FinanceDataset.auditBase()
        d.add("sessions.csv", "X3,H1,2025-09-30,15:00,16:00", "X4,F1,2025-09-30,16:00,16:42")
        d.add("attendance.csv", "X3,P01,present,", "X4,P01,present,")
        // X3: 1.10 = 60/60 + 0.1 exactly: on the bound, does not cross it.
        // X4: 42 minutes = 0.70 h; 0.80 = 0.70 + 0.1 exactly. (In binary
        // floating point 42/60 + 0.1 = 0.7999999999999999 < 0.80, so an
        // inexact comparison would flag it.)
        d.add("staffing.csv", "X3,T2,lead,1.10", "X4,T2,lead,0.80")
        #expect(try financeFindings(d) == [])
    }

    @Test("over_claim on a 50-minute session compares exactly")
    func overClaimFiftyMinutes() throws {
        var d = FinanceDataset.auditBase()
        d.add("sessions.csv", "X3,H1,2025-09-30,15:00,15:50", "X4,F1,2025-09-30,16:00,16:50")
        d.add("attendance.csv", "X3,P01,present,", "X4,P01,present,")
        // 50 min = 0.8333.. h; bound 0.9333.. h. X3: 0.93 is under it; X4:
        // 0.94 is over it, hours_at_stake = 0.94 - 50/60 = 0.10666.. -> 0.11.
        d.add("staffing.csv", "X3,T2,lead,0.93", "X4,T2,lead,0.94")
        #expect(try financeFindings(d) == [["over_claim", "S1", "X4", "", "T2", "", "", "error", "0.11"]])
    }

    @Test("over_claim: the tolerance parameter is compared exactly too (0.125 h = 7.5 min)")
    func overClaimToleranceParameter() throws {
        var d = FinanceDataset.auditBase()
        d.add("sessions.csv", "X3,H1,2025-09-30,15:00,16:00", "X4,F1,2025-09-30,16:00,17:00")
        d.add("attendance.csv", "X3,P01,present,", "X4,P01,present,")
        // Bound 1.00 + 0.125 = 1.125: X3 1.12 is under it, X4 1.13 is over
        // it (hours_at_stake 1.13 - 1.00 = 0.13).
        d.add("staffing.csv", "X3,T2,lead,1.12", "X4,T2,lead,1.13")
        #expect(try financeFindings(d, overrides: ["claim_tolerance_hours=0.125"]) == [
            ["over_claim", "S1", "X4", "", "T2", "", "", "error", "0.13"],
        ])
    }

    @Test("over_claim and staff_overlap consider staff of every kind (a volunteer)")
    func volunteerRows() throws {
        var d = FinanceDataset.auditBase()
        // V1 (volunteer) assists on X1 (15:00-16:00) claiming 1.50: over the
        // 1.10 bound by 0.50. V1 also assists on X3 15:30-16:30 (T2 leads):
        // overlap with X1 of 30 min.
        d.add("staff.csv", "V1,S1,volunteer,1")
        d.add("sessions.csv", "X3,F1,2025-09-29,15:30,16:30")
        d.add("attendance.csv", "X3,P02,present,")
        d.add("staffing.csv", "X1,V1,assistant,1.50", "X3,T2,lead,1.00", "X3,V1,assistant,1.00")
        #expect(try financeFindings(d) == [
            ["over_claim", "S1", "X1", "", "V1", "", "", "error", "0.50"],
            ["staff_overlap", "S1", "X3", "X1", "V1", "", "", "error", "0.50"],
        ])
    }

    // MARK: staff_overlap

    @Test("staff_overlap: one staff member in two overlapping sessions")
    func staffOverlap() throws {
        var d = FinanceDataset.auditBase()
        // T1 leads X6 15:00-16:00 and assists in X5 15:30-16:30 (led by T2):
        // overlap = min(16:00, 16:30) - max(15:00, 15:30) = 30 min = 0.50 h.
        // X5 starts later: session_id X5, other_session_id X6. Different
        // students (P01, P02), so no student_overlap.
        d.add("sessions.csv", "X5,F1,2025-09-30,15:30,16:30", "X6,H1,2025-09-30,15:00,16:00")
        d.add("attendance.csv", "X5,P02,present,", "X6,P01,present,")
        d.add("staffing.csv", "X5,T2,lead,1.00", "X5,T1,assistant,1.00", "X6,T1,lead,1.00")
        #expect(try financeFindings(d) == [["staff_overlap", "S1", "X5", "X6", "T1", "", "", "error", "0.50"]])
    }

    @Test("staff_overlap: one minute of overlap is enough")
    func staffOverlapOneMinute() throws {
        var d = FinanceDataset.auditBase()
        // X6 15:00-16:01 and X5 16:00-17:00: 1 min -> 1/60 h = 0.0166.. -> 0.02.
        d.add("sessions.csv", "X5,F1,2025-09-30,16:00,17:00", "X6,H1,2025-09-30,15:00,16:01")
        d.add("attendance.csv", "X5,P02,present,", "X6,P01,present,")
        d.add("staffing.csv", "X5,T1,lead,1.00", "X6,T1,lead,1.00")
        let run = try FinanceRun(label: "overlap1")
        defer { run.remove() }
        try run.run(d)
        #expect(try run.findings() == [["staff_overlap", "S1", "X5", "X6", "T1", "", "", "error", "0.02"]])
        let stake = try run.warehouse().read { db in
            try Double.fetchOne(db, sql: "SELECT hours_at_stake FROM audit_findings")
        }
        #expect(abs((stake ?? 0) - 1.0 / 60) < 1e-9)
    }

    @Test("staff_overlap across two schools belongs to the later session's school")
    func staffOverlapAcrossSchools() throws {
        var d = FinanceDataset.auditBase()
        // T1 (staff of S1) leads X7 at S1 14:30-15:30 and Y2 at S2 15:00-16:00
        // on 2025-10-01: overlap 30 min = 0.50 h; Y2 starts later, so the
        // finding is at Y2's school S2.
        d.add("sessions.csv", "X7,H1,2025-10-01,14:30,15:30", "Y2,H2,2025-10-01,15:00,16:00")
        d.add("attendance.csv", "X7,P01,present,", "Y2,Q01,present,")
        d.add("staffing.csv", "X7,T1,lead,1.00", "Y2,T1,lead,1.00")
        #expect(try financeFindings(d) == [["staff_overlap", "S2", "Y2", "X7", "T1", "", "", "error", "0.50"]])
    }

    @Test("staff_overlap: equal starts, the larger session_id is session_id (and gives the school)")
    func staffOverlapTie() throws {
        var d = FinanceDataset.auditBase()
        // Y3 at S2 15:00-16:00, Z3 at S1 15:00-15:45 on 2025-10-02: both
        // start at 15:00; "Z3" > "Y3", so session_id Z3, other Y3, school
        // S1 (Z3's). Overlap = min(16:00, 15:45) - 15:00 = 45 min = 0.75 h.
        d.add("sessions.csv", "Y3,H2,2025-10-02,15:00,16:00", "Z3,H1,2025-10-02,15:00,15:45")
        d.add("attendance.csv", "Y3,Q01,present,", "Z3,P01,present,")
        d.add("staffing.csv", "Y3,T1,lead,1.00", "Z3,T1,lead,0.75")
        #expect(try financeFindings(d) == [["staff_overlap", "S1", "Z3", "Y3", "T1", "", "", "error", "0.75"]])
    }

    @Test("staff_overlap ignores sessions that are not in scope")
    func staffOverlapOutOfScope() throws {
        var d = FinanceDataset.auditBase()
        // Saturday 2025-10-04 is not a school day: the two overlapping
        // sessions only give out_of_scope findings (claimed 1.00 each).
        d.add("sessions.csv", "X5,F1,2025-10-04,15:00,16:00", "X6,H1,2025-10-04,15:30,16:30")
        d.add("attendance.csv", "X5,P01,present,", "X6,P02,present,")
        d.add("staffing.csv", "X5,T2,lead,1.00", "X6,T2,lead,1.00")
        #expect(try financeFindings(d) == [
            ["out_of_scope", "S1", "X5", "", "T2", "", "", "error", "1.00"],
            ["out_of_scope", "S1", "X6", "", "T2", "", "", "error", "1.00"],
        ])
    }

    // MARK: ghost_session

    @Test("ghost_session: a staffed session with no present row", arguments: [
        ["X8,P02,absent,", "X8,P03,excused,"],  // all absent or excused
        [],  // no attendance rows at all
    ])
    func ghostSession(attendance: [String]) throws {
        var d = FinanceDataset.auditBase()
        d.add("sessions.csv", "X8,F1,2025-09-30,15:00,16:00")
        d.add("attendance.csv", lines: attendance)
        d.add("staffing.csv", "X8,T2,lead,1.05")
        // hours_at_stake = claimed_hours = 1.05 (1.05 <= 1.10: no over_claim).
        #expect(try financeFindings(d) == [["ghost_session", "S1", "X8", "", "T2", "", "", "error", "1.05"]])
    }

    @Test("ghost_session: a left_early row is present")
    func ghostSessionLeftEarly() throws {
        var d = FinanceDataset.auditBase()
        d.add("sessions.csv", "X8,F1,2025-09-30,15:00,16:00")
        d.add("attendance.csv", "X8,P02,left_early,15:20", "X8,P03,absent,")
        d.add("staffing.csv", "X8,T2,lead,1.05")
        #expect(try financeFindings(d) == [])
    }

    // MARK: out_of_scope

    @Test("out_of_scope: outside the window or on a non-school day", arguments: [
        // Starts before window_start 14:00.
        ["2025-09-30,13:00,14:30", "1.50", "1.50"],
        // Ends after window_end 20:00.
        ["2025-09-30,19:30,20:30", "1.00", "1.00"],
        // Saturday 2025-10-04, school_day 0; 3.00 on a 1 h session is no
        // over_claim (that rule counts in-scope sessions only).
        ["2025-10-04,15:00,16:00", "3.00", "3.00"],
    ])
    func outOfScope(c: [String]) throws {
        let (when, claimed, stake) = (c[0], c[1], c[2])
        var d = FinanceDataset.auditBase()
        d.add("sessions.csv", "X9,F1," + when)
        d.add("attendance.csv", "X9,P02,present,")
        d.add("staffing.csv", "X9,T2,lead," + claimed)
        #expect(try financeFindings(d) == [["out_of_scope", "S1", "X9", "", "T2", "", "", "error", stake]])
    }

    @Test("out_of_scope: sessions exactly on the window's bounds are in scope")
    func inScopeOnTheBounds() throws {
        var d = FinanceDataset.auditBase()
        // 14:00-15:00 (start = window_start) and 19:00-20:00 (end = window_end).
        d.add("sessions.csv", "X9,F1,2025-09-30,14:00,15:00", "X10,F1,2025-09-30,19:00,20:00")
        d.add("attendance.csv", "X9,P02,present,", "X10,P02,present,")
        d.add("staffing.csv", "X9,T2,lead,1.00", "X10,T2,lead,1.00")
        #expect(try financeFindings(d) == [])
    }

    @Test("out_of_scope: no staffing row on an out-of-scope session, no finding")
    func outOfScopeUnstaffed() throws {
        var d = FinanceDataset.auditBase()
        // An unstaffed morning session: out_of_scope is per staffing row.
        d.add("sessions.csv", "X9,F1,2025-09-30,08:00,09:00")
        d.add("attendance.csv", "X9,P02,present,")
        #expect(try financeFindings(d) == [])
    }

    // MARK: external_without_assistant

    @Test("external_without_assistant: an external session with no staff at all")
    func externalNoStaff() throws {
        var d = FinanceDataset.auditBase()
        d.add("activities.csv", "E1,S1,Painting,arts,grade,external")
        d.add("sessions.csv", "X10,E1,2025-09-30,15:00,16:00")
        d.add("attendance.csv", "X10,P02,present,")
        #expect(try financeFindings(d) == [
            ["external_without_assistant", "S1", "X10", "", "", "", "", "warning", "0.00"],
        ])
    }

    @Test("external_without_assistant: a non-teacher lead with no teacher on the session")
    func externalNonTeacherLead() throws {
        var d = FinanceDataset.auditBase()
        // In-school activity F1, led by a retired teacher with a volunteer
        // assistant: no staff of kind teacher.
        d.add("staff.csv", "R1,S1,retired_teacher,1", "V1,S1,volunteer,1")
        d.add("sessions.csv", "X11,F1,2025-09-30,15:00,16:00")
        d.add("attendance.csv", "X11,P02,present,")
        d.add("staffing.csv", "X11,R1,lead,1.00", "X11,V1,assistant,1.00")
        #expect(try financeFindings(d) == [
            ["external_without_assistant", "S1", "X11", "", "", "", "", "warning", "0.00"],
        ])
    }

    @Test("external_without_assistant: not when a teacher is on the session")
    func externalWithTeacher() throws {
        var d = FinanceDataset.auditBase()
        d.add("activities.csv", "E1,S1,Painting,arts,grade,external")
        d.add("staff.csv", "K1,S1,external_professional,1", "R1,S1,retired_teacher,1")
        // X10: external activity, external lead + teacher assistant.
        // X11: in-school activity led by a retired teacher, teacher assistant.
        // X12: external activity led by a teacher.
        d.add("sessions.csv", "X10,E1,2025-09-30,15:00,16:00", "X11,F1,2025-10-01,15:00,16:00",
              "X12,E1,2025-10-02,15:00,16:00")
        d.add("attendance.csv", "X10,P02,present,", "X11,P02,present,", "X12,P02,present,")
        d.add("staffing.csv", "X10,K1,lead,1.00", "X10,T2,assistant,1.00",
              "X11,R1,lead,1.00", "X11,T2,assistant,1.00", "X12,T2,lead,1.00")
        #expect(try financeFindings(d) == [])
    }

    // MARK: unqualified_external

    @Test("unqualified_external: non-teaching staff without a checked qualification")
    func unqualifiedExternal() throws {
        var d = FinanceDataset.auditBase()
        d.add("activities.csv", "E1,S1,Painting,arts,grade,external")
        d.add("staff.csv", "K2,S1,external_professional,0")
        d.add("sessions.csv", "X12,E1,2025-09-30,15:00,16:00")
        d.add("attendance.csv", "X12,P02,present,")
        d.add("staffing.csv", "X12,K2,lead,1.00", "X12,T2,assistant,1.00")
        #expect(try financeFindings(d) == [["unqualified_external", "S1", "X12", "", "K2", "", "", "warning", "0.00"]])
    }

    @Test("unqualified_external: not for a teacher, a qualified external, or an out-of-scope session")
    func unqualifiedExternalNot() throws {
        var d = FinanceDataset.auditBase()
        d.add("activities.csv", "E1,S1,Painting,arts,grade,external")
        // T3: a teacher with qualified 0 (the rule is about non-teachers).
        // K1: qualified external. K2: unqualified, but only on a Saturday
        // session, which gives out_of_scope and nothing else.
        d.add("staff.csv", "T3,S1,teacher,0", "K1,S1,external_professional,1", "K2,S1,external_professional,0")
        d.add("sessions.csv", "X12,E1,2025-09-30,15:00,16:00", "X13,E1,2025-10-04,15:00,16:00")
        d.add("attendance.csv", "X12,P02,present,", "X13,P02,present,")
        d.add("staffing.csv", "X12,K1,lead,1.00", "X12,T3,assistant,1.00", "X13,K2,lead,1.00", "X13,T2,assistant,1.00")
        #expect(try financeFindings(d) == [
            ["out_of_scope", "S1", "X13", "", "K2", "", "", "error", "1.00"],
            ["out_of_scope", "S1", "X13", "", "T2", "", "", "error", "1.00"],
        ])
    }

    // MARK: disclosure_mismatch

    /// The base plus X3 (70 minutes) with T2 claiming 1.10 h: verified
    /// min(1.10, 70/60 = 1.1666..) = 1.10. September ledger: T1 2.00 (X1 +
    /// X2), T2 1.10.
    static func disclosureBase(_ disclosures: String...) -> FinanceDataset {
        var d = FinanceDataset.auditBase()
        d.add("sessions.csv", "X3,H1,2025-09-30,15:00,16:10")
        d.add("attendance.csv", "X3,P01,present,")
        d.add("staffing.csv", "X3,T2,lead,1.10")
        d.add("disclosures.csv", lines: ["school_id,staff_id,month,hours"] + disclosures)
        return d
    }

    @Test("disclosure_mismatch: a difference of 0.02 is one, 0.01 is not")
    func disclosureMismatch() throws {
        // T1: |2.01 - 2.00| = 0.01, not more than 0.01. T2: |1.12 - 1.10| = 0.02.
        let d = Self.disclosureBase("S1,T1,2025-09,2.01", "S1,T2,2025-09,1.12")
        #expect(try financeFindings(d) == [
            ["disclosure_mismatch", "S1", "", "", "T2", "", "2025-09", "error", "0.02"],
        ])
    }

    @Test("disclosure_mismatch: exactly 0.01 apart is no finding")
    func disclosureOnTheBound() throws {
        // T2: |1.11 - 1.10| = 0.01 exactly (binary floating point gives
        // 1.11 - 1.10 = 0.010000000000000009 > 0.01). T1: |1.99 - 2.00| = 0.01.
        let d = Self.disclosureBase("S1,T1,2025-09,1.99", "S1,T2,2025-09,1.11")
        #expect(try financeFindings(d) == [])
    }

    @Test("disclosure_mismatch: a missing side counts as 0; staff of every kind")
    func disclosureMissingSide() throws {
        var d = Self.disclosureBase("S1,T1,2025-09,2.00", "S2,T9,2025-10,1.50")
        // V1, a volunteer, assists on X1 with 0.50 h verified and discloses
        // nothing; T2 (1.10 verified) discloses nothing; T9 discloses 1.50 in
        // October with no ledger row.
        d.add("staff.csv", "V1,S1,volunteer,1")
        d.add("staffing.csv", "X1,V1,assistant,0.50")
        #expect(try financeFindings(d) == [
            ["disclosure_mismatch", "S1", "", "", "T2", "", "2025-09", "error", "1.10"],
            ["disclosure_mismatch", "S1", "", "", "V1", "", "2025-09", "error", "0.50"],
            ["disclosure_mismatch", "S2", "", "", "T9", "", "2025-10", "error", "1.50"],
        ])
    }

    @Test("disclosure_mismatch: no disclosures.csv, no disclosure findings at all")
    func disclosureFileMissing() throws {
        var d = Self.disclosureBase("S1,T2,2025-09,7.00")
        d.remove("disclosures.csv")
        // T1 and T2 have verified hours that nobody disclosed: still nothing.
        #expect(try financeFindings(d) == [])
    }

    // MARK: student_overlap

    /// X13 (H1, T1) 15:00-16:00 and X14 (F1, T2) 15:30-16:30 on 2025-09-30.
    static func studentOverlapBase(_ attendance: String...) -> FinanceDataset {
        var d = FinanceDataset.auditBase()
        d.add("sessions.csv", "X13,H1,2025-09-30,15:00,16:00", "X14,F1,2025-09-30,15:30,16:30")
        d.add("staffing.csv", "X13,T1,lead,1.00", "X14,T2,lead,1.00")
        d.add("attendance.csv", lines: attendance)
        return d
    }

    @Test("student_overlap: present at two overlapping sessions")
    func studentOverlap() throws {
        // P02 present at both; P01 present at X13 only (absent at X14); P03
        // excused at X13, present at X14. One finding: P02, session X14 (later
        // start), other X13.
        let d = Self.studentOverlapBase("X13,P01,present,", "X13,P02,present,", "X13,P03,excused,",
                                        "X14,P01,absent,", "X14,P02,present,", "X14,P03,present,")
        #expect(try financeFindings(d) == [["student_overlap", "S1", "X14", "X13", "", "P02", "", "warning", "0.00"]])
    }

    @Test("student_overlap: a left_early check-out does not remove the overlap")
    func studentOverlapLeftEarly() throws {
        // P03 left X13 at 15:20, before X14 starts at 15:30: the scheduled
        // intervals still overlap.
        let d = Self.studentOverlapBase("X13,P03,left_early,15:20", "X14,P03,present,")
        #expect(try financeFindings(d) == [["student_overlap", "S1", "X14", "X13", "", "P03", "", "warning", "0.00"]])
    }

    @Test("student_overlap: equal starts, the larger session_id is session_id")
    func studentOverlapTie() throws {
        var d = FinanceDataset.auditBase()
        d.add("sessions.csv", "X21,F1,2025-10-01,15:00,16:00", "X20,H1,2025-10-01,15:00,15:30")
        d.add("staffing.csv", "X21,T2,lead,1.00", "X20,T1,lead,0.50")
        d.add("attendance.csv", "X21,P01,present,", "X20,P01,present,")
        #expect(try financeFindings(d) == [["student_overlap", "S1", "X21", "X20", "", "P01", "", "warning", "0.00"]])
    }

    @Test("student_overlap: a session overlapping a long earlier one past a short one in between")
    func studentOverlapPastShorterSession() throws {
        // X30 15:00-17:00, X31 15:10-15:20, X32 16:00-16:30: X32 starts after
        // X31 ends but inside X30. P01 (X30, X32) overlaps for 30 minutes;
        // P02 (X31, X32) does not.
        var d = FinanceDataset.auditBase()
        d.add("sessions.csv", "X30,H1,2025-10-02,15:00,17:00", "X31,F1,2025-10-02,15:10,15:20",
              "X32,H1,2025-10-02,16:00,16:30")
        d.add("staffing.csv", "X30,T1,lead,2.00", "X31,T2,lead,0.10", "X32,T2,lead,0.50")
        d.add("attendance.csv", "X30,P01,present,", "X31,P02,present,", "X32,P01,present,", "X32,P02,present,")
        #expect(try financeFindings(d) == [["student_overlap", "S1", "X32", "X30", "", "P01", "", "warning", "0.00"]])
    }

    // MARK: small_homework_group

    /// A grade-segment homework session X17 led by T2, with `present`
    /// students present and one absent, on a roster of 20 + 1 extra students.
    static func homeworkGroup(present: Int) -> FinanceDataset {
        var d = FinanceDataset.auditBase()
        let ids = (1...21).map { "G" + ($0 < 10 ? "0" : "") + String($0) }
        d.add("students.csv", lines: ids.map { $0 + ",S1,4,4-1" })
        d.add("activities.csv", "G1,S1,Homework Q&A,homework,grade,in_school")
        d.add("sessions.csv", "X17,G1,2025-09-30,15:00,16:00")
        d.add("staffing.csv", "X17,T2,lead,1.00")
        d.add("attendance.csv", lines: ids.prefix(present).map { "X17," + $0 + ",present," })
        d.add("attendance.csv", "X17," + ids[present] + ",absent,")
        return d
    }

    @Test("small_homework_group: 19 present is fewer than 20")
    func smallHomeworkGroup() throws {
        #expect(try financeFindings(Self.homeworkGroup(present: 19)) == [
            ["small_homework_group", "S1", "X17", "", "", "", "", "info", "0.00"],
        ])
    }

    @Test("small_homework_group: 20 present is enough; class-segment homework is exempt")
    func homeworkGroupOfTwenty() throws {
        // The base's X1 is class-segment homework with 1 present: no finding.
        #expect(try financeFindings(Self.homeworkGroup(present: 20)) == [])
    }

    @Test("small_homework_group: min_homework_group is a parameter")
    func homeworkGroupParameter() throws {
        // With min_homework_group = 2: 19 present are enough, 1 is too few.
        #expect(try financeFindings(Self.homeworkGroup(present: 19), overrides: ["min_homework_group=2"]) == [])
        var d = FinanceDataset.auditBase()
        d.add("activities.csv", "G1,S1,Homework Q&A,homework,grade,in_school")
        d.add("sessions.csv", "X17,G1,2025-09-30,15:00,16:00")
        d.add("staffing.csv", "X17,T2,lead,1.00")
        d.add("attendance.csv", "X17,P02,present,")
        #expect(try financeFindings(d, overrides: ["min_homework_group=2"]) == [
            ["small_homework_group", "S1", "X17", "", "", "", "", "info", "0.00"],
        ])
    }
}
