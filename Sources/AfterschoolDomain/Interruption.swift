import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A clean stop on SIGINT (Ctrl-C) and SIGTERM: the staging folders of
/// the runs in progress (``AtomicFolder``) are removed, one line says so,
/// and the program exits with 128 + the signal's number (130, 143). The
/// previous complete output is never touched: a folder is replaced only
/// by ``AtomicFolder/publish(as:)``, which a stop waits for.
package enum Interruption {
    private static let state = State()

    /// Installs the handlers; later calls do nothing.
    package static func install() {
        state.install()
    }

    /// Runs `body`, the publishing of the staging folder `staging`, with a
    /// stop held back until it ends; once it succeeds, a stop no longer
    /// removes `staging`.
    static func publishing<E: Error>(_ staging: String, _ body: () throws(E) -> Void) throws(E) {
        state.lock.lock()
        defer { state.lock.unlock() }
        try body()
        state.staging.remove(staging)
    }

    /// Runs `body`, which makes the staging folder `path`, and registers
    /// the folder for a stop to remove, with a stop held back meanwhile.
    static func creatingStaging<E: Error>(_ path: String, _ body: () throws(E) -> Void) throws(E) {
        state.lock.lock()
        defer { state.lock.unlock() }
        try body()
        state.staging.insert(path)
    }

    /// Forgets a staging folder (published or discarded).
    static func done(_ path: String) {
        state.lock.lock()
        state.staging.remove(path)
        state.lock.unlock()
    }

    /// The line written when the program stops on `signal`.
    static func message(_ signal: Int32) -> String {
        let name = signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "signal \(signal)"
        return "afterschool: 已中断（\(name)）：本次运行的临时文件已删除，上一次的输出保持不变。"
            + " / interrupted (\(name)): this run's temporary files were removed; the previous output is unchanged.\n"
    }

    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var staging: Set<String> = []
        var sources: [any DispatchSourceSignal] = []

        func install() {
            lock.lock()
            defer { lock.unlock() }
            guard sources.isEmpty else { return }
            for sig in [SIGINT, SIGTERM] {
                // The default action would end the process at once; the
                // source sees the signal instead, on its own queue.
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: DispatchQueue(label: "afterschool.interruption"))
                source.setEventHandler { [self] in stop(sig) }
                source.resume()
                sources.append(source)
            }
        }

        /// Removes the staging folders and exits. Holds the lock to the
        /// end, so no folder is published meanwhile.
        func stop(_ sig: Int32) -> Never {
            lock.lock()
            // The run's other threads go on writing until the exit below;
            // they cannot make the folder again (``AtomicFolder/createFolders(_:)``),
            // but a file made while it is removed fails that removal, so
            // it is tried again (a staging folder that still survives is
            // swept by the next run).
            for path in staging {
                for _ in 0..<20 where FileManager.default.fileExists(atPath: path) {
                    try? FileManager.default.removeItem(atPath: path)
                }
            }
            let text = Interruption.message(sig)
            _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
            _exit(128 + sig)
        }
    }
}
