import AfterschoolDomain

/// `rejects.csv`: one row per rejected input row, in load order (files in
/// dependency order, lines ascending).
enum RejectsFile {
    static let header = ["file", "line", "column", "value", "rule", "message"]

    /// Opens `rejects.csv` for rows written as they are found.
    static func open(_ path: String) throws(PipelineError) -> CSVTableWriter {
        try CSVTableWriter(path: path, header: header)
    }

    static func write(_ r: Reject, to writer: CSVTableWriter) throws(PipelineError) {
        try writer.write([r.file, String(r.line), r.column, r.value, r.rule.rawValue, r.message])
    }
}
