/// Everything the contract says about one file, computed once: the hot
/// path reads it for every row of a 50-million-row file.
struct FileContract: Sendable {
    let columns: [ColumnSpec]
    let index: [String: Int]
    let references: [ReferenceSpec]
    /// The column index of each reference, in reference order.
    let referenceColumns: [Int]
    let idColumn: Int?
    let schoolColumn: Int?
    let activityColumn: Int?
    let classColumn: Int?
    let keyColumns: [Int]

    init(_ file: InputFile) {
        columns = file.columnSpecs
        var index: [String: Int] = [:]
        for (i, c) in columns.enumerated() { index[c.name] = i }
        self.index = index
        references = file.referenceSpecs
        referenceColumns = references.compactMap { index[$0.column] }
        idColumn = file.idColumn.flatMap { index[$0] }
        schoolColumn = index["school_id"]
        activityColumn = index["activity_id"]
        classColumn = index["class_id"]
        keyColumns = file.keyColumns.compactMap { index[$0] }
    }

    private static let all: [FileContract] = InputFile.allCases.map(FileContract.init)

    static func of(_ file: InputFile) -> FileContract { all[file.ordinal] }
}
