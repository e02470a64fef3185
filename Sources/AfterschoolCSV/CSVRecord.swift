/// One CSV record: its fields as UTF-8 bytes and the physical line of the
/// file where it starts (1 is the first line, the header's).
///
/// The reader reuses one record's storage for the next: copy what you keep.
public struct CSVRecord: Sendable {
    /// The physical line (1-based) where the record starts.
    public internal(set) var line: Int = 0
    @usableFromInline var bytes: [UInt8] = []
    @usableFromInline var ends: [Int] = []

    public init() {}

    /// Builds a record from strings (tests and generated fixtures).
    public init(line: Int, fields: [String]) {
        self.line = line
        for f in fields { append(Array(f.utf8)) }
    }

    /// The number of fields.
    @inlinable public var count: Int { ends.count }

    @inlinable func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    /// Field `index` as a string (the bytes are valid UTF-8: the reader
    /// has validated or converted them).
    @inlinable public subscript(index: Int) -> String {
        String(decoding: bytes[range(index)], as: UTF8.self)
    }

    /// Calls `body` with field `index`'s UTF-8 bytes, without copying them.
    @inlinable public func withFieldBytes<R>(
        _ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R
    ) rethrows -> R {
        let r = range(index)
        return try bytes.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[r]))
        }
    }

    /// All the fields as strings.
    public var fields: [String] { (0..<count).map { self[$0] } }

    /// A copy with storage of its own, no larger than its bytes: for a
    /// record kept while the reader goes on (the reader's storage keeps
    /// the capacity of the longest record read so far).
    public func compacted() -> CSVRecord {
        var copy = CSVRecord()
        copy.line = line
        copy.bytes = bytes.withUnsafeBufferPointer { Array($0) }
        copy.ends = ends.withUnsafeBufferPointer { Array($0) }
        return copy
    }

    /// Moves the record's line down by `lines` (a record read in a
    /// segment, whose lines count from its own start).
    public mutating func shiftLine(by lines: Int) {
        line += lines
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    /// Takes the fields `bytes` with their `ends` (storage kept).
    mutating func assign(_ newBytes: UnsafeBufferPointer<UInt8>, _ newEnds: UnsafeBufferPointer<Int>) {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: newBytes)
        ends.removeAll(keepingCapacity: true)
        ends.append(contentsOf: newEnds)
    }

    mutating func append(_ field: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: field)
        ends.append(bytes.count)
    }

    mutating func append(_ field: [UInt8]) {
        bytes.append(contentsOf: field)
        ends.append(bytes.count)
    }

    /// Replaces the bytes of the last field (after an encoding conversion).
    mutating func replaceField(_ index: Int, with converted: [UInt8]) {
        let r = range(index)
        let delta = converted.count - r.count
        bytes.replaceSubrange(r, with: converted)
        if delta != 0 {
            for k in index..<ends.count { ends[k] += delta }
        }
    }
}
