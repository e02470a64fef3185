import AfterschoolDomain

/// The 13 CSV files of a dataset, open for writing in one folder, each
/// with its header (English names, or the Chinese aliases in Excel style)
/// and every column of the contract, in contract order.
///
/// Not `Sendable`: one generator writes them.
final class DatasetFiles {
    let style: OutputStyle
    private let writers: [CSVFileWriter]

    init(folder: String, style: OutputStyle) throws(SynthError) {
        self.style = style
        var writers: [CSVFileWriter] = []
        for file in InputFile.loadOrder {
            writers.append(try CSVFileWriter(
                path: folder + "/" + file.fileName, header: try style.header(file), lineEnd: style.lineEnd))
        }
        self.writers = writers
    }

    subscript(_ file: InputFile) -> CSVFileWriter { writers[file.ordinal] }

    /// Data records written per file, in load order.
    var records: [(file: InputFile, records: Int)] { InputFile.loadOrder.map { ($0, writers[$0.ordinal].records) } }

    /// Flushes and syncs every file.
    func finish() throws(SynthError) {
        for w in writers { try w.finish() }
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
