import Foundation
import Testing
@testable import AfterschoolCSV

@Suite("CSVReader: records, quoting and line numbers")
struct CSVReaderTests {
    @Test("quoted commas and \"\" escapes")
    func quotedCommasAndEscapedQuotes() throws {
        let rows = try readRows(utf8(#"""
            id,name,note
            1,"Smith, John","said ""hi"""
            2,"""quoted""",""
            3,"a,b,c",plain

            """#))
        #expect(rows == [
            Row(1, "id", "name", "note"),
            Row(2, "1", "Smith, John", "said \"hi\""),
            Row(3, "2", "\"quoted\"", ""),
            Row(4, "3", "a,b,c", "plain"),
        ])
    }

    @Test("newlines inside quotes shift the line numbers of the records after them")
    func newlinesInsideQuotes() throws {
        let rows = try readRows(utf8("id,note,score\n1,\"line one\nline two\nline three\",90\n2,\"\n\",80\n3,plain,70\n"))
        #expect(rows == [
            Row(1, "id", "note", "score"),
            Row(2, "1", "line one\nline two\nline three", "90"),
            Row(5, "2", "\n", "80"),
            Row(7, "3", "plain", "70"),
        ])
    }

    @Test("CRLF line ends, also inside quotes")
    func crlf() throws {
        let rows = try readRows(utf8("id,note\r\n1,\"first\r\nsecond\"\r\n2,x\r\n\r\n3,\"\"\r\n"))
        #expect(rows == [
            Row(1, "id", "note"),
            Row(2, "1", "first\r\nsecond"),
            Row(4, "2", "x"),
            Row(6, "3", ""),
        ])
    }

    @Test("a UTF-8 byte-order mark is stripped", arguments: [
        "id,name\n1,a\n",
        "\"id\",name\n1,a\n",
        "\"id,x\",name\n1,a\n",
    ])
    func byteOrderMark(text: String) throws {
        let rows = try readRows(utf8BOM + utf8(text))
        let first = try #require(rows.first)
        #expect(first.line == 1)
        #expect(first.fields[0].hasPrefix("id"))
        #expect(first.fields[0].unicodeScalars.first == "i")
        #expect(rows == (try readRows(utf8(text))))
    }

    @Test("a byte-order mark alone, or before a single record without a newline")
    func byteOrderMarkShortFiles() throws {
        #expect(try readRows(utf8BOM) == [])
        #expect(try readRows(utf8BOM + utf8("a")) == [Row(1, "a")])
        #expect(try readRows(utf8BOM + utf8("\"q\"")) == [Row(1, "q")])
    }

    @Test("blank lines are skipped but counted")
    func blankLines() throws {
        let rows = try readRows(utf8("\n\na,b\n\n\n1,2\r\n\r\n   \n3,4\n\n"))
        #expect(rows == [
            Row(3, "a", "b"),
            Row(6, "1", "2"),
            Row(9, "3", "4"),
        ])
    }

    @Test("a last record without a trailing newline", arguments: [
        ("a,b\n1,2", [Row(1, "a", "b"), Row(2, "1", "2")]),
        ("a,b\r\n1,\"2\"", [Row(1, "a", "b"), Row(2, "1", "2")]),
        ("a,b\n1,\"x\ny\"", [Row(1, "a", "b"), Row(2, "1", "x\ny")]),
        ("a,b\n\n1,", [Row(1, "a", "b"), Row(3, "1", "")]),
    ])
    func lastRecordWithoutNewline(text: String, expected: [Row]) throws {
        #expect(try readRows(utf8(text)) == expected)
    }

    @Test("files with no records", arguments: ["", "\n", "\n\n\r\n", "\u{FEFF}", "\u{FEFF}\n"])
    func noRecords(text: String) throws {
        var calls = 0
        try withFixture(utf8(text)) { path in
            try CSVReader(path: path).forEachRecord { _ in calls += 1 }
        }
        #expect(calls == 0)
    }

    @Test("a header alone is one record", arguments: ["学号,姓名\n", "学号,姓名", "学号,姓名\r\n", "学号,姓名\n\n"])
    func headerOnly(text: String) throws {
        #expect(try readRows(utf8(text)) == [Row(1, "学号", "姓名")])
    }

    @Test("ragged rows are delivered as they are")
    func raggedRows() throws {
        let rows = try readRows(utf8("a,b,c\n1\n1,2,3,4,5\n,\n1,2\n"))
        #expect(rows.map(\.fields.count) == [3, 1, 5, 2, 2])
        #expect(rows == [
            Row(1, "a", "b", "c"),
            Row(2, "1"),
            Row(3, "1", "2", "3", "4", "5"),
            Row(4, "", ""),
            Row(5, "1", "2"),
        ])
    }

    @Test("the record API: count, subscript, fields, withFieldBytes")
    func recordAPI() throws {
        var seen: [(line: Int, count: Int, first: String, last: String, bytes: [UInt8])] = []
        try withFixture(utf8("名字,\"x,y\",\n")) { path in
            try CSVReader(path: path).forEachRecord { record in
                seen.append((record.line, record.count, record[0], record[record.count - 1],
                             record.withFieldBytes(1) { Array($0) }))
                #expect(record.fields == ["名字", "x,y", ""])
            }
        }
        let only = try #require(seen.first)
        #expect(seen.count == 1)
        #expect(only.line == 1)
        #expect(only.count == 3)
        #expect(only.first == "名字")
        #expect(only.last == "")
        #expect(only.bytes == utf8("x,y"))
    }

    @Test("a reader reads its file again on a second call")
    func readTwice() throws {
        try withFixture(utf8("a\n学\n")) { path in
            let reader = CSVReader(path: path)
            var first: [Row] = []
            var second: [Row] = []
            try reader.forEachRecord { first.append(Row(line: $0.line, fields: $0.fields)) }
            try reader.forEachRecord { second.append(Row(line: $0.line, fields: $0.fields)) }
            #expect(first == [Row(1, "a"), Row(2, "学")])
            #expect(second == first)
        }
    }
}

@Suite("CSVReader: errors thrown by the body")
struct CSVReaderBodyErrorTests {
    struct Stop: Error, Equatable {
        let atLine: Int
    }

    static let text = "h1,h2\n1,a\n2,\"b\nc\"\n3,d\n4,e"

    @Test("an error thrown by the body is rethrown as is and stops the reading",
          arguments: [2, 3, 5, 6])
    func bodyErrorStops(stopLine: Int) throws {
        for chunkSize in [1, 7, 256 * 1024] {
            var delivered: [Int] = []
            try withFixture(utf8(Self.text)) { path in
                let reader = CSVReader(path: path, options: CSVReader.Options(chunkSize: chunkSize))
                #expect(throws: Stop(atLine: stopLine)) {
                    try reader.forEachRecord { record in
                        delivered.append(record.line)
                        if record.line == stopLine { throw Stop(atLine: record.line) }
                    }
                }
            }
            let all = [1, 2, 3, 5, 6]
            #expect(delivered == all.filter { $0 <= stopLine }, "chunk size \(chunkSize)")
        }
    }

    @Test("a CSVError thrown by the body is not rewritten")
    func bodyCSVErrorPassesThrough() throws {
        let mine = CSVError.parser(file: "elsewhere", line: 99, code: 42, message: "mine")
        try withFixture(utf8("a\nb\n")) { path in
            _ = #expect(throws: mine) {
                try CSVReader(path: path).forEachRecord { _ in throw mine }
            }
        }
    }
}

@Suite("CSVRecord copies")
struct CSVRecordCompactedTests {
    @Test("a compacted copy holds its own bytes, no more than it needs, after a long record")
    func compacted() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("compact-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(("a,b\n" + String(repeating: "x", count: 300_000) + ",1\nc,d\n").utf8).write(to: URL(fileURLWithPath: path))
        var kept: [CSVRecord] = []
        try CSVReader(path: path).forEachRecord { kept.append($0.compacted()) }
        #expect(kept.map(\.fields) == [["a", "b"], [String(repeating: "x", count: 300_000), "1"], ["c", "d"]])
        #expect(kept[2].bytes.capacity < 1_000, "the short record keeps a buffer of \(kept[2].bytes.capacity) bytes")
        #expect(kept[2].line == 3)
    }
}

@Suite("Reader: wide and long records")
struct CSVReaderWideRecordTests {
    @Test("a record of 300 fields and 20 KB comes whole, at every chunk size, after and before short ones")
    func wide() throws {
        let wide = (0..<300).map { i in String(repeating: Character(UnicodeScalar(UInt8(65 + i % 26))), count: i % 3 == 0 ? 150 : i % 17) }
        let rows = [["a", "b"], wide, ["c", ""], Array(wide.reversed()), ["d", "e"]]
        let text = rows.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        for chunk in [1, 7, 64, 1000, 4096, 1 << 16] {
            let read = try readRows(utf8(text), options: .init(chunkSize: chunk))
            #expect(read == rows.enumerated().map { Row(line: $0.offset + 1, fields: $0.element) }, "chunk \(chunk)")
        }
    }
}

@Suite("Reader: a last record without a line break")
struct CSVReaderLastRecordTests {
    @Test("the reader marks only a last record that ends without a line break, at every chunk size")
    func readerMark() throws {
        for (text, marks) in [("a,b\n1,2\n3", [false, false, true]), ("a,b\n1,2\n", [false, false]),
                              ("a,b\r\n1,\"x\ny\"", [false, true]), ("a\r1\r", [false, false])] {
            for chunk in [1, 2, 5, 1 << 16] {
                var got: [Bool] = []
                try withFixture(Array(text.utf8)) { path in
                    try CSVReader(path: path, options: .init(chunkSize: chunk)).forEachRecord { got.append($0.endsWithoutLineBreak) }
                }
                #expect(got == marks, "\(text.debugDescription) chunk \(chunk)")
            }
        }
    }
}
