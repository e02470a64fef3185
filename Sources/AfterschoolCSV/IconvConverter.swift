#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts bytes between encodings with the C library's `iconv`. One owner
/// per `iconv_t`: released in `deinit`.
///
/// Not `Sendable`: an `iconv_t` carries conversion state.
final class IconvConverter {
    private let handle: iconv_t
    private var output: [UInt8] = []

    /// Returns nil when the C library cannot convert `from` to `to`.
    init?(from: String, to: String) {
        let h = iconv_open(to, from)
        // iconv_open returns (iconv_t)-1 on failure.
        guard let h, Int(bitPattern: h) != -1 else { return nil }
        handle = h
    }

    /// GB18030 (and so GBK and GB2312) to UTF-8.
    static func gb18030ToUTF8() -> IconvConverter? { IconvConverter(from: "GB18030", to: "UTF-8") }

    deinit {
        iconv_close(handle)
    }

    /// The converted form of `input`, or nil when `input` is not valid in
    /// the source encoding (an invalid or incomplete sequence) or cannot be
    /// represented in the target.
    func convert(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        iconv(handle, nil, nil, nil, nil)  // reset any shift state
        // UTF-8 <-> GB18030 grows a character by at most 2 bytes in 2.
        let capacity = input.count * 2 + 4
        if output.count < capacity { output = [UInt8](repeating: 0, count: capacity) }
        guard let base = input.baseAddress else { return [] }
        var inLeft = input.count
        var outLeft = capacity
        let written: Int? = output.withUnsafeMutableBufferPointer { out -> Int? in
            guard let outBase = out.baseAddress else { return nil }
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base)
                .assumingMemoryBound(to: CChar.self)
            var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase)
                .assumingMemoryBound(to: CChar.self)
            let result = iconv(handle, &inPtr, &inLeft, &outPtr, &outLeft)
            if result == -1 || inLeft != 0 { return nil }
            return capacity - outLeft
        }
        guard let written else { return nil }
        return Array(output[0..<written])
    }
}

extension TextEncoding {
    /// `text` in this encoding: the bytes a file in this encoding holds
    /// (what an Excel export writes, for `.gb18030`). Nil when a character
    /// has no form in the encoding (GB18030 covers all of Unicode).
    public func encode(_ text: String) -> [UInt8]? {
        switch self {
        case .utf8:
            return Array(text.utf8)
        case .gb18030:
            guard let converter = IconvConverter(from: "UTF-8", to: "GB18030") else { return nil }
            var utf8 = Array(text.utf8)
            return utf8.withUnsafeMutableBufferPointer { converter.convert(UnsafeBufferPointer($0)) }
        }
    }
}
