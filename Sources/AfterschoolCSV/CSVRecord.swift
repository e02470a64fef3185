/// One CSV record: its fields as UTF-8 bytes and the physical line of the
/// file where it starts (1 is the first line, the header's).
///
/// The reader reuses one record's storage for the next: copy what you keep.
public struct CSVRecord: Sendable {
    /// The physical line (1-based) where the record starts.
    public internal(set) var line: Int = 0
    /// True for a file's last record when the file ends without a line
    /// break after it (a file cut off in the middle of a copy ends so).
    public internal(set) var endsWithoutLineBreak = false
    /// The fields' bytes, one after the other: the first `byteCount`.
    /// The storage only grows, so that the reader fills a record without
    /// an array's bookkeeping per field.
    @usableFromInline var bytes: [UInt8] = []
    @usableFromInline var byteCount = 0
    /// Where each field ends in `bytes`: the first `fieldCount`.
    @usableFromInline var ends: [Int] = []
    @usableFromInline var fieldCount = 0

    public init() {}

    /// Builds a record from strings (tests and generated fixtures).
    public init(line: Int, fields: [String], endsWithoutLineBreak: Bool = false) {
        self.line = line
        self.endsWithoutLineBreak = endsWithoutLineBreak
        for f in fields { append(Array(f.utf8)) }
    }

    /// The number of fields.
    @inlinable public var count: Int { fieldCount }

    @inlinable func range(_ index: Int) -> Range<Int> {
        precondition(index >= 0 && index < fieldCount, "field index out of range")
        return (index == 0 ? 0 : ends[index - 1])..<ends[index]
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
        copy.endsWithoutLineBreak = endsWithoutLineBreak
        copy.bytes = bytes.withUnsafeBufferPointer { Array($0.prefix(byteCount)) }
        copy.byteCount = byteCount
        copy.ends = ends.withUnsafeBufferPointer { Array($0.prefix(fieldCount)) }
        copy.fieldCount = fieldCount
        return copy
    }

    /// Moves the record's line down by `lines` (a record read in a
    /// segment, whose lines count from its own start).
    public mutating func shiftLine(by lines: Int) {
        line += lines
    }

    mutating func removeAll() {
        byteCount = 0
        fieldCount = 0
    }

    /// Room for `bytes` bytes and `fields` fields in all.
    private mutating func reserve(bytes neededBytes: Int, fields neededFields: Int) {
        if bytes.count < neededBytes {
            bytes.append(contentsOf: repeatElement(0, count: max(neededBytes, 2 * bytes.count) - bytes.count))
        }
        if ends.count < neededFields {
            ends.append(contentsOf: repeatElement(0, count: max(neededFields, 2 * ends.count) - ends.count))
        }
    }

    mutating func append(_ field: UnsafeBufferPointer<UInt8>) {
        reserve(bytes: byteCount + field.count, fields: fieldCount + 1)
        if let source = field.baseAddress, !field.isEmpty {
            let at = byteCount
            bytes.withUnsafeMutableBufferPointer { $0.baseAddress.map { ($0 + at).update(from: source, count: field.count) } }
        }
        byteCount += field.count
        ends[fieldCount] = byteCount
        fieldCount += 1
    }

    mutating func append(_ field: [UInt8]) {
        field.withUnsafeBufferPointer { append($0) }
    }

    /// Takes the fields `newBytes` with their `ends` (storage kept).
    mutating func assign(_ newBytes: UnsafeBufferPointer<UInt8>, _ newEnds: UnsafeBufferPointer<Int>) {
        reserve(bytes: newBytes.count, fields: newEnds.count)
        if let source = newBytes.baseAddress, !newBytes.isEmpty {
            bytes.withUnsafeMutableBufferPointer { $0.baseAddress.map { $0.update(from: source, count: newBytes.count) } }
        }
        if let source = newEnds.baseAddress, !newEnds.isEmpty {
            ends.withUnsafeMutableBufferPointer { $0.baseAddress.map { $0.update(from: source, count: newEnds.count) } }
        }
        byteCount = newBytes.count
        fieldCount = newEnds.count
    }

    /// Replaces the bytes of field `index` (after an encoding conversion).
    mutating func replaceField(_ index: Int, with converted: [UInt8]) {
        let r = range(index)
        let delta = converted.count - r.count
        var joined = Array(bytes[0..<r.lowerBound])
        joined.append(contentsOf: converted)
        joined.append(contentsOf: bytes[r.upperBound..<byteCount])
        bytes = joined
        byteCount += delta
        if delta != 0 {
            for k in index..<fieldCount { ends[k] += delta }
        }
    }
}
