import AfterschoolDomain

/// What validation found in one input file.
public struct FileReport: Sendable, Equatable, Codable {
    public var file: String
    /// False for an optional file that is not in the dataset.
    public var present: Bool
    /// Non-blank records (the header, blank lines and all-blank records
    /// are not counted).
    public var records: Int = 0
    public var accepted: Int = 0
    /// Rejected records by rule.
    public var rejectedByRule: [String: Int] = [:]
    /// The encoding read (`utf-8`, `gb18030`), when present.
    public var encoding: String?
    /// Bytes read.
    public var bytes: Int = 0
    /// SHA-256 of the file's bytes.
    public var sha256: String?

    public var rejected: Int { rejectedByRule.values.reduce(0, +) }

    /// rejected / records (0 for an empty file).
    public var rejectShare: Double { records == 0 ? 0 : Double(rejected) / Double(records) }

    public init(file: String, present: Bool) {
        self.file = file
        self.present = present
    }
}

/// What ingestion found in the whole dataset.
public struct IngestReport: Sendable {
    public var files: [FileReport] = []
    /// The first ``IngestReport/keptRejects`` rejected rows, in file (load)
    /// order then line order. All of them are in `rejects.csv`, written as
    /// they are found, so memory does not grow with a badly broken file.
    public var rejects: [Reject] = []
    /// How many rejected rows are kept in ``rejects``.
    public static let keptRejects = 10_000
    /// Problems that do not reject a row (unknown columns, calendar gaps).
    public var warnings: [String] = []
    /// The sources read (not reused), by name, in order.
    public var read: [String] = []
    /// The warnings about each file (not those about the dataset as a whole).
    public var warningsByFile: [String: [String]] = [:]
    /// The first file whose reject share is over the limit, if any.
    public var overLimit: FileReport?

    public init() {}
}
