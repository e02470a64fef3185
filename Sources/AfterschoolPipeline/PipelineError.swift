import AfterschoolCSV
import AfterschoolDomain

/// Why a command stopped, with the exit status it maps to: 1 for bad data
/// or a failed stage, 2 for bad usage or configuration.
public enum PipelineError: Error, CustomStringConvertible {
    /// A CSV file could not be read as CSV (unterminated quote, ...).
    case csv(CSVError)
    /// The dataset breaks the input contract at file level.
    case contract(ContractError)
    /// The pipeline file or a parameter is wrong.
    case configuration(String)
    /// Reading or writing a file failed.
    case io(path: String, reason: String)
    /// A stage failed.
    case stage(name: String, reason: String)
    /// The disk that holds the output folder filled up (`detail`: what
    /// failed, as the system said).
    case diskFull(folder: String, detail: String)
    /// The output folder's disk cannot be written to.
    case readOnly(folder: String, detail: String)

    /// The process exit status for this error.
    public var exitStatus: Int32 {
        switch self {
        case .configuration: return 2
        case .csv, .contract, .io, .stage, .diskFull, .readOnly: return 1
        }
    }

    public var description: String {
        switch self {
        case let .csv(e): return e.description
        case let .contract(e): return e.description
        case let .configuration(m): return m
        case let .io(path, reason): return "\(path): \(reason)"
        case let .stage(name, reason): return "stage \(name) failed: \(reason)"
        case let .diskFull(folder, detail):
            return "\(folder)：磁盘已满，运行已停止，上一次的输出保持不变；请腾出空间或换一个 --out 后再运行"
                + " / the disk is full: the run stopped and the previous output is unchanged; free some space or give another --out (\(detail))"
        case let .readOnly(folder, detail):
            return "\(folder)：所在磁盘是只读的，无法写入输出，上一次的输出保持不变；请换一个可写的 --out"
                + " / the disk is read-only: no output can be written there and the previous output is unchanged; give a writable --out (\(detail))"
        }
    }
}
