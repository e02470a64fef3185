/// What is wrong with a dataset's `dataset.yaml`, said in Chinese and in
/// English (``ContractError/badDescriptor(file:problem:)``).
public enum DescriptorProblem: Equatable, Sendable, CustomStringConvertible {
    /// There is no `dataset.yaml` in the folder.
    case missing(folder: String)
    /// The text is not YAML, or not a mapping of the expected keys.
    case notYAML(detail: String)
    /// `term` is missing or blank.
    case missingTerm
    /// An id (`term`, `district`) that cannot name an output folder.
    case notAFolderName(key: String, value: String)
    /// `start` or `end` is missing or not a date.
    case notADate(key: String)
    /// `start` is after `end`.
    case startAfterEnd(start: String, end: String)
    /// An encoding other than UTF-8 or GB18030.
    case unknownEncoding(file: String, value: String)
    /// An encoding given for a file the dataset does not have.
    case unknownFile(file: String)

    /// The problem in Chinese.
    public var zh: String {
        switch self {
        case let .missing(folder):
            return "\(folder) 中没有这个文件；每个数据集都需要它（写明 term、title、start、end）"
        case let .notYAML(detail):
            return "不是有效的 YAML（\(detail)）"
        case .missingTerm:
            return "缺少学期 'term'（例如 term: 2025-autumn）"
        case let .notAFolderName(key, value):
            return "'\(key)' 只能由字母、数字、'-'、'_' 或 '.' 组成（它是输出文件夹的名字）：'\(value)'"
        case let .notADate(key):
            return "缺少 '\(key)'，或其值不是日期（格式为 YYYY-MM-DD）"
        case let .startAfterEnd(start, end):
            return "开始日期 'start' \(start) 晚于结束日期 'end' \(end)"
        case let .unknownEncoding(file, value):
            return "\(file) 的编码 '\(value)' 无法识别，只能是 utf-8 或 gb18030"
        case let .unknownFile(file):
            return "为未知文件 '\(file)' 指定了编码"
        }
    }

    /// The problem in English.
    public var en: String {
        switch self {
        case let .missing(folder):
            return "missing from \(folder); every dataset needs one (term, title, start, end)"
        case let .notYAML(detail):
            return "not valid YAML: \(detail)"
        case .missingTerm:
            return "'term' is missing (for example term: 2025-autumn)"
        case let .notAFolderName(key, value):
            return "'\(key)' must be letters, digits, '-', '_' or '.' (it names the output folder): '\(value)'"
        case let .notADate(key):
            return "'\(key)' is missing or not a date (YYYY-MM-DD)"
        case let .startAfterEnd(start, end):
            return "'start' \(start) is after 'end' \(end)"
        case let .unknownEncoding(file, value):
            return "encoding '\(value)' for \(file) is not utf-8 or gb18030"
        case let .unknownFile(file):
            return "encoding given for unknown file '\(file)'"
        }
    }

    /// Chinese, then English.
    public var description: String { "\(zh) / \(en)" }
}
