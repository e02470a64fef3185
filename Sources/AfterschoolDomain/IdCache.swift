/// A small cache of id lookups, keyed by a field's raw bytes (up to 16):
/// one read of memory that stays in the core's cache, where a
/// ``ByteTable`` lookup reads two places in tens of megabytes. Two ways per
/// set (a set is 64 bytes, one cache line), the last used first.
///
/// A school's attendance rows name the same few thousand students again and
/// again; the cache holds them. A hit gives exactly what the lookup gave
/// for the same bytes (the bytes are compared whole, length included); a
/// miss, or a field longer than 16 bytes, asks the lookup. Only found ids
/// are kept. One cache per thread: it is a value, written on a miss.
struct IdCache {
    /// One id: its bytes as two words (zero-padded), its key, and its
    /// school with the id's length in the low byte (0: an empty line).
    private struct Line {
        var w0: UInt64 = 0
        var w1: UInt64 = 0
        var key: Int64 = 0
        var schoolAndLength: UInt64 = 0
    }

    private var lines: [Line]
    private let mask: Int

    /// A cache of 2^`bits` sets of two lines (64 bytes a set).
    init(bits: Int) {
        lines = Array(repeating: Line(), count: 2 << bits)
        mask = (1 << bits) - 1
    }

    /// The entry of the id whose raw field bytes are `field`: from the
    /// cache, or from `resolve` in `table` (then kept). `resolve` is a
    /// plain function, so that no copy of the caller (and of this cache)
    /// is captured.
    @inline(__always)
    mutating func entry(
        _ field: UnsafeBufferPointer<UInt8>, in table: ByteTable.Probe,
        resolve: (UnsafeBufferPointer<UInt8>, ByteTable.Probe) -> ByteTable.Entry?
    ) -> ByteTable.Entry? {
        let n = field.count
        guard n > 0 && n <= 16 else { return resolve(field, table) }
        let (w0, w1) = ByteTable.inlineWords(field)
        // The ids of a school differ in their last characters, the high
        // bytes of the words: fold them down, then mix.
        var x = w0 ^ (w1 &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(n)
        x ^= x >> 32
        x = x &* 0xD6E8_FEB8_6659_FD93
        x ^= x >> 29
        let set = (Int(truncatingIfNeeded: x) & mask) << 1
        let first = lines[set]
        if first.w0 == w0 && first.w1 == w1 && first.schoolAndLength & 0xFF == UInt64(n) {
            return ByteTable.Entry(key: first.key, school: Int64(bitPattern: first.schoolAndLength >> 8))
        }
        let second = lines[set + 1]
        if second.w0 == w0 && second.w1 == w1 && second.schoolAndLength & 0xFF == UInt64(n) {
            lines[set] = second
            lines[set + 1] = first
            return ByteTable.Entry(key: second.key, school: Int64(bitPattern: second.schoolAndLength >> 8))
        }
        guard let found = resolve(field, table) else { return nil }
        if found.school >= 0 && found.school < 1 << 55 {
            lines[set + 1] = first
            lines[set] = Line(w0: w0, w1: w1, key: found.key, schoolAndLength: UInt64(found.school) << 8 | UInt64(n))
        }
        return found
    }
}
