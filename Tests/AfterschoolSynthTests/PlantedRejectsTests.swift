import AfterschoolDomain
import AfterschoolPipeline
import AfterschoolSynth
import Testing

/// `validate` on a generated dataset rejects exactly the planted malformed
/// rows (file, line, column, rule), and nothing else.
@Suite("Planted malformed rows")
struct PlantedRejectsTests {
    @Test("validate rejects exactly the planted rows, and every file stays under the reject limit")
    func validateRejectsExactlyPlanted() throws {
        let tmp = try TempDir("validate")
        defer { tmp.remove() }
        let summary = try generateSmall(seed: 1, into: tmp.sub("data"))
        let manifest = try PlantedManifest.read(from: tmp.sub("data/" + PlantedManifest.fileName))
        let outcome = try PipelineRunner(logger: quietLogger).validate(data: tmp.sub("data"), out: tmp.sub("out"))

        #expect(outcome.report.rejects.map(RejectKey.init) == manifest.rejects.map(RejectKey.init))
        #expect(summary.plantedRejects == manifest.rejects.count)
        #expect(outcome.report.warnings.isEmpty)
        #expect(outcome.report.overLimit == nil)
        for f in outcome.report.files {
            #expect(f.rejectShare < 0.02, "\(f.file): \(f.rejected) of \(f.records) rejected")
            let written = summary.files.first { $0.file == f.file }?.records
            #expect(f.records == written, "\(f.file) records")
        }
    }
}
