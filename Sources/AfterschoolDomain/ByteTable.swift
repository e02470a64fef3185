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

    private let arena: UnsafeMutablePointer<UInt8>
    /// Entry i's id is `arena[starts[i]..<starts[i + 1]]`.
    private let starts: UnsafeMutablePointer<Int>
    private let entries: UnsafeMutablePointer<Entry>
    /// Slot -> entry index + 1, or 0 for an empty slot.
    private let slots: UnsafeMutablePointer<Int32>
    private let mask: Int
    /// Entry index by key, for ``id(ofKey:)``.
    private let byKey: [Int64: Int32]
    public let count: Int

    /// A table of `ids`, each with its entry (ids are distinct).
    public init(_ ids: [(id: String, entry: Entry)]) {
        count = ids.count
        var capacity = 16
        while capacity < ids.count * 2 { capacity *= 2 }
        mask = capacity - 1
        let bytes = ids.reduce(0) { $0 + $1.id.utf8.count }
        arena = .allocate(capacity: max(bytes, 1))
        starts = .allocate(capacity: ids.count + 1)
        entries = .allocate(capacity: max(ids.count, 1))
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        var offset = 0
        for (i, (id, entry)) in ids.enumerated() {
            starts[i] = offset
            for b in id.utf8 {
                arena[offset] = b
                offset += 1
            }
            (entries + i).initialize(to: entry)
        }
        starts[ids.count] = offset
        var byKey: [Int64: Int32] = [:]
        byKey.reserveCapacity(ids.count)
        for (i, (_, entry)) in ids.enumerated() { byKey[entry.key] = Int32(i) }
        self.byKey = byKey
        for i in 0..<ids.count {
            var slot = ByteTable.hash(arena + starts[i], starts[i + 1] - starts[i]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i + 1)
        }
    }

    /// The id of the entry with `key`, if any.
    public func id(ofKey key: Int64) -> String? {
        guard let i = byKey[key].map(Int.init) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: arena + starts[i], count: starts[i + 1] - starts[i]), as: UTF8.self)
    }

    deinit {
        arena.deallocate()
        starts.deallocate()
        entries.deallocate()
        slots.deallocate()
    }

    /// The entry of the id whose bytes are `bytes`, if any.
    @inline(__always)
    public func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Entry? {
        guard let base = bytes.baseAddress else { return nil }
        let n = bytes.count
        var slot = ByteTable.hash(base, n) & mask
        while true {
            let s = Int(slots[slot])
            if s == 0 { return nil }
            let i = s - 1
            let start = starts[i]
            if starts[i + 1] - start == n {
                let id = arena + start
                var k = 0
                while k < n && id[k] == base[k] { k += 1 }
                if k == n { return entries[i] }
            }
            slot = (slot + 1) & mask
        }
    }

    /// FNV-1a over the bytes, then mixed.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
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
