#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text encodings a dataset file may use.
public enum TextEncoding: String, Sendable, CaseIterable, Codable {
    /// UTF-8, with or without a byte-order mark.
    case utf8 = "utf-8"
    /// GB18030 (a superset of GBK and GB2312): what Chinese Excel writes.
    case gb18030 = "gb18030"

    /// Parses the names a `dataset.yaml` may use (`utf-8`, `utf8`, `gbk`,
    /// `gb2312`, `gb18030`, any case).
    public init?(name: String) {
        switch name.lowercased().filter({ $0 != "-" && $0 != "_" && $0 != " " }) {
        case "utf8": self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
        default: return nil
        }
    }

    /// The name used in messages.
    public var displayName: String {
        switch self {
        case .utf8: return "UTF-8"
        case .gb18030: return "GB18030/GBK"
        }
    }
}

extension TextEncoding {
    /// Whether the file's first MiB reads as UTF-8 with Chinese in it: at
    /// least 8 bytes above ASCII, and UTF-8 by the reader's own guess
    /// (well-formed UTF-8, or a byte-order mark).
    /// Chinese text saved as GB18030 practically never does, so a file
    /// declared GB18030 that does was most likely saved as UTF-8 (read as
    /// GB18030, its names would turn into other characters without an
    /// error).
    public static func looksLikeUTF8(path: String) -> Bool {
        guard let file = fopen(path, "rb") else { return false }
        defer { fclose(file) }
        var bytes = [UInt8](repeating: 0, count: 1 << 20)
        let n = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        return bytes.withUnsafeBufferPointer { all in
            let sample = UnsafeBufferPointer(rebasing: all[0..<n])
            // The reader's own guess, which leaves out a character cut by
            // the end of the sample.
            return sample.reduce(0) { $0 + ($1 >= 0x80 ? 1 : 0) } >= 8
                && EncodingDetector.detect(sample, isWholeFile: n < all.count) == .utf8
        }
    }
}

/// UTF-8 validation over raw bytes, without building a `String`.
enum UTF8Validation {
    /// True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates,
    /// nothing above U+10FFFF).
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let need: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return false
            }
            if i + need >= n { return false }
            let b1 = bytes[i + 1]
            if b1 < lo || b1 > hi { return false }
            var k = 2
            while k <= need {
                let b = bytes[i + k]
                if b < 0x80 || b > 0xBF { return false }
                k += 1
            }
            i += need + 1
        }
        return true
    }

    /// True when every byte is below 0x80.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where b >= 0x80 { return false }
        return true
    }
}
