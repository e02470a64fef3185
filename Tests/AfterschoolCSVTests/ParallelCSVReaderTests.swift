import Testing
@testable import AfterschoolCSV

/// The parallel reader must give what the whole-file reader gives: the
/// same records, lines, errors and encoding, wherever the segments cut
/// the file and however many threads parse them.
@Suite("ParallelCSVReader: the same records as a whole read")
struct ParallelCSVReaderTests {
    /// An item the test transform makes of records whose first field
    /// starts with a digit (the others travel as records).
    struct Item: Sendable {
        var line: Int
        var fields: [String]
    }

    /// What a read ends with: the records before the end, the error (nil
    /// if none), the encoding, and whether the first record came as a
    /// record (the header always does).
    struct Outcome: Equatable, CustomStringConvertible {
        var rows: [Row]
        var error: String?
        var encoding: TextEncoding?
        var description: String { "\(rows) \(error ?? "no error") \(encoding.map { "\($0)" } ?? "nil")" }
    }

    static func whole(_ path: String, options: CSVReader.Options) -> Outcome {
        var rows: [Row] = []
        let reader = CSVReader(path: path, options: options)
        do {
            try reader.forEachRecord { rows.append(Row(line: $0.line, fields: $0.fields)) }
            return Outcome(rows: rows, error: nil, encoding: reader.encoding)
        } catch {
            return Outcome(rows: rows, error: "\(error)", encoding: nil)
        }
    }

    static func parallel(_ path: String, options: CSVReader.Options, workers: Int, segmentSize: Int) -> (Outcome, headerAsRecord: Bool) {
        var rows: [Row] = []
        var headerAsRecord = false
        let reader = ParallelCSVReader<Item>(
            reader: CSVReader(path: path, options: options), workers: workers, segmentSize: segmentSize
        ) { _ in
            .init { record in
                record.withFieldBytes(0) { $0.first.map { (0x30...0x39).contains($0) } ?? false }
                    ? Item(line: record.line, fields: record.fields) : nil
            }
        }
        do {
            try reader.forEachBatch { batch in
                for element in batch.elements {
                    switch element {
                    case let .record(r):
                        if rows.isEmpty { headerAsRecord = true }
                        rows.append(Row(line: r.line + batch.lineOffset, fields: r.fields))
                    case let .item(item):
                        rows.append(Row(line: item.line + batch.lineOffset, fields: item.fields))
                    }
                }
            }
            return (Outcome(rows: rows, error: nil, encoding: reader.encoding), headerAsRecord || rows.isEmpty)
        } catch {
            return (Outcome(rows: rows, error: "\(error)", encoding: nil), headerAsRecord || rows.isEmpty)
        }
    }

    /// ASCII for more than the 64 KiB the encoding is guessed from, then
    /// non-ASCII records: the first of them decides the encoding.
    static func lateNonASCII(_ encode: (String) throws -> [UInt8]) rethrows -> [UInt8] {
        var text = "id,name\n"
        var k = 0
        while text.utf8.count < 70_000 {
            k += 1
            text += "\(k),name\(k)\n"
        }
        return try encode(text + "\(k + 1),张三\n\(k + 2),\"李\n四\"\n\(k + 3),王五")
    }

    static let fixtures: [(name: String, bytes: [UInt8])] = {
        var list: [(String, [UInt8])] = [
            ("mixed UTF-8 with a byte-order mark", CSVReaderChunkTests.mixedUTF8),
            ("mixed UTF-8 without one", utf8(CSVReaderChunkTests.mixed)),
            ("a stray quote, then quoted fields", utf8("h,i\n1,a\"b\n2,\"x\ny\"\n3,\"z\"\n")),
            ("lone carriage returns", utf8("h,i\r1,2\r3,\"4\r5\"\r6,7")),
            ("only blank lines before the header", utf8("\n\n\r\n\nh,i\n1,2\n")),
            ("empty", []),
            ("a byte-order mark alone", utf8BOM),
            ("no line break at the end", utf8("h\n1\n2")),
        ]
        if let gb = try? gb18030(CSVReaderChunkTests.mixed) { list.append(("mixed GB18030", gb)) }
        for (i, e) in CSVReaderChunkTests.errorCases.enumerated() { list.append(("error case \(i + 1)", e.text)) }
        for (i, c) in CSVReaderChunkTests.loneCarriageReturns.enumerated() { list.append(("lone CR case \(i + 1)", utf8(c.text))) }
        return list
    }()

    @Test("every fixture, every segment size from 1 to 48, one to three threads", arguments: 1...48)
    func segmentSizes(segmentSize: Int) throws {
        for (name, bytes) in Self.fixtures {
            try withFixture(bytes) { path in
                let expected = Self.whole(path, options: CSVReader.Options())
                for workers in 1...3 {
                    let (got, headerAsRecord) = Self.parallel(path, options: CSVReader.Options(), workers: workers, segmentSize: segmentSize)
                    #expect(got == expected, "\(name), \(workers) thread(s)")
                    #expect(headerAsRecord, "\(name): the header travels as a record")
                }
            }
        }
    }

    @Test("the encoding decided by a non-ASCII record after the first 64 KiB", arguments: [TextEncoding.utf8, .gb18030])
    func lateEncoding(encoding: TextEncoding) throws {
        let bytes = try Self.lateNonASCII { text in
            encoding == .utf8 ? utf8(text) : try gb18030(text)
        }
        try withFixture(bytes) { path in
            let expected = Self.whole(path, options: CSVReader.Options())
            #expect(expected.encoding == encoding)
            for segmentSize in [700, 4096, 65_536] {
                let (got, _) = Self.parallel(path, options: CSVReader.Options(), workers: 2, segmentSize: segmentSize)
                #expect(got == expected, "segments of \(segmentSize) bytes")
            }
        }
    }

    @Test("a file with no place to cut within the longest record is read in order")
    func uncuttable() throws {
        var options = CSVReader.Options()
        options.maxRecordBytes = 16
        options.maxFieldBytes = 16
        // A quoted field far longer than a record may be, and a clean file
        // of long lines.
        let cases = [
            utf8("h,i\n1,2\n3,\"" + String(repeating: "x\n", count: 100) + "\"\n4,5\n"),
            utf8("h\n" + String(repeating: "1\r", count: 200)),
        ]
        for bytes in cases {
            try withFixture(bytes) { path in
                let expected = Self.whole(path, options: options)
                for segmentSize in [1, 3, 8] {
                    let (got, _) = Self.parallel(path, options: options, workers: 2, segmentSize: segmentSize)
                    #expect(got == expected, "segments of \(segmentSize) bytes")
                }
            }
        }
    }

    @Test("an error thrown by the caller stops the reading and comes back as is")
    func callerError() throws {
        struct Stop: Error {}
        let bytes = utf8("h\n" + (1...5_000).map { "\($0)\n" }.joined())
        try withFixture(bytes) { path in
            let reader = ParallelCSVReader<Item>(reader: CSVReader(path: path), workers: 2, segmentSize: 64) { _ in nil }
            var batches = 0
            #expect(throws: Stop.self) {
                try reader.forEachBatch { _ in
                    batches += 1
                    if batches == 3 { throw Stop() }
                }
            }
            #expect(batches == 3)
        }
    }
}
