import AfterschoolCSV
import AfterschoolDomain
import AfterschoolPipeline
import Foundation
import GRDB
import Testing

/// File-level problems stop the run (exit status 1) with one message naming
/// the file and line, and leave no output: no new folder, the previous one
/// intact, no staging folder behind.
@Suite("File-level stops")
struct FileLevelStopTests {
    /// Runs `data` into a fresh folder and into one holding a previous good
    /// output; checks both stop with exit status 1 and leave nothing
    /// behind. Returns the error.
    static func expectStop(_ data: MiniDataset, sourceLocation: SourceLocation = #_sourceLocation) throws -> PipelineError? {
        let tmp = try TempDir("stop")
        defer { tmp.remove() }
        try data.write(to: tmp.sub("bad"))
        try MiniDataset.valid().write(to: tmp.sub("good"))

        // Into a new folder: nothing is created.
        let fresh = tmp.sub("fresh")
        let error = pipelineError(data: tmp.sub("bad"), out: fresh)
        #expect(error != nil, "the run should stop", sourceLocation: sourceLocation)
        #expect(error?.exitStatus == 1, sourceLocation: sourceLocation)
        #expect(!exists(fresh), sourceLocation: sourceLocation)
        #expect(!exists(fresh + ".failed"), sourceLocation: sourceLocation)

        // Over a previous output: it stays as it was.
        let out = tmp.sub("out")
        _ = try runPipeline(data: tmp.sub("good"), out: out)
        let before = try snapshot(out)
        let again = pipelineError(data: tmp.sub("bad"), out: out, options: .init(replace: true))
        #expect(again?.description == error?.description, sourceLocation: sourceLocation)
        #expect(try snapshot(out) == before, "previous output unchanged", sourceLocation: sourceLocation)
        #expect(!exists(out + ".failed"), sourceLocation: sourceLocation)

        #expect(try leftovers(in: tmp.path).isEmpty, "no staging folder left", sourceLocation: sourceLocation)
        return error
    }

    static let requiredFiles = InputFile.allCases.filter(\.isRequired)

    @Test("a missing required file", arguments: requiredFiles)
    func missingRequiredFile(_ file: InputFile) throws {
        var data = MiniDataset.valid()
        data.files[file] = nil
        let error = try #require(try Self.expectStop(data))
        guard case let .contract(.missingFile(name, _)) = error else {
            Issue.record("expected missingFile, got \(error)")
            return
        }
        #expect(name == file.fileName)
        #expect(error.description.contains(file.fileName))
    }

    @Test("the required files are the ten of the contract")
    func requiredFilesList() {
        #expect(Self.requiredFiles.map(\.rawValue) == [
            "schools", "students", "calendar", "activities", "sessions", "survey",
            "attendance", "staff", "staffing", "satisfaction",
        ])
    }

    @Test("a missing required column")
    func missingRequiredColumn() throws {
        var data = MiniDataset.valid()
        data.files[.students] = ["student_id,school_id,grade", "001,S1,1", "002,S1,2", "003,S2,7"]
        let error = try #require(try Self.expectStop(data))
        #expect(error.contractError == .missingColumn(file: "students.csv", column: "class_id", alias: "班级"))
        #expect(error.description.contains("students.csv line 1"))
        #expect(error.description.contains("class_id"))
    }

    @Test("a header naming a column twice, in English and Chinese")
    func duplicateColumn() throws {
        var data = MiniDataset.valid()
        data.files[.staff] = ["staff_id,school_id,kind,工号", "T1,S1,teacher,T1", "T2,S2,volunteer,T2"]
        let error = try #require(try Self.expectStop(data))
        #expect(error.contractError == .duplicateColumn(file: "staff.csv", column: "staff_id", line: 1))
        #expect(error.description.contains("staff.csv line 1"))
    }

    @Test("a header naming a column twice in English, differing in case and spaces")
    func duplicateColumnCase() throws {
        var data = MiniDataset.valid()
        data.files[.calendar] = ["date,school_day, DATE ", "2025-09-01,1,2025-09-01"]
        let error = try #require(try Self.expectStop(data))
        #expect(error.contractError == .duplicateColumn(file: "calendar.csv", column: "date", line: 1))
    }

    @Test("an unterminated quote names the file and the line")
    func unterminatedQuote() throws {
        var data = MiniDataset.valid()
        let line = data.append(.sessions, "X3,A1,\"2025-09-02,15:30,16:30", "X4,A1,2025-09-02,15:30,16:30")
        let error = try #require(try Self.expectStop(data))
        #expect(error.csvError == .unterminatedQuote(file: "sessions.csv", line: line))
        #expect(error.description.contains("sessions.csv line \(line)"))
    }

    /// No bytes, only blank lines, one CRLF: no header row.
    @Test("an empty file", arguments: [[], ["", ""], ["\r"]] as [[String]])
    func emptyFile(_ lines: [String]) throws {
        var data = MiniDataset.valid()
        data.files[.staff] = lines
        let error = try #require(try Self.expectStop(data))
        #expect(error.contractError == .emptyFile(file: "staff.csv"))
        #expect(error.description.contains("staff.csv"))
    }

    @Test("a dataset folder without dataset.yaml")
    func missingDescriptor() throws {
        let tmp = try TempDir("stop")
        defer { tmp.remove() }
        try MiniDataset.valid().write(to: tmp.sub("data"))
        try FileManager.default.removeItem(atPath: tmp.sub("data/dataset.yaml"))
        let error = try #require(pipelineError(data: tmp.sub("data"), out: tmp.sub("out")))
        #expect(error.exitStatus == 1)
        #expect(error.description.contains("dataset.yaml"))
        #expect(!exists(tmp.sub("out")))
    }

    @Test("missing optional files are fine")
    func missingOptionalFiles() throws {
        let tmp = try TempDir("stop")
        defer { tmp.remove() }
        var data = MiniDataset.valid()
        for file in [InputFile.peTimetable, .budget, .disclosures] { data.files[file] = nil }
        try data.write(to: tmp.sub("data"))
        let outcome = try runPipeline(data: tmp.sub("data"), out: tmp.sub("out"))
        #expect(outcome.report.rejects.isEmpty)
        for f in outcome.report.files {
            let optional = ["pe_timetable.csv", "budget.csv", "disclosures.csv"].contains(f.file)
            #expect(f.present == !optional, "\(f.file)")
        }
        let db = try openWarehouse(tmp.sub("out") + "/warehouse.sqlite")
        for table in ["pe_timetable", "budget", "disclosures"] {
            #expect(try count(db, table) == 0, "\(table)")
        }
        #expect(try count(db, "attendance") == 3)
        #expect(ValidationSummary.text(outcome.report).contains("(not in the dataset)"))
    }
}
