import AfterschoolStages
import AfterschoolWarehouse
import Foundation

/// Writes an output table twice: into the warehouse at full precision, and
/// as `tables/<name>.csv` for publication: rates and shares with 4
/// decimals, hours and money with 2, booleans `1`/`0`, blanks empty, and
/// grouped rows with fewer than `min_cell` students suppressed.
enum TablePublisher {
    /// Where a table is published inside the output folder: `tables/` for
    /// public tables, `internal/` for those that name students.
    static func relativePath(_ table: OutputTable) -> String {
        (table.isInternal ? "internal/" : "tables/") + table.name + ".csv"
    }

    /// Writes `table` into the warehouse and to its CSV under `output`;
    /// returns the CSV's path relative to `output`.
    @discardableResult
    static func publish(_ table: OutputTable, rows: [[Cell]], warehouse: Warehouse, output: String) throws -> String {
        try warehouse.replace(table, rows: rows)
        let relative = relativePath(table)
        let path = output + "/" + relative
        try createParentFolder(of: path)
        let writer = try CSVTableWriter(path: path, header: table.columns.map(\.name))
        // Suppression is declared by the table: its `suppressed` flag blanks
        // the row's figures (counts and rates), not its keys.
        let suppressedColumn = table.suppressedColumn
        for row in rows {
            let suppressed = suppressedColumn.map { row[$0] == .int(1) } ?? false
            var fields: [String] = []
            for (i, column) in table.columns.enumerated() {
                if suppressed && table.blanksWhenSuppressed(i) {
                    fields.append("")  // small cell: counts and rates blank
                } else {
                    fields.append(column.kind.published(row[i]))
                }
            }
            try writer.write(fields)
        }
        try writer.finish()
        return relative
    }
}
