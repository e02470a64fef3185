import AfterschoolDomain
import AfterschoolWarehouse

/// Each school beside its peers: the schools of the same stage (primary,
/// middle, nine-year) and size band (small, medium, large by students
/// enrolled), so a small rural school is not only measured against a large
/// urban one. For every scorecard indicator and the composite: the school's
/// value, the median over its peer group (itself included, blanks left
/// out), and the difference.
public struct PeerComparison: Sendable {
    /// `small` below `peer_small_below` students, `large` from
    /// `peer_large_from`, else `medium`.
    public static func sizeBand(enrolled: Int, parameters: ScorecardParameters) -> String {
        if enrolled < parameters.peerSmallBelow { return "small" }
        if enrolled >= parameters.peerLargeFrom { return "large" }
        return "medium"
    }

    /// Rows of `school_peer_comparison`, sorted by school id and indicator.
    public static func rows(_ scorecard: Scorecard, term: TermData, participation: Participation,
                            parameters: ScorecardParameters) -> [[Cell]] {
        let names = Scorecard.indicators.map(\.name) + ["composite"]
        func values(_ card: Scorecard.Card) -> [Double?] { card.values + [card.composite] }
        func group(_ s: Int) -> String {
            term.schoolStage[s] + "/" + sizeBand(enrolled: participation.schools[s].enrolled, parameters: parameters)
        }
        var members: [String: [Scorecard.Card]] = [:]
        for card in scorecard.cards { members[group(card.school), default: []].append(card) }
        var rows: [[Cell]] = []
        for card in scorecard.cards {
            let peers = members[group(card.school)] ?? []
            let band = sizeBand(enrolled: participation.schools[card.school].enrolled, parameters: parameters)
            let mine = values(card)
            for (i, name) in names.enumerated() {
                let median = FinanceTables.median(peers.compactMap { values($0)[i] }.sorted())
                var difference: Cell = .blank
                if let v = mine[i], let m = median { difference = .real(v - m) }
                rows.append([
                    .text(term.schoolIds[card.school]), .text(name),
                    .text(term.schoolStage[card.school]), .text(band), .count(peers.count),
                    mine[i].map(Cell.real) ?? .blank, median.map(Cell.real) ?? .blank, difference,
                ])
            }
        }
        return rows.sorted { a, b in
            guard case let .text(sa) = a[0], case let .text(sb) = b[0],
                  case let .text(ia) = a[1], case let .text(ib) = b[1] else { return false }
            return !sameBytes(sa, sb) ? byteOrder(sa, sb) : byteOrder(ia, ib)
        }
    }
}
