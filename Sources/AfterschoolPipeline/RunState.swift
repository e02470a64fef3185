import AfterschoolDomain
import AfterschoolWarehouse
import Foundation

/// What a run leaves in `OUT/.cache/state.json` for the next run on the same
/// output folder: the fingerprint of each input file's ingestion and of each
/// stage, with hashes of what they produced, so that a re-run can reuse
/// what did not change and can tell when the cache was damaged.
///
/// The cache lives inside the output folder, so it is published (and
/// replaced) in the same single step as the outputs it describes; it is not
/// one of the published files (`.cache` is hidden and not in the manifest).
struct RunState: Codable, Sendable {
    /// Raised when this layout changes; an older cache is not read.
    static let formatVersion = 2
    var format = RunState.formatVersion
    var pipeline: String
    /// The dataset folder, absolute.
    var dataset: String
    /// The program build that made it.
    var build: String
    /// The stat cache: input files by absolute path.
    var hashes: [String: HashedFile] = [:]
    /// When the hashes were taken, less a margin (see ``FileHasher``).
    var hashedBeforeNs: Int64 = 0
    /// Per input file, by file name.
    var ingest: [String: IngestRecord] = [:]
    /// Every warning of ingestion (files and the calendar), in order.
    var ingestWarnings: [DataWarning] = []
    /// The fingerprint of the validate stage (the reject-share check).
    var validate: String?
    /// Per analysis stage, by name.
    var stages: [String: StageRecord] = [:]
    /// The warehouse as published.
    var warehouse: FileStat?

    /// One input file's ingestion.
    struct IngestRecord: Codable, Sendable {
        var fingerprint: String
        /// What the fingerprint was made of (to say what changed).
        var inputs: [String: String]
        var report: FileReport
        /// Warnings about this file (unknown columns, a cut-off end).
        var warnings: [DataWarning]
        /// The file's rejects, `.cache/rejects/<file>` (no header), and its hash.
        var rejectsSha256: String
    }

    /// One stage's run.
    struct StageRecord: Codable, Sendable {
        var fingerprint: String
        /// What the fingerprint was made of (to say what changed).
        var inputs: [String: String]
        /// Published files it wrote (`tables/x.csv`), with their hashes.
        var files: [String: String]
        /// Its result for later stages (`.cache/results/<stage>.json`), hashed.
        var resultSha256: String?
        var warnings: [String]
        /// Rows of each table it wrote, by table name.
        var rows: [String: Int]
    }

    static let folder = ".cache"
    static func path(in output: String) -> String { output + "/" + folder + "/state.json" }
    static func rejectsPart(_ file: String, in output: String) -> String { output + "/" + folder + "/rejects/" + file }
    static func resultPath(_ stage: String, in output: String) -> String { output + "/" + folder + "/results/" + stage + ".json" }

    /// Reads the state of an earlier output; nil when there is none or it
    /// cannot be read (then nothing is reused).
    static func read(from output: String) -> RunState? {
        guard let data = FileManager.default.contents(atPath: path(in: output)),
              let state = try? JSONDecoder().decode(RunState.self, from: data),
              state.format == formatVersion else { return nil }
        return state
    }

    func write(to output: String) throws(PipelineError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let path = RunState.path(in: output)
        do {
            try AtomicFolder.createFolders(output + "/" + RunState.folder)
            try encoder.encode(self).write(to: URL(fileURLWithPath: path))
        } catch {
            throw .io(path: path, reason: error.localizedDescription)
        }
    }

    /// The first thing that says the cache in `output` was changed since it
    /// was written (a published table edited, the warehouse written to, a
    /// cached file missing), or nil when everything is as it was left.
    func damage(in output: String) -> CacheDamage? {
        // Size and modification time, not the inode: an output folder moved
        // or copied with its times (`cp -a`) keeps its cache.
        let now = FileStat(path: output + "/warehouse.sqlite")
        if let w = warehouse, now?.size != w.size || now?.mtimeNs != w.mtimeNs {
            return .warehouseChanged
        }
        if warehouse != nil, let problem = Warehouse.fileProblem(at: output + "/warehouse.sqlite") {
            return .warehouseDamaged(problem)
        }
        for (name, record) in ingest.sorted(by: { $0.key < $1.key }) {
            if (try? FileHasher.sha256(RunState.rejectsPart(name, in: output))) != record.rejectsSha256 {
                return .cacheFile(".cache/rejects/\(name)")
            }
        }
        for (stage, record) in stages.sorted(by: { $0.key < $1.key }) {
            for (file, sha) in record.files.sorted(by: { $0.key < $1.key })
            where (try? FileHasher.sha256(output + "/" + file)) != sha {
                return .output(file)
            }
            if let sha = record.resultSha256, (try? FileHasher.sha256(RunState.resultPath(stage, in: output))) != sha {
                return .cacheFile(".cache/results/\(stage).json")
            }
        }
        return nil
    }
}

/// What says an earlier run's cache cannot be trusted (``RunState/damage(in:)``).
public enum CacheDamage: Sendable, Equatable {
    /// `warehouse.sqlite` has another size or time than the run left.
    case warehouseChanged
    /// `warehouse.sqlite` fails SQLite's check (SQLite's words).
    case warehouseDamaged(String)
    /// A file of the cache (`.cache/...`) is missing or changed.
    case cacheFile(String)
    /// A published file is missing or was changed.
    case output(String)

    /// The damage in English.
    public var en: String {
        switch self {
        case .warehouseChanged: return "warehouse.sqlite was changed or removed after the run that made it"
        case let .warehouseDamaged(problem): return "warehouse.sqlite is damaged: \(problem)"
        case let .cacheFile(path): return "\(path) is missing or changed"
        case let .output(file): return "\(file) is missing or was changed after the run that made it"
        }
    }

    /// The damage in Chinese.
    public var zh: String {
        switch self {
        case .warehouseChanged: return "warehouse.sqlite 在生成它的那次运行之后被改动或删除"
        case let .warehouseDamaged(problem): return "warehouse.sqlite 已损坏：\(problem)"
        case let .cacheFile(path): return "\(path) 缺失或被改动"
        case let .output(file): return "\(file) 缺失，或在生成它的那次运行之后被改动"
        }
    }
}
