import Foundation

/// Reads a CSV file on several threads and hands its records to the
/// caller in file order, in batches: exactly the records, lines and errors
/// of ``CSVReader/forEachRecord(_:)``, sooner. (A batch's records count
/// their lines from their segment's start, and the batch says how many
/// lines come before: see ``Batch/lineOffset``.)
///
/// The file is cut at record boundaries (``CSVSegmenter``); each of
/// `workers` threads parses whole segments with its own libcsv parser and
/// turns each record into an `Item` (the caller's compact form, made by a
/// transform built from the header) or, when the transform declines, a
/// copy of the record. The caller's thread puts the segments back in
/// order and calls `body`.
///
/// What a segment cannot decide alone is done in order on the caller's
/// thread: a segment whose first non-ASCII record comes before the file's
/// encoding is known is read again once the segments before it are in
/// (the first non-ASCII record of the file decides the encoding), and a
/// file that cannot be cut (``CSVSegmenter/Piece/rest(offset:)``) is read
/// to its end by ``CSVReader``.
///
/// Memory is bounded: at most ``maxAhead`` segments are parsed ahead of
/// the caller.
public final class ParallelCSVReader<Item: Sendable>: @unchecked Sendable {
    /// One record as delivered.
    public enum Element: Sendable {
        /// A record the transform declined (the header always), as a copy.
        case record(CSVRecord)
        /// The transform's item.
        case item(Item)
    }

    /// Records in file order.
    public struct Batch: Sendable {
        /// The records and items, their lines counted from the start of
        /// their segment: add ``lineOffset`` for the file's line.
        public var elements: [Element]
        /// The lines of the file before the batch's segment.
        public var lineOffset: Int
        /// Bytes of the file read up to the batch's end (for progress).
        public var bytesRead: Int
    }

    /// Turns records into items on a parsing thread.
    ///
    /// A transform may hold records back and gather several into one item
    /// (a session's run of attendance rows): ``take`` appends what it has
    /// ready to the elements, in file order, and ``flush`` appends what it
    /// still holds at the end of a segment (the reader calls it there, and
    /// before an error). A transform that declines a record (``take``
    /// returns false) first appends what it held back, so that the record
    /// itself comes after it.
    public struct Transform {
        /// Appends the items the record completes; false sends the record
        /// itself.
        public var take: (_ record: CSVRecord, _ elements: inout [Element]) -> Bool
        /// Appends the items still held back.
        public var flush: (_ elements: inout [Element]) -> Void

        public init(take: @escaping (_ record: CSVRecord, _ elements: inout [Element]) -> Bool,
                    flush: @escaping (_ elements: inout [Element]) -> Void) {
            self.take = take
            self.flush = flush
        }

        /// One item per record, or nil to send the record itself.
        public init(_ each: @escaping (CSVRecord) -> Item?) {
            take = { record, elements in
                guard let item = each(record) else { return false }
                elements.append(.item(item))
                return true
            }
            flush = { _ in }
        }
    }

    /// Segments parsed ahead of the caller, at most.
    public static var maxAhead: Int { 4 }
    static var batchSize: Int { 8_192 }

    private let reader: CSVReader
    private let workers: Int
    private let segmentSize: Int
    private let makeTransform: @Sendable (_ header: CSVRecord) -> Transform?

    private enum Result {
        case parsed([Element], lines: Int, end: Int, encoding: TextEncoding?)
        case failed([Element], any Error)
        case undecided(CSVSegment)
        case rest(offset: Int)
        case end
    }

    private let condition = NSCondition()
    private var segmenter: CSVSegmenter?
    private var results: [Int: Result] = [:]
    private var taken = 0
    private var consumed = 0
    private var segmenterDone = false
    private var cancelled = false
    private var header: CSVRecord?
    private var headerKnown = false
    private var decided: TextEncoding?
    private var running: [DispatchSemaphore] = []

    /// The file's encoding: given, found in its first bytes, or decided by
    /// its first non-ASCII record (nil while every byte read is ASCII).
    public var encoding: TextEncoding? {
        condition.lock()
        defer { condition.unlock() }
        return decided
    }

    /// - Parameters:
    ///   - reader: the file, its name in messages and the reading options.
    ///   - workers: parsing threads.
    ///   - segmentSize: about how many bytes a worker parses at a time.
    ///   - makeTransform: called on each thread with the header record
    ///     (the file's first); nil sends every record as itself.
    public init(reader: CSVReader, workers: Int = 2, segmentSize: Int = 1 << 20,
                makeTransform: @escaping @Sendable (_ header: CSVRecord) -> Transform?) {
        self.reader = reader
        self.workers = max(1, workers)
        self.segmentSize = max(1, segmentSize)
        self.makeTransform = makeTransform
    }

    /// Calls `body` with every record, in file order, in batches.
    ///
    /// An error of the file (a ``CSVError`` with the file's line) comes
    /// after the records before it, as with ``CSVReader``; an error thrown
    /// by `body` stops the reading and is rethrown as is.
    public func forEachBatch(_ body: (Batch) throws -> Void) throws {
        try withoutActuallyEscaping(body) { try run($0) }
    }

    private func run(_ body: @escaping (Batch) throws -> Void) throws {
        let segmenter = try CSVSegmenter(
            path: reader.path, displayName: reader.displayName, encoding: reader.options.encoding,
            segmentSize: segmentSize, maxSpan: 2 * reader.options.maxRecordBytes + segmentSize)
        self.segmenter = segmenter
        decided = segmenter.encoding
        start()
        defer { stop() }

        var lineOffset = 0
        var delivered = false
        var maker = ElementMaker()
        /// The records of a piece read here, in order, in batches (lines
        /// already the file's).
        func deliverInOrder(_ read: ((CSVRecord) throws -> Void) throws -> Void, end: Int) throws {
            var elements: [Element] = []
            do {
                try read { record in
                    var record = record
                    record.shiftLine(by: lineOffset)
                    if !delivered {
                        delivered = true
                        elements.append(maker.header(record, makeTransform))
                    } else {
                        if !maker.made { maker.adopt(header: knownHeader(), makeTransform) }
                        maker.add(record, to: &elements)
                    }
                    if elements.count >= ParallelCSVReader.batchSize {
                        try body(Batch(elements: elements, lineOffset: 0, bytesRead: end))
                        elements.removeAll(keepingCapacity: true)
                    }
                }
            } catch let error as CSVError {
                // The records before the file's error come first.
                maker.flush(into: &elements)
                if !elements.isEmpty { try body(Batch(elements: elements, lineOffset: 0, bytesRead: end)) }
                throw error
            }
            maker.flush(into: &elements)
            if !elements.isEmpty { try body(Batch(elements: elements, lineOffset: 0, bytesRead: end)) }
        }

        while true {
            switch take() {
            case .end:
                return
            case let .parsed(elements, lines, end, encoding):
                if !elements.isEmpty {
                    delivered = true
                    try body(Batch(elements: elements, lineOffset: lineOffset, bytesRead: end))
                }
                lineOffset += lines
                if let encoding { decide(encoding) }
            case let .failed(elements, error):
                if !elements.isEmpty { try body(Batch(elements: elements, lineOffset: lineOffset, bytesRead: 0)) }
                throw (error as? CSVError)?.shifted(by: lineOffset) ?? error
            case let .undecided(segment):
                var outcome = CSVSegment.Outcome.encodingUndecided
                do {
                    try deliverInOrder({ each in
                        outcome = try segment.forEachRecord(
                            file: reader.displayName, options: reader.options, encoding: self.encoding,
                            stopsWhenUndecided: false, each)
                    }, end: segment.end)
                } catch let error as CSVError {
                    throw error.shifted(by: lineOffset)
                }
                if case let .read(lines, encoding) = outcome {
                    lineOffset += lines
                    if let encoding { decide(encoding) }
                }
            case let .rest(offset):
                var options = reader.options
                options.encoding = self.encoding
                let rest = CSVReader(path: reader.path, displayName: reader.displayName, options: options)
                do {
                    try deliverInOrder({ each in try rest.forEachRecord(from: offset, each) }, end: reader.fileSize)
                } catch let error as CSVError {
                    throw error.shifted(by: lineOffset)
                }
                if let encoding = rest.encoding { decide(encoding) }
                return
            }
        }
    }

    // MARK: - The caller's side

    /// The result of the next segment in order, waited for.
    private func take() -> Result {
        condition.lock()
        defer { condition.unlock() }
        while results[consumed] == nil { condition.wait() }
        let result = results.removeValue(forKey: consumed) ?? .end
        consumed += 1
        condition.broadcast()
        return result
    }

    private func decide(_ encoding: TextEncoding) {
        condition.lock()
        if decided == nil { decided = encoding }
        condition.unlock()
    }

    private func knownHeader() -> CSVRecord? {
        condition.lock()
        defer { condition.unlock() }
        while !headerKnown && !cancelled { condition.wait() }
        return header
    }

    // MARK: - The workers

    private func start() {
        for _ in 0..<workers {
            let done = DispatchSemaphore(value: 0)
            running.append(done)
            let thread = Thread { [self] in
                defer { done.signal() }
                work()
            }
            thread.stackSize = 1 << 22
            thread.start()
        }
    }

    /// Stops the workers and waits for them. Safe to call more than once.
    private func stop() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
        for done in running { done.wait() }
        running = []
    }

    private func work() {
        var maker = ElementMaker()
        while true {
            condition.lock()
            while !cancelled && !segmenterDone && taken - consumed >= ParallelCSVReader.maxAhead { condition.wait() }
            guard !cancelled, !segmenterDone, let segmenter else {
                condition.unlock()
                return
            }
            let index = taken
            taken += 1
            let piece: CSVSegmenter.Piece?
            do {
                piece = try segmenter.next()
            } catch {
                finish(index, .failed([], error))
                condition.unlock()
                return
            }
            let encoding = decided
            guard case let .segment(segment)? = piece else {
                if case let .rest(offset)? = piece {
                    finish(index, .rest(offset: offset))
                } else {
                    finish(index, .end)
                }
                condition.unlock()
                return
            }
            condition.unlock()

            if isCancelled { return }
            let result = parse(segment, encoding: encoding, maker: &maker)
            condition.lock()
            results[index] = result
            condition.broadcast()
            condition.unlock()
        }
    }

    /// One thread's way from records to elements: the transform, made
    /// from the header once it is known.
    private struct ElementMaker {
        private var transform: Transform?
        private(set) var made = false

        /// The file's first record: it travels as itself, and the
        /// transform is made from it.
        mutating func header(_ record: CSVRecord, _ make: (CSVRecord) -> Transform?) -> Element {
            transform = make(record)
            made = true
            return .record(record.compacted())
        }

        /// The transform made from a header another thread read (nil: no
        /// header, every record travels as itself).
        mutating func adopt(header: CSVRecord?, _ make: (CSVRecord) -> Transform?) {
            transform = header.flatMap(make)
            made = true
        }

        /// Any later record (once ``made``): what the transform makes of
        /// it, or the record itself.
        @inline(__always)
        func add(_ record: CSVRecord, to elements: inout [Element]) {
            if let transform, transform.take(record, &elements) { return }
            elements.append(.record(record.compacted()))
        }

        /// The transform's `take`, once made (nil: no transform).
        var take: ((_ record: CSVRecord, _ elements: inout [Element]) -> Bool)? { transform?.take }

        /// What the transform holds back (at the end of a segment).
        func flush(into elements: inout [Element]) {
            transform?.flush(&elements)
        }
    }

    private var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// Records the last result the segmenter gives (under the lock).
    private func finish(_ index: Int, _ result: Result) {
        results[index] = result
        segmenterDone = true
        if !headerKnown && index == 0 { headerKnown = true }
        condition.broadcast()
    }

    private func parse(_ segment: CSVSegment, encoding: TextEncoding?, maker: inout ElementMaker) -> Result {
        var elements: [Element] = []
        elements.reserveCapacity(segment.bytes.count / 32)
        let first = segment.index == 0
        defer { if first { publishHeader(nil) } }
        // A later segment's transform is made from the header before its
        // first record, and called without going through the maker (whose
        // copy of it would count references per record).
        if !first && !maker.made { maker.adopt(header: knownHeader(), makeTransform) }
        let take = maker.take
        do {
            let outcome = try segment.forEachRecord(
                file: reader.displayName, options: reader.options, encoding: encoding, stopsWhenUndecided: true
            ) { record in
                if let take {
                    if !take(record, &elements) { elements.append(.record(record.compacted())) }
                } else if first && !maker.made {
                    // The file's first record: the header.
                    let header = record.compacted()
                    publishHeader(header)
                    elements.append(maker.header(header, makeTransform))
                } else {
                    if !maker.made { maker.adopt(header: knownHeader(), makeTransform) }
                    maker.add(record, to: &elements)
                }
            }
            maker.flush(into: &elements)
            switch outcome {
            case let .read(lines, encoding):
                return .parsed(elements, lines: lines, end: segment.end, encoding: encoding)
            case .encodingUndecided:
                return .undecided(segment)
            }
        } catch {
            maker.flush(into: &elements)
            return .failed(elements, error)
        }
    }

    /// Makes the header known to the other workers (nil: the first
    /// segment has no record; they send every record as itself).
    private func publishHeader(_ record: CSVRecord?) {
        condition.lock()
        if !headerKnown {
            header = record
            headerKnown = true
            condition.broadcast()
        }
        condition.unlock()
    }
}
