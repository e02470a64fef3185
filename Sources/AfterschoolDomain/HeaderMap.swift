import AfterschoolCSV

/// Where each contract column sits in a file's header.
public struct HeaderMap: Sendable {
    /// For each column of ``InputFile/columns``, its field index in the
    /// file, or nil when the (optional) column is absent.
    public let fieldIndex: [Int?]
    /// The number of header fields: every record must have as many.
    public let fieldCount: Int
    /// Header names that match no column (ignored, with one warning).
    public let unknownColumns: [String]
    /// Per header field, how the header may be spelt again further down
    /// (files joined together): the column's English name and Chinese alias
    /// (a file in either language), or the header's own text; lowercased.
    let spellings: [[String]]

    /// Matches header names to columns by English name or Chinese alias,
    /// case-insensitively, after trimming.
    /// - Throws: ``ContractError`` for a duplicate or a missing required column.
    /// - Parameter displayName: how errors name the file (a part's name:
    ///   `attendance/0203.csv`); the file kind's name by default.
    public init(header: CSVRecord, file: InputFile, displayName: String? = nil) throws(ContractError) {
        let shown = displayName ?? file.fileName
        let columns = file.columns
        var byName: [String: Int] = [:]
        for (i, c) in columns.enumerated() {
            byName[c.name.lowercased()] = i
            byName[c.alias.lowercased()] = i
        }
        var index = [Int?](repeating: nil, count: columns.count)
        var unknown: [String] = []
        var spellings: [[String]] = []
        for f in 0..<header.count {
            let name = String(ValueParser.trim(header[f])).lowercased()
            spellings.append(byName[name].map { [columns[$0].name.lowercased(), columns[$0].alias.lowercased()] } ?? [name])
            guard let c = byName[name] else {
                if !name.isEmpty { unknown.append(String(ValueParser.trim(header[f]))) }
                continue
            }
            if index[c] != nil {
                throw .duplicateColumn(file: shown, column: columns[c].name, line: header.line)
            }
            index[c] = f
        }
        for (i, c) in columns.enumerated() where c.isRequired && index[i] == nil {
            throw .missingColumn(file: shown, column: c.name, alias: c.alias)
        }
        fieldIndex = index
        fieldCount = header.count
        unknownColumns = unknown
        self.spellings = spellings
    }

    /// Whether `record` repeats the header, field by field (trimmed, any
    /// case, a column in English or Chinese): what two files joined into
    /// one leave in the middle.
    public func isRepeated(in record: CSVRecord) -> Bool {
        guard record.count == fieldCount else { return false }
        for f in 0..<record.count where !spellings[f].contains(String(ValueParser.trim(record[f])).lowercased()) {
            return false
        }
        return true
    }
}
