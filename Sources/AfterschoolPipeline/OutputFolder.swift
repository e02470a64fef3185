import Foundation

/// An output folder written atomically: everything goes into a staging
/// folder beside it, and only a complete run replaces the folder. A run that
/// fails, or is killed, leaves the previous complete output in place.
struct OutputFolder {
    /// Where the complete output ends up.
    let path: String
    /// Where this run writes.
    let staging: String

    /// Makes a fresh staging folder beside `path` (creating parents).
    init(path: String) throws(PipelineError) {
        self.path = path
        staging = path + ".staging-\(getpid())"
        let fm = FileManager.default
        do {
            if fm.fileExists(atPath: staging) { try fm.removeItem(atPath: staging) }
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw .io(path: staging, reason: "cannot create the output folder: \(error.localizedDescription)")
        }
    }

    /// The path of `name` inside the staging folder.
    func file(_ name: String) -> String { staging + "/" + name }

    /// Replaces `destination` (by default the output folder) with the staging
    /// folder: two renames, so the old output stays whole until the new one
    /// is complete on disk.
    func publish(as destination: String? = nil) throws(PipelineError) {
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
            throw .io(path: target, reason: "cannot publish the output: \(error.localizedDescription)")
        }
    }

    /// Removes the staging folder (after a failure).
    func discard() {
        try? FileManager.default.removeItem(atPath: staging)
    }
}
