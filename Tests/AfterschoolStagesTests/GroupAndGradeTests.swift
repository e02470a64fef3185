import Foundation
import GRDB
import Testing

/// `grade_participation` and `group_participation`: the hand-worked counts,
/// small-cell suppression in the CSV (enrolled < min_cell -> counts and
/// rates blank, suppressed 1), full values in the warehouse.
///
/// Hand tallies (see ``TermlyFixture``):
///
/// | school, grade | students | participants | pw | sw |
/// |---|---|---|---|---|
/// | S1, 1 | P01 P02 P03 | P01 P02 | 2 + 2 = 4 | 2 + 1 = 3 |
/// | S1, 2 | P04 P05 P06 | P05 P06 | 1 + 2 = 3 | 1 + 2 = 3 |
/// | S1, 3 | P07 P08 P09 P10 | P07 P09 P10 | 2 + 1 + 1 = 4 | 2 + 1 + 1 = 4 |
/// | S10, 4 | T1 | - | 0 | 0 |
/// | S2, 7 | Q1 Q2 | Q1 Q2 | 2 + 1 = 3 | 0 |
/// | S2, 8 | Q3 | - | 0 | 0 |
///
/// | school, group | students | requested | participants | requested participants |
/// |---|---|---|---|---|
/// | S1, all | P01..P10 | 7 | 7 | 5 |
/// | S1, disability | P01 | 1 | 1 | 1 |
/// | S1, left_behind | P03 P09 | 1 (P03) | 1 (P09) | 0 |
/// | S1, low_income | P07 P09 | 1 (P07) | 2 | 1 |
/// | S1, migrant | P05 | 1 | 1 | 1 |
/// | S10, all | T1 | 1 | 0 | 0 |
/// | S2, all | Q1 Q2 Q3 | 0 | 2 | 0 |
/// | S2, disability | Q3 | 0 | 0 | 0 |
/// | other groups | none | 0 | 0 | 0 |
@Suite("grade and group participation, worked by hand")
struct GroupAndGradeTests {
    static let gradeHeader = "school_id,grade,enrolled,participants,participation_rate,sport_weekly_coverage,suppressed"
    static let groupHeader = "school_id,group,enrolled,requested,participants,participation_rate,demand_coverage,suppressed"

    /// Default min_cell 10: every grade has fewer than 10 students.
    static let gradesDefault = [
        "S1,1,,,,,1",   // 3 < 10
        "S1,2,,,,,1",   // 3
        "S1,3,,,,,1",   // 4
        "S10,4,,,,,1",  // 1
        "S2,7,,,,,1",   // 2
        "S2,8,,,,,1",   // 1
    ]

    /// Default min_cell 10: only S1's `all` (10 students, not below 10) shows.
    /// Groups sort by their bytes: all, disability, left_behind, low_income, migrant.
    static let groupsDefault = [
        "S1,all,10,7,7,0.7000,0.7143,0",  // 7/10; 5/7 = 0.714285...
        "S1,disability,,,,,,1",
        "S1,left_behind,,,,,,1",
        "S1,low_income,,,,,,1",
        "S1,migrant,,,,,,1",
        "S10,all,,,,,,1",
        "S10,disability,,,,,,1",
        "S10,left_behind,,,,,,1",
        "S10,low_income,,,,,,1",
        "S10,migrant,,,,,,1",
        "S2,all,,,,,,1",
        "S2,disability,,,,,,1",
        "S2,left_behind,,,,,,1",
        "S2,low_income,,,,,,1",
        "S2,migrant,,,,,,1",
    ]

    @Test("default min_cell 10: small rows suppressed in the CSVs")
    func suppressedByDefault() throws {
        try withTermlyRun("groups-default") { run throws in
            let grades = try run.table("grade_participation")
            #expect(grades.lines.first == Self.gradeHeader)
            #expect(grades.dataLines == Self.gradesDefault)
            let groups = try run.table("group_participation")
            #expect(groups.lines.first == Self.groupHeader)
            #expect(groups.dataLines == Self.groupsDefault)
        }
    }

    @Test("the warehouse keeps the suppressed rows' full values")
    func warehouseUnsuppressed() throws {
        try withTermlyRun("groups-wh") { run throws in
            let db = try run.warehouse()
            let grades = try storedRows(db, "grade_participation", orderBy: "school_id, grade")
            let expectedGrades: [(String, Int, KeyValuePairs<String, Stored>)] = [
                ("S1", 1, ["enrolled": num(3), "participants": num(2), "participation_rate": num(2.0 / 3.0),
                           "sport_weekly_coverage": num(3.0 / 4.0), "suppressed": num(1)]),
                ("S1", 2, ["enrolled": num(3), "participants": num(2), "participation_rate": num(2.0 / 3.0),
                           "sport_weekly_coverage": num(3.0 / 3.0), "suppressed": num(1)]),
                ("S1", 3, ["enrolled": num(4), "participants": num(3), "participation_rate": num(3.0 / 4.0),
                           "sport_weekly_coverage": num(4.0 / 4.0), "suppressed": num(1)]),
                ("S10", 4, ["enrolled": num(1), "participants": num(0), "participation_rate": num(0),
                            "sport_weekly_coverage": NULL, "suppressed": num(1)]),  // 0 participant-weeks
                ("S2", 7, ["enrolled": num(2), "participants": num(2), "participation_rate": num(1),
                           "sport_weekly_coverage": num(0.0 / 3.0), "suppressed": num(1)]),
                ("S2", 8, ["enrolled": num(1), "participants": num(0), "participation_rate": num(0),
                           "sport_weekly_coverage": NULL, "suppressed": num(1)]),
            ]
            #expect(grades.count == expectedGrades.count)
            for (school, grade, expected) in expectedGrades {
                let row = grades.first { $0["school_id"] == txt(school) && $0["grade"] == num(Double(grade)) }
                expectStored(row, expected, "\(school) grade \(grade)")
            }

            let groups = try storedRows(db, "group_participation", orderBy: "school_id, \"group\"")
            #expect(groups.count == 15)  // 3 schools x 5 groups, empty groups included
            let expectedGroups: [(String, String, KeyValuePairs<String, Stored>)] = [
                ("S1", "all", ["enrolled": num(10), "requested": num(7), "participants": num(7),
                               "participation_rate": num(0.7), "demand_coverage": num(5.0 / 7.0), "suppressed": num(0)]),
                ("S1", "disability", ["enrolled": num(1), "requested": num(1), "participants": num(1),
                                      "participation_rate": num(1), "demand_coverage": num(1), "suppressed": num(1)]),
                ("S1", "left_behind", ["enrolled": num(2), "requested": num(1), "participants": num(1),
                                       "participation_rate": num(0.5), "demand_coverage": num(0), "suppressed": num(1)]),
                ("S1", "low_income", ["enrolled": num(2), "requested": num(1), "participants": num(2),
                                      "participation_rate": num(1), "demand_coverage": num(1), "suppressed": num(1)]),
                ("S1", "migrant", ["enrolled": num(1), "requested": num(1), "participants": num(1),
                                   "participation_rate": num(1), "demand_coverage": num(1), "suppressed": num(1)]),
                ("S10", "all", ["enrolled": num(1), "requested": num(1), "participants": num(0),
                                "participation_rate": num(0), "demand_coverage": num(0), "suppressed": num(1)]),
                ("S10", "migrant", ["enrolled": num(0), "requested": num(0), "participants": num(0),
                                    "participation_rate": NULL, "demand_coverage": NULL, "suppressed": num(1)]),
                ("S2", "all", ["enrolled": num(3), "requested": num(0), "participants": num(2),
                               "participation_rate": num(2.0 / 3.0), "demand_coverage": NULL, "suppressed": num(1)]),
                ("S2", "disability", ["enrolled": num(1), "requested": num(0), "participants": num(0),
                                      "participation_rate": num(0), "demand_coverage": NULL, "suppressed": num(1)]),
                ("S2", "low_income", ["enrolled": num(0), "requested": num(0), "participants": num(0),
                                      "participation_rate": NULL, "demand_coverage": NULL, "suppressed": num(1)]),
            ]
            for (school, group, expected) in expectedGroups {
                let row = groups.first { $0["school_id"] == txt(school) && $0["group"] == txt(group) }
                expectStored(row, expected, "\(school) \(group)")
            }
        }
    }

    @Test("--set min_cell=3: rows with 3 or more students show")
    func minCellThree() throws {
        try withTermlyRun("groups-3", overrides: ["min_cell=3"]) { run throws in
            #expect(try run.table("grade_participation").dataLines == [
                "S1,1,3,2,0.6667,0.7500,0",  // 2/3; sport weeks 3/4
                "S1,2,3,2,0.6667,1.0000,0",  // 2/3; 3/3 (3 is not below 3)
                "S1,3,4,3,0.7500,1.0000,0",  // 3/4; 4/4
                "S10,4,,,,,1",               // 1 < 3
                "S2,7,,,,,1",                // 2 < 3
                "S2,8,,,,,1",
            ])
            #expect(try run.table("group_participation").dataLines == [
                "S1,all,10,7,7,0.7000,0.7143,0",
                "S1,disability,,,,,,1",   // 1
                "S1,left_behind,,,,,,1",  // 2
                "S1,low_income,,,,,,1",   // 2
                "S1,migrant,,,,,,1",      // 1
                "S10,all,,,,,,1",
                "S10,disability,,,,,,1",
                "S10,left_behind,,,,,,1",
                "S10,low_income,,,,,,1",
                "S10,migrant,,,,,,1",
                "S2,all,3,0,2,0.6667,,0",  // shown; demand_coverage 0/0 stays blank
                "S2,disability,,,,,,1",
                "S2,left_behind,,,,,,1",
                "S2,low_income,,,,,,1",
                "S2,migrant,,,,,,1",
            ])
        }
    }

    @Test("--set min_cell=1: every non-empty row shows; empty groups (0 < 1) stay suppressed")
    func minCellOne() throws {
        try withTermlyRun("groups-1", overrides: ["min_cell=1"]) { run throws in
            #expect(try run.table("grade_participation").dataLines == [
                "S1,1,3,2,0.6667,0.7500,0",
                "S1,2,3,2,0.6667,1.0000,0",
                "S1,3,4,3,0.7500,1.0000,0",
                "S10,4,1,0,0.0000,,0",     // 0/1; 0 participant-weeks -> blank
                "S2,7,2,2,1.0000,0.0000,0",  // 2/2; 0/3
                "S2,8,1,0,0.0000,,0",
            ])
            #expect(try run.table("group_participation").dataLines == [
                "S1,all,10,7,7,0.7000,0.7143,0",
                "S1,disability,1,1,1,1.0000,1.0000,0",
                "S1,left_behind,2,1,1,0.5000,0.0000,0",  // P03 asked but did not take part; P09 took part unasked
                "S1,low_income,2,1,2,1.0000,1.0000,0",   // P07 asked and took part; P09 no survey row
                "S1,migrant,1,1,1,1.0000,1.0000,0",
                "S10,all,1,1,0,0.0000,0.0000,0",
                "S10,disability,,,,,,1",
                "S10,left_behind,,,,,,1",
                "S10,low_income,,,,,,1",
                "S10,migrant,,,,,,1",
                "S2,all,3,0,2,0.6667,,0",
                "S2,disability,1,0,0,0.0000,,0",  // Q3
                "S2,left_behind,,,,,,1",
                "S2,low_income,,,,,,1",
                "S2,migrant,,,,,,1",
            ])
        }
    }
}
