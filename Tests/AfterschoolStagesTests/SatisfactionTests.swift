import Foundation
import GRDB
import Testing

/// Satisfaction per activity (responses naming the activity; only
/// activities with at least one response), with the 95% interval
/// mean +- 1.96 s / sqrt(n), s the sample deviation (n - 1), not clipped,
/// blank when n < 2; and per school.
@Suite("satisfaction, worked by hand")
struct SatisfactionTests {
    static let header = "school_id,activity_id,category,responses,mean_overall,ci_low,ci_high,top2_share"

    static let lines = [
        // A1: R06 5, R07 5. mean 5; s = 0 (n = 2): interval 5 +- 0; top2 2/2.
        "S1,A1,homework,2,5.0000,5.0000,5.0000,1.0000",
        // A2: R01 5, R02 4, R03 3. mean 4; s^2 = (1 + 0 + 1) / 2 = 1, s = 1;
        // half = 1.96 * 1 / sqrt(3) = 1.1316065; 2.8683935 .. 5.1316065; top2 2/3.
        "S1,A2,sports,3,4.0000,2.8684,5.1316,0.6667",
        // A3: R04 2. n = 1: no interval; top2 0/1.
        "S1,A3,arts,1,2.0000,,,0.0000",
        // C1: R20 5, R21 5, R22 4. mean 14/3 = 4.666667; s^2 = (3 * 66 - 14^2) / (3 * 2)
        // = 1/3, s = 0.577350; half = 1.96 * s / sqrt(3) = 1.96 / 3 = 0.653333;
        // 4.013333 .. 5.320000 (above 5: not clipped); top2 3/3.
        "S10,C1,arts,3,4.6667,4.0133,5.3200,1.0000",
        // No row for A4..A7, B1, B2 (no response names them); R05, R08, R23
        // name no activity and count only for their school.
    ]

    @Test("satisfaction_by_activity, published")
    func published() throws {
        try withTermlyRun("sat") { run throws in
            let table = try run.table("satisfaction_by_activity")
            #expect(table.lines == [Self.header] + Self.lines)
        }
    }

    @Test("satisfaction_by_activity, full precision in the warehouse")
    func stored() throws {
        try withTermlyRun("sat-wh") { run throws in
            let rows = try storedRows(try run.warehouse(), "satisfaction_by_activity", orderBy: "school_id, activity_id")
            #expect(rows.map { $0["activity_id"] } == [txt("A1"), txt("A2"), txt("A3"), txt("C1")])
            let half2 = 1.96 / 3.0.squareRoot()  // A2: s = 1, n = 3
            let halfC = 1.96 * (1.0 / 3.0).squareRoot() / 3.0.squareRoot()  // C1: s = sqrt(1/3), n = 3
            expectStored(rows.first { $0["activity_id"] == txt("A1") }, [
                "category": txt("homework"), "responses": num(2), "mean_overall": num(5),
                "ci_low": num(5), "ci_high": num(5), "top2_share": num(1),
            ], "A1")
            expectStored(rows.first { $0["activity_id"] == txt("A2") }, [
                "category": txt("sports"), "responses": num(3), "mean_overall": num(4),
                "ci_low": num(4 - half2), "ci_high": num(4 + half2), "top2_share": num(2.0 / 3.0),
            ], "A2")
            expectStored(rows.first { $0["activity_id"] == txt("A3") }, [
                "responses": num(1), "mean_overall": num(2), "ci_low": NULL, "ci_high": NULL, "top2_share": num(0),
            ], "A3")
            expectStored(rows.first { $0["activity_id"] == txt("C1") }, [
                "school_id": txt("S10"), "category": txt("arts"), "responses": num(3), "mean_overall": num(14.0 / 3.0),
                "ci_low": num(14.0 / 3.0 - halfC), "ci_high": num(14.0 / 3.0 + halfC), "top2_share": num(1),
            ], "C1")
            // The worked half-widths themselves.
            // 1.96 / sqrt(3) = 1.96 * sqrt(3) / 3 = 3.3948196 / 3 = 1.1316065
            #expect(abs(half2 - 1.1316065) < 1e-7)
            #expect(abs(halfC - 1.96 / 3) < 1e-12)
        }
    }

    @Test("per school: responses, response_rate (not capped), mean, top-2 share")
    func perSchool() throws {
        try withTermlyRun("sat-school") { run throws in
            let table = try run.table("school_summary")
            // S1: 8 responses / 7 participants = 1.142857 (> 1 kept); 29/8; 5/8.
            expectPublished(table.row("S1"), ["responses": "8", "response_rate": "1.1429",
                                              "satisfaction_mean": "3.6250", "satisfaction_top2_share": "0.6250"], "S1")
            // S10: 4 responses, 0 participants -> rate blank; 17/4; 3/4.
            expectPublished(table.row("S10"), ["responses": "4", "response_rate": "",
                                               "satisfaction_mean": "4.2500", "satisfaction_top2_share": "0.7500"], "S10")
            // S2: no responses: rate 0/2 = 0, mean and top-2 blank.
            expectPublished(table.row("S2"), ["responses": "0", "response_rate": "0.0000",
                                              "satisfaction_mean": "", "satisfaction_top2_share": ""], "S2")
        }
    }
}
