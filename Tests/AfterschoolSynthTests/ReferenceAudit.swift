import AfterschoolDomain
import AfterschoolSynth
import Testing

/// The audit rules of `metrics.md`, computed here from the generated CSV
/// files, independently of the generator: the findings a correct audit
/// must produce. Reads a plain-style dataset, leaving out the planted
/// malformed lines (the validation tests prove those, and only those, are
/// rejected). Hours are compared exactly, in hundredths of a minute
/// (hours x 6,000).
struct ReferenceAudit {
    struct Session {
        let id: String
        let school: String
        let activity: String
        let date: String
        let start: Int
        let end: Int
        let inScope: Bool

        var minutes: Int { end - start }
    }

    struct StaffingRow {
        let session: String
        let staff: String
        let role: String
        let claimed: Int
    }

    /// Rule name to the findings' keys (school, session, other session,
    /// staff, student, month; "" where it does not apply).
    var findings: [String: Set<[String]>] = [:]
    /// Claims exactly the length plus 0.10 h, and disclosures exactly
    /// 0.01 h off: on the bound, so not findings.
    var nearMisses: [String: Set<[String]>] = [:]

    var sessions: [String: Session] = [:]
    var presentCount: [String: Int] = [:]
    var staffing: [StaffingRow] = []
    var staffKind: [String: String] = [:]
    var staffSchool: [String: String] = [:]
    /// Verified hours x 6,000 per (school, staff, month), for every
    /// (school, staff, month) with a staffing row.
    var verified: [[String]: Int] = [:]
    var disclosed: [[String]: Int] = [:]

    init(folder: String, skip: [String: Set<Int>]) throws {
        func read(_ file: InputFile) throws -> [Line] { try records(folder, file, skip: skip[file.fileName] ?? []) }
        let schoolDays = Set(try read(.calendar).filter { $0[1] == "1" }.map { $0[0] })
        var activities: [String: (school: String, category: String, segment: String, provider: String)] = [:]
        for r in try read(.activities) { activities[r[0]] = (r[1], r[3], r[4], r[5]) }
        var qualified: [String: Bool] = [:]
        for r in try read(.staff) {
            staffKind[r[0]] = r[3]
            staffSchool[r[0]] = r[1]
            qualified[r[0]] = r[4] != "0"
        }
        for r in try read(.sessions) {
            let activity = try #require(activities[r[1]])
            let start = try minutes(r[3]), end = try minutes(r[4])
            sessions[r[0]] = Session(
                id: r[0], school: activity.school, activity: r[1], date: r[2], start: start, end: end,
                inScope: schoolDays.contains(r[2]) && start >= 14 * 60 && end <= 20 * 60)
        }
        var presentByStudent: [String: [String]] = [:]
        for r in try read(.attendance) where r[2] == "present" || r[2] == "left_early" {
            presentCount[r[0], default: 0] += 1
            presentByStudent[r[1], default: []].append(r[0])
        }
        for r in try read(.staffing) {
            staffing.append(StaffingRow(session: r[0], staff: r[1], role: r[2], claimed: try hundredths(r[3])))
        }
        for r in try read(.disclosures) { disclosed[[r[0], r[1], r[2]]] = try hundredths(r[3]) }

        var byStaffDate: [[String]: [String]] = [:]
        var staffOn: [String: [StaffingRow]] = [:]
        for row in staffing {
            let s = try #require(sessions[row.session])
            let month = String(s.date.prefix(7))
            let key = [s.school, row.staff, month]
            verified[key, default: 0] += 0
            staffOn[row.session, default: []].append(row)
            let finding = [s.school, s.id, "", row.staff, "", ""]
            guard s.inScope else {
                add("out_of_scope", finding)
                continue
            }
            let present = presentCount[s.id, default: 0] > 0
            if row.claimed * 60 > s.minutes * 100 + 600 { add("over_claim", finding) }
            if row.claimed * 60 == s.minutes * 100 + 600 { nearMisses["over_claim", default: []].insert(finding) }
            if !present { add("ghost_session", finding) }
            if staffKind[row.staff] != "teacher" && qualified[row.staff] == false { add("unqualified_external", finding) }
            if present { verified[key, default: 0] += min(row.claimed * 60, s.minutes * 100) }
            byStaffDate[[row.staff, s.date], default: []].append(s.id)
        }
        for (key, ids) in byStaffDate { overlaps(ids, rule: "staff_overlap", staff: key[0], student: "") }
        for (student, ids) in presentByStudent {
            var byDate: [String: [String]] = [:]
            for id in ids where sessions[id]?.inScope == true { byDate[sessions[id]?.date ?? "", default: []].append(id) }
            for (_, same) in byDate where same.count > 1 { overlaps(same, rule: "student_overlap", staff: "", student: student) }
        }
        for s in sessions.values where s.inScope {
            let activity = try #require(activities[s.activity])
            let rows = staffOn[s.id] ?? []
            let nonTeacherLead = rows.contains { $0.role == "lead" && staffKind[$0.staff] != "teacher" }
            if (activity.provider == "external" || nonTeacherLead) && !rows.contains(where: { staffKind[$0.staff] == "teacher" }) {
                add("external_without_assistant", [s.school, s.id, "", "", "", ""])
            }
            if activity.category == "homework" && activity.segment == "grade" && presentCount[s.id, default: 0] < 20 {
                add("small_homework_group", [s.school, s.id, "", "", "", ""])
            }
        }
        for key in Set(verified.keys).union(disclosed.keys) {
            let difference = abs(disclosed[key, default: 0] * 60 - verified[key, default: 0])
            let finding = [key[0], "", "", key[1], "", key[2]]
            if difference > 60 { add("disclosure_mismatch", finding) }
            if difference == 60 { nearMisses["disclosure_mismatch", default: []].insert(finding) }
        }
    }

    private mutating func add(_ rule: String, _ key: [String]) { findings[rule, default: []].insert(key) }

    /// Pairs of overlapping in-scope sessions among `ids` (same date): the
    /// later-starting one (ties: the larger id) is the finding's session.
    private mutating func overlaps(_ ids: [String], rule: String, staff: String, student: String) {
        let list = ids.compactMap { sessions[$0] }
        for i in list.indices {
            for j in list.indices where j > i {
                let a = list[i], b = list[j]
                guard a.start < b.end && b.start < a.end else { continue }
                let aLater = a.start > b.start || (a.start == b.start && a.id.utf8.lexicographicallyPrecedes(b.id.utf8) == false)
                let (later, other) = aLater ? (a, b) : (b, a)
                add(rule, [later.school, later.id, other.id, staff, student, ""])
            }
        }
    }
}
