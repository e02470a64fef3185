/// How big a synthetic dataset is.
public enum Scale: String, CaseIterable, Sendable, Codable {
    /// 2 schools, about 1,500 students: a school office's run, and the tests.
    case small
    /// 300 schools, about 360,000 students, about 50 million attendance rows.
    case district
    /// 1,500 schools: a whole city, five times a district.
    case city

    /// The number of schools.
    public var schools: Int {
        switch self {
        case .small: return 2
        case .district: return 300
        case .city: return 1500
        }
    }

    /// How many of each planted audit anomaly: a range the seed picks from.
    var plantedPerRule: ClosedRange<Int> {
        switch self {
        case .small: return 2...5
        case .district: return 20...50
        case .city: return 100...250
        }
    }

    /// How many near misses of each kind (values exactly on a bound).
    var nearMisses: Int {
        switch self {
        case .small: return 1
        case .district: return 3
        case .city: return 10
        }
    }

    /// How many times each malformed-row kind is planted.
    var malformedCopies: Int {
        switch self {
        case .small: return 1
        case .district: return 3
        case .city: return 8
        }
    }

    /// Whether the small files (schools, activities, budget) and the rarer
    /// malformed kinds get malformed rows too: only when the files are big
    /// enough for one reject to be a small share.
    var plantsInSmallFiles: Bool { self != .small }
}
