/// The participation stage: who is enrolled, who asked to stay (愿留尽留),
/// who took part, and how well they attended, per school, per grade and per
/// priority group.
///
/// - enrolled: students on the roster;
/// - requested: students whose survey row says `wants_service`;
/// - participants: students with a present (or `left_early`) row on an
///   in-scope session;
/// - attendance: present rows / (present + absent rows) on in-scope
///   sessions; `excused` rows are left out of both.
public struct Participation: Sendable, Codable {
    /// Counts for one group of students.
    public struct Counts: Sendable, Equatable, Codable {
        public var enrolled = 0
        public var requested = 0
        public var participants = 0
        /// Requested students who are participants.
        public var requestedParticipants = 0

        mutating func add(requested r: Bool, participated p: Bool) {
            enrolled += 1
            if r { requested += 1 }
            if p { participants += 1 }
            if r && p { requestedParticipants += 1 }
        }
    }

    /// Per school (index = school key - 1).
    public var schools: [Counts]
    /// Per school and grade: `grades[school][grade]` (grades 1...9; a grade
    /// with no student on the school's roster has enrolled 0).
    public var grades: [[Counts]]
    /// Per school and group, in ``Participation/groups`` order.
    public var groups: [[Counts]]
    /// Present and absent rows per school.
    public var presentRows: [Int]
    public var absentRows: [Int]

    /// The published groups: every student, then the four priority groups.
    public static let groups: [String] = ["all"] + PriorityGroup.allCases.map(\.rawValue)

    /// Counts every student once.
    /// - Complexity: O(students).
    public init(term: TermData, scan: AttendanceScan) {
        let n = term.schoolCount
        schools = Array(repeating: Counts(), count: n)
        grades = Array(repeating: Array(repeating: Counts(), count: 10), count: n)
        groups = Array(repeating: Array(repeating: Counts(), count: Participation.groups.count), count: n)
        for s in 0..<term.studentCount {
            let school = Int(term.studentSchool[s])
            let r = term.studentRequested[s], p = scan.participated[s]
            schools[school].add(requested: r, participated: p)
            grades[school][Int(term.studentGrade[s])].add(requested: r, participated: p)
            groups[school][0].add(requested: r, participated: p)
            for (g, group) in PriorityGroup.allCases.enumerated() where term.studentGroups[s] & group.bit != 0 {
                groups[school][g + 1].add(requested: r, participated: p)
            }
        }
        presentRows = scan.presentRows
        absentRows = scan.absentRows
    }
}

/// The participation stage as the runner sees it: `group_participation`,
/// and the counts later stages read.
public enum ParticipationStage: StageUnit {
    public static let declaration = StageDeclaration(
        name: "participation", version: 2,
        summary: "enrolment, demand, participants and attendance per school, grade and priority group; survey, choice and late care",
        reads: [.term, .attendance],
        tables: [.groupParticipation, .serviceChoice])

    public static func run(_ context: StageContext, _ parameters: ParticipationParameters) throws -> (Participation, StageTables) {
        let term = try context.termData(), scan = try context.scan()
        let participation = Participation(term: term, scan: scan)
        let tables = TermlyTables(term: term, participation: participation, coverage: nil, satisfaction: nil)
        return (participation, StageTables([
            (.groupParticipation, tables.groupRows(minCell: parameters.minCell)),
            (.serviceChoice, ServiceChoice(term: term, scan: scan).tableRows(term: term)),
        ]))
    }
}
