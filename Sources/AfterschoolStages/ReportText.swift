import AfterschoolDomain

/// The words of the report in its language (`zh` or `en`): titles,
/// sentences, and coded values (categories, groups, staff kinds, audit
/// rules, ...) as words.
struct ReportText: Sendable {
    let language: String
    var en: Bool { language == "en" }

    func pick(_ zh: String, _ en: String) -> String { self.en ? en : zh }

    /// A coded value of `column` as a word.
    func word(_ value: String, column: String) -> String {
        let domain: EnumDomain?
        switch column {
        case "category": domain = .category
        case "kind": domain = .staffKind
        case "stage": domain = .stage
        default: domain = nil
        }
        if let domain {
            return en ? value.replacingOccurrences(of: "_", with: " ") : domain.chinese(for: value) ?? value
        }
        let table: [String: (String, String)]
        switch column {
        case "group": table = ReportText.groups
        case "rule": table = ReportText.rules
        case "severity": table = ["error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "note")]
        case "indicator": table = ReportText.indicators
        case "size_band": table = ["small": ("小规模", "small"), "medium": ("中等规模", "medium"), "large": ("大规模", "large")]
        default: return value
        }
        guard let w = table[value] else { return value }
        return en ? w.1 : w.0
    }

    static let codedColumns: Set<String> = ["category", "kind", "stage", "group", "rule", "severity", "indicator", "size_band"]

    static let groups: [String: (String, String)] = [
        "all": ("全体学生", "all students"), "disability": ("残疾儿童", "children with disabilities"),
        "left_behind": ("留守儿童", "left-behind children"), "migrant": ("随迁子女", "children of migrant workers"),
        "low_income": ("建档立卡家庭", "low-income families"),
    ]

    static let rules: [String: (String, String)] = [
        "over_claim": ("申报课时超过场次时长", "hours claimed beyond the session's length"),
        "staff_overlap": ("同一人员时间重叠", "one staff member in overlapping sessions"),
        "ghost_session": ("有人员无学生出勤的场次", "staffed session with nobody present"),
        "out_of_scope": ("不属课后服务的时段", "session outside after-school service"),
        "unqualified_external": ("校外人员资质未核验", "external staff without a checked qualification"),
        "external_without_assistant": ("校外人员无校内助教", "external staff without an in-school assistant"),
        "small_homework_group": ("作业辅导组人数不足", "homework group below the minimum"),
        "disclosure_mismatch": ("公示课时与台账不符", "disclosed hours differ from the ledger"),
        "student_overlap": ("学生同时出现在重叠场次", "student present at overlapping sessions"),
    ]

    static let indicators: [String: (String, String)] = [
        "participation": ("参与率", "participation"), "demand_coverage": ("需求满足率", "demand coverage"),
        "service_time": ("服务时间", "service time"), "sport": ("体育活动", "sport"),
        "quality_activity": ("素质活动", "quality activity"), "satisfaction": ("满意度", "satisfaction"),
        "data_quality": ("数据质量", "data quality"), "composite": ("综合得分", "composite"),
    ]
}
