#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a CSV file the way the published tables are written: UTF-8 with a
/// byte-order mark (so Excel opens it), LF line ends, fields quoted only
/// when they must be (a comma, quote, CR or LF inside, or a space or tab at
/// either end), and a text that a spreadsheet would run as a formula
/// neutralised (``neutralised(_:)``). Every CSV the program writes goes
/// through it, `rejects.csv` included.
package final class CSVTableWriter {
    private let file: UnsafeMutablePointer<FILE>
    private let path: String
    private var line: [UInt8] = []

    /// Opens `path` for writing; with `header` nil, the file gets neither a
    /// byte-order mark nor a header (a part of a larger file).
    package init(path: String, header: [String]?) throws(PipelineError) {
        guard let f = fopen(path, "wb") else {
            throw .io(path: path, reason: String(cString: strerror(errno)))
        }
        file = f
        self.path = path
        if let header {
            line.append(contentsOf: [0xEF, 0xBB, 0xBF])
            try write(header)
        }
    }

    deinit { fclose(file) }

    /// Writes one row.
    package func write(_ fields: [String]) throws(PipelineError) {
        for (i, field) in fields.enumerated() {
            if i > 0 { line.append(UInt8(ascii: ",")) }
            let bytes = CSVTableWriter.neutralised(Array(field.utf8))
            // Quoted when a comma, quote, CR or LF is inside, or a space or
            // tab at either end (which a reader, libcsv among them, trims
            // from an unquoted field).
            let padded = bytes.first.map { $0 == 0x20 || $0 == 0x09 } == true
                || bytes.last.map { $0 == 0x20 || $0 == 0x09 } == true
            if padded || bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                line.append(0x22)
                for b in bytes {
                    if b == 0x22 { line.append(0x22) }
                    line.append(b)
                }
                line.append(0x22)
            } else {
                line.append(contentsOf: bytes)
            }
        }
        line.append(0x0A)
        let n = line.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard n == line.count else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        line.removeAll(keepingCapacity: true)
    }

    /// The bytes of a cell made safe to open in a spreadsheet (OWASP's
    /// advice against CSV injection): a text that starts with `=`, `+`,
    /// `-`, `@`, a tab or a carriage return gets a single quote in front,
    /// so that Excel or LibreOffice shows it as text and never runs it as
    /// a formula. A number (`-12.5`, `+3`, `-1e-5`) stays as written. A
    /// text already starting with a quote is left alone, so that a file
    /// read back and written again is unchanged.
    static func neutralised(_ bytes: [UInt8]) -> [UInt8] {
        guard let first = bytes.first, triggers.contains(first), !isNumber(bytes) else { return bytes }
        return [UInt8(ascii: "'")] + bytes
    }

    /// The first bytes that make a spreadsheet read a cell as a formula.
    static let triggers: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D]

    /// A signed decimal number, with an optional fraction and exponent.
    static func isNumber(_ bytes: [UInt8]) -> Bool {
        var i = 0
        func digits() -> Int {
            let start = i
            while i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
            return i - start
        }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
        var mantissa = digits()
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == bytes.count
    }

    /// Flushes and syncs the file to disk.
    package func finish() throws(PipelineError) {
        guard fflush(file) == 0, fsync(fileno(file)) == 0 else {
            throw .io(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
