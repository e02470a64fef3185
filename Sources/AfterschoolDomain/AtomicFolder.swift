import CAfterschoolSystem
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        let staging = self.staging
        // Made and registered in one step: a stop in between would not
        // know the folder.
        try Interruption.creatingStaging(staging) { () throws(Failure) in
            do {
                if fm.fileExists(atPath: staging) { try fm.removeItem(atPath: staging) }
                try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
            } catch {
                throw Failure(path: staging, reason: error.localizedDescription)
            }
        }
        AtomicFolder.sweepAbandonedStaging(beside: path)
        AtomicFolder.recoverInterruptedPublish(of: path)
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

    /// The absolute form of `path` with symbolic links followed (as far as
    /// they exist: a folder not made yet keeps its name).
    package static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
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

    /// Replaces `destination` (by default ``path``) with the staging folder
    /// in one step: the two folders are exchanged (`renameat2` with
    /// `RENAME_EXCHANGE`), then the old one, now at the staging path, is
    /// removed. Killed at any moment, the destination is either the old
    /// complete folder or the new one, never missing or half-written; a
    /// staging folder left behind is swept by the next run. Where the file
    /// system cannot exchange, two renames are used, and a kill between them
    /// is repaired by the next run (``recoverInterruptedPublish(of:)``).
    package func publish(as destination: String? = nil) throws(Failure) {
        try Interruption.publishing(staging) { () throws(Failure) in try replace(destination ?? path) }
    }

    private func replace(_ target: String) throws(Failure) {
        let fm = FileManager.default
        if fm.fileExists(atPath: target) && afterschool_exchange_paths(staging, target) == 0 {
            try? fm.removeItem(atPath: staging)
            return
        }
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

    /// Puts back a folder that a run killed between its two renames left
    /// at `PATH.previous-PID` (only when `PATH` itself is missing).
    package static func recoverInterruptedPublish(of path: String) {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: path) else { return }
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent().path
        let prefix = url.lastPathComponent + ".previous-"
        for name in (try? fm.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0 && errno == ESRCH else { continue }
            try? fm.moveItem(atPath: parent + "/" + name, toPath: path)
            return
        }
    }

    /// Takes the lock of the folder at `path` (`PATH.lock`, beside it) for
    /// as long as the returned descriptor stays open (the lock goes with the
    /// process). Another run holding it stops this one at once.
    package static func lock(_ path: String) throws(Failure) -> Int32 {
        let lockPath = normalize(path) + ".lock"
        let parent = URL(fileURLWithPath: lockPath).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(path: lockPath, reason: String(cString: strerror(errno))) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let reason = errno == EWOULDBLOCK
                ? "another afterschool run is writing this output folder; wait for it to finish, or give another --out"
                : String(cString: strerror(errno))
            close(fd)
            throw Failure(path: normalize(path), reason: reason)
        }
        return fd
    }

    /// Copies a file into the staging folder: in the kernel where it can
    /// (`copy_file_range`).
    package static func copyFile(_ source: String, to destination: String) throws(Failure) {
        if afterschool_copy_file(source, destination) != 0 {
            throw Failure(path: destination, reason: String(cString: strerror(errno)))
        }
    }

    /// Puts `source` at `destination` (a file in the staging folder) as a
    /// hard link, or a copy where a link cannot be made. The staging folder
    /// never writes into such a file.
    package static func linkOrCopy(_ source: String, to destination: String) throws(Failure) {
        let fm = FileManager.default
        do {
            try createFolders(URL(fileURLWithPath: destination).deletingLastPathComponent().path)
            if link(source, destination) == 0 { return }
            try fm.copyItem(atPath: source, toPath: destination)
        } catch {
            throw Failure(path: destination, reason: error.localizedDescription)
        }
    }

    /// Creates the folder `path` and the folders above it that are missing,
    /// one at a time, never a staging folder (`*.staging-PID`): one that is
    /// missing was removed by a stop (``Interruption``), and writing into
    /// it again would leave it behind. A folder whose parent disappears
    /// meanwhile is not made either (`mkdir` fails), so a stop's removal
    /// cannot be undone by a thread still writing.
    package static func createFolders(_ path: String) throws {
        for folder in nearestExisting(path).missing {
            if URL(fileURLWithPath: folder).lastPathComponent.contains(".staging-") {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: folder])
            }
            if mkdir(folder, 0o755) != 0 && errno != EEXIST {
                throw CocoaError(.fileWriteUnknown, userInfo: [
                    NSFilePathErrorKey: folder, NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(errno)),
                    NSLocalizedDescriptionKey: "\(folder): \(String(cString: strerror(errno)))",
                ])
            }
        }
    }

    /// The nearest folder of `path` (itself or a parent) that exists, and
    /// the folders below it down to `path` that do not, outermost first.
    package static func nearestExisting(_ path: String) -> (existing: String, missing: [String]) {
        var missing: [String] = []
        var url = URL(fileURLWithPath: path).standardizedFileURL
        while !FileManager.default.fileExists(atPath: url.path) && url.path != "/" {
            missing.append(url.path)
            url.deleteLastPathComponent()
        }
        return (url.path, missing.reversed())
    }

    /// Removes the staging folder (after a failure).
    package func discard() {
        try? FileManager.default.removeItem(atPath: staging)
        Interruption.done(staging)
    }
}
