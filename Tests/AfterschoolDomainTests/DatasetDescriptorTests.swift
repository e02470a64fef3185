import AfterschoolCSV
import Testing
@testable import AfterschoolDomain

/// Expects `yaml` to be refused with a `badDescriptor` error whose problem
/// mentions each of `mentions`.
func expectBadDescriptor(
    _ yaml: String, mentions: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        let d = try DatasetDescriptor(yaml: yaml)
        Issue.record("expected dataset.yaml to be refused, got \(d)", sourceLocation: sourceLocation)
    } catch {
        guard case let .badDescriptor(file, problem) = error else {
            Issue.record("expected badDescriptor, got \(error)", sourceLocation: sourceLocation)
            return
        }
        #expect(file == "dataset.yaml", sourceLocation: sourceLocation)
        for word in mentions {
            #expect(problem.en.contains(word), "problem '\(problem.en)' does not mention '\(word)'", sourceLocation: sourceLocation)
        }
        // Said in Chinese first, for a school office, then in English.
        #expect(error.description.hasPrefix("dataset.yaml："), sourceLocation: sourceLocation)
        #expect(error.description.contains(" / dataset.yaml: " + problem.en), sourceLocation: sourceLocation)
        #expect(problem.zh.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) },
                "'\(problem.zh)' has no Chinese", sourceLocation: sourceLocation)
    }
}

@Suite("DatasetDescriptor: parsing dataset.yaml")
struct DatasetDescriptorTests {
    @Test("a complete descriptor")
    func valid() throws {
        let d = try DatasetDescriptor(yaml: """
            term: 2025-autumn
            title: Sample district
            start: 2025-10-20
            end: 2025-11-02
            encoding:
              attendance.csv: gbk
              students: GB18030
              schools.csv: utf-8
            """)
        #expect(d.term == "2025-autumn")
        #expect(d.title == "Sample district")
        #expect(d.start == CivilDate(year: 2025, month: 10, day: 20))
        #expect(d.end == CivilDate(year: 2025, month: 11, day: 2))
        #expect(d.encodings == ["attendance.csv": .gb18030, "students.csv": .gb18030, "schools.csv": .utf8])
    }

    @Test("a minimal descriptor: no title (the term is used), no encodings, slashed dates")
    func minimal() throws {
        let d = try DatasetDescriptor(yaml: """
            term: 2025-spring
            start: 2025/3/3
            end: "2025-06-27"
            """)
        #expect(d == DatasetDescriptor(
            term: "2025-spring", title: "2025-spring",
            start: try #require(CivilDate(year: 2025, month: 3, day: 3)),
            end: try #require(CivilDate(year: 2025, month: 6, day: 27))))
    }

    @Test("a one-day term (start equals end) is fine")
    func oneDay() throws {
        let d = try DatasetDescriptor(yaml: "term: t1\nstart: 2025-10-20\nend: 2025-10-20\n")
        #expect(d.start == d.end)
    }

    @Test("the encoding names a dataset.yaml may use", arguments: [
        ("gbk", TextEncoding.gb18030), ("GBK", .gb18030), ("gb2312", .gb18030), ("gb18030", .gb18030),
        ("cp936", .gb18030), ("utf-8", .utf8), ("UTF8", .utf8), ("utf_8", .utf8),
    ])
    func encodingNames(name: String, encoding: TextEncoding) throws {
        let d = try DatasetDescriptor(yaml: "term: t\nstart: 2025-10-20\nend: 2025-11-02\nencoding:\n  survey.csv: \(name)\n")
        #expect(d.encodings == ["survey.csv": encoding])
    }

    @Test("every input file may be given an encoding")
    func everyFile() throws {
        let lines = InputFile.allCases.map { "  \($0.fileName): gbk" }.joined(separator: "\n")
        let d = try DatasetDescriptor(yaml: "term: t\nstart: 2025-10-20\nend: 2025-11-02\nencoding:\n\(lines)\n")
        #expect(d.encodings.count == InputFile.allCases.count)
        #expect(d.encodings["pe_timetable.csv"] == .gb18030)
    }

    @Test("missing term")
    func missingTerm() {
        expectBadDescriptor("title: x\nstart: 2025-10-20\nend: 2025-11-02\n", mentions: ["'term'", "missing"])
        expectBadDescriptor("term: \"  \"\nstart: 2025-10-20\nend: 2025-11-02\n", mentions: ["'term'"])
    }

    @Test("a term that cannot name a folder")
    func badTerm() {
        expectBadDescriptor("term: 2025/autumn\nstart: 2025-10-20\nend: 2025-11-02\n", mentions: ["'term'", "2025/autumn"])
        expectBadDescriptor("term: ../x\nstart: 2025-10-20\nend: 2025-11-02\n", mentions: ["'term'"])
    }

    @Test("a district that cannot name a folder")
    func badDistrict() {
        expectBadDescriptor("term: t\ndistrict: east/west\nstart: 2025-10-20\nend: 2025-11-02\n",
                            mentions: ["'district'", "east/west"])
    }

    @Test("missing start")
    func missingStart() {
        expectBadDescriptor("term: t\nend: 2025-11-02\n", mentions: ["'start'", "missing"])
    }

    @Test("missing end")
    func missingEnd() {
        expectBadDescriptor("term: t\nstart: 2025-10-20\n", mentions: ["'end'", "missing"])
    }

    @Test("a start or end that is not a date", arguments: [
        ("start: 2025-02-30\nend: 2025-11-02", "'start'"),
        ("start: 2025-10-20\nend: 2025-13-45", "'end'"),
        ("start: soon\nend: 2025-11-02", "'start'"),
    ])
    func notDates(lines: String, word: String) {
        expectBadDescriptor("term: t\n\(lines)\n", mentions: [word, "date"])
    }

    @Test("start after end")
    func startAfterEnd() {
        expectBadDescriptor("term: t\nstart: 2025-11-03\nend: 2025-11-02\n",
                            mentions: ["'start'", "2025-11-03", "after", "2025-11-02"])
    }

    @Test("an encoding for an unknown file is refused")
    func unknownFile() {
        expectBadDescriptor("term: t\nstart: 2025-10-20\nend: 2025-11-02\nencoding:\n  pupils.csv: gbk\n",
                            mentions: ["unknown file", "pupils.csv"])
    }

    @Test("an unknown encoding is refused")
    func unknownEncoding() {
        expectBadDescriptor("term: t\nstart: 2025-10-20\nend: 2025-11-02\nencoding:\n  students.csv: latin1\n",
                            mentions: ["latin1", "students.csv"])
        expectBadDescriptor("term: t\nstart: 2025-10-20\nend: 2025-11-02\nencoding:\n  students.csv: big5\n",
                            mentions: ["big5"])
    }

    @Test("text that is not YAML, or not a mapping, is refused")
    func notYAML() {
        expectBadDescriptor("term: [unclosed\n", mentions: ["YAML"])
        expectBadDescriptor("- just\n- a list\n", mentions: ["YAML"])
    }
}
