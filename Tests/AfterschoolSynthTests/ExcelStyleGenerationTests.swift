import AfterschoolCSV
import AfterschoolDomain
import AfterschoolPipeline
import AfterschoolSynth
import Foundation
import GRDB
import Testing

/// `--excel-style` writes the same rows as a Chinese school's Excel export
/// (GB18030, Chinese headers and values, `YYYY/M/D`, 是/否, CRLF): both
/// load into the same warehouse rows, with the same rejects.
@Suite("Excel-style generation")
struct ExcelStyleGenerationTests {
    @Test("the Excel-style dataset loads the same warehouse rows and rejects as the plain one")
    func sameWarehouse() async throws {
        let tmp = try TempDir("excel")
        defer { tmp.remove() }
        try generateSmall(seed: 1, into: tmp.sub("plain"))
        try generateSmall(seed: 1, into: tmp.sub("excel"), excelStyle: true)

        // It really is Excel-style.
        let schools = try #require(FileManager.default.contents(atPath: tmp.sub("excel/schools.csv")))
        #expect(String(data: schools, encoding: .utf8) == nil, "GB18030, not UTF-8")
        #expect(Array(schools).starts(with: try #require(TextEncoding.gb18030.encode("学校代码,学校名称,学段"))))
        #expect(Array(schools).contains(0x0D))
        let calendar = try records(tmp.sub("excel"), .calendar)
        #expect(calendar.first?.fields == ["2025/9/1", "是"])
        let survey = try records(tmp.sub("excel"), .survey)
        #expect(survey.contains { $0[2].contains("、") })

        // The same number of lines in every file (the rejects below name
        // the same lines).
        for file in InputFile.allCases {
            let plain = try #require(FileManager.default.contents(atPath: tmp.sub("plain/" + file.fileName)))
            let excel = try #require(FileManager.default.contents(atPath: tmp.sub("excel/" + file.fileName)))
            #expect(plain.filter { $0 == 0x0A }.count == excel.filter { $0 == 0x0A }.count, "\(file.fileName) lines")
            #expect(plain.filter { $0 == 0x0D }.isEmpty)
        }

        // Both datasets through the pipeline, at once.
        let pipeline = packageRoot + "/pipelines/termly-evaluation.yaml"
        async let plainRun = runPipeline(pipeline, data: tmp.sub("plain"), out: tmp.sub("out-plain"))
        async let excelRun = runPipeline(pipeline, data: tmp.sub("excel"), out: tmp.sub("out-excel"))
        let (a, b) = try await (plainRun, excelRun)
        #expect(a.rejects == b.rejects)
        #expect(!a.rejects.isEmpty)
        for (x, y) in zip(a.files, b.files) {
            #expect(x.records == y.records && x.accepted == y.accepted, "\(x.file)")
            #expect(y.encoding == "gb18030", "\(y.file) encoding")
        }

        try compareWarehouses(tmp.sub("out-plain/warehouse.sqlite"), tmp.sub("out-excel/warehouse.sqlite"))

        // The same plants, apart from the style flag.
        var plainManifest = try PlantedManifest.read(from: tmp.sub("plain/planted.json"))
        let excelManifest = try PlantedManifest.read(from: tmp.sub("excel/planted.json"))
        #expect(excelManifest.excelStyle && !plainManifest.excelStyle)
        plainManifest.excelStyle = true
        #expect(plainManifest == excelManifest)
    }
}

/// What a pipeline run found, as the test compares it.
struct RunResult: Sendable {
    var rejects: [RejectKey]
    var files: [FileReport]
}

/// Runs the termly-evaluation pipeline (ingest and validate, keeping the
/// warehouse) on `data`, off the calling task.
func runPipeline(_ pipeline: String, data: String, out: String) async throws -> RunResult {
    try await Task.detached {
        let outcome = try PipelineRunner(logger: quietLogger).run(pipelinePath: pipeline, data: data, out: out, overrides: [])
        return RunResult(rejects: outcome.report.rejects.map(RejectKey.init), files: outcome.report.files)
    }.value
}

/// Every input table (and the dataset table) of two warehouses holds the
/// same rows: compared inside SQLite, both ways.
func compareWarehouses(_ plain: String, _ excel: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let db = try DatabaseQueue(path: plain)
    try db.writeWithoutTransaction { db in
        try db.execute(sql: "ATTACH DATABASE ? AS excel", arguments: [excel])
        for table in ["dataset"] + InputFile.loadOrder.map(\.tableName) {
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? -1 }
            let rows = try count("SELECT count(*) FROM main.\(table)")
            let onlyPlain = try count("SELECT count(*) FROM (SELECT * FROM main.\(table) EXCEPT SELECT * FROM excel.\(table))")
            let onlyExcel = try count("SELECT count(*) FROM (SELECT * FROM excel.\(table) EXCEPT SELECT * FROM main.\(table))")
            #expect(rows > 0, "\(table) is empty", sourceLocation: sourceLocation)
            #expect(try count("SELECT count(*) FROM excel.\(table)") == rows, "\(table) row count", sourceLocation: sourceLocation)
            #expect(onlyPlain == 0 && onlyExcel == 0,
                    "\(table): \(onlyPlain) rows only in the plain load, \(onlyExcel) only in the Excel-style one",
                    sourceLocation: sourceLocation)
        }
    }
}
