import Foundation
import Testing

/// `service_choice`, worked by hand from ``TermlyFixture``.
///
/// The term's school days on a weekday (a family can choose only those):
/// 10-27 Mon, 10-28 Tue, 10-29 Wed, 10-30 Thu, 10-31 Fri, 11-03 Mon,
/// 11-05 Wed, 11-07 Fri = 8 (11-01 is a make-up Saturday: never chosen).
///
/// Days each requested S1 student was present on an in-scope session, from
/// the fixture's tallies: P01 10-27 10-28 10-29 10-30 11-03 11-05 11-07 (7;
/// and the Saturday); P02 10-28 11-03 (2); P03 none; P04 none (excused
/// only); P05 10-27 10-28 10-29 10-31 (4); P07 10-27 10-30 10-31 11-05 11-07
/// (5); P10 11-03 (1).
@Suite("service choice, worked by hand")
struct ServiceChoiceTests {
    static let header = "school_id,enrolled,surveyed,survey_coverage,unrequested_participants,unrequested_share,chosen_day_coverage,extended_requested,extended_served,extended_coverage"

    @Test("the fixture's survey (days blank: all five; no late care asked)")
    func fixture() throws {
        try withTermlyRun("choice") { run throws in
            let table = try run.table("service_choice")
            #expect(table.lines.first == Self.header)
            // S1: 10 enrolled, 9 surveyed (not P09); participants P01 P02
            //   P05 P06 P07 P09 P10, of whom P06 (wants 0) and P09 (no row)
            //   did not ask: 2/7. Requested P01 P02 P03 P04 P05 P07 P10, 8
            //   days each: 56 pairs, 7 + 2 + 0 + 0 + 4 + 5 + 1 = 19 present.
            // S10: T1 surveyed and requested, never present: 0 of 8 pairs.
            // S2: Q1 Q2 surveyed (wants 0), Q3 not; both participants did
            //   not ask; nobody requested: no pairs.
            #expect(table.dataLines == [
                "S1,10,9,0.9000,2,0.2857,0.3393,0,0,",
                "S10,1,1,1.0000,0,,0.0000,0,0,",
                "S2,3,2,0.6667,2,1.0000,,0,0,",
            ])
        }
    }

    @Test("chosen days and late care: a family's days, days of separators only, late care served or not")
    func chosenDaysAndLateCare() throws {
        try withTermlyRun("choice-days", edit: { files in
            files["survey.csv"] = [
                "student_id,wants_service,days,wants_extended",
                "P01,1,Mon|Wed,1",  // 10-27 10-29 11-03 11-05: 4 pairs, all present; late care X106: served
                "P02,1,;,0",        // separators only: no day chosen
                "P03,1,,0", "P04,1,,0",
                "P05,1,,1",         // all five: 8 pairs, 4 present; absent from X106: not served
                "P06,0,,0", "P07,1,,0", "P08,0,,0", "P10,1,,0",
                "Q1,0,,1",          // late care asked without the service: counted; S2 has none
                "Q2,0,,0", "T1,1,,0",
            ]
        }) { run throws in
            // S1 pairs: 4 + 0 + 8 + 8 + 8 + 8 + 8 = 44; present 4 + 0 + 0 +
            //   0 + 4 + 5 + 1 = 14: 14/44 = 0.3182. Late care: P01 and P05
            //   asked, P01 served: 1/2.
            // S2: Q1 asked for late care, S2 has no late-care session: 0/1.
            let lines = try run.table("service_choice").dataLines
            #expect(lines == [
                "S1,10,9,0.9000,2,0.2857,0.3182,2,1,0.5000",
                "S10,1,1,1.0000,0,,0.0000,0,0,",
                "S2,3,2,0.6667,2,1.0000,,1,0,0.0000",
            ], "\(lines)")
            // Beside demand coverage in the report: late care 1 of 3 asked
            // (S2 0%, S1 50%, lowest first); participants whose family did
            // not ask: 2 + 2 of 7 + 2 (S2 100%, then S1 2/7).
            let report = try String(contentsOfFile: run.out + "/report.md", encoding: .utf8).split(separator: "\n")
            let late = try #require(report.first { $0.contains("延时托管：申请者均获服务") })
            #expect(late.hasPrefix("| ✘ |") && late.contains("| 33.3% | 100.0% |"), "\(late)")
            #expect(late.contains("S2") && late.range(of: "S2")?.lowerBound ?? late.endIndex < late.range(of: "S1 ")?.lowerBound ?? late.startIndex)
            let voluntary = try #require(report.first { $0.contains("自愿参加") })
            #expect(voluntary.contains("| 44.4% | 0.0% |") && voluntary.contains("(2 人, 100.0%)") && voluntary.contains("(2 人, 28.6%)"),
                    "\(voluntary)")
        }
    }
}
