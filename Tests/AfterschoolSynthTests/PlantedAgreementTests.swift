import AfterschoolDomain
import AfterschoolSynth
import Testing

/// `planted.json` says exactly what the files hold: every planted finding is
/// real, and nothing else in the data triggers an audit rule (the audit is
/// recomputed here from the CSV files, independently of the generator).
@Suite("planted.json agrees with the generated files")
struct PlantedAgreementTests {
    /// The rules the generator plants at every scale.
    static let plantedRules = [
        "over_claim", "staff_overlap", "ghost_session", "out_of_scope", "disclosure_mismatch",
        "external_without_assistant", "unqualified_external",
    ]

    @Test("the audit recomputed from the files finds exactly the planted findings, and each is what its rule says",
          arguments: [1, 7] as [UInt64])
    func findingsMatch(seed: UInt64) throws {
        let tmp = try TempDir("agreement")
        defer { tmp.remove() }
        try generateSmall(seed: seed, into: tmp.path)
        let manifest = try PlantedManifest.read(from: tmp.sub(PlantedManifest.fileName))
        let audit = try ReferenceAudit(folder: tmp.path, skip: plantedLines(manifest))

        #expect(Set(manifest.findings.keys) == Set(PlantedManifest.auditRules))
        for rule in PlantedManifest.auditRules {
            let planted = Set((manifest.findings[rule] ?? []).map(\.key))
            let found = audit.findings[rule] ?? []
            #expect(planted == found, "\(rule): planted but not in the data \(planted.subtracting(found).sorted { $0.lexicographicallyPrecedes($1) }), in the data but not planted \(found.subtracting(planted).sorted { $0.lexicographicallyPrecedes($1) })")
        }
        for rule in Self.plantedRules {
            #expect(!(manifest.findings[rule] ?? []).isEmpty, "nothing planted for \(rule)")
        }
        for rule in ["over_claim", "disclosure_mismatch"] {
            let planted = Set((manifest.nearMisses[rule] ?? []).map(\.key))
            #expect(!planted.isEmpty, "no near miss planted for \(rule)")
            #expect(planted == audit.nearMisses[rule] ?? [], "\(rule) near misses")
        }
        try checkEachFinding(manifest, audit)

        // Malformed rows: every reject rule, each in several files.
        for rule in RejectRule.allCases {
            let files = Set(manifest.rejects.filter { $0.rule == rule.rawValue }.map(\.file))
            #expect(files.count >= 2, "\(rule.rawValue) is planted in \(files.sorted())")
        }
    }

    /// Each planted finding, checked against its rule's definition.
    private func checkEachFinding(_ manifest: PlantedManifest, _ audit: ReferenceAudit) throws {
        func session(_ id: String?) throws -> ReferenceAudit.Session { try #require(audit.sessions[id ?? ""]) }
        func claims(_ f: PlantedFinding) -> [ReferenceAudit.StaffingRow] {
            audit.staffing.filter { $0.session == f.sessionId && $0.staff == f.staffId }
        }

        for f in manifest.findings["over_claim"] ?? [] {
            let s = try session(f.sessionId)
            let row = try #require(claims(f).first)
            #expect(s.inScope && audit.presentCount[s.id, default: 0] > 0)
            #expect(row.claimed * 60 > s.minutes * 100 + 600, "\(s.id): \(row.claimed) hundredths on \(s.minutes) minutes")
        }
        for f in manifest.findings["staff_overlap"] ?? [] {
            let later = try session(f.sessionId), other = try session(f.otherSessionId)
            let staff = try #require(f.staffId)
            #expect(later.date == other.date && later.inScope && other.inScope)
            #expect(later.start < other.end && other.start < later.end)
            #expect(later.school != other.school, "double-booked across schools")
            #expect(!claims(f).isEmpty)
            #expect(audit.staffing.contains { $0.session == other.id && $0.staff == staff })
        }
        for f in manifest.findings["ghost_session"] ?? [] {
            let s = try session(f.sessionId)
            #expect(s.inScope && audit.presentCount[s.id, default: 0] == 0 && !claims(f).isEmpty)
        }
        for f in manifest.findings["out_of_scope"] ?? [] {
            let s = try session(f.sessionId)
            #expect(!s.inScope && !claims(f).isEmpty)
        }
        for f in manifest.findings["disclosure_mismatch"] ?? [] {
            let key = [f.schoolId, f.staffId ?? "", f.month ?? ""]
            let difference = abs(audit.disclosed[key, default: 0] * 60 - audit.verified[key, default: 0])
            #expect(difference > 60, "\(key): disclosed and verified differ by \(difference) / 6000 h")
        }
        for f in manifest.nearMisses["disclosure_mismatch"] ?? [] {
            let key = [f.schoolId, f.staffId ?? "", f.month ?? ""]
            #expect(abs(audit.disclosed[key, default: 0] * 60 - audit.verified[key, default: 0]) == 60)
        }
    }
}
