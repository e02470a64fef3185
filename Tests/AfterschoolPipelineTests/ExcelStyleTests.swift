import AfterschoolCSV
import AfterschoolDomain
import AfterschoolPipeline
import Foundation
import GRDB
import Testing

/// The sample as a Chinese school's Excel would export it (Chinese headers,
/// GB18030, CRLF, `YYYY/M/D` dates, `H:MM` times, 是/否, Chinese enum
/// values) loads into exactly the same warehouse, with the same rejects.
@Suite("Excel-style copy of the sample")
struct ExcelStyleTests {
    /// Every input table plus the dataset table.
    static let tables = ["dataset"] + InputFile.loadOrder.map(\.tableName)

    @Test("the Excel-style copy loads the same rows and the same rejects")
    func sameWarehouseAndRejects() throws {
        let tmp = try TempDir("excel")
        defer { tmp.remove() }
        let excel = tmp.sub("excel-data")
        try ExcelStyle.convert(dataset: sampleDataset, to: excel)

        // The copy really is Excel-style.
        let schools = try #require(FileManager.default.contents(atPath: excel + "/schools.csv"))
        #expect(schools.starts(with: try gb18030("学校代码,学校名称,学段")))
        #expect(String(data: schools, encoding: .utf8) == nil, "GB18030, not UTF-8")
        #expect(Array(schools).contains(0x0D))
        let calendarRows = try readCSV(excel + "/calendar.csv")
        #expect(Array(calendarRows.prefix(2)) == [["日期", "上学日"], ["2025/10/20", "是"]])
        let attendanceRows = try readCSV(excel + "/attendance.csv")
        #expect(attendanceRows[1][2] == "出勤")

        let original = try runPipeline(data: sampleDataset, out: tmp.sub("out-original"))
        let converted = try runPipeline(data: excel, out: tmp.sub("out-excel"))

        // Same rejects, at the same lines and columns.
        #expect(converted.report.rejects.map(RejectKey.init) == original.report.rejects.map(RejectKey.init))
        #expect(converted.report.rejects.count == 32)
        #expect(try readRejectKeys(tmp.sub("out-excel") + "/rejects.csv")
                == readRejectKeys(tmp.sub("out-original") + "/rejects.csv"))

        // Same counts; the copy was read as GB18030.
        for (a, b) in zip(original.report.files, converted.report.files) {
            #expect(a.file == b.file)
            #expect(a.records == b.records, "\(a.file) records")
            #expect(a.accepted == b.accepted, "\(a.file) accepted")
            #expect(a.rejectedByRule == b.rejectedByRule, "\(a.file) rejects")
            #expect(b.encoding == "gb18030", "\(b.file) encoding")
        }
        #expect(!converted.report.warnings.contains { $0.en.contains("unknown columns") })

        // Same rows in every table.
        let dbA = try openWarehouse(tmp.sub("out-original") + "/warehouse.sqlite")
        let dbB = try openWarehouse(tmp.sub("out-excel") + "/warehouse.sqlite")
        for table in Self.tables {
            let a = try allRows(dbA, table)
            let b = try allRows(dbB, table)
            #expect(!a.isEmpty, "\(table) is empty")
            #expect(a.count == b.count, "\(table) row count")
            if a != b {
                let firstDiff = zip(a, b).first { $0 != $1 }
                Issue.record("\(table) differs; first difference: \(String(describing: firstDiff))")
            }
        }
    }
}

/// Converts a dataset folder to an Excel-style copy.
enum ExcelStyle {
    /// Writes every CSV of `dataset` to `folder` Excel-style, and copies
    /// `dataset.yaml`. Values that do not parse (the planted bad values)
    /// are kept as they are; blank lines stay where they were, so line
    /// numbers do not move.
    static func convert(dataset: String, to folder: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try fm.copyItem(atPath: dataset + "/dataset.yaml", toPath: folder + "/dataset.yaml")
        for file in InputFile.allCases where exists(dataset + "/" + file.fileName) {
            let text = try convert(file: file, path: dataset + "/" + file.fileName)
            try Data(try gb18030(text)).write(to: URL(fileURLWithPath: folder + "/" + file.fileName))
        }
    }

    /// The Excel-style text of one file (UTF-8, CRLF).
    static func convert(file: InputFile, path: String) throws -> String {
        var lines: [String] = []
        var physicalLine = 1
        var header: [ColumnSpec?]?
        try CSVReader(path: path).forEachRecord { record in
            while physicalLine < record.line {
                lines.append("")
                physicalLine += 1
            }
            let fields = record.fields
            let out: [String]
            if let specs = header {
                out = fields.enumerated().map { i, f in
                    guard i < specs.count, let spec = specs[i] else { return f }
                    return convert(value: f, kind: spec.kind)
                }
            } else {
                let specs = fields.map { name in
                    file.columns.first { $0.name == String(ValueParser.trim(name)).lowercased() }
                }
                header = specs
                out = zip(fields, specs).map { f, spec in spec?.alias ?? f }
            }
            let line = out.map(quote).joined(separator: ",")
            lines.append(line)
            physicalLine += 1 + line.utf8.filter { $0 == 0x0A }.count
        }
        return lines.map { $0 + "\r\n" }.joined()
    }

    /// A value as Excel would show it, when it parses; else as it is.
    static func convert(value: String, kind: ValueKind) -> String {
        let t = ValueParser.trim(value)
        guard !t.isEmpty else { return value }
        switch kind {
        case .date:
            guard let d = CivilDate(parsing: t) else { return value }
            let (y, m, day) = d.components
            return "\(y)/\(m)/\(day)"
        case .time:
            guard let minutes = ValueParser.parseTime(t) else { return value }
            let mm = minutes % 60
            return "\(minutes / 60):\(mm < 10 ? "0" : "")\(mm)"
        case .bool:
            guard let b = ValueParser.parseBool(t) else { return value }
            return b ? "是" : "否"
        case let .enumeration(domain):
            guard let canonical = domain.canonical(for: String(t)) else { return value }
            return domain.chinese(for: canonical) ?? value
        case let .list(domain):
            guard case let .success(.text(list)) = ValueParser.parse(t, as: .list(domain)) else { return value }
            return list.split(separator: "|").map { domain.chinese(for: String($0)) ?? String($0) }.joined(separator: "、")
        case .id, .text, .int, .decimal, .month:
            return value
        }
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
