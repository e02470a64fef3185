import Foundation
import Testing
@testable import AfterschoolCSV

@Suite("CSVReader: errors in the file")
struct CSVReaderErrorTests {
    static let oneMiB = 1 << 20

    @Test("an unterminated quote names the line where the quote opened", arguments: [
        ("\"abc", 1),
        ("a,b\n1,2\n\n3,\"open\nmore\n", 4),
        ("a\n\"x\"\"\n", 2),
        ("a\n2,\"ok\",\"open", 2),
        ("a,b\r\n1,\"open\r\n\r\nstill open\r\n", 2),
        // The record starts on line 2; its second quoted field opens on line 3.
        ("a,b\n1,\"two\nlines\",\"open\nmore\nstill\n", 3),
        // A field closed and another opened on the same line.
        ("h\n1,\"a\nb\",\"c\nd", 3),
        // An escaped quote on a later line of the open field.
        ("h\n1,\"x\nab\"\"cd\nmore", 2),
    ])
    func unterminatedQuote(text: String, line: Int) throws {
        let (error, _) = try readUntilError(utf8(text))
        #expect(error as? CSVError == .unterminatedQuote(file: fixtureName, line: line))
    }

    @Test("records before an unterminated quote are delivered")
    func recordsBeforeUnterminatedQuote() throws {
        let (error, rows) = try readUntilError(utf8("a,b\n1,2\n3,\"open\n4,5\n"))
        #expect(error as? CSVError == .unterminatedQuote(file: fixtureName, line: 3))
        #expect(rows == [Row(1, "a", "b"), Row(2, "1", "2")])
    }

    @Test("malformed quoting names the line of the offending quote", arguments: [
        ("a,b\"c\n", 1),
        ("h\n1,\"ab\"c\n", 2),
        ("h\n1,\"multi\nline\"x\n", 3),
        ("h\n\n1,\"a\" \"\n", 3),
        ("h\r\nab\"\r\n", 2),
    ])
    func malformedQuoting(text: String, line: Int) throws {
        let (error, rows) = try readUntilError(utf8(text))
        #expect(error as? CSVError == .malformedQuoting(file: fixtureName, line: line))
        #expect(rows.allSatisfy { $0.line < line })
    }

    @Test("a field of 1 MiB + 1 byte is too long", arguments: [false, true])
    func fieldTooLong(quoted: Bool) throws {
        let field = [UInt8](repeating: UInt8(ascii: "x"), count: Self.oneMiB + 1)
        let quote: [UInt8] = quoted ? [UInt8(ascii: "\"")] : []
        let bytes = utf8("id,value\n1,") + quote + field + quote + utf8("\n2,b\n")
        let (error, rows) = try readUntilError(bytes)
        #expect(error as? CSVError == .fieldTooLong(file: fixtureName, line: 2, limit: Self.oneMiB))
        #expect(rows == [Row(1, "id", "value")])
    }

    @Test("a field of exactly 1 MiB is accepted", arguments: [false, true])
    func fieldOfOneMiB(quoted: Bool) throws {
        let field = [UInt8](repeating: UInt8(ascii: "x"), count: Self.oneMiB)
        let quote: [UInt8] = quoted ? [UInt8(ascii: "\"")] : []
        let bytes = utf8("id,value\n1,") + quote + field + quote + utf8("\n2,b\n")
        var lengths: [[Int]] = []
        var lines: [Int] = []
        try withFixture(bytes) { path in
            try CSVReader(path: path).forEachRecord { record in
                lines.append(record.line)
                lengths.append((0..<record.count).map { i in record.withFieldBytes(i) { $0.count } })
            }
        }
        #expect(lines == [1, 2, 3])
        #expect(lengths == [[2, 5], [1, Self.oneMiB], [1, 1]])
    }

    @Test("an unclosed quote running past the buffer limit is reported as too long")
    func runawayQuote() throws {
        var bytes = utf8("h\n1,\"open\n")
        let line = [UInt8](repeating: UInt8(ascii: "y"), count: 999) + [0x0A]
        for _ in 0..<1300 { bytes += line }
        let (error, rows) = try readUntilError(bytes)
        #expect(error as? CSVError == .fieldTooLong(file: fixtureName, line: 2, limit: Self.oneMiB))
        #expect(rows == [Row(1, "h")])
    }

    @Test("invalid UTF-8 after a byte-order mark")
    func invalidUTF8AfterBOM() throws {
        let bytes = utf8BOM + utf8("a,b\n1,x\n") + [0x32, 0x2C, 0xFF, 0xFE, 0x0A] + utf8("3,z\n")
        let (error, rows) = try readUntilError(bytes)
        #expect(error as? CSVError == .undecodable(file: fixtureName, line: 3, encoding: .utf8))
        #expect(rows == [Row(1, "a", "b"), Row(2, "1", "x")])
    }

    @Test("invalid UTF-8 past the sample of a file detected as UTF-8")
    func invalidUTF8PastSample() throws {
        var bytes = utf8("名字,值\n")
        var line = 2
        while bytes.count < 70 * 1024 {
            bytes += utf8("\(line),abc\n")
            line += 1
        }
        bytes += utf8("\(line),") + [0xC3, 0x28] + utf8("\n")
        let (error, rows) = try readUntilError(bytes)
        #expect(error as? CSVError == .undecodable(file: fixtureName, line: line, encoding: .utf8))
        #expect(rows.count == line - 1)
    }

    @Test("a truncated UTF-8 character at the end of a file with a byte-order mark")
    func truncatedUTF8AtEnd() throws {
        let bytes = utf8BOM + utf8("名字\n学") + [0xE5, 0xAD]
        let (error, _) = try readUntilError(bytes)
        #expect(error as? CSVError == .undecodable(file: fixtureName, line: 2, encoding: .utf8))
    }

    @Test("GB18030 bytes read as UTF-8 when UTF-8 is given")
    func gb18030GivenAsUTF8() throws {
        let bytes = try gb18030("学号,姓名\n")
        let (error, rows) = try readUntilError(bytes, options: CSVReader.Options(encoding: .utf8))
        #expect(error as? CSVError == .undecodable(file: fixtureName, line: 1, encoding: .utf8))
        #expect(rows == [])
    }

    @Test("bytes invalid in a file detected as GB18030", arguments: [
        [0xFF] as [UInt8],
        [0xD1],             // a lead byte cut by the end of the field
        [0x81, 0x30, 0x81], // a four-byte sequence cut short
    ])
    func invalidGB18030(bad: [UInt8]) throws {
        let bytes = try gb18030("学号,姓名\n1,张三\n") + utf8("2,") + bad + utf8(",x\n3,y\n")
        let (error, rows) = try readUntilError(bytes)
        #expect(error as? CSVError == .undecodable(file: fixtureName, line: 3, encoding: .gb18030))
        #expect(rows == [Row(1, "学号", "姓名"), Row(2, "1", "张三")])
    }

    @Test("a bad byte after an ASCII sample makes the file GB18030, where it is invalid too")
    func badByteAfterASCIISample() throws {
        var bytes = utf8("id,name\n")
        var line = 2
        while bytes.count < 70 * 1024 {
            bytes += utf8("\(line),abc\n")
            line += 1
        }
        bytes += utf8("\(line),") + [0xFF] + utf8("\n")
        let (error, rows) = try readUntilError(bytes)
        #expect(error as? CSVError == .undecodable(file: fixtureName, line: line, encoding: .gb18030))
        #expect(rows.count == line - 1)
    }

    @Test("a file that does not exist is unreadable")
    func missingFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.url.appendingPathComponent("missing.csv").path
        var calls = 0
        let error = #expect(throws: CSVError.self) {
            try CSVReader(path: path).forEachRecord { _ in calls += 1 }
        }
        guard case let .unreadable(file, reason)? = error else {
            Issue.record("expected .unreadable, got \(String(describing: error))")
            return
        }
        #expect(file == "missing.csv")
        #expect(!reason.isEmpty)
        #expect(calls == 0)
    }

    @Test("a directory is unreadable")
    func directory() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let error = #expect(throws: CSVError.self) {
            try CSVReader(path: dir.url.path).forEachRecord { _ in }
        }
        guard case .unreadable? = error else {
            Issue.record("expected .unreadable, got \(String(describing: error))")
            return
        }
    }

    @Test("errors name the display name")
    func displayName() throws {
        try withFixture(utf8("a\n\"open\n")) { path in
            _ = #expect(throws: CSVError.unterminatedQuote(file: "学生名单.csv", line: 2)) {
                try CSVReader(path: path, displayName: "学生名单.csv").forEachRecord { _ in }
            }
        }
    }

    @Test("error descriptions carry the file and the line")
    func descriptions() {
        let text = CSVError.malformedQuoting(file: "x.csv", line: 7).description
        // In Chinese, then in English: both name the file and the line.
        #expect(text.hasPrefix("x.csv 第 7 行："))
        #expect(text.contains(" / x.csv line 7:"))
        let undecodable = CSVError.undecodable(file: "x.csv", line: 3, encoding: .gb18030).description
        #expect(undecodable.contains("GB18030/GBK"))
    }
}
