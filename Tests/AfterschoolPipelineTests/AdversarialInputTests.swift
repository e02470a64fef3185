import AfterschoolCSV
import AfterschoolDomain
import AfterschoolPipeline
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Inputs meant to break the program, end to end: each gives a reject row or
/// one clear file-level error, never a crash, a hang or a silent loss
/// (issue #14, item 3).
@Suite("Adversarial inputs, end to end")
struct AdversarialInputTests {
    /// Runs the pipeline on `dataset`; the outcome or the error it stops with.
    static func run(_ dataset: MiniDataset, prepare: (String) throws -> Void = { _ in }) throws
        -> (outcome: PipelineRunner.Outcome?, error: PipelineError?) {
        let tmp = try TempDir("adversarial")
        defer { tmp.remove() }
        try dataset.write(to: tmp.sub("data"))
        try prepare(tmp.sub("data"))
        do {
            // A tiny dataset: one bad row is a large share of its file.
            return (try runPipeline(data: tmp.sub("data"), out: tmp.sub("out"), overrides: ["max_reject_share=1"]), nil)
        } catch {
            return (nil, error)
        }
    }

    /// The rejects of a run that must complete.
    static func rejects(_ dataset: MiniDataset) throws -> [Reject] {
        let (outcome, error) = try run(dataset)
        #expect(error == nil, "\(String(describing: error))")
        return outcome?.report.rejects ?? []
    }

    /// One bad row each: the file, its line's text, the column and rule
    /// expected.
    static let badRows: [(file: InputFile, line: String, column: String, rule: RejectRule)] = [
        (.schools, "S3,Sch\u{0}ool,primary", "name", .badType),
        (.schools, "S4,\u{1B}[2Jcleared,primary", "name", .badType),
        (.sessions, "X3,A1,2025-02-30,15:30,16:30", "date", .badType),
        (.sessions, "X4,A1,2025-09-01,15:30,24:00", "end", .badType),
        (.sessions, "X5,A1,2025-09-01,17:60,18:00", "start", .badType),
        (.staffing, "X2,T1,assistant,-1", "claimed_hours", .outOfRange),
        (.staffing, "X1,T2,assistant,1e9", "claimed_hours", .badType),
        (.staffing, "X1,T1,assistant,NaN", "claimed_hours", .badType),
        (.budget, "S3,1e308", "amount", .badType),
        // Ids are opaque: near-misses are unknown, never matched to 001.
        (.attendance, "X1,0 01,present", "student_id", .unknownReference),
        (.attendance, "X1,００１,present", "student_id", .unknownReference),
        (.attendance, "X1,0\u{200B}01,present", "student_id", .unknownReference),
        (.attendance, "X1,001\u{FEFF},present", "student_id", .unknownReference),
        // The header again, half-way down the file (its status is checked
        // first).
        (.attendance, "session_id,student_id,status", "status", .badEnum),
    ]

    @Test("each bad value is one reject row with its column and rule", arguments: 0..<badRows.count)
    func badRow(index: Int) throws {
        let bad = Self.badRows[index]
        var dataset = MiniDataset.valid()
        let line = dataset.append(bad.file, bad.line)
        let rejects = try Self.rejects(dataset)
        let mine = rejects.filter { $0.file == bad.file.fileName && $0.line == line }
        #expect(mine.count == 1, "\(bad.line.debugDescription): \(rejects)")
        #expect(mine.first?.column == bad.column, "\(bad.line.debugDescription)")
        #expect(mine.first?.rule == bad.rule, "\(bad.line.debugDescription): \(mine)")
    }

    @Test("10,000 columns: the unknown ones are ignored with a warning, the rows read")
    func tenThousandColumns() throws {
        var dataset = MiniDataset.valid()
        let extra = (1...10_000).map { "c\($0)" }.joined(separator: ",")
        let blanks = String(repeating: ",", count: 10_000)
        dataset.files[.attendance] = ["session_id,student_id,status," + extra,
                                      "X1,001,present" + blanks, "X1,002,absent" + blanks, "X2,003,present" + blanks]
        let (outcome, error) = try Self.run(dataset)
        #expect(error == nil, "\(String(describing: error))")
        let attendance = outcome?.report.files.first { $0.file == "attendance.csv" }
        #expect(attendance?.accepted == 3)
        #expect(outcome?.warnings.contains { $0.contains("attendance.csv") && $0.contains("c10000") } == true)
    }

    @Test("mixed line endings: every row read, on its own line")
    func mixedLineEndings() throws {
        let dataset = MiniDataset.valid()
        let (outcome, error) = try Self.run(dataset) { folder in
            let text = "session_id,student_id,status\r\nX1,001,present\nX1,002,absent\r\n\r\nX2,003,presnt\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/attendance.csv"))
        }
        #expect(error == nil, "\(String(describing: error))")
        #expect(outcome?.report.files.first { $0.file == "attendance.csv" }?.accepted == 2)
        #expect(outcome?.report.rejects.map { "\($0.file):\($0.line)" } == ["attendance.csv:5"])
    }

    /// The file-level error a run stops with, with `attendance.csv` made by `make`.
    static func stop(_ make: (String) throws -> Void) throws -> PipelineError? {
        let (_, error) = try run(MiniDataset.valid()) { folder in
            let path = folder + "/attendance.csv"
            try FileManager.default.removeItem(atPath: path)
            try make(path)
        }
        return error as? PipelineError
    }

    @Test("one line of 2 GiB (a sparse file): stops at the field limit, naming the file and line 1")
    func twoGigabyteLine() throws {
        let error = try Self.stop { path in
            let fd = open(path, O_CREAT | O_WRONLY, 0o644)
            #expect(fd >= 0)
            #expect(ftruncate(fd, 2 << 30) == 0)
            close(fd)
        }
        guard case let .fieldTooLong(file, line, _)? = error?.csvError else {
            Issue.record("expected a field too long, got \(String(describing: error))")
            return
        }
        #expect(file == "attendance.csv" && line == 1)
    }

    @Test("a field of 100 MiB: stops at the field limit, naming its line")
    func hundredMegabyteField() throws {
        let error = try Self.stop { path in
            var bytes = Array("session_id,student_id,status\nX1,001,\"".utf8)
            bytes += [UInt8](repeating: 0x61, count: 100 << 20)
            bytes += Array("\"\n".utf8)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        guard case let .fieldTooLong(_, line, _)? = error?.csvError else {
            Issue.record("expected a field too long, got \(String(describing: error))")
            return
        }
        #expect(line == 2)
    }

    @Test("where a file should be: a folder, a symlink loop, an empty file; each one message")
    func notAFile() throws {
        let folder = try Self.stop { try FileManager.default.createDirectory(atPath: $0, withIntermediateDirectories: false) }
        #expect(folder != nil, "a folder")
        let loop = try Self.stop { path in
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: path)
        }
        #expect(loop != nil, "a symlink loop")
        for error in [folder, loop] {
            #expect("\(String(describing: error))".contains("attendance.csv"), "\(String(describing: error))")
        }
        let empty = try Self.stop { FileManager.default.createFile(atPath: $0, contents: Data()) }
        #expect(empty?.contractError == .emptyFile(file: "attendance.csv"), "\(String(describing: empty))")
    }

    @Test("a GB18030 file declared UTF-8 stops with undecodable and its line")
    func declaredWrongEncoding() throws {
        var dataset = MiniDataset.valid()
        dataset.files[.activities] = nil
        let (_, error) = try Self.run(dataset) { folder in
            let yaml = folder + "/dataset.yaml"
            let text = try String(contentsOfFile: yaml, encoding: .utf8) + "encoding:\n  activities.csv: utf-8\n"
            try text.write(toFile: yaml, atomically: true, encoding: .utf8)
            let activities = "activity_id,school_id,name,category,segment\nA1,S1,作业辅导,homework,class\nA2,S2,足球,sports,grade\n"
            try Data(try gb18030(activities)).write(to: URL(fileURLWithPath: folder + "/activities.csv"))
        }
        guard case let .undecodable(file, line, encoding)? = (error as? PipelineError)?.csvError else {
            Issue.record("expected undecodable, got \(String(describing: error))")
            return
        }
        #expect(file == "activities.csv" && line == 2 && encoding == .utf8)
    }

    @Test("a UTF-8 file declared GB18030 is read (its bytes are valid GB18030 too) with a warning naming it; a GB18030 file so declared gets none",
          arguments: [true, false])
    func declaredGB18030(savedAsUTF8: Bool) throws {
        var dataset = MiniDataset.valid()
        dataset.files[.activities] = nil
        let (outcome, error) = try Self.run(dataset) { folder in
            let yaml = folder + "/dataset.yaml"
            let text = try String(contentsOfFile: yaml, encoding: .utf8) + "encoding:\n  activities.csv: gbk\n"
            try text.write(toFile: yaml, atomically: true, encoding: .utf8)
            let activities = "activity_id,school_id,name,category,segment\nA1,S1,作业辅导,homework,class\nA2,S2,足球,sports,grade\n"
            let bytes = savedAsUTF8 ? Array(activities.utf8) : try gb18030(activities)
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/activities.csv"))
        }
        let warnings = try #require(outcome, "\(String(describing: error))").warnings
        let warned = warnings.contains { $0.contains("activities.csv") && $0.contains("UTF-8") }
        #expect(warned == savedAsUTF8, "\(warnings)")
    }
}
