#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts a file into segments at record boundaries, so that the segments
/// can be parsed independently (on several threads) and give, put back in
/// order, exactly the records, lines and errors of reading the file whole
/// (``ParallelCSVReader``).
///
/// A segment ends just after a line feed outside quotes. Quotes are
/// counted from the file's start: each `"` opens or closes a quoted field
/// (a `""` inside one closes and reopens it), so a cut is where libcsv is
/// between records. Malformed quoting (a stray quote in an unquoted field)
/// can put later cuts in the wrong place, but only after the malformed
/// line, and the segment holding that line stops with the same error as a
/// whole read before any later segment is used.
///
/// A span of `maxSpan` bytes with no line feed outside quotes (one record
/// that long, or a quote that never closes) is not cut: the rest of the
/// file is handed over to be read in order (``Piece/rest(offset:)``).
///
/// Not thread-safe: one caller at a time (``ParallelCSVReader`` takes a
/// lock around ``next()``).
public final class CSVSegmenter {
    /// What ``next()`` gives.
    public enum Piece: Sendable {
        /// Bytes from one record boundary to the next (or to the end).
        case segment(CSVSegment)
        /// The rest of the file from this byte offset, a record boundary,
        /// to be read in order (``CSVReader/forEachRecord(from:_:)``).
        case rest(offset: Int)
    }

    private let fd: Int32
    /// Where `read` puts a chunk before it joins the segment (one buffer
    /// for the whole file).
    private let chunk: UnsafeMutableRawBufferPointer
    private let file: String
    private let segmentSize: Int
    private let maxSpan: Int
    /// The encoding given, or found in the file's first 64 KiB (nil: the
    /// first non-ASCII record decides).
    public let encoding: TextEncoding?
    /// Bytes read but not yet handed over (the start of the next segment).
    private var carry: [UInt8] = []
    /// The file offset of `carry`'s first byte.
    private var offset = 0
    private var atStart = true
    private var finished = false
    private var index = 0

    /// Opens `path` for cutting.
    /// - Parameters:
    ///   - segmentSize: bytes read per step; a segment is about this long.
    ///   - maxSpan: the longest span searched for a cut.
    public init(path: String, displayName: String, encoding: TextEncoding?, segmentSize: Int, maxSpan: Int) throws(CSVError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw CSVError.unreadable(file: displayName, reason: String(cString: strerror(errno)))
        }
        self.fd = fd
        self.file = displayName
        self.segmentSize = max(1, segmentSize)
        self.chunk = .allocate(byteCount: self.segmentSize, alignment: 1)
        self.maxSpan = max(self.segmentSize, maxSpan)
        do {
            self.encoding = try encoding ?? CSVReader.detectEncoding(fd)
        } catch {
            close(fd)
            chunk.deallocate()
            throw CSVError.unreadable(file: displayName, reason: String(describing: error))
        }
    }

    deinit {
        close(fd)
        chunk.deallocate()
    }

    /// The next piece of the file, nil after the last.
    public func next() throws(CSVError) -> Piece? {
        guard !finished else { return nil }
        var buffer = carry
        carry = []
        let start = offset
        var scan = QuoteScan()
        var skipped = 0
        while true {
            let got = try readChunk(into: &buffer)
            if atStart {
                // A byte-order mark is not part of the first record.
                if buffer.count < 3 && got > 0 { continue }
                atStart = false
                if buffer.starts(with: [0xEF, 0xBB, 0xBF]) {
                    buffer.removeFirst(3)
                    skipped = 3
                }
            }
            let first = start + skipped
            if got == 0 {
                finished = true
                offset = first + buffer.count
                return buffer.isEmpty ? nil : segment(buffer, end: offset)
            }
            buffer.withUnsafeBufferPointer { scan.advance(over: $0) }
            if let cut = scan.lastCut {
                carry = Array(buffer[cut...])
                buffer.removeSubrange(cut...)
                offset = first + cut
                return segment(buffer, end: offset)
            }
            if buffer.count >= maxSpan {
                finished = true
                return .rest(offset: first)
            }
        }
    }

    private func segment(_ bytes: [UInt8], end: Int) -> Piece {
        index += 1
        return .segment(CSVSegment(index: index - 1, bytes: bytes, end: end))
    }

    /// Appends up to `segmentSize` bytes of the file; 0 at its end.
    private func readChunk(into buffer: inout [UInt8]) throws(CSVError) -> Int {
        buffer.reserveCapacity(buffer.count + segmentSize)
        while true {
            let n = read(fd, chunk.baseAddress, segmentSize)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else {
                throw CSVError.unreadable(file: file, reason: String(cString: strerror(errno)))
            }
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
            return n
        }
    }
}

/// Where quoted fields open and close, over bytes that begin at a record
/// boundary: the end of the last line feed outside quotes.
struct QuoteScan {
    private(set) var position = 0
    private(set) var inQuote = false
    /// The offset just after the last line feed outside quotes.
    private(set) var lastCut: Int?

    /// Scans from where the last call stopped to the end of `bytes`.
    mutating func advance(over bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        var p = position
        while p < n {
            let quote = memchr(base + p, 0x22, n - p).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) }
            if inQuote {
                guard let quote else { p = n; break }
                inQuote = false
                p = quote + 1
            } else {
                let end = quote ?? n
                // The last line feed before the quote (searched from the
                // end: one is usually near).
                var k = end
                while k > p {
                    k -= 1
                    if base[k] == 0x0A {
                        lastCut = k + 1
                        break
                    }
                }
                if let quote {
                    inQuote = true
                    p = quote + 1
                } else {
                    p = n
                }
            }
        }
        position = p
    }
}

/// A segment of a file: bytes from one record boundary to the next.
public struct CSVSegment: Sendable {
    /// Its place among the file's segments (0 is the first).
    public let index: Int
    public let bytes: [UInt8]
    /// The file offset just after its last byte.
    public let end: Int

    /// How reading a segment ended.
    public enum Outcome: Sendable, Equatable {
        /// Every record was read: the segment's line feeds, and the
        /// encoding in force at its end.
        case read(lines: Int, encoding: TextEncoding?)
        /// A non-ASCII record was met before the file's encoding was known
        /// (only with `stopsWhenUndecided`): the records already given
        /// must be dropped, and the segment read again in order.
        case encodingUndecided
    }

    /// Calls `body` with each record of the segment, lines counted from 1
    /// at its start, as ``CSVReader/forEachRecord(_:)`` would read them.
    /// - Throws: a ``CSVError`` with the segment's line, or what `body`
    ///   throws.
    public func forEachRecord(
        file: String, options: CSVReader.Options, encoding: TextEncoding?, stopsWhenUndecided: Bool,
        _ body: (CSVRecord) throws -> Void
    ) throws -> Outcome {
        let parser: LibCSVParser
        do {
            parser = try LibCSVParser()
        } catch {
            throw CSVError.parser(file: file, line: 0, code: error.code, message: LibCSVParser.message(error.code))
        }
        let state = ReadState(file: file, options: options, encoding: encoding)
        state.stopsWhenUndecided = stopsWhenUndecided && encoding == nil
        let feeder = CSVFeeder(file: file, options: options)
        do {
            try withoutActuallyEscaping(body) { sink in
                state.sink = sink
                defer { state.sink = nil }
                try bytes.withUnsafeBufferPointer { try feeder.feed(parser, state, $0) }
                try feeder.finish(parser, state)
            }
        } catch is EncodingUndecided {
            return .encodingUndecided
        }
        return .read(lines: state.line - 1, encoding: state.encoding)
    }
}
