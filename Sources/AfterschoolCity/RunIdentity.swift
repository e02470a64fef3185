import Foundation
import GRDB

/// Which run a folder holds, as the shared warehouse tags its rows: term and
/// district (from `manifest.json`: the `district` of `dataset.yaml`, else
/// the dataset folder's name), the pipeline, the program, and the term's
/// school days (the calendar, to tell whether districts' calendars agree).
struct RunIdentity {
    let term: String
    let district: String
    let pipeline: String
    let version: String
    let build: String
    let title: String
    /// The tables the run published (manifest's `tables`).
    let tables: Set<String>
    let schoolDays: Int
    /// The school days of the term, `YYYY-MM-DD` joined by commas.
    let calendar: String
    /// The run's `warehouse.sqlite`, opened read-only.
    let warehouse: DatabaseQueue

    init(folder: String) throws(CityError) {
        let path = folder + "/manifest.json"
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .notARun(path: folder, reason: "没有可读的 manifest.json / no readable manifest.json")
        }
        guard let manifest = object as? [String: Any] else { throw .notARun(path: folder, reason: "manifest.json 格式不对 / manifest.json is not an object") }
        guard let status = manifest["status"] as? String, status == "complete" else {
            throw .notARun(path: folder, reason: "这次运行没有完成 / the run did not complete")
        }
        guard let term = manifest["term"] as? String, let district = manifest["district"] as? String,
              !term.isEmpty, !district.isEmpty else {
            throw .notARun(path: folder, reason: "manifest.json 中没有学期或区 / manifest.json names no term or district")
        }
        self.term = term
        self.district = district
        pipeline = manifest["pipeline"] as? String ?? ""
        version = manifest["version"] as? String ?? ""
        build = manifest["build"] as? String ?? ""
        tables = Set((manifest["tables"] as? [String: Any])?.keys.map { $0 } ?? [])
        let warehouse = try RunIdentity.warehouse(of: folder)
        self.warehouse = warehouse
        do {
            (title, calendar) = try warehouse.read { db in
                let row = try Row.fetchOne(db, sql: #"SELECT title, start, "end" FROM dataset"#)
                let start: String = row?["start"] ?? "", end: String = row?["end"] ?? ""
                let days = try String.fetchAll(
                    db, sql: "SELECT date FROM calendar WHERE school_day = 1 AND date >= ? AND date <= ? ORDER BY date",
                    arguments: [start, end])
                return ((row?["title"] as String?) ?? "", days.joined(separator: ","))
            }
        } catch {
            throw .notARun(path: folder, reason: "warehouse.sqlite 无法读取 / warehouse.sqlite cannot be read: \(error)")
        }
        schoolDays = calendar.isEmpty ? 0 : calendar.split(separator: ",").count
    }

    /// The run's `warehouse.sqlite`, opened read-only.
    static func warehouse(of folder: String) throws(CityError) -> DatabaseQueue {
        let path = folder + "/warehouse.sqlite"
        guard FileManager.default.fileExists(atPath: path) else {
            throw .notARun(path: folder, reason: "没有 warehouse.sqlite（运行时 publish_warehouse 为 false） / no warehouse.sqlite: the pipeline was run with publish_warehouse false")
        }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            return try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw .notARun(path: folder, reason: "warehouse.sqlite 无法打开 / warehouse.sqlite cannot be opened: \(error)")
        }
    }
}
