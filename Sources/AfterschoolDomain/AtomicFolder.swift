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

    /// Makes a fresh staging folder beside `path` (creating parents), and
    /// removes staging folders that killed runs left beside it.
    package init(path: String) throws(Failure) {
        let path = AtomicFolder.normalize(path)
        self.path = path
        staging = path + ".staging-\(getpid())"
        let fm = FileManager.default
        do {
            if fm.fileExists(atPath: staging) { try fm.removeItem(atPath: staging) }
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw Failure(path: staging, reason: error.localizedDescription)
        }
        AtomicFolder.sweepAbandonedStaging(beside: path)
    }

    /// `out/` and `out` are the same folder; `.`, `..` and paths ending in
    /// them are made absolute, so that the staging folder goes beside the
    /// folder, never inside it.
    package static func normalize(_ path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        let last = p.split(separator: "/").last.map(String.init) ?? ""
        if p.isEmpty || last == "." || last == ".." {
            p = URL(fileURLWithPath: p.isEmpty ? "." : p).standardizedFileURL.path
        }
        return p
    }

    /// The absolute, standardised form of `path`.
    package static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Checks that replacing `path` destroys nothing but an earlier result of
    /// the same command: `path` is new, an empty folder, or a folder holding
    /// `marker` (`manifest.json` for outputs, `planted.json` for generated
    /// data). Never the current folder or one of its parents.
    package static func checkReplaceable(_ path: String, marker: String) throws(Failure) {
        let target = absolute(path)
        let here = absolute(FileManager.default.currentDirectoryPath)
        if target == "/" || target == here || here.hasPrefix(target + "/") {
            throw Failure(path: path, reason: "is the current folder or holds it; give a folder of its own")
        }
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw Failure(path: path, reason: "is a file; give a folder (it is created)")
        }
        let contents = (try? fm.contentsOfDirectory(atPath: path)) ?? []
        if !contents.isEmpty && !contents.contains(marker) {
            throw Failure(path: path, reason: "is a folder that holds other files (no \(marker)); refusing to replace it: give a new or empty folder")
        }
    }

    /// Removes `NAME.staging-PID` folders beside `path` whose process is gone.
    private static func sweepAbandonedStaging(beside path: String) {
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent().path
        let prefix = url.lastPathComponent + ".staging-"
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? fm.removeItem(atPath: parent + "/" + name)
            }
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
