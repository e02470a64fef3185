/// The live line shown on a terminal while a large file is read: rows so
/// far, the rate, how far through the file, and the time left.
public struct ProgressLine: Sendable, Equatable {
    public var file: String
    public var records: Int
    public var bytesRead: Int
    public var totalBytes: Int
    public var seconds: Double

    public init(file: String, records: Int, bytesRead: Int, totalBytes: Int, seconds: Double) {
        self.file = file
        self.records = records
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.seconds = seconds
    }

    /// `attendance.csv  12.5M rows  41 MB/s  38%  about 1 min 05 s left`.
    public var text: String {
        var parts = [file, ProgressLine.count(records) + " rows"]
        if seconds > 0.2 {
            parts.append("\(Int((Double(bytesRead) / 1_000_000 / seconds).rounded())) MB/s")
        }
        if totalBytes > 0 {
            let share = min(1, Double(bytesRead) / Double(totalBytes))
            parts.append("\(Int((share * 100).rounded(.down)))%")
            if share > 0.01 && seconds > 1 {
                let left = Int((seconds / share - seconds).rounded())
                parts.append("about " + (left >= 60 ? "\(left / 60) min \(left % 60 < 10 ? "0" : "")\(left % 60) s" : "\(left) s") + " left")
            }
        }
        return parts.joined(separator: "  ")
    }

    /// `950`, `12.5K`, `12.5M`.
    static func count(_ n: Int) -> String {
        if n < 10_000 { return String(n) }
        if n < 1_000_000 { return String(Double(n / 100) / 10) + "K" }
        return String(Double(n / 100_000) / 10) + "M"
    }
}
