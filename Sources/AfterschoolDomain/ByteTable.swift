#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed map from ids, looked up by their UTF-8 bytes without making a
/// `String`: the ids of the accepted sessions and students, for the
/// attendance rows that refer to them tens of millions of times. Open
/// addressing (linear probing, at most half full) over one byte arena; ids
/// compare as bytes, as ``ByteKey`` (and the warehouse) compare them.
///
/// Immutable once made, and its storage is never exposed: safe to share.
public final class ByteTable: @unchecked Sendable {
    /// What an id maps to: its row's key and school.
    public struct Entry: Sendable, Equatable {
        public let key: Int64
        public let school: Int64

        public init(key: Int64, school: Int64) {
            self.key = key
            self.school = school
        }
    }

    /// One id's entry, with the id's bytes inline when it has at most 16
    /// (ids of students and sessions do): a lookup then reads one slot and
    /// one record, two places in memory, not four.
    struct Record {
        let key: Int64
        let school: Int64
        /// Where a longer id's bytes are in the arena, and its length.
        let start: UInt32
        let length: UInt32
        /// The first 16 bytes of the id, zero-padded.
        let inline: (UInt64, UInt64)
    }

    private let arena: UnsafeMutablePointer<UInt8>
    private let records: UnsafeMutablePointer<Record>
    /// Slot -> (the hash's high 32 bits << 32) | (record index + 1), or 0
    /// for an empty slot: most probes that do not match stop at the slot.
    private let slots: UnsafeMutablePointer<UInt64>
    private let mask: Int
    /// Record index by key, for ``id(ofKey:)``.
    private let byKey: [Int64: Int32]
    public let count: Int

    /// A table of `ids`, each with its entry (ids are distinct).
    public init(_ ids: [(id: String, entry: Entry)]) {
        count = ids.count
        var capacity = 16
        while capacity < ids.count * 2 { capacity *= 2 }
        mask = capacity - 1
        let long = ids.reduce(0) { $0 + ($1.id.utf8.count > 16 ? $1.id.utf8.count : 0) }
        arena = .allocate(capacity: max(long, 1))
        records = .allocate(capacity: max(ids.count, 1))
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        var offset = 0
        var byKey: [Int64: Int32] = [:]
        byKey.reserveCapacity(ids.count)
        for (i, (id, entry)) in ids.enumerated() {
            let bytes = Array(id.utf8)
            var start = 0
            if bytes.count > 16 {
                start = offset
                for b in bytes {
                    arena[offset] = b
                    offset += 1
                }
            }
            let inline = bytes.withUnsafeBufferPointer { ByteTable.inlineWords($0) }
            (records + i).initialize(to: Record(
                key: entry.key, school: entry.school, start: UInt32(start), length: UInt32(bytes.count), inline: inline))
            byKey[entry.key] = Int32(i)
            let hash = bytes.withUnsafeBufferPointer { ByteTable.hash($0.baseAddress, $0.count) }
            var slot = hash & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = ByteTable.tag(hash) | UInt64(i + 1)
        }
        self.byKey = byKey
    }

    /// The id of the entry with `key`, if any.
    public func id(ofKey key: Int64) -> String? {
        guard let i = byKey[key].map(Int.init) else { return nil }
        let r = records[i]
        let n = Int(r.length)
        if n > 16 {
            return String(decoding: UnsafeBufferPointer(start: arena + Int(r.start), count: n), as: UTF8.self)
        }
        var words = r.inline
        return withUnsafeBytes(of: &words) { String(decoding: $0.prefix(n), as: UTF8.self) }
    }

    deinit {
        arena.deallocate()
        records.deallocate()
        slots.deallocate()
    }

    /// The entry of the id whose bytes are `bytes`, if any.
    @inline(__always)
    public func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Entry? {
        probe.lookup(bytes)
    }

    /// A view for lookups that counts no references: valid while the
    /// table lives (its holder keeps the table too).
    var probe: Probe { Probe(arena: arena, records: records, slots: slots, mask: mask) }

    /// The table's storage, unowned: what a lookup in the hot path reads.
    /// The storage is never written once the table is made: safe to share.
    struct Probe: @unchecked Sendable {
        let arena: UnsafeMutablePointer<UInt8>
        let records: UnsafeMutablePointer<Record>
        let slots: UnsafeMutablePointer<UInt64>
        let mask: Int

        /// The entry of the id whose bytes are `bytes`, if any.
        @inline(__always)
        func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Entry? {
            let n = bytes.count
            let hash = ByteTable.hash(bytes.baseAddress, n)
            let tag = ByteTable.tag(hash)
            let inline = n <= 16 ? ByteTable.inlineWords(bytes) : (0, 0)
            var slot = hash & mask
            while true {
                let s = slots[slot]
                if s == 0 { return nil }
                if s & 0xFFFF_FFFF_0000_0000 == tag {
                    let r = records[Int(s & 0xFFFF_FFFF) - 1]
                    if Int(r.length) == n {
                        if n <= 16 {
                            if r.inline == inline { return Entry(key: r.key, school: r.school) }
                        } else if let base = bytes.baseAddress, memcmp(arena + Int(r.start), base, n) == 0 {
                            return Entry(key: r.key, school: r.school)
                        }
                    }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The hash's high 32 bits, in place.
    @inline(__always)
    static func tag(_ hash: Int) -> UInt64 { UInt64(truncatingIfNeeded: hash) & 0xFFFF_FFFF_0000_0000 }

    /// Up to 16 bytes as two words, zero-padded.
    @inline(__always)
    static func inlineWords(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var words: (UInt64, UInt64) = (0, 0)
        if let base = bytes.baseAddress, !bytes.isEmpty {
            withUnsafeMutableBytes(of: &words) { $0.baseAddress?.copyMemory(from: base, byteCount: min(bytes.count, 16)) }
        }
        return words
    }

    /// FNV-1a over the bytes, then mixed.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>?, _ n: Int) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        guard let p else { return Int(truncatingIfNeeded: h) }
        for k in 0..<n {
            h ^= UInt64(p[k])
            h = h &* 0x0000_0100_0000_01B3
        }
        // MurmurHash3's finaliser: every bit of h reaches the low bits the
        // mask keeps (FNV alone leaves sequential ids clustered).
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return Int(truncatingIfNeeded: h)
    }
}
