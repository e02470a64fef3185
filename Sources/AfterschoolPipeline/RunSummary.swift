/// The lines printed at the end of a run: stages run and skipped, rejects,
/// warnings, and where the outputs are; in the run's `report_language`
/// (``PipelineRunner/Outcome/language``), Chinese by default.
public enum RunSummary {
    public static func text(_ outcome: PipelineRunner.Outcome) -> String {
        let zh = outcome.language != "en"
        let ran = outcome.stages.filter(\.ran).map(\.name)
        let skipped = outcome.stages.filter { !$0.ran }.map(\.name)
        var lines: [String] = []
        if skipped.isEmpty {
            lines.append(zh ? "已运行的阶段：\(ran.joined(separator: "、"))。" : "Stages run: \(ran.joined(separator: ", ")).")
        } else if ran.isEmpty {
            lines.append(zh ? "数据和参数均无变化：所有阶段均跳过（\(skipped.joined(separator: "、"))）。"
                         : "Nothing changed: every stage was skipped (\(skipped.joined(separator: ", "))).")
        } else {
            lines.append(zh ? "已运行：\(ran.joined(separator: "、"))；无变化而跳过：\(skipped.joined(separator: "、"))。"
                         : "Stages run: \(ran.joined(separator: ", ")); skipped (unchanged): \(skipped.joined(separator: ", ")).")
        }
        let rejected = outcome.report.files.reduce(0) { $0 + $1.rejected }
        lines.append(zh ? "被拒绝的数据行 \(rejected) 行（见 rejects.csv）；警告 \(outcome.warnings.count) 条。"
                     : "\(rejected) rows rejected (rejects.csv); \(outcome.warnings.count) warning(s).")
        lines.append(zh ? "输出目录：\(outcome.outputFolder)/" : "Outputs written to \(outcome.outputFolder)/")
        if outcome.stages.contains(where: { $0.name == "report" }) {
            lines.append(zh ? "报告：\(outcome.outputFolder)/report.html" : "Report: \(outcome.outputFolder)/report.html")
        }
        return lines.joined(separator: "\n")
    }
}
