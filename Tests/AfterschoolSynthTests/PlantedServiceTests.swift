import AfterschoolCSV
import AfterschoolDomain
import AfterschoolPipeline
import AfterschoolSynth
import Foundation
import Testing

/// The service departures `planted.json` lists show in the tables that
/// measure them: the termly evaluation's `grade_service` and
/// `service_choice`, run on the generated data.
@Suite("Planted service departures show in the tables")
struct PlantedServiceTests {
    @Test("a short grade misses 2 hours every day; a school without late care serves none of its requests; kept non-askers and ignored part-week choices stand out",
          arguments: [1, 5, 7] as [UInt64])
    func departuresShow(seed: UInt64) throws {
        let tmp = try TempDir("service")
        defer { tmp.remove() }
        try generateSmall(seed: seed, into: tmp.sub("data"))
        let manifest = try PlantedManifest.read(from: tmp.sub("data/" + PlantedManifest.fileName))
        let service = try #require(manifest.service)
        #expect(Set(service.keys) == Set(PlantedManifest.serviceKinds))
        for kind in PlantedManifest.serviceKinds {
            #expect(!(service[kind] ?? []).isEmpty, "nothing planted for \(kind)")
        }
        let outcome = try PipelineRunner(logger: quietLogger).run(
            pipelinePath: packageRoot + "/pipelines/termly-evaluation.yaml", data: tmp.sub("data"),
            out: tmp.sub("out"), overrides: [])
        // The departures add no rejected row (a club shortened to nothing would).
        #expect(outcome.report.rejects.map(RejectKey.init) == manifest.rejects.map(RejectKey.init))
        let grades = try table(tmp.sub("out/tables/grade_service.csv"))
        let choice = try table(tmp.sub("out/tables/service_choice.csv"))
        func number(_ row: [String: String]?, _ column: String) throws -> Double {
            let text = try #require(row?[column], "no \(column)")
            return try #require(Double(text), "\(column) is not a number: \(text)")
        }
        func school(_ id: String) -> [String: String]? { choice.first { $0["school_id"] == id } }

        for p in service["short_grade"] ?? [] {
            let grade = try #require(p.grade)
            let row = grades.first { $0["school_id"] == p.schoolId && $0["grade"] == String(grade) }
            #expect(try number(row, "service_days") > 0)
            #expect(row?["days_meeting_2h_share"] == "0.0000", "\(p.schoolId) grade \(grade)")
            #expect(try number(row, "mean_daily_hours") < 2)
        }
        for p in service["late_care_unserved"] ?? [] {
            #expect(try number(school(p.schoolId), "extended_requested") > 0)
            #expect(school(p.schoolId)?["extended_served"] == "0", "\(p.schoolId)")
        }
        let keeping = Set((service["unrequested_participants"] ?? []).map(\.schoolId))
        let ignoring = Set((service["chosen_days_ignored"] ?? []).map(\.schoolId))
        #expect(choice.count == 2)
        for row in choice {
            let id = try #require(row["school_id"])
            let unrequested = try number(row, "unrequested_share")
            let chosen = try number(row, "chosen_day_coverage")
            #expect(keeping.contains(id) ? unrequested >= 0.15 : unrequested < 0.05, "\(id): unrequested share \(unrequested)")
            #expect(ignoring.contains(id) ? chosen < 0.85 : chosen >= 0.9, "\(id): chosen-day coverage \(chosen)")
        }
    }

    /// A published table's rows by column name.
    private func table(_ path: String) throws -> [[String: String]] {
        var header: [String] = []
        var rows: [[String: String]] = []
        try CSVReader(path: path).forEachRecord { record in
            if header.isEmpty {
                header = record.fields
            } else {
                rows.append(Dictionary(uniqueKeysWithValues: zip(header, record.fields)))
            }
        }
        return rows
    }
}
