import AfterschoolCSV
import Testing
@testable import AfterschoolDomain

/// The attendance fast path decides nothing the general path would decide
/// otherwise: for every record it takes, the general path accepts the
/// record with the same values; every other record it leaves alone.
@Suite("Attendance fast path")
struct AttendanceFastPathTests {
    static let header = ["session_id", "student_id", "status", "check_out"]

    static func fastPath(_ d: MiniIngest, header: [String] = header) throws -> AttendanceFastPath? {
        AttendanceFastPath(header: try headerMap(.attendance, header),
                           sessions: d.index.table(.sessions), students: d.index.table(.students))
    }

    /// Records around the common one: spaces and tabs, Unicode spaces, other
    /// spellings of the status, times of every shape, unknown ids, another
    /// school's student, blanks, a field too many or too few.
    static let sessions = ["X1", " X1", "X1\t", "X1\u{00A0}", "X2", "X9", "", "x1", "X 1"]
    static let students = ["0001", "0001 ", "1", "0002", "\u{3000}0001", ""]
    static let statuses = ["present", "absent", "excused", "left_early", "Present", "出勤", " absent ", "presnt", ""]
    static let checkOuts = ["", "17:05", "7:05", " 17:05", "17:5", "24:00", "17:60", "23:59", "0:00", "1705", "17:05:00", "١٧:٠٥"]

    @Test("what the fast path takes, the general path accepts with the same values")
    func sameAsGeneralPath() throws {
        let d = try MiniIngest.district()
        var fast = try #require(try Self.fastPath(d))
        let general = try validator(.attendance, header: Self.header)
        var taken = 0, left = 0
        for session in Self.sessions {
            for student in Self.students {
                for status in Self.statuses {
                    for checkOut in Self.checkOuts {
                        let record = record(7, [session, student, status, checkOut])
                        var fastRow = ConformedRow()
                        var row = ConformedRow()
                        let outcome = general.validate(record, into: &row)
                        let reject = outcome == .conformed ? d.index.resolve(.attendance, &row) : nil
                        if fast.conform(record, into: &fastRow) {
                            taken += 1
                            #expect(outcome == .conformed && reject == nil, "\([session, student, status, checkOut])")
                            #expect(fastRow.values == row.values && fastRow.line == 7, "\([session, student, status, checkOut])")
                        } else {
                            left += 1
                        }
                    }
                }
            }
        }
        // The common shapes are taken: X1/X2 with their school's student,
        // the four codes, and a blank or H:MM / HH:MM time.
        #expect(taken > 100 && left > taken)
    }

    @Test("a common row: keys, status and minutes")
    func common() throws {
        let d = try MiniIngest.district()
        var fast = try #require(try Self.fastPath(d))
        var row = ConformedRow()
        #expect(fast.conform(record(3, ["X1", "0001", "left_early", "16:05"]), into: &row))
        #expect(row.values == [.int(1), .int(1), .text("left_early"), .int(16 * 60 + 5)])
        #expect(fast.conform(record(4, ["X2", "0002", "absent", ""]), into: &row))
        #expect(row.values == [.int(2), .int(2), .text("absent"), .null])
    }

    @Test("records the general path must see: another length, blank, another school")
    func leftAlone() throws {
        let d = try MiniIngest.district()
        var fast = try #require(try Self.fastPath(d))
        var row = ConformedRow()
        #expect(!fast.conform(record(3, ["X1", "0001", "present"]), into: &row))
        #expect(!fast.conform(record(3, ["X1", "0001", "present", "", "x"]), into: &row))
        #expect(!fast.conform(record(3, ["", "", "", ""]), into: &row))
        #expect(!fast.conform(record(3, ["X1", "0002", "present", ""]), into: &row), "0002 is of S2, X1 of S1")
    }

    @Test("columns in another order are found; without the check_out column there is no fast path")
    func headers() throws {
        let d = try MiniIngest.district()
        var reordered = try #require(try Self.fastPath(d, header: ["status", "check_out", "student_id", "session_id", "note"]))
        var row = ConformedRow()
        #expect(reordered.conform(record(2, ["present", "17:00", "0001", "X1", "anything"]), into: &row))
        #expect(row.values == [.int(1), .int(1), .text("present"), .int(17 * 60)])
        #expect(try Self.fastPath(d, header: ["session_id", "student_id", "status"]) == nil)
    }
}

@Suite("ByteTable")
struct ByteTableTests {
    @Test("every id is found by its bytes; others are not")
    func lookups() {
        let ids = (0..<5000).map { ("X1-\(String(format: "%06d", $0))", ByteTable.Entry(key: Int64($0 + 1), school: Int64($0 % 7))) }
            + [("", ByteTable.Entry(key: 9999, school: 0)), ("café", ByteTable.Entry(key: 10000, school: 1)),
               // At and past the 16 bytes kept inline.
               ("0123456789abcdef", ByteTable.Entry(key: 10001, school: 2)),
               ("0123456789abcdefg", ByteTable.Entry(key: 10002, school: 2)),
               ("a session id much longer than sixteen bytes", ByteTable.Entry(key: 10003, school: 3))]
        let table = ByteTable(ids)
        for (id, entry) in ids {
            #expect(Array(id.utf8).withUnsafeBufferPointer { table.lookup($0) } == entry, "\(id)")
        }
        for miss in ["X1-005000", "X1-00000", "X1-0000000", "x1-000001", "cafe\u{301}", "0123456789abcde",
                     "0123456789abcdefh", "a session id much longer than sixteen byte", "X1-000001\0"] {
            #expect(Array(miss.utf8).withUnsafeBufferPointer { table.lookup($0) } == nil, "\(miss)")
        }
        for (id, entry) in ids {
            #expect(table.id(ofKey: entry.key) == id)
        }
    }
}

@Suite("Id cache")
struct IdCacheTests {
    static let ids = (0..<3000).map { ("\(String(format: "%08d", $0))", ByteTable.Entry(key: Int64($0 + 1), school: Int64($0 % 5))) }
        + [("0123456789abcdef", ByteTable.Entry(key: 5001, school: 2)),
           ("0123456789abcdefg", ByteTable.Entry(key: 5002, school: 2)),
           ("ab", ByteTable.Entry(key: 5003, school: 1))]

    /// The cache's answer and the table's, for `field`.
    static func both(_ cache: inout IdCache, _ table: ByteTable, _ field: String) -> (ByteTable.Entry?, ByteTable.Entry?) {
        Array(field.utf8).withUnsafeBufferPointer { bytes in
            (cache.entry(bytes, in: table.probe, resolve: AttendanceFastPath.resolve), AttendanceFastPath.resolve(bytes, table.probe))
        }
    }

    @Test("a cache too small for the ids answers as the table does, in any order, again and again")
    func sameAsTable() {
        let table = ByteTable(Self.ids)
        // Four sets of two: nearly every lookup evicts another id.
        var cache = IdCache(bits: 2)
        var generator = SystemRandomNumberGenerator()
        let fields = Self.ids.map(\.0) + ["ab\0", "ab ", " ab", "a", "0123456789abcde", "00003000", "", "\u{3000}ab"]
        for round in 0..<4 {
            let order = round == 0 ? fields : fields.shuffled(using: &generator)
            for field in order + order.prefix(10) {
                let (cached, looked) = Self.both(&cache, table, field)
                #expect(cached == looked, "\(field.debugDescription)")
            }
        }
    }

    @Test("bytes that pad alike are told apart by their length")
    func lengthMatters() {
        let table = ByteTable(Self.ids)
        // One set: every id meets the others.
        var cache = IdCache(bits: 0)
        #expect(Self.both(&cache, table, "ab").0 == ByteTable.Entry(key: 5003, school: 1))
        // "ab" then NUL fills the same two words as "ab": not the same id.
        #expect(Self.both(&cache, table, "ab\0").0 == nil)
        #expect(Self.both(&cache, table, "ab\0\0").0 == nil)
        #expect(Self.both(&cache, table, "ab").0 == ByteTable.Entry(key: 5003, school: 1))
        // Past 16 bytes the table is asked every time.
        #expect(Self.both(&cache, table, "0123456789abcdefg").0 == ByteTable.Entry(key: 5002, school: 2))
        #expect(Self.both(&cache, table, "0123456789abcdefg").0 == ByteTable.Entry(key: 5002, school: 2))
    }
}
