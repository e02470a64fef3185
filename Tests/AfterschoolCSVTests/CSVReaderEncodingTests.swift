import Testing
@testable import AfterschoolCSV

@Suite("CSVReader: UTF-8 and GB18030")
struct CSVReaderEncodingTests {
    /// Chinese headers and values, quoting, an embedded newline, a
    /// four-byte GB18030 character (𠮷) and a blank line.
    static let chinese = """
        学号,姓名,班级,备注
        2024001,张三,三年级(1)班,"喜欢数学, 画画"
        2024002,李四,四年级,"多行
        备注"

        2024003,王五𠮷,五年级,

        """

    static let chineseRows = [
        Row(1, "学号", "姓名", "班级", "备注"),
        Row(2, "2024001", "张三", "三年级(1)班", "喜欢数学, 画画"),
        Row(3, "2024002", "李四", "四年级", "多行\n备注"),
        Row(6, "2024003", "王五𠮷", "五年级", ""),
    ]

    @Test("the iconv helper makes GB18030 bytes")
    func helperMakesGB18030() throws {
        #expect(try gb18030("学号") == [0xD1, 0xA7, 0xBA, 0xC5])
        #expect(try gb18030("a,学") == [0x61, 0x2C, 0xD1, 0xA7])
    }

    @Test("GB18030 is detected and converted to UTF-8")
    func gb18030Detected() throws {
        let bytes = try gb18030(Self.chinese)
        #expect(Array(bytes.prefix(4)) == [0xD1, 0xA7, 0xBA, 0xC5])
        let (rows, encoding) = try readRowsAndEncoding(bytes)
        #expect(encoding == .gb18030)
        #expect(rows == Self.chineseRows)
    }

    @Test("GB18030 with CRLF line ends")
    func gb18030CRLF() throws {
        let bytes = try gb18030("学号,姓名\r\n1,\"张\r\n三\"\r\n2,李四\r\n")
        let (rows, encoding) = try readRowsAndEncoding(bytes)
        #expect(encoding == .gb18030)
        #expect(rows == [Row(1, "学号", "姓名"), Row(2, "1", "张\r\n三"), Row(4, "2", "李四")])
    }

    @Test("GB18030 given in the options is converted")
    func gb18030Forced() throws {
        let bytes = try gb18030(Self.chinese)
        let (rows, encoding) = try readRowsAndEncoding(bytes, options: CSVReader.Options(encoding: .gb18030))
        #expect(encoding == .gb18030)
        #expect(rows == Self.chineseRows)
    }

    @Test("GB18030 bytes that are also valid UTF-8 need the encoding given")
    func gb18030ForcedWhereDetectionCannotTell() throws {
        // 模 is C4 A3 and 楼 is C2 A5 in GB18030: also valid UTF-8 (ģ and ¥).
        let bytes = try gb18030("模,楼\n")
        #expect(bytes == [0xC4, 0xA3, 0x2C, 0xC2, 0xA5, 0x0A])
        let forced = try readRowsAndEncoding(bytes, options: CSVReader.Options(encoding: .gb18030))
        #expect(forced.encoding == .gb18030)
        #expect(forced.rows == [Row(1, "模", "楼")])
        let detected = try readRowsAndEncoding(bytes)
        #expect(detected.encoding == .utf8)
        #expect(detected.rows == [Row(1, "ģ", "¥")])
    }

    @Test("UTF-8 with Chinese is detected as UTF-8", arguments: [false, true])
    func utf8Chinese(withBOM: Bool) throws {
        let bytes = (withBOM ? utf8BOM : []) + utf8(Self.chinese)
        let (rows, encoding) = try readRowsAndEncoding(bytes)
        #expect(encoding == .utf8)
        #expect(rows == Self.chineseRows)
    }

    @Test("UTF-8 given in the options")
    func utf8Forced() throws {
        let (rows, encoding) = try readRowsAndEncoding(utf8(Self.chinese), options: CSVReader.Options(encoding: .utf8))
        #expect(encoding == .utf8)
        #expect(rows == Self.chineseRows)
    }

    @Test("a pure ASCII file leaves the encoding undecided")
    func asciiOnly() throws {
        let (rows, encoding) = try readRowsAndEncoding(utf8("a,b\n1,2\n"))
        #expect(encoding == nil)
        #expect(rows == [Row(1, "a", "b"), Row(2, "1", "2")])
    }

    /// 70 KiB of ASCII records, so the 64 KiB sample holds no clue.
    static func asciiPrefix() -> (bytes: [UInt8], rows: [Row]) {
        var bytes = utf8("id,name\n")
        var rows = [Row(1, "id", "name")]
        var line = 2
        while bytes.count < 70 * 1024 {
            bytes += utf8("\(line),name\(line)\n")
            rows.append(Row(line: line, fields: ["\(line)", "name\(line)"]))
            line += 1
        }
        return (bytes, rows)
    }

    @Test("the first non-ASCII record past the sample decides: GB18030")
    func lateGB18030() throws {
        let (prefix, prefixRows) = Self.asciiPrefix()
        let line = prefixRows.count + 1
        let bytes = prefix + (try gb18030("\(line),张三\n\(line + 1),李四\n"))
        let (rows, encoding) = try readRowsAndEncoding(bytes)
        #expect(encoding == .gb18030)
        #expect(rows == prefixRows + [Row(line: line, fields: ["\(line)", "张三"]),
                                      Row(line: line + 1, fields: ["\(line + 1)", "李四"])])
    }

    @Test("the first non-ASCII record past the sample decides: UTF-8")
    func lateUTF8() throws {
        let (prefix, prefixRows) = Self.asciiPrefix()
        let line = prefixRows.count + 1
        let bytes = prefix + utf8("\(line),张三\n")
        let (rows, encoding) = try readRowsAndEncoding(bytes)
        #expect(encoding == .utf8)
        #expect(rows == prefixRows + [Row(line: line, fields: ["\(line)", "张三"])])
    }

    @Test("UTF-8 is detected when the 64 KiB sample ends inside a character",
          arguments: 0..<3)
    func sampleEndsInsideCharacter(padding: Int) throws {
        // The second record is one long field of 学 (3 bytes each); the
        // padding moves the 65,536th byte to each offset inside a 学.
        let value = String(repeating: "x", count: padding) + String(repeating: "学", count: 25_000)
        let bytes = utf8("id,text\n1,\(value)\n")
        let (rows, encoding) = try readRowsAndEncoding(bytes)
        #expect(encoding == .utf8)
        #expect(rows == [Row(1, "id", "text"), Row(line: 2, fields: ["1", value])])
    }

    @Test("the detector ignores a character cut by the end of the sample", arguments: [
        [0xE5] as [UInt8], [0xE5, 0xAD], [0xE5, 0xAD, 0xA6], [0xF0, 0xA0, 0xAE], [0xF0, 0xA0, 0xAE, 0xB7],
    ])
    func detectorCutCharacter(tail: [UInt8]) {
        let sample = utf8("id,名字\n1,学学") + tail
        sample.withUnsafeBufferPointer { bytes in
            #expect(EncodingDetector.detect(bytes, isWholeFile: false) == .utf8)
        }
    }

    @Test("the detector: GB18030 samples, ASCII samples, byte-order marks")
    func detectorSamples() throws {
        let gb = try gb18030("id,名字\n1,学学")
        gb.withUnsafeBufferPointer { bytes in
            #expect(EncodingDetector.detect(bytes, isWholeFile: false) == .gb18030)
            #expect(EncodingDetector.detect(bytes, isWholeFile: true) == .gb18030)
        }
        utf8("a,b\n").withUnsafeBufferPointer { bytes in
            #expect(EncodingDetector.detect(bytes, isWholeFile: true) == nil)
        }
        (utf8BOM + utf8("a,b\n")).withUnsafeBufferPointer { bytes in
            #expect(EncodingDetector.detect(bytes, isWholeFile: true) == .utf8)
        }
        // In a whole file a cut character is an error, not a sample edge.
        (utf8("1,学") + [0xE5]).withUnsafeBufferPointer { bytes in
            #expect(EncodingDetector.detect(bytes, isWholeFile: true) == .gb18030)
        }
    }

    @Test("encoding names a dataset may use", arguments: [
        ("utf-8", TextEncoding.utf8), ("UTF8", .utf8), ("gbk", .gb18030),
        ("GB2312", .gb18030), ("gb18030", .gb18030), ("cp936", .gb18030),
    ])
    func encodingNames(name: String, expected: TextEncoding) {
        #expect(TextEncoding(name: name) == expected)
    }

    @Test("an unknown encoding name")
    func unknownEncodingName() {
        #expect(TextEncoding(name: "latin1") == nil)
    }
}
