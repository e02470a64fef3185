import AfterschoolCSV
import Foundation
import Yams

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `dataset.yaml`: what term a dataset folder holds.
///
/// ```yaml
/// term: 2025-autumn
/// title: Sample district
/// start: 2025-10-20
/// end: 2025-11-02
/// encoding:            # optional, per file; detected when absent
///   attendance.csv: gb18030
/// ```
public struct DatasetDescriptor: Sendable, Equatable {
    /// The term id, e.g. `2025-autumn` (names the output folder).
    public var term: String
    public var title: String
    /// The first and last day of the term, inclusive.
    public var start: CivilDate
    public var end: CivilDate
    /// Encodings stated per file name.
    public var encodings: [String: TextEncoding]
    /// The district the dataset covers (an id), when `dataset.yaml` says;
    /// else the dataset folder's name is used (``district(folder:)``).
    public var district: String?

    public static let fileName = "dataset.yaml"

    public init(term: String, title: String, start: CivilDate, end: CivilDate, encodings: [String: TextEncoding] = [:]) {
        self.term = term
        self.title = title
        self.start = start
        self.end = end
        self.encodings = encodings
    }

    private struct Raw: Decodable {
        var term: String?
        var title: String?
        var start: String?
        var end: String?
        var encoding: [String: String]?
        var district: String?
    }

    /// Reads `dataset.yaml` from `folder`.
    public init(folder: String) throws(ContractError) {
        let path = folder + "/" + DatasetDescriptor.fileName
        guard let text = readTextFile(path) else {
            throw .badDescriptor(file: DatasetDescriptor.fileName, problem: .missing(folder: folder))
        }
        try self.init(yaml: text)
    }

    /// Parses the text of a `dataset.yaml`.
    public init(yaml: String) throws(ContractError) {
        let name = DatasetDescriptor.fileName
        let raw: Raw
        do {
            raw = try YAMLDecoder().decode(Raw.self, from: yaml)
        } catch {
            throw .badDescriptor(file: name, problem: .notYAML(detail: "\(error)"))
        }
        guard let term = raw.term?.trimmedValue, !term.isEmpty else {
            throw .badDescriptor(file: name, problem: .missingTerm)
        }
        guard DatasetDescriptor.namesFolder(term) else {
            throw .badDescriptor(file: name, problem: .notAFolderName(key: "term", value: term))
        }
        guard let s = raw.start, let start = CivilDate(parsing: s.trimmedValue) else {
            throw .badDescriptor(file: name, problem: .notADate(key: "start"))
        }
        guard let e = raw.end, let end = CivilDate(parsing: e.trimmedValue) else {
            throw .badDescriptor(file: name, problem: .notADate(key: "end"))
        }
        guard start <= end else {
            throw .badDescriptor(file: name, problem: .startAfterEnd(start: "\(start)", end: "\(end)"))
        }
        var encodings: [String: TextEncoding] = [:]
        for (file, value) in raw.encoding ?? [:] {
            guard let enc = TextEncoding(name: value) else {
                throw .badDescriptor(file: name, problem: .unknownEncoding(file: file, value: value))
            }
            let fileName = file.hasSuffix(".csv") ? file : file + ".csv"
            // A whole file (`attendance.csv`), or one part (`attendance/0203.csv`).
            let kind = fileName.split(separator: "/", maxSplits: 1).first.map(String.init) ?? fileName
            guard InputFile.allCases.contains(where: {
                $0.fileName == fileName || (fileName.contains("/") && $0.partsFolder == kind)
            }) else {
                throw .badDescriptor(file: name, problem: .unknownFile(file: file))
            }
            encodings[fileName] = enc
        }
        self.init(term: term, title: raw.title?.trimmedValue ?? term, start: start, end: end, encodings: encodings)
        if let d = raw.district?.trimmedValue, !d.isEmpty {
            guard DatasetDescriptor.namesFolder(d) else {
                throw .badDescriptor(file: name, problem: .notAFolderName(key: "district", value: d))
            }
            district = d
        }
    }

    /// Whether `value` can name a folder of the default output path:
    /// letters, digits, `-`, `_` and `.`, but not `.` or `..`.
    static func namesFolder(_ value: String) -> Bool {
        value.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." } && value != "." && value != ".."
    }

    /// The district's id: `district` from `dataset.yaml`, else the name of
    /// the dataset's folder.
    public func district(folder: String) -> String {
        if let district { return district }
        let name = URL(fileURLWithPath: folder).standardizedFileURL.lastPathComponent
        return name.isEmpty || name == "/" ? "dataset" : name
    }
}

extension String {
    var trimmedValue: String { String(ValueParser.trim(self)) }
}

/// The whole text of a small file, or nil when it cannot be read.
public func readTextFile(_ path: String) -> String? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, 65536, f) }
        if n <= 0 { break }
        bytes.append(contentsOf: buffer[0..<n])
    }
    if ferror(f) != 0 { return nil }
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    return String(decoding: bytes, as: UTF8.self)
}
