/// The lines printed at the end of a run: stages run and skipped, rejects,
/// warnings, and where the outputs are.
public enum RunSummary {
    public static func text(_ outcome: PipelineRunner.Outcome) -> String {
        let ran = outcome.stages.filter(\.ran).map(\.name)
        let skipped = outcome.stages.filter { !$0.ran }.map(\.name)
        var lines: [String] = []
        if skipped.isEmpty {
            lines.append("Stages run: \(ran.joined(separator: ", ")).")
        } else if ran.isEmpty {
            lines.append("Nothing changed: every stage was skipped (\(skipped.joined(separator: ", "))).")
        } else {
            lines.append("Stages run: \(ran.joined(separator: ", ")); skipped (unchanged): \(skipped.joined(separator: ", ")).")
        }
        let rejected = outcome.report.files.reduce(0) { $0 + $1.rejected }
        lines.append("\(rejected) rows rejected (rejects.csv); \(outcome.warnings.count) warning(s).")
        lines.append("Outputs written to \(outcome.outputFolder)/")
        if outcome.stages.contains(where: { $0.name == "report" }) {
            lines.append("Report: \(outcome.outputFolder)/report.html")
        }
        return lines.joined(separator: "\n")
    }
}
