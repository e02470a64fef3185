import AfterschoolDomain
import AfterschoolPipeline
import Foundation
import GRDB
import Testing

/// The hand-made sample (`datasets/sample`, see its README) through the
/// termly-evaluation pipeline: the 32 planted rejects, the accepted row
/// counts, the manifest and the per-file summary.
@Suite("Sample dataset end to end")
struct SampleEndToEndTests {
    /// The planted rejects of `datasets/sample/README.md`, in load order:
    /// file, line, column ("" for a whole-record problem), raw value, rule.
    static let planted: [(file: String, line: Int, column: String, value: String, rule: String)] = [
        ("students.csv", 10, "student_id", "0001005", "duplicate_key"),
        ("students.csv", 63, "class_id", "", "missing_value"),
        ("students.csv", 168, "school_id", "S003", "unknown_reference"),
        ("students.csv", 259, "grade", "10", "out_of_range"),
        ("students.csv", 284, "left_behind", "2", "bad_type"),
        ("sessions.csv", 47, "date", "2025-13-45", "bad_type"),
        ("sessions.csv", 124, "end", "15:00", "out_of_range"),
        ("sessions.csv", 186, "start", "25:00", "bad_type"),
        ("sessions.csv", 227, "session_id", "S001-1028-g34-a", "duplicate_key"),
        ("sessions.csv", 234, "activity_id", "A999", "unknown_reference"),
        ("pe_timetable.csv", 31, "weekday", "6", "out_of_range"),
        ("survey.csv", 52, "student_id", "0001011", "duplicate_key"),
        ("survey.csv", 88, "wants_service", "maybe", "bad_type"),
        ("survey.csv", 180, "student_id", "0001999", "unknown_reference"),
        ("attendance.csv", 774, "", "S001-1021-hw-3-1,0001063,present,,x", "field_count"),
        ("attendance.csv", 1289, "status", "presnt", "bad_enum"),
        ("attendance.csv", 1804, "status", "", "missing_value"),
        ("attendance.csv", 2148, "check_out", "25:00", "bad_type"),
        ("attendance.csv", 2707, "session_id", "S001-1099-hw-1-1", "unknown_reference"),
        ("attendance.csv", 3051, "student_id", "0002041", "unknown_reference"),
        ("attendance.csv", 4099, "student_id", "0002002", "duplicate_key"),
        ("staff.csv", 28, "kind", "contractor", "bad_enum"),
        ("staffing.csv", 43, "claimed_hours", "1.667", "bad_type"),
        ("staffing.csv", 115, "claimed_hours", "-0.50", "out_of_range"),
        ("staffing.csv", 144, "staff_id", "T203", "duplicate_key"),
        ("staffing.csv", 164, "role", "teacher", "bad_enum"),
        ("staffing.csv", 203, "session_id", "S001-1027-extra", "unknown_reference"),
        ("staffing.csv", 231, "staff_id", "T999", "unknown_reference"),
        ("satisfaction.csv", 32, "overall", "6", "out_of_range"),
        ("satisfaction.csv", 70, "respondent", "teacher", "bad_enum"),
        ("satisfaction.csv", 109, "activity_id", "A203", "unknown_reference"),
        ("satisfaction.csv", 146, "response_id", "R0031", "duplicate_key"),
    ]

    /// The README's file table: records, rejected, accepted.
    static let files: [(file: String, records: Int, rejected: Int, accepted: Int)] = [
        ("schools.csv", 2, 0, 2),
        ("students.csv", 305, 5, 300),
        ("calendar.csv", 13, 0, 13),
        ("activities.csv", 23, 0, 23),
        ("sessions.csv", 310, 5, 305),
        ("pe_timetable.csv", 50, 1, 49),
        ("survey.csv", 288, 3, 285),
        ("attendance.csv", 4296, 7, 4289),
        ("staff.csv", 36, 1, 35),
        ("staffing.csv", 348, 6, 342),
        ("satisfaction.csv", 155, 4, 151),
        ("budget.csv", 2, 0, 2),
        ("disclosures.csv", 70, 0, 70),
    ]

    /// Runs the pipeline on the sample once per test into a fresh folder.
    static func runSample(_ tmp: TempDir) throws -> (out: String, outcome: PipelineRunner.Outcome) {
        let out = tmp.sub("out")
        let outcome = try runPipeline(data: sampleDataset, out: out)
        return (out, outcome)
    }

    @Test("the sample's README lists 32 planted rejects")
    func plantedListIsComplete() {
        #expect(Self.planted.count == 32)
        #expect(Self.files.map(\.rejected).reduce(0, +) == 32)
    }

    @Test("rejects.csv holds exactly the 32 planted rejects, in load order")
    func rejectsAreThePlantedOnes() throws {
        let tmp = try TempDir("sample")
        defer { tmp.remove() }
        let (out, outcome) = try Self.runSample(tmp)
        #expect(outcome.outputFolder == out)

        let expected = Self.planted.map { RejectKey($0.file, $0.line, $0.column, $0.rule) }
        let written = try readRejectKeys(out + "/rejects.csv")
        #expect(written == expected)
        #expect(outcome.report.rejects.map(RejectKey.init) == expected)

        // rejects.csv: the documented header, and each row's raw value.
        let rows = try readRejects(out + "/rejects.csv")
        #expect(try readCSV(out + "/rejects.csv").first == ["file", "line", "column", "value", "rule", "message"])
        for (row, p) in zip(rows, Self.planted) {
            #expect(row["value"] == p.value, "value of \(p.file):\(p.line)")
        }
        for row in rows {
            #expect(!(row["message"] ?? "").isEmpty, "message of \(row["file"] ?? ""):\(row["line"] ?? "")")
        }
    }

    @Test("the warehouse holds the accepted rows of every table")
    func warehouseRowCounts() throws {
        let tmp = try TempDir("sample")
        defer { tmp.remove() }
        let (out, _) = try Self.runSample(tmp)
        let db = try openWarehouse(out + "/warehouse.sqlite")
        for f in Self.files {
            let table = String(f.file.dropLast(4))
            #expect(try count(db, table) == f.accepted, "\(table)")
        }
        #expect(try firstRow(db, "SELECT term, start, \"end\" FROM dataset") == ["2025-autumn", "2025-10-20", "2025-11-02"])

        // Attendance statuses of the accepted rows (README).
        let statuses = try db.read { db in
            try Row.fetchAll(db, sql: "SELECT status, count(*) FROM attendance GROUP BY status ORDER BY status")
                .map(texts)
        }
        #expect(statuses == [["absent", "268"], ["excused", "141"], ["left_early", "130"], ["present", "3750"]])

        // First row wins: the duplicate student 0001005 keeps class 1-1, and
        // the duplicate attendance pair keeps "present"; ids keep leading zeros.
        #expect(try firstRow(db, "SELECT class_id FROM students WHERE student_id = '0001005'") == ["1-1"])
        #expect(try firstRow(db, """
            SELECT a.status FROM attendance a JOIN sessions s ON s.key = a.session_key
            JOIN students st ON st.key = a.student_key
            WHERE s.session_id = 'S002-1030-hw-1-1' AND st.student_id = '0002002'
            """) == ["present"])
        // Quoted fields keep their commas.
        #expect(try firstRow(db, "SELECT name FROM activities WHERE activity_id = 'A107'") == ["Reading, writing"])
        // Budget in fen.
        #expect(try firstRow(db, "SELECT amount_fen FROM budget b JOIN schools s ON s.key = b.school_key WHERE s.school_id = 'S002'") == ["8000050"])
    }

    @Test("the summary counts each file's records, accepted and rejected rows")
    func ingestReportFiles() throws {
        let tmp = try TempDir("sample")
        defer { tmp.remove() }
        let (_, outcome) = try Self.runSample(tmp)
        let report = outcome.report
        #expect(report.files.map(\.file) == InputFile.loadOrder.map(\.fileName))
        #expect(report.overLimit == nil)
        for (got, want) in zip(report.files, Self.files) {
            #expect(got.file == want.file)
            #expect(got.present, "\(want.file)")
            #expect(got.records == want.records, "\(want.file) records")
            #expect(got.accepted == want.accepted, "\(want.file) accepted")
            #expect(got.rejected == want.rejected, "\(want.file) rejected")
            #expect(got.encoding == "utf-8", "\(want.file) encoding")
            #expect(got.bytes > 0)
        }
        // Rejected by rule, for a file with several rules.
        let staffing = try #require(report.files.first { $0.file == "staffing.csv" })
        #expect(staffing.rejectedByRule == ["bad_type": 1, "out_of_range": 1, "duplicate_key": 1, "bad_enum": 1, "unknown_reference": 2])
        // The one calendar gap: 2025-11-02.
        #expect(report.warnings.contains { $0.en.hasPrefix("calendar.csv") && $0.en.contains("2025-11-02") })
        // The printed summary ends with the total.
        #expect(ValidationSummary.text(report).hasSuffix("32 rows rejected in all; \(report.warnings.count) warning(s)."))
    }

    @Test("the output folder has the warehouse, rejects and a complete manifest, nothing left over")
    func manifest() throws {
        let tmp = try TempDir("sample")
        defer { tmp.remove() }
        let (out, _) = try Self.runSample(tmp)
        #expect(exists(out + "/warehouse.sqlite"))
        #expect(exists(out + "/rejects.csv"))
        let data = try #require(FileManager.default.contents(atPath: out + "/manifest.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["status"] as? String == "complete")
        #expect(json["term"] as? String == "2025-autumn")
        #expect(json["pipeline"] as? String == "termly-evaluation")
        #expect(json["program"] as? String == "afterschool")
        #expect(json["version"] as? String == AfterschoolVersion.current)
        let parameters = try #require(json["parameters"] as? [String: Any])
        #expect((parameters["max_reject_share"] as? [String: Any])?["value"] as? Double == 0.05)
        #expect((parameters["max_reject_share"] as? [String: Any])?["source"] as? String == "pipeline")
        #expect((parameters["min_daily_minutes"] as? [String: Any])?["source"] as? String == "pipeline")
        let stages = try #require(json["stages"] as? [[String: Any]])
        #expect(stages.map { $0["name"] as? String } == ["ingest", "validate", "participation", "coverage", "satisfaction", "audit", "report"])
        #expect(stages.allSatisfy { $0["status"] as? String == "ran" && $0["reason"] as? String == "no earlier result" })
        #expect(stages.allSatisfy { $0["seconds"] is Double && $0["peak_mib"] is Double })
        let tables = try #require(json["tables"] as? [String: Int])
        #expect(tables["school_summary"] == 2)
        #expect(tables["group_participation"] == 10)
        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.count == InputFile.allCases.count)
        #expect(files.first { $0["file"] as? String == "attendance.csv" }?["records"] as? Int == 4296)
        #expect((files.first { $0["file"] as? String == "attendance.csv" }?["sha256"] as? String)?.count == 64)
        #expect(try leftovers(in: tmp.path).isEmpty)
        #expect(!exists(out + ".failed"))
    }

    @Test("validate writes rejects.csv and the manifest, but no warehouse")
    func validateOnly() throws {
        let tmp = try TempDir("sample")
        defer { tmp.remove() }
        let out = tmp.sub("validate")
        let outcome = try PipelineRunner(logger: quietLogger).validate(data: sampleDataset, out: out)
        #expect(outcome.outputFolder == out)
        #expect(try readRejectKeys(out + "/rejects.csv") == Self.planted.map { RejectKey($0.file, $0.line, $0.column, $0.rule) })
        #expect(exists(out + "/manifest.json"))
        #expect(!exists(out + "/warehouse.sqlite"))
    }
}

/// The warehouse a user opens in the `sqlite3` shell.
@Suite("Warehouse views")
struct WarehouseViewTests {
    @Test("the views show the ids a user knows; every accepted row is there")
    func idViews() throws {
        let tmp = try TempDir("views")
        defer { tmp.remove() }
        _ = try runPipeline(data: sampleDataset, out: tmp.sub("out"))
        let db = try openWarehouse(tmp.sub("out") + "/warehouse.sqlite")
        for table in ["students", "activities", "sessions", "pe_timetable", "survey", "attendance", "staff", "staffing",
                      "satisfaction", "budget", "disclosures"] {
            #expect(try count(db, table + "_v") == count(db, table), "\(table)_v")
        }
        let row = try #require(try firstRow(db, "SELECT student_id, school_id FROM attendance_v WHERE student_id = '0001005' LIMIT 1"))
        #expect(row == ["0001005", "S001"])
        let staffing = try #require(try firstRow(db, "SELECT staff_id FROM staffing_v WHERE staff_id = 'T101' LIMIT 1"))
        #expect(staffing == ["T101"])
        #expect(try firstRow(db, "SELECT amount_fen FROM budget_v WHERE school_id = 'S001'")?.first?.allSatisfy(\.isNumber) == true)
    }
}
