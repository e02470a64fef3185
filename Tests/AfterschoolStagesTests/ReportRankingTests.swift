import AfterschoolWarehouse
import Foundation
import GRDB
import Testing
@testable import AfterschoolStages

/// A long per-school table in the report: its lowest and highest schools
/// first, the rest folded.
@Suite("Report: worst and best schools")
struct ReportRankingTests {
    @Test("30 schools: the 10 lowest by participation (lowest first), then the 5 highest, then the other 15 by id")
    func worstAndBest() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rank-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let context = StageContext(warehouse: try Warehouse(path: folder + "/w.sqlite"), parameters: Parameters())
        let builder = ReportBuilder(context: context, parameters: ReportParameters(Parameters()))
        let table = OutputTable.schoolSummary
        let rate = try #require(table.columns.firstIndex { $0.name == "participation_rate" })
        // School i has participation (i * 7 mod 30) / 30: all different.
        let rows: [[DatabaseValue]] = (0..<30).map { i in
            table.columns.indices.map { c in
                c == 0 ? String(format: "S%03d", i).databaseValue
                    : c == rate ? (Double((i * 7) % 30) / 30).databaseValue : DatabaseValue.null
            }
        }
        let presented = builder.present(ReportBuilder.Loaded(table: table, rows: rows), schoolNames: [:], staffNames: [:])
        #expect(presented.shown == 15)
        #expect(presented.rows.count == 30)
        let shownRates = presented.rows.prefix(15).map { $0[rate + 1] }  // +1: the school name column
        #expect(Array(shownRates.prefix(10)) == (0..<10).map { "\(fixedDecimals(Double($0) / 30 * 100, 1))%" })
        #expect(Array(shownRates.suffix(5)) == (25..<30).reversed().map { "\(fixedDecimals(Double($0) / 30 * 100, 1))%" })
        let restIds = presented.rows.dropFirst(15).map { $0[0] }
        #expect(restIds == restIds.sorted())
        #expect(presented.note?.contains("参与率") == true)
    }
}
