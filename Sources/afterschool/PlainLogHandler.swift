import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Progress and warnings as plain lines on stderr: `warning: ...` for
/// warnings, the bare message for information.
struct PlainLogHandler: LogHandler {
    let label: String
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// On a terminal, each line first clears the live progress line.
    static let clearLine = isatty(STDERR_FILENO) != 0 ? "\r\u{1B}[2K" : ""

    func log(event: LogEvent) {
        let prefix = event.level >= .warning ? "\(event.level): " : ""
        writeStandardError("\(PlainLogHandler.clearLine)\(prefix)\(event.message)\n")
    }
}

/// Writes `text` to standard error, unbuffered.
func writeStandardError(_ text: String) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeBytes { all -> Int in
            guard let base = all.baseAddress else { return 0 }
            return write(STDERR_FILENO, base + offset, all.count - offset)
        }
        if n <= 0 { return }
        offset += n
    }
}
