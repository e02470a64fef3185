import AfterschoolDomain
import Foundation

/// A stage's own parameters: a typed view of the run's ``Parameters`` (the
/// values of the pipeline file and `--set`, checked against
/// ``ParameterSpec``). A stage reads nothing else, so its fingerprint, made
/// from this struct's encoding, covers every parameter it depends on. The
/// coding keys are the YAML keys.
public protocol StageParameters: Codable, Hashable, Sendable {
    /// Takes the values of the run's parameters.
    init(_ values: Parameters)
}

extension StageParameters {
    /// The YAML keys of the struct, from its own encoding.
    public var keys: [String] {
        guard let data = try? JSONEncoder().encode(self),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        return object.keys.sorted()
    }
}

/// A stage without parameters of its own.
public struct NoParameters: StageParameters {
    public init(_ values: Parameters) {}
}

/// The after-school window: which sessions are in scope. Everything built on
/// the term's sessions depends on it.
public struct TermWindow: StageParameters {
    /// Minutes after midnight.
    public var windowStart: Int
    public var windowEnd: Int

    public init(_ values: Parameters) {
        windowStart = values.windowStart
        windowEnd = values.windowEnd
    }

    enum CodingKeys: String, CodingKey {
        case windowStart = "window_start", windowEnd = "window_end"
    }
}

/// The participation stage's parameters.
public struct ParticipationParameters: StageParameters {
    /// Grouped rows with fewer students enrolled are suppressed.
    public var minCell: Int

    public init(_ values: Parameters) { minCell = values.minCell }

    enum CodingKeys: String, CodingKey { case minCell = "min_cell" }
}

/// The coverage stage's parameters.
public struct CoverageParameters: StageParameters {
    public var minCell: Int
    public var minDailyMinutes: Int
    public var minSportMinutes: Int
    /// Minutes after midnight.
    public var summerEnd: Int
    public var winterEnd: Int
    /// Months 1 to 12, ascending.
    public var summerMonths: [Int]

    public init(_ values: Parameters) {
        minCell = values.minCell
        minDailyMinutes = values.minDailyMinutes
        minSportMinutes = values.minSportMinutes
        summerEnd = values.summerEnd
        winterEnd = values.winterEnd
        summerMonths = values.summerMonths.sorted()
    }

    enum CodingKeys: String, CodingKey {
        case minCell = "min_cell", minDailyMinutes = "min_daily_minutes", minSportMinutes = "min_sport_minutes"
        case summerEnd = "summer_end", winterEnd = "winter_end", summerMonths = "summer_months"
    }
}

/// The satisfaction stage's parameters (it also writes `school_summary`).
public struct SatisfactionParameters: StageParameters {
    public var specialtyMinShare: Double

    public init(_ values: Parameters) { specialtyMinShare = values.specialtyMinShare }

    enum CodingKeys: String, CodingKey { case specialtyMinShare = "specialty_min_share" }
}

/// The audit stage's parameters.
public struct AuditParameters: StageParameters {
    public var claimToleranceHours: Double
    public var minHomeworkGroup: Int

    public init(_ values: Parameters) {
        claimToleranceHours = values.number(named: "claim_tolerance_hours")
        minHomeworkGroup = values.minHomeworkGroup
    }

    /// Claim tolerance in ``StaffLedger`` units (1/6000 hour, a hundredth of
    /// a minute), to compare exactly with claims and session lengths: exact
    /// for every tolerance that is a whole number of hundredths of a minute
    /// (0.1 h, 0.125 h = 7.5 min, ...), not only whole hundredths of an hour.
    public var claimToleranceUnits: Int64 { Int64((claimToleranceHours * Double(StaffLedger.unitsPerHour)).rounded()) }

    enum CodingKeys: String, CodingKey {
        case claimToleranceHours = "claim_tolerance_hours", minHomeworkGroup = "min_homework_group"
    }
}

/// The stipend stage's parameters: who is paid, and the weights.
public struct StipendParameters: StageParameters {
    /// Staff kinds paid from the budget, in the domain's order.
    public var eligibleKinds: [String]
    public var slotWeightClass, slotWeightGrade, slotWeightSchool: Double
    public var contentWeightHomework, contentWeightSelfStudy, contentWeightQuality: Double
    public var roleWeightLead, roleWeightAssistant: Double
    public var scaleReference, scaleSlope, scaleMin, scaleMax: Double
    public var satisfactionPrior, satisfactionStep, satisfactionCap: Double

    public init(_ values: Parameters) {
        let n = values.number(named:)
        eligibleKinds = EnumDomain.staffKind.canonical.filter(values.eligibleKinds.contains)
        slotWeightClass = n("slot_weight_class")
        slotWeightGrade = n("slot_weight_grade")
        slotWeightSchool = n("slot_weight_school")
        contentWeightHomework = n("content_weight_homework")
        contentWeightSelfStudy = n("content_weight_self_study")
        contentWeightQuality = n("content_weight_quality")
        roleWeightLead = n("role_weight_lead")
        roleWeightAssistant = n("role_weight_assistant")
        scaleReference = n("scale_reference")
        scaleSlope = n("scale_slope")
        scaleMin = n("scale_min")
        scaleMax = n("scale_max")
        satisfactionPrior = n("satisfaction_prior")
        satisfactionStep = n("satisfaction_step")
        satisfactionCap = n("satisfaction_cap")
    }

    enum CodingKeys: String, CodingKey {
        case eligibleKinds = "eligible_kinds"
        case slotWeightClass = "slot_weight_class", slotWeightGrade = "slot_weight_grade"
        case slotWeightSchool = "slot_weight_school"
        case contentWeightHomework = "content_weight_homework", contentWeightSelfStudy = "content_weight_self_study"
        case contentWeightQuality = "content_weight_quality"
        case roleWeightLead = "role_weight_lead", roleWeightAssistant = "role_weight_assistant"
        case scaleReference = "scale_reference", scaleSlope = "scale_slope", scaleMin = "scale_min"
        case scaleMax = "scale_max"
        case satisfactionPrior = "satisfaction_prior", satisfactionStep = "satisfaction_step"
        case satisfactionCap = "satisfaction_cap"
    }
}

/// The scorecard stage's parameters: the indicators' weights, the
/// satisfaction shrinkage and the peer size bands.
public struct ScorecardParameters: StageParameters {
    public var weightParticipation, weightDemandCoverage, weightServiceTime, weightSport: Double
    public var weightQualityActivity, weightSatisfaction, weightDataQuality: Double
    public var satisfactionPrior: Double
    public var peerSmallBelow: Int
    public var peerLargeFrom: Int

    public init(_ values: Parameters) {
        let n = values.number(named:)
        weightParticipation = n("weight_participation")
        weightDemandCoverage = n("weight_demand_coverage")
        weightServiceTime = n("weight_service_time")
        weightSport = n("weight_sport")
        weightQualityActivity = n("weight_quality_activity")
        weightSatisfaction = n("weight_satisfaction")
        weightDataQuality = n("weight_data_quality")
        satisfactionPrior = n("satisfaction_prior")
        peerSmallBelow = values.integer(named: "peer_small_below")
        peerLargeFrom = values.integer(named: "peer_large_from")
    }

    /// The weights in ``Scorecard/indicators`` order.
    public var weights: [Double] {
        [weightParticipation, weightDemandCoverage, weightServiceTime, weightSport, weightQualityActivity,
         weightSatisfaction, weightDataQuality]
    }

    enum CodingKeys: String, CodingKey {
        case weightParticipation = "weight_participation", weightDemandCoverage = "weight_demand_coverage"
        case weightServiceTime = "weight_service_time", weightSport = "weight_sport"
        case weightQualityActivity = "weight_quality_activity", weightSatisfaction = "weight_satisfaction"
        case weightDataQuality = "weight_data_quality", satisfactionPrior = "satisfaction_prior"
        case peerSmallBelow = "peer_small_below", peerLargeFrom = "peer_large_from"
    }
}
