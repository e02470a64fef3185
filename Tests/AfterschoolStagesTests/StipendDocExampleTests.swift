import AfterschoolPipeline
import Foundation
import Logging
import Testing

/// The worked example of docs/stipend.md, built as a dataset and run
/// through the stipend pipeline: the doc's amounts must come out.
@Suite("docs/stipend.md worked example")
struct StipendDocExampleTests {
    /// Writes the example's dataset into `folder`.
    static func writeDataset(_ folder: String) throws {
        var files: [String: String] = [:]
        files["dataset.yaml"] = "term: example\ntitle: Stipend example\nstart: 2025-10-20\nend: 2025-10-31\n"
        files["schools.csv"] = "school_id,name,stage\nS1,Example School,primary\n"
        let students = (1...40).map { String(format: "%04d", $0) }
        files["students.csv"] = "student_id,school_id,grade,class_id\n"
            + students.map { "\($0),S1,3,3-1\n" }.joined()
        files["survey.csv"] = "student_id,wants_service\n" + students.map { "\($0),1\n" }.joined()
        let days = ["2025-10-20", "2025-10-21", "2025-10-22", "2025-10-23", "2025-10-24",
                    "2025-10-27", "2025-10-28", "2025-10-29", "2025-10-30", "2025-10-31"]
        files["calendar.csv"] = "date,school_day\n" + days.map { "\($0),1\n" }.joined()
            + "2025-10-25,0\n2025-10-26,0\n"
        files["activities.csv"] = "activity_id,school_id,name,category,segment\n"
            + "A1,S1,Homework help,homework,class\nA2,S1,Football,sports,grade\n"
        var sessions = "session_id,activity_id,date,start,end\n"
        var attendance = "session_id,student_id,status\n"
        var staffing = "session_id,staff_id,role,claimed_hours\n"
        for (i, day) in days.enumerated() {
            // T01: homework help, 1 hour, 20 present.
            let h = String(format: "H%02d", i + 1)
            sessions += "\(h),A1,\(day),15:00,16:00\n"
            attendance += students.prefix(20).map { "\(h),\($0),present\n" }.joined()
            staffing += "\(h),T01,lead,1.00\n"
            // T02 leads and T03 assists football on the first five days:
            // 1.5 hours, 40 present.
            if i < 5 {
                let f = "F\(i + 1)"
                sessions += "\(f),A2,\(day),16:10,17:40\n"
                attendance += students.map { "\(f),\($0),present\n" }.joined()
                staffing += "\(f),T02,lead,1.50\n\(f),T03,assistant,1.50\n"
            }
        }
        files["sessions.csv"] = sessions
        files["attendance.csv"] = attendance
        files["staffing.csv"] = staffing
        files["staff.csv"] = "staff_id,school_id,kind\nT01,S1,teacher\nT02,S1,teacher\nT03,S1,retired_teacher\n"
        // 10 responses about homework (all 4: mean 4.0); 30 about football
        // (18 fives and 12 fours: mean 4.6). School mean 178 / 40 = 4.45.
        var satisfaction = "response_id,school_id,respondent,activity_id,overall\n"
        for i in 1...10 { satisfaction += "R\(i),S1,parent,A1,4\n" }
        for i in 11...40 { satisfaction += "R\(i),S1,student,A2,\(i <= 28 ? 5 : 4)\n" }
        files["satisfaction.csv"] = satisfaction
        files["budget.csv"] = "school_id,amount\nS1,1000.00\n"
        for (name, text) in files {
            try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        }
    }

    @Test("amounts 330.97, 419.55, 249.48; flat 400, 300, 300; points and multipliers as in the doc")
    func example() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("stipend-doc-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        try FileManager.default.createDirectory(atPath: tmp + "/data", withIntermediateDirectories: true)
        try Self.writeDataset(tmp + "/data")
        let runner = PipelineRunner(logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        _ = try runner.run(pipelinePath: root + "/pipelines/stipend-proposal.yaml", data: tmp + "/data",
                           out: tmp + "/out", overrides: [])
        let bytes = try #require(FileManager.default.contents(atPath: tmp + "/out/tables/stipend_allocation.csv"))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines == [
            "school_id,staff_id,kind,sessions,claimed_hours,verified_hours,points,satisfaction_n,satisfaction_mean,multiplier,amount,hourly_amount,flat_amount",
            "S1,T01,teacher,10,10.00,10.00,9.8500,10,4.0000,0.9850,330.97,33.10,400.00",
            "S1,T02,teacher,5,7.50,7.50,12.4864,30,4.6000,1.0090,419.55,55.94,300.00",
            "S1,T03,retired_teacher,5,7.50,7.50,7.4250,0,,1.0000,249.48,33.26,300.00",
        ])
        let summary = try String(contentsOfFile: tmp + "/out/tables/stipend_summary.csv", encoding: .utf8)
        // Hourly 33.097, 33.264, 55.94: median 33.264; Gini = sum|xi - xj| /
        // (2 n^2 mean) = 2 x (0.167 + 22.843 + 22.676) / (2 x 9 x 40.767) = 0.1245.
        #expect(summary.split(separator: "\n").last == "S1,1000.00,1000.00,3,25.00,33.10,33.26,55.94,0.1245")
    }
}
