import AfterschoolDomain
import Foundation

/// The run's output folder, written atomically (see ``AtomicFolder``):
/// everything goes into a staging folder beside it, and only a complete run
/// replaces the folder.
struct OutputFolder {
    private let folder: AtomicFolder

    /// Where the complete output ends up.
    var path: String { folder.path }

    /// Makes a fresh staging folder beside `path` (creating parents).
    init(path: String) throws(PipelineError) {
        do {
            folder = try AtomicFolder(path: path)
        } catch {
            throw .io(path: error.path, reason: "cannot create the output folder: \(error.reason)")
        }
    }

    /// Where this run writes.
    var staging: String { folder.staging }

    /// The path of `name` inside the staging folder.
    func file(_ name: String) -> String { folder.file(name) }

    /// Replaces `destination` (by default the output folder) with the staging folder.
    func publish(as destination: String? = nil) throws(PipelineError) {
        do {
            try folder.publish(as: destination)
        } catch {
            throw .io(path: error.path, reason: "cannot publish the output: \(error.reason)")
        }
    }

    /// Removes the staging folder (after a failure).
    func discard() { folder.discard() }
}

/// Creates the folder that holds `path` (and its parents), for a file about
/// to be written inside the staging folder.
func createParentFolder(of path: String) throws(PipelineError) {
    let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
    do {
        try AtomicFolder.createFolders(parent)
    } catch {
        throw .io(path: parent, reason: error.localizedDescription)
    }
}
