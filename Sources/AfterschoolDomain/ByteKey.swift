#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A string that hashes and compares by its UTF-8 bytes.
///
/// Ids compare as bytes (the warehouse's UNIQUE keys do too), but Swift's
/// `String` equality is Unicode canonical equivalence: `café` written with
/// a combining accent equals the precomposed `café`. Keyed by `ByteKey`, two
/// such ids stay two ids.
public struct ByteKey: Hashable, Sendable {
    public let string: String

    @inlinable public init(_ string: String) { self.string = string }

    @inlinable public static func == (a: ByteKey, b: ByteKey) -> Bool {
        var x = a.string, y = b.string
        return x.withUTF8 { bx in
            y.withUTF8 { by in
                guard bx.count == by.count else { return false }
                guard let px = bx.baseAddress, let py = by.baseAddress else { return true }  // both empty
                return memcmp(px, py, bx.count) == 0
            }
        }
    }

    @inlinable public func hash(into hasher: inout Hasher) {
        var s = string
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// Whether two strings have the same UTF-8 bytes.
@inlinable public func sameBytes(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }
