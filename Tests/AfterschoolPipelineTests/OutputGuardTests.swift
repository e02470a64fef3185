import AfterschoolPipeline
import Foundation
import Logging
import Testing

/// `--out` never replaces anything but an earlier output, and parameters
/// that make no sense together are usage errors.
@Suite("Output folder guards and parameter checks")
struct OutputGuardTests {
    static var runner: PipelineRunner { PipelineRunner(logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })) }

    static func root() -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// Runs validate on the sample into `out`; returns the exit status.
    static func validate(into out: String) -> Int32 {
        do {
            _ = try runner.validate(data: root() + "/datasets/sample", out: out)
            return 0
        } catch {
            return error.exitStatus
        }
    }

    @Test("a file, or a folder of other files, is refused (exit 2) and left as it was")
    func refusesForeignTargets() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("guard-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        try FileManager.default.createDirectory(atPath: tmp + "/notes", withIntermediateDirectories: true)
        try "keep me".write(toFile: tmp + "/notes/todo.txt", atomically: true, encoding: .utf8)
        try "keep me".write(toFile: tmp + "/file.txt", atomically: true, encoding: .utf8)
        #expect(Self.validate(into: tmp + "/file.txt") == 2)
        #expect(Self.validate(into: tmp + "/notes") == 2)
        #expect(try String(contentsOfFile: tmp + "/file.txt", encoding: .utf8) == "keep me")
        #expect(try String(contentsOfFile: tmp + "/notes/todo.txt", encoding: .utf8) == "keep me")
        // A new folder, then the same folder again (an earlier output), are fine.
        #expect(Self.validate(into: tmp + "/out/") == 0)
        #expect(Self.validate(into: tmp + "/out") == 0)
    }

    @Test("an output folder that holds the dataset is refused")
    func refusesTheDataset() throws {
        do {
            _ = try Self.runner.run(pipelinePath: Self.root() + "/pipelines/termly-evaluation.yaml",
                                    data: Self.root() + "/datasets/sample", out: Self.root() + "/datasets", overrides: [])
            Issue.record("ran into the folder holding the dataset")
        } catch {
            #expect(error.exitStatus == 2)
        }
        #expect(FileManager.default.fileExists(atPath: Self.root() + "/datasets/sample/dataset.yaml"))
    }

    @Test("all scorecard weights 0, or inverted size bands, are usage errors", arguments: [
        ["weight_participation=0", "weight_demand_coverage=0", "weight_service_time=0", "weight_sport=0",
         "weight_quality_activity=0", "weight_satisfaction=0", "weight_data_quality=0"],
        ["peer_small_below=5000", "peer_large_from=10"],
    ])
    func crossParameterChecks(overrides: [String]) throws {
        var pipeline = try PipelineDefinition(path: Self.root() + "/pipelines/district-assessment.yaml")
        #expect(throws: PipelineError.self) { try pipeline.apply(overrides: overrides) }
    }
}
