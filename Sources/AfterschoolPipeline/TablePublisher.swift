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
        let suppressedColumn = table.suppressible ? table.columns.firstIndex { $0.name == "suppressed" } : nil
        for row in rows {
            let suppressed = suppressedColumn.map { row[$0] == .int(1) } ?? false
            var fields: [String] = []
            for (i, column) in table.columns.enumerated() {
                if suppressed && i >= table.keys.count && i != suppressedColumn {
                    fields.append("")  // small cell: counts and rates blank
                } else {
                    fields.append(format(row[i], as: column.kind))
                }
            }
            try writer.write(fields)
        }
        try writer.finish()
        return relative
    }

    /// The published text of a cell.
    static func format(_ cell: Cell, as kind: CellKind) -> String {
        switch (cell, kind) {
        case (.blank, _): return ""
        case let (.text(s), _): return s
        case let (.int(i), _): return String(i)
        case let (.real(x), .ratio): return fixedDecimals(x, 4)
        case let (.real(x), .hours), let (.real(x), .money): return fixedDecimals(x, 2)
        case let (.real(x), .integer), let (.real(x), .flag): return String(Int64(x.rounded()))
        case let (.real(x), .text): return String(x)
        }
    }
}
