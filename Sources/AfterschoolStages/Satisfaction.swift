import AfterschoolWarehouse
import GRDB

/// The satisfaction stage: survey responses per school and per activity.
///
/// Integer sums keep the means and the sample variance exact until the last
/// division.
public struct Satisfaction: Sendable, Codable {
    /// Sums of `overall` over a set of responses.
    public struct Sums: Sendable, Equatable, Codable {
        public var responses = 0
        public var sum = 0
        public var sumOfSquares = 0
        /// Responses with overall >= 4.
        public var top2 = 0

        public init() {}

        mutating func add(_ overall: Int) {
            responses += 1
            sum += overall
            sumOfSquares += overall * overall
            if overall >= 4 { top2 += 1 }
        }

        public var mean: Double? { responses == 0 ? nil : Double(sum) / Double(responses) }

        /// The sample standard deviation (n - 1), nil below 2 responses.
        public var standardDeviation: Double? {
            guard responses >= 2 else { return nil }
            let n = responses
            let numerator = n * sumOfSquares - sum * sum  // exact
            return (Double(numerator) / Double(n * (n - 1))).squareRoot()
        }
    }

    /// Per school: every response of the school.
    public var schools: [Sums]
    /// Per activity (index = activity key - 1): responses naming it.
    public var activities: [Sums]
    /// Every response.
    public var district: Sums

    public init(_ warehouse: Warehouse, term: TermData) throws {
        var schools = Array(repeating: Sums(), count: term.schoolCount)
        var activities = Array(repeating: Sums(), count: term.activityIds.count)
        var district = Sums()
        try warehouse.queue.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT school_key, activity_key, overall FROM satisfaction")
            while let row = try rows.next() {
                let overall = Int(row[2] as Int64)
                schools[Int(row[0] as Int64) - 1].add(overall)
                if let activity = row[1] as Int64? { activities[Int(activity) - 1].add(overall) }
                district.add(overall)
            }
        }
        self.schools = schools
        self.activities = activities
        self.district = district
    }
}

/// The satisfaction stage as the runner sees it: `satisfaction_by_activity`,
/// and the headline tables that need participation, coverage and
/// satisfaction together (`school_summary`, `district_summary`).
public enum SatisfactionStage: StageUnit {
    public static let declaration = StageDeclaration(
        name: "satisfaction", version: 2,
        summary: "satisfaction per school and activity; the school and district summaries, and the counts behind them",
        reads: [.term, .satisfactionResponses],
        after: ["participation", "coverage"],
        tables: [.satisfactionByActivity, .schoolSummary, .districtSummary, .schoolCounts])

    public static func run(_ context: StageContext, _ parameters: SatisfactionParameters) throws -> (Satisfaction, StageTables) {
        let term = try context.termData()
        let satisfaction = try context.satisfactionResponses()
        let coverage = try context.result(Coverage.self, of: "coverage")
        let tables = TermlyTables(
            term: term, participation: try context.result(Participation.self, of: "participation"),
            coverage: coverage, satisfaction: satisfaction)
        return (satisfaction, StageTables([
            (.satisfactionByActivity, tables.activityRows(satisfaction)),
            (.schoolSummary, tables.schoolRows(coverage, satisfaction, specialtyMinShare: parameters.specialtyMinShare)),
            (.districtSummary, [tables.districtRow(coverage, satisfaction)]),
            (.schoolCounts, tables.countRows(coverage, satisfaction)),
        ]))
    }
}
