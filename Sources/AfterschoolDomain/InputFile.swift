/// The files of a term's dataset, in the order they are checked: a file is
/// checked after every file it refers to.
public enum InputFile: String, CaseIterable, Sendable, Codable {
    case schools
    case students
    case calendar
    case activities
    case sessions
    case peTimetable = "pe_timetable"
    case survey
    case attendance
    case staff
    case staffing
    case satisfaction
    case budget
    case disclosures

    /// The file name in the dataset folder, e.g. `pe_timetable.csv`.
    public var fileName: String { rawValue + ".csv" }

    /// What the file is, in Chinese, for messages (`学生名册`).
    public var chineseTitle: String {
        switch self {
        case .schools: return "学校名单"
        case .students: return "学生名册"
        case .calendar: return "校历"
        case .activities: return "课后服务活动"
        case .sessions: return "服务场次"
        case .peTimetable: return "体育课表"
        case .survey: return "需求调查"
        case .attendance: return "考勤记录"
        case .staff: return "服务人员"
        case .staffing: return "场次人员安排"
        case .satisfaction: return "满意度调查"
        case .budget: return "经费预算"
        case .disclosures: return "月度工作量公示"
        }
    }

    /// The warehouse table holding the file's accepted rows.
    public var tableName: String { rawValue }

    /// Whether the dataset must have the file. `budget.csv` is optional here;
    /// a pipeline with the stipend stage requires it.
    public var isRequired: Bool {
        switch self {
        case .peTimetable, .budget, .disclosures: return false
        default: return true
        }
    }

    /// Files in dependency order (the declaration order).
    public static var loadOrder: [InputFile] { allCases }

    /// The columns whose values together must be unique, if any (the first
    /// accepted row wins; a later one is a `duplicate_key` reject).
    public var keyColumns: [String] {
        switch self {
        case .schools: return ["school_id"]
        case .students, .survey: return ["student_id"]
        case .calendar: return ["date"]
        case .activities: return ["activity_id"]
        case .sessions: return ["session_id"]
        case .peTimetable: return []
        case .attendance: return ["session_id", "student_id"]
        case .staff: return ["staff_id"]
        case .staffing: return ["session_id", "staff_id"]
        case .satisfaction: return ["response_id"]
        case .budget: return ["school_id"]
        case .disclosures: return ["school_id", "staff_id", "month"]
        }
    }

    /// The file's columns, in the order the contract checks them.
    public var columns: [ColumnSpec] { FileContract.of(self).columns }

    /// The columns, built once per file (see ``FileContract``).
    var columnSpecs: [ColumnSpec] {
        switch self {
        case .schools:
            return [
                ColumnSpec("school_id", "学校代码", .id),
                ColumnSpec("name", "学校名称", .text),
                ColumnSpec("stage", "学段", .enumeration(.stage)),
                .optional("specialty", "特色", .enumeration(.specialty), default: "none"),
                .optional("ownership", "办学性质", .enumeration(.ownership), default: "public"),
            ]
        case .students:
            return [
                ColumnSpec("student_id", "学号", .id),
                ColumnSpec("school_id", "学校代码", .id),
                ColumnSpec("grade", "年级", .int(1...9)),
                ColumnSpec("class_id", "班级", .id),
                .optional("disability", "残疾", .bool, default: "0"),
                .optional("left_behind", "留守", .bool, default: "0"),
                .optional("migrant", "随迁", .bool, default: "0"),
                .optional("low_income", "建档立卡", .bool, default: "0"),
            ]
        case .calendar:
            return [
                ColumnSpec("date", "日期", .date),
                ColumnSpec("school_day", "上学日", .bool),
            ]
        case .peTimetable:
            return [
                ColumnSpec("school_id", "学校代码", .id),
                ColumnSpec("class_id", "班级", .id),
                ColumnSpec("weekday", "星期", .int(1...5)),
            ]
        case .survey:
            return [
                ColumnSpec("student_id", "学号", .id),
                ColumnSpec("wants_service", "是否参加", .bool),
                .optional("days", "参加日", .list(.weekday), default: "Mon|Tue|Wed|Thu|Fri"),
                .optional("wants_extended", "延时托管", .bool, default: "0"),
                .optional("interests", "兴趣", .list(.category)),
            ]
        case .activities:
            return [
                ColumnSpec("activity_id", "活动代码", .id),
                ColumnSpec("school_id", "学校代码", .id),
                ColumnSpec("name", "活动名称", .text),
                ColumnSpec("category", "类别", .enumeration(.category)),
                ColumnSpec("segment", "时段", .enumeration(.segment)),
                .optional("provider", "提供方", .enumeration(.provider), default: "in_school"),
            ]
        case .sessions:
            return [
                ColumnSpec("session_id", "场次代码", .id),
                ColumnSpec("activity_id", "活动代码", .id),
                ColumnSpec("date", "日期", .date),
                ColumnSpec("start", "开始时间", .time),
                ColumnSpec("end", "结束时间", .time),
            ]
        case .attendance:
            return [
                ColumnSpec("session_id", "场次代码", .id),
                ColumnSpec("student_id", "学号", .id),
                ColumnSpec("status", "状态", .enumeration(.status)),
                .optional("check_out", "离校时间", .time),
            ]
        case .staff:
            return [
                ColumnSpec("staff_id", "工号", .id),
                ColumnSpec("school_id", "学校代码", .id),
                .optional("name", "姓名", .text),
                ColumnSpec("kind", "类型", .enumeration(.staffKind)),
                .optional("qualified", "资质审核", .bool, default: "1"),
            ]
        case .staffing:
            return [
                ColumnSpec("session_id", "场次代码", .id),
                ColumnSpec("staff_id", "工号", .id),
                ColumnSpec("role", "职责", .enumeration(.role)),
                ColumnSpec("claimed_hours", "课时", .decimal(0...2400)),
            ]
        case .satisfaction:
            return [
                ColumnSpec("response_id", "问卷编号", .id),
                ColumnSpec("school_id", "学校代码", .id),
                ColumnSpec("respondent", "填写人", .enumeration(.respondent)),
                .optional("student_id", "学号", .id),
                .optional("activity_id", "活动代码", .id),
                ColumnSpec("overall", "总体满意度", .int(1...5)),
                .optional("content", "内容", .int(1...5)),
                .optional("staff", "教师", .int(1...5)),
                .optional("safety", "安全", .int(1...5)),
                .optional("schedule", "时间", .int(1...5)),
            ]
        case .budget:
            return [
                ColumnSpec("school_id", "学校代码", .id),
                ColumnSpec("amount", "金额", .decimal(0...10_000_000_000_000)),
            ]
        case .disclosures:
            return [
                ColumnSpec("school_id", "学校代码", .id),
                ColumnSpec("staff_id", "工号", .id),
                ColumnSpec("month", "月份", .month),
                ColumnSpec("hours", "课时", .decimal(0...74_400)),
            ]
        }
    }

    /// The index of column `name` in ``columns``.
    public func columnIndex(_ name: String) -> Int? {
        FileContract.of(self).index[name]
    }

    /// The position of the file in ``loadOrder`` (and ``allCases``).
    public var ordinal: Int {
        switch self {
        case .schools: return 0
        case .students: return 1
        case .calendar: return 2
        case .activities: return 3
        case .sessions: return 4
        case .peTimetable: return 5
        case .survey: return 6
        case .attendance: return 7
        case .staff: return 8
        case .staffing: return 9
        case .satisfaction: return 10
        case .budget: return 11
        case .disclosures: return 12
        }
    }
}
