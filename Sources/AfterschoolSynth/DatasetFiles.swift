import AfterschoolDomain

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The 13 CSV files of a dataset, open for writing in one folder, each
/// with its header (English names, or the Chinese aliases in Excel style)
/// and every column of the contract, in contract order. With `parts`, the
/// files each school exports on its own (``DatasetFiles/perSchool``) are
/// written as one part per school (`attendance/S001.csv`), as a district
/// collects them.
///
/// Not `Sendable`: one generator writes them.
final class DatasetFiles {
    let style: OutputStyle
    let folder: String
    let parts: Bool
    private var writers: [CSVFileWriter]
    /// Records of the parts already closed, per file.
    private var closedRecords: [Int]

    /// The files written one part per school with `parts`: those no other
    /// file refers to, so a school's corrected export is read again alone.
    static let perSchool: Set<InputFile> = [.peTimetable, .survey, .attendance, .staffing, .satisfaction, .disclosures]

    /// The school whose parts are open (with `parts`).
    private var school: String

    /// Opens the files; with `parts`, the per-school files open as the
    /// parts of `firstSchool`.
    init(folder: String, style: OutputStyle, parts: Bool = false, firstSchool: String = "") throws(SynthError) {
        self.style = style
        self.folder = folder
        self.parts = parts
        school = firstSchool
        var writers: [CSVFileWriter] = []
        for file in InputFile.loadOrder {
            let split = parts && DatasetFiles.perSchool.contains(file)
            let name = split ? file.partsFolder + "/" + firstSchool + ".csv" : file.fileName
            if split { try DatasetFiles.makeFolder(folder + "/" + file.partsFolder) }
            writers.append(try CSVFileWriter(
                path: folder + "/" + name, name: name, header: try style.header(file), lineEnd: style.lineEnd))
        }
        self.writers = writers
        closedRecords = Array(repeating: 0, count: writers.count)
    }

    subscript(_ file: InputFile) -> CSVFileWriter { writers[file.ordinal] }

    /// With `parts`, starts the parts of school `id`: the per-school files
    /// write to `<file>/<id>.csv` from now on.
    func beginSchool(_ id: String) throws(SynthError) {
        guard parts, id != school else { return }
        school = id
        for file in InputFile.loadOrder where DatasetFiles.perSchool.contains(file) {
            let old = writers[file.ordinal]
            try old.finish()
            closedRecords[file.ordinal] += old.records
            let name = file.partsFolder + "/" + id + ".csv"
            writers[file.ordinal] = try CSVFileWriter(
                path: folder + "/" + name, name: name, header: try style.header(file), lineEnd: style.lineEnd)
        }
    }

    /// Data records written per file (all its parts), in load order.
    var records: [(file: InputFile, records: Int)] {
        InputFile.loadOrder.map { ($0, closedRecords[$0.ordinal] + writers[$0.ordinal].records) }
    }

    /// Flushes and syncs every file.
    func finish() throws(SynthError) {
        for w in writers { try w.finish() }
    }

    private static func makeFolder(_ path: String) throws(SynthError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw .io(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

/// Teachers' bookings handed from an earlier school to a later one, to plant
/// a cross-school double booking (`staff_overlap`) on the same date.
///
/// Not `Sendable`: the generator owns it.
final class OverlapHandoff {
    struct Booking {
        let sessionId: String
        let slot: Slot
    }

    /// One teacher's in-scope sessions of the day at the earlier school.
    struct Schedule {
        let schoolId: String
        let staffId: String
        let bookings: [Booking]
    }

    private var offers: [Int: [Schedule]] = [:]

    /// Offers the schedules of the source school for plant item `item`.
    func offer(_ item: Int, _ schedules: [Schedule]) { offers[item] = schedules }

    /// Takes the schedules offered for `item` (empty if none).
    func take(_ item: Int) -> [Schedule] { offers.removeValue(forKey: item) ?? [] }
}

/// Ids of an earlier school, for malformed rows that name another school's
/// student or activity.
struct EarlierSchool {
    let studentId: String
    let activityId: String
}
