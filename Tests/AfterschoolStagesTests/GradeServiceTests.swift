import Foundation
import Testing

/// `grade_service`, worked by hand from ``TermlyFixture``: G(d), a grade's
/// sessions on day d, are the in-scope sessions with a present row of one
/// of its students. 9 school days; the end limit is 18:00 in October and
/// 17:30 in November, late care exempt.
///
/// S1 grade 1 (P01 P02; P03 never in scope):
/// 10-27 X101 X102 120 (meets); 10-28 X103 X104 110; 10-29 X105 X106 210
/// (meets); 10-30 X107 120 (meets); 10-31 none; 11-01 X109 60; 11-03 X110
/// X111 130 (meets; X111 ends 17:40: late); 11-05 X113 90; 11-07 X114 X115
/// 35. => 8 service days, 4 meet, 1 late, 875 minutes.
///
/// S1 grade 2 (P05 P06; P04 excused only): 10-27 X101 X102 120 (meets);
/// 10-28 X103 X104 110; 10-29 X105 X106 210 (meets); 10-31 X108 90 (ends
/// 18:10: late); 11-05 X113 X112 210 (meets; X112 late care); 11-07 X114
/// 35. => 6 days, 3 meet, 1 late, 775 minutes.
///
/// S1 grade 3 (P07 P09 P10; P08 never in scope): 10-27 X101 X102 120
/// (meets); 10-30 X107 120 (meets); 10-31 X108 90 (late); 11-01 X109 60;
/// 11-03 X110 X111 130 (meets, late); 11-05 X113 X112 210 (meets); 11-07
/// X114 X115 35. => 7 days, 4 meet, 2 late, 765 minutes.
///
/// S2 grade 7 (Q1 Q2): 10-27 Y01 120 (meets); 10-28 Y02 60 (Y0B, which
/// nobody attended, is not the grade's); 10-29 Y03 60; 11-05 Y08 120
/// (meets; ends 18:00 > 17:30: late). => 4 days, 2 meet, 1 late, 360
/// minutes. S2 grade 8 and S10 grade 4: nobody present in scope.
@Suite("grade service, worked by hand")
struct GradeServiceTests {
    static let header = "school_id,grade,enrolled,service_days,days_meeting_2h_share,late_end_share,mean_daily_hours,suppressed"

    @Test("--set min_cell=1: each grade's days, 2-hour share, late ends and mean daily hours")
    func everyGrade() throws {
        try withTermlyRun("grade-service", overrides: ["min_cell=1"]) { run throws in
            let table = try run.table("grade_service")
            #expect(table.lines.first == Self.header)
            #expect(table.dataLines == [
                "S1,1,3,8,0.4444,0.1250,1.82,0",  // 4/9, 1/8, 875/8 min = 1.8229 h
                "S1,2,3,6,0.3333,0.1667,2.15,0",  // 3/9, 1/6, 775/6 min = 2.1528 h
                "S1,3,4,7,0.4444,0.2857,1.82,0",  // 4/9, 2/7, 765/7 min = 1.8214 h
                "S10,4,1,0,0.0000,,,0",
                "S2,7,2,4,0.2222,0.2500,1.50,0",  // 2/9, 1/4, 360/4 min
                "S2,8,1,0,0.0000,,,0",
            ])
        }
    }

    @Test("the report flags the grades short of 2 hours beside the school figure; suppressed grades are not named")
    func reportLine() throws {
        try withTermlyRun("grade-service-report", overrides: ["min_cell=1"]) { run throws in
            let report = try String(contentsOfFile: run.out + "/report.md", encoding: .utf8)
            let line = try #require(report.split(separator: "\n").first { $0.contains("其中各年级每天不少于2小时") })
            // Every grade is below 100%: 0 of 6 meet; the lowest first
            // (S10 grade 4 and S2 grade 8 at 0%, then S2 grade 7 at 22.2%).
            #expect(line.hasPrefix("| ✘ |"))
            #expect(line.contains("| 0/6 |"))
            #expect(line.contains("S10") && line.contains("4年级 (0.0%)") && line.contains("7年级 (22.2%)") && line.contains("1年级 (44.4%)"))
        }
        try withTermlyRun("grade-service-report-suppressed") { run throws in
            // With min_cell 10 every grade is suppressed: no line at all.
            let report = try String(contentsOfFile: run.out + "/report.md", encoding: .utf8)
            #expect(!report.contains("其中各年级每天不少于2小时"))
        }
    }

    @Test("default min_cell 10: every grade is smaller, so every row is suppressed")
    func suppressed() throws {
        try withTermlyRun("grade-service-default") { run throws in
            #expect(try run.table("grade_service").dataLines == [
                "S1,1,,,,,,1", "S1,2,,,,,,1", "S1,3,,,,,,1", "S10,4,,,,,,1", "S2,7,,,,,,1", "S2,8,,,,,,1",
            ])
        }
    }
}
