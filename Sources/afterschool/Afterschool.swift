import AfterschoolCity
import AfterschoolDomain
import AfterschoolPipeline
import AfterschoolSynth
import ArgumentParser
import Foundation
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
        subcommands: [Run.self, Plan.self, Validate.self, Generate.self, Publish.self, Rollup.self])

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
        } catch let error as CityError {
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

    @Option(help: "A district id (letters, digits, '-', '_'): written in dataset.yaml and put before every id, so that districts generated apart do not collide in a city's warehouse.")
    var district: String?

    func run() throws {
        let configuration = GeneratorConfiguration(scale: scale, seed: seed, outputFolder: out, excelStyle: excelStyle,
                                                   parts: parts, district: district)
        let generator = DatasetGenerator(configuration: configuration) { writeStandardError($0 + "\n") }
        print(try generator.run().text)
    }
}

struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a finished run's tables into a city's shared PostgreSQL warehouse, replacing that term and district's rows in one transaction.")

    @Argument(help: "The output folder of a finished run (it holds manifest.json and warehouse.sqlite).")
    var folder: String

    @Option(help: "The server: postgresql://USER@HOST:PORT/DB (the password from PGPASSWORD or ~/.pgpass; sslmode and other parameters as libpq reads them).")
    var to: String

    @Option(help: "The PostgreSQL schema to publish into (it must exist).")
    var schema = "public"

    @Flag(help: "Also publish the internal tables (they name students) and the figures of groups too small to publish.")
    var includeInternal = false

    func run() throws {
        let server = try ServerAddress(to)
        var options = CityPublisher.Options(schema: schema, includeInternal: includeInternal)
        // For the tests: pause after copying one table, so that a test can
        // kill the publish half-way.
        if let table = ProcessInfo.processInfo.environment["AFTERSCHOOL_PUBLISH_PAUSE_AFTER"] {
            options.afterTable = { copied in
                guard copied == table else { return }
                writeStandardError("publish: paused after \(copied)\n")
                sleep(600)
            }
        }
        let outcome = try CityPublisher(run: folder, server: server, options: options).publish()
        let rows = outcome.rows.reduce(0) { $0 + $1.rows }
        print("已发布：学期 \(outcome.term)，区 \(outcome.district)（\(outcome.pipeline)），\(outcome.rows.count) 张表共 \(rows) 行 → \(server.display)（schema \(schema)），用时 \(String(format: "%.1f", outcome.seconds)) 秒")
        print("Published term \(outcome.term), district \(outcome.district) (\(outcome.pipeline)): \(outcome.rows.count) tables, \(rows) rows")
        for (table, n) in outcome.rows { print("  \(table)  \(n)") }
    }
}

struct Rollup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute the city view inside the shared PostgreSQL warehouse: one row per district and one for the city, and the schools ranked across districts.")

    @Option(help: "The server: postgresql://USER@HOST:PORT/DB.")
    var from: String

    @Option(help: "The term, e.g. 2025-autumn.")
    var term: String

    @Option(help: "The PostgreSQL schema the districts published into.")
    var schema = "public"

    @Option(help: "The folder to write (city_summary.csv, school_ranking.csv, rollup.html; default: city-<term>).")
    var out: String?

    @Option(help: "The language of rollup.html: zh (default) or en.")
    var language: TextLanguage = .zh

    func run() throws {
        let server = try ServerAddress(from)
        let outcome = try CityRollup(server: server, term: term, schema: schema, out: out ?? "city-\(term)",
                                     language: language.rawValue).run()
        print("全市汇总：\(outcome.districts) 个区，\(outcome.schools) 所学校，排名 \(outcome.rankedSchools) 所 → \(outcome.folder)/")
        print("City roll-up: \(outcome.districts) districts, \(outcome.schools) schools, \(outcome.rankedSchools) ranked → \(outcome.folder)/city_summary.csv")
    }
}
