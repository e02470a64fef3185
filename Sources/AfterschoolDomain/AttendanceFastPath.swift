import AfterschoolCSV

/// The common attendance row, checked and resolved on its bytes: two ids
/// of accepted rows of the same school, a status spelt as its code, and a
/// blank or `H:MM` check-out time. No `String` is made for it.
///
/// Anything else (a blank or non-ASCII field, a Chinese or capitalised
/// status, an unknown id, another school's student, a record of another
/// length) is not decided here: ``conform(_:into:)`` returns false and the
/// row takes the general path (``RowValidator`` and ``ReferenceIndex``),
/// which accepts it with the same values or rejects it with its message.
/// So the fast path changes how fast a row is read, never what becomes of
/// it.
public struct AttendanceFastPath: Sendable {
    let sessionField: Int
    let studentField: Int
    let statusField: Int
    let checkOutField: Int
    let fieldCount: Int
    let sessions: ByteTable
    let students: ByteTable

    /// The statuses by their codes' bytes.
    static let statuses: [(bytes: [UInt8], value: Value)] = EnumDomain.status.canonical.map { (Array($0.utf8), .text($0)) }

    /// A fast path for files with `header`, over the accepted sessions and
    /// students of `index`; nil when the header lacks a column (the
    /// general path handles such a file).
    public init?(header: HeaderMap, sessions: ByteTable, students: ByteTable) {
        let columns = InputFile.attendance.columns.map(\.name)
        guard columns == ["session_id", "student_id", "status", "check_out"],
              let session = header.fieldIndex[0], let student = header.fieldIndex[1],
              let status = header.fieldIndex[2], let checkOut = header.fieldIndex[3] else { return nil }
        sessionField = session
        studentField = student
        statusField = status
        checkOutField = checkOut
        fieldCount = header.fieldCount
        self.sessions = sessions
        self.students = students
    }

    /// A common row's values, compact: what travels between threads.
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var session: ByteTable.Entry
        public var student: ByteTable.Entry
        public var status: Value
        public var checkOut: Value

        public init(line: Int, session: ByteTable.Entry, student: ByteTable.Entry, status: Value, checkOut: Value) {
            self.line = line
            self.session = session
            self.student = student
            self.status = status
            self.checkOut = checkOut
        }

        /// The values in column order (session key, student key, status,
        /// check-out), as the general path leaves them.
        public var values: [Value] { [.int(session.key), .int(student.key), status, checkOut] }
    }

    /// The record's values when it is a common row; nil leaves the record
    /// to the general path.
    public func row(_ record: CSVRecord) -> Row? {
        guard record.count == fieldCount,
              let session = record.withFieldBytes(sessionField, { AttendanceFastPath.id($0).flatMap(sessions.lookup) }),
              let student = record.withFieldBytes(studentField, { AttendanceFastPath.id($0).flatMap(students.lookup) }),
              student.school == session.school,
              let status = record.withFieldBytes(statusField, AttendanceFastPath.status),
              let checkOut = record.withFieldBytes(checkOutField, AttendanceFastPath.time) else { return nil }
        return Row(line: record.line, session: session, student: student, status: status, checkOut: checkOut)
    }

    /// Fills `row.values` (session key, student key, status, check-out)
    /// when the record is a common row; false leaves the record to the
    /// general path. `row.raw` is not filled.
    public func conform(_ record: CSVRecord, into row: inout ConformedRow) -> Bool {
        guard let fast = self.row(record) else { return false }
        row.line = fast.line
        row.values = fast.values
        row.raw.removeAll(keepingCapacity: true)
        return true
    }

    /// The text of a common row's key columns (its ids, which the fast path
    /// took only when they were exactly the stored ids): for the message of
    /// a repeated key.
    public static func raw(_ row: Row, sessions: ByteTable, students: ByteTable) -> [String] {
        [sessions.id(ofKey: row.session.key) ?? "", students.id(ofKey: row.student.key) ?? "", "", ""]
    }

    /// The field without its ASCII spaces and tabs at either end.
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0, end = bytes.count
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// A non-blank id of printable ASCII (and inner spaces or tabs), trimmed.
    @inline(__always)
    static func id(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let t = trimmed(bytes)
        guard !t.isEmpty else { return nil }
        for b in t where (b < 0x20 && b != 0x09) || b >= 0x7F { return nil }
        return t
    }

    /// A status spelt exactly as its code.
    @inline(__always)
    static func status(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        let t = trimmed(bytes)
        for s in statuses where s.bytes.count == t.count && s.bytes.elementsEqual(t) { return s.value }
        return nil
    }

    /// A blank check-out (NULL, the column has no default) or `H:MM` /
    /// `HH:MM` from 00:00 to 23:59, as minutes; nil for anything else.
    @inline(__always)
    static func time(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        let t = trimmed(bytes)
        if t.isEmpty { return .null }
        guard t.count == 4 || t.count == 5, t[t.count - 3] == UInt8(ascii: ":") else { return nil }
        var hours = 0
        for b in t[0..<(t.count - 3)] {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            hours = hours * 10 + Int(b - 0x30)
        }
        let m1 = t[t.count - 2], m2 = t[t.count - 1]
        guard m1 >= 0x30 && m1 <= 0x35, m2 >= 0x30 && m2 <= 0x39, hours <= 23 else { return nil }
        return .int(Int64(hours * 60 + Int(m1 - 0x30) * 10 + Int(m2 - 0x30)))
    }
}
