import AfterschoolDomain

/// Why an input file is read again or a stage runs, or why not: what
/// `afterschool plan` prints, in Chinese or in English. `manifest.json`
/// and the run's log keep the English words (``en``).
public indirect enum PlanReason: Sendable, Equatable, CustomStringConvertible {
    /// The same inputs as the earlier run's: skipped.
    case unchanged
    /// There is no earlier output to reuse.
    case noEarlierResult
    /// `--force`: everything runs.
    case forced
    /// The earlier output in the folder is another pipeline's or dataset's.
    case otherRun
    /// The earlier run's cache failed its check (what was wrong).
    case damagedCache(CacheDamage)
    /// An input file (or part) was removed.
    case fileRemoved(String)
    /// An input file (or part) is new.
    case fileNew(String)
    /// An input file (or part) changed.
    case fileChanged(String)
    /// The file refers to another file that is read again.
    case refersTo(String)
    /// The program is another build.
    case programChanged
    /// A part was added, removed or renamed.
    case partsChanged
    /// Another part of the same referable file changed (its keys may move).
    case otherPartChanged
    /// The file's encoding in `dataset.yaml` changed.
    case encodingChanged
    /// `dataset.yaml` changed.
    case datasetChanged
    /// Something else among the inputs changed.
    case changed
    /// An earlier part is read again and this part had repeated keys.
    case repeatedKeysAfterEarlierPart
    /// Some of the input files are read again (ingest).
    case filesReadAgain(count: Int, of: Int, names: [String])
    /// Validation runs because input files are read again.
    case inputFilesReadAgain
    /// Validation runs because `max_reject_share` changed.
    case rejectShareChanged
    /// An earlier stage this one reads runs again.
    case stageRunsAgain(String)
    /// A parameter the stage reads changed (nil: unset).
    case parameterChanged(name: String, before: String?, after: String?)
    /// The stage's own version changed (a new way of computing it).
    case stageVersionChanged
    /// The warehouse is built anew: every input file is read again.
    case everyFileReadAgain(because: PlanReason)

    /// The reason in `language`.
    public func text(_ language: TextLanguage) -> String {
        language == .en ? en : zh
    }

    /// The reason in English (as `manifest.json` records it).
    public var en: String {
        switch self {
        case .unchanged: return "unchanged"
        case .noEarlierResult: return "no earlier result"
        case .forced: return "--force"
        case .otherRun: return "the earlier output is another pipeline's or dataset's"
        case let .damagedCache(damage): return "the cache is damaged (\(damage.en)); everything runs again"
        case let .fileRemoved(name): return "\(name) was removed"
        case let .fileNew(name): return "\(name) is new"
        case let .fileChanged(name): return "\(name) changed"
        case let .refersTo(name): return "refers to \(name), which is read again"
        case .programChanged: return "the program changed"
        case .partsChanged: return "its parts changed (a part was added, removed or renamed)"
        case .otherPartChanged: return "another part of the same file changed"
        case .encodingChanged: return "its encoding in dataset.yaml changed"
        case .datasetChanged: return "dataset.yaml changed"
        case .changed: return "changed"
        case .repeatedKeysAfterEarlierPart: return "an earlier part is read again, and this part repeated keys"
        case let .filesReadAgain(count, total, names):
            return "\(count) of \(total) files read again: " + names.joined(separator: ", ")
        case .inputFilesReadAgain: return "input files read again"
        case .rejectShareChanged: return "parameter max_reject_share changed"
        case let .stageRunsAgain(stage): return "stage \(stage) runs again"
        case let .parameterChanged(name, before, after):
            return "parameter \(name) changed (\(before ?? "unset") -> \(after ?? "unset"))"
        case .stageVersionChanged: return "the stage's version changed"
        case let .everyFileReadAgain(because): return "every input file is read again (\(because.en))"
        }
    }

    /// The reason in Chinese.
    public var zh: String {
        switch self {
        case .unchanged: return "无变化"
        case .noEarlierResult: return "没有上一次的结果"
        case .forced: return "--force：全部重新运行"
        case .otherRun: return "输出目录中上一次的结果属于另一个流水线或数据集"
        case let .damagedCache(damage): return "上一次的缓存已损坏（\(damage.zh)），全部重新运行"
        case let .fileRemoved(name): return "\(name) 已被删除"
        case let .fileNew(name): return "\(name) 是新增的文件"
        case let .fileChanged(name): return "\(name) 有改动"
        case let .refersTo(name): return "它引用的 \(name) 要重新读取"
        case .programChanged: return "程序已更新"
        case .partsChanged: return "它的分校文件有增加、删除或改名"
        case .otherPartChanged: return "同一文件的另一个分校文件有改动"
        case .encodingChanged: return "dataset.yaml 中它的编码有改动"
        case .datasetChanged: return "dataset.yaml 有改动"
        case .changed: return "有改动"
        case .repeatedKeysAfterEarlierPart: return "前面的分校文件要重新读取，而本文件上次有编号重复的行"
        case let .filesReadAgain(count, total, names):
            return "\(total) 个文件中重新读取 \(count) 个：" + names.joined(separator: "、")
        case .inputFilesReadAgain: return "有输入文件要重新读取"
        case .rejectShareChanged: return "参数 max_reject_share 有改动"
        case let .stageRunsAgain(stage): return "所依赖的阶段 \(stage) 要重新运行"
        case let .parameterChanged(name, before, after):
            return "参数 \(name) 有改动（\(before ?? "未设置") → \(after ?? "未设置")）"
        case .stageVersionChanged: return "该阶段的计算方法（版本）有更新"
        case let .everyFileReadAgain(because): return "所有输入文件都要重新读取（\(because.zh)）"
        }
    }

    /// The English words (as logs and `manifest.json` give them).
    public var description: String { en }
}
