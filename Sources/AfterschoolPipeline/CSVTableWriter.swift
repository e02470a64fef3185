#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a CSV file the way the published tables are written: UTF-8 with a
/// byte-order mark (so Excel opens it), LF line ends, fields quoted only
/// when they must be (a comma, quote, CR or LF inside, or a space or tab at
/// either end).
final class CSVTableWriter {
    private let file: UnsafeMutablePointer<FILE>
    private let path: String
    private var line: [UInt8] = []

    /// Opens `path` for writing; with `header` nil, the file gets neither a
    /// byte-order mark nor a header (a part of a larger file).
    init(path: String, header: [String]?) throws(PipelineError) {
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
    func write(_ fields: [String]) throws(PipelineError) {
        for (i, field) in fields.enumerated() {
            if i > 0 { line.append(UInt8(ascii: ",")) }
            let bytes = Array(field.utf8)
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

    /// Flushes and syncs the file to disk.
    func finish() throws(PipelineError) {
        guard fflush(file) == 0, fsync(fileno(file)) == 0 else {
            throw .io(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
