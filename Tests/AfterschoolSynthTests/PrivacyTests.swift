import AfterschoolDomain
import AfterschoolPipeline
import Foundation
import Logging
import Testing
import ZIPFoundation

/// A child's identity stays where only the people who need it look:
/// student ids are in `internal/` (the audit team's), `rejects.csv` (the
/// school office fixing its file) and the warehouse, and nowhere else a run
/// writes or says (issue #14, item 6).
@Suite("Privacy: where student ids appear")
struct PrivacyTests {
    /// Keeps every line the run logs.
    final class LogRecorder: LogHandler, @unchecked Sendable {
        private let lock = NSLock()
        private var kept: [String] = []
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            lock.lock()
            kept.append("\(event.message)")
            lock.unlock()
        }

        var lines: [String] {
            lock.lock()
            defer { lock.unlock() }
            return kept
        }
    }

    /// Where student ids may be: paths relative to the output folder. The
    /// run's memory for incremental re-runs (`.cache/`) keeps copies of two
    /// of them: each file's rejects, and the audit's result (its findings,
    /// `internal/audit_findings.csv`). Found by this test; see
    /// docs/security.md. Any other cached result must stay free of ids.
    static func mayHoldIds(_ path: String) -> Bool {
        path.hasPrefix("internal/") || path == "rejects.csv" || path == "warehouse.sqlite"
            || path.hasPrefix(".cache/rejects/") || path == ".cache/results/audit.json"
    }

    /// The text of a file as a reader would see it (a workbook's parts
    /// unpacked).
    static func text(of path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard path.hasSuffix(".xlsx") else { return String(decoding: data, as: UTF8.self) }
        let archive = try Archive(data: data, accessMode: .read)
        var text = ""
        for entry in archive {
            _ = try archive.extract(entry) { text += String(decoding: $0, as: UTF8.self) }
        }
        return text
    }

    /// The ids of `ids` that appear in `text` as whole words.
    static func found(_ ids: Set<String>, in text: String) -> Set<String> {
        let words = text.split { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        return Set(words.map(String.init)).intersection(ids)
    }

    /// Adds a row that puts the first attendance row's student in another
    /// session at the same time (an audit finding that names the student);
    /// returns the student's id.
    static func plantOverlap(in data: String) throws -> String {
        let first = try #require(try records(data, .attendance).first)
        let sessions = try records(data, .sessions)
        let a = try #require(sessions.first { $0[0] == first[0] })
        let b = try #require(sessions.first {
            $0[0] != a[0] && $0[0].prefix(5) == a[0].prefix(5) && $0[2] == a[2] && $0[3] == a[3] && $0[4] == a[4]
        })
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: data + "/attendance.csv"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\(b[0]),\(first[1]),present,\n".utf8))
        try handle.close()
        return first[1]
    }

    @Test("a generated small term, each pipeline: no student id outside internal/, rejects.csv and the warehouse")
    func studentIds() throws {
        let tmp = try TempDir("privacy")
        defer { tmp.remove() }
        let data = tmp.sub("data")
        try generateSmall(seed: 11, into: data)
        let ids = Set(try records(data, .students).map { $0[0] })
        #expect(ids.count > 500)
        let planted = try Self.plantOverlap(in: data)


        for pipeline in ["termly-evaluation", "district-assessment", "stipend-proposal"] {
            let out = tmp.sub("out-" + pipeline)
            let recorder = LogRecorder()
            let logger = Logger(label: "privacy") { _ in recorder }
            let outcome = try PipelineRunner(logger: logger).run(
                pipelinePath: packageRoot + "/pipelines/\(pipeline).yaml", data: data, out: out, overrides: [])

            // The ids do reach the places meant for them, and the scan sees
            // them there: the planted student in the audit's findings (CSV
            // and workbook), students in the rejects.
            if outcome.stages.contains(where: { $0.name == "audit" }) {
                #expect(Self.found(ids, in: try Self.text(of: out + "/internal/audit_findings.csv")).contains(planted))
                #expect(Self.found(ids, in: try Self.text(of: out + "/internal/internal.xlsx")).contains(planted))
            }
            #expect(!Self.found(ids, in: try Self.text(of: out + "/rejects.csv")).isEmpty)

            var scanned = 0
            let files = FileManager.default.enumerator(atPath: out)
            while let relative = files?.nextObject() as? String {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: out + "/" + relative, isDirectory: &isFolder),
                      !isFolder.boolValue, !Self.mayHoldIds(relative) else { continue }
                let leaked = Self.found(ids, in: try Self.text(of: out + "/" + relative))
                #expect(leaked.isEmpty, "\(pipeline): \(relative) holds student ids \(leaked.sorted().prefix(5))")
                scanned += 1
            }
            #expect(scanned >= 5, "\(pipeline): \(scanned) files scanned")
            let said = Self.found(ids, in: recorder.lines.joined(separator: "\n") + "\n" + outcome.warnings.joined(separator: "\n"))
            #expect(said.isEmpty, "\(pipeline): the log names students \(said.sorted().prefix(5))")
        }
    }
}
