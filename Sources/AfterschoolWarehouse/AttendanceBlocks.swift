import AfterschoolDomain
import GRDB
import GRDBSQLite

/// Attendance as the warehouse stores it: one row of `attendance_blocks`
/// per session (and part) holding that session's students, statuses and
/// check-out times, instead of one row per student. Fifty million rows
/// become about 1.6 million, so SQLite is no longer what loading waits for,
/// and the stages read a session's attendance in one step.
///
/// The view `attendance` shows one row per (session, student) with the
/// columns the table had (`session_key`, `student_key`, `status`,
/// `check_out_min`, `part`), and `attendance_v` the same with the ids a
/// user knows: the `sqlite3` shell sees every accepted row as before.
///
/// Encoding of one block (see ``AttendanceBlock``): `students` is a JSON
/// array of student keys (`json_each` expands it), `statuses` one byte per
/// student (`p`resent, `a`bsent, `e`xcused, `l`eft early), `check_outs`
/// four ASCII digits of minutes per student (`----` for none), or NULL when
/// no student of the block has a check-out time.
///
/// Writes go through ``AttendanceBlocks``, which also finds repeated
/// (session, student) pairs in memory, in file order, so that the first
/// accepted row of a pair wins.
public enum AttendanceBlock {
    /// The status codes' bytes, in the order of the statuses' codes.
    public static let present = UInt8(ascii: "p"), absent = UInt8(ascii: "a")
    public static let excused = UInt8(ascii: "e"), leftEarly = UInt8(ascii: "l")
    /// Four bytes of a missing check-out time.
    static let noCheckOut = UInt8(ascii: "-")

    /// The byte of a status code (`present` ...); nil for another text.
    public static func code(_ status: String) -> UInt8? {
        switch status {
        case "present": return present
        case "absent": return absent
        case "excused": return excused
        case "left_early": return leftEarly
        default: return nil
        }
    }

    /// Calls `body` with each student key of a block's `students` text
    /// (a JSON array of integers, as ``AttendanceBlocks`` writes it), in
    /// order, with its position.
    @inline(__always)
    public static func forEachStudent(_ text: UnsafeRawBufferPointer, _ body: (Int, Int64) throws -> Void) rethrows {
        var value: Int64 = 0, inNumber = false, position = 0
        for byte in text {
            if byte >= 0x30 && byte <= 0x39 {
                value = value * 10 + Int64(byte - 0x30)
                inNumber = true
            } else if inNumber {
                try body(position, value)
                position += 1
                value = 0
                inNumber = false
            }
        }
        if inNumber { try body(position, value) }
    }

    /// The check-out time of position `i` of a block's `check_outs`, if any.
    @inline(__always)
    public static func checkOut(_ bytes: UnsafeRawBufferPointer, _ i: Int) -> Int? {
        let at = i * 4
        guard at + 4 <= bytes.count, bytes[at] != noCheckOut else { return nil }
        var minutes = 0
        for k in at..<(at + 4) { minutes = minutes * 10 + Int(bytes[k]) - 0x30 }
        return minutes
    }
}

/// Writes attendance blocks while a file is read, and decides which rows
/// repeat a (session, student) pair already accepted.
///
/// A session's rows are gathered while the session is open. Files list a
/// session's rows together, so a session is closed (its block written)
/// when too many are open; one that comes back later is opened again with
/// the students of its stored blocks, so that a repeat is still found, and
/// its new rows become another block. Memory is bounded by the open
/// sessions, not by the file.
public final class AttendanceBlocks {
    /// What became of a row.
    public enum Outcome: Equatable {
        case added
        /// The pair was accepted before, from the given part (0: a whole file).
        case repeated(part: Int)
    }

    fileprivate struct Builder {
        /// The open session, or -1 for a builder that waits in the pool.
        var session: Int64
        var part: Int
        var students: [Int64] = []
        var statuses: [UInt8] = []
        /// The block's `check_outs` (four bytes a student), and its
        /// `students` text without the closing bracket.
        var times: [UInt8] = []
        var text: [UInt8] = [UInt8(ascii: "[")]
        var anyCheckOut = false
        /// No student above it has a row: a larger key is new.
        var maxStudent: Int64 = 0
        /// Students of the session's stored blocks, with their parts.
        var earlier: [Int64: Int] = [:]
        /// This block's students, made when a row arrives out of order.
        var own: Set<Int64>?
        var lastUse = 0

        init(session: Int64, part: Int) {
            self.session = session
            self.part = part
        }

        /// Empties the builder for another session, keeping its storage.
        mutating func reset() {
            session = -1
            // A pooled builder keeps the storage of a common session, not
            // of the longest one seen.
            let keep = students.capacity <= 4096
            students.removeAll(keepingCapacity: keep)
            statuses.removeAll(keepingCapacity: keep)
            times.removeAll(keepingCapacity: keep)
            text.removeAll(keepingCapacity: keep)
            text.append(UInt8(ascii: "["))
            anyCheckOut = false
            maxStudent = 0
            if !earlier.isEmpty { earlier = [:] }
            own = nil
        }
    }

    private let db: Database
    /// By session key: the session has at least one stored block.
    private var stored: [Bool]
    /// The builders, open or waiting in the pool (`free`), and by session
    /// key the open session's builder (-1: not open). Sessions' keys are
    /// dense (1...n), so a flat array serves.
    private var builders: [Builder] = []
    private var free: [Int] = []
    private var slotOf: [Int32]
    private var openCount: Int { builders.count - free.count }
    /// The session of the last row and its slot (files list a session's
    /// rows together: most rows need no lookup).
    private var lastSession: Int64 = -1
    private var lastSlot = 0
    private var openRows = 0
    private var uses = 0

    /// Sessions open at once, and their rows, before the least recently
    /// used half is written.
    let maxOpenSessions: Int
    let maxOpenRows: Int
    static let defaultMaxOpenSessions = 4096
    static let defaultMaxOpenRows = 1 << 20

    /// Starts writing into the warehouse's blocks, knowing the sessions
    /// that already have some (an earlier run's warehouse).
    init(db: Database, maxOpenSessions: Int = defaultMaxOpenSessions, maxOpenRows: Int = defaultMaxOpenRows) throws {
        self.db = db
        self.maxOpenSessions = maxOpenSessions
        self.maxOpenRows = maxOpenRows
        let sessions = try Int.fetchOne(db, sql: "SELECT max(key) FROM sessions") ?? 0
        stored = [Bool](repeating: false, count: sessions + 1)
        slotOf = [Int32](repeating: -1, count: sessions + 1)
        let keys = try Int64.fetchAll(db, sql: "SELECT DISTINCT session_key FROM attendance_blocks")
        for k in keys { mark(k) }
    }

    /// Adds one accepted row, or reports that its pair was accepted before.
    /// - Parameters:
    ///   - status: the status's byte (``AttendanceBlock/code(_:)``).
    ///   - checkOut: minutes after midnight, or nil.
    ///   - part: the part the row comes from (0 for a whole file).
    public func add(session: Int64, student: Int64, status: UInt8, checkOut: Int?, part: Int) throws -> Outcome {
        uses += 1
        let i = try openSlot(session: session, part: part)
        if let p = repeatedPart(student, in: i) { return .repeated(part: p) }
        builders[i].append(student: student, status: status, checkOut: checkOut, use: uses)
        try added(rows: 1)
        return .added
    }

    /// The slot of the session's open block for `part` (the last row's,
    /// most of the time), opened when it is not.
    @inline(__always)
    private func openSlot(session: Int64, part: Int) throws -> Int {
        // The last row's block only if it is this part's: a session whose
        // rows run on from one part into the next gets a block per part.
        if session == lastSession && builders[lastSlot].part == part { return lastSlot }
        var i = try slot(of: session, part: part)
        if builders[i].part != part {
            // A block holds one part's rows.
            try close(session)
            i = try slot(of: session, part: part)
        }
        lastSession = session
        lastSlot = i
        return i
    }

    /// Counts rows added to open blocks, and writes the least recently used
    /// half when too many sessions or rows are open.
    @inline(__always)
    private func added(rows: Int) throws {
        openRows += rows
        if openCount > maxOpenSessions || openRows > maxOpenRows {
            try closeOldest()
        }
    }

    /// Adds a run of rows in one step when none of them can repeat a pair
    /// (its students ascend, all above the session's known students);
    /// false adds nothing: the caller adds the rows one by one.
    public func add(_ run: AttendanceRun, part: Int) throws -> Bool {
        guard run.ascending, run.count > 0 else { return false }
        let k = Int(run.session)
        if run.isWhole, k >= 0, k >= slotOf.count || slotOf[k] < 0, k >= stored.count || !stored[k] {
            // All of a session's rows so far, and none before: a block as
            // the parsing thread encoded it.
            let columns = run.columns
            try write(session: run.session, part: part, count: run.count, text: columns.text(run.text),
                      statuses: columns.statuses(run.rows), times: run.anyCheckOut ? columns.times(run.rows) : nil)
            return true
        }
        uses += 1
        let i = try openSlot(session: run.session, part: part)
        guard builders[i].own == nil, run.firstStudent > builders[i].maxStudent else { return false }
        builders[i].append(run, use: uses)
        try added(rows: run.count)
        return true
    }

    /// The part a student's row of the open session in `slot` was accepted
    /// from, if one was.
    @inline(__always)
    private func repeatedPart(_ student: Int64, in slot: Int) -> Int? {
        guard student <= builders[slot].maxStudent else { return nil }
        if let p = builders[slot].earlier[student] { return p }
        // Without a set, the block's students are in ascending order.
        let repeated = builders[slot].own.map { $0.contains(student) } ?? builders[slot].students.sortedContains(student)
        return repeated ? builders[slot].part : nil
    }

    /// The part the (session, student) pair was accepted from, if it was:
    /// in the session's open block, or in its stored blocks.
    public func storedPart(session: Int64, student: Int64) throws -> Int? {
        let k = Int(session)
        if k >= 0, k < slotOf.count, slotOf[k] >= 0 { return repeatedPart(student, in: Int(slotOf[k])) }
        var found: Int?
        try forEachStoredStudent(of: session) { part, s in
            if s == student && found == nil { found = part }
        }
        return found
    }

    /// Calls `body` with the part and student key of each row in the
    /// session's stored blocks.
    private func forEachStoredStudent(of session: Int64, _ body: (_ part: Int, _ student: Int64) -> Void) throws {
        let rows = try Row.fetchCursor(
            db, sql: "SELECT part, students FROM attendance_blocks WHERE session_key = ?", arguments: [session])
        while let row = try rows.next() {
            let part: Int = row[0]
            var text: String = row[1]
            text.withUTF8 { bytes in
                AttendanceBlock.forEachStudent(UnsafeRawBufferPointer(bytes)) { _, student in body(part, student) }
            }
        }
    }

    /// Writes every open session's block (at the end of a file or part).
    public func finish() throws {
        for session in builders.map(\.session).filter({ $0 >= 0 }).sorted() { try close(session) }
    }

    /// Removes the blocks of a part (an earlier run's part whose key a
    /// part read now repeats: the earlier part wins, so the later one is
    /// read again), and forgets its students in the open sessions.
    public func clear(part: Int) throws {
        try db.execute(sql: "DELETE FROM attendance_blocks WHERE part = ?", arguments: [part])
        for i in builders.indices where !builders[i].earlier.isEmpty {
            builders[i].earlier = builders[i].earlier.filter { $0.value != part }
        }
    }

    private func mark(_ session: Int64) {
        let i = Int(session)
        guard i >= 0 else { return }
        if i >= stored.count { stored += [Bool](repeating: false, count: i + 1 - stored.count) }
        stored[i] = true
    }

    /// The slot of the session's open block, opened (with the students of
    /// its stored blocks) when it is not.
    private func slot(of session: Int64, part: Int) throws -> Int {
        let k = Int(session)
        if k >= slotOf.count { slotOf += [Int32](repeating: -1, count: k + 1 - slotOf.count) }
        if slotOf[k] >= 0 { return Int(slotOf[k]) }
        let slot: Int
        if let pooled = free.popLast() {
            slot = pooled
        } else {
            builders.append(Builder(session: -1, part: part))
            slot = builders.count - 1
        }
        builders[slot].session = session
        builders[slot].part = part
        if k < stored.count, stored[k] {
            try forEachStoredStudent(of: session) { part, student in
                builders[slot].earlier[student] = part
                builders[slot].maxStudent = max(builders[slot].maxStudent, student)
            }
        }
        slotOf[k] = Int32(slot)
        return slot
    }

    private func closeOldest() throws {
        var byUse: [(use: Int, session: Int64)] = []
        byUse.reserveCapacity(openCount)
        for i in builders.indices where builders[i].session >= 0 {
            byUse.append((builders[i].lastUse, builders[i].session))
        }
        byUse.sort { $0.use < $1.use }
        for entry in byUse.prefix(max(1, byUse.count / 2)) { try close(entry.session) }
    }

    /// Writes the session's open block and returns its builder to the pool.
    private func close(_ session: Int64) throws {
        let k = Int(session)
        guard k >= 0, k < slotOf.count, slotOf[k] >= 0 else { return }
        let slot = Int(slotOf[k])
        slotOf[k] = -1
        lastSession = -1
        openRows -= builders[slot].students.count
        defer {
            builders[slot].reset()
            free.append(slot)
        }
        guard !builders[slot].students.isEmpty else { return }
        builders[slot].text.append(UInt8(ascii: "]"))
        let builder = builders[slot]
        try builder.text.withUnsafeBufferPointer { text in
            try builder.statuses.withUnsafeBufferPointer { statuses in
                try builder.times.withUnsafeBufferPointer { times in
                    try write(session: session, part: builder.part, count: builder.students.count,
                              text: text, statuses: statuses, times: builder.anyCheckOut ? times : nil)
                }
            }
        }
    }

    /// Inserts one block (`times` nil: no student has a check-out time).
    private func write(session: Int64, part: Int, count: Int, text: UnsafeBufferPointer<UInt8>,
                       statuses: UnsafeBufferPointer<UInt8>, times: UnsafeBufferPointer<UInt8>?) throws {
        let statement = try insertStatement()
        let handle = statement.sqliteStatement
        var status = sqlite3_bind_int64(handle, 1, session)
        if status == SQLITE_OK { status = sqlite3_bind_int64(handle, 2, Int64(part)) }
        if status == SQLITE_OK { status = sqlite3_bind_int64(handle, 3, Int64(count)) }
        if status == SQLITE_OK {
            // SQLite reads the buffers during the step below (its own copy
            // is not needed): they change only after the statement is reset.
            status = text.withMemoryRebound(to: CChar.self) {
                sqlite3_bind_text(handle, 4, $0.baseAddress, Int32($0.count), nil)
            }
        }
        if status == SQLITE_OK {
            status = sqlite3_bind_blob(handle, 5, statuses.baseAddress, Int32(statuses.count), nil)
        }
        if status == SQLITE_OK {
            status = times.map { sqlite3_bind_blob(handle, 6, $0.baseAddress, Int32($0.count), nil) }
                ?? sqlite3_bind_null(handle, 6)
        }
        if status == SQLITE_OK {
            status = sqlite3_step(handle)
            sqlite3_reset(handle)
            if status == SQLITE_DONE { status = SQLITE_OK }
        }
        guard status == SQLITE_OK else {
            let message = sqlite3_errmsg(db.sqliteConnection).map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: status), message: message, sql: AttendanceBlocks.insertSQL)
        }
        mark(session)
    }

    private var statement: Statement?
    static let insertSQL = """
        INSERT INTO attendance_blocks (session_key, part, rows, students, statuses, check_outs)
        VALUES (?, ?, ?, ?, ?, ?)
        """

    private func insertStatement() throws -> Statement {
        if let statement { return statement }
        let s = try db.makeStatement(sql: AttendanceBlocks.insertSQL)
        statement = s
        return s
    }
}

extension AttendanceBlocks.Builder {
    mutating func append(student: Int64, status: UInt8, checkOut: Int?, use: Int) {
        if !students.isEmpty { text.append(UInt8(ascii: ",")) }
        AttendanceBlock.appendKey(student, to: &text)
        students.append(student)
        statuses.append(status)
        if let checkOut {
            AttendanceBlock.appendCheckOut(Int16(checkOut), to: &times)
            anyCheckOut = true
        } else {
            AttendanceBlock.appendCheckOut(-1, to: &times)
        }
        if student > maxStudent {
            maxStudent = student
        } else if own == nil {
            // Out of order: keep a set from now on.
            own = Set(students)
        }
        own?.insert(student)
        lastUse = use
    }

    /// Appends a run whose students ascend, all above ``maxStudent``.
    mutating func append(_ run: AttendanceRun, use: Int) {
        let columns = run.columns
        if !students.isEmpty { text.append(UInt8(ascii: ",")) }
        // The run's text without its brackets.
        text.append(contentsOf: columns.text((run.text.lowerBound + 1)..<(run.text.upperBound - 1)))
        students.append(contentsOf: columns.students(run.rows))
        statuses.append(contentsOf: columns.statuses(run.rows))
        times.append(contentsOf: columns.times(run.rows))
        if run.anyCheckOut { anyCheckOut = true }
        maxStudent = run.lastStudent
        lastUse = use
    }
}

extension AttendanceBlock {
    /// Writes a student key's decimal digits at `out` (room for 20),
    /// returning how many.
    @inline(__always)
    static func writeKey(_ key: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var value = UInt64(max(key, 0))
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        var k = digits - 1
        repeat {
            out[k] = UInt8(truncatingIfNeeded: 0x30 + value % 10)
            value /= 10
            k -= 1
        } while k >= 0
        return digits
    }

    /// Writes a check-out time's four bytes at `out`: minutes as four
    /// digits, or `----` for none (negative).
    @inline(__always)
    static func writeCheckOut(_ minutes: Int16, to out: UnsafeMutablePointer<UInt8>) {
        if minutes < 0 {
            for k in 0..<4 { out[k] = noCheckOut }
        } else {
            let v = Int(minutes)
            out[0] = UInt8(0x30 + v / 1000 % 10)
            out[1] = UInt8(0x30 + v / 100 % 10)
            out[2] = UInt8(0x30 + v / 10 % 10)
            out[3] = UInt8(0x30 + v % 10)
        }
    }

    /// Appends a student key's decimal digits.
    static func appendKey(_ key: Int64, to buffer: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            guard let base = digits.baseAddress else { return }
            let n = writeKey(key, to: base)
            buffer.append(contentsOf: UnsafeBufferPointer(start: base, count: n))
        }
    }

    /// Appends a check-out time's four bytes (`----` for none).
    static func appendCheckOut(_ minutes: Int16, to buffer: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4) { bytes in
            guard let base = bytes.baseAddress else { return }
            writeCheckOut(minutes, to: base)
            buffer.append(contentsOf: UnsafeBufferPointer(start: base, count: 4))
        }
    }
}

extension Array where Element == Int64 {
    /// Whether the ascending array holds `value` (binary search).
    func sortedContains(_ value: Int64) -> Bool {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < count && self[low] == value
    }
}

extension AttendanceBlock {
    /// Calls `body` with every stored attendance row (of one session, when
    /// `session` is given): session key, student key, status byte
    /// (``present`` ...) and check-out minutes. Reads the blocks through
    /// the SQLite C API: at 50 million rows, per-row costs add up.
    public static func forEachRow(
        _ db: Database, session: Int64? = nil,
        _ body: (_ session: Int64, _ student: Int64, _ status: UInt8, _ checkOut: Int?) throws -> Void
    ) throws {
        let sql = session == nil
            ? "SELECT session_key, students, statuses, check_outs FROM attendance_blocks"
            : "SELECT session_key, students, statuses, check_outs FROM attendance_blocks WHERE session_key = ?"
        let statement = try db.cachedStatement(sql: sql)
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        if let session { sqlite3_bind_int64(handle, 1, session) }
        while true {
            let status = sqlite3_step(handle)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else {
                let message = sqlite3_errmsg(db.sqliteConnection).map { String(cString: $0) }
                sqlite3_reset(handle)
                throw DatabaseError(resultCode: ResultCode(rawValue: status), message: message, sql: sql)
            }
            let key = sqlite3_column_int64(handle, 0)
            let students = UnsafeRawBufferPointer(start: sqlite3_column_text(handle, 1), count: Int(sqlite3_column_bytes(handle, 1)))
            let statuses = UnsafeRawBufferPointer(start: sqlite3_column_blob(handle, 2), count: Int(sqlite3_column_bytes(handle, 2)))
            let checkOuts = UnsafeRawBufferPointer(start: sqlite3_column_blob(handle, 3), count: Int(sqlite3_column_bytes(handle, 3)))
            try forEachStudent(students) { i, student in
                let code = i < statuses.count ? statuses[i] : excused
                try body(key, student, code, checkOuts.isEmpty ? nil : checkOut(checkOuts, i))
            }
        }
        sqlite3_reset(handle)
    }
}
