/// A staff member on a session: one of the school's own, or a teacher of
/// an earlier school (a planted cross-school double booking).
enum StaffRef: Equatable {
    case local(Int)
    case foreign(String)
}

/// The hours the ledger verifies per (staff, month) at one school, kept
/// exactly: in hundredths of a minute (an hour is 6,000), so that 55
/// minutes is 5,500 and 0.92 claimed hours is 5,520. `metrics.md`,
/// "Monthly workload": rows on in-scope sessions with at least one present
/// row count min(claimed, minutes / 60); every staffing row makes the
/// (staff, month) row exist.
struct WorkloadLedger {
    struct Entry {
        let staff: StaffRef
        let month: Int
        /// Verified hours x 6,000.
        let units: Int

        /// Verified hours x 100, rounded half up: within 0.005 h of the
        /// exact value, so never more than 0.01 h off.
        var hundredths: Int { (units + 30) / 60 }

        /// Whether the verified hours are exactly a number of hundredths.
        var isExactHundredths: Bool { units % 60 == 0 }
    }

    private let months: Int
    /// [staff * months + month]: verified units, or -1 when there is no row.
    private var local: [Int]
    private var foreign: [(id: String, units: [Int])] = []

    init(staff: Int, months: Int) {
        self.months = months
        local = Array(repeating: -1, count: staff * months)
    }

    /// Records a staffing row: `payable` when the session is in scope and
    /// has a present row.
    mutating func record(_ staff: StaffRef, month: Int, claimedHundredths: Int, minutes: Int, payable: Bool) {
        let units = payable ? min(claimedHundredths * 60, minutes * 100) : 0
        switch staff {
        case let .local(i):
            let k = i * months + month
            local[k] = max(local[k], 0) + units
        case let .foreign(id):
            let f: Int
            if let existing = foreign.firstIndex(where: { $0.id == id }) {
                f = existing
            } else {
                foreign.append((id, Array(repeating: -1, count: months)))
                f = foreign.count - 1
            }
            foreign[f].units[month] = max(foreign[f].units[month], 0) + units
        }
    }

    /// Every (staff, month) with a staffing row: the school's own staff in
    /// staff order, then other schools' staff in the order first seen;
    /// months ascending.
    var entries: [Entry] {
        var out: [Entry] = []
        for k in local.indices where local[k] >= 0 {
            out.append(Entry(staff: .local(k / months), month: k % months, units: local[k]))
        }
        for f in foreign {
            for m in 0..<months where f.units[m] >= 0 {
                out.append(Entry(staff: .foreign(f.id), month: m, units: f.units[m]))
            }
        }
        return out
    }
}
