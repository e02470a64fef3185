import AfterschoolDomain
import AfterschoolWarehouse
import GRDB
import GRDBSQLite

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
    /// The staff member's school (0-based key; `school_id` of `staff.csv`).
    public let staffSchool: [Int32]

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
        var ids: [String] = [], kinds: [String] = [], qualified: [Bool] = [], schools: [Int32] = []
        for row in try Row.fetchAll(db, sql: "SELECT staff_id, kind, qualified, school_key FROM staff ORDER BY key") {
            ids.append(row[0])
            kinds.append(row[1])
            qualified.append(row[2])
            schools.append(Int32(row[3] as Int64) - 1)
        }
        staffIds = ids
        staffKind = kinds
        staffQualified = qualified
        staffSchool = schools
        var session: [Int32] = [], staff: [Int32] = [], lead: [Bool] = [], claimed: [Int64] = []
        try StaffLedger.forEachStaffingRow(db) { sessionKey, staffKey, isLead, claimedX100 in
            session.append(Int32(sessionKey) - 1)
            staff.append(Int32(staffKey) - 1)
            lead.append(isLead)
            claimed.append(claimedX100 * 60)
        }
        rowSession = session
        rowStaff = staff
        rowIsLead = lead
        rowClaimed = claimed
    }

    /// Calls `body` with each staffing row's session key, staff key,
    /// whether the role is `lead`, and claimed hours x 100. Millions of
    /// rows: read through the SQLite C API with integer columns only (the
    /// role is compared in SQL), not as GRDB rows.
    private static func forEachStaffingRow(
        _ db: Database, _ body: (_ session: Int64, _ staff: Int64, _ isLead: Bool, _ claimedX100: Int64) -> Void
    ) throws {
        let sql = "SELECT session_key, staff_key, role = 'lead', claimed_hours_x100 FROM staffing"
        let statement = try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        while true {
            let status = sqlite3_step(handle)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else {
                let message = sqlite3_errmsg(db.sqliteConnection).map { String(cString: $0) }
                throw DatabaseError(resultCode: ResultCode(rawValue: status), message: message, sql: sql)
            }
            body(sqlite3_column_int64(handle, 0), sqlite3_column_int64(handle, 1),
                 sqlite3_column_int64(handle, 2) != 0, sqlite3_column_int64(handle, 3))
        }
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
