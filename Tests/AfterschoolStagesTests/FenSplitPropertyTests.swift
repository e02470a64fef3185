import AfterschoolStages
import Testing

/// Properties of ``FenSplit/split(_:weights:tieOrder:)`` (metrics.md,
/// Arithmetic and stipend step 6) on seeded random weight vectors.
@Suite("FenSplit properties")
struct FenSplitPropertyTests {
    /// A random case: total fen, weights (zeros, duplicates, small and
    /// huge values), a random tie order.
    struct Case {
        var total: Int64
        var weights: [Int64]
        var tieOrder: [Int]
    }

    static func randomCase(_ rng: inout FinanceSplitMix64) -> Case {
        let n = Int.random(in: 1...12, using: &rng)
        let total: Int64
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: total = Int64.random(in: 0...20, using: &rng)
        case 1: total = Int64.random(in: 0...1_000_000, using: &rng)
        case 2: total = Int64.random(in: 0...1_000_000_000_000, using: &rng)  // 10 billion yuan
        default: total = Int64.random(in: 1...100, using: &rng) * 100
        }
        var weights: [Int64] = []
        for _ in 0..<n {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: weights.append(0)
            case 1: weights.append(Int64.random(in: 1...10, using: &rng))
            case 2 where !weights.isEmpty: weights.append(weights.randomElement(using: &rng)!)  // a twin
            case 3: weights.append(Int64.random(in: 0...1_000_000_000_000, using: &rng))  // 10^6 points
            default: weights.append(Int64.random(in: 0...50_000_000, using: &rng))
            }
        }
        return Case(total: total, weights: weights, tieOrder: Array(0..<n).shuffled(using: &rng))
    }

    /// The split by the definition, in 128-bit integers: floor(T w_i / S),
    /// then one fen each to the largest remainders T w_i mod S, ties in tie
    /// order.
    static func reference(_ c: Case) -> [Int64]? {
        let sum = Int128(c.weights.reduce(0, +))
        guard sum > 0 else { return nil }
        let t = Int128(c.total)
        var shares = c.weights.map { Int64(t * Int128($0) / sum) }
        let remainders = c.weights.map { t * Int128($0) % sum }
        var rank = [Int](repeating: 0, count: c.weights.count)
        for (r, i) in c.tieOrder.enumerated() { rank[i] = r }
        let order = c.weights.indices.sorted {
            remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : rank[$0] < rank[$1]
        }
        let left = Int(c.total - shares.reduce(0, +))
        for i in order.prefix(left) { shares[i] += 1 }
        return shares
    }

    static func split(_ c: Case) -> [Int64]? { FenSplit.split(c.total, weights: c.weights, tieOrder: c.tieOrder) }

    @Test("500 random vectors: exact total, no negative amount, the definition, order, monotony, twins")
    func randomVectors() throws {
        var rng = FinanceSplitMix64(seed: 0xF1_5EED_2025)
        var checked = 0
        for _ in 0..<500 {
            let c = Self.randomCase(&rng)
            let shares = Self.split(c)
            guard c.weights.contains(where: { $0 > 0 }) else {
                #expect(shares == nil, "all-zero weights: nothing to split")
                continue
            }
            let s = try #require(shares)
            checked += 1
            // Adds up to the total exactly; nothing negative; zero weight, zero fen.
            #expect(s.reduce(0, +) == c.total)
            #expect(s.allSatisfy { $0 >= 0 })
            for i in s.indices where c.weights[i] == 0 { #expect(s[i] == 0) }
            // The definition (largest remainders, ties in tie order).
            #expect(s == Self.reference(c))

            // Permuting the entries, with the tie order permuted the same
            // way, gives every entry the same amount.
            let perm = Array(c.weights.indices).shuffled(using: &rng)  // new j holds old perm[j]
            var inverse = [Int](repeating: 0, count: perm.count)
            for (j, old) in perm.enumerated() { inverse[old] = j }
            let permuted = Case(total: c.total, weights: perm.map { c.weights[$0] },
                                tieOrder: c.tieOrder.map { inverse[$0] })
            let sp = try #require(Self.split(permuted))
            #expect(perm.indices.allSatisfy { sp[$0] == s[perm[$0]] }, "order changed an amount: \(c)")

            // Raising one weight never lowers that entry's amount.
            let i = Int.random(in: c.weights.indices, using: &rng)
            var raised = c
            raised.weights[i] += Int64.random(in: 1...max(1, c.weights[i] / 3 + 5), using: &rng)
            let sr = try #require(Self.split(raised))
            #expect(sr[i] >= s[i], "raising weight \(i) lowered its amount: \(c)")

            // Two entries with the same weight are at most one fen apart,
            // the earlier in tie order not below the other.
            if c.weights.count >= 2 {
                var twins = c
                let a = c.tieOrder[0], b = c.tieOrder[c.weights.count - 1]
                twins.weights[b] = twins.weights[a]
                if let st = Self.split(twins) {
                    #expect(st[a] - st[b] == 0 || st[a] - st[b] == 1, "twins: \(twins)")
                }
            }
        }
        #expect(checked >= 400)
    }

    @Test("a tie in remainders goes to the earlier entry of the tie order")
    func tieOrder() {
        // 1 fen over two equal weights: floor(1 x 1 / 2) = 0 each, remainder
        // 1 each; the one fen goes to the first in tie order.
        #expect(FenSplit.split(1, weights: [5, 5], tieOrder: [0, 1]) == [1, 0])
        #expect(FenSplit.split(1, weights: [5, 5], tieOrder: [1, 0]) == [0, 1])
        // 10 fen over 1:1:1: 3 each, remainder 10 mod 3 = 1 each; 1 fen left.
        #expect(FenSplit.split(10, weights: [7, 7, 7], tieOrder: [2, 0, 1]) == [3, 3, 4])
        // Budget 0: everyone 0. All weights 0: nothing can be split.
        #expect(FenSplit.split(0, weights: [3, 1], tieOrder: [0, 1]) == [0, 0])
        #expect(FenSplit.split(100, weights: [0, 0], tieOrder: [0, 1]) == nil)
    }

    @Test("no overflow: a huge budget and huge weights")
    func hugeValues() {
        // 10^15 fen split 1 : 2 with weights near Int64.max / 3: products
        // need 128 bits. sum = 3w; 10^15 w / 3w = 333 333 333 333 333 rem w,
        // 2 x 10^15 w / 3w = 666 666 666 666 666 rem 2w: 1 fen left, to the
        // larger remainder (entry 1).
        let w = Int64.max / 3
        #expect(FenSplit.split(1_000_000_000_000_000, weights: [w, 2 * w], tieOrder: [0, 1])
            == [333_333_333_333_333, 666_666_666_666_667])
    }
}
