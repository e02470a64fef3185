import AfterschoolCSV
import AfterschoolDomain
import Foundation

/// Reads a CSV file on a second thread and hands its records to the
/// calling thread in file order, in batches: parsing (libcsv, and the
/// attendance fast path on the bytes) overlaps the checks and the inserts
/// into SQLite, which stay on the calling thread. A common attendance row
/// travels as its compact values (``AttendanceFastPath/Row``), any other
/// record as a copy of itself.
///
/// Order is kept whole: records, errors and the end arrive in the order
/// the file gives them, so "the first accepted row wins" and the order of
/// the rejects do not change. Memory is bounded: at most ``depth`` batches
/// of ``batchSize`` items wait.
final class ParallelRecords: @unchecked Sendable {
    enum Item {
        case record(CSVRecord)
        case fast(AttendanceFastPath.Row)
    }

    struct Batch {
        var items: [Item] = []
        /// The reader's bytes read when the batch was handed over.
        var bytesRead = 0
    }

    static let batchSize = 8_192
    static let depth = 4

    private let reader: CSVReader
    private let makeFastPath: @Sendable (CSVRecord) -> AttendanceFastPath?
    private let condition = NSCondition()
    private var queue: [Batch] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private var thread: Thread?
    private let done = DispatchSemaphore(value: 0)

    /// - Parameter makeFastPath: called on the reading thread with the
    ///   header record; nil sends every record as itself.
    init(reader: CSVReader, makeFastPath: @escaping @Sendable (CSVRecord) -> AttendanceFastPath?) {
        self.reader = reader
        self.makeFastPath = makeFastPath
    }

    /// Starts the reading thread.
    func start() {
        let thread = Thread { [self] in
            defer { done.signal() }
            var fast: AttendanceFastPath?
            var sawHeader = false
            var batch = Batch()
            do {
                try reader.forEachRecord { record in
                    if !sawHeader {
                        sawHeader = true
                        fast = makeFastPath(record)
                        batch.items.append(.record(record.compacted()))
                    } else if let row = fast?.row(record) {
                        batch.items.append(.fast(row))
                    } else {
                        // Its own storage: the reader's may be as large as
                        // the longest record so far.
                        batch.items.append(.record(record.compacted()))
                    }
                    if batch.items.count >= ParallelRecords.batchSize {
                        batch.bytesRead = reader.bytesRead
                        try push(batch)
                        batch = Batch()
                        batch.items.reserveCapacity(ParallelRecords.batchSize)
                    }
                }
                batch.bytesRead = reader.bytesRead
                if !batch.items.isEmpty { try push(batch) }
                end(nil)
            } catch {
                // The records before the error are handed over first.
                if !batch.items.isEmpty, (try? push(batch)) == nil { end(error); return }
                end(error)
            }
        }
        thread.stackSize = 1 << 22
        self.thread = thread
        thread.start()
    }

    private struct Cancelled: Error {}

    private func push(_ batch: Batch) throws {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= ParallelRecords.depth && !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        queue.append(batch)
        condition.broadcast()
    }

    private func end(_ error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error is Cancelled ? nil : error
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, nil at the end of the file; rethrows the reading
    /// thread's error once every batch before it was taken.
    func next() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        if !queue.isEmpty {
            let batch = queue.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the reading thread (after an error of the caller) and waits
    /// for it to end. Safe to call more than once.
    func stop() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
        if thread != nil {
            done.wait()
            thread = nil
        }
    }
}
