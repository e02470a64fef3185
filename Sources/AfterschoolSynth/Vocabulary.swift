import AfterschoolCSV

// The fixed values the generator writes, in the order of the contract's
// `EnumDomain` canonical values, so that `rawValue` indexes
// `EnumDomain.canonical` (and an ``OutputStyle`` table).

enum Stage: Int, CaseIterable { case primary, middle, nineYear }
enum Specialty: Int, CaseIterable { case none, sports, arts, sportsArts }
enum Ownership: Int, CaseIterable { case publicSchool, privateSchool }
enum Category: Int, CaseIterable {
    case homework, selfStudy, reading, sports, arts, science, labor, moral, safety, other

    /// Quality-education categories (素质教育活动): all but homework and self-study.
    static let quality: [Category] = [.reading, .sports, .arts, .science, .labor, .moral, .safety, .other]
}
enum Segment: Int, CaseIterable { case classSegment, grade, school }
enum Provider: Int, CaseIterable { case inSchool, external }
enum Status: Int, CaseIterable {
    case present, absent, excused, leftEarly

    /// `present` or `left_early`: counts as attending.
    var isPresent: Bool { self == .present || self == .leftEarly }
}
enum StaffKind: Int, CaseIterable { case teacher, retiredTeacher, externalProfessional, volunteer, thirdParty }
enum Role: Int, CaseIterable { case lead, assistant }
enum Respondent: Int, CaseIterable { case student, parent }

/// Text in the output encoding, and whether a CSV field holding it must be
/// quoted (a comma or a quote inside).
struct LocalText {
    let bytes: [UInt8]

    var needsQuoting: Bool { bytes.contains { $0 == 0x2C || $0 == 0x22 } }

    static func + (a: LocalText, b: LocalText) -> LocalText { LocalText(bytes: a.bytes + b.bytes) }
}

/// Encodes text for the output style, remembering what it encoded: names
/// are built from a few hundred pieces (surnames, given names, place names),
/// each converted once.
///
/// Not `Sendable`: it holds a cache.
final class TextCodec {
    private let encoding: TextEncoding
    private var cache: [String: [UInt8]] = [:]

    init(excel: Bool) { encoding = excel ? .gb18030 : .utf8 }

    /// `text` in the output encoding.
    func text(_ text: String) throws(SynthError) -> LocalText {
        if let bytes = cache[text] { return LocalText(bytes: bytes) }
        guard let bytes = encoding.encode(text) else {
            throw .encoding(text: text, encoding: encoding.displayName)
        }
        cache[text] = bytes
        return LocalText(bytes: bytes)
    }

    /// ASCII text (the same bytes in both encodings), not cached.
    func ascii(_ text: String) -> LocalText { LocalText(bytes: Array(text.utf8)) }
}

/// Names: Chinese people, schools and places, built from fixed pieces.
enum Names {
    static let surnames = [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
        "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田",
        "董", "潘", "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏", "苏", "吕", "丁", "任", "沈",
    ]
    static let givenNames = [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
        "秀英", "霞", "平", "刚", "桂英", "华", "建华", "玉兰", "文", "红", "建国", "志强", "晓东", "海燕",
        "雪梅", "丹", "俊", "婷", "宇", "欣怡", "浩然", "子涵", "思远", "梓萱", "一鸣", "佳琪", "天佑",
    ]
    static let places = [
        "育才", "实验", "明珠", "阳光", "滨江", "新城", "东湖", "西苑", "南桥", "北辰", "春晖", "晨光",
        "金桥", "银杏", "枫林", "梅园", "竹园", "桃李", "博文", "致远", "启明", "崇德", "新华", "和平",
        "友谊", "花园", "泾南", "浦东", "三林", "周浦", "惠南", "川沙", "高桥", "洋泾", "塘桥", "潍坊",
        "东昌", "陆家嘴", "张江", "唐镇", "曹路", "合庆", "祝桥", "航头", "新场", "宣桥", "书院", "万祥",
        "老港", "泥城",
    ]

    static func suffix(_ stage: Stage) -> String {
        switch stage {
        case .primary: return "小学"
        case .middle: return "中学"
        case .nineYear: return "学校"
        }
    }
}
