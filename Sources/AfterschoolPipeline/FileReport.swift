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

    /// Adds another file's counts (a part's, to its folder's total).
    mutating func add(_ other: FileReport) {
        records += other.records
        accepted += other.accepted
        bytes += other.bytes
        for (rule, n) in other.rejectedByRule { rejectedByRule[rule, default: 0] += n }
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
    public var warnings: [DataWarning] = []
    /// The sources read (not reused), by name, in order.
    public var read: [String] = []
    /// The warnings about each file (not those about the dataset as a whole).
    public var warningsByFile: [String: [DataWarning]] = [:]
    /// Takes an earlier run's findings for a file not read again: its report,
    /// its warnings and (while fewer than ``keptRejects`` are kept) its rejects.
    mutating func addReused(_ name: String, report file: FileReport, warnings fileWarnings: [DataWarning],
                            rejects: (_ limit: Int) throws -> [Reject]) rethrows {
        files.append(file)
        warnings += fileWarnings
        if !fileWarnings.isEmpty { warningsByFile[name] = fileWarnings }
        let room = IngestReport.keptRejects - self.rejects.count
        if room > 0 && file.rejected > 0 { self.rejects += try rejects(room) }
    }

    /// The first file whose reject share is over the limit, if any.
    public var overLimit: FileReport?

    public init() {}
}
