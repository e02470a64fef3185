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

    /// Matches header names to columns by English name or Chinese alias,
    /// case-insensitively, after trimming.
    /// - Throws: ``ContractError`` for a duplicate or a missing required column.
    public init(header: CSVRecord, file: InputFile) throws(ContractError) {
        let columns = file.columns
        var byName: [String: Int] = [:]
        for (i, c) in columns.enumerated() {
            byName[c.name.lowercased()] = i
            byName[c.alias.lowercased()] = i
        }
        var index = [Int?](repeating: nil, count: columns.count)
        var unknown: [String] = []
        for f in 0..<header.count {
            let name = String(ValueParser.trim(header[f])).lowercased()
            guard let c = byName[name] else {
                if !name.isEmpty { unknown.append(String(ValueParser.trim(header[f]))) }
                continue
            }
            if index[c] != nil {
                throw .duplicateColumn(file: file.fileName, column: columns[c].name, line: header.line)
            }
            index[c] = f
        }
        for (i, c) in columns.enumerated() where c.isRequired && index[i] == nil {
            throw .missingColumn(file: file.fileName, column: c.name, alias: c.alias)
        }
        fieldIndex = index
        fieldCount = header.count
        unknownColumns = unknown
    }
}
