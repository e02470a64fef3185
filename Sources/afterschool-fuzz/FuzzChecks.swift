import AfterschoolCSV
import AfterschoolDomain
import Foundation

/// The checks one fuzz input goes through; a difference is a crash (a
/// finding libFuzzer keeps with the input).
enum FuzzChecks {
    /// A record as compared: its line and fields.
    struct Row: Equatable {
        let line: Int
        let fields: [String]
    }

    /// What a read gave: the records and the error it stopped with.
    struct Read: Equatable {
        var rows: [Row] = []
        var error: String?
    }

    /// A temporary file holding `bytes`, removed after `body`.
    static func withFile<T>(_ bytes: [UInt8], _ body: (String) -> T) -> T {
        let path = NSTemporaryDirectory() + "afterschool-fuzz-\(getpid()).csv"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return body(path)
    }

    /// A small field limit: address-sanitised runs crawl on long fields.
    static var options: CSVReader.Options {
        var o = CSVReader.Options()
        o.maxFieldBytes = 4096
        o.maxRecordBytes = 16384
        return o
    }

    static func read(_ path: String, chunkSize: Int) -> Read {
        var o = options
        o.chunkSize = chunkSize
        var read = Read()
        do {
            try CSVReader(path: path, options: o).forEachRecord { read.rows.append(Row(line: $0.line, fields: $0.fields)) }
        } catch {
            read.error = "\(error)"
        }
        return read
    }

    static func readParallel(_ path: String, segmentSize: Int) -> Read {
        var read = Read()
        let reader = ParallelCSVReader<Row>(reader: CSVReader(path: path, options: options), workers: 2,
                                            segmentSize: segmentSize) { _ in .init { Row(line: $0.line, fields: $0.fields) } }
        do {
            try reader.forEachBatch { batch in
                for element in batch.elements {
                    switch element {
                    case let .record(r): read.rows.append(Row(line: r.line + batch.lineOffset, fields: r.fields))
                    case let .item(row): read.rows.append(Row(line: row.line + batch.lineOffset, fields: row.fields))
                    }
                }
            }
        } catch {
            read.error = "\(error)"
        }
        return read
    }

    /// The reader gives the same records, lines and error in any chunk or
    /// segment size.
    static func reader(_ bytes: [UInt8], seed: Int) {
        withFile(bytes) { path in
            let whole = read(path, chunkSize: 1 << 16)
            for chunk in [1, 2, 3 + seed % 61, 64 + seed] {
                let other = read(path, chunkSize: chunk)
                precondition(other == whole, "chunk \(chunk): \(other) != \(whole)")
            }
            let parallel = readParallel(path, segmentSize: 1 + seed % 97)
            precondition(parallel == whole, "segments: \(parallel) != \(whole)")
        }
    }

    /// Each record checked against a file's contract: never a crash.
    static func validation(_ bytes: [UInt8], file index: Int) {
        let file = InputFile.allCases[index % InputFile.allCases.count]
        withFile(bytes) { path in
            var validator: RowValidator?
            var row = ConformedRow()
            try? CSVReader(path: path, options: options).forEachRecord { record in
                guard let v = validator else {
                    if let header = try? HeaderMap(header: record, file: file) { validator = RowValidator(file: file, header: header) }
                    return
                }
                _ = v.validate(record, into: &row)
            }
        }
    }
}
