import AfterschoolSynth
import AfterschoolPipeline
import Foundation
import GRDB
import Logging
import Testing

// Shared helpers of the finance tests (audit, stipend, workload). Every name
// here starts with `finance` / `Finance` so that other test files of this
// target can keep their own helpers without clashes.

// MARK: - Paths

/// The package root: this file is `Tests/AfterschoolStagesTests/FinanceFixture.swift`.
let financePackageRoot: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // FinanceFixture.swift
    .deletingLastPathComponent()  // AfterschoolStagesTests
    .deletingLastPathComponent()  // Tests
    .path

/// The two pipelines the finance tests run.
let financeStipendPipeline = financePackageRoot + "/pipelines/stipend-proposal.yaml"
let financeTermlyPipeline = financePackageRoot + "/pipelines/termly-evaluation.yaml"

/// A logger that drops everything.
let financeQuietLogger = Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() })

// MARK: - A dataset built in code

/// A term's dataset as lines of CSV per file name (header first). A file
/// that is not in `files` is not written.
struct FinanceDataset {
    var term = "2025-finance"
    var start = "2025-09-29"
    var end = "2025-10-04"
    var files: [String: [String]]

    /// Appends lines to a file (creating it with these lines if absent).
    mutating func add(_ file: String, _ lines: String...) { files[file, default: []] += lines }
    mutating func add(_ file: String, lines: [String]) { files[file, default: []] += lines }

    /// Drops a file from the dataset.
    mutating func remove(_ file: String) { files[file] = nil }

    /// Writes `dataset.yaml` and the files into `folder` (created).
    func write(to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let yaml = "term: \(term)\ntitle: A finance test dataset\nstart: \(start)\nend: \(end)\n"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: folder + "/dataset.yaml"))
        for (file, lines) in files {
            let text = lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + file))
        }
    }

    /// The audit tests' base: a term from Monday 2025-09-29 to Saturday
    /// 2025-10-04 (Mon-Fri school days, Saturday not), schools S1 and S2,
    /// and a ledger that breaks no rule:
    ///
    /// - X1 (homework, class segment) 2025-09-29 15:00-16:00 and X2 (sports,
    ///   grade segment) 16:00-17:00: both led by teacher T1 claiming 1.00 h,
    ///   P01 present at both. The intervals touch at 16:00 but do not
    ///   overlap, so neither staff_overlap (T1) nor student_overlap (P01).
    /// - no `disclosures.csv` (so no disclosure findings).
    ///
    /// Staff: T1, T2 teachers of S1, T9 teacher of S2; students P01-P03
    /// (S1), Q01 (S2). Activities: H1 (S1 homework, class), F1 (S1 sports,
    /// grade), H2 (S2 homework, class).
    static func auditBase() -> FinanceDataset {
        FinanceDataset(files: [
            "schools.csv": ["school_id,name,stage", "S1,School One,primary", "S2,School Two,primary"],
            "students.csv": ["student_id,school_id,grade,class_id",
                             "P01,S1,3,3-1", "P02,S1,3,3-1", "P03,S1,3,3-1", "Q01,S2,3,3-1"],
            "calendar.csv": ["date,school_day", "2025-09-29,1", "2025-09-30,1", "2025-10-01,1",
                             "2025-10-02,1", "2025-10-03,1", "2025-10-04,0"],
            "activities.csv": ["activity_id,school_id,name,category,segment,provider",
                               "H1,S1,Homework,homework,class,in_school",
                               "F1,S1,Football,sports,grade,in_school",
                               "H2,S2,Homework,homework,class,in_school"],
            "sessions.csv": ["session_id,activity_id,date,start,end",
                             "X1,H1,2025-09-29,15:00,16:00", "X2,F1,2025-09-29,16:00,17:00"],
            "survey.csv": ["student_id,wants_service", "P01,1"],
            "attendance.csv": ["session_id,student_id,status,check_out", "X1,P01,present,", "X2,P01,present,"],
            "staff.csv": ["staff_id,school_id,kind,qualified", "T1,S1,teacher,1", "T2,S1,teacher,1", "T9,S2,teacher,1"],
            "staffing.csv": ["session_id,staff_id,role,claimed_hours", "X1,T1,lead,1.00", "X2,T1,lead,1.00"],
            "satisfaction.csv": ["response_id,school_id,respondent,overall,activity_id", "R1,S1,parent,5,"],
            "budget.csv": ["school_id,amount", "S1,1000.00", "S2,1000.00"],
        ])
    }
}

extension FinanceDataset {
    /// The hand-worked stipend school (StipendAllocationTests, WorkloadTests):
    /// one school S1 with 80 students P001-P080, budget 10000.03 yuan.
    ///
    /// | session | activity (category, segment) | date, time | present n | staffing (role, claimed) |
    /// |---|---|---|---|---|
    /// | K1 | AH (homework, class) | Mon 09-29 15:00-16:00 (1 h) | 20 | T1 lead 1.00; V1 assistant 1.00 |
    /// | K2 | AS (sports, grade) | Mon 09-29 16:00-17:30 (1.5 h) | 40 | T2 lead 1.50; T1 assistant 1.50 |
    /// | K3 | AL (self_study, school) | Tue 09-30 17:30-19:00 (1.5 h) | 5 (+1 absent) | T4 lead 2.00 |
    /// | K4 | AR (arts, grade, external) | Tue 09-30 15:00-17:00 (2 h) | 80 | T3 lead 2.00; T4, T10 assistant 2.00 |
    /// | K5 | AH | Sat 10-04 15:00-16:00 (not a school day) | 1 | T1 lead 1.00 |
    /// | K6 | AH | Wed 10-01 15:00-16:00 | 0 (1 absent, 1 excused) | T2 lead 1.00 |
    /// | K7 | AL | Wed 10-01 17:30-19:00 (1.5 h) | 5 (4 present + 1 left_early) | T10 lead 1.50 |
    ///
    /// Staff: T1, T4, T10 teacher; T2 retired_teacher; T3
    /// external_professional; V1 volunteer. Satisfaction (69 responses):
    /// AH 6 x 4, AS 30 x 5, AR 30 x 1, 3 about the school as a whole x 1.
    /// The staffing rows are deliberately not in id order.
    static func stipendSchool() -> FinanceDataset {
        let students = (1...80).map { "P" + String(format: "%03d", $0) }
        func present(_ session: String, _ range: ClosedRange<Int>) -> [String] {
            range.map { "\(session),\(students[$0 - 1]),present," }
        }
        var satisfaction = ["response_id,school_id,respondent,overall,activity_id"]
        var next = 1
        func respond(_ count: Int, _ overall: Int, _ activity: String) {
            for _ in 0..<count {
                satisfaction.append("R" + String(format: "%03d", next) + ",S1,parent,\(overall),\(activity)")
                next += 1
            }
        }
        respond(6, 4, "AH")
        respond(30, 5, "AS")
        respond(30, 1, "AR")
        respond(3, 1, "")
        return FinanceDataset(files: [
            "schools.csv": ["school_id,name,stage", "S1,School One,primary"],
            "students.csv": ["student_id,school_id,grade,class_id"] + students.map { $0 + ",S1,3,3-1" },
            "calendar.csv": ["date,school_day", "2025-09-29,1", "2025-09-30,1", "2025-10-01,1",
                             "2025-10-02,1", "2025-10-03,1", "2025-10-04,0"],
            "activities.csv": ["activity_id,school_id,name,category,segment,provider",
                               "AH,S1,Homework,homework,class,in_school",
                               "AS,S1,Football,sports,grade,in_school",
                               "AL,S1,Late care,self_study,school,in_school",
                               "AR,S1,Painting,arts,grade,external"],
            "sessions.csv": ["session_id,activity_id,date,start,end",
                             "K1,AH,2025-09-29,15:00,16:00", "K2,AS,2025-09-29,16:00,17:30",
                             "K3,AL,2025-09-30,17:30,19:00", "K4,AR,2025-09-30,15:00,17:00",
                             "K5,AH,2025-10-04,15:00,16:00", "K6,AH,2025-10-01,15:00,16:00",
                             "K7,AL,2025-10-01,17:30,19:00"],
            "survey.csv": ["student_id,wants_service", "P001,1"],
            "attendance.csv": ["session_id,student_id,status,check_out"]
                + present("K1", 1...20) + present("K2", 1...40)
                + present("K3", 1...5) + ["K3,P006,absent,"]
                + present("K4", 1...80) + present("K5", 1...1)
                + ["K6,P001,absent,", "K6,P002,excused,"]
                + present("K7", 11...14) + ["K7,P015,left_early,18:00"],
            "staff.csv": ["staff_id,school_id,kind,qualified", "T1,S1,teacher,1", "T2,S1,retired_teacher,1",
                          "T3,S1,external_professional,1", "T4,S1,teacher,1", "T10,S1,teacher,1",
                          "V1,S1,volunteer,1"],
            "staffing.csv": ["session_id,staff_id,role,claimed_hours",
                             "K7,T10,lead,1.50", "K4,T10,assistant,2.00", "K1,T1,lead,1.00", "K1,V1,assistant,1.00",
                             "K2,T2,lead,1.50", "K2,T1,assistant,1.50", "K3,T4,lead,2.00", "K4,T3,lead,2.00",
                             "K4,T4,assistant,2.00", "K5,T1,lead,1.00", "K6,T2,lead,1.00"],
            "satisfaction.csv": satisfaction,
            "budget.csv": ["school_id,amount", "S1,10000.03"],
        ])
    }
}

// MARK: - Running a pipeline

/// A temporary folder holding a dataset (`data/`) and a run's output (`out/`).
struct FinanceRun {
    let root: String
    var data: String { root + "/data" }
    var out: String { root + "/out" }

    init(label: String) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("afterschool-finance-\(label)-\(UUID().uuidString)", isDirectory: true).path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    /// `afterschool run PIPELINE --data data --out out --set ...`.
    func run(_ dataset: FinanceDataset, pipeline: String = financeStipendPipeline,
             overrides: [String] = []) throws(PipelineError) {
        do { try dataset.write(to: data) } catch { throw .io(path: data, reason: "\(error)") }
        _ = try PipelineRunner(logger: financeQuietLogger)
            .run(pipelinePath: pipeline, data: data, out: out, overrides: overrides)
    }

    /// The header of a published table.
    func header(_ table: String) throws -> [String] {
        try financeReadCSV(out + FinanceRun.folder(table) + table + ".csv").first ?? []
    }

    /// The rows of a published table (header left out).
    func table(_ table: String) throws -> [[String]] {
        Array(try financeReadCSV(out + FinanceRun.folder(table) + table + ".csv").dropFirst())
    }

    /// `/internal/` for the audit findings (they may name students), else `/tables/`.
    static func folder(_ table: String) -> String {
        table == "audit_findings" ? "/internal/" : "/tables/"
    }

    /// `audit_findings` without the free-text `detail` column: rule,
    /// school_id, session_id, other_session_id, staff_id, student_id, month,
    /// severity, hours_at_stake.
    func findings() throws -> [[String]] {
        let rows = try table("audit_findings")
        for row in rows { #expect(row.count == 10 && !row[8].isEmpty, "\(row)") }
        return rows.map { Array($0[0..<8]) + [$0[9]] }
    }

    /// The warehouse of the run, read-only.
    func warehouse() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: out + "/warehouse.sqlite", configuration: configuration)
    }

    /// `warnings` of `manifest.json`.
    func warnings() throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return json?["warnings"] as? [String] ?? []
    }
}

/// Runs the stipend pipeline on a dataset and returns the published
/// findings (without `detail`).
func financeFindings(_ dataset: FinanceDataset, overrides: [String] = [], label: String = "audit") throws -> [[String]] {
    let run = try FinanceRun(label: label)
    defer { run.remove() }
    try run.run(dataset, overrides: overrides)
    return try run.findings()
}

// MARK: - Reading CSV

/// The records of a published CSV file (UTF-8 with a BOM, LF line ends,
/// RFC 4180 quoting), each as its fields.
func financeReadCSV(_ path: String) throws -> [[String]] {
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    var records: [[String]] = [], fields: [String] = [], field: [UInt8] = []
    var quoted = false, i = 0
    while i < bytes.count {
        let b = bytes[i]
        if quoted {
            if b == 0x22 {
                if i + 1 < bytes.count && bytes[i + 1] == 0x22 { field.append(0x22); i += 1 } else { quoted = false }
            } else {
                field.append(b)
            }
        } else if b == 0x22 {
            quoted = true
        } else if b == 0x2C {
            fields.append(String(decoding: field, as: UTF8.self))
            field = []
        } else if b == 0x0A {
            fields.append(String(decoding: field, as: UTF8.self))
            records.append(fields)
            fields = []
            field = []
        } else {
            field.append(b)
        }
        i += 1
    }
    if !field.isEmpty || !fields.isEmpty { fields.append(String(decoding: field, as: UTF8.self)); records.append(fields) }
    return records
}

// MARK: - Deterministic randomness

/// The seeded generator of the property tests (the synthetic generator's
/// SplitMix64), so every run sees the same cases.
typealias FinanceSplitMix64 = SplitMix64

// MARK: - Money

/// Fen from a yuan amount as stored in the warehouse (fen / 100 as REAL).
func financeFen(_ yuan: Double) -> Int64 { Int64((yuan * 100).rounded()) }
