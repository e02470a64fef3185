import Foundation
import GRDB
import Testing

/// `school_summary` on the fixture (see ``TermlyFixture`` for the tallies).
@Suite("school_summary, worked by hand")
struct SchoolSummaryTests {
    // MARK: Expected published rows (4 decimals, blanks empty)

    /// S1: the main school.
    static let s1: KeyValuePairs<String, String> = [
        "enrolled": "10",                  // P01..P10
        "requested": "7",                  // P01 P02 P03 P04 P05 P07 P10 (P06, P08 say 0; P09 has no row)
        "participants": "7",               // P01 P02 P05 P06 P07 P09 P10 (P03 only out of scope, P04 excused, P08 absent)
        "participation_rate": "0.7000",    // 7 / 10
        "demand_coverage": "0.7143",       // requested participants P01 P02 P05 P07 P10 = 5; 5 / 7 = 0.714285...
        "attendance_rate": "0.7800",       // 39 present / (39 + 11 absent) = 0.78; 4 excused rows left out
        "school_days": "9",                // 10-27..10-31, 11-01 (Sat), 11-03, 11-05, 11-07
        "service_days": "9",               // an in-scope session on each of them
        "service_day_coverage": "1.0000",  // 9 / 9
        "days_meeting_2h_share": "0.5556", // 10-27 (union 120), 10-29 (210), 10-30 (120), 11-03 (130), 11-05 (210) = 5; 5 / 9
        "late_end_share": "0.2222",        // 10-31 (18:10 > 18:00), 11-03 (17:40 > 17:30) = 2; 2 / 9
        "sport_weekly_coverage": "0.9091", // 10 / 11 = 0.909090...
        "quality_weekly_coverage": "1.0000", // 11 / 11
        "non_pe_sport_hour_share": "0.3750", // 6 / 16
        "categories_offered": "4",         // homework, sports, arts, self_study (science, labor only out of scope)
        "specialty_hour_share": "0.5000",  // 570 / 1140
        "specialty_ok": "1",               // 0.5 >= 0.5: a value on the bound is ok
        "responses": "8",                  // R01..R08
        "response_rate": "1.1429",         // 8 / 7 = 1.142857... (not capped at 1)
        "satisfaction_mean": "3.6250",     // (5+4+3+2+4+5+5+1) / 8 = 29 / 8
        "satisfaction_top2_share": "0.6250", // overall >= 4: R01 R02 R05 R06 R07 = 5; 5 / 8
    ]

    /// S10: specialty arts, one student, only out-of-scope sessions.
    static let s10: KeyValuePairs<String, String> = [
        "enrolled": "1",
        "requested": "1",                  // T1 wants the service
        "participants": "0",               // T1 present only on Z1 (ends 20:30) -> not in scope
        "participation_rate": "0.0000",    // 0 / 1
        "demand_coverage": "0.0000",       // 0 / 1
        "attendance_rate": "",             // no present or absent row in scope: 0 / 0
        "school_days": "9",
        "service_days": "0",               // Z1 after 20:00, Z2 on a Sunday
        "service_day_coverage": "0.0000",  // 0 / 9
        "days_meeting_2h_share": "0.0000", // 0 / 9
        "late_end_share": "",              // 0 / 0 service days
        "sport_weekly_coverage": "",       // 0 participant-weeks
        "quality_weekly_coverage": "",
        "non_pe_sport_hour_share": "",     // 0 participant-days
        "categories_offered": "0",
        "specialty_hour_share": "",        // specialty school, but 0 / 0 minutes
        "specialty_ok": "",                // no share to compare
        "responses": "4",                  // R20..R23
        "response_rate": "",               // 4 / 0 participants
        "satisfaction_mean": "4.2500",     // (5+5+4+3) / 4 = 17 / 4
        "satisfaction_top2_share": "0.7500", // 3 / 4
    ]

    /// S2: no specialty, nobody requested, no responses, no service on 11-07.
    static let s2: KeyValuePairs<String, String> = [
        "enrolled": "3",                   // Q1 Q2 Q3
        "requested": "0",                  // Q1, Q2 say 0; Q3 has no row
        "participants": "2",               // Q1, Q2 (Q3 only on Y09, which starts 13:00)
        "participation_rate": "0.6667",    // 2 / 3
        "demand_coverage": "",             // 0 / 0 requested
        "attendance_rate": "0.8000",       // present Y01 Y02 Y08 (Q1) + Y03 (Q2) = 4; absent Y01 (Q2) = 1; 4 / 5
        "school_days": "9",
        "service_days": "8",               // every school day but 11-07 (Y09 is out of scope)
        "service_day_coverage": "0.8889",  // 8 / 9
        "days_meeting_2h_share": "0.2222", // 10-27 (120), 11-05 (120) = 2 (10-28: union 100 < 120, sum 130); 2 / 9
        "late_end_share": "0.1250",        // 11-05 Y08 ends 18:00 > 17:30 (November) = 1; 1 / 8
        "sport_weekly_coverage": "0.0000", // 0 / 3 participant-weeks
        "quality_weekly_coverage": "0.6667", // reading weeks of Q1: W44, W45 = 2; 2 / 3
        "non_pe_sport_hour_share": "0.0000", // 0 / 3 (Q1 10-28, 11-05; Q2 10-29; Q1's 10-27 is a PE Monday)
        "categories_offered": "2",         // homework, reading
        "specialty_hour_share": "",        // not a specialty school
        "specialty_ok": "",
        "responses": "0",
        "response_rate": "0.0000",         // 0 / 2 participants
        "satisfaction_mean": "",           // no responses
        "satisfaction_top2_share": "",     // 0 / 0
    ]

    /// The same rows as whole lines, in the published column order and
    /// sorted by school_id bytes (S1 < S10 < S2).
    static let lines = [
        "S1,10,7,7,0.7000,0.7143,0.7800,9,9,1.0000,0.5556,0.2222,0.9091,1.0000,0.3750,4,0.5000,1,8,1.1429,3.6250,0.6250",
        "S10,1,1,0,0.0000,0.0000,,9,0,0.0000,0.0000,,,,,0,,,4,,4.2500,0.7500",
        "S2,3,0,2,0.6667,,0.8000,9,8,0.8889,0.2222,0.1250,0.0000,0.6667,0.0000,2,,,0,0.0000,,",
    ]

    @Test("the fixture is accepted whole; the missing calendar date gives one warning")
    func fixtureIsClean() throws {
        try withTermlyRun("clean") { run throws in
            #expect(run.outcome.report.rejects.isEmpty, "\(run.outcome.report.rejects)")
            let calendarWarnings = run.outcome.report.warnings.filter { $0.en.contains("calendar") }
            #expect(calendarWarnings.count == 1)
            #expect(calendarWarnings.first?.en.contains("2025-11-06") == true)
        }
    }

    @Test("every published school_summary cell equals the hand-worked value")
    func publishedCells() throws {
        try withTermlyRun("summary") { run throws in
            let table = try run.table("school_summary")
            expectPublished(table.row("S1"), Self.s1, "S1")
            expectPublished(table.row("S10"), Self.s10, "S10")
            expectPublished(table.row("S2"), Self.s2, "S2")
            #expect(table.dataLines == Self.lines)
        }
    }

    @Test("the warehouse keeps full precision and NULL blanks")
    func warehouseFullPrecision() throws {
        try withTermlyRun("summary-wh") { run throws in
            let db = try run.warehouse()
            let rows = try storedRows(db, "school_summary", orderBy: "school_id")
            #expect(rows.map { $0["school_id"] } == [txt("S1"), txt("S10"), txt("S2")])
            expectStored(rows.first { $0["school_id"] == txt("S1") }, [
                "participation_rate": num(7.0 / 10.0),
                "demand_coverage": num(5.0 / 7.0),
                "attendance_rate": num(39.0 / 50.0),
                "days_meeting_2h_share": num(5.0 / 9.0),
                "late_end_share": num(2.0 / 9.0),
                "sport_weekly_coverage": num(10.0 / 11.0),
                "quality_weekly_coverage": num(1.0),
                "non_pe_sport_hour_share": num(6.0 / 16.0),
                "specialty_hour_share": num(0.5),
                "specialty_ok": num(1),
                "response_rate": num(8.0 / 7.0),
                "satisfaction_mean": num(29.0 / 8.0),
                "satisfaction_top2_share": num(5.0 / 8.0),
            ], "S1")
            expectStored(rows.first { $0["school_id"] == txt("S10") }, [
                "participants": num(0),
                "attendance_rate": NULL,
                "service_days": num(0),
                "late_end_share": NULL,
                "sport_weekly_coverage": NULL,
                "non_pe_sport_hour_share": NULL,
                "categories_offered": num(0),
                "specialty_hour_share": NULL,
                "specialty_ok": NULL,
                "response_rate": NULL,
                "satisfaction_mean": num(17.0 / 4.0),
            ], "S10")
            expectStored(rows.first { $0["school_id"] == txt("S2") }, [
                "participation_rate": num(2.0 / 3.0),
                "demand_coverage": NULL,
                "service_day_coverage": num(8.0 / 9.0),
                "late_end_share": num(1.0 / 8.0),
                "quality_weekly_coverage": num(2.0 / 3.0),
                "specialty_hour_share": NULL,
                "specialty_ok": NULL,
                "response_rate": num(0),
                "satisfaction_mean": NULL,
                "satisfaction_top2_share": NULL,
            ], "S2")
        }
    }

    @Test("without pe_timetable.csv, non_pe_sport_hour_share is blank and nothing else changes")
    func withoutPETimetable() throws {
        try withTermlyRun("no-pe", omitting: ["pe_timetable.csv"]) { run throws in
            let table = try run.table("school_summary")
            let column = try #require(table.header.firstIndex(of: "non_pe_sport_hour_share"))
            // The expected lines with that column emptied.
            let expected = Self.lines.map { line -> String in
                var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                fields[column] = ""
                return fields.joined(separator: ",")
            }
            #expect(table.dataLines == expected)
            let stored = try storedRows(try run.warehouse(), "school_summary", orderBy: "school_id")
            #expect(stored.map { $0["non_pe_sport_hour_share"] } == [NULL, NULL, NULL])
        }
    }

    @Test("summer_months=5-9: October falls under winter_end 17:30")
    func seasonalLimit() throws {
        try withTermlyRun("season", overrides: ["summer_months=5-9"]) { run throws in
            let table = try run.table("school_summary")
            // S1 late days now: 10-30 (X107 ends 18:00 > 17:30), 10-31 (18:10),
            // 11-03 (17:40) = 3; 10-29's 18:30 is still late care (exempt).
            // 3 / 9 = 0.3333.
            #expect(table.row("S1")?["late_end_share"] == "0.3333")
            // S2: its October sessions end by 17:00; still only 11-05: 1 / 8.
            #expect(table.row("S2")?["late_end_share"] == "0.1250")
            #expect(table.row("S10")?["late_end_share"] == "")
        }
    }

    @Test("window_end=19:59 drops X112 (18:00-20:00), which the default window includes")
    func windowEndIsInclusive() throws {
        try withTermlyRun("window", overrides: ["window_end=19:59"]) { run throws in
            let s1 = try #require(try run.table("school_summary").row("S1"))
            // 11-05 keeps only X113 (90 min): meeting days 4; 4 / 9.
            #expect(s1["days_meeting_2h_share"] == "0.4444")
            // Minutes: 570 sports/arts / (1140 - 120) = 570 / 1020 = 0.558823...
            #expect(s1["specialty_hour_share"] == "0.5588")
            // P06 and P07 lose their X112 present rows: 37 / (37 + 11) = 0.770833...
            #expect(s1["attendance_rate"] == "0.7708")
            // Both still attend X113 that day: participants and service days unchanged.
            #expect(s1["participants"] == "7")
            #expect(s1["service_days"] == "9")
            #expect(s1["categories_offered"] == "4")  // X106 is still self_study
        }
    }

    @Test("specialty_min_share=0.51: the same 0.5 share is no longer ok")
    func specialtyThreshold() throws {
        try withTermlyRun("specialty", overrides: ["specialty_min_share=0.51"]) { run throws in
            let table = try run.table("school_summary")
            #expect(table.row("S1")?["specialty_hour_share"] == "0.5000")
            #expect(table.row("S1")?["specialty_ok"] == "0")
            #expect(table.row("S2")?["specialty_ok"] == "")
        }
    }
}
