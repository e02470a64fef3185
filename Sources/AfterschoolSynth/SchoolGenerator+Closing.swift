/// The rows written once the term is over: satisfaction responses and the
/// monthly disclosures of verified hours.
extension SchoolGenerator {
    /// Survey responses from students and parents of students who attend:
    /// mostly 4 and 5; a school may have one weak activity that scores low.
    func writeSatisfaction() {
        let attenders = roster.students.indices.filter { roster.students[$0].behaviour == .regular }
        guard !attenders.isEmpty else { return }
        let count = max(5, attenders.count * rng.inRange(100...200) / 1000)
        var clubs = Set<Int>()
        for grade in plan.grades { for day in activities.clubOffer[grade - 1] { clubs.formUnion(day) } }
        let held = [SchoolActivities.homework, SchoolActivities.lateCare] + clubs.sorted()
        let weak: Int? = rng.chance(150) ? rng.pick(clubs.sorted()) : nil
        if let weak {
            ledger.weakActivity(PlantedFinding(
                schoolId: plan.id, activityId: activities.rows[weak].id,
                detail: "\(activities.rows[weak].kind.english): responses naming it score low"))
        }
        let w = files[.satisfaction]
        let inserts = malformedRows(.satisfaction, count: count)
        for k in 0..<count {
            let s = rng.pick(attenders)
            let parent = roster.students[s].grade <= 2 || rng.chance(600)
            let activity: Int? = weak != nil && k < 4 ? weak : (rng.chance(550) ? rng.pick(held) : nil)
            let overall = 5 - rng.weighted(activity != nil && activity == weak ? [8, 17, 35, 28, 12] : [50, 33, 11, 4, 2])
            let id = responseId(k + 1)
            w.ascii(id)
            w.ascii(plan.id)
            w.field(style.respondent[(parent ? Respondent.parent : .student).rawValue])
            if rng.chance(850) { w.field(roster.studentIds[s]) } else { w.blank() }
            if let activity { w.field(activityIds[activity]) } else { w.blank() }
            w.int(overall)
            for _ in 0..<4 {
                if rng.chance(800) { w.int(min(5, max(1, overall + rng.inRange(-1...1)))) } else { w.blank() }
            }
            w.endRow()
            for kind in inserts[k] ?? [] { writeMalformedResponse(kind, repeating: id) }
        }
    }

    private func responseId(_ n: Int) -> String {
        let s = String(n)
        return "R" + plan.number + "-" + String(repeating: "0", count: max(0, 5 - s.count)) + s
    }

    private func writeMalformedResponse(_ kind: MalformedKind, repeating id: String) {
        let w = files[.satisfaction]
        ledger.reject(kind, at: w)
        extraSequence += 1
        w.ascii(kind == .satisfactionDuplicate ? id : responseId(90_000 + extraSequence))
        w.ascii(plan.id)
        if kind == .satisfactionBadRespondent { w.ascii("teacher") } else { w.field(style.respondent[Respondent.parent.rawValue]) }
        w.blank()
        if kind == .satisfactionOtherSchoolActivity, let earlier { w.ascii(earlier.activityId) } else { w.blank() }
        switch kind {
        case .satisfactionOutOfRange: w.int(6)
        case .satisfactionBadScore: w.ascii("five")
        case .satisfactionMissingOverall: w.blank()
        default: w.int(4)
        }
        for _ in 0..<4 { w.blank() }
        w.endRow()
    }

    /// One row per (staff, month) with a staffing row at this school: the
    /// verified hours, rounded to 2 decimals, except the planted
    /// mismatches (and near misses exactly 0.01 off).
    func writeDisclosures() {
        let entries = workload.entries
        var disclosed: [Int?] = entries.map(\.hundredths)
        var used = Set<Int>()
        for kind in disclosurePlants {
            let fits: (WorkloadLedger.Entry) -> Bool
            switch kind {
            case .disclosureUnder: fits = { $0.hundredths >= 150 }
            case .disclosureMissing: fits = { $0.hundredths >= 100 }
            case .disclosureBoundary: fits = { $0.isExactHundredths }
            default: fits = { _ in true }
            }
            let candidates = entries.indices.filter { !used.contains($0) && fits(entries[$0]) }
            guard !candidates.isEmpty else { continue }
            let i = candidates[rng.below(candidates.count)]
            used.insert(i)
            let verified = entries[i].hundredths
            switch kind {
            case .disclosureOver: disclosed[i] = verified + [50, 100, 200, 350, 1000][rng.below(5)]
            case .disclosureUnder: disclosed[i] = verified - [50, 100, 150][rng.below(3)]
            case .disclosureMissing: disclosed[i] = nil
            default: disclosed[i] = verified >= 1 && rng.chance(500) ? verified - 1 : verified + 1
            }
            let what = disclosed[i].map { "discloses \(Self.hours($0)) h" } ?? "discloses nothing"
            let finding = PlantedFinding(
                schoolId: plan.id, staffId: staffId(entries[i].staff), month: term.months[entries[i].month],
                detail: "\(what); the ledger verifies \(Self.hours(verified)) h")
            if kind == .disclosureBoundary {
                ledger.nearMiss("disclosure_mismatch", finding)
            } else {
                ledger.finding("disclosure_mismatch", finding)
            }
        }

        let w = files[.disclosures]
        let written = entries.indices.filter { disclosed[$0] != nil }
        let inserts = malformedRows(.disclosures, count: written.count)
        for (k, i) in written.enumerated() {
            let staffText = staffIdBytes(entries[i].staff)
            let month = term.months[entries[i].month]
            w.ascii(plan.id)
            w.field(staffText)
            w.ascii(month)
            w.hundredths(disclosed[i] ?? 0)
            w.endRow()
            for kind in inserts[k] ?? [] {
                ledger.reject(kind, at: w)
                w.ascii(plan.id)
                if kind == .disclosureUnknownStaff { w.ascii("T9999999") } else { w.field(staffText) }
                if kind == .disclosureBadMonth { w.ascii("2025-13") } else { w.ascii(month) }
                switch kind {
                case .disclosureNegative: w.ascii("-1.00")
                case .disclosureMissingHours: w.blank()
                default: w.hundredths((disclosed[i] ?? 0) + 100)
                }
                w.endRow()
            }
        }
    }
}
