/// A file-level problem met while reading a CSV file. Each stops the run:
/// the file cannot be read record by record past this point.
public enum CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// A quoted field is never closed before the end of the file.
    case unterminatedQuote(file: String, line: Int)
    /// The quoting is malformed (for example a quote inside an unquoted
    /// field, or text right after a closing quote).
    case malformedQuoting(file: String, line: Int)
    /// A single field is longer than the limit.
    case fieldTooLong(file: String, line: Int, limit: Int)
    /// Bytes that are not valid in the file's encoding.
    case undecodable(file: String, line: Int, encoding: TextEncoding)
    /// libcsv failed in a way not listed above (its error code is kept).
    case parser(file: String, line: Int, code: Int32, message: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot be read: \(reason)"
        case let .unterminatedQuote(file, line):
            return "\(file) line \(line): a quoted field is never closed (unterminated quote); check the quotes on this line"
        case let .malformedQuoting(file, line):
            return "\(file) line \(line): malformed quoting; a field with a quote, comma or newline must be wholly quoted, with \"\" for a quote inside"
        case let .fieldTooLong(file, line, limit):
            return "\(file) line \(line): a field is longer than \(limit) bytes; this is not a valid value (often an unclosed quote)"
        case let .undecodable(file, line, encoding):
            return "\(file) line \(line): bytes that are not valid \(encoding.displayName); save the file as UTF-8 or GB18030, or state its encoding in dataset.yaml"
        case let .parser(file, line, code, message):
            return "\(file) line \(line): CSV parser error \(code): \(message)"
        }
    }
}

extension CSVError {
    /// The same error with its line moved down by `lines` (an error met in
    /// a segment, whose lines count from its own start).
    public func shifted(by lines: Int) -> CSVError {
        switch self {
        case .unreadable: return self
        case let .unterminatedQuote(file, line): return .unterminatedQuote(file: file, line: line + lines)
        case let .malformedQuoting(file, line): return .malformedQuoting(file: file, line: line + lines)
        case let .fieldTooLong(file, line, limit): return .fieldTooLong(file: file, line: line + lines, limit: limit)
        case let .undecodable(file, line, encoding): return .undecodable(file: file, line: line + lines, encoding: encoding)
        case let .parser(file, line, code, message): return .parser(file: file, line: line + lines, code: code, message: message)
        }
    }
}
