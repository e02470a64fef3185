/// Consecutive attendance rows of one session, already in the encoding of
/// its block (``AttendanceBlock``), made by a parsing thread so that the
/// writing thread adds them in one step: it copies their bytes into the
/// session's block, or, for a run that holds the whole session as far as
/// the file has shown, binds them as a block of their own.
///
/// A run's rows are on consecutive lines of the file. Its values live in
/// ``AttendanceColumns``, shared by the runs of one segment of the file.
public struct AttendanceRun: Sendable {
    public let columns: AttendanceColumns
    public let session: Int64
    /// The first row's line (counted as the segment's records are).
    public var line: Int
    /// The rows' positions in `columns`.
    public let rows: Range<Int>
    /// The students' text, `[k1,k2,...]`, in `columns`.
    let text: Range<Int>
    /// Every student key is larger than the one before.
    public let ascending: Bool
    /// Some row has a check-out time.
    let anyCheckOut: Bool
    /// The lines before and after the run are rows of other sessions: the
    /// run is all of its session's rows in this stretch of the file.
    public let isWhole: Bool

    public var count: Int { rows.count }

    /// Row `i` of the run (0-based): student key, status byte, check-out
    /// minutes or nil.
    public func row(_ i: Int) -> (student: Int64, status: UInt8, checkOut: Int?) {
        let k = rows.lowerBound + i
        let checkOut = AttendanceBlock.checkOut(UnsafeRawBufferPointer(columns.times(rows)), i)
        return (columns.students[k], columns.statuses[k], checkOut)
    }

    var firstStudent: Int64 { columns.students[rows.lowerBound] }
    var lastStudent: Int64 { columns.students[rows.upperBound - 1] }
}

/// The values of a segment's attendance runs, column by column, in the
/// blocks' encoding. Written by one parsing thread, then only read (the
/// runs that point into it are handed over once the segment is parsed).
public final class AttendanceColumns: @unchecked Sendable {
    private(set) var students: UnsafeMutablePointer<Int64>
    private(set) var statuses: UnsafeMutablePointer<UInt8>
    /// Four ASCII digits of minutes per row, `----` for none.
    private var timeBytes: UnsafeMutablePointer<UInt8>
    /// The runs' students as text, `[k1,k2,...]` per run.
    private var textBytes: UnsafeMutablePointer<UInt8>
    private var rowCapacity: Int
    private var textCapacity: Int
    /// Rows and text bytes written.
    private(set) var count = 0
    private(set) var textCount = 0

    public init(capacity: Int) {
        rowCapacity = max(capacity, 16)
        textCapacity = 8 * rowCapacity
        students = .allocate(capacity: rowCapacity)
        statuses = .allocate(capacity: rowCapacity)
        timeBytes = .allocate(capacity: 4 * rowCapacity)
        textBytes = .allocate(capacity: textCapacity)
    }

    deinit {
        students.deallocate()
        statuses.deallocate()
        timeBytes.deallocate()
        textBytes.deallocate()
    }

    /// The text of `range`.
    func text(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: textBytes + range.lowerBound, count: range.count)
    }

    /// The check-out bytes of the rows in `range`.
    func times(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: timeBytes + 4 * range.lowerBound, count: 4 * range.count)
    }

    /// The students of the rows in `range`.
    func students(_ range: Range<Int>) -> UnsafeBufferPointer<Int64> {
        UnsafeBufferPointer(start: students + range.lowerBound, count: range.count)
    }

    /// The status bytes of the rows in `range`.
    func statuses(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: statuses + range.lowerBound, count: range.count)
    }

    /// Adds one row (`status` a block's status byte, `checkOut` minutes or
    /// -1), its key after `separator` (`[` for a run's first, `,` after).
    @inline(__always)
    func append(student: Int64, status: UInt8, checkOut: Int16, separator: UInt8) {
        if count == rowCapacity { growRows() }
        if textCount + 21 > textCapacity { growText() }
        students[count] = student
        statuses[count] = status
        AttendanceBlock.writeCheckOut(checkOut, to: timeBytes + 4 * count)
        count += 1
        textBytes[textCount] = separator
        textCount += 1 + AttendanceBlock.writeKey(student, to: textBytes + textCount + 1)
    }

    /// Closes a run's text.
    func closeText() {
        if textCount + 1 > textCapacity { growText() }
        textBytes[textCount] = UInt8(ascii: "]")
        textCount += 1
    }

    private func growRows() {
        let capacity = 2 * rowCapacity
        students = Self.moved(students, count: count, to: capacity)
        statuses = Self.moved(statuses, count: count, to: capacity)
        timeBytes = Self.moved(timeBytes, count: 4 * count, to: 4 * capacity)
        rowCapacity = capacity
    }

    private func growText() {
        textCapacity *= 2
        textBytes = Self.moved(textBytes, count: textCount, to: textCapacity)
    }

    private static func moved<T>(_ old: UnsafeMutablePointer<T>, count: Int, to capacity: Int) -> UnsafeMutablePointer<T> {
        let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        new.moveInitialize(from: old, count: count)
        old.deallocate()
        return new
    }
}

/// Gathers a parsing thread's attendance rows into runs: rows of the same
/// session on consecutive lines, in order.
public struct AttendanceRunBuilder {
    private var columns: AttendanceColumns?
    private var session: Int64 = -1
    private var line = 0
    private var start = 0
    private var textStart = 0
    private var lastStudent: Int64 = 0
    private var ascending = true
    private var anyCheckOut = false
    /// The current run began right after a row of another session.
    private var afterOther = false
    /// Rows a segment is expected to hold (the columns' first capacity).
    private let capacity: Int

    public init(capacity: Int = 32_768) {
        self.capacity = capacity
    }

    private var open: Bool { (columns?.count ?? 0) > start }

    /// Adds a row; returns the run it ends, if it starts a new one (another
    /// session, or not on the line after the run's last).
    @inline(__always)
    public mutating func add(line: Int, session: Int64, student: Int64, status: UInt8, checkOut: Int16) -> AttendanceRun? {
        var ended: AttendanceRun?
        let columns: AttendanceColumns
        if let current = self.columns {
            columns = current
        } else {
            columns = AttendanceColumns(capacity: capacity)
            self.columns = columns
        }
        let count = columns.count
        let next = count > start && line == self.line + (count - start)
        if next && session == self.session {
            if student <= lastStudent { ascending = false }
            columns.append(student: student, status: status, checkOut: checkOut, separator: UInt8(ascii: ","))
        } else {
            // A row of another session right after the run: both it and
            // the run are bounded by other sessions on that side.
            ended = finish(beforeOther: next)
            afterOther = next
            self.session = session
            self.line = line
            start = columns.count
            textStart = columns.textCount
            ascending = true
            anyCheckOut = false
            columns.append(student: student, status: status, checkOut: checkOut, separator: UInt8(ascii: "["))
        }
        lastStudent = student
        if checkOut >= 0 { anyCheckOut = true }
        return ended
    }

    /// The run being gathered, if any, before a row that is not a run's.
    public mutating func finish() -> AttendanceRun? {
        finish(beforeOther: false)
    }

    private mutating func finish(beforeOther: Bool) -> AttendanceRun? {
        guard let columns, columns.count > start else { return nil }
        columns.closeText()
        let run = AttendanceRun(columns: columns, session: session, line: line, rows: start..<columns.count,
                                text: textStart..<columns.textCount, ascending: ascending, anyCheckOut: anyCheckOut,
                                isWhole: afterOther && beforeOther)
        start = columns.count
        textStart = columns.textCount
        afterOther = false
        return run
    }

    /// Ends the segment: the next row starts new columns.
    public mutating func endSegment() -> AttendanceRun? {
        let run = finish()
        columns = nil
        start = 0
        textStart = 0
        return run
    }
}
