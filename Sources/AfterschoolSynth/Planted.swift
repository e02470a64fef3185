import Foundation

/// `planted.json`: what the generator planted, so tests and users can
/// check the pipeline finds exactly that.
///
/// ```json
/// {
///   "excel_style": false, "scale": "small", "seed": 1,
///   "findings": { "over_claim": [ { "school_id": "S0001", "session_id": "0001-0915-h003", "staff_id": "T0001003", "detail": "..." } ], ... },
///   "near_misses": { "disclosure_mismatch": [ ... ], "over_claim": [ ... ] },
///   "rejects": [ { "file": "students.csv", "line": 10, "column": "student_id", "rule": "duplicate_key", "detail": "..." } ],
///   "service": { "short_grade": [ { "school_id": "S0001", "grade": 4, "detail": "..." } ], ... },
///   "weak_activities": [ { "school_id": "S0002", "activity_id": "A0002-09", "detail": "..." } ]
/// }
/// ```
///
/// `findings` has one list per audit rule of `metrics.md` (an empty list:
/// none planted, and none should be found); each entry carries the ids
/// that identify the finding (`school_id`, `session_id`,
/// `other_session_id`, `staff_id`, `student_id`, `month`, as the audit
/// defines them; ids that do not apply are left out). `near_misses` are
/// values exactly on a bound, which must not be found. `service` lists the
/// schools that depart from the service the seeds ask for (one list per
/// ``PlantedManifest/serviceKinds``). Keys are snake_case
/// and sorted, so the file is byte-identical for a seed.
public struct PlantedManifest: Codable, Equatable, Sendable {
    /// The ``Scale`` generated (`small`, `district`, `city`).
    public var scale: String
    /// The seed generated from.
    public var seed: UInt64
    /// Whether the files are Excel-style (the plants are the same either way).
    public var excelStyle: Bool
    /// Audit rule name to the findings planted for it.
    public var findings: [String: [PlantedFinding]]
    /// Audit rule name to the values planted exactly on its bound.
    public var nearMisses: [String: [PlantedFinding]]
    /// Malformed rows, in file load order then line order.
    public var rejects: [PlantedReject]
    /// Activities given low satisfaction scores on purpose.
    public var weakActivities: [PlantedFinding]
    /// Departures from the service the seeds ask for, by kind (one of
    /// ``serviceKinds``): what `grade_service` and `service_choice` should
    /// show. Absent from files written before these were planted.
    public var service: [String: [PlantedFinding]]?

    /// The audit rules of `metrics.md`.
    public static let auditRules = [
        "over_claim", "staff_overlap", "ghost_session", "out_of_scope", "external_without_assistant",
        "unqualified_external", "disclosure_mismatch", "student_overlap", "small_homework_group",
    ]

    /// The kinds of ``service``: a grade under 2 hours every day, a school
    /// with no late care, students kept who did not ask, part-week choices
    /// served on other days.
    public static let serviceKinds = [
        "short_grade", "late_care_unserved", "unrequested_participants", "chosen_days_ignored",
    ]

    /// The file name beside the data.
    public static let fileName = "planted.json"

    /// Reads a `planted.json`.
    public static func read(from path: String) throws -> PlantedManifest {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(PlantedManifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The JSON text: pretty-printed, keys sorted.
    func encoded() throws(SynthError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        do {
            return try encoder.encode(self)
        } catch {
            throw .io(path: PlantedManifest.fileName, reason: "cannot encode: \(error)")
        }
    }
}

/// One planted audit finding: the ids that identify it (nil: does not apply).
public struct PlantedFinding: Codable, Equatable, Hashable, Sendable {
    /// The school the finding belongs to (for an overlap, the school of
    /// the later session).
    public var schoolId: String
    /// The session; for an overlap, the later-starting one (ties: the larger id).
    public var sessionId: String?
    /// For an overlap, the other session.
    public var otherSessionId: String?
    public var staffId: String?
    public var studentId: String?
    /// `YYYY-MM`, for disclosure mismatches.
    public var month: String?
    /// For a weak activity.
    public var activityId: String?
    /// For a grade short of 2 hours.
    public var grade: Int?
    /// What was planted, in words.
    public var detail: String

    /// A finding; ids that do not apply stay nil.
    public init(schoolId: String, sessionId: String? = nil, otherSessionId: String? = nil, staffId: String? = nil,
                studentId: String? = nil, month: String? = nil, activityId: String? = nil, grade: Int? = nil,
                detail: String) {
        self.schoolId = schoolId
        self.sessionId = sessionId
        self.otherSessionId = otherSessionId
        self.staffId = staffId
        self.studentId = studentId
        self.month = month
        self.activityId = activityId
        self.grade = grade
        self.detail = detail
    }

    /// The audit key: school, session, other session, staff, student, month
    /// (blank where it does not apply), as `audit_findings` sorts them.
    public var key: [String] {
        [schoolId, sessionId ?? "", otherSessionId ?? "", staffId ?? "", studentId ?? "", month ?? ""]
    }
}

/// One planted malformed row: the reject `validate` must write for it.
public struct PlantedReject: Codable, Equatable, Hashable, Sendable {
    public var file: String
    /// The physical line where the row starts.
    public var line: Int
    /// The column the reject names ("" for `field_count`).
    public var column: String
    /// The reject rule, e.g. `duplicate_key`.
    public var rule: String
    /// What is wrong with the row, in words.
    public var detail: String
}

/// Collects what is planted while the schools are generated.
///
/// Not `Sendable`: the generator owns it.
final class PlantedLedger {
    private(set) var findings: [String: [PlantedFinding]] = [:]
    private(set) var nearMisses: [String: [PlantedFinding]] = [:]
    private(set) var rejects: [(order: Int, reject: PlantedReject)] = []
    private(set) var weakActivities: [PlantedFinding] = []
    private(set) var service: [String: [PlantedFinding]] = [:]

    func finding(_ rule: String, _ finding: PlantedFinding) { findings[rule, default: []].append(finding) }
    func nearMiss(_ rule: String, _ finding: PlantedFinding) { nearMisses[rule, default: []].append(finding) }
    func weakActivity(_ finding: PlantedFinding) { weakActivities.append(finding) }
    func service(_ kind: String, _ finding: PlantedFinding) { service[kind, default: []].append(finding) }

    /// A malformed row about to be written by `writer` (on its next line;
    /// the writer names the file, or the part, it writes).
    func reject(_ kind: MalformedKind, at writer: CSVFileWriter) {
        rejects.append((kind.file.ordinal, PlantedReject(
            file: writer.name, line: writer.nextLine, column: kind.column, rule: kind.rule.rawValue, detail: kind.note)))
    }

    /// Every planted finding, of any rule.
    var findingCount: Int { findings.values.reduce(0) { $0 + $1.count } }

    /// The manifest, each list sorted by its audit key.
    func manifest(scale: Scale, seed: UInt64, excelStyle: Bool) -> PlantedManifest {
        func sorted(_ list: [PlantedFinding]) -> [PlantedFinding] {
            list.sorted { $0.key.lexicographicallyPrecedes($1.key, by: utf8Less) }
        }
        var all: [String: [PlantedFinding]] = [:]
        for rule in PlantedManifest.auditRules { all[rule] = sorted(findings[rule] ?? []) }
        return PlantedManifest(
            scale: scale.rawValue, seed: seed, excelStyle: excelStyle, findings: all,
            nearMisses: nearMisses.mapValues(sorted),
            rejects: rejects.sorted {
                $0.order != $1.order ? $0.order < $1.order
                    : $0.reject.file != $1.reject.file ? utf8Less($0.reject.file, $1.reject.file)
                    : $0.reject.line < $1.reject.line
            }.map(\.reject),
            weakActivities: sorted(weakActivities),
            service: Dictionary(uniqueKeysWithValues: PlantedManifest.serviceKinds.map { ($0, sorted(service[$0] ?? [])) }))
    }
}

/// Strings compared by their UTF-8 bytes, as the audit sorts ids.
func utf8Less(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
