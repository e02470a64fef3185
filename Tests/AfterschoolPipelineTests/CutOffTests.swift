import AfterschoolCSV
import AfterschoolPipeline
import Foundation
import Testing

/// An attendance file cut off half-way (the end of a copy that did not
/// finish): its last row is rejected, and the run says the file looks cut
/// off and where (issue #14, item 4). A warning changes no figure and not
/// the exit status.
@Suite("A file cut off half-way")
struct CutOffTests {
    /// The sample with its attendance file cut `keep` bytes in.
    static func cut(in tmp: TempDir, keep: (String) -> Int) throws -> (folder: String, lastLine: Int) {
        let data = tmp.sub("data")
        try FileManager.default.copyItem(atPath: sampleDataset, toPath: data)
        let path = data + "/attendance.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let bytes = Array(text.utf8)
        let kept = Array(bytes.prefix(keep(text)))
        try Data(kept).write(to: URL(fileURLWithPath: path))
        let lastLine = kept.filter { $0 == 0x0A }.count + (kept.last == 0x0A ? 0 : 1)
        return (data, lastLine)
    }

    /// Where the row that holds the file's middle byte starts.
    static func middleRow(_ bytes: [UInt8]) -> Int {
        var start = bytes.count / 2
        while bytes[start - 1] != 0x0A { start -= 1 }
        return start
    }

    @Test("a last row without a line break and with too few fields: rejected, and a warning names its line")
    func cutInARow() throws {
        let tmp = try TempDir("cutoff")
        defer { tmp.remove() }
        // Half-way, then back to just after the second comma of that row:
        // a row of three fields of four, with no line break.
        let (data, lastLine) = try Self.cut(in: tmp) { text in
            let bytes = Array(text.utf8)
            var end = Self.middleRow(bytes)
            var commas = 0
            while commas < 2 {
                if bytes[end] == 0x2C { commas += 1 }
                end += 1
            }
            return end + 2
        }
        let outcome = try runPipeline(data: data, out: tmp.sub("out"))
        let cutRejects = outcome.report.rejects.filter { $0.file == "attendance.csv" && $0.line == lastLine }
        #expect(cutRejects.count == 1)
        #expect(cutRejects.first?.rule == .fieldCount)
        #expect(cutRejects.first?.looksCutOff == true)
        #expect(cutRejects.first?.chineseMessage.contains("复制完整") == true)
        #expect(cutRejects.first?.message.contains("unquoted comma") == false)
        let warnings = outcome.warnings.filter { $0.contains("attendance.csv") && $0.contains("第 \(lastLine) 行") }
        #expect(warnings.count == 1, "\(outcome.warnings)")
        let manifest = try String(contentsOfFile: tmp.sub("out") + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("第 \(lastLine) 行"))
    }

    @Test("a file that ends after a whole row, or a row with too many fields at the end, gives no such warning")
    func notCut() throws {
        let tmp = try TempDir("cutoff-not")
        defer { tmp.remove() }
        let (data, _) = try Self.cut(in: tmp) { Self.middleRow(Array($0.utf8)) }
        // The same rows, and a last row of five fields without a line break.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: data + "/attendance.csv"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("S001-1020-hw-1-1,0001099,present,,extra".utf8))
        try handle.close()
        let outcome = try runPipeline(data: data, out: tmp.sub("out"))
        #expect(!outcome.warnings.contains { $0.contains("中断") || $0.contains("cut off") }, "\(outcome.warnings)")
        #expect(!outcome.report.rejects.contains { $0.looksCutOff })
        #expect(outcome.report.rejects.contains { $0.rule == .fieldCount && $0.message.contains("unquoted comma") })
    }
}
