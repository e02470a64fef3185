import AfterschoolDomain
import AfterschoolPipeline
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A small file system of its own (a tmpfs), for a disk that fills up or
/// turns read-only under a run. Mounting needs root, which the tests have
/// (`make test` runs as root, like the rest of the set-up).
struct SmallDisk {
    let path: String

    /// Whether this machine lets the tests mount a tmpfs (tried once).
    static let available: Bool = {
        guard let tmp = try? TempDir("mount") else { return false }
        defer { tmp.remove() }
        guard let disk = try? SmallDisk(at: tmp.sub("disk"), bytes: 1 << 20) else { return false }
        disk.unmount()
        return true
    }()

    /// Mounts a tmpfs of `bytes` at `path` (created).
    init(at path: String, bytes: Int) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let r = try ExternalTools.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(bytes)", "tmpfs", path])
        guard r.status == 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSLocalizedDescriptionKey: r.stderr]) }
        self.path = path
    }

    /// Makes the file system read-only, or writable again.
    func remount(readOnly: Bool) throws {
        let r = try ExternalTools.run("/bin/mount", ["-o", readOnly ? "remount,ro" : "remount,rw", path])
        #expect(r.status == 0, "\(r.stderr)")
    }

    func unmount() {
        _ = try? ExternalTools.run("/bin/umount", [path])
    }
}

/// The bytes of every file under `folder`.
private func size(of folder: String) throws -> Int {
    try snapshot(folder).values.reduce(0) { $0 + $1.count }
}

/// Faults around a run: a full disk, a read-only output folder, a stop
/// asked for by a signal, a damaged warehouse or cache from an earlier run.
/// Each gives one clear message, and the previous output stays whole.
@Suite("Faults", .serialized)
struct FaultTests {
    static let binary = CommandLineTests.binary

    /// A copy of the sample dataset, its satisfaction file then changed so
    /// that a second run has something to do.
    static func dataset(_ tmp: TempDir) throws -> String {
        let data = tmp.sub("data")
        try FileManager.default.copyItem(atPath: sampleDataset, toPath: data)
        return data
    }

    static func changeSatisfaction(_ data: String) throws {
        let path = data + "/satisfaction.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let changed = text.replacingOccurrences(of: "R0004,S001,parent,0001057,,5,", with: "R0004,S001,parent,0001057,,2,")
        #expect(changed != text)
        try Data(changed.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func run(_ arguments: [String]) throws -> ExternalTools.Result {
        let binary = try #require(Self.binary, "build the package first (swift build): no afterschool binary found")
        return try ExternalTools.run(binary, arguments, in: packageRoot)
    }

    /// The lines of `stderr` that report an error.
    static func errorLines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("afterschool: error") }
    }

    @Test("a disk that fills up during a run: exit 1, one message naming the full disk, the previous output whole",
          .enabled(if: SmallDisk.available, "mounting a tmpfs needs root"))
    func diskFull() throws {
        let tmp = try TempDir("full")
        defer { tmp.remove() }
        let data = try Self.dataset(tmp)
        // Room for one output and half of another.
        let probe = tmp.sub("probe")
        #expect(try Self.run(["run", termlyPipeline, "--data", data, "--out", probe, "--quiet"]).status == 0)
        let disk = try SmallDisk(at: tmp.sub("disk"), bytes: try size(of: probe) * 3 / 2)
        defer { disk.unmount() }
        let out = disk.path + "/out"
        #expect(try Self.run(["run", termlyPipeline, "--data", data, "--out", out, "--quiet"]).status == 0)
        let before = try snapshot(out)

        try Self.changeSatisfaction(data)
        let r = try Self.run(["run", termlyPipeline, "--data", data, "--out", out, "--force", "--quiet"])
        #expect(r.status == 1)
        let errors = Self.errorLines(r.stderr)
        #expect(errors.count == 1, "\(r.stderr)")
        #expect(errors.first.map { $0.contains("磁盘已满") && $0.contains("disk is full") } == true, "\(r.stderr)")
        #expect(try snapshot(out) == before, "the previous output changed")
        #expect(try leftovers(in: disk.path).isEmpty, "the failed run's staging folder is removed")
    }

    @Test("a read-only output folder: exit 1, one message, the previous output whole",
          .enabled(if: SmallDisk.available, "mounting a tmpfs needs root"))
    func readOnly() throws {
        let tmp = try TempDir("ro")
        defer { tmp.remove() }
        let data = try Self.dataset(tmp)
        let disk = try SmallDisk(at: tmp.sub("disk"), bytes: 64 << 20)
        defer { disk.unmount() }
        let out = disk.path + "/out"
        #expect(try Self.run(["run", termlyPipeline, "--data", data, "--out", out, "--quiet"]).status == 0)
        let before = try snapshot(out)
        try disk.remount(readOnly: true)
        defer { try? disk.remount(readOnly: false) }
        try Self.changeSatisfaction(data)
        let r = try Self.run(["run", termlyPipeline, "--data", data, "--out", out, "--quiet"])
        #expect(r.status == 1)
        let errors = Self.errorLines(r.stderr)
        #expect(errors.count == 1, "\(r.stderr)")
        #expect(errors.first.map { $0.contains("只读") && $0.contains("read-only") } == true, "\(r.stderr)")
        #expect(try snapshot(out) == before)
    }

    @Test("SIGTERM and SIGINT at any moment: the run stops with 143 or 130 and one line, its staging folder removed, the previous output whole")
    func signals() throws {
        let binary = try #require(Self.binary, "build the package first: no afterschool binary")
        let tmp = try TempDir("signal")
        defer { tmp.remove() }
        let data = try Self.dataset(tmp)
        let out = tmp.sub("out")
        #expect(try Self.run(["run", termlyPipeline, "--data", data, "--out", out, "--quiet"]).status == 0)
        let before = try snapshot(out)
        try Self.changeSatisfaction(data)
        // How long a whole run takes here.
        let clock = ContinuousClock.now
        #expect(try Self.run(["run", termlyPipeline, "--data", data, "--out", tmp.sub("timing"), "--quiet"]).status == 0)
        let total = (ContinuousClock.now - clock).components
        let totalMs = Double(total.seconds) * 1000 + Double(total.attoseconds) / 1e15
        var stopped = 0
        for step in 1...12 {
            let sig = step % 2 == 0 ? SIGINT : SIGTERM
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["run", termlyPipeline, "--data", data, "--out", out, "--force", "--quiet"]
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
            usleep(useconds_t(totalMs * 1000 * Double(step) / 14))
            kill(process.processIdentifier, sig)
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationReason == .exit, "step \(step): ended by the signal itself, not cleanly")
            if process.terminationStatus == 0 {
                // Finished before the signal: the new output is complete.
                #expect(exists(out + "/manifest.json"))
                continue
            }
            stopped += 1
            #expect(process.terminationStatus == 128 + sig, "step \(step): \(stderr)")
            #expect(stderr.contains("已中断") && stderr.contains("interrupted"), "step \(step): \(stderr)")
            let left = try leftovers(in: tmp.path)
            #expect(left.isEmpty, "step \(step): a staging folder is left: \(left) \(left.map { (try? snapshot(tmp.sub($0)).keys.sorted()) ?? [] })")
            let now = try snapshot(out)
            // Stopped before publishing (the earlier output) or after (the new one).
            if now["tables/school_summary.csv"] == before["tables/school_summary.csv"] {
                #expect(now.filter { !$0.key.hasPrefix(".cache") } == before.filter { !$0.key.hasPrefix(".cache") },
                        "step \(step): the previous output changed")
            }
        }
        #expect(stopped > 0, "no run was stopped before it finished")
    }

    @Test("a warehouse damaged with its size and time kept, or its run state unreadable: not trusted, everything runs again, same tables")
    func damagedWarehouse() throws {
        let tmp = try TempDir("damaged")
        defer { tmp.remove() }
        let data = try Self.dataset(tmp)
        let out = tmp.sub("out")
        _ = try runPipeline(data: data, out: out)
        try Self.changeSatisfaction(data)
        _ = try runPipeline(data: data, out: tmp.sub("forced"), options: .init(force: true))
        let expected = try snapshot(tmp.sub("forced") + "/tables")

        // The header overwritten, the size and modification time put back.
        let warehouse = out + "/warehouse.sqlite"
        let attributes = try FileManager.default.attributesOfItem(atPath: warehouse)
        let handle = try #require(FileHandle(forUpdatingAtPath: warehouse))
        try handle.write(contentsOf: Data(repeating: 0x41, count: 64))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: attributes[.modificationDate] as Any], ofItemAtPath: warehouse)
        let again = try runPipeline(data: data, out: out)
        #expect(again.stages.allSatisfy { $0.ran }, "\(again.stages.map(\.name))")
        #expect(again.stages.first?.reason.contains("damaged") == true, "\(again.stages.first?.reason ?? "")")
        #expect(try snapshot(out + "/tables") == expected)

        // The run state cut short: read as no earlier result.
        let state = out + "/.cache/state.json"
        let text = try Data(contentsOf: URL(fileURLWithPath: state))
        try text.prefix(text.count / 2).write(to: URL(fileURLWithPath: state))
        let third = try runPipeline(data: data, out: out)
        #expect(third.stages.allSatisfy { $0.ran })
        #expect(try snapshot(out + "/tables") == expected)
    }
}

/// Where a run reads and writes: only its output folder (and the lock and
/// staging folder beside it), never the dataset, whatever the paths say.
@Suite("Paths")
struct PathTests {
    @Test("a run writes nothing outside its output folder but its lock, and changes nothing in the dataset")
    func writesOnlyItsFolder() throws {
        let tmp = try TempDir("paths")
        defer { tmp.remove() }
        let data = try FaultTests.dataset(tmp)
        let before = try snapshot(data)
        let parent = tmp.sub("outputs")
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        _ = try runPipeline(data: data, out: parent + "/out")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).sorted() == ["out", "out.lock"])
        #expect(try snapshot(data) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).sorted() == ["data", "outputs"])
    }

    @Test("a dataset inside the output folder, directly or through a symbolic link, is refused before anything is written")
    func datasetInsideOutput() throws {
        let tmp = try TempDir("paths")
        defer { tmp.remove() }
        let out = tmp.sub("out")
        _ = try runPipeline(data: sampleDataset, out: out)
        let inside = out + "/data"
        try FileManager.default.copyItem(atPath: sampleDataset, toPath: inside)
        let link = tmp.sub("link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: inside)
        for data in [inside, link] {
            #expect {
                _ = try runPipeline(data: data, out: out, options: .init(force: true, replace: true))
            } throws: { error in
                "\(error)".contains("holds the dataset")
            }
            #expect(exists(inside + "/attendance.csv"))
        }
    }

    @Test("a term or district of '..' (it names the output folder) is refused")
    func dotDotNames() throws {
        let tmp = try TempDir("paths")
        defer { tmp.remove() }
        for (key, value) in [("term", ".."), ("term", "."), ("district", "..")] {
            let data = tmp.sub("data-\(key)-\(value.count)")
            try FileManager.default.copyItem(atPath: sampleDataset, toPath: data)
            let path = data + "/dataset.yaml"
            var text = try String(contentsOfFile: path, encoding: .utf8)
            if key == "term" {
                text = text.split(separator: "\n").map { $0.hasPrefix("term:") ? "term: \"\(value)\"" : String($0) }.joined(separator: "\n")
            } else {
                text += "\ndistrict: \"\(value)\"\n"
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            #expect {
                _ = try PipelineRunner(logger: quietLogger).run(pipelinePath: termlyPipeline, data: data, out: nil, overrides: [])
            } throws: { error in
                "\(error)".contains("'\(key)' must be")
            }
        }
    }

    @Test("a column named like SQL is an unknown column, warned about; it never reaches a statement")
    func sqlLikeColumn() throws {
        let tmp = try TempDir("paths")
        defer { tmp.remove() }
        let data = try FaultTests.dataset(tmp)
        let path = data + "/schools.csv"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[0] += ",\"x\"\"); DROP TABLE schools; --\""
        for i in 1..<lines.count where !lines[i].isEmpty { lines[i] += ",1" }
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        let outcome = try runPipeline(data: data, out: tmp.sub("out"))
        #expect(outcome.warnings.contains { $0.contains("DROP TABLE") }, "\(outcome.warnings)")
        let plain = try runPipeline(data: sampleDataset, out: tmp.sub("plain"))
        #expect(try snapshot(tmp.sub("out") + "/tables") == snapshot(tmp.sub("plain") + "/tables"))
        #expect(plain.report.files.count == outcome.report.files.count)
    }
}

/// Outputs meant to be shared.
@Suite("Shared outputs")
struct SharedOutputTests {
    @Test("publish_warehouse=false: no warehouse.sqlite and no cache in the output, the same tables and report, and the next run reads everything again")
    func withoutWarehouse() throws {
        let tmp = try TempDir("shared")
        defer { tmp.remove() }
        let out = tmp.sub("out")
        let outcome = try runPipeline(data: sampleDataset, out: out, overrides: ["publish_warehouse=false"])
        #expect(!exists(out + "/warehouse.sqlite"))
        #expect(!exists(out + "/.cache"))
        #expect(exists(out + "/report.html") && exists(out + "/tables.xlsx") && exists(out + "/report.ipynb"))
        _ = try runPipeline(data: sampleDataset, out: tmp.sub("full"))
        #expect(try snapshot(out + "/tables") == snapshot(tmp.sub("full") + "/tables"))
        #expect(outcome.stages.allSatisfy { $0.ran })
        let again = try runPipeline(data: sampleDataset, out: out, overrides: ["publish_warehouse=false"])
        #expect(again.stages.allSatisfy { $0.ran }, "no cache: everything runs again")
        #expect(!exists(out + "/warehouse.sqlite"))
    }
}

/// A file the program may not read. Root reads any file, so the run is
/// made as the unprivileged user `nobody` (`setpriv`), where the system
/// allows it.
@Suite("Unreadable input")
struct UnreadableInputTests {
    static let setpriv = "/usr/bin/setpriv"

    /// Runs the binary as `nobody`.
    static func runAsNobody(_ arguments: [String]) throws -> ExternalTools.Result {
        let binary = try #require(CommandLineTests.binary, "build the package first: no afterschool binary")
        return try ExternalTools.run(setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + arguments)
    }

    /// Whether this machine lets the tests run the binary as `nobody`
    /// (as root, with `setpriv`, and a binary `nobody` may run).
    static let available: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: setpriv) else { return false }
        return (try? runAsNobody(["--version"]).status) == 0
    }()

    @Test("an input file without read permission stops the run with one message naming it, in Chinese and English",
          .enabled(if: available, "needs root and setpriv to run as another user"))
    func unreadable() throws {
        let tmp = try TempDir("perm")
        defer { tmp.remove() }
        _ = chmod(tmp.path, 0o777)
        let data = try FaultTests.dataset(tmp)
        _ = chmod(data + "/attendance.csv", 0)
        let out = tmp.sub("out")
        let r = try Self.runAsNobody(["validate", "--data", data, "--out", out])
        #expect(r.status == 1)
        let errors = FaultTests.errorLines(r.stderr)
        #expect(errors.count == 1, "\(r.stderr)")
        #expect(errors.first.map { $0.contains("attendance.csv") && $0.contains("无法读取") && $0.contains("Permission denied") } == true,
                "\(r.stderr)")
        #expect(!exists(out))
    }
}
