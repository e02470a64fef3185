import AfterschoolCSV
import AfterschoolDomain

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `rejects.csv`: one row per rejected input row, in load order (files in
/// dependency order, lines ascending). Each file's rejects are written to a
/// part of their own as they are found (`.cache/rejects/<file>`, no
/// header), so that a re-run that reads a file again replaces only its
/// part; `rejects.csv` is the header followed by the parts in load order.
enum RejectsFile {
    static let header = ["file", "line", "column", "value", "rule", "message"]

    /// The fields of a reject's row.
    static func row(_ r: Reject) -> [String] {
        [r.file, String(r.line), r.column, r.value, r.rule.rawValue, r.message]
    }

    /// Writes `rejects.csv` at `path`: the header, then each part's bytes.
    static func assemble(_ parts: [String], into path: String) throws(PipelineError) {
        let writer = try CSVTableWriter(path: path, header: header)
        try writer.finish()
        guard let out = fopen(path, "ab") else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        defer { fclose(out) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        for part in parts {
            guard let input = fopen(part, "rb") else { continue }
            defer { fclose(input) }
            while true {
                let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, input) }
                if n == 0 { break }
                let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, n, out) }
                guard written == n else { throw .io(path: path, reason: String(cString: strerror(errno))) }
            }
        }
        guard fflush(out) == 0, fsync(fileno(out)) == 0 else {
            throw .io(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Reads back at most `limit` rejects of a part.
    static func read(_ part: String, limit: Int) throws -> [Reject] {
        var rejects: [Reject] = []
        struct Enough: Error {}
        do {
            try CSVReader(path: part, options: CSVReader.Options(encoding: .utf8)).forEachRecord { record in
                let f = record.fields
                guard f.count == 6, let line = Int(f[1]), let rule = RejectRule(rawValue: f[4]) else { return }
                rejects.append(Reject(file: f[0], line: line, column: f[2], value: f[3], rule: rule, message: f[5]))
                if rejects.count >= limit { throw Enough() }
            }
        } catch is Enough {}
        return rejects
    }
}
