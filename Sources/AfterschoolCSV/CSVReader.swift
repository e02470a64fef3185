import CLibCSV

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a CSV file record by record in bounded memory, on libcsv.
///
/// - Reads fixed-size chunks into one reused buffer; never the whole file.
/// - Each record carries the physical line where it starts.
/// - RFC 4180 quoting (commas, `""` and newlines inside quotes), LF and CRLF,
///   an optional UTF-8 byte-order mark; blank lines are skipped.
/// - UTF-8 or GB18030/GBK: detected from the file's first bytes or given;
///   GB18030 fields are converted to UTF-8.
/// - Stops with a ``CSVError`` (file and line) on an unterminated quote,
///   malformed quoting, a field over the limit or undecodable bytes.
///
/// ```swift
/// let reader = CSVReader(path: "attendance.csv")
/// try reader.forEachRecord { record in print(record.line, record[0]) }
/// ```
///
/// Not `Sendable`; a reader reads its file once per `forEachRecord` call.
public final class CSVReader {
    /// Reading options.
    public struct Options: Sendable {
        /// Bytes read from the file per chunk.
        public var chunkSize: Int = 256 * 1024
        /// The longest accepted field, in bytes (1 MiB).
        public var maxFieldBytes: Int = 1 << 20
        /// The longest accepted record, in bytes, all fields together.
        public var maxRecordBytes: Int = 16 << 20
        /// The file's encoding; nil detects it.
        public var encoding: TextEncoding?

        public init(chunkSize: Int = 256 * 1024, encoding: TextEncoding? = nil) {
            self.chunkSize = max(1, chunkSize)
            self.encoding = encoding
        }
    }

    /// The path read.
    public let path: String
    /// The name used in messages (the file name by default).
    public let displayName: String
    /// The options.
    public let options: Options
    /// The encoding found (or given); nil until non-ASCII bytes are seen.
    public private(set) var encoding: TextEncoding?
    /// Bytes read from the file so far (for progress while reading).
    public private(set) var bytesRead = 0

    public init(path: String, displayName: String? = nil, options: Options = Options()) {
        self.path = path
        self.displayName = displayName ?? String(path.split(separator: "/").last ?? Substring(path))
        self.options = options
        self.encoding = options.encoding
    }

    /// Calls `body` with each record in file order.
    ///
    /// An error thrown by `body` stops the reading and is rethrown as is.
    /// - Complexity: O(file size) time; memory bounded by the chunk size and
    ///   the longest record.
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        try forEachRecord(from: 0, body)
    }

    /// Calls `body` with each record from byte `offset` of the file, which
    /// must be the start of a record (the file's start, or just after a
    /// line break outside quotes): lines count from 1 there, and only at
    /// the file's start is a byte-order mark skipped.
    public func forEachRecord(from offset: Int, _ body: (CSVRecord) throws -> Void) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw CSVError.unreadable(file: displayName, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        if offset > 0, lseek(fd, off_t(offset), SEEK_SET) < 0 {
            throw CSVError.unreadable(file: displayName, reason: String(cString: strerror(errno)))
        }

        let parser: LibCSVParser
        do {
            parser = try LibCSVParser()
        } catch {
            throw CSVError.parser(file: displayName, line: 0, code: error.code, message: LibCSVParser.message(error.code))
        }
        if encoding == nil { encoding = try CSVReader.detectEncoding(fd) }
        let state = ReadState(file: displayName, options: options, encoding: encoding)
        let feeder = CSVFeeder(file: displayName, options: options)

        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: options.chunkSize, alignment: 1)
        defer { buffer.deallocate() }
        guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }

        try withoutActuallyEscaping(body) { sink in
            state.sink = sink
            defer { state.sink = nil }
            var atStart = offset == 0
            var bomBytes: [UInt8] = []
            while true {
                let n = read(fd, base, options.chunkSize)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CSVError.unreadable(file: displayName, reason: String(cString: strerror(errno)))
                }
                if n == 0 { break }
                bytesRead += n
                var from = 0
                if atStart {
                    // Hold back the first three bytes until we know whether
                    // they are a byte-order mark.
                    while bomBytes.count < 3 && from < n { bomBytes.append(base[from]); from += 1 }
                    if bomBytes.count < 3 { continue }
                    atStart = false
                    if bomBytes != [0xEF, 0xBB, 0xBF] {
                        try bomBytes.withUnsafeBufferPointer { try feeder.feed(parser, state, $0) }
                    }
                }
                try feeder.feed(parser, state, UnsafeBufferPointer(start: base + from, count: n - from))
            }
            if atStart && bomBytes != [0xEF, 0xBB, 0xBF] {
                try bomBytes.withUnsafeBufferPointer { try feeder.feed(parser, state, $0) }
            }
            try feeder.finish(parser, state)
        }
        encoding = state.encoding
    }

    /// The file's size in bytes now (0 when it cannot be read).
    public var fileSize: Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : 0
    }

    /// Looks at the first 64 KiB: a byte-order mark or valid UTF-8 with
    /// non-ASCII bytes means UTF-8; invalid UTF-8 means GB18030; pure ASCII
    /// leaves the choice to the first non-ASCII record.
    static func detectEncoding(_ fd: Int32) throws -> TextEncoding? {
        let sampleSize = 64 * 1024
        var sample = [UInt8](repeating: 0, count: sampleSize)
        let n = sample.withUnsafeMutableBytes { pread(fd, $0.baseAddress, sampleSize, 0) }
        guard n > 0 else { return nil }
        return sample.withUnsafeBufferPointer { all in
            EncodingDetector.detect(UnsafeBufferPointer(rebasing: all[0..<n]), isWholeFile: n < sampleSize)
        }
    }
}

/// Feeds bytes to libcsv and turns its failures into ``CSVError``s: the
/// part of reading shared by a whole file (``CSVReader``) and a segment
/// of one (``CSVSegment``).
struct CSVFeeder: Sendable {
    let file: String
    let options: CSVReader.Options

    /// Feeds `bytes` to libcsv one physical line at a time, so that the
    /// line where each record starts is known.
    func feed(_ parser: LibCSVParser, _ state: ReadState, _ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard let base = bytes.baseAddress else { return }
        let context = Unmanaged.passUnretained(state).toOpaque()
        var start = 0
        let n = bytes.count
        while start < n {
            let newline = memchr(base + start, 0x0A, n - start)
            let end = newline.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) + 1 } ?? n
            if parser.isBetweenRecords { state.recordStart = state.line }
            let length = end - start
            let wasQuoted = parser.isInQuotedField
            let fieldsBefore = state.fieldsSeen
            let consumed = csv_parse(parser.handle, base + start, length, fieldCallback, recordCallback, context)
            if let error = state.pendingError { throw error }
            if consumed != length { throw parseError(parser, state) }
            // A quoted field left open was opened on this line (unless it is
            // the same field that was already open when the bytes began).
            if parser.isInQuotedField && (!wasQuoted || state.fieldsSeen != fieldsBefore) {
                state.quoteLine = state.line
            }
            if newline != nil { state.line += 1 }
            start = end
        }
    }

    /// Ends the parse: delivers a last record without a newline, or reports
    /// an unterminated quote (its partial fields are discarded).
    func finish(_ parser: LibCSVParser, _ state: ReadState) throws {
        let context = Unmanaged.passUnretained(state).toOpaque()
        if parser.isBetweenRecords { state.recordStart = state.line }
        let status = csv_fini(parser.handle, fieldCallback, recordCallback, context)
        if let error = state.pendingError { throw error }
        if status != 0 {
            if parser.errorCode == CSV_EPARSE {
                throw CSVError.unterminatedQuote(file: file, line: state.quoteLine)
            }
            throw parseError(parser, state)
        }
    }

    func parseError(_ parser: LibCSVParser, _ state: ReadState) -> CSVError {
        let code = parser.errorCode
        switch code {
        case Int32(CSV_EPARSE):
            return .malformedQuoting(file: file, line: state.line)
        case Int32(CSV_ENOMEM), Int32(CSV_ETOOBIG):
            return .fieldTooLong(file: file, line: state.recordStart, limit: options.maxFieldBytes)
        default:
            return .parser(file: file, line: state.line, code: code, message: LibCSVParser.message(code))
        }
    }
}

/// Decides between UTF-8 and GB18030 from a sample of bytes.
enum EncodingDetector {
    static func detect(_ sample: UnsafeBufferPointer<UInt8>, isWholeFile: Bool) -> TextEncoding? {
        if sample.count >= 3 && sample[0] == 0xEF && sample[1] == 0xBB && sample[2] == 0xBF { return .utf8 }
        if UTF8Validation.isASCII(sample) { return nil }
        var end = sample.count
        if !isWholeFile {
            // The sample may cut a multi-byte character: drop the last
            // character (its lead byte and up to three continuation bytes;
            // dropping a complete one is harmless).
            var start = end
            while start > 0 && end - start < 3 && (0x80...0xBF).contains(sample[start - 1]) { start -= 1 }
            if start > 0 && sample[start - 1] >= 0xC0 { end = start - 1 }
        }
        return UTF8Validation.isValid(UnsafeBufferPointer(rebasing: sample[0..<end])) ? .utf8 : .gb18030
    }
}

/// A segment met a non-ASCII record before the file's encoding was known.
struct EncodingUndecided: Error {}

/// The parse state the C callbacks reach through their context pointer.
final class ReadState {
    let file: String
    let options: CSVReader.Options
    var encoding: TextEncoding?
    var record = CSVRecord()
    var line = 1
    var recordStart = 1
    /// The line where the latest quoted field opened (for an unterminated quote).
    var quoteLine = 1
    /// Fields delivered by libcsv so far (tells one quoted field from the next).
    var fieldsSeen = 0
    var sink: ((CSVRecord) throws -> Void)?
    var pendingError: (any Error)?
    /// A segment read while the file's encoding is still open stops at its
    /// first non-ASCII record (``EncodingUndecided``): that record decides
    /// the encoding only when read in file order.
    var stopsWhenUndecided = false
    private var decoder: IconvConverter?

    /// The fields of the record being parsed (``record`` is filled from
    /// them once it ends).
    private var fields = FieldBuffer()

    init(file: String, options: CSVReader.Options, encoding: TextEncoding?) {
        self.file = file
        self.options = options
        self.encoding = encoding
    }

    deinit { fields.deallocate() }

    func field(_ data: UnsafeMutableRawPointer?, _ length: Int) {
        fieldsSeen &+= 1
        guard pendingError == nil else { return }
        if length > options.maxFieldBytes {
            pendingError = CSVError.fieldTooLong(file: file, line: recordStart, limit: options.maxFieldBytes)
            return
        }
        if fields.byteCount + length > options.maxRecordBytes {
            pendingError = CSVError.fieldTooLong(file: file, line: recordStart, limit: options.maxRecordBytes)
            return
        }
        fields.append(data, length)
    }

    /// Ends a record; `terminator` is the byte that ended it (a line
    /// feed, a carriage return, or -1 at the end of the input).
    func endRecord(terminator: Int32) {
        defer {
            fields.removeAll()
            // After a lone carriage return the next record starts on this
            // same physical line (lines are counted by line feeds).
            if terminator == 0x0D { recordStart = line }
        }
        guard pendingError == nil, let sink else { return }
        record.assign(fields.bytes, fields.ends)
        record.line = recordStart
        record.endsWithoutLineBreak = terminator == -1
        do {
            try decodeRecord()
            // Moved out for the call (and back, its storage kept), so that
            // passing it counts no references.
            var current = CSVRecord()
            swap(&current, &record)
            defer { swap(&current, &record) }
            try sink(current)
        } catch {
            pendingError = error
        }
    }

    /// Whether each field of the record is valid UTF-8 by itself.
    private var everyFieldIsUTF8: Bool {
        (0..<record.count).allSatisfy { record.withFieldBytes($0, UTF8Validation.isValid) }
    }

    /// Makes every field valid UTF-8: validates it, or converts it from
    /// GB18030.
    private func decodeRecord() throws {
        if fields.isASCII { return }
        if encoding == nil && stopsWhenUndecided { throw EncodingUndecided() }
        // Each field on its own: a comma can cut a character in two whose
        // halves, put together, would pass.
        let isUTF8 = encoding == .gb18030 ? false : everyFieldIsUTF8
        if encoding == nil { encoding = isUTF8 ? .utf8 : .gb18030 }
        switch encoding {
        case .utf8, nil:
            if !isUTF8 { throw CSVError.undecodable(file: file, line: recordStart, encoding: .utf8) }
        case .gb18030:
            if decoder == nil { decoder = IconvConverter.gb18030ToUTF8() }
            guard let decoder else {
                throw CSVError.undecodable(file: file, line: recordStart, encoding: .gb18030)
            }
            for i in 0..<record.count {
                let converted: [UInt8]? = record.withFieldBytes(i) { bytes in
                    UTF8Validation.isASCII(bytes) ? nil : (decoder.convert(bytes) ?? [0xFF])
                }
                guard let converted else { continue }
                if converted == [0xFF] {
                    throw CSVError.undecodable(file: file, line: recordStart, encoding: .gb18030)
                }
                record.replaceField(i, with: converted)
            }
        }
    }
}

/// The fields of one record as libcsv delivers them, in memory of the
/// reader's own: appending a field is a copy, with no array's bookkeeping
/// (libcsv calls once per field, hundreds of millions of times a term).
struct FieldBuffer {
    private var storage: UnsafeMutablePointer<UInt8>
    private var fieldEnds: UnsafeMutablePointer<Int>
    private var byteCapacity = 1024
    private var endCapacity = 64
    /// The bytes of the fields so far.
    private(set) var byteCount = 0
    /// The number of fields so far.
    private(set) var fieldCount = 0
    /// The bytes so far OR-ed together (enough to tell whether the top
    /// bit is set anywhere).
    private var highBits: UInt8 = 0

    /// Whether every byte so far is ASCII.
    var isASCII: Bool { highBits & 0x80 == 0 }

    init() {
        storage = .allocate(capacity: byteCapacity)
        fieldEnds = .allocate(capacity: endCapacity)
    }

    /// The fields' bytes, one after the other.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: byteCount) }
    /// Where each field ends in ``bytes``.
    var ends: UnsafeBufferPointer<Int> { UnsafeBufferPointer(start: fieldEnds, count: fieldCount) }

    @inline(__always)
    mutating func append(_ data: UnsafeMutableRawPointer?, _ length: Int) {
        if byteCount + length > byteCapacity { grow(bytes: byteCount + length) }
        if fieldCount == endCapacity { growEnds() }
        if let data, length > 0 {
            let source = data.assumingMemoryBound(to: UInt8.self)
            let target = storage + byteCount
            if length <= 16 {
                // Most fields are short: a loop costs less than a call,
                // and it sees whether each byte is ASCII on the way.
                var high: UInt8 = 0
                for k in 0..<length {
                    target[k] = source[k]
                    high |= source[k]
                }
                highBits |= high
            } else {
                target.update(from: source, count: length)
                if !UTF8Validation.isASCII(UnsafeBufferPointer(start: source, count: length)) { highBits |= 0x80 }
            }
        }
        byteCount += length
        fieldEnds[fieldCount] = byteCount
        fieldCount += 1
    }

    mutating func removeAll() {
        byteCount = 0
        fieldCount = 0
        highBits = 0
    }

    private mutating func grow(bytes needed: Int) {
        var capacity = byteCapacity
        while capacity < needed { capacity *= 2 }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        larger.update(from: storage, count: byteCount)
        storage.deallocate()
        storage = larger
        byteCapacity = capacity
    }

    private mutating func growEnds() {
        let larger = UnsafeMutablePointer<Int>.allocate(capacity: endCapacity * 2)
        larger.update(from: fieldEnds, count: fieldCount)
        fieldEnds.deallocate()
        fieldEnds = larger
        endCapacity *= 2
    }

    /// Frees the memory (the owner's deinit).
    func deallocate() {
        storage.deallocate()
        fieldEnds.deallocate()
    }
}

private let fieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
    data, length, context in
    guard let context else { return }
    // The reader holds the state for the whole parse: no retain per call.
    Unmanaged<ReadState>.fromOpaque(context)._withUnsafeGuaranteedRef { $0.field(data, length) }
}

private let recordCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = {
    terminator, context in
    guard let context else { return }
    Unmanaged<ReadState>.fromOpaque(context)._withUnsafeGuaranteedRef { $0.endRecord(terminator: terminator) }
}
