/// A pipeline parameter the program knows: its name, what values it takes,
/// and its default.
public struct ParameterSpec: Sendable {
    public enum Kind: Sendable {
        /// A number in a range.
        case number(ClosedRange<Double>)
    }

    public let name: String
    public let kind: Kind
    public let defaultValue: Double
    /// One line on what it does.
    public let summary: String

    /// Every parameter any stage uses.
    public static let all: [ParameterSpec] = [
        ParameterSpec(
            name: "max_reject_share", kind: .number(0...1), defaultValue: 0.05,
            summary: "the largest share of a file's records that may be rejected before the run stops"),
    ]

    /// The spec named `name`.
    public static func named(_ name: String) -> ParameterSpec? { all.first { $0.name == name } }

    /// Parses `text` as a value of this parameter.
    func parse(_ text: String) -> Double? {
        switch kind {
        case let .number(range):
            guard let x = Double(text.trimmingCharacters(in: .whitespaces)), x.isFinite, range.contains(x) else { return nil }
            return x
        }
    }

    var expectation: String {
        switch kind {
        case let .number(range): return "a number from \(range.lowerBound) to \(range.upperBound)"
        }
    }
}

/// The parameter values of one run: defaults, then the pipeline file, then
/// `--set` on the command line.
public struct Parameters: Sendable, Equatable {
    public private(set) var values: [String: Double]

    /// Every known parameter at its default.
    public init() {
        values = Dictionary(uniqueKeysWithValues: ParameterSpec.all.map { ($0.name, $0.defaultValue) })
    }

    /// Sets `name` from text.
    /// - Throws: ``PipelineError/configuration(_:)`` for an unknown name or
    ///   a bad value.
    public mutating func set(_ name: String, text: String, source: String) throws(PipelineError) {
        guard let spec = ParameterSpec.named(name) else {
            let known = ParameterSpec.all.map(\.name).joined(separator: ", ")
            throw .configuration("\(source): unknown parameter '\(name)'; known parameters: \(known)")
        }
        guard let v = spec.parse(text) else {
            throw .configuration("\(source): parameter \(name) = '\(text)' is not \(spec.expectation)")
        }
        values[name] = v
    }

    public var maxRejectShare: Double { values["max_reject_share"] ?? 0.05 }
}

import Foundation
