import Foundation
import ZIPFoundation

/// Writes an ``XLSXWorkbook`` as an `.xlsx` file: an Office Open XML
/// package made with ZIPFoundation (deflated parts with a fixed date, so
/// the same workbook gives the same bytes).
public enum XLSXWriter {
    /// What can go wrong while writing.
    public enum Failure: Error, CustomStringConvertible {
        case package(String)

        public var description: String {
            switch self {
            case let .package(reason): return "cannot write the workbook: \(reason)"
            }
        }
    }

    /// The date every part carries (2000-01-01).
    static let fixedDate = Date(timeIntervalSince1970: 946_684_800)

    /// The workbook's bytes.
    public static func data(_ workbook: XLSXWorkbook) throws(Failure) -> Data {
        let names = sheetNames(workbook.sheets.map(\.name))
        do {
            let archive = try Archive(accessMode: .create)
            func add(_ path: String, _ text: String) throws {
                let bytes = Data(text.utf8)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                                     modificationDate: fixedDate, compressionMethod: .deflate) { position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            try add("[Content_Types].xml", ContentTypes(sheets: workbook.sheets.count).xmlPart(root: "Types"))
            try add("_rels/.rels", Relationships.package.xmlPart(root: "Relationships"))
            let filtered = workbook.sheets.indices.filter { !workbook.sheets[$0].header.isEmpty }
            let defined = filtered.map { i in
                let sheet = workbook.sheets[i]
                let columns = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
                let quoted = "'" + names[i].replacingOccurrences(of: "'", with: "''") + "'"
                return WorkbookPart.DefinedName(
                    localSheetId: i,
                    value: "\(quoted)!$A$1:$\(XLSXSheetWriter.columnName(columns - 1))$\(sheet.rows.count + 1)")
            }
            let part = WorkbookPart(
                sheets: .init(sheet: names.enumerated().map { .init(name: $1, sheetId: $0 + 1, rid: "rId\($0 + 1)") }),
                definedNames: defined.isEmpty ? nil : .init(definedName: defined))
            try add("xl/workbook.xml", part.xmlPart(root: "workbook"))
            try add("xl/_rels/workbook.xml.rels", Relationships.workbook(sheets: workbook.sheets.count).xmlPart(root: "Relationships"))
            try add("xl/styles.xml", XLSXStyles.part)
            for (i, sheet) in workbook.sheets.enumerated() {
                try add("xl/worksheets/sheet\(i + 1).xml",
                        XLSXSheetWriter.part(sheet, selected: i == 0, autoFilter: !sheet.header.isEmpty))
            }
            guard let data = archive.data else { throw Failure.package("the archive holds no data") }
            return data
        } catch let error as Failure {
            throw error
        } catch {
            throw .package(String(describing: error))
        }
    }

    /// Sheet names Excel accepts: `[]:*?/\` replaced by `_`, at most 31
    /// characters, not blank, unique (a repeat gets ` (2)`, ...).
    public static func sheetNames(_ wanted: [String]) -> [String] {
        var used: Set<String> = []
        return wanted.map { raw in
            var base = String(raw.map { "[]:*?/\\".contains($0) ? "_" : $0 })
            base = base.trimmingCharacters(in: CharacterSet(charactersIn: "' "))
            if base.isEmpty { base = "Sheet" }
            var name = String(base.prefix(31))
            var n = 2
            while used.contains(name.lowercased()) {
                let suffix = " (\(n))"
                name = String(base.prefix(31 - suffix.count)) + suffix
                n += 1
            }
            used.insert(name.lowercased())
            return name
        }
    }
}
