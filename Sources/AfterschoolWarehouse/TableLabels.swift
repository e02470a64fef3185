/// A label in the report's two languages.
public struct Label: Sendable, Equatable {
    public let zh: String
    public let en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// The label in `language` (`zh` or `en`; anything else is `zh`).
    public func text(_ language: String) -> String { language == "en" ? en : zh }
}

/// Who may see a published table.
public enum Privacy: String, Sendable, Equatable {
    /// Public: `tables/`, the workbook and the report. Staff tables are
    /// public inside the school (the seeds require their 公示).
    case `public`
    /// Names students (audit findings): `internal/` only, for the audit team.
    case `internal`
    /// The counts per school that every ratio is made of, for roll-ups in a
    /// shared warehouse (`school_counts`): no student named, but not for
    /// reading either: `internal/` and the warehouse, never the report.
    case counts
}

/// The labels of every published column and table, defined once: each
/// table declaration takes its columns' labels from here, and a test
/// checks that none is missing.
public enum TableLabels {
    /// Column labels by column name.
    public static let columns: [String: Label] = [
        "school_id": Label(zh: "学校代码", en: "School"),
        "grade": Label(zh: "年级", en: "Grade"),
        "group": Label(zh: "群体", en: "Group"),
        "activity_id": Label(zh: "活动代码", en: "Activity"),
        "session_id": Label(zh: "场次代码", en: "Session"),
        "other_session_id": Label(zh: "重叠场次代码", en: "Overlapping session"),
        "staff_id": Label(zh: "人员代码", en: "Staff member"),
        "student_id": Label(zh: "学号", en: "Student"),
        "month": Label(zh: "月份", en: "Month"),
        "rule": Label(zh: "审核规则", en: "Audit rule"),
        "severity": Label(zh: "严重程度", en: "Severity"),
        "detail": Label(zh: "说明", en: "Detail"),
        "hours_at_stake": Label(zh: "涉及课时（小时）", en: "Hours at stake"),
        "schools": Label(zh: "学校数", en: "Schools"),
        "supply_rate": Label(zh: "开展学校覆盖率", en: "Supply rate"),
        "enrolled": Label(zh: "在籍学生数", en: "Students enrolled"),
        "requested": Label(zh: "申请参加人数", en: "Students who asked"),
        "participants": Label(zh: "参加人数", en: "Participants"),
        "participation_rate": Label(zh: "参与率", en: "Participation rate"),
        "demand_coverage": Label(zh: "需求满足率（愿留尽留）", en: "Demand coverage"),
        "attendance_rate": Label(zh: "出勤率", en: "Attendance rate"),
        "school_days": Label(zh: "上学日数", en: "School days"),
        "service_days": Label(zh: "开展服务日数", en: "Service days"),
        "service_day_coverage": Label(zh: "服务日覆盖率", en: "Service-day coverage"),
        "days_meeting_2h_share": Label(zh: "达2小时日占比", en: "Share of days with 2 hours"),
        "late_end_share": Label(zh: "超时结束日占比", en: "Share of days ending late"),
        "sport_weekly_coverage": Label(zh: "每周体育活动覆盖率", en: "Weekly sport coverage"),
        "quality_weekly_coverage": Label(zh: "每周素质活动覆盖率", en: "Weekly quality-activity coverage"),
        "non_pe_sport_hour_share": Label(zh: "无体育课日达1小时运动占比", en: "Non-PE days with 1 hour of sport"),
        "categories_offered": Label(zh: "开设活动类别数", en: "Categories offered"),
        "specialty_hour_share": Label(zh: "体艺时长占比", en: "Sports and arts share"),
        "specialty_ok": Label(zh: "特色校体艺达标", en: "Specialty target met"),
        "responses": Label(zh: "问卷份数", en: "Responses"),
        "response_rate": Label(zh: "问卷回收率", en: "Response rate"),
        "satisfaction_mean": Label(zh: "满意度均分", en: "Mean satisfaction"),
        "satisfaction_top2_share": Label(zh: "满意（4-5分）占比", en: "Share satisfied (4-5)"),
        "suppressed": Label(zh: "人数过少已隐去", en: "Suppressed (small group)"),
        "category": Label(zh: "活动类别", en: "Category"),
        "mean_overall": Label(zh: "总体满意度均分", en: "Mean overall score"),
        "ci_low": Label(zh: "95%置信区间下限", en: "95% interval, low"),
        "ci_high": Label(zh: "95%置信区间上限", en: "95% interval, high"),
        "top2_share": Label(zh: "满意（4-5分）占比", en: "Share satisfied (4-5)"),
        "kind": Label(zh: "人员类别", en: "Staff kind"),
        "sessions": Label(zh: "场次数", en: "Sessions"),
        "claimed_hours": Label(zh: "申报课时（小时）", en: "Claimed hours"),
        "verified_hours": Label(zh: "核定课时（小时）", en: "Verified hours"),
        "points": Label(zh: "加权工作量", en: "Weighted points"),
        "satisfaction_n": Label(zh: "相关问卷份数", en: "Responses about their activities"),
        "multiplier": Label(zh: "满意度系数", en: "Satisfaction multiplier"),
        "amount": Label(zh: "拟发放金额（元）", en: "Proposed amount (yuan)"),
        "hourly_amount": Label(zh: "每小时金额（元）", en: "Amount per hour (yuan)"),
        "flat_amount": Label(zh: "平均分配对照（元）", en: "Flat split, for comparison (yuan)"),
        "budget": Label(zh: "专项经费（元）", en: "Budget (yuan)"),
        "allocated": Label(zh: "已分配（元）", en: "Allocated (yuan)"),
        "staff_paid": Label(zh: "获发人数", en: "Staff paid"),
        "hourly_min": Label(zh: "每小时金额最低（元）", en: "Lowest per hour (yuan)"),
        "hourly_median": Label(zh: "每小时金额中位数（元）", en: "Median per hour (yuan)"),
        "hourly_max": Label(zh: "每小时金额最高（元）", en: "Highest per hour (yuan)"),
        "gini": Label(zh: "基尼系数", en: "Gini"),
        "days": Label(zh: "服务天数", en: "Days"),
        "participation": Label(zh: "参与率得分", en: "Participation"),
        "service_time": Label(zh: "服务时间得分", en: "Service time"),
        "sport": Label(zh: "体育活动得分", en: "Sport"),
        "quality_activity": Label(zh: "素质活动得分", en: "Quality activity"),
        "satisfaction": Label(zh: "满意度得分", en: "Satisfaction"),
        "data_quality": Label(zh: "数据质量得分", en: "Data quality"),
        "composite": Label(zh: "综合得分", en: "Composite"),
        "rank": Label(zh: "排名", en: "Rank"),
        "tier": Label(zh: "等级", en: "Tier"),
        "incomplete": Label(zh: "指标不全", en: "Incomplete"),
        "indicator": Label(zh: "指标", en: "Indicator"),
        "stage": Label(zh: "学段", en: "Stage"),
        "size_band": Label(zh: "规模档", en: "Size band"),
        "peers": Label(zh: "同类学校数", en: "Peer schools"),
        "value": Label(zh: "本校值", en: "This school"),
        "peer_median": Label(zh: "同类中位数", en: "Peer median"),
        "difference": Label(zh: "差值", en: "Difference"),
        "date": Label(zh: "日期", en: "Date"),
        "class_id": Label(zh: "班级", en: "Class"),
        "mean_daily_hours": Label(zh: "日均服务时长（小时）", en: "Mean daily hours"),
        "surveyed": Label(zh: "参加问卷调查人数", en: "Surveyed"),
        "survey_coverage": Label(zh: "问卷调查覆盖率", en: "Survey coverage"),
        "unrequested_participants": Label(zh: "未申请而参加人数", en: "Participants who did not ask"),
        "unrequested_share": Label(zh: "未申请而参加占比", en: "Share who did not ask"),
        "chosen_day_coverage": Label(zh: "所选服务日满足率", en: "Chosen days served"),
        "extended_requested": Label(zh: "申请延时托管人数", en: "Late care asked"),
        "extended_served": Label(zh: "延时托管已服务人数", en: "Late care served"),
        "extended_coverage": Label(zh: "延时托管满足率", en: "Late care coverage"),
        "segment": Label(zh: "时段", en: "Segment"),
        "held_sessions": Label(zh: "实际开设场次", en: "Sessions held"),
        "students_present": Label(zh: "参与学生人数", en: "Students present"),
        "staff": Label(zh: "参与人员数", en: "Staff"),
        "teachers": Label(zh: "本校教师数", en: "Teachers"),
        "teachers_serving": Label(zh: "参与服务的教师数", en: "Teachers serving"),
        "teacher_share": Label(zh: "教师参与率", en: "Share of teachers serving"),
        "serving_staff": Label(zh: "参与服务人员数", en: "Staff serving"),
        "hours_mean": Label(zh: "人均核定课时（小时）", en: "Mean hours per serving staff"),
        "hours_max": Label(zh: "个人最多核定课时（小时）", en: "Most hours of one staff member"),
        "peak_week_hours": Label(zh: "个人单周最多课时（小时）", en: "Most hours of one staff member in a week"),
        "hours_gini": Label(zh: "课时分布基尼系数", en: "Gini of hours"),
        "requested_participants": Label(zh: "申请且参加人数", en: "Participants who asked"),
        "present_rows": Label(zh: "出勤记录数", en: "Present rows"),
        "absent_rows": Label(zh: "缺勤记录数", en: "Absent rows"),
        "participant_weeks": Label(zh: "参与人周数", en: "Participant-weeks"),
        "sport_weeks": Label(zh: "有体育活动的人周数", en: "Participant-weeks with sport"),
        "quality_weeks": Label(zh: "有素质活动的人周数", en: "Participant-weeks with a quality activity"),
        "score_sum": Label(zh: "总体满意度评分之和", en: "Sum of overall scores"),
        "full_days": Label(zh: "服务满 2 小时的上学日数", en: "School days meeting 2 hours"),
        "late_end_days": Label(zh: "结束过晚的服务日数", en: "Service days ending late"),
        "non_pe_days": Label(zh: "无体育课的参与人日数", en: "Participant-days without PE"),
        "non_pe_sport_days": Label(zh: "其中体育活动满 1 小时的人日数", en: "Of those, with an hour of sport"),
        "sports_arts_minutes": Label(zh: "体育艺术活动分钟数", en: "Minutes of sports and arts sessions"),
        "all_minutes": Label(zh: "全部活动分钟数", en: "Minutes of all sessions"),
        "top2_responses": Label(zh: "评 4 分或 5 分的问卷数", en: "Responses scoring 4 or 5"),
    ]

    /// Table titles by table name.
    public static let tables: [String: Label] = [
        "school_summary": Label(zh: "各校课后服务概况", en: "School summary"),
        "grade_participation": Label(zh: "分年级参与情况", en: "Participation by grade"),
        "group_participation": Label(zh: "重点群体参与情况", en: "Participation of priority groups"),
        "district_summary": Label(zh: "全区汇总", en: "District summary"),
        "school_counts": Label(zh: "各校计数（汇总用）", en: "Counts per school (for roll-ups)"),
        "satisfaction_by_activity": Label(zh: "分活动满意度", en: "Satisfaction by activity"),
        "audit_findings": Label(zh: "数据审核发现（内部）", en: "Audit findings (internal)"),
        "stipend_allocation": Label(zh: "课后服务补助拟发放方案", en: "Stipend allocation proposal"),
        "stipend_summary": Label(zh: "各校补助分配汇总", en: "Stipend summary by school"),
        "workload_monthly": Label(zh: "每月工作量公示", en: "Monthly workload disclosure"),
        "daily_ledger": Label(zh: "课后服务每日记录", en: "Daily ledger"),
        "class_participation": Label(zh: "分班级参与情况", en: "Participation by class"),
        "grade_service": Label(zh: "分年级服务时间", en: "Service time by grade"),
        "service_choice": Label(zh: "自愿选择与需求满足", en: "Choice and voluntariness"),
        "staff_load": Label(zh: "教师参与和工作量分布", en: "Staff load"),
        "school_scorecard": Label(zh: "学校绩效考核评分", en: "School scorecard"),
        "school_peer_comparison": Label(zh: "与同类学校比较", en: "Comparison with peer schools"),
    ]
}
