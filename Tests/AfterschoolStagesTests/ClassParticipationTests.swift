import Foundation
import Testing

/// `class_participation`, worked by hand from the tallies of
/// ``TermlyFixture`` (one class per grade there: 1-1, 2-1, 3-1 in S1, 4-1
/// in S10, 7-1 and 8-1 in S2).
///
/// | school, grade, class | students | requested | participants | requested participants | pw | sw | qw |
/// |---|---|---|---|---|---|---|---|
/// | S1, 1, 1-1 | P01 P02 P03 | 3 | P01 P02 | 2 | 2 + 2 = 4 | 2 + 1 = 3 | 2 + 2 = 4 |
/// | S1, 2, 2-1 | P04 P05 P06 | 2 (P04 P05) | P05 P06 | 1 (P05) | 1 + 2 = 3 | 1 + 2 = 3 | 1 + 2 = 3 |
/// | S1, 3, 3-1 | P07 P08 P09 P10 | 2 (P07 P10) | P07 P09 P10 | 2 | 2 + 1 + 1 = 4 | 4 | 4 |
/// | S10, 4, 4-1 | T1 | 1 | - | 0 | 0 | 0 | 0 |
/// | S2, 7, 7-1 | Q1 Q2 | 0 | Q1 Q2 | 0 | 2 + 1 = 3 | 0 | 2 + 0 = 2 |
/// | S2, 8, 8-1 | Q3 | 0 | - | 0 | 0 | 0 | 0 |
@Suite("class participation, worked by hand")
struct ClassParticipationTests {
    static let header = "school_id,grade,class_id,enrolled,requested,participants,participation_rate,demand_coverage,sport_weekly_coverage,quality_weekly_coverage,suppressed"

    @Test("--set min_cell=1: every class shows; blank where nothing to divide by")
    func everyClass() throws {
        try withTermlyRun("classes-1", overrides: ["min_cell=1"]) { run throws in
            let table = try run.table("class_participation")
            #expect(table.lines.first == Self.header)
            #expect(table.dataLines == [
                "S1,1,1-1,3,3,2,0.6667,0.6667,0.7500,1.0000,0",
                "S1,2,2-1,3,2,2,0.6667,0.5000,1.0000,1.0000,0",
                "S1,3,3-1,4,2,3,0.7500,1.0000,1.0000,1.0000,0",
                "S10,4,4-1,1,1,0,0.0000,0.0000,,,0",
                "S2,7,7-1,2,0,2,1.0000,,0.0000,0.6667,0",
                "S2,8,8-1,1,0,0,0.0000,,,,0",
            ])
        }
    }

    @Test("default min_cell 10: every class is smaller, so every row is suppressed")
    func suppressed() throws {
        try withTermlyRun("classes-default") { run throws in
            #expect(try run.table("class_participation").dataLines == [
                "S1,1,1-1,,,,,,,,1", "S1,2,2-1,,,,,,,,1", "S1,3,3-1,,,,,,,,1",
                "S10,4,4-1,,,,,,,,1", "S2,7,7-1,,,,,,,,1", "S2,8,8-1,,,,,,,,1",
            ])
        }
    }
}
