import Foundation
import Testing

/// The published format of the termly tables (outputs.md, "Published
/// tables"): UTF-8 with a BOM, LF line ends, the header exactly as the spec
/// lists it, rows sorted by the key columns (ids by their UTF-8 bytes, grade
/// as a number), rates with 4 decimals, booleans 1/0, blanks empty, no
/// student ids.
@Suite("published table format")
struct PublishedFormatTests {
    enum Kind { case id, count, rate, hours, flag, text }

    /// The spec's columns, in order, with how each is written.
    static let tables: [(name: String, columns: [(String, Kind)])] = [
        ("school_summary", [
            ("school_id", .id), ("enrolled", .count), ("requested", .count), ("participants", .count),
            ("participation_rate", .rate), ("demand_coverage", .rate), ("attendance_rate", .rate),
            ("school_days", .count), ("service_days", .count), ("service_day_coverage", .rate),
            ("days_meeting_2h_share", .rate), ("late_end_share", .rate), ("sport_weekly_coverage", .rate),
            ("quality_weekly_coverage", .rate), ("non_pe_sport_hour_share", .rate), ("categories_offered", .count),
            ("specialty_hour_share", .rate), ("specialty_ok", .flag), ("responses", .count),
            ("response_rate", .rate), ("satisfaction_mean", .rate), ("satisfaction_top2_share", .rate),
        ]),
        ("grade_participation", [
            ("school_id", .id), ("grade", .count), ("enrolled", .count), ("participants", .count),
            ("participation_rate", .rate), ("sport_weekly_coverage", .rate), ("suppressed", .flag),
        ]),
        ("group_participation", [
            ("school_id", .id), ("group", .text), ("enrolled", .count), ("requested", .count),
            ("participants", .count), ("participation_rate", .rate), ("demand_coverage", .rate), ("suppressed", .flag),
        ]),
        ("district_summary", [
            ("schools", .count), ("supply_rate", .rate), ("enrolled", .count), ("requested", .count),
            ("participants", .count), ("participation_rate", .rate), ("demand_coverage", .rate),
            ("attendance_rate", .rate), ("school_days", .count), ("sport_weekly_coverage", .rate),
            ("quality_weekly_coverage", .rate), ("responses", .count), ("satisfaction_mean", .rate),
        ]),
        ("satisfaction_by_activity", [
            ("school_id", .id), ("activity_id", .id), ("category", .text), ("responses", .count),
            ("mean_overall", .rate), ("ci_low", .rate), ("ci_high", .rate), ("top2_share", .rate),
        ]),
        ("class_participation", [
            ("school_id", .id), ("grade", .count), ("class_id", .id), ("enrolled", .count), ("requested", .count),
            ("participants", .count), ("participation_rate", .rate), ("demand_coverage", .rate),
            ("sport_weekly_coverage", .rate), ("quality_weekly_coverage", .rate), ("suppressed", .flag),
        ]),
        ("grade_service", [
            ("school_id", .id), ("grade", .count), ("enrolled", .count), ("service_days", .count),
            ("days_meeting_2h_share", .rate), ("late_end_share", .rate), ("mean_daily_hours", .hours), ("suppressed", .flag),
        ]),
        ("service_choice", [
            ("school_id", .id), ("enrolled", .count), ("surveyed", .count), ("survey_coverage", .rate),
            ("unrequested_participants", .count), ("unrequested_share", .rate), ("chosen_day_coverage", .rate),
            ("extended_requested", .count), ("extended_served", .count), ("extended_coverage", .rate),
        ]),
    ]

    static func wellFormed(_ value: String, _ kind: Kind) -> Bool {
        if value.isEmpty { return kind != .id }
        let digits = { (s: Substring) in !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber } }
        switch kind {
        case .id, .text: return !value.contains(",") && !value.contains("\"")
        case .count: return digits(Substring(value))
        case .flag: return value == "0" || value == "1"
        case .rate:
            // -?D+.DDDD
            let v = value.hasPrefix("-") ? value.dropFirst() : Substring(value)
            let parts = v.split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 2 && digits(parts[0]) && parts[1].count == 4 && digits(parts[1])
        case .hours:
            // D+.DD
            let parts = value.split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 2 && digits(parts[0]) && parts[1].count == 2 && digits(parts[1])
        }
    }

    @Test("BOM, LF, exact headers, 4-decimal rates, 1/0 flags; with min_cell=1 so most cells are filled")
    func format() throws {
        try withTermlyRun("format", overrides: ["min_cell=1"]) { run throws in
            let names = try FileManager.default.contentsOfDirectory(atPath: run.out + "/tables").sorted()
            // The termly pipeline also runs the audit, whose table is
            // internal (audit_findings.csv may name students): not in tables/;
            // nor are the counts behind the ratios (school_counts.csv).
            #expect(names == Self.tables.map { $0.name + ".csv" }.sorted())
            #expect(try FileManager.default.contentsOfDirectory(atPath: run.out + "/internal").sorted()
                    == ["audit_findings.csv", "internal.xlsx", "school_counts.csv"])
            for (name, columns) in Self.tables {
                let table = try run.table(name)
                #expect(table.hasBOM, "\(name): no BOM")
                #expect(!table.bytes.contains(0x0D), "\(name): CR in the file")
                #expect(table.bytes.last == 0x0A, "\(name): last line not ended by LF")
                #expect(table.header == columns.map(\.0), "\(name): header")
                #expect(!table.rows.isEmpty, "\(name): no rows")
                for row in table.rows {
                    #expect(row.count == columns.count, "\(name): \(row)")
                    for (value, (column, kind)) in zip(row, columns) {
                        #expect(Self.wellFormed(value, kind), "\(name).\(column): '\(value)'")
                    }
                }
            }
        }
    }

    @Test("rows sorted by key: school ids by bytes (S1 < S10 < S2), grade numerically, groups and activities by bytes")
    func sortOrder() throws {
        try withTermlyRun("sort") { run throws in
            #expect(try run.table("school_summary").rows.map { $0[0] } == ["S1", "S10", "S2"])
            let grades = try run.table("grade_participation").rows.map { [$0[0], $0[1]] }
            #expect(grades == [["S1", "1"], ["S1", "2"], ["S1", "3"], ["S10", "4"], ["S2", "7"], ["S2", "8"]])
            let groups = try run.table("group_participation").rows.map { [$0[0], $0[1]] }
            let groupOrder = ["all", "disability", "left_behind", "low_income", "migrant"]
            #expect(groups == ["S1", "S10", "S2"].flatMap { s in groupOrder.map { [s, $0] } })
            let activities = try run.table("satisfaction_by_activity").rows.map { [$0[0], $0[1]] }
            #expect(activities == [["S1", "A1"], ["S1", "A2"], ["S1", "A3"], ["S10", "C1"]])
        }
    }

    @Test("no published table names a student")
    func noStudentIds() throws {
        try withTermlyRun("privacy", overrides: ["min_cell=1"]) { run throws in
            let students = TermlyFixture.files["students.csv"]!.dropFirst().map { String($0.prefix { $0 != "," }) }
            for (name, _) in Self.tables {
                let cells = Set(try run.table(name).rows.flatMap { $0 })
                for s in students { #expect(!cells.contains(s), "\(name) names \(s)") }
            }
        }
    }

    @Test("rounding to 4 decimals: 2/3 -> 0.6667, 5/7 -> 0.7143, 1/8 -> 0.1250, 14/3 -> 4.6667")
    func rounding() throws {
        try withTermlyRun("rounding") { run throws in
            let summary = try run.table("school_summary")
            #expect(summary.row("S2")?["participation_rate"] == "0.6667")  // 0.666666...
            #expect(summary.row("S1")?["demand_coverage"] == "0.7143")     // 0.714285...
            #expect(summary.row("S2")?["late_end_share"] == "0.1250")      // exactly 0.125, padded
            #expect(summary.row("S1")?["service_day_coverage"] == "1.0000")
            #expect(try run.table("satisfaction_by_activity").row("S10", "C1")?["mean_overall"] == "4.6667")
        }
    }
}
