import AfterschoolDomain

/// `rejects.csv`: one row per rejected input row, in load order (files in
/// dependency order, lines ascending).
enum RejectsFile {
    static let header = ["file", "line", "column", "value", "rule", "message"]

    static func write(_ rejects: [Reject], to path: String) throws(PipelineError) {
        let writer = try CSVTableWriter(path: path, header: header)
        for r in rejects {
            try writer.write([r.file, String(r.line), r.column, r.value, r.rule.rawValue, r.message])
        }
        try writer.finish()
    }
}
