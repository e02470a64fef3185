import Foundation
import GRDB
import Testing

/// `district_summary`: counts summed over schools, every ratio recomputed
/// from the sums (not a mean of the schools' ratios), supply_rate = schools
/// with service_day_coverage >= 1 / schools.
@Suite("district_summary, worked by hand")
struct DistrictSummaryTests {
    static let header = "schools,supply_rate,enrolled,requested,participants,participation_rate,demand_coverage,"
        + "attendance_rate,school_days,sport_weekly_coverage,quality_weekly_coverage,responses,satisfaction_mean"

    /// schools 3 (S1, S2, S10)
    /// supply_rate: S1 9/9 = 1 (supplied); S2 8/9 (no service on 11-07); S10 0/9 -> 1 / 3 = 0.3333
    /// enrolled 10 + 3 + 1 = 14; requested 7 + 0 + 1 = 8; participants 7 + 2 + 0 = 9
    /// participation_rate 9 / 14 = 0.642857...
    /// demand_coverage (5 + 0 + 0) / 8 = 0.625
    /// attendance_rate (39 + 4 + 0) / (39 + 4 + 11 + 1) = 43 / 55 = 0.781818...
    /// school_days 9 (the calendar's)
    /// sport_weekly_coverage (10 + 0 + 0) / (11 + 3 + 0) = 10 / 14 = 0.714285...
    /// quality_weekly_coverage (11 + 2 + 0) / 14 = 13 / 14 = 0.928571...
    /// responses 8 + 0 + 4 = 12; satisfaction_mean (29 + 17) / 12 = 46 / 12 = 3.833333...
    static let line = "3,0.3333,14,8,9,0.6429,0.6250,0.7818,9,0.7143,0.9286,12,3.8333"

    @Test("the published row")
    func published() throws {
        try withTermlyRun("district") { run throws in
            let table = try run.table("district_summary")
            #expect(table.lines == [Self.header, Self.line])
        }
    }

    @Test("the warehouse row at full precision")
    func stored() throws {
        try withTermlyRun("district-wh") { run throws in
            let rows = try storedRows(try run.warehouse(), "district_summary", orderBy: "schools")
            #expect(rows.count == 1)
            expectStored(rows.first, [
                "schools": num(3), "supply_rate": num(1.0 / 3.0),
                "enrolled": num(14), "requested": num(8), "participants": num(9),
                "participation_rate": num(9.0 / 14.0), "demand_coverage": num(5.0 / 8.0),
                "attendance_rate": num(43.0 / 55.0), "school_days": num(9),
                "sport_weekly_coverage": num(10.0 / 14.0), "quality_weekly_coverage": num(13.0 / 14.0),
                "responses": num(12), "satisfaction_mean": num(46.0 / 12.0),
            ], "district")
        }
    }

    @Test("ratio of sums differs from the mean of the schools' ratios")
    func ratioOfSumsNotMeanOfRatios() throws {
        try withTermlyRun("district-ros") { run throws in
            let db = try run.warehouse()
            let schools = try storedRows(db, "school_summary", orderBy: "school_id")
            let district = try #require(try storedRows(db, "district_summary", orderBy: "schools").first)
            func value(_ s: Stored?) -> Double? { if case let .number(x)? = s { return x } else { return nil } }
            func meanOfRatios(_ column: String) -> Double {
                let xs = schools.compactMap { value($0[column]) }
                return xs.reduce(0, +) / Double(xs.count)
            }
            // participation: (0.7 + 2/3 + 0) / 3 = 0.4556 vs 9/14 = 0.6429
            #expect(abs(meanOfRatios("participation_rate") - (0.7 + 2.0 / 3.0 + 0) / 3) < 1e-12)
            #expect(abs(value(district["participation_rate"])! - 9.0 / 14.0) < 1e-12)
            // attendance (S10 blank): (0.78 + 0.8) / 2 = 0.79 vs 43/55 = 0.7818
            #expect(abs(meanOfRatios("attendance_rate") - 0.79) < 1e-12)
            #expect(abs(value(district["attendance_rate"])! - 43.0 / 55.0) < 1e-12)
            // sport weeks (S10 blank): (10/11 + 0) / 2 = 0.4545 vs 10/14 = 0.7143
            #expect(abs(meanOfRatios("sport_weekly_coverage") - (10.0 / 11.0) / 2) < 1e-12)
            #expect(abs(value(district["sport_weekly_coverage"])! - 10.0 / 14.0) < 1e-12)
            // satisfaction (S2 blank): (3.625 + 4.25) / 2 = 3.9375 vs 46/12 = 3.8333
            #expect(abs(meanOfRatios("satisfaction_mean") - 3.9375) < 1e-12)
            #expect(abs(value(district["satisfaction_mean"])! - 46.0 / 12.0) < 1e-12)
        }
    }

    @Test("a school that adds its one missing service day becomes supplied")
    func supplyRate() throws {
        // Y10 on 11-07 15:00-16:00 gives S2 service on all 9 school days:
        // supplied S1, S2 -> 2 / 3 = 0.6667. Nothing else in the row changes
        // (nobody attends Y10).
        try withTermlyRun("supply", edit: { $0["sessions.csv"]!.append("Y10,B1,2025-11-07,15:00,16:00") }) { run throws in
            #expect(try run.table("district_summary").dataLines == ["3,0.6667,14,8,9,0.6429,0.6250,0.7818,9,0.7143,0.9286,12,3.8333"])
            let s2 = try run.table("school_summary").row("S2")
            #expect(s2?["service_days"] == "9")
            #expect(s2?["service_day_coverage"] == "1.0000")
            #expect(s2?["late_end_share"] == "0.1111")  // 1 / 9
        }
    }
}
