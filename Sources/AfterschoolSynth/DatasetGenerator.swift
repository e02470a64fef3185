import AfterschoolDomain
import Foundation

/// `afterschool generate`: writes a synthetic, realistic term of a district
/// (every input file and `dataset.yaml`) with planted anomalies listed in
/// `planted.json`. Deterministic: a seed gives the same bytes on every run
/// and every machine.
///
/// - Complexity: time linear in the attendance rows (about 50 million at
///   district scale); memory bounded by one school's roster, staff and day,
///   not by the output: schools are generated one by one and written
///   through buffered writers.
public struct DatasetGenerator {
    /// What to generate and where.
    public var configuration: GeneratorConfiguration
    /// Called with a line of progress (schools done, rows written).
    public var progress: (String) -> Void

    /// A generator for `configuration`; `progress` receives a line every
    /// 5% of the schools (the command line prints them on stderr).
    public init(configuration: GeneratorConfiguration, progress: @escaping (String) -> Void = { _ in }) {
        self.configuration = configuration
        self.progress = progress
    }

    /// Generates the dataset into a staging folder and moves it into place.
    /// - Throws: ``SynthError``: a bad configuration, or a file that cannot
    ///   be written (the previous dataset, if any, is left as it was).
    public func run() throws(SynthError) -> GenerationSummary {
        try configuration.validate()
        let started = ContinuousClock.now
        let staging: AtomicFolder
        do {
            staging = try AtomicFolder(path: configuration.outputFolder)
        } catch {
            throw .io(path: error.path, reason: "cannot create the staging folder: \(error.reason)")
        }
        var published = false
        defer { if !published { staging.discard() } }

        let seed = configuration.seed
        let style = try OutputStyle(excel: configuration.excelStyle)
        let term = TermCalendar()
        var rng = SyntheticRandom(seed: seed)
        var plans = DistrictPlan.schools(configuration.scale, prefix: configuration.district ?? "", rng: &rng)
        let plants = PlantPlan(scale: configuration.scale, schools: plans.count, term: term, rng: &rng)
        let files = try DatasetFiles(folder: staging.staging, style: style, parts: configuration.parts,
                                     firstSchool: plans.first?.id ?? "")
        let ledger = PlantedLedger()
        ServicePlan.apply(to: &plans, plants: plants, scale: configuration.scale, seed: seed, ledger: ledger)
        try writeSchools(plans, files: files, plants: plants, ledger: ledger)
        writeCalendar(term, files: files)

        let handoff = OverlapHandoff()
        var earlier: EarlierSchool?
        var students = 0
        var attendance = 0
        let every = max(1, plans.count / 20)
        for plan in plans {
            try files.beginSchool(plan.id)
            let school = try SchoolGenerator(
                plan: plan, seed: seed, term: term, files: files, plants: plants.items[plan.index],
                malformed: plants.malformed[plan.index], ledger: ledger, handoff: handoff, earlier: earlier)
            try school.generate()
            earlier = school.idsForLaterSchools
            students += school.roster.students.count
            attendance += school.attendanceRows
            if (plan.index + 1) % every == 0 || plan.index + 1 == plans.count {
                let seconds = (ContinuousClock.now - started).seconds
                progress("generate: \(plan.index + 1)/\(plans.count) schools, \(students) students, \(attendance) attendance rows, \(format(seconds)) s")
            }
        }
        try files.finish()
        try write(Data(descriptor(term).utf8), to: staging.file(DatasetDescriptor.fileName))
        let manifest = ledger.manifest(scale: configuration.scale, seed: seed, excelStyle: configuration.excelStyle)
        try write(try manifest.encoded(), to: staging.file(PlantedManifest.fileName))
        do {
            try staging.publish()
        } catch {
            throw .io(path: error.path, reason: "cannot move the dataset into place: \(error.reason)")
        }
        published = true

        return GenerationSummary(
            outputFolder: configuration.outputFolder,
            files: files.records.map { .init(file: $0.file.fileName, records: $0.records) },
            schools: plans.count, students: students,
            plantedFindings: manifest.findings.values.reduce(0) { $0 + $1.count },
            plantedRejects: manifest.rejects.count,
            seconds: (ContinuousClock.now - started).seconds)
    }

    /// `schools.csv`: one row per school (and the planted bad stage).
    private func writeSchools(_ plans: [SchoolPlan], files: DatasetFiles, plants: PlantPlan,
                              ledger: PlantedLedger) throws(SynthError) {
        let w = files[.schools]
        let style = files.style
        var extra = 0
        for plan in plans {
            let round = plan.index / Names.places.count + 1
            let name = Names.places[plan.index % Names.places.count] + (round > 1 ? "第\(round)" : "") + Names.suffix(plan.stage)
            w.ascii(plan.id)
            w.text(try style.codec.text(name))
            w.field(style.stage[plan.stage.rawValue])
            w.field(style.specialty[plan.specialty.rawValue])
            w.field(style.ownership[plan.ownership.rawValue])
            w.endRow()
            for item in plants.malformed[plan.index] where item.kind == .schoolBadStage {
                extra += 1
                ledger.reject(item.kind, at: w)
                w.ascii((configuration.district ?? "") + "S8" + String(repeating: "0", count: max(0, 3 - String(extra).count)) + String(extra))
                w.text(try style.codec.text(name + "分校"))
                w.ascii("high")
                w.field(style.specialty[Specialty.none.rawValue])
                w.field(style.ownership[Ownership.publicSchool.rawValue])
                w.endRow()
            }
        }
    }

    /// `calendar.csv`: every date of the term.
    private func writeCalendar(_ term: TermCalendar, files: DatasetFiles) {
        let w = files[.calendar]
        for day in term.days {
            w.field(files.style.date(day.date))
            w.field(files.style.bool(day.isSchoolDay))
            w.endRow()
        }
    }

    /// `dataset.yaml`: the term, and in Excel style each file's encoding
    /// (a short GBK text can pass for UTF-8, so it is stated).
    private func descriptor(_ term: TermCalendar) -> String {
        var text = """
            term: \(TermCalendar.termId)
            title: Synthetic district (\(configuration.scale.rawValue) scale, seed \(configuration.seed))
            start: \(term.start)
            end: \(term.end)

            """
        if let district = configuration.district { text += "district: \(district)\n" }
        if configuration.excelStyle {
            text += "encoding:\n"
            for file in InputFile.loadOrder { text += "  \(file.fileName): gb18030\n" }
        }
        return text
    }

    private func write(_ data: Data, to path: String) throws(SynthError) {
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw .io(path: path, reason: error.localizedDescription)
        }
    }

    private func format(_ s: Double) -> String { String(Int(s * 10) / 10) + "." + String(Int(s * 10) % 10) }
}
