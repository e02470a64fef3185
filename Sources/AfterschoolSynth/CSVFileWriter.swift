#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered CSV writer over a file descriptor: fields are appended as
/// bytes into a 4 MiB buffer, written out when it fills. Counts physical
/// lines, so a planted bad row knows the line it lands on.
///
/// Not `Sendable`: one owner writes each file.
final class CSVFileWriter {
    let path: String
    /// How the dataset names the file: `attendance.csv`, or a part,
    /// `attendance/S001.csv`.
    let name: String
    /// Data records written (the header not counted).
    private(set) var records = 0
    /// Lines written, the header included: the physical line of the last row.
    private(set) var lines = 0
    private let fd: Int32
    private let capacity = 4 << 20
    private let buffer: UnsafeMutablePointer<UInt8>
    private var used = 0
    private var fieldsInRow = 0
    private let lineEnd: [UInt8]
    private var failure: SynthError?

    /// Creates (or truncates) `path` and writes the header row.
    init(path: String, name: String, header: [[UInt8]], lineEnd: [UInt8]) throws(SynthError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        self.fd = fd
        self.path = path
        self.name = name
        self.lineEnd = lineEnd
        buffer = .allocate(capacity: capacity)
        for name in header { field(name) }
        lineEndBytes()
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// The physical line the next row starts on.
    var nextLine: Int { lines + 1 }

    // MARK: Fields

    /// A field of bytes that need no quoting (ids, numbers, fixed values).
    @inline(__always)
    func field(_ bytes: [UInt8]) {
        separate()
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// A field of text, quoted when it holds a comma or a quote.
    func text(_ text: LocalText) {
        guard text.needsQuoting else { return field(text.bytes) }
        separate()
        byte(0x22)
        for b in text.bytes {
            if b == 0x22 { byte(0x22) }
            byte(b)
        }
        byte(0x22)
    }

    /// A field given as ASCII text (planted bad values, ids made on the fly).
    func ascii(_ text: String) {
        separate()
        var text = text
        text.withUTF8 { append($0) }
    }

    /// A blank field.
    func blank() { separate() }

    /// A non-negative whole number.
    func int(_ value: Int) {
        separate()
        digits(value)
    }

    /// Hundredths as a decimal with two places: 92 is `0.92`.
    func hundredths(_ value: Int) {
        separate()
        if value < 0 { byte(UInt8(ascii: "-")) }
        let v = abs(value)
        digits(v / 100)
        byte(UInt8(ascii: "."))
        byte(UInt8(48 + (v / 10) % 10))
        byte(UInt8(48 + v % 10))
    }

    /// A whole row of fields that need no quoting, the last one optional
    /// (blank when nil): the attendance hot path, one call per row.
    @inline(__always)
    func row(_ a: [UInt8], _ b: [UInt8], _ c: [UInt8], _ d: [UInt8]?) {
        a.withUnsafeBufferPointer { append($0) }
        byte(0x2C)
        b.withUnsafeBufferPointer { append($0) }
        byte(0x2C)
        c.withUnsafeBufferPointer { append($0) }
        byte(0x2C)
        d?.withUnsafeBufferPointer { append($0) }
        endRow()
    }

    /// Ends the row and flushes the buffer when it is nearly full.
    @inline(__always)
    func endRow() {
        lineEndBytes()
        records += 1
        if used > capacity - 65536 { flush() }
    }

    // MARK: Output

    /// Writes the buffer out; the first failure is kept for ``finish()``.
    func flush() {
        var offset = 0
        while offset < used, failure == nil {
            let n = write(fd, buffer + offset, used - offset)
            if n < 0 {
                if errno == EINTR { continue }
                failure = .io(path: path, reason: String(cString: strerror(errno)))
            } else {
                offset += n
            }
        }
        used = 0
    }

    /// Flushes, syncs to disk and reports any write failure.
    func finish() throws(SynthError) {
        flush()
        if let failure { throw failure }
        guard fsync(fd) == 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
    }

    // MARK: Bytes

    @inline(__always)
    private func separate() {
        if fieldsInRow > 0 { byte(0x2C) }
        fieldsInRow += 1
    }

    @inline(__always)
    private func lineEndBytes() {
        lineEnd.withUnsafeBufferPointer { append($0) }
        fieldsInRow = 0
        lines += 1
    }

    @inline(__always)
    private func byte(_ b: UInt8) {
        buffer[used] = b
        used += 1
    }

    @inline(__always)
    private func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        (buffer + used).update(from: base, count: bytes.count)
        used += bytes.count
    }

    private func digits(_ value: Int) {
        var v = value
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &tmp) { raw in
            repeat {
                raw[n] = UInt8(48 + v % 10)
                v /= 10
                n += 1
            } while v > 0
            while n > 0 {
                n -= 1
                byte(raw[n])
            }
        }
    }
}
