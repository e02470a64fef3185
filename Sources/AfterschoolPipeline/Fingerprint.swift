import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A SHA-256 over a sequence of labelled parts: what a stage's or a file's
/// fingerprint is made of. Parts are length-prefixed, so no two different
/// sequences hash alike.
struct Fingerprint {
    private var hasher = SHA256()

    init(_ kind: String) { add(kind) }

    mutating func add(_ text: String) {
        let bytes = Array(text.utf8)
        var length = UInt64(bytes.count).littleEndian
        withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
        hasher.update(data: bytes)
    }

    mutating func add(_ label: String, _ value: String) {
        add(label)
        add(value)
    }

    /// The hex digest.
    func finish() -> String { Fingerprint.hex(hasher.finalize()) }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// What `stat` says of a file: enough to tell, as git's index does, that it
/// has not changed since it was hashed (size, modification time in
/// nanoseconds, inode).
struct FileStat: Codable, Equatable, Sendable {
    var size: Int64
    var mtimeNs: Int64
    var inode: UInt64

    /// The file's stat, or nil when it is not a regular file that can be read.
    init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        size = Int64(st.st_size)
        mtimeNs = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        inode = UInt64(st.st_ino)
    }
}

/// A file's content hash, with the stat it was taken at.
struct HashedFile: Codable, Equatable, Sendable {
    var stat: FileStat
    var sha256: String
}

/// Hashes files, hashing again only those whose stat changed since the
/// previous run hashed them.
struct FileHasher {
    /// Hashes from the previous run, by absolute path.
    var known: [String: HashedFile]
    /// A known hash is trusted only for a file last modified before this
    /// time (ns since 1970): a file rewritten in the same clock tick as the
    /// previous run hashed it, at the same size, would otherwise look
    /// unchanged (git's "racy clean" entries).
    var trustedBefore: Int64

    init(known: [String: HashedFile] = [:], trustedBefore: Int64 = 0) {
        self.known = known
        self.trustedBefore = trustedBefore
    }

    /// Now, in ns since 1970, less a second of margin for coarse file
    /// system clocks: what the next run's ``trustedBefore`` is.
    static var safeNow: Int64 { Int64(Date().timeIntervalSince1970 * 1e9) - 1_000_000_000 }

    /// The file's hash; nil when it is missing. Reads the whole file only
    /// when its stat differs from the known one (or is too recent to tell).
    mutating func hash(_ path: String) throws(PipelineError) -> HashedFile? {
        guard let st = FileStat(path: path) else { return nil }
        if let k = known[path], k.stat == st, st.mtimeNs < trustedBefore { return k }
        let digest: String
        do {
            digest = try FileHasher.sha256(path)
        } catch {
            // An input file the program may not read: said as the reader
            // says it.
            guard case let .io(_, reason) = error else { throw error }
            throw .csv(.unreadable(file: path, reason: reason))
        }
        // A file that changed while it was read is hashed by its new stat
        // next time: record the stat from before the read.
        let h = HashedFile(stat: st, sha256: digest)
        known[path] = h
        return h
    }

    /// SHA-256 of a file's bytes, read in 1 MiB chunks.
    static func sha256(_ path: String) throws(PipelineError) -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var hasher = SHA256()
        let size = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, size)
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return Fingerprint.hex(hasher.finalize())
    }
}

/// The program's build: a hash of the running executable, so that changed
/// code never reuses results of the old code. Hashed once per process.
enum ProgramBuild {
    static let id: String = {
        let path = "/proc/self/exe"
        let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? path
        if let digest = try? FileHasher.sha256(resolved) { return digest }
        return "unknown-" + AfterschoolVersion.current
    }()
}
