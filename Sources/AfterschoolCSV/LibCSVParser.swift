import CLibCSV

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one libcsv `csv_parser`: initialised in strict mode (malformed
/// quoting is an error, and an unterminated quote at the end is reported by
/// `csv_fini`), released in `deinit`.
///
/// Not `Sendable`: libcsv keeps parse state in the struct.
final class LibCSVParser {
    let handle: UnsafeMutablePointer<csv_parser>

    /// Memory the field buffer may grow to before libcsv reports
    /// `CSV_ENOMEM`. Above the largest accepted field, so that a field one
    /// byte too long is still seen and named as too long.
    static let bufferLimit = (1 << 20) + 2 * blockSize
    /// The growth step of the field buffer (libcsv's default is 128 bytes).
    static let blockSize = 64 * 1024

    init() throws(LibCSVParserError) {
        handle = .allocate(capacity: 1)
        let options = UInt8(CSV_STRICT | CSV_STRICT_FINI)
        let status = csv_init(handle, options)
        guard status == 0 else {
            handle.deallocate()
            throw LibCSVParserError(code: status)
        }
        csv_set_blk_size(handle, LibCSVParser.blockSize)
        csv_set_realloc_func(handle, limitedRealloc)
    }

    deinit {
        csv_free(handle)
        handle.deallocate()
    }

    /// True when no field of a record has begun: the next byte fed starts
    /// (or precedes) a new record.
    var isBetweenRecords: Bool { afterschool_csv_row_not_begun(handle) != 0 }

    /// True inside a quoted field, whose closing quote is not yet seen.
    var isInQuotedField: Bool { afterschool_csv_in_quoted_field(handle) != 0 }

    /// libcsv's error code (`CSV_EPARSE`, `CSV_ENOMEM`, ...).
    var errorCode: Int32 { csv_error(handle) }

    /// libcsv's message for `code`.
    static func message(_ code: Int32) -> String {
        guard let c = csv_strerror(code) else { return "unknown error" }
        return String(cString: c)
    }
}

/// `csv_init` failed.
struct LibCSVParserError: Error {
    let code: Int32
}

/// The field buffer's allocator: refuses to grow past `bufferLimit`, so a
/// runaway field stops the parse with `CSV_ENOMEM` instead of eating memory.
private let limitedRealloc: @convention(c) (UnsafeMutableRawPointer?, Int) -> UnsafeMutableRawPointer? = {
    pointer, size in
    if size > LibCSVParser.bufferLimit { return nil }
    return realloc(pointer, size)
}
