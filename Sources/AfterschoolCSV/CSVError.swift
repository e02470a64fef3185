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
            return "\(file)：无法读取（\(reason)）；请检查文件是否存在、是否有读取权限"
                + " / \(file): cannot be read: \(reason)"
        case let .unterminatedQuote(file, line):
            return "\(file) 第 \(line) 行：引号没有闭合；请检查这一行的引号"
                + " / \(file) line \(line): a quoted field is never closed (unterminated quote); check the quotes on this line"
        case let .malformedQuoting(file, line):
            return "\(file) 第 \(line) 行：引号用法有误；含有引号、逗号或换行的值要整体加引号，值里的引号写成两个引号"
                + " / \(file) line \(line): malformed quoting; a field with a quote, comma or newline must be wholly quoted, with \"\" for a quote inside"
        case let .fieldTooLong(file, line, limit):
            return "\(file) 第 \(line) 行：有一个值超过 \(limit) 字节，不是有效的值（常见原因是引号没有闭合）"
                + " / \(file) line \(line): a field is longer than \(limit) bytes; this is not a valid value (often an unclosed quote)"
        case let .undecodable(file, line, encoding):
            return "\(file) 第 \(line) 行：有不符合 \(encoding.displayName) 编码的字节；请把文件另存为 UTF-8 或 GB18030，或在 dataset.yaml 中写明它的编码"
                + " / \(file) line \(line): bytes that are not valid \(encoding.displayName); save the file as UTF-8 or GB18030, or state its encoding in dataset.yaml"
        case let .parser(file, line, code, message):
            return "\(file) 第 \(line) 行：CSV 解析出错（\(code)）"
                + " / \(file) line \(line): CSV parser error \(code): \(message)"
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
