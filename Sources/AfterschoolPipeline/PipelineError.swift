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

    /// The process exit status for this error.
    public var exitStatus: Int32 {
        switch self {
        case .configuration: return 2
        case .csv, .contract, .io, .stage: return 1
        }
    }

    public var description: String {
        switch self {
        case let .csv(e): return e.description
        case let .contract(e): return e.description
        case let .configuration(m): return m
        case let .io(path, reason): return "\(path): \(reason)"
        case let .stage(name, reason): return "stage \(name) failed: \(reason)"
        }
    }
}
