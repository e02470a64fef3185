import Foundation
import Testing

/// The repository's `datasets/sample` against figures produced independently
/// by a DuckDB reference implementation of the same spec.
@Suite("datasets/sample against the reference implementation")
struct SampleReferenceTests {
    static let schoolSummary = [
        "S001,180,147,149,0.8278,0.9932,0.9404,9,9,1.0000,1.0000,0.1111,0.8658,0.8792,0.6524,7,0.2334,0,91,0.6107,4.1429,0.7802",
        "S002,120,97,96,0.8000,0.9897,0.9289,9,9,1.0000,1.0000,0.0000,0.7396,0.8229,0.3318,9,,,60,0.6250,3.9833,0.7333",
    ]
    static let districtSummary = [
        "2,1.0000,300,244,245,0.8167,0.9918,0.9361,9,0.8163,0.8571,151,4.0795",
    ]

    @Test("school_summary and district_summary equal the reference lines")
    func sampleMatchesReference() throws {
        try withTermlyRun("sample", data: packageRoot + "/datasets/sample") { run throws in
            #expect(try run.table("school_summary").dataLines == Self.schoolSummary)
            #expect(try run.table("district_summary").dataLines == Self.districtSummary)
        }
    }
}
