import AfterschoolCSV
import Foundation
import Testing
@testable import AfterschoolPipeline

/// The parallel reader at the sizes ingestion uses (segments of 1 MiB, two
/// threads): records in file order across segments, errors after the
/// records before them, and a stop when the caller stops.
@Suite("Parallel reading at full size")
struct ParallelReadingTests {
    struct Never: Sendable {}

    /// `n` records `i,x` after a header, then `tail`.
    static func file(_ tmp: TempDir, records n: Int, tail: String = "") throws -> String {
        var text = "a,b\n"
        for i in 1...n { text += "\(i),x\n" }
        text += tail
        let path = tmp.sub("f.csv")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// More than three segments' worth of records.
    static let records = 500_000

    @Test("records across several segments arrive in order, each with its line")
    func order() throws {
        let tmp = try TempDir("parallel")
        defer { tmp.remove() }
        let n = Self.records
        let reader = ParallelCSVReader<Never>(reader: CSVReader(path: try Self.file(tmp, records: n))) { _ in nil }
        var lines: [Int] = []
        var firsts: [String] = []
        try reader.forEachBatch { batch in
            for case let .record(r) in batch.elements {
                lines.append(r.line + batch.lineOffset)
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
        let n = Self.records
        let reader = ParallelCSVReader<Never>(reader: CSVReader(path: try Self.file(tmp, records: n, tail: "\"open,x\n"))) { _ in nil }
        var count = 0
        do {
            try reader.forEachBatch { count += $0.elements.count }
            Issue.record("no error")
        } catch let error as CSVError {
            #expect(count == n + 1)
            #expect(error == .unterminatedQuote(file: "f.csv", line: n + 2))
        }
    }

    @Test("the caller stopping early ends the reading threads (no hang)", .timeLimit(.minutes(1)))
    func stopEarly() throws {
        struct Stop: Error {}
        let tmp = try TempDir("parallel")
        defer { tmp.remove() }
        let reader = ParallelCSVReader<Never>(reader: CSVReader(path: try Self.file(tmp, records: Self.records))) { _ in nil }
        #expect(throws: Stop.self) { try reader.forEachBatch { _ in throw Stop() } }
    }
}
