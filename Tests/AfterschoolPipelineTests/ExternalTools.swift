import Foundation

/// The programs the tests open outputs with, as their readers would.
/// `make test` installs each of them when missing (Debian packages, and a
/// Python virtual environment outside the repository).
enum ExternalTools {
    /// LibreOffice (`libreoffice-calc-nogui`).
    static let soffice: String? = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The virtual environment's Python with nbformat, nbclient, ipykernel,
    /// pandas, matplotlib and openpyxl: `AFTERSCHOOL_PYTHON` (set by
    /// `make test`), else the Makefile's default place.
    static let python: String? = {
        let env = ProcessInfo.processInfo.environment
        let candidates = [env["AFTERSCHOOL_PYTHON"], env["HOME"].map { $0 + "/.cache/afterschool/venv/bin/python" }]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` with `arguments` in `directory`; output captured
    /// through files (no pipe to fill up).
    static func run(_ executable: String, _ arguments: [String], in directory: String? = nil,
                    environment: [String: String] = [:]) throws -> Result {
        let tmp = try TempDir("proc")
        defer { tmp.remove() }
        for name in ["out", "err"] { _ = FileManager.default.createFile(atPath: tmp.sub(name), contents: nil) }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: tmp.sub("out")))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: tmp.sub("err")))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try out.close()
        try err.close()
        func read(_ name: String) throws -> String {
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: tmp.sub(name))), as: UTF8.self)
        }
        return Result(status: p.terminationStatus, stdout: try read("out"), stderr: try read("err"))
    }

    /// Runs a Python script with the virtual environment's Python.
    static func python(_ script: String, _ arguments: [String], in directory: String? = nil) throws -> Result? {
        guard let python else { return nil }
        let tmp = try TempDir("py")
        defer { tmp.remove() }
        try Data(script.utf8).write(to: URL(fileURLWithPath: tmp.sub("script.py")))
        return try run(python, [tmp.sub("script.py")] + arguments, in: directory)
    }
}
