/// The accepted rows other files refer to, and their warehouse keys.
///
/// Files are checked in dependency order; a row is registered here only once
/// it is accepted (stored), so a row referring to a rejected row is itself
/// rejected. Keys are the rows' 1-based order of acceptance per file.
///
/// - Complexity: memory grows with the number of referable rows (schools,
///   students, activities, sessions, staff), not with attendance.
public final class ReferenceIndex {
    struct Entry { let key: Int64; let school: Int64 }
    struct ClassKey: Hashable { let school: Int64; let classId: ByteKey }

    /// Accepted ids per file, indexed by ``InputFile/ordinal``.
    private var ids: [[ByteKey: Entry]] = Array(repeating: [:], count: InputFile.allCases.count)
    private var lastKey: [Int64] = Array(repeating: 0, count: InputFile.allCases.count)
    private var classes: Set<ClassKey> = []
    private var activitySchool: [Int64: Int64] = [:]

    public init() {}

    /// The number of accepted rows of `file` registered so far.
    public func count(_ file: InputFile) -> Int { Int(lastKey[file.ordinal]) }

    /// The key the next accepted row of `file` gets.
    public func pendingKey(_ file: InputFile) -> Int64 { lastKey[file.ordinal] + 1 }

    /// Checks the row's references, in order, and replaces each referring
    /// value with the referenced row's key. Returns the first failure.
    public func resolve(_ file: InputFile, _ row: inout ConformedRow) -> Reject? {
        let contract = FileContract.of(file)
        var school: Int64? = nil
        for (r, ref) in contract.references.enumerated() {
            let c = contract.referenceColumns[r]
            guard case let .text(id) = row.values[c] else { continue }  // optional and blank
            guard let entry = ids[ref.target.ordinal][ByteKey(id)] else {
                return Reject(
                    file: file.fileName, line: row.line, column: ref.column, value: row.raw[c],
                    rule: .unknownReference,
                    .unknownReference(ColumnName(ref.column, of: file), id: id, target: ref.target))
            }
            let own = ref.target == .schools ? entry.key : entry.school
            if ref.sameSchool, let s = school, own != s {
                return Reject(
                    file: file.fileName, line: row.line, column: ref.column, value: row.raw[c],
                    rule: .unknownReference,
                    .otherSchool(ColumnName(ref.column, of: file), id: id, viaSession: file == .attendance))
            }
            if school == nil { school = own }
            row.values[c] = .int(entry.key)
        }
        if file == .peTimetable, let s = school, let ci = contract.classColumn,
           let classId = row.values[ci].text, !classes.contains(ClassKey(school: s, classId: ByteKey(classId))) {
            return Reject(
                file: file.fileName, line: row.line, column: "class_id", value: row.raw[ci],
                rule: .unknownReference, .classNotOnRoster(classId: classId))
        }
        return nil
    }

    /// The number of accepted rows of `file` per school key.
    public func rowsPerSchool(_ file: InputFile) -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for entry in ids[file.ordinal].values { counts[entry.school, default: 0] += 1 }
        return counts
    }

    /// Calls `body` with the key and school key of each accepted row of
    /// `file` (in no particular order).
    public func forEachRow(_ file: InputFile, _ body: (_ key: Int64, _ school: Int64) -> Void) {
        for entry in ids[file.ordinal].values { body(entry.key, entry.school) }
    }

    /// The accepted ids of `file` with their keys and schools, as a table
    /// looked up by bytes (``AttendanceFastPath``).
    public func table(_ file: InputFile) -> ByteTable {
        ByteTable(ids[file.ordinal].map { ($0.key.string, ByteTable.Entry(key: $0.value.key, school: $0.value.school)) })
    }

    /// Registers a row accepted by an earlier run, with the key and school
    /// it was stored with; rows come in key order.
    public func restore(_ file: InputFile, key: Int64, id: String, school: Int64, classId: String?) {
        lastKey[file.ordinal] = max(lastKey[file.ordinal], key)
        ids[file.ordinal][ByteKey(id)] = Entry(key: key, school: school)
        if file == .students, let classId { classes.insert(ClassKey(school: school, classId: ByteKey(classId))) }
        if file == .activities { activitySchool[key] = school }
    }

    /// Registers `count` accepted rows of a file no other refers to (their
    /// keys are only counted).
    public func registerRows(_ file: InputFile, count: Int) {
        precondition(FileContract.of(file).idColumn == nil, "rows with ids are registered one by one")
        lastKey[file.ordinal] += Int64(count)
    }

    /// Registers an accepted row (after ``resolve(_:_:)`` and storing) and
    /// returns its key.
    @discardableResult
    public func register(_ file: InputFile, _ row: ConformedRow) -> Int64 {
        let key = pendingKey(file)
        lastKey[file.ordinal] = key
        let contract = FileContract.of(file)
        guard let c = contract.idColumn, let id = row.values[c].text else { return key }
        var school: Int64 = 0
        switch file {
        case .schools: school = key
        case .students, .activities, .staff:
            school = contract.schoolColumn.flatMap { row.values[$0].int } ?? 0
        case .sessions:
            school = contract.activityColumn.flatMap { row.values[$0].int }.flatMap { activitySchool[$0] } ?? 0
        default: break
        }
        ids[file.ordinal][ByteKey(id)] = Entry(key: key, school: school)
        if file == .students, let ci = contract.classColumn, let classId = row.values[ci].text {
            classes.insert(ClassKey(school: school, classId: ByteKey(classId)))
        }
        if file == .activities { activitySchool[key] = school }
        return key
    }
}
