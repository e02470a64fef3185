import AfterschoolCSV
import AfterschoolDomain

import Foundation

/// `rejects.csv`: one row per rejected input row, in load order (files in
/// dependency order, lines ascending). Each file's rejects are written to a
/// part of their own as they are found (`.cache/rejects/<file>`, no
/// header, the message in both languages), so that a re-run that reads a
/// file again replaces only its part, and a re-run in the other language
/// reads no input again; `rejects.csv` is the header followed by the
/// parts' rows in load order, each with its message in the run's language.
enum RejectsFile {
    static let header = ["file", "line", "column", "value", "rule", "message"]

    /// The fields of a reject's row in a part: the header's, then the
    /// Chinese message.
    static func partRow(_ r: Reject) -> [String] {
        [r.file, String(r.line), r.column, r.value, r.rule.rawValue, r.message, r.chineseMessage]
    }

    /// Writes `rejects.csv` at `path`: the header, then each part's rows
    /// with the message in `language`.
    static func assemble(_ parts: [String], into path: String, language: TextLanguage) throws(PipelineError) {
        let writer = try CSVTableWriter(path: path, header: header)
        for part in parts where FileManager.default.fileExists(atPath: part) {
            do {
                try forEach(in: part) { r in
                    try writer.write([r.file, String(r.line), r.column, r.value, r.rule.rawValue, r.message(in: language)])
                }
            } catch let error as PipelineError {
                throw error
            } catch {
                throw .io(path: part, reason: "cannot read the rejects part: \(error)")
            }
        }
        try writer.finish()
    }

    /// Reads back at most `limit` rejects of a part.
    static func read(_ part: String, limit: Int) throws -> [Reject] {
        var rejects: [Reject] = []
        struct Enough: Error {}
        do {
            try forEach(in: part) { r in
                rejects.append(r)
                if rejects.count >= limit { throw Enough() }
            }
        } catch is Enough {}
        return rejects
    }

    /// Calls `body` with each reject of a part, in order. A row that is
    /// not a reject (a part edited by hand) stops with an error: the
    /// part's hash is checked before a re-run uses it.
    private static func forEach(in part: String, _ body: (Reject) throws -> Void) throws {
        // A message quotes its value, which may be up to the input's field
        // limit (1 MiB): a part's fields may be longer than an input's.
        var options = CSVReader.Options(encoding: .utf8)
        options.maxFieldBytes = 4 << 20
        try CSVReader(path: part, options: options).forEachRecord { record in
            let f = record.fields
            guard f.count == 7, let line = Int(f[1]), let rule = RejectRule(rawValue: f[4]) else {
                throw PipelineError.io(path: part, reason: "line \(record.line) is not a reject row")
            }
            try body(Reject(file: f[0], line: line, column: f[2], value: f[3], rule: rule,
                            message: f[5], chineseMessage: f[6]))
        }
    }
}
