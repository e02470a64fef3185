import AfterschoolCSV
import AfterschoolDomain
import AfterschoolWarehouse

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ingest and validate stages: reads a dataset's files in dependency
/// order, checks every record against the input contract, and loads the
/// accepted rows into the warehouse in one transaction.
///
/// - Complexity: one pass over each file; memory bounded by the referable
///   rows (schools, students, activities, sessions, staff), not by the
///   attendance file.
public struct Ingest {
    public let folder: String
    public let descriptor: DatasetDescriptor
    public var maxRejectShare: Double
    /// Called with a line of progress (file done, rows, rate; for a folder
    /// of parts, one line for the folder).
    public var progress: (String) -> Void = { _ in }
    /// Called with the line of each part read (detail: `--verbose`).
    public var partProgress: (String) -> Void = { _ in }
    /// Called now and then while a file is read: the file, records so far,
    /// bytes read, the file's size and the seconds since it was opened.
    public var live: ((ProgressLine) -> Void)?
    /// The pipeline's stages (a missing optional file is mentioned where a
    /// stage would use it).
    public var stages: Set<String> = []
    /// Called with every rejected row, in order (writes `rejects.csv`).
    public var onReject: (Reject) throws -> Void = { _ in }

    /// The CSV files of each kind: a whole file, or the parts of its folder
    /// (``InputSource/resolve(folder:)``).
    public var sources: [InputFile: [InputSource]]
    /// Sources (by name) whose ingestion an earlier run did with the same
    /// fingerprint: their rows are already in the warehouse, and their
    /// report, warnings and rejects are taken as they were.
    public var reuse: [String: ReusedFile] = [:]

    /// What an earlier run found in a source that is not read again.
    public struct ReusedFile {
        public var report: FileReport
        public var warnings: [DataWarning]
        /// Its rejects in order (read on demand, at most `limit` of them).
        public var rejects: (_ limit: Int) throws -> [Reject]

        public init(report: FileReport, warnings: [DataWarning], rejects: @escaping (_ limit: Int) throws -> [Reject]) {
            self.report = report
            self.warnings = warnings
            self.rejects = rejects
        }
    }

    /// Lines between two progress reports inside one file.
    static let progressEvery = 5_000_000

    public init(folder: String, descriptor: DatasetDescriptor, maxRejectShare: Double,
                sources: [InputFile: [InputSource]]) {
        self.folder = folder
        self.descriptor = descriptor
        self.maxRejectShare = maxRejectShare
        self.sources = sources
    }

    /// Checks every required file kind is there before reading any, so a
    /// missing file stops the run before work is done.
    public func checkFilesExist() throws(PipelineError) {
        for file in InputFile.loadOrder where file.isRequired && (sources[file] ?? []).isEmpty {
            throw .contract(.missingFile(file: file.fileName, folder: folder))
        }
    }

    /// Runs ingestion into `warehouse`: reads every source not in
    /// ``reuse``; with reused sources, the warehouse is an earlier run's and
    /// only the tables (or parts) read again are replaced.
    /// - Throws: ``PipelineError`` for a file-level problem (the caller
    ///   discards the warehouse).
    public func run(into warehouse: Warehouse) throws -> IngestReport {
        try checkFilesExist()
        try warehouse.recordDataset(descriptor)
        let index = ReferenceIndex()
        var report = IngestReport()
        var reuse = self.reuse
        let warehouseReused = !reuse.isEmpty
        var touched: Set<InputFile> = []
        var totals: [FileReport] = []
        // The accepted sessions and students by their ids' bytes, made at
        // the first attendance source (both files are read by then).
        var attendanceIds: (sessions: ByteTable, students: ByteTable)?
        try warehouse.load { loader in
            if warehouseReused {
                // Clear what is read again (a whole table when none of its
                // sources is reused, else the rows of each part read again),
                // and know the reused rows other files refer to.
                for file in InputFile.loadOrder.reversed() {
                    let all = sources[file] ?? []
                    let read = all.filter { reuse[$0.name] == nil }
                    if read.count == all.count {
                        try loader.clear(file)
                        touched.insert(file)
                    } else if !read.isEmpty {
                        for source in read { try loader.clear(file, part: source.part) }
                        touched.insert(file)
                    }
                }
                // Only the files that the files read again refer to.
                let needed = Set(touched.flatMap(\.referencedFiles))
                for file in InputFile.loadOrder where needed.contains(file) && !touched.contains(file) {
                    try loader.restore(file, into: index)
                }
            }
            for file in InputFile.loadOrder {
                let all = sources[file] ?? []
                if all.isEmpty { report.files.append(FileReport(file: file.fileName, present: false)) }
                let kindClock = ContinuousClock.now
                // This run's reading of the kind (for the folder's progress
                // line), and every source's counts (for `input_files`).
                var readTotal = FileReport(file: file.partsFolder + "/", present: true)
                var total = FileReport(file: file.fileName, present: !all.isEmpty)
                var partsRead = 0
                for source in all {
                    if let reused = reuse[source.name] {
                        try report.addReused(source.name, report: reused.report, warnings: reused.warnings, rejects: reused.rejects)
                        total.add(reused.report)
                        continue
                    }
                    let clock = ContinuousClock.now
                    if file == .attendance && attendanceIds == nil {
                        attendanceIds = (index.table(.sessions), index.table(.students))
                    }
                    let fileReport = try ingest(source, loader: loader, index: index, attendanceIds: attendanceIds,
                                                report: &report, reuse: &reuse)
                    let seconds = (ContinuousClock.now - clock).seconds
                    let line = "\(source.name): \(fileReport.records) records, \(fileReport.accepted) accepted, \(fileReport.rejected) rejected in \(formatSeconds(seconds))\(rate(fileReport, seconds))"
                    if source.part == 0 { progress(line) } else { partProgress(line) }
                    partsRead += 1
                    readTotal.add(fileReport)
                    total.add(fileReport)
                    report.files.append(fileReport)
                    report.read.append(source.name)
                    touched.insert(file)
                }
                if all.first.map({ $0.part > 0 }) == true, partsRead > 0 {
                    let seconds = (ContinuousClock.now - kindClock).seconds
                    progress("\(readTotal.file): \(partsRead) of \(all.count) parts read, \(readTotal.records) records, \(readTotal.accepted) accepted, \(readTotal.rejected) rejected in \(formatSeconds(seconds))\(rate(readTotal, seconds))")
                }
                totals.append(total)
            }
        }
        for (file, total) in zip(InputFile.loadOrder, totals) {
            try warehouse.recordInputFile(file, present: total.present, records: total.records,
                                          accepted: total.accepted, rejected: total.rejected)
        }
        if !warehouseReused {
            try warehouse.verifyForeignKeys()
        } else {
            // The tables read again; for a file of which only some parts
            // were read, the rows of those parts.
            for file in InputFile.loadOrder where touched.contains(file) {
                let all = sources[file] ?? []
                let readParts = all.filter { report.read.contains($0.name) }
                if !all.isEmpty && readParts.count < all.count && file.idColumn == nil {
                    try warehouse.verifyForeignKeys(file.tableName, parts: readParts.map(\.part))
                } else {
                    try warehouse.verifyForeignKeys(file.tableName)
                }
            }
        }
        report.warnings += try calendarGaps(warehouse)
        let present = Set(sources.filter { !$0.value.isEmpty }.keys)
        report.warnings += try Completeness(descriptor: descriptor, present: present, stages: stages)
            .warnings(warehouse, index: warehouseReused ? nil : index)
        report.overLimit = report.files.first { $0.rejectShare > maxRejectShare }
        return report
    }

    private func ingest(_ source: InputSource, loader: TableLoader, index: ReferenceIndex,
                        attendanceIds: (sessions: ByteTable, students: ByteTable)?,
                        report: inout IngestReport, reuse: inout [String: ReusedFile]) throws -> FileReport {
        let file = source.file
        let path = source.path
        var fileReport = FileReport(file: source.name, present: true)
        var options = CSVReader.Options()
        options.encoding = descriptor.encodings[source.name] ?? descriptor.encodings[file.fileName]
        let reader = CSVReader(path: path, displayName: source.name, options: options)
        var validator: RowValidator?
        var row = ConformedRow()
        // A part's row may meet the same key in a later part an earlier run
        // accepted: the earlier part wins, so that later part is read again.
        let laterParts = Dictionary(uniqueKeysWithValues: (sources[file] ?? []).filter { $0.part > source.part }.map { ($0.part, $0.name) })
        func reject(_ r: Reject) throws {
            var r = r
            r.file = source.name
            fileReport.rejectedByRule[r.rule.rawValue, default: 0] += 1
            if report.rejects.count < IngestReport.keptRejects { report.rejects.append(r) }
            try onReject(r)
        }
        let started = ContinuousClock.now
        let totalBytes = reader.fileSize
        var nextProgressLine = Ingest.progressEvery

        // Attendance goes into blocks, one per session and part
        // (AttendanceBlocks), written when the source ends.
        let blocks = file == .attendance ? try loader.attendanceBlocks() : nil

        /// Adds a common attendance row (the fast path) to its session's block; false when its
        /// (session, student) pair was accepted before. A pair an earlier
        /// run accepted from a later part: that part is read again.
        func addAttendance(session: Int64, student: Int64, status: UInt8, checkOut: Int?) throws -> Bool {
            guard let blocks else { return false }
            var outcome = try blocks.add(session: session, student: student, status: status, checkOut: checkOut, part: source.part)
            if case let .repeated(stored) = outcome, !laterParts.isEmpty, !reuse.isEmpty, let later = laterParts[stored] {
                try loader.clear(file, part: stored)
                reuse[later] = nil
                outcome = try blocks.add(session: session, student: student, status: status, checkOut: checkOut, part: source.part)
            }
            return outcome == .added
        }

        /// Stores a row that passed its checks: the first accepted row of a
        /// key wins; a row that meets an earlier part's key, which an
        /// earlier run accepted from a later part, replaces that part.
        func store(_ row: ConformedRow, raw: () -> [String]) throws {
            let key: Int64? = file.idColumn == nil ? nil : index.pendingKey(file)
            var inserted = try loader.insert(file, key: key, values: row.values, part: source.part)
            if !inserted && !laterParts.isEmpty && !reuse.isEmpty,
               let stored = try loader.storedPart(file, values: row.values), let later = laterParts[stored] {
                try loader.clear(file, part: stored)
                reuse[later] = nil
                inserted = try loader.insert(file, key: key, values: row.values, part: source.part)
            }
            if inserted {
                index.register(file, row)
                fileReport.accepted += 1
            } else {
                var withText = row
                withText.raw = raw()
                try reject(duplicate(file, row: withText))
            }
        }

        func header(_ record: CSVRecord) throws {
            let header = try HeaderMap(header: record, file: file, displayName: source.name)
            if !header.unknownColumns.isEmpty {
                let columns = header.unknownColumns.map { ValueParser.oneLine($0) }.joined(separator: ", ")
                warn(DataWarning(zh: "\(source.name)：未知的列，已忽略：\(columns)",
                                 en: "\(source.name): unknown columns ignored: \(columns)"))
            }
            validator = RowValidator(file: file, header: header)
        }

        /// A warning about this source.
        func warn(_ warning: DataWarning) {
            report.warnings.append(warning)
            report.warningsByFile[source.name, default: []].append(warning)
        }

        /// Warns that the file ends in the middle of a row (the end of a
        /// copy that did not finish); the row itself is rejected.
        func warnCutOff(_ r: Reject) {
            warn(DataWarning(
                zh: "\(source.name) 第 \(r.line) 行：文件在这一行中断（最后一行没有换行，字段不足），看起来没有复制完整；其后的数据都没有读到，请检查并重新导出或复制该文件",
                en: "\(source.name) line \(r.line): the file looks cut off (its last row has no line break and too few fields); nothing after it was read: check the file and export or copy it again"))
        }

        /// Progress after the records up to `line` (`recordsBefore`: the
        /// count before the last step, when it took more than one record).
        func showProgress(line: Int, bytesRead: Int, recordsBefore: Int? = nil) {
            let before = recordsBefore ?? fileReport.records - 1
            if let live, before >> 18 != fileReport.records >> 18 {
                live(ProgressLine(file: file.fileName, records: fileReport.records, bytesRead: bytesRead,
                                  totalBytes: totalBytes, seconds: (ContinuousClock.now - started).seconds))
            }
            if line >= nextProgressLine {
                let seconds = (ContinuousClock.now - started).seconds
                let rows = Int(Double(fileReport.records) / max(seconds, 0.001))
                progress("\(file.fileName): \(fileReport.records) records so far (\(rows) rows/s)")
                nextProgressLine += Ingest.progressEvery
            }
        }

        /// A record, by the general path.
        func handle(_ record: CSVRecord, bytesRead: Int) throws {
            guard let v = validator else { return try header(record) }
            let outcome = v.validate(record, into: &row)
            try handle(checked: outcome, row, bytesRead: bytesRead)
        }

        /// A record checked against the contract (here or on a parsing
        /// thread): its references resolved and the row stored, in order.
        func handle(checked outcome: RowOutcome, _ checked: ConformedRow, bytesRead: Int) throws {
            showProgress(line: checked.line, bytesRead: bytesRead)
            switch outcome {
            case .blank:
                return
            case let .rejected(r):
                fileReport.records += 1
                if r.looksCutOff { warnCutOff(r) }
                try reject(r)
            case .conformed:
                fileReport.records += 1
                row = checked
                if let r = index.resolve(file, &row) { return try reject(r) }
                try store(row, raw: { row.raw })
            }
        }

        if options.encoding == .gb18030 && TextEncoding.looksLikeUTF8(path: path) {
            warn(DataWarning(
                zh: "\(source.name)：dataset.yaml 写明它是 GB18030（GBK）编码，但它看起来是 UTF-8 编码；按 GB18030 读，其中的中文会变成别的字而不报错。请检查输出中的名称，必要时改正 dataset.yaml 中的编码",
                en: "\(source.name): dataset.yaml declares it GB18030 (GBK), but it reads as UTF-8; read as GB18030, its Chinese turns into other characters without an error. Check the names in the outputs, and correct the encoding in dataset.yaml if needed"))
        }
        var encoding: TextEncoding?
        do {
            // Parsed on two threads, a segment of the file each
            // (ParallelCSVReader), and handled here in file order. Each
            // record arrives checked against the contract (RowValidator, a
            // pure function of the header); the common attendance row
            // arrives checked and resolved (AttendanceFastPath). What
            // depends on the rows before it (references, repeated keys)
            // is decided here, in order.
            let ids = file == .attendance ? attendanceIds : nil
            let name = source.name
            let statusCodes = AttendanceFastPath.statusCodes.map { AttendanceBlock.code($0) ?? AttendanceBlock.excused }
            let records = ParallelCSVReader<ParsedRecord>(reader: reader) { record in
                guard let header = try? HeaderMap(header: record, file: file, displayName: name) else { return nil }
                let validator = RowValidator(file: file, header: header)
                var checked = ConformedRow()
                guard let ids, var fast = AttendanceFastPath(header: header, sessions: ids.sessions, students: ids.students) else {
                    return .init { record in .checked(validator.validate(record, into: &checked), checked) }
                }
                // Common rows gathered into runs of a session (in the
                // blocks' encoding); any other row checked as it comes.
                var runs = AttendanceRunBuilder()
                return .init(take: { record, elements in
                    if let row = fast.row(record) {
                        if let ended = runs.add(line: row.line, session: row.session.key, student: row.student.key,
                                                status: statusCodes[Int(row.status)], checkOut: row.checkOut) {
                            elements.append(.item(.run(ended)))
                        }
                    } else {
                        if let ended = runs.finish() { elements.append(.item(.run(ended))) }
                        elements.append(.item(.checked(validator.validate(record, into: &checked), checked)))
                    }
                    return true
                }, flush: { elements in
                    if let ended = runs.endSegment() { elements.append(.item(.run(ended))) }
                })
            }
            try records.forEachBatch { batch in
                // Fast rows accepted in this batch (registered at its end:
                // attendance rows have no id, only a count).
                var fastAccepted = 0
                defer { if fastAccepted > 0 { index.registerRows(file, count: fastAccepted) } }
                for element in batch.elements {
                    switch element {
                    case var .record(record):
                        record.shiftLine(by: batch.lineOffset)
                        try handle(record, bytesRead: batch.bytesRead)
                    case .item(.checked(var outcome, var checked)):
                        checked.line += batch.lineOffset
                        if case var .rejected(r) = outcome {
                            r.line += batch.lineOffset
                            outcome = .rejected(r)
                        }
                        try handle(checked: outcome, checked, bytesRead: batch.bytesRead)
                    case .item(.run(var run)):
                        run.line += batch.lineOffset
                        let before = fileReport.records
                        fileReport.records += run.count
                        showProgress(line: run.line + run.count - 1, bytesRead: batch.bytesRead, recordsBefore: before)
                        if let blocks, try blocks.add(run, part: source.part) {
                            fastAccepted += run.count
                            fileReport.accepted += run.count
                            continue
                        }
                        // Some row may repeat a pair: one by one, in order.
                        for i in 0..<run.count {
                            let r = run.row(i)
                            if try addAttendance(session: run.session, student: r.student, status: r.status, checkOut: r.checkOut) {
                                fastAccepted += 1
                                fileReport.accepted += 1
                            } else {
                                // The ids as read: the fast path takes only
                                // ids exactly as stored.
                                row.line = run.line + i
                                row.raw = ids.map { [$0.sessions.id(ofKey: run.session) ?? "", $0.students.id(ofKey: r.student) ?? "", "", ""] } ?? []
                                try reject(duplicate(file, row: row))
                            }
                        }
                    }
                }
            }
            encoding = records.encoding
        } catch let error as CSVError {
            throw PipelineError.csv(error)
        } catch let error as ContractError {
            throw PipelineError.contract(error)
        }
        try blocks?.finish()
        if validator == nil { throw PipelineError.contract(.emptyFile(file: source.name)) }
        fileReport.encoding = (encoding ?? reader.encoding ?? .utf8).rawValue
        fileReport.bytes = totalBytes
        return fileReport
    }

    /// The reject of a repeated key. It names the key's last column, the
    /// one that tells rows apart (the student of an attendance pair, the
    /// staff of a staffing pair, the month of a disclosure); the message
    /// names the whole key. `row.raw` still holds the key's text (resolving
    /// references changes only `values`).
    private func duplicate(_ file: InputFile, row: ConformedRow) -> Reject {
        let columns = file.keyColumns
        let keyText = columns.compactMap { file.columnIndex($0) }.map { row.raw[$0] }
        return Reject(
            file: file.fileName, line: row.line, column: columns.last ?? "", value: keyText.last ?? "",
            rule: .duplicateKey,
            .duplicateKey(zip(columns, keyText).map { (ColumnName($0, of: file), $1) }))
    }

    /// One warning for the term's dates the calendar does not list (they
    /// count as non-school days).
    private func calendarGaps(_ warehouse: Warehouse) throws -> [DataWarning] {
        let listed = Set(try warehouse.queue.read { db in try String.fetchAll(db, sql: "SELECT date FROM calendar") })
        var missing: [String] = []
        var d = descriptor.start.dayNumber
        while d <= descriptor.end.dayNumber {
            let date = CivilDate(dayNumber: d).description
            if !listed.contains(date) { missing.append(date) }
            d += 1
        }
        guard !missing.isEmpty else { return [] }
        let shown = missing.prefix(10).joined(separator: ", ") + (missing.count > 10 ? ", ..." : "")
        return [DataWarning(
            zh: "calendar.csv（校历）：本学期有 \(missing.count) 天没有列出，按非上学日计：\(shown)",
            en: "calendar.csv: \(missing.count) date(s) of the term are not listed and count as non-school days: \(shown)")]
    }
}

/// A record as a parsing thread hands it over: a common attendance row in
/// its compact form, or any row checked against the contract.
enum ParsedRecord: Sendable {
    /// Common attendance rows of one session, gathered on the parsing thread.
    case run(AttendanceRun)
    /// Boxed: a checked row is large, and most rows of a large file are fast.
    indirect case checked(RowOutcome, ConformedRow)
}

/// ` (N rows/s, M MB/s)` for files big enough for a rate to mean something.
func rate(_ report: FileReport, _ seconds: Double) -> String {
    guard seconds >= 0.5 else { return "" }
    let rows = Int(Double(report.records) / seconds)
    let megabytes = Double(report.bytes) / 1_000_000 / seconds
    return " (\(rows) rows/s, \(Int(megabytes.rounded())) MB/s)"
}

func formatSeconds(_ s: Double) -> String {
    let ms = Int((s * 1000).rounded())
    return "\(ms / 1000).\(pad3(ms % 1000)) s"
}

func pad3(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }
