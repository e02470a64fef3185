import Foundation

/// A folder written beside its destination (`OUT.staging-<pid>`) and moved
/// into place only when complete, the way the pipeline publishes outputs:
/// a run that fails or is killed leaves the previous dataset as it was.
struct StagingFolder {
    let destination: String
    let path: String

    /// Makes a fresh staging folder beside `destination` (creating parents).
    init(destination: String) throws(SynthError) {
        // `out/` and `out` are the same folder; the staging folder goes beside it.
        var destination = destination
        while destination.count > 1 && destination.hasSuffix("/") { destination.removeLast() }
        self.destination = destination
        path = destination + ".staging-\(getpid())"
        let fm = FileManager.default
        do {
            if fm.fileExists(atPath: path) { try fm.removeItem(atPath: path) }
            try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .io(path: path, reason: "cannot create the staging folder: \(error.localizedDescription)")
        }
    }

    /// Writes a small file into the staging folder.
    func write(_ data: Data, to name: String) throws(SynthError) {
        do {
            try data.write(to: URL(fileURLWithPath: path + "/" + name))
        } catch {
            throw .io(path: path + "/" + name, reason: error.localizedDescription)
        }
    }

    /// Replaces the destination with the staging folder: the old one is
    /// moved aside, the new one moved in, the old one deleted.
    func publish() throws(SynthError) {
        let fm = FileManager.default
        let previous = destination + ".previous-\(getpid())"
        do {
            if fm.fileExists(atPath: destination) {
                if fm.fileExists(atPath: previous) { try fm.removeItem(atPath: previous) }
                try fm.moveItem(atPath: destination, toPath: previous)
            }
            try fm.moveItem(atPath: path, toPath: destination)
            if fm.fileExists(atPath: previous) { try fm.removeItem(atPath: previous) }
        } catch {
            throw .io(path: destination, reason: "cannot move the dataset into place: \(error.localizedDescription)")
        }
    }

    /// Removes the staging folder (after a failure).
    func discard() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
