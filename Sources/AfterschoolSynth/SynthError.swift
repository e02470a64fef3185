/// Why generating a dataset stopped, with the exit status it maps to: 2 for
/// bad usage, 1 for a problem writing the output.
public enum SynthError: Error, CustomStringConvertible, Equatable {
    /// A setting is wrong (the message says which and what to give).
    case configuration(String)
    /// Creating, writing or renaming a file or folder failed.
    case io(path: String, reason: String)
    /// A text could not be encoded in the output encoding.
    case encoding(text: String, encoding: String)

    /// The process exit status for this error.
    public var exitStatus: Int32 {
        switch self {
        case .configuration: return 2
        case .io, .encoding: return 1
        }
    }

    public var description: String {
        switch self {
        case let .configuration(message):
            return message
        case let .io(path, reason):
            return "\(path): \(reason)"
        case let .encoding(text, encoding):
            return "cannot encode '\(text)' as \(encoding)"
        }
    }
}
