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
    /// The tables' storage for lookups (the tables above keep it alive).
    private let sessionProbe: ByteTable.Probe
    private let studentProbe: ByteTable.Probe
    /// Recent sessions: a file lists a session's rows together, so most
    /// rows repeat the previous id.
    private var sessionCache = IdCache(bits: 2)
    /// Recent students: a school's sessions name the same students.
    private var studentCache = IdCache(bits: 12)

    /// The statuses by their codes' bytes.
    static let statuses: [(bytes: [UInt8], code: String)] = EnumDomain.status.canonical.map { (Array($0.utf8), $0) }

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
        sessionProbe = sessions.probe
        studentProbe = students.probe
    }

    /// A common row's values, compact: what travels between threads (no
    /// `String`, nothing counted by reference).
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var session: ByteTable.Entry
        public var student: ByteTable.Entry
        /// The status's position in ``EnumDomain/status``'s codes.
        public var status: UInt8
        /// Minutes after midnight, or -1 for a blank check-out.
        public var checkOut: Int16

        public init(line: Int, session: ByteTable.Entry, student: ByteTable.Entry, status: UInt8, checkOut: Int16) {
            self.line = line
            self.session = session
            self.student = student
            self.status = status
            self.checkOut = checkOut
        }

        /// The status's code (`present`).
        public var statusCode: String { AttendanceFastPath.statuses[Int(status)].code }

        /// The values in column order (session key, student key, status,
        /// check-out), as the general path leaves them.
        public var values: [Value] {
            [.int(session.key), .int(student.key), .text(statusCode), checkOut < 0 ? .null : .int(Int64(checkOut))]
        }
    }

    /// The record's values when it is a common row; nil leaves the record
    /// to the general path.
    public mutating func row(_ record: CSVRecord) -> Row? {
        guard record.count == fieldCount,
              let session = record.withFieldBytes(sessionField, { sessionCache.entry($0, in: sessionProbe, resolve: AttendanceFastPath.resolve) }),
              let student = record.withFieldBytes(studentField, { studentCache.entry($0, in: studentProbe, resolve: AttendanceFastPath.resolve) }),
              student.school == session.school,
              let status = record.withFieldBytes(statusField, AttendanceFastPath.status),
              let checkOut = record.withFieldBytes(checkOutField, AttendanceFastPath.time) else { return nil }
        return Row(line: record.line, session: session, student: student, status: status, checkOut: checkOut)
    }

    /// Fills `row.values` (session key, student key, status, check-out)
    /// when the record is a common row; false leaves the record to the
    /// general path. `row.raw` is not filled.
    public mutating func conform(_ record: CSVRecord, into row: inout ConformedRow) -> Bool {
        guard let fast = self.row(record) else { return false }
        row.line = fast.line
        row.values = fast.values
        row.raw.removeAll(keepingCapacity: true)
        return true
    }

    /// The entry of an id field in `table`.
    static func resolve(_ field: UnsafeBufferPointer<UInt8>, _ table: ByteTable.Probe) -> ByteTable.Entry? {
        id(field).flatMap(table.lookup)
    }

    /// Whether two byte strings are the same.
    @inline(__always)
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var k = 0
        while k < a.count && a[k] == b[k] { k += 1 }
        return k == a.count
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

    /// A status spelt exactly as its code: its position among the codes.
    @inline(__always)
    static func status(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8? {
        let t = trimmed(bytes)
        guard let first = t.first else { return nil }
        // The first byte and the length tell the codes apart; the bytes
        // are then compared whole.
        for i in statuses.indices {
            let code = statuses[i].bytes
            if code.count == t.count && code[0] == first && code.withUnsafeBufferPointer({ equal($0, t) }) {
                return UInt8(i)
            }
        }
        return nil
    }

    /// A blank check-out (-1: NULL, the column has no default) or `H:MM` /
    /// `HH:MM` from 00:00 to 23:59, as minutes; nil for anything else.
    @inline(__always)
    static func time(_ bytes: UnsafeBufferPointer<UInt8>) -> Int16? {
        let t = trimmed(bytes)
        if t.isEmpty { return -1 }
        guard t.count == 4 || t.count == 5, t[t.count - 3] == UInt8(ascii: ":") else { return nil }
        var hours = 0
        for b in t[0..<(t.count - 3)] {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            hours = hours * 10 + Int(b - 0x30)
        }
        let m1 = t[t.count - 2], m2 = t[t.count - 1]
        guard m1 >= 0x30 && m1 <= 0x35, m2 >= 0x30 && m2 <= 0x39, hours <= 23 else { return nil }
        return Int16(hours * 60 + Int(m1 - 0x30) * 10 + Int(m2 - 0x30))
    }
}

extension AttendanceFastPath {
    /// The status codes, in the order of ``Row/status``.
    public static var statusCodes: [String] { statuses.map(\.code) }
}
