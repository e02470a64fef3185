import AfterschoolDomain
import AfterschoolWarehouse
import GRDB

/// Checks, once the files are loaded, for data that is missing as a whole
/// and would otherwise pass unnoticed: a school whose sessions of the term
/// have no attendance row at all (its attendance was not exported, or the
/// file was cut off before it), a school with students but no session, and
/// an optional file that is missing together with the figures it leaves
/// blank. Each gives a warning (in both languages); a warning never
/// changes a figure or the exit status.
struct Completeness {
    let descriptor: DatasetDescriptor
    /// The files present (a whole file or parts).
    let present: Set<InputFile>
    /// The pipeline's stages: a missing optional file is mentioned only
    /// where a stage would use it.
    let stages: Set<String>

    /// The warnings, schools in the order of their ids. `index`, when it
    /// holds every accepted session and student (a run that read every
    /// file), spares reading the sessions back: at district scale that is
    /// 1.6 million rows.
    func warnings(_ warehouse: Warehouse, index: ReferenceIndex?) throws -> [DataWarning] {
        var candidates: [Int64]?
        var withoutSessions: [(school: Int64, students: Int)]?
        if let index {
            let students = index.rowsPerSchool(.students)
            let recorded = try sessionsWithAttendance(warehouse)
            var schools = Set<Int64>(), heard = Set<Int64>()
            index.forEachRow(.sessions) { session, school in
                schools.insert(school)
                if session >= 0 && session < recorded.count && recorded[Int(session)] { heard.insert(school) }
            }
            candidates = schools.subtracting(heard).sorted()
            withoutSessions = students.filter { !schools.contains($0.key) }.map { ($0.key, $0.value) }
        }
        return try silentSchools(warehouse, among: candidates)
            + schoolsWithoutSessions(warehouse, known: withoutSessions) + missingOptionalFiles()
    }

    /// By session key, whether the session has attendance rows.
    func sessionsWithAttendance(_ warehouse: Warehouse) throws -> [Bool] {
        try warehouse.queue.read { db in
            var recorded: [Bool] = []
            let keys = try Int64.fetchCursor(db, sql: "SELECT DISTINCT session_key FROM attendance_blocks")
            while let key = try keys.next() {
                guard key >= 0 else { continue }
                if Int(key) >= recorded.count { recorded += [Bool](repeating: false, count: Int(key) + 1 - recorded.count) }
                recorded[Int(key)] = true
            }
            return recorded
        }
    }

    /// Schools whose sessions on school days of the term have no
    /// attendance row at all; with `candidates`, only among them (the
    /// others have some).
    func silentSchools(_ warehouse: Warehouse, among candidates: [Int64]?) throws -> [DataWarning] {
        if let candidates, candidates.isEmpty { return [] }
        // Keys are integers the warehouse gave: safe in the text of the query.
        let restriction = candidates.map { "AND a.school_key IN (\($0.map(String.init).joined(separator: ",")))" } ?? ""
        let rows = try warehouse.queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT sc.school_id AS school, count(*) AS sessions, count(DISTINCT se.date) AS days,
                       sum(EXISTS (SELECT 1 FROM attendance_blocks b WHERE b.session_key = se.key)) AS recorded
                FROM sessions se
                JOIN activities a ON a.key = se.activity_key
                JOIN schools sc ON sc.key = a.school_key
                JOIN calendar c ON c.date = se.date AND c.school_day = 1
                WHERE se.date BETWEEN ? AND ? \(restriction)
                GROUP BY sc.key
                ORDER BY sc.school_id
                """, arguments: [descriptor.start.description, descriptor.end.description])
        }
        return rows.compactMap { row -> DataWarning? in
            let recorded: Int = row["recorded"] ?? 0
            guard recorded == 0 else { return nil }
            let school: String = row["school"] ?? ""
            let sessions: Int = row["sessions"] ?? 0
            let days: Int = row["days"] ?? 0
            return DataWarning(
                zh: "学校 \(school)：本学期上学日的 \(sessions) 个服务场次（\(days) 天）都没有考勤记录，该校参与和出勤数字为 0 或空；请检查它的考勤是否导出（attendance.csv 是否完整）",
                en: "school \(school): none of its \(sessions) sessions on school days of the term (\(days) days) has an attendance row, so its participation and attendance figures are 0 or blank; check that its attendance was exported (is attendance.csv complete?)")
        }
    }

    /// Schools with students on the roster and no session at all (`known`:
    /// their keys and students, found in memory).
    func schoolsWithoutSessions(_ warehouse: Warehouse, known: [(school: Int64, students: Int)]?) throws -> [DataWarning] {
        let found: [(school: String, students: Int)] = try warehouse.queue.read { db in
            if let known {
                guard !known.isEmpty else { return [] }
                let ids = try Row.fetchAll(db, sql: "SELECT key, school_id FROM schools")
                    .reduce(into: [Int64: String]()) { $0[$1["key"]] = $1["school_id"] }
                return known.map { (ids[$0.school] ?? "", $0.students) }.sorted { $0.school < $1.school }
            }
            return try Row.fetchAll(db, sql: """
                WITH served AS (SELECT DISTINCT a.school_key AS k
                                FROM (SELECT DISTINCT activity_key FROM sessions) s JOIN activities a ON a.key = s.activity_key)
                SELECT sc.school_id AS school, count(*) AS students
                FROM students st JOIN schools sc ON sc.key = st.school_key
                WHERE st.school_key NOT IN served
                GROUP BY sc.key
                ORDER BY sc.school_id
                """).map { ($0["school"] ?? "", $0["students"] ?? 0) }
        }
        return found.map { school, students in
            DataWarning(
                zh: "学校 \(school)：名册上有 \(students) 名学生，但没有任何服务场次；请检查它的 sessions.csv 是否导出",
                en: "school \(school): \(students) students on the roster but no session at all; check that its sessions were exported (sessions.csv)")
        }
    }

    /// Optional files that are missing, with what they leave blank in this
    /// pipeline.
    func missingOptionalFiles() -> [DataWarning] {
        var warnings: [DataWarning] = []
        if !present.contains(.peTimetable) && stages.contains("coverage") {
            warnings.append(DataWarning(
                zh: "pe_timetable.csv（体育课表）缺失：各校“无体育课日运动1小时”（non_pe_sport_hour_share）为空",
                en: "pe_timetable.csv (the PE timetable) is missing: non_pe_sport_hour_share (an hour of sport on days without PE) is blank for every school"))
        }
        if !present.contains(.disclosures) && stages.contains("audit") {
            warnings.append(DataWarning(
                zh: "disclosures.csv（月度工作量公示）缺失：审核不核对公示工时与台账是否一致（disclosure_mismatch 未检查）",
                en: "disclosures.csv (the monthly workload disclosures) is missing: the audit does not compare disclosed hours with the ledger (disclosure_mismatch is not checked)"))
        }
        return warnings
    }
}
