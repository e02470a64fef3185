import AfterschoolDomain
import AfterschoolWarehouse
import GRDB

/// The audit stage (数据审核): findings that catch over-reported hours and
/// other ledger problems (严防弄虚作假、虚报多报, 003). One finding per row of
/// `audit_findings`; the table is internal (it may name students).
///
/// Hours compare exactly in ``StaffLedger`` units; a value exactly on a
/// bound does not cross it.
public struct Audit: Sendable, Codable {
    public enum Severity: String, Sendable, Codable { case error, warning, info }

    /// One finding. Ids that do not apply are empty.
    public struct Finding: Sendable, Equatable, Codable {
        public var rule: String
        public var schoolId: String
        public var sessionId = ""
        public var otherSessionId = ""
        public var staffId = ""
        public var studentId = ""
        public var month = ""
        public var severity: Severity
        public var detail: String
        public var hoursAtStake: Double

        /// The seven identifying columns, in table order.
        public var key: [String] { [rule, schoolId, sessionId, otherSessionId, staffId, studentId, month] }
    }

    /// Sorted by the identifying columns.
    public let findings: [Finding]

    /// Runs every rule.
    /// - Parameter disclosures: the disclosed hours, or nil when
    ///   `disclosures.csv` is not in the dataset (the rule is then skipped).
    /// - Complexity: O(staffing rows + sessions log sessions) plus one read
    ///   of the attendance of sessions that overlap another session.
    public init(warehouse: Warehouse, term: TermData, scan: AttendanceScan, ledger: StaffLedger,
                workload: Workload, disclosures: [Disclosure]?, parameters: AuditParameters) throws {
        var found: [Finding] = []
        Audit.ledgerRules(term: term, scan: scan, ledger: ledger, parameters: parameters, into: &found)
        Audit.staffOverlaps(term: term, ledger: ledger, into: &found)
        Audit.sessionRules(term: term, scan: scan, ledger: ledger, parameters: parameters, into: &found)
        if let disclosures {
            Audit.disclosureMismatches(term: term, ledger: ledger, workload: workload, disclosures: disclosures, into: &found)
        }
        try Audit.studentOverlaps(warehouse: warehouse, term: term, into: &found)
        // Sort by the identifying columns, each finding's key built once.
        let keyed = found.map { ($0.key, $0) }.sorted { a, b in
            for (x, y) in zip(a.0, b.0) where !sameBytes(x, y) { return byteOrder(x, y) }
            return false
        }
        findings = keyed.map(\.1)
    }

    /// over_claim, ghost_session, out_of_scope, unqualified_external: one
    /// finding per staffing row.
    static func ledgerRules(term: TermData, scan: AttendanceScan, ledger: StaffLedger,
                            parameters: AuditParameters, into found: inout [Finding]) {
        let tolerance = parameters.claimToleranceUnits
        for r in 0..<ledger.rowCount {
            let s = Int(ledger.rowSession[r]), staff = Int(ledger.rowStaff[r])
            let claimed = ledger.rowClaimed[r], length = StaffLedger.sessionUnits(s, term: term)
            func finding(_ rule: String, _ severity: Severity, _ detail: String, _ stake: Double) -> Finding {
                Finding(rule: rule, schoolId: term.schoolIds[Int(term.sessionSchool[s])], sessionId: term.sessionIds[s],
                        staffId: ledger.staffIds[staff], severity: severity, detail: detail, hoursAtStake: stake)
            }
            guard term.sessionInScope[s] else {
                found.append(finding("out_of_scope", .error,
                    "\(fixedDecimals(hours(claimed), 2)) h claimed on a session that is not after-school service (not a school day, or outside the window)",
                    hours(claimed)))
                continue
            }
            if claimed > length + tolerance {
                found.append(finding("over_claim", .error,
                    "claimed \(fixedDecimals(hours(claimed), 2)) h on a \(fixedDecimals(hours(length), 2)) h session",
                    hours(claimed - length)))
            }
            if scan.sessionPresent[s] == 0 {
                found.append(finding("ghost_session", .error,
                    "\(fixedDecimals(hours(claimed), 2)) h claimed on a session with no student present", hours(claimed)))
            }
            if ledger.staffKind[staff] != "teacher" && !ledger.staffQualified[staff] {
                found.append(finding("unqualified_external", .warning,
                    "\(ledger.staffKind[staff]) without a checked qualification", 0))
            }
        }
    }

    /// staff_overlap: one finding per pair of overlapping in-scope sessions
    /// of the same staff member, at the later session's school.
    static func staffOverlaps(term: TermData, ledger: StaffLedger, into found: inout [Finding]) {
        var byStaff: [Int32: [Int]] = [:]
        for r in 0..<ledger.rowCount where term.sessionInScope[Int(ledger.rowSession[r])] {
            byStaff[ledger.rowStaff[r], default: []].append(Int(ledger.rowSession[r]))
        }
        for (staff, sessions) in byStaff {
            let ordered = sessions.sorted { (term.sessionDay[$0], term.sessionStart[$0]) < (term.sessionDay[$1], term.sessionStart[$1]) }
            for (i, a) in ordered.enumerated() {
                var j = i + 1
                while j < ordered.count, term.sessionDay[ordered[j]] == term.sessionDay[a],
                      term.sessionStart[ordered[j]] < term.sessionEnd[a] {
                    let b = ordered[j]
                    if let pair = overlap(a, b, term: term) {
                        found.append(Finding(
                            rule: "staff_overlap", schoolId: term.schoolIds[Int(term.sessionSchool[pair.later])],
                            sessionId: term.sessionIds[pair.later], otherSessionId: term.sessionIds[pair.earlier],
                            staffId: ledger.staffIds[Int(staff)], severity: .error,
                            detail: "in two sessions at once for \(pair.minutes) minutes",
                            hoursAtStake: Double(pair.minutes) / 60))
                    }
                    j += 1
                }
            }
        }
    }

    /// Two sessions on the same date overlapping by more than 0 minutes: the
    /// later-starting one (ties: the larger session id), the other, and the
    /// minutes they share.
    static func overlap(_ a: Int, _ b: Int, term: TermData) -> (later: Int, earlier: Int, minutes: Int)? {
        guard term.sessionDay[a] == term.sessionDay[b] else { return nil }
        let minutes = Int(min(term.sessionEnd[a], term.sessionEnd[b])) - Int(max(term.sessionStart[a], term.sessionStart[b]))
        guard minutes > 0 else { return nil }
        let aLater = term.sessionStart[a] > term.sessionStart[b]
            || (term.sessionStart[a] == term.sessionStart[b] && byteOrder(term.sessionIds[b], term.sessionIds[a]))
        return aLater ? (a, b, minutes) : (b, a, minutes)
    }

    /// external_without_assistant and small_homework_group: one finding per
    /// in-scope session.
    static func sessionRules(term: TermData, scan: AttendanceScan, ledger: StaffLedger,
                             parameters: AuditParameters, into found: inout [Finding]) {
        var hasTeacher = [Bool](repeating: false, count: term.sessionCount)
        var nonTeacherLead = [Bool](repeating: false, count: term.sessionCount)
        for r in 0..<ledger.rowCount {
            let s = Int(ledger.rowSession[r])
            let teacher = ledger.staffKind[Int(ledger.rowStaff[r])] == "teacher"
            if teacher { hasTeacher[s] = true }
            if ledger.rowIsLead[r] && !teacher { nonTeacherLead[s] = true }
        }
        for s in 0..<term.sessionCount where term.sessionInScope[s] {
            let activity = Int(term.sessionActivity[s])
            let school = term.schoolIds[Int(term.sessionSchool[s])]
            if (term.activityExternal[activity] || nonTeacherLead[s]) && !hasTeacher[s] {
                found.append(Finding(
                    rule: "external_without_assistant", schoolId: school, sessionId: term.sessionIds[s],
                    severity: .warning,
                    detail: term.activityExternal[activity]
                        ? "external activity with no in-school teacher on the session"
                        : "led by non-teaching staff with no in-school teacher on the session",
                    hoursAtStake: 0))
            }
            if term.activityCategory[activity] == .homework && term.activitySegment[activity] == .grade
                && Int(scan.sessionPresent[s]) < parameters.minHomeworkGroup {
                found.append(Finding(
                    rule: "small_homework_group", schoolId: school, sessionId: term.sessionIds[s], severity: .info,
                    detail: "grade-level homework group of \(scan.sessionPresent[s]) present (fewer than \(parameters.minHomeworkGroup): merge groups)",
                    hoursAtStake: 0))
            }
        }
    }

    /// disclosure_mismatch: (school, staff, month) whose disclosed hours
    /// differ from the verified hours of `workload_monthly` by more than
    /// 0.01; a side that is missing counts as 0.
    static func disclosureMismatches(term: TermData, ledger: StaffLedger, workload: Workload,
                                     disclosures: [Disclosure], into found: inout [Finding]) {
        struct Key: Hashable { let school: Int32; let staff: Int32; let month: String }
        var verified: [Key: Int64] = [:]
        for e in workload.entries { verified[Key(school: e.school, staff: e.staff, month: e.month)] = e.verifiedUnits }
        var disclosed: [Key: Int64] = [:]
        for d in disclosures { disclosed[Key(school: d.school, staff: d.staff, month: d.month)] = d.hoursHundredths * 60 }
        let limit: Int64 = 60  // 0.01 hour
        for key in Set(verified.keys).union(disclosed.keys) {
            let v = verified[key] ?? 0, d = disclosed[key] ?? 0
            guard abs(v - d) > limit else { continue }
            found.append(Finding(
                rule: "disclosure_mismatch", schoolId: term.schoolIds[Int(key.school)],
                staffId: ledger.staffIds[Int(key.staff)], month: key.month, severity: .error,
                detail: "disclosed \(fixedDecimals(hours(d), 2)) h, the ledger verifies \(fixedDecimals(hours(v), 2)) h",
                hoursAtStake: hours(abs(v - d))))
        }
    }

    /// student_overlap: a student present in two overlapping in-scope
    /// sessions. Only sessions that overlap another session of their school
    /// that day are read from attendance.
    ///
    /// - Complexity: one indexed read per such session, and per present row
    ///   a walk over the student's earlier sessions of that school day
    ///   (usually none or one): linear in rows, not in pairs x students.
    static func studentOverlaps(warehouse: Warehouse, term: TermData, into found: inout [Finding]) throws {
        var presence = DayPresence(studentCount: term.studentCount)
        try warehouse.queue.read { db in
            for day in term.inScopeSchoolDays {
                let involved = overlappingSessions(day, term: term)
                guard !involved.isEmpty else { continue }
                presence.startDay()
                for s in involved {
                    try AttendanceBlock.forEachRow(db, session: Int64(s + 1)) { _, student, code, _ in
                        guard code == AttendanceBlock.present || code == AttendanceBlock.leftEarly else { return }
                        presence.add(student: Int(student) - 1, session: s) { earlier in
                            guard let pair = overlap(earlier, s, term: term) else { return }
                            found.append(Finding(
                                rule: "student_overlap", schoolId: term.schoolIds[Int(term.sessionSchool[pair.later])],
                                sessionId: term.sessionIds[pair.later], otherSessionId: term.sessionIds[pair.earlier],
                                studentId: term.studentIds[Int(student) - 1], severity: .warning,
                                detail: "present in two sessions at once for \(pair.minutes) minutes", hoursAtStake: 0))
                        }
                    }
                }
            }
        }
    }

    /// The sessions of one school day (ordered by start, as in
    /// ``TermData/inScopeSchoolDays``) that overlap another of them, in
    /// ascending session order.
    static func overlappingSessions(_ day: [Int], term: TermData) -> [Int] {
        var involved: [Int] = []
        // The latest end among the sessions before `x`: `x` overlaps one of
        // them when it starts before that end.
        var latestEnd = Int16.min
        for (x, s) in day.enumerated() {
            let overlapsEarlier = x > 0 && term.sessionStart[s] < latestEnd
            let overlapsLater = x + 1 < day.count && term.sessionStart[day[x + 1]] < term.sessionEnd[s]
            if overlapsEarlier || overlapsLater { involved.append(s) }
            latestEnd = max(latestEnd, term.sessionEnd[s])
        }
        return involved.sorted()
    }
}

/// Each student's present sessions within one school day of one school, as
/// short chains in flat arrays reused from day to day (no per-student
/// collections, nothing hashed).
struct DayPresence {
    /// Per student: the day (``startDay()`` count) its chain belongs to.
    private var chainDay: [Int32]
    /// Per student: the position of its latest session in ``sessions``.
    private var chainHead: [Int32]
    /// The day's recorded sessions, and for each the position of the same
    /// student's previous one (-1 at the chain's end).
    private var sessions: [Int32] = []
    private var previous: [Int32] = []
    private var day: Int32 = 0

    init(studentCount: Int) {
        chainDay = [Int32](repeating: 0, count: studentCount)
        chainHead = [Int32](repeating: -1, count: studentCount)
    }

    /// Forgets every student's sessions: a new school day begins.
    mutating func startDay() {
        day += 1
        sessions.removeAll(keepingCapacity: true)
        previous.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with each session recorded earlier this day for
    /// `student` (latest first), then records `session` for them.
    mutating func add(student: Int, session: Int, _ body: (_ earlier: Int) -> Void) {
        var link = chainDay[student] == day ? chainHead[student] : -1
        let head = link
        while link >= 0 {
            body(Int(sessions[Int(link)]))
            link = previous[Int(link)]
        }
        chainDay[student] = day
        chainHead[student] = Int32(sessions.count)
        sessions.append(Int32(session))
        previous.append(head)
    }
}

/// One row of `disclosures.csv`.
public struct Disclosure: Sendable {
    public let school: Int32
    public let staff: Int32
    public let month: String
    public let hoursHundredths: Int64

    /// The disclosures, or nil when the dataset has no `disclosures.csv`.
    public static func load(_ warehouse: Warehouse) throws -> [Disclosure]? {
        guard try warehouse.hasInputFile(.disclosures) else { return nil }
        return try warehouse.queue.read { db in
            try Row.fetchAll(db, sql: "SELECT school_key, staff_key, month, hours_x100 FROM disclosures").map {
                Disclosure(school: Int32($0[0] as Int64) - 1, staff: Int32($0[1] as Int64) - 1,
                           month: $0[2], hoursHundredths: $0[3])
            }
        }
    }
}

/// The audit stage as the runner sees it: `audit_findings` (internal), and
/// the findings the scorecard reads.
public enum AuditStage: StageUnit {
    public static let declaration = StageDeclaration(
        name: "audit", version: 1,
        summary: "over-claims, overlaps, ghost and out-of-scope sessions, disclosure mismatches",
        reads: [.term, .attendance, .ledger, .workload, .disclosures],
        tables: [.auditFindings])

    public static func run(_ context: StageContext, _ parameters: AuditParameters) throws -> (Audit, StageTables) {
        let audit = try Audit(
            warehouse: context.warehouse, term: context.termData(), scan: context.scan(), ledger: context.staffLedger(),
            workload: context.monthlyWorkload(), disclosures: Disclosure.load(context.warehouse),
            parameters: parameters)
        return (audit, StageTables([(.auditFindings, FinanceTables.auditRows(audit))]))
    }
}
