import AfterschoolDomain
import AfterschoolWarehouse
import GRDB

/// Staff and the workload ledger (`staffing.csv`), as arrays.
///
/// Hours are exact integers in ``StaffLedger/unitsPerHour`` units (a
/// hundredth of a minute): claimed hours have 2 decimals (x 60) and session
/// lengths are whole minutes (x 100), so every comparison of hours is exact.
public struct StaffLedger: Sendable {
    /// Units per hour: 1 unit = 1/6000 hour = 0.01 minute.
    public static let unitsPerHour: Int64 = 6000

    public let staffIds: [String]
    public let staffKind: [String]
    public let staffQualified: [Bool]

    /// One entry per staffing row.
    public let rowSession: [Int32]
    public let rowStaff: [Int32]
    public let rowIsLead: [Bool]
    /// Claimed hours, in units.
    public let rowClaimed: [Int64]

    public var rowCount: Int { rowSession.count }

    public static func load(_ warehouse: Warehouse) throws -> StaffLedger {
        try warehouse.queue.read { db in try StaffLedger(db: db) }
    }

    private init(db: Database) throws {
        var ids: [String] = [], kinds: [String] = [], qualified: [Bool] = []
        for row in try Row.fetchAll(db, sql: "SELECT staff_id, kind, qualified FROM staff ORDER BY key") {
            ids.append(row[0])
            kinds.append(row[1])
            qualified.append(row[2])
        }
        staffIds = ids
        staffKind = kinds
        staffQualified = qualified
        var session: [Int32] = [], staff: [Int32] = [], lead: [Bool] = [], claimed: [Int64] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT session_key, staff_key, role, claimed_hours_x100 FROM staffing")
        while let row = try rows.next() {
            session.append(Int32(row[0] as Int64) - 1)
            staff.append(Int32(row[1] as Int64) - 1)
            lead.append((row[2] as String) == "lead")
            claimed.append((row[3] as Int64) * 60)
        }
        rowSession = session
        rowStaff = staff
        rowIsLead = lead
        rowClaimed = claimed
    }

    /// A session's length in units.
    public static func sessionUnits(_ session: Int, term: TermData) -> Int64 {
        Int64(term.sessionEnd[session] - term.sessionStart[session]) * 100
    }

    /// Whether a row is payable-like: on an in-scope session with at least
    /// one present row (the rows the workload and the stipend count).
    public func isVerifiable(_ row: Int, term: TermData, scan: AttendanceScan) -> Bool {
        let s = Int(rowSession[row])
        return term.sessionInScope[s] && scan.sessionPresent[s] > 0
    }

    /// Verified units of a verifiable row: min(claimed, the session's length).
    public func verifiedUnits(_ row: Int, term: TermData) -> Int64 {
        min(rowClaimed[row], StaffLedger.sessionUnits(Int(rowSession[row]), term: term))
    }
}

/// Hours from units, for tables.
@inlinable public func hours(_ units: Int64) -> Double { Double(units) / Double(StaffLedger.unitsPerHour) }
