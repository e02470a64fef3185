import AfterschoolDomain
import AfterschoolPipeline
import AfterschoolSynth
import Foundation
import Testing

/// `generate --parts`: the per-school files as one part per school, as a
/// district collects them; the same figures as the whole files.
@Suite("Generated parts")
struct PartsGenerationTests {
    @Test("the parts hold the whole files' rows; the pipeline finds the planted rejects in their parts and the same tables")
    func partsEqualWhole() throws {
        let tmp = try TempDir("parts")
        defer { tmp.remove() }
        try generateSmall(seed: 3, into: tmp.sub("whole"))
        try generateSmall(seed: 3, into: tmp.sub("parts"), parts: true)
        let fm = FileManager.default
        #expect(!fm.fileExists(atPath: tmp.sub("parts/attendance.csv")))
        let parts = try fm.contentsOfDirectory(atPath: tmp.sub("parts/attendance")).sorted()
        #expect(parts.count == 2 && parts.allSatisfy { $0.hasSuffix(".csv") && !$0.hasPrefix(".") })
        #expect(fm.fileExists(atPath: tmp.sub("parts/students.csv")), "referable files stay whole")

        let manifest = try PlantedManifest.read(from: tmp.sub("parts/" + PlantedManifest.fileName))
        #expect(manifest.rejects.contains { $0.file.hasPrefix("attendance/") })
        let pipeline = packageRoot + "/pipelines/district-assessment.yaml"
        let runner = PipelineRunner(logger: quietLogger)
        let a = try runner.run(pipelinePath: pipeline, data: tmp.sub("whole"), out: tmp.sub("out-whole"), overrides: [])
        let b = try runner.run(pipelinePath: pipeline, data: tmp.sub("parts"), out: tmp.sub("out-parts"), overrides: [])
        #expect(b.report.rejects.map(RejectKey.init) == manifest.rejects.map(RejectKey.init))
        #expect(a.report.rejects.count == b.report.rejects.count)
        #expect(try snapshot(tmp.sub("out-whole/tables")) == snapshot(tmp.sub("out-parts/tables")))
        #expect(try snapshot(tmp.sub("out-whole/internal")) == snapshot(tmp.sub("out-parts/internal")))
    }
}
