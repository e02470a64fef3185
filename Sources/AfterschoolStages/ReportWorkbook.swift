import AfterschoolWarehouse
import AfterschoolXLSX
import GRDB

/// The report's tables as Excel workbooks: `tables.xlsx` (every published
/// table) and `internal/internal.xlsx` (the internal ones, which name
/// students). One sheet per table, headers in the report's language, the
/// first sheet saying what each sheet is. Each cell holds exactly what the
/// table's CSV holds (numbers as numbers, with the CSV's digits and a
/// format for their kind), except: a school's and a staff member's name
/// beside their code, coded values and yes/no flags as words, and the
/// figures of a suppressed group marked `（隐去）` instead of blank.
struct ReportWorkbook {
    let text: ReportText
    let schoolNames: [String: String]
    let staffNames: [String: String]
    /// What a suppressed group's figures are replaced with.
    let minCell: String

    /// The mark of a suppressed cell.
    var hiddenMark: String { text.pick("（隐去）", "(hidden)") }

    /// The workbook of `tables`, the first sheet an index; `folder` is where
    /// their CSVs are (`tables/` or `internal/`).
    func workbook(_ tables: [ReportBuilder.Loaded], folder: String) -> XLSXWorkbook {
        let names = XLSXWriter.sheetNames([text.pick("说明", "About")] + tables.map { $0.table.title.text(text.language) })
        var index: [[XLSXCell]] = []
        var sheets: [XLSXSheet] = []
        for (i, loaded) in tables.enumerated() {
            let sheet = self.sheet(loaded, name: names[i + 1])
            sheets.append(sheet)
            let suppressible = loaded.table.suppressible
            index.append([
                .text(names[i + 1]), .text(loaded.table.title.text(text.language)),
                .text(folder + loaded.table.name + ".csv"), .number(String(loaded.rows.count), .integer),
                .text(suppressible ? text.pick("\(hiddenMark)：在籍学生少于 \(minCell) 人的组不公布数字，以保护未成年人信息",
                                               "\(hiddenMark): a group with fewer than \(minCell) students enrolled has its figures withheld, to protect minors")
                      : ""),
            ])
        }
        let about = XLSXSheet(
            name: names[0],
            header: [text.pick("工作表", "Sheet"), text.pick("数据表", "Table"), text.pick("CSV 文件", "CSV file"),
                     text.pick("行数", "Rows"), text.pick("说明", "Note")],
            rows: index)
        return XLSXWorkbook(sheets: [about] + sheets)
    }

    /// One table's sheet.
    func sheet(_ loaded: ReportBuilder.Loaded, name: String) -> XLSXSheet {
        let table = loaded.table
        let school = loaded.column("school_id")
        let staff = loaded.column("staff_id")
        let suppressedColumn = table.suppressedColumn
        var header: [String] = []
        for (i, column) in table.columns.enumerated() {
            header.append(column.label.text(text.language))
            if i == school { header.append(text.pick("学校名称", "School name")) }
            if i == staff { header.append(text.pick("姓名", "Name")) }
        }
        let rows: [[XLSXCell]] = loaded.rows.map { row in
            let suppressed = suppressedColumn.map { row[$0] == 1.databaseValue } ?? false
            var cells: [XLSXCell] = []
            for (i, column) in table.columns.enumerated() {
                if suppressed && table.blanksWhenSuppressed(i) {
                    cells.append(.text(hiddenMark, .mark))
                } else {
                    cells.append(cell(row[i], column))
                }
                if i == school { cells.append(.text(schoolNames[ReportBuilder.string(row[i]) ?? ""] ?? "")) }
                if i == staff { cells.append(.text(staffNames[ReportBuilder.string(row[i]) ?? ""] ?? "")) }
            }
            return cells
        }
        return XLSXSheet(name: name, header: header, rows: rows)
    }

    /// A cell as the CSV publishes it, typed.
    func cell(_ value: DatabaseValue, _ column: OutputColumn) -> XLSXCell {
        let published = column.kind.published(Cell(value))
        if published.isEmpty { return .empty }
        switch column.kind {
        case .text:
            return .text(ReportText.codedColumns.contains(column.name) ? text.word(published, column: column.name) : published)
        case .flag:
            return .text(published == "1" ? text.pick("是", "yes") : text.pick("否", "no"))
        case .integer:
            return .number(published, .integer)
        case .ratio:
            return .number(published, ReportBuilder.isPercent(column.name) ? .percent : .decimal4)
        case .hours:
            return .number(published, .decimal2)
        case .money:
            return .number(published, .money)
        }
    }
}
