import AfterschoolDomain
import AfterschoolSynth
import Foundation
import Testing

/// A seed gives the same bytes, every run; another seed gives other data.
@Suite("Generator determinism")
struct DeterminismTests {
    @Test("the same seed writes byte-identical files; another seed differs")
    func sameSeedSameBytes() throws {
        let tmp = try TempDir("determinism")
        defer { tmp.remove() }
        try generateSmall(seed: 1, into: tmp.sub("a"))
        try generateSmall(seed: 1, into: tmp.sub("b"))
        try generateSmall(seed: 2, into: tmp.sub("c"))
        let a = try snapshot(tmp.sub("a")), b = try snapshot(tmp.sub("b")), c = try snapshot(tmp.sub("c"))

        let expected = Set(InputFile.allCases.map(\.fileName) + ["dataset.yaml", "planted.json"])
        #expect(Set(a.keys) == expected)
        for name in expected.sorted() {
            #expect(a[name] == b[name], "\(name) differs between two runs with seed 1")
        }
        for file in [InputFile.students, .sessions, .attendance, .staffing, .satisfaction] {
            #expect(a[file.fileName] != c[file.fileName], "\(file.fileName) is the same for seeds 1 and 2")
        }
        #expect(a["planted.json"] != c["planted.json"])
    }

    @Test("a second run replaces the folder whole and leaves no staging folder")
    func replacesAtomically() throws {
        let tmp = try TempDir("replace")
        defer { tmp.remove() }
        let out = tmp.sub("data")
        try generateSmall(seed: 3, into: out)
        let first = try snapshot(out)
        try generateSmall(seed: 4, into: out)
        #expect(try snapshot(out) != first)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path) == ["data"])
    }

    @Test("refuses to replace a folder that is not a dataset")
    func refusesForeignFolder() throws {
        let tmp = try TempDir("refuse")
        defer { tmp.remove() }
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: tmp.sub("notes.txt")))
        #expect(throws: SynthError.self) { try generateSmall(seed: 1, into: tmp.path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path) == ["notes.txt"])
        do {
            try generateSmall(seed: 1, into: tmp.path)
        } catch let error as SynthError {
            #expect(error.exitStatus == 2)
            #expect(error.description.contains("refusing to replace"))
        }
    }
}
