import Foundation

/// A folder written atomically: everything goes into a staging folder
/// beside it (`PATH.staging-<pid>`), and only a complete run replaces the
/// folder. A run that fails, or is killed, leaves the previous complete
/// folder in place. Shared by the pipeline's output folder and the
/// synthetic-data generator.
package struct AtomicFolder: Sendable {
    /// Why a folder could not be created or moved: where, and the system's reason.
    package struct Failure: Error, Sendable {
        package let path: String
        package let reason: String
    }

    /// Where the complete folder ends up (without a trailing `/`).
    package let path: String
    /// Where this run writes.
    package let staging: String

    /// Makes a fresh staging folder beside `path` (creating parents).
    package init(path: String) throws(Failure) {
        // `out/` and `out` are the same folder: the staging folder goes beside it.
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        self.path = path
        staging = path + ".staging-\(getpid())"
        let fm = FileManager.default
        do {
            if fm.fileExists(atPath: staging) { try fm.removeItem(atPath: staging) }
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw Failure(path: staging, reason: error.localizedDescription)
        }
    }

    /// The path of `name` inside the staging folder.
    package func file(_ name: String) -> String { staging + "/" + name }

    /// Replaces `destination` (by default ``path``) with the staging folder:
    /// two renames, so the old folder stays whole until the new one is
    /// complete on disk.
    package func publish(as destination: String? = nil) throws(Failure) {
        let target = destination ?? path
        let fm = FileManager.default
        let previous = target + ".previous-\(getpid())"
        do {
            if fm.fileExists(atPath: target) {
                try? fm.removeItem(atPath: previous)
                try fm.moveItem(atPath: target, toPath: previous)
            }
            try fm.moveItem(atPath: staging, toPath: target)
            if fm.fileExists(atPath: previous) { try fm.removeItem(atPath: previous) }
        } catch {
            throw Failure(path: target, reason: error.localizedDescription)
        }
    }

    /// Removes the staging folder (after a failure).
    package func discard() {
        try? FileManager.default.removeItem(atPath: staging)
    }
}
