import AfterschoolDomain
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells a run that failed because its output's disk is full or read-only
/// from any other failure, so that the message says so in words a school
/// office understands, not in SQLite's or the C library's.
///
/// Two signs, either enough: the file system holding the folder is
/// read-only or has (almost) no space left, looked at while the failed
/// run's staging folder still exists; or the failure's own text is the
/// system's for those conditions.
enum StorageFault {
    /// `error` as ``PipelineError/diskFull(folder:detail:)`` or
    /// ``PipelineError/readOnly(folder:detail:)`` when it is one; else as
    /// it was.
    static func explain(_ error: PipelineError, folder: String) -> PipelineError {
        switch error {
        case .diskFull, .readOnly, .configuration, .csv, .contract: return error
        case .io, .stage: break
        }
        let text = error.description
        let disk = state(of: folder)
        if disk.readOnly || readOnlyPhrases.contains(where: text.contains) {
            return .readOnly(folder: folder, detail: text)
        }
        if disk.full || fullPhrases.contains(where: text.contains) {
            return .diskFull(folder: folder, detail: text)
        }
        return error
    }

    /// The system's words for a full disk (the C library's, SQLite's).
    static let fullPhrases = ["No space left on device", "database or disk is full", "Disk quota exceeded"]
    /// The system's words for a read-only file system.
    static let readOnlyPhrases = ["Read-only file system", "attempt to write a readonly database"]

    /// Whether the file system holding `path` (or its nearest existing
    /// folder) is read-only, and whether less than 64 KiB is free on it.
    static func state(of path: String) -> (readOnly: Bool, full: Bool) {
        var info = statvfs()
        guard statvfs(AtomicFolder.nearestExisting(path).existing, &info) == 0 else { return (false, false) }
        let readOnly = info.f_flag & UInt(ST_RDONLY) != 0
        let free = UInt64(info.f_bavail) * UInt64(info.f_frsize)
        return (readOnly, free < 64 * 1024)
    }
}
