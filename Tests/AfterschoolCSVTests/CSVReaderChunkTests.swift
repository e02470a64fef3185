import Testing
@testable import AfterschoolCSV

/// The records must not depend on where the chunks cut the file.
@Suite("CSVReader: chunk sizes")
struct CSVReaderChunkTests {
    /// Quoting, `""`, CRLF (also inside quotes), blank lines, embedded
    /// newlines, an empty quoted field, a ragged row, Chinese and a last
    /// record without a newline.
    static let mixed = "\"学号\",姓名,备注\r\n"
        + "1,\"Smith, John\",\"said \"\"hi\"\"\"\r\n"
        + "\r\n"
        + "2,张三,\"多行\r\n备注\nmixed\"\n"
        + "\n\n"
        + "3,,\"\"\n"
        + "4,\"a,\"\"b\"\"\nc\",李四\r\n"
        + "5,ragged\n"
        + "  \n"
        + "6,最后𠮷,\"无换行\""

    static let mixedRows = [
        Row(1, "学号", "姓名", "备注"),
        Row(2, "1", "Smith, John", "said \"hi\""),
        Row(4, "2", "张三", "多行\r\n备注\nmixed"),
        Row(9, "3", "", ""),
        Row(10, "4", "a,\"b\"\nc", "李四"),
        Row(12, "5", "ragged"),
        Row(14, "6", "最后𠮷", "无换行"),
    ]

    static let mixedUTF8 = utf8BOM + utf8(mixed)

    @Test("the mixed fixture read with the default chunk size")
    func mixedDefault() throws {
        let (rows, encoding) = try readRowsAndEncoding(Self.mixedUTF8)
        #expect(encoding == .utf8)
        #expect(rows == Self.mixedRows)
    }

    @Test("UTF-8: every chunk size from 1 to 64 gives the same records", arguments: 1...64)
    func utf8ChunkSizes(chunkSize: Int) throws {
        try withFixture(Self.mixedUTF8) { path in
            let expected = try readRows(path)
            let rows = try readRows(path, options: CSVReader.Options(chunkSize: chunkSize))
            #expect(rows == expected)
            #expect(rows == Self.mixedRows)
        }
    }

    @Test("GB18030: every chunk size from 1 to 64 gives the same records", arguments: 1...64)
    func gb18030ChunkSizes(chunkSize: Int) throws {
        let bytes = try gb18030(Self.mixed)
        try withFixture(bytes) { path in
            let expected = try readRows(path)
            let reader = CSVReader(path: path, options: CSVReader.Options(chunkSize: chunkSize))
            var rows: [Row] = []
            try reader.forEachRecord { rows.append(Row(line: $0.line, fields: $0.fields)) }
            #expect(reader.encoding == .gb18030)
            #expect(rows == expected)
            #expect(rows == Self.mixedRows)
        }
    }

    static let errorCases: [(text: [UInt8], error: CSVError)] = [
        (utf8("a,b\n1,\"two\nlines\",\"open\nmore\n"), .unterminatedQuote(file: fixtureName, line: 3)),
        (utf8("h\n1,\"x\nab\"\"cd\"\"\nmore"), .unterminatedQuote(file: fixtureName, line: 2)),
        (utf8("h\n1,\"a\nb\",\"c\nd"), .unterminatedQuote(file: fixtureName, line: 3)),
        (utf8BOM + utf8("h\r\n\r\n1,\"x\r\ny\"z\r\n"), .malformedQuoting(file: fixtureName, line: 4)),
        (utf8BOM + utf8("h\n\n1,\"x\ny\"\n") + [0x32, 0xFF, 0x0A], .undecodable(file: fixtureName, line: 5, encoding: .utf8)),
        // A comma cuts U+1F600 in two: each field is invalid UTF-8, though
        // the two halves together are not (issue #14).
        (utf8BOM + [0xF0, 0x9F, 0x2C, 0x98, 0x80], .undecodable(file: fixtureName, line: 1, encoding: .utf8)),
        (utf8BOM + utf8("h1,h2\r\n1,\"a\nb\"\r\n") + [0xF0, 0x9F, 0x2C, 0x98, 0x80, 0x0D, 0x0A],
         .undecodable(file: fixtureName, line: 4, encoding: .utf8)),
    ]

    /// Records after a lone carriage return inside a line start on that
    /// line (lines are counted by line feeds), whatever the chunk size.
    static let loneCarriageReturns: [(text: String, rows: [Row])] = [
        ("a\n\"\n\"\rx\n", [Row(1, "a"), Row(2, "\n"), Row(3, "x")]),
        ("a\rb\rc\n\rd\r\ne\n", [Row(1, "a"), Row(1, "b"), Row(1, "c"), Row(2, "d"), Row(3, "e")]),
        ("\"p\nq\"\r\"r\ns\"\rt", [Row(1, "p\nq"), Row(2, "r\ns"), Row(3, "t")]),
    ]

    @Test("a record after a lone carriage return has its own line at every chunk size from 1 to 64", arguments: 1...64)
    func loneCarriageReturn(chunkSize: Int) throws {
        for (text, expected) in Self.loneCarriageReturns {
            let rows = try readRows(utf8(text), options: CSVReader.Options(chunkSize: chunkSize))
            #expect(rows == expected, "\(text.debugDescription)")
        }
    }

    @Test("errors name the same line at every chunk size from 1 to 64", arguments: 1...64)
    func errorChunkSizes(chunkSize: Int) throws {
        for (text, expected) in Self.errorCases {
            let (error, _) = try readUntilError(text, options: CSVReader.Options(chunkSize: chunkSize))
            #expect(error as? CSVError == expected)
        }
    }
}
