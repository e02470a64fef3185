import AfterschoolCSV
import Foundation
import Testing
@testable import AfterschoolPipeline

/// The second reading thread hands records over in file order, errors after
/// the records before them, and stops when the caller stops.
@Suite("Parallel records")
struct ParallelRecordsTests {
    /// `n` records `i,x` after a header, then `tail`.
    static func file(_ tmp: TempDir, records n: Int, tail: String = "") throws -> String {
        var text = "a,b\n"
        for i in 1...n { text += "\(i),x\n" }
        text += tail
        let path = tmp.sub("f.csv")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("records across several batches arrive in order, each with its line")
    func order() throws {
        let tmp = try TempDir("parallel")
        defer { tmp.remove() }
        let n = ParallelRecords.batchSize * 3 + 17
        let records = ParallelRecords(reader: CSVReader(path: try Self.file(tmp, records: n))) { _ in nil }
        records.start()
        defer { records.stop() }
        var lines: [Int] = []
        var firsts: [String] = []
        while let batch = try records.next() {
            for case let .record(r) in batch.items {
                lines.append(r.line)
                firsts.append(r[0])
            }
        }
        #expect(lines == Array(1...(n + 1)))
        #expect(firsts.first == "a" && firsts.last == String(n))
    }

    @Test("an error comes after every record before it, with its line")
    func errorAfterRecords() throws {
        let tmp = try TempDir("parallel")
        defer { tmp.remove() }
        let n = ParallelRecords.batchSize + 5
        let records = ParallelRecords(reader: CSVReader(path: try Self.file(tmp, records: n, tail: "\"open,x\n"))) { _ in nil }
        records.start()
        defer { records.stop() }
        var count = 0
        do {
            while let batch = try records.next() { count += batch.items.count }
            Issue.record("no error")
        } catch let error as CSVError {
            #expect(count == n + 1)
            #expect(error == .unterminatedQuote(file: "f.csv", line: n + 2))
        }
    }

    @Test("the caller stopping early ends the reading thread (no hang, no leak of the file)", .timeLimit(.minutes(1)))
    func stopEarly() throws {
        let tmp = try TempDir("parallel")
        defer { tmp.remove() }
        let records = ParallelRecords(reader: CSVReader(path: try Self.file(tmp, records: ParallelRecords.batchSize * 20))) { _ in nil }
        records.start()
        _ = try records.next()
        records.stop()
        records.stop()
    }
}
