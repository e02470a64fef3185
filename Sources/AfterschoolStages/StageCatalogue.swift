/// Every analysis stage a pipeline may list. Adding a stage is one file
/// (its computation and its ``StageUnit``) and one line here.
public enum StageCatalogue {
    public static let stages: [StageEntry] = [
        StageEntry(ParticipationStage.self),
        StageEntry(CoverageStage.self),
        StageEntry(SatisfactionStage.self),
        StageEntry(AuditStage.self),
        StageEntry(StipendStage.self),
        StageEntry(WorkloadStage.self),
        StageEntry(ScorecardStage.self),
        StageEntry(ReportStage.self),
    ]

    /// The stage named `name`, if any.
    public static func entry(named name: String) -> StageEntry? {
        stages.first { $0.declaration.name == name }
    }
}
