/// A file-level problem with a dataset: the run stops (exit status 1) with
/// this one message and writes no output.
public enum ContractError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A required file is not in the dataset folder.
    case missingFile(file: String, folder: String)
    /// The file has no header row.
    case emptyFile(file: String)
    /// A required column is not in the header.
    case missingColumn(file: String, column: String, alias: String)
    /// The header names a column twice, directly or through its alias.
    case duplicateColumn(file: String, column: String, line: Int)
    /// `dataset.yaml` is missing or wrong.
    case badDescriptor(file: String, problem: DescriptorProblem)
    /// A file kind is in the dataset both as a file and as a folder of parts.
    case fileAndParts(file: String, folder: String)
    /// More of a file's records were rejected than allowed.
    case tooManyRejects(file: String, rejected: Int, records: Int, limit: Double, rejectsPath: String)

    public var description: String {
        switch self {
        case let .missingFile(file, folder):
            return "\(folder) 中缺少必需的文件 \(file)"
                + " / \(file) is missing from \(folder); this file is required"
        case let .emptyFile(file):
            return "\(file) 第 1 行：文件是空的，至少要有表头行"
                + " / \(file) line 1: the file is empty; a header row is required"
        case let .missingColumn(file, column, alias):
            return "\(file) 第 1 行：表头中缺少必需的列“\(alias)”（\(column)）"
                + " / \(file) line 1: required column '\(column)' (or '\(alias)') is not in the header"
        case let .duplicateColumn(file, column, line):
            return "\(file) 第 \(line) 行：表头中“\(column)”列出现了两次（直接或以中文列名）"
                + " / \(file) line \(line): the header names column '\(column)' twice (directly or through its Chinese alias)"
        case let .badDescriptor(file, problem):
            return "\(file)：\(problem.zh) / \(file): \(problem.en)"
        case let .fileAndParts(file, folder):
            return "数据集中同时有 \(file) 和文件夹 \(folder)/，请只保留一种：整个文件，或文件夹中的分校文件"
                + " / \(file) and the folder \(folder)/ are both in the dataset; keep one: the whole file, or its parts in the folder"
        case let .tooManyRejects(file, rejected, records, limit, rejectsPath):
            let share = records == 0 ? 0 : Double(rejected) / Double(records)
            return "\(file)：\(records) 行中有 \(rejected) 行被拒绝（\(percent(share))），超过了允许的比例 max_reject_share \(percent(limit))；被拒绝的行和原因见 \(rejectsPath)，上一次的输出保持不变"
                + " / \(file): \(rejected) of \(records) records rejected (\(percent(share))), more than max_reject_share \(percent(limit)); the rows and reasons are in \(rejectsPath); the previous output was left as it was"
        }
    }
}

func percent(_ x: Double) -> String {
    let tenths = Int((x * 1000).rounded())
    return "\(tenths / 10).\(tenths % 10)%"
}
