#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts GB18030 (and so GBK and GB2312) bytes to UTF-8 with the C
/// library's `iconv`. One owner per `iconv_t`: released in `deinit`.
///
/// Not `Sendable`: an `iconv_t` carries conversion state.
final class GB18030Decoder {
    private let handle: iconv_t
    private var output: [UInt8] = []

    /// Returns nil when the C library has no GB18030 converter.
    init?() {
        let h = iconv_open("UTF-8", "GB18030")
        // iconv_open returns (iconv_t)-1 on failure.
        guard let h, Int(bitPattern: h) != -1 else { return nil }
        handle = h
    }

    deinit {
        iconv_close(handle)
    }

    /// The UTF-8 form of `input`, or nil when `input` is not valid GB18030
    /// (an invalid or incomplete sequence).
    func decode(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        // Reset the shift state; GB18030 is stateless, but be explicit.
        iconv(handle, nil, nil, nil, nil)
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
