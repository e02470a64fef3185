/// Splits an amount of fen in proportion to integer weights, exactly: each
/// share is floor(total x w_i / sum(w)), and the fen left over go one each to
/// the largest remainders (total x w_i mod sum(w)), ties to the earlier entry
/// in `tieOrder`. The shares add up to `total`.
public enum FenSplit {
    /// - Parameters:
    ///   - total: fen to split, >= 0.
    ///   - weights: one per entry, >= 0 (micro-points or micro-hours).
    ///   - tieOrder: entry indices from first to last priority for equal
    ///     remainders (staff ids ascending).
    /// - Returns: the shares, or nil when every weight is 0 (nothing can be
    ///   split).
    /// - Complexity: O(n log n); products use 128-bit arithmetic, so no
    ///   budget or weight can overflow.
    public static func split(_ total: Int64, weights: [Int64], tieOrder: [Int]) -> [Int64]? {
        precondition(total >= 0 && weights.allSatisfy { $0 >= 0 }, "negative amounts cannot be split")
        let sum = weights.reduce(0, +)
        guard sum > 0 else { return nil }
        var shares = [Int64](repeating: 0, count: weights.count)
        var remainders = [Int64](repeating: 0, count: weights.count)
        for (i, w) in weights.enumerated() {
            let product = total.multipliedFullWidth(by: w)
            let (q, r) = sum.dividingFullWidth((high: product.high, low: product.low))
            shares[i] = q
            remainders[i] = r
        }
        var left = total - shares.reduce(0, +)
        var rank = [Int](repeating: 0, count: weights.count)
        for (position, i) in tieOrder.enumerated() { rank[i] = position }
        let order = weights.indices.sorted {
            remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : rank[$0] < rank[$1]
        }
        for i in order where left > 0 {
            shares[i] += 1
            left -= 1
        }
        return shares
    }
}
