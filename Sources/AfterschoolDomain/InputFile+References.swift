/// A column whose value must name an accepted row of another file.
public struct ReferenceSpec: Sendable, Equatable {
    /// The referring column, e.g. `school_id`.
    public let column: String
    /// The file whose id it names.
    public let target: InputFile
    /// Whether the referenced row must belong to the row's own school (the
    /// school of the row's session for attendance, of the response for
    /// satisfaction).
    public let sameSchool: Bool
}

extension InputFile {
    /// The file's own id column, for files whose rows others refer to.
    public var idColumn: String? {
        switch self {
        case .schools: return "school_id"
        case .students: return "student_id"
        case .activities: return "activity_id"
        case .sessions: return "session_id"
        case .staff: return "staff_id"
        default: return nil
        }
    }

    /// The references of the file's rows, checked in this order.
    public var references: [ReferenceSpec] { FileContract.of(self).references }

    var referenceSpecs: [ReferenceSpec] {
        func ref(_ c: String, _ t: InputFile, sameSchool: Bool = false) -> ReferenceSpec {
            ReferenceSpec(column: c, target: t, sameSchool: sameSchool)
        }
        switch self {
        case .schools, .calendar: return []
        case .students, .activities, .staff, .budget: return [ref("school_id", .schools)]
        case .sessions: return [ref("activity_id", .activities)]
        case .peTimetable: return [ref("school_id", .schools)]
        case .survey: return [ref("student_id", .students)]
        case .attendance: return [ref("session_id", .sessions), ref("student_id", .students, sameSchool: true)]
        case .staffing: return [ref("session_id", .sessions), ref("staff_id", .staff)]
        case .satisfaction:
            return [ref("school_id", .schools), ref("student_id", .students, sameSchool: true),
                    ref("activity_id", .activities, sameSchool: true)]
        case .disclosures: return [ref("school_id", .schools), ref("staff_id", .staff)]
        }
    }

    /// The warehouse column for input column `name`, named after the form
    /// the value is stored in: a reference is the referenced row's key
    /// (`school_id` becomes `school_key`), a time is minutes after midnight
    /// (`start_min`), hours are hundredths (`claimed_hours_x100`), money is
    /// fen (`amount_fen`); other columns keep their name.
    public func storageColumn(_ name: String) -> String {
        if references.contains(where: { $0.column == name }) {
            return String(name.dropLast(3)) + "_key"
        }
        guard let column = columns.first(where: { $0.name == name }) else { return name }
        switch column.kind {
        case .time: return name + "_min"
        case .decimal: return name == "amount" ? "amount_fen" : name + "_x100"
        default: return name
        }
    }
}

extension InputFile {
    /// The files whose accepted rows decide which of this file's rows are
    /// accepted (and with which keys): the files it refers to, and the
    /// roster for the PE timetable (its classes must be on it). A file must
    /// be read again whenever one of these is.
    public var referencedFiles: [InputFile] {
        var files = referenceSpecs.map(\.target)
        if self == .peTimetable { files.append(.students) }
        return InputFile.loadOrder.filter(files.contains)
    }
}
