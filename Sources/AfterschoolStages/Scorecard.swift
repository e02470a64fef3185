import AfterschoolDomain
import AfterschoolWarehouse

/// The scorecard stage (绩效考核): ranks schools on service quality, not
/// only participation (003). Seven indicators in [0, 1], a weighted
/// composite over those that are not blank, ranks with shared ties, tiers.
public struct Scorecard: Sendable {
    /// The indicators, in table order, with their weight parameters.
    public static let indicators: [(name: String, weight: String)] = [
        ("participation", "weight_participation"),
        ("demand_coverage", "weight_demand_coverage"),
        ("service_time", "weight_service_time"),
        ("sport", "weight_sport"),
        ("quality_activity", "weight_quality_activity"),
        ("satisfaction", "weight_satisfaction"),
        ("data_quality", "weight_data_quality"),
    ]

    /// One school's card.
    public struct Card: Sendable, Equatable {
        public let school: Int
        /// In ``Scorecard/indicators`` order; nil is blank.
        public let values: [Double?]
        public let composite: Double?
        public var rank: Int?
        public let tier: String?
        /// Any indicator is blank.
        public var incomplete: Bool { values.contains { $0 == nil } }
    }

    /// In school-id order.
    public let cards: [Card]

    /// - Parameters:
    ///   - stakeHours: per school, the hours at stake of its `over_claim`,
    ///     `staff_overlap`, `ghost_session` and `out_of_scope` findings.
    ///   - claimedHours: per school, the claimed hours of every staffing row
    ///     on its sessions, in scope or not.
    public init(term: TermData, participation: Participation, coverage: Coverage, satisfaction: Satisfaction,
                stakeHours: [Double], claimedHours: [Double], parameters: ScorecardParameters) {
        let weights = parameters.weights
        let k = parameters.satisfactionPrior
        let districtMean = satisfaction.district.mean
        let schoolDays = Double(term.schoolDays.count)
        var cards: [Card] = []
        for s in (0..<term.schoolCount).sorted(by: { byteOrder(term.schoolIds[$0], term.schoolIds[$1]) }) {
            let p = participation.schools[s], c = coverage.schools[s], q = satisfaction.schools[s]
            var serviceTime: Double? = nil
            if schoolDays > 0 { serviceTime = (Double(c.serviceDays) / schoolDays + Double(c.fullDays) / schoolDays) / 2 }
            var satisfactionScore: Double? = nil
            if q.responses > 0, let mean = q.mean, let d = districtMean {
                let n = Double(q.responses)
                let shrunk = (n * mean + k * d) / (n + k)
                satisfactionScore = (shrunk - 1) / 4
            }
            var dataQuality: Double? = nil
            if claimedHours[s] > 0 { dataQuality = 1 - min(1, stakeHours[s] / claimedHours[s]) }
            let values: [Double?] = [
                ratio(p.participants, p.enrolled),
                ratio(p.requestedParticipants, p.requested),
                serviceTime,
                ratio(c.sportWeeks, c.participantWeeks),
                ratio(c.qualityWeeks, c.participantWeeks),
                satisfactionScore,
                dataQuality,
            ]
            let composite = Scorecard.composite(values, weights: weights)
            cards.append(Card(school: s, values: values, composite: composite, rank: nil,
                              tier: composite.map(Scorecard.tier)))
        }
        let ranks = Scorecard.ranks(cards.map(\.composite))
        for i in cards.indices { cards[i].rank = ranks[i] }
        self.cards = cards
    }

    /// sum(w x indicator) / sum(w) over the indicators that are not blank;
    /// nil when none is (or their weights sum to 0).
    ///
    /// Snapped to 12 decimals: binary floating point makes seven indicators
    /// of exactly 0.85 come out as 0.8499999999999998, and two schools whose
    /// composites are equal come out a few ulps apart. Ranks and tiers
    /// compare the snapped value, so equal composites tie and a composite on
    /// a tier's edge is in the tier.
    public static func composite(_ values: [Double?], weights: [Double]) -> Double? {
        var sum = 0.0, total = 0.0
        for (v, w) in zip(values, weights) {
            guard let v else { continue }
            sum += w * v
            total += w
        }
        guard total > 0 else { return nil }
        return ((sum / total) * 1e12).rounded() / 1e12
    }

    /// Ranks by composite, highest first; equal composites share the
    /// smallest rank (1, 2, 2, 4); a blank composite has no rank.
    public static func ranks(_ composites: [Double?]) -> [Int?] {
        composites.map { c in
            guard let c else { return nil }
            return 1 + composites.filter { ($0 ?? -.infinity) > c }.count
        }
    }

    /// A at 0.85 and above, B at 0.70, C at 0.55, else D (full precision).
    public static func tier(_ composite: Double) -> String {
        composite >= 0.85 ? "A" : composite >= 0.70 ? "B" : composite >= 0.55 ? "C" : "D"
    }
}

extension Scorecard {
    /// Rows of `school_scorecard`.
    public func rows(term: TermData) -> [[Cell]] {
        cards.map { card in
            [.text(term.schoolIds[card.school])]
                + (card.values + [card.composite]).map { $0.map(Cell.real) ?? .blank }
                + [card.rank.map(Cell.count) ?? .blank, card.tier.map(Cell.text) ?? .blank, .flag(card.incomplete)]
        }
    }

    /// Per school: the hours at stake of the findings that count against
    /// data quality (over_claim, staff_overlap, ghost_session, out_of_scope),
    /// and the claimed hours of every staffing row on its sessions.
    public static func dataQualityInputs(audit: Audit, term: TermData, ledger: StaffLedger) -> (stake: [Double], claimed: [Double]) {
        var index: [ByteKey: Int] = [:]
        for (i, id) in term.schoolIds.enumerated() { index[ByteKey(id)] = i }
        var stake = [Double](repeating: 0, count: term.schoolCount)
        let counted: Set<String> = ["over_claim", "staff_overlap", "ghost_session", "out_of_scope"]
        for f in audit.findings where counted.contains(f.rule) {
            if let s = index[ByteKey(f.schoolId)] { stake[s] += f.hoursAtStake }
        }
        var claimed = [Int64](repeating: 0, count: term.schoolCount)
        for r in 0..<ledger.rowCount { claimed[Int(term.sessionSchool[Int(ledger.rowSession[r])])] += ledger.rowClaimed[r] }
        return (stake, claimed.map(hours))
    }
}

func ratio(_ n: Int, _ d: Int) -> Double? { d == 0 ? nil : Double(n) / Double(d) }

/// The scorecard stage as the runner sees it: `school_scorecard` and
/// `school_peer_comparison`.
public enum ScorecardStage: StageUnit {
    public static let declaration = StageDeclaration(
        name: "scorecard", version: 1,
        summary: "the district scorecard: seven indicators, a weighted composite, ranks, tiers, peer comparison",
        reads: [.term, .ledger], after: ["participation", "coverage", "satisfaction", "audit"],
        tables: [.schoolScorecard, .schoolPeerComparison])

    public static func run(_ context: StageContext, _ parameters: ScorecardParameters) throws -> (NoResult, StageTables) {
        let term = try context.termData()
        let participation = try context.result(Participation.self, of: "participation")
        let audit = try context.result(Audit.self, of: "audit")
        let inputs = Scorecard.dataQualityInputs(audit: audit, term: term, ledger: try context.staffLedger())
        let scorecard = Scorecard(
            term: term, participation: participation, coverage: try context.result(Coverage.self, of: "coverage"),
            satisfaction: try context.result(Satisfaction.self, of: "satisfaction"),
            stakeHours: inputs.stake, claimedHours: inputs.claimed, parameters: parameters)
        return (NoResult(), StageTables([
            (.schoolScorecard, scorecard.rows(term: term)),
            (.schoolPeerComparison, PeerComparison.rows(
                scorecard, term: term, participation: participation, parameters: parameters)),
        ]))
    }
}
