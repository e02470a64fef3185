import AfterschoolPipeline
import AfterschoolStages
import Foundation
import Logging
import Testing

@Suite("District scorecard")
struct ScorecardTests {
    static let defaultWeights = [0.15, 0.15, 0.10, 0.15, 0.15, 0.20, 0.10]

    @Test("composite: the weighted mean of the indicators, worked by hand")
    func composite() throws {
        // 0.15 x 0.8 + 0.15 x 0.9 + 0.10 x 1.0 + 0.15 x 0.6 + 0.15 x 0.7 + 0.20 x 0.75 + 0.10 x 0.5
        // = 0.12 + 0.135 + 0.10 + 0.09 + 0.105 + 0.15 + 0.05 = 0.75; weights sum to 1.00.
        let c = try #require(Scorecard.composite([0.8, 0.9, 1.0, 0.6, 0.7, 0.75, 0.5], weights: Self.defaultWeights))
        #expect(abs(c - 0.75) < 1e-12)
    }

    @Test("a blank indicator is left out of the weighted mean, not counted as 0")
    func missingIndicator() throws {
        // Satisfaction blank: (0.12 + 0.135 + 0.10 + 0.09 + 0.105 + 0.05) / (1.00 - 0.20)
        // = 0.60 / 0.80 = 0.75.
        let c = try #require(Scorecard.composite([0.8, 0.9, 1.0, 0.6, 0.7, nil, 0.5], weights: Self.defaultWeights))
        #expect(abs(c - 0.75) < 1e-12)
        #expect(Scorecard.composite([nil, nil, nil, nil, nil, nil, nil], weights: Self.defaultWeights) == nil)
    }

    @Test("a composite exactly on a tier's edge is in that tier, and equal composites tie")
    func edgesSurviveFloatingPoint() throws {
        // Seven indicators of 0.85 sum to 0.8499999999999998 in binary floating point.
        let edge = try #require(Scorecard.composite(Array(repeating: 0.85, count: 7), weights: Self.defaultWeights))
        #expect(Scorecard.tier(edge) == "A")
        let b = try #require(Scorecard.composite(Array(repeating: 0.70, count: 7), weights: Self.defaultWeights))
        #expect(Scorecard.tier(b) == "B")
        // Participation and sport carry the same weight: swapping them gives the same composite.
        let x = Scorecard.composite([0.35, 0.6, 0.45, 0.9, 0.15, 0.55, 0.05], weights: Self.defaultWeights)
        let y = Scorecard.composite([0.9, 0.6, 0.45, 0.35, 0.15, 0.55, 0.05], weights: Self.defaultWeights)
        #expect(x == y)
        #expect(Scorecard.ranks([x, y]) == [1, 1])
    }

    @Test("ranks: highest first, equal composites share the smallest rank, blank has none")
    func ranks() {
        #expect(Scorecard.ranks([0.7, 0.9, 0.7, nil, 0.5]) == [2, 1, 2, nil, 4])
        #expect(Scorecard.ranks([0.8, 0.8, 0.8]) == [1, 1, 1])
    }

    @Test("tiers at their edges: A >= 0.85, B >= 0.70, C >= 0.55, else D", arguments: [
        (0.85, "A"), (0.8499999, "B"), (0.70, "B"), (0.6999999, "C"), (0.55, "C"), (0.5499999, "D"), (1.0, "A"), (0.0, "D"),
    ])
    func tiers(composite: Double, tier: String) {
        #expect(Scorecard.tier(composite) == tier)
    }

    @Test("peer size bands: small below 600, large from 1,500")
    func sizeBands() {
        let p = ScorecardParameters(Parameters())
        #expect(PeerComparison.sizeBand(enrolled: 599, parameters: p) == "small")
        #expect(PeerComparison.sizeBand(enrolled: 600, parameters: p) == "medium")
        #expect(PeerComparison.sizeBand(enrolled: 1499, parameters: p) == "medium")
        #expect(PeerComparison.sizeBand(enrolled: 1500, parameters: p) == "large")
    }

    /// The package root, from this file's path.
    static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// Runs district-assessment on a copy of the sample, after `edit`
    /// changes the copy; returns school_scorecard rows by school id.
    static func scorecard(editing edit: (String) throws -> Void = { _ in }) throws -> [String: [String]] {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("scorecard-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        try FileManager.default.copyItem(atPath: root + "/datasets/sample", toPath: tmp + "-data")
        defer { try? FileManager.default.removeItem(atPath: tmp + "-data") }
        try edit(tmp + "-data")
        let runner = PipelineRunner(logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        _ = try runner.run(pipelinePath: root + "/pipelines/district-assessment.yaml", data: tmp + "-data",
                           out: tmp, overrides: [])
        let bytes = try #require(FileManager.default.contents(atPath: tmp + "/tables/school_scorecard.csv"))
        var rows: [String: [String]] = [:]
        for line in String(decoding: bytes.dropFirst(3), as: UTF8.self).split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            rows[fields[0]] = fields
        }
        return rows
    }

    @Test("every school of the sample is ranked, with a tier, and complete")
    func sample() throws {
        let rows = try Self.scorecard()
        #expect(Set(rows.keys) == ["S001", "S002"])
        // Columns: school_id, 7 indicators, composite, rank, tier, incomplete.
        #expect(rows["S001"]?[9] == "1" && rows["S002"]?[9] == "2")
        #expect(rows.values.allSatisfy { ["A", "B", "C", "D"].contains($0[10]) && $0[11] == "0" })
    }

    @Test("planting an over-claim lowers the school's data quality, and nothing else")
    func overClaimLowersDataQuality() throws {
        let before = try Self.scorecard()
        let after = try Self.scorecard { folder in
            // Claim 10 hours for a 1-hour homework session of S002 (T201 leads it).
            let path = folder + "/staffing.csv"
            var text = try String(contentsOfFile: path, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let index = try #require(lines.firstIndex { $0.hasPrefix("S002-") && $0.contains("-hw-") && $0.contains(",lead,") })
            var fields = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[3] = "10.00"
            var edited = lines
            edited[index] = fields.joined(separator: ",")
            text = edited.joined(separator: "\n")
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let dq = 7
        let rowBefore = try #require(before["S002"]), rowAfter = try #require(after["S002"])
        let b = try #require(Double(rowBefore[dq])), a = try #require(Double(rowAfter[dq]))
        #expect(a < b)
        #expect(before["S001"]?[dq] == after["S001"]?[dq])
        #expect(Array(rowBefore[1..<dq]) == Array(rowAfter[1..<dq]))
    }
}
