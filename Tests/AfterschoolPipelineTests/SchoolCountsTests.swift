import Foundation
import GRDB
import Testing

/// `school_counts`: the counts behind each school's ratios, so that any
/// roll-up is a ratio of sums.
@Suite("School counts")
struct SchoolCountsTests {
    @Test("each ratio of school_summary is a ratio of school_counts, and district_summary is the ratio of their sums, exactly")
    func ratiosOfCounts() throws {
        let tmp = try TempDir("counts")
        defer { tmp.remove() }
        _ = try runPipeline(data: sampleDataset, out: tmp.sub("out"))
        let db = try openWarehouse(tmp.sub("out/warehouse.sqlite"))
        let pairs: [(ratio: String, numerator: String, denominator: String)] = [
            ("participation_rate", "participants", "enrolled"),
            ("demand_coverage", "requested_participants", "requested"),
            ("attendance_rate", "present_rows", "present_rows + c.absent_rows"),
            ("service_day_coverage", "service_days", "school_days"),
            ("days_meeting_2h_share", "full_days", "school_days"),
            ("late_end_share", "late_end_days", "service_days"),
            ("sport_weekly_coverage", "sport_weeks", "participant_weeks"),
            ("quality_weekly_coverage", "quality_weeks", "participant_weeks"),
            ("non_pe_sport_hour_share", "non_pe_sport_days", "non_pe_days"),
            ("response_rate", "responses", "participants"),
            ("satisfaction_mean", "score_sum", "responses"),
            ("satisfaction_top2_share", "top2_responses", "responses"),
        ]
        try db.read { db in
            let schools = try Int.fetchOne(db, sql: "SELECT count(*) FROM school_counts c JOIN school_summary s USING (school_id)")
            #expect(schools == 2)
            for p in pairs {
                // Compared as doubles, bit for bit (a blank ratio where the denominator is 0).
                let mismatches = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM school_counts c JOIN school_summary s USING (school_id)
                    WHERE s.\(p.ratio) IS NOT (CASE WHEN c.\(p.denominator) = 0 THEN NULL
                                                ELSE CAST(c.\(p.numerator) AS REAL) / (c.\(p.denominator)) END)
                    """)
                #expect(mismatches == 0, "\(p.ratio)")
            }
            // Specialty share: only specialty schools have one.
            let specialty = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM school_counts c JOIN school_summary s USING (school_id)
                WHERE s.specialty_hour_share IS NOT NULL
                  AND s.specialty_hour_share <> CAST(c.sports_arts_minutes AS REAL) / c.all_minutes
                """)
            #expect(specialty == 0)
            // The district: ratios of the sums.
            let district = try #require(try Row.fetchOne(db, sql: "SELECT * FROM district_summary"))
            let sums = try #require(try Row.fetchOne(db, sql: """
                SELECT sum(enrolled) AS enrolled, sum(participants) AS participants,
                  CAST(sum(participants) AS REAL) / sum(enrolled) AS participation_rate,
                  CAST(sum(requested_participants) AS REAL) / sum(requested) AS demand_coverage,
                  CAST(sum(present_rows) AS REAL) / sum(present_rows + absent_rows) AS attendance_rate,
                  CAST(sum(sport_weeks) AS REAL) / sum(participant_weeks) AS sport_weekly_coverage,
                  CAST(sum(score_sum) AS REAL) / sum(responses) AS satisfaction_mean
                FROM school_counts
                """))
            for name in ["enrolled", "participants"] { #expect(district[name] as Int64? == sums[name] as Int64?, "\(name)") }
            for name in ["participation_rate", "demand_coverage", "attendance_rate", "sport_weekly_coverage", "satisfaction_mean"] {
                #expect(district[name] as Double? == sums[name] as Double?, "\(name)")
            }
        }
    }
}
