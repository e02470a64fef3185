import AfterschoolDomain
import Testing

/// Every reject sentence in both languages: the Chinese one names columns
/// by their Chinese header with the English name beside it.
@Suite("Reject messages")
struct RejectMessageTests {
    static let grade = ColumnName("grade", of: .students)
    static let messages: [RejectMessage] = [
        .fieldCount(found: 5, expected: 4),
        .missingValue(grade),
        .badValue(grade, .notWholeNumber("x")),
        .badValue(grade, .outsideRange(10, 1...9)),
        .badValue(grade, .notDecimal("1,5")),
        .badValue(grade, .tooManyDecimals("1.667")),
        .badValue(grade, .below("-1", limit: "0.00")),
        .badValue(grade, .above("9999", limit: "24.00")),
        .badValue(grade, .notDate("2025-13-45")),
        .badValue(grade, .notTime("25:00")),
        .badValue(grade, .notMonth("2025-13")),
        .badValue(grade, .notYesNo("maybe")),
        .badValue(grade, .notInDomain("presnt", .status)),
        .badValue(grade, .controlCharacter(code: 0x0A, inText: false)),
        .badValue(grade, .controlCharacter(code: 0x0D, inText: true)),
        .badValue(grade, .controlCharacter(code: 0x1B, inText: true)),
        .endNotAfterStart(end: "15:00", start: "16:00"),
        .unknownReference(ColumnName("school_id", of: .students), id: "S003", target: .schools),
        .otherSchool(ColumnName("student_id", of: .attendance), id: "0002041", viaSession: true),
        .classNotOnRoster(classId: "9-9"),
        .duplicateKey([(ColumnName("session_id", of: .attendance), "X1"), (ColumnName("student_id", of: .attendance), "001")]),
    ]

    @Test("each sentence has its Chinese twin, which names the column's Chinese header")
    func bothLanguages() {
        for m in Self.messages {
            let zh = m.text(.zh), en = m.text(.en)
            #expect(!en.isEmpty && zh != en)
            #expect(zh.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(zh)")
            #expect(!en.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } || en.contains("是/否"), "\(en)")
        }
        #expect(RejectMessage.missingValue(Self.grade).text(.zh) == "必填列 年级（grade）为空")
        #expect(RejectMessage.badValue(Self.grade, .outsideRange(10, 1...9)).text(.zh) == "年级（grade）：10 不在 1 到 9 之间")
        #expect(RejectMessage.badValue(Self.grade, .outsideRange(10, 1...9)).text(.en) == "grade: 10 is outside 1..9")
    }

    @Test("the language parameter: en is English, anything else Chinese")
    func language() {
        #expect(TextLanguage("en") == .en)
        #expect(TextLanguage("zh") == .zh)
        #expect(TextLanguage(nil) == .zh)
    }
}
