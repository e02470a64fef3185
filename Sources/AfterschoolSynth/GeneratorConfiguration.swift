import Foundation
import AfterschoolDomain

/// What to generate and where: the command line fills it, ``validate()``
/// rejects bad values.
public struct GeneratorConfiguration: Sendable, Equatable {
    /// How big the dataset is.
    public var scale: Scale
    /// The seed: the same seed gives the same bytes, on every machine.
    public var seed: UInt64
    /// The dataset folder to write. It is replaced as a whole, atomically,
    /// so it must be new, empty, or a dataset written before (it holds a
    /// `dataset.yaml`).
    public var outputFolder: String
    /// Write the files as a Chinese school's Excel export: GB18030, Chinese
    /// headers and values, `YYYY/M/D` dates, 是/否, CRLF.
    public var excelStyle: Bool
    /// Write the files each school exports on its own (attendance,
    /// staffing, satisfaction, survey, PE timetable, disclosures) as one
    /// part per school: `attendance/S001.csv`, ...
    public var parts: Bool
    /// A district id: written as `district` in `dataset.yaml`, and put
    /// before every id in the files, so that districts generated apart can
    /// be published to one city warehouse (or merged) without colliding.
    public var district: String?

    /// A configuration; call ``validate()`` before use (the generator does).
    public init(scale: Scale = .small, seed: UInt64 = 1, outputFolder: String, excelStyle: Bool = false,
                parts: Bool = false, district: String? = nil) {
        self.parts = parts
        self.district = district
        self.scale = scale
        self.seed = seed
        self.outputFolder = outputFolder
        self.excelStyle = excelStyle
    }

    /// Rejects an empty output path, and an existing folder that holds
    /// something other than a dataset (which replacing would destroy).
    public func validate() throws(SynthError) {
        guard !outputFolder.isEmpty else { throw .configuration("--out is empty; give the folder to write") }
        if let district {
            let allowed = district.unicodeScalars.allSatisfy {
                ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
            }
            guard !district.isEmpty, district.count <= 16, allowed else {
                throw .configuration("--district must be 1 to 16 letters, digits, '-' or '_': '\(district)'")
            }
        }
        // Only a dataset generated before (it has planted.json) is replaced:
        // every real dataset has a dataset.yaml, and must not be overwritten.
        do {
            try AtomicFolder.checkReplaceable(AtomicFolder.normalize(outputFolder), marker: "planted.json")
        } catch {
            throw .configuration("--out \(error.path) \(error.reason)")
        }
    }
}

/// What a finished generation wrote.
public struct GenerationSummary: Sendable {
    /// One file and its data records (header not counted).
    public struct FileCount: Sendable, Equatable {
        /// The file name, e.g. `attendance.csv`.
        public var file: String
        /// Data rows written, planted malformed rows included.
        public var records: Int
    }

    /// The dataset folder written.
    public var outputFolder: String
    /// Rows per input file, in load order.
    public var files: [FileCount]
    public var schools: Int
    /// Students on the rosters (planted malformed rows not counted).
    public var students: Int
    /// Planted audit findings (near misses not counted) and malformed rows.
    public var plantedFindings: Int
    public var plantedRejects: Int
    /// Wall-clock time of the run.
    public var seconds: Double

    /// Lines for the command line's standard output.
    public var text: String {
        var lines = ["Generated \(schools) schools, \(students) students in \(outputFolder)/ (\(format(seconds)) s):"]
        let width = files.map(\.file.count).max() ?? 0
        for f in files {
            lines.append("  " + f.file + String(repeating: " ", count: width - f.file.count) + "  " + String(f.records) + " rows")
        }
        lines.append("Planted: \(plantedFindings) audit findings, \(plantedRejects) malformed rows (see \(PlantedManifest.fileName)).")
        return lines.joined(separator: "\n")
    }

    private func format(_ s: Double) -> String { String(Int(s * 10) / 10) + "." + String(Int(s * 10) % 10) }
}
