import AfterschoolDomain
import AfterschoolPipeline
import AfterschoolSynth
import ArgumentParser
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `afterschool` command: parses arguments and calls the library.
@main
struct Afterschool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "afterschool",
        abstract: "After-school service (课后服务) analytics: validate a term's data, compute the figures, write the report.",
        version: AfterschoolVersion.current,
        subcommands: [Run.self, Plan.self, Validate.self, Generate.self])

    /// Runs the command; exit status 0 done, 1 bad data or a failed stage,
    /// 2 bad usage or configuration.
    static func main() {
        LoggingSystem.bootstrap { label in PlainLogHandler(label: label) }
        Interruption.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as PipelineError {
            writeStandardError("afterschool: error: \(error)\n")
            Glibc.exit(error.exitStatus)
        } catch let error as SynthError {
            writeStandardError("afterschool: error: \(error)\n")
            Glibc.exit(error.exitStatus)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                Glibc.exit(0)
            }
            writeStandardError(message + "\n")
            // Usage errors exit 2, as the documentation promises.
            Glibc.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// The arguments `run` and `plan` share.
struct PipelineArguments: ParsableArguments {
    @Argument(help: "The pipeline file, e.g. pipelines/termly-evaluation.yaml.")
    var pipeline: String

    @Option(help: "The dataset folder (default: the pipeline's 'dataset', relative to the pipeline file).")
    var data: String?

    @Option(help: "The output folder (default: notebooks-out/<pipeline>/<district>/<term>).")
    var out: String?

    @Option(name: .customLong("set"), help: "Override a parameter: --set key=value (repeatable).")
    var overrides: [String] = []

    @Flag(help: "Run every stage again, reusing nothing from the earlier output.")
    var force = false

    @Flag(help: "Replace an output folder that holds another pipeline's or another dataset's output.")
    var replace = false

    var options: PipelineRunner.Options { PipelineRunner.Options(force: force, replace: replace) }
}

/// How much a command says on stderr.
struct Verbosity: ParsableArguments {
    @Flag(help: "Only warnings and errors.")
    var quiet = false

    @Flag(help: "Also what each stage read and why it ran.")
    var verbose = false

    var logger: Logger {
        var logger = Logger(label: "afterschool")
        logger.logLevel = quiet ? .warning : verbose ? .debug : .info
        return logger
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a pipeline's stages on a dataset; stages whose inputs did not change are skipped.")

    @OptionGroup var arguments: PipelineArguments
    @OptionGroup var verbosity: Verbosity

    func run() throws {
        var runner = PipelineRunner(logger: verbosity.logger)
        if !verbosity.quiet && isatty(STDERR_FILENO) != 0 {
            runner.liveProgress = { writeStandardError("\r\u{1B}[2K" + $0.text) }
        }
        let outcome = try runner.run(
            pipelinePath: arguments.pipeline, data: arguments.data, out: arguments.out,
            overrides: arguments.overrides, options: arguments.options)
        if !verbosity.quiet { print(ValidationSummary.text(outcome.report, language: outcome.language)) }
        print(RunSummary.text(outcome))
    }
}

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show which stages a run would redo and why, without running them.")

    @OptionGroup var arguments: PipelineArguments

    func run() throws {
        var logger = Logger(label: "afterschool")
        logger.logLevel = .warning
        let report = try PipelineRunner(logger: logger).plan(
            pipelinePath: arguments.pipeline, data: arguments.data, out: arguments.out,
            overrides: arguments.overrides, options: arguments.options)
        print(report)
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a dataset against the input contract; write rejects.csv and print a summary.")

    @Option(help: "The dataset folder.")
    var data: String

    @Option(help: "Where rejects.csv goes (default: notebooks-out/validate/<term>).")
    var out: String?

    @Option(help: "The language of the summary and of rejects.csv's messages: zh (default) or en.")
    var language: TextLanguage = .zh

    func run() throws {
        let outcome = try PipelineRunner().validate(data: data, out: out, language: language)
        print(ValidationSummary.text(outcome.report, language: language.rawValue))
        print(language == .en ? "Rejects written to \(outcome.outputFolder)/rejects.csv"
              : "被拒绝的行已写入 \(outcome.outputFolder)/rejects.csv")
    }
}

extension TextLanguage: ExpressibleByArgument {}

extension Scale: ExpressibleByArgument {}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic, realistic dataset with planted anomalies (listed in planted.json).")

    @Option(help: "small (2 schools), district (300 schools, ~50 million attendance rows) or city (1,500 schools).")
    var scale: Scale

    @Option(help: "The random seed: the same seed gives the same files.")
    var seed: UInt64

    @Option(help: "The dataset folder to write (replaced as a whole when it holds a dataset).")
    var out: String

    @Flag(help: "Write GB18030 files with Chinese headers and values, YYYY/M/D dates and CRLF, as Excel would.")
    var excelStyle = false

    @Flag(help: "Write the files each school exports on its own (attendance, staffing, satisfaction, survey, PE timetable, disclosures) as one part per school: attendance/S001.csv, ...")
    var parts = false

    func run() throws {
        let configuration = GeneratorConfiguration(scale: scale, seed: seed, outputFolder: out, excelStyle: excelStyle,
                                                   parts: parts)
        let generator = DatasetGenerator(configuration: configuration) { writeStandardError($0 + "\n") }
        print(try generator.run().text)
    }
}
