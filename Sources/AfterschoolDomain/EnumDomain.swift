/// A closed set of values: each canonical (English) value with the other
/// spellings accepted for it (Chinese values, numbers), matched after
/// trimming and ignoring case.
public struct EnumDomain: Sendable, Equatable {
    /// The canonical values, in their documented order.
    public let canonical: [String]
    private let lookup: [String: String]

    /// - Parameter values: each canonical value with its other spellings.
    public init(_ values: [(String, [String])]) {
        canonical = values.map(\.0)
        var lookup: [String: String] = [:]
        for (value, aliases) in values {
            lookup[value.lowercased()] = value
            for alias in aliases { lookup[alias.lowercased()] = value }
        }
        self.lookup = lookup
    }

    /// The canonical value for `text`, or nil when it is not in the set.
    public func canonical(for text: String) -> String? {
        lookup[text] ?? lookup[text.lowercased()]
    }

    /// The Chinese spelling of a canonical value (the first non-ASCII
    /// alias), used to write Excel-style files.
    public func chinese(for value: String) -> String? {
        lookup.filter { $0.value == value && !$0.key.allSatisfy(\.isASCII) }.keys.sorted().first
    }

    public static func == (a: EnumDomain, b: EnumDomain) -> Bool { a.canonical == b.canonical }
}

extension EnumDomain {
    public static let stage = EnumDomain([
        ("primary", ["小学"]), ("middle", ["初中"]), ("nine_year", ["九年一贯制"]),
    ])
    public static let specialty = EnumDomain([
        ("none", ["无"]), ("sports", ["体育"]), ("arts", ["艺术"]), ("sports_arts", ["体艺"]),
    ])
    public static let ownership = EnumDomain([("public", ["公办"]), ("private", ["民办"])])
    public static let category = EnumDomain([
        ("homework", ["作业辅导"]), ("self_study", ["自主学习"]), ("reading", ["阅读"]),
        ("sports", ["体育"]), ("arts", ["艺术"]), ("science", ["科技"]), ("labor", ["劳动"]),
        ("moral", ["德育"]), ("safety", ["安全"]), ("other", ["其他"]),
    ])
    public static let segment = EnumDomain([
        ("class", ["班级服务"]), ("grade", ["年级服务"]), ("school", ["校级服务"]),
    ])
    public static let provider = EnumDomain([("in_school", ["校内"]), ("external", ["校外"])])
    public static let status = EnumDomain([
        ("present", ["出勤"]), ("absent", ["缺勤"]), ("excused", ["请假"]), ("left_early", ["早退"]),
    ])
    public static let staffKind = EnumDomain([
        ("teacher", ["教师"]), ("retired_teacher", ["退休教师"]),
        ("external_professional", ["校外专业人员"]), ("volunteer", ["志愿者"]),
        ("third_party", ["第三方机构"]),
    ])
    public static let role = EnumDomain([("lead", ["主讲"]), ("assistant", ["助教"])])
    public static let respondent = EnumDomain([("student", ["学生"]), ("parent", ["家长"])])
    /// School weekdays, Monday to Friday.
    public static let weekday = EnumDomain([
        ("Mon", ["1", "周一", "星期一"]), ("Tue", ["2", "周二", "星期二"]),
        ("Wed", ["3", "周三", "星期三"]), ("Thu", ["4", "周四", "星期四"]),
        ("Fri", ["5", "周五", "星期五"]),
    ])
}
