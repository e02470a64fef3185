/// Rows of a table being gathered, found by their key: the position of a
/// key's row, made on first sight. (The workload, the daily ledger and the
/// class table gather rows this way.)
struct RowIndex<Key: Hashable, Row> {
    private var positions: [Key: Int] = [:]
    private(set) var rows: [Row] = []

    /// The position of `key`'s row; `make` builds it when the key is new.
    @inline(__always)
    mutating func position(of key: Key, _ make: () -> Row) -> Int {
        if let i = positions[key] { return i }
        let i = rows.count
        positions[key] = i
        rows.append(make())
        return i
    }

    subscript(i: Int) -> Row {
        get { rows[i] }
        _modify { yield &rows[i] }
    }
}
