import Foundation

/// One CSV file the dataset holds for a file kind: the whole file
/// (`attendance.csv`), or one part of a folder of parts
/// (`attendance/0203.csv`). Each is a file of its own for the contract: its
/// own header, encoding and reject share.
public struct InputSource: Sendable, Equatable, Hashable {
    public let file: InputFile
    /// Where it is.
    public let path: String
    /// How messages and `rejects.csv` name it: `attendance.csv` or
    /// `attendance/0203.csv`.
    public let name: String
    /// 0 for a whole file; 1, 2, ... for parts in name order. Earlier parts
    /// win over later ones when a key repeats ("the first accepted row wins").
    public let part: Int

    public init(file: InputFile, path: String, name: String, part: Int) {
        self.file = file
        self.path = path
        self.name = name
        self.part = part
    }

    /// The sources of every file kind in `folder`, in load order: the whole
    /// file, or the `*.csv` files of its folder of parts in name order
    /// (byte order of the names). A kind with neither has none.
    /// - Throws: ``ContractError/fileAndParts(file:folder:)`` when a kind has both.
    public static func resolve(folder: String) throws(ContractError) -> [InputFile: [InputSource]] {
        var sources: [InputFile: [InputSource]] = [:]
        let fm = FileManager.default
        for file in InputFile.loadOrder {
            let whole = folder + "/" + file.fileName
            let partsName = file.partsFolder
            let parts = folder + "/" + partsName
            var isDirectory: ObjCBool = false
            let hasFolder = fm.fileExists(atPath: parts, isDirectory: &isDirectory) && isDirectory.boolValue
            let hasFile = fm.fileExists(atPath: whole)
            if hasFile && hasFolder { throw .fileAndParts(file: file.fileName, folder: partsName) }
            if hasFolder {
                let names = ((try? fm.contentsOfDirectory(atPath: parts)) ?? [])
                    .filter { $0.hasSuffix(".csv") && !$0.hasPrefix(".") }
                    .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                sources[file] = names.enumerated().map { i, name in
                    InputSource(file: file, path: parts + "/" + name, name: partsName + "/" + name, part: i + 1)
                }
            } else if hasFile {
                sources[file] = [InputSource(file: file, path: whole, name: file.fileName, part: 0)]
            }
        }
        return sources
    }
}

extension InputFile {
    /// The folder of parts of a file kind: `attendance` for `attendance.csv`.
    public var partsFolder: String { rawValue }
}
