import Testing
@testable import AfterschoolDomain

/// The date `y-m-d`, which must be valid.
func date(
    _ y: Int, _ m: Int, _ d: Int, sourceLocation: SourceLocation = #_sourceLocation
) throws -> CivilDate {
    try #require(CivilDate(year: y, month: m, day: d), "\(y)-\(m)-\(d) is not a date", sourceLocation: sourceLocation)
}

@Suite("CivilDate: day numbers, weekdays, leap years, ISO weeks")
struct CivilDateTests {
    @Test("the epoch and other known day numbers")
    func knownDayNumbers() throws {
        #expect(try date(1970, 1, 1).dayNumber == 0)
        #expect(try date(1970, 1, 2).dayNumber == 1)
        #expect(try date(1969, 12, 31).dayNumber == -1)
        #expect(try date(2000, 3, 1).dayNumber == 11_017)
        #expect(try date(2025, 10, 20).dayNumber == 20_381)
    }

    @Test("walking the calendar day by day matches the day numbers (1899 to 2101)")
    func walk() throws {
        var expected = try date(1899, 1, 1).dayNumber
        var wrong: [String] = []
        for y in 1899...2101 {
            for m in 1...12 {
                let days = CivilDate.daysInMonth(year: y, month: m)
                for d in 1...days {
                    if CivilDate(year: y, month: m, day: d)?.dayNumber != expected { wrong.append("\(y)-\(m)-\(d)") }
                    expected += 1
                }
                if CivilDate(year: y, month: m, day: days + 1) != nil { wrong.append("\(y)-\(m)-\(days + 1)") }
            }
        }
        #expect(wrong.isEmpty, "wrong: \(wrong.prefix(10))")
    }

    @Test("round trip: day number to components, text, and back")
    func roundTrip() throws {
        let first = try date(1900, 1, 1).dayNumber
        let last = try date(2100, 12, 31).dayNumber
        var wrong: [Int] = []
        for n in first...last {
            let d = CivilDate(dayNumber: n)
            let (y, m, day) = d.components
            if CivilDate(year: y, month: m, day: day)?.dayNumber != n
                || CivilDate(parsing: d.description)?.dayNumber != n
                || CivilDate(parsing: "\(y)/\(m)/\(day)")?.dayNumber != n {
                wrong.append(n)
            }
        }
        #expect(wrong.isEmpty, "day numbers that do not round-trip: \(wrong.prefix(10))")
        #expect(last - first + 1 == 201 * 365 + 49)  // 1904...2096: 49 leap years (1900 and 2100 are not)
    }

    @Test("weekdays of known dates (1 = Monday .. 7 = Sunday)", arguments: [
        ("2025-10-20", 1), ("2025-10-21", 2), ("2025-10-24", 5), ("2025-11-01", 6), ("2025-11-02", 7),
        ("1970-01-01", 4), ("2000-01-01", 6), ("2024-02-29", 4), ("1969-12-28", 7), ("1900-01-01", 1),
    ])
    func weekdays(text: String, weekday: Int) throws {
        let d = try #require(CivilDate(parsing: text))
        #expect(d.weekday == weekday)
    }

    @Test("weekdays cycle 1...7 over consecutive days, before and after the epoch")
    func weekdayCycle() {
        for n in -30...30 {
            let today = CivilDate(dayNumber: n).weekday
            let tomorrow = CivilDate(dayNumber: n + 1).weekday
            #expect((1...7).contains(today))
            #expect(tomorrow == today % 7 + 1)
        }
    }

    @Test("leap years")
    func leapYears() {
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2025, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2100, month: 2, day: 29) == nil)
        #expect(CivilDate(parsing: "2024-02-29")?.description == "2024-02-29")
        #expect(CivilDate(parsing: "2025-02-29") == nil)
        #expect(CivilDate(parsing: "2025/2/29") == nil)
    }

    @Test("invalid components", arguments: [
        (2025, 13, 1), (2025, 0, 1), (2025, 1, 0), (2025, 1, 32), (2025, 4, 31), (2025, 2, 30), (0, 1, 1),
    ])
    func invalid(y: Int, m: Int, d: Int) {
        #expect(CivilDate(year: y, month: m, day: d) == nil)
    }

    @Test("ISO week: 2025-10-31 and 2025-11-02 share the week of Monday 2025-10-27")
    func isoWeekAcrossMonths() throws {
        let monday = try date(2025, 10, 27)
        #expect(monday.weekday == 1)
        #expect(try date(2025, 10, 31).isoWeekMonday == monday.dayNumber)
        #expect(try date(2025, 11, 1).isoWeekMonday == monday.dayNumber)
        #expect(try date(2025, 11, 2).isoWeekMonday == monday.dayNumber)
        #expect(monday.isoWeekMonday == monday.dayNumber)
        #expect(try date(2025, 10, 26).isoWeekMonday == monday.dayNumber - 7)
        #expect(try date(2025, 11, 3).isoWeekMonday == monday.dayNumber + 7)
    }

    @Test("ISO week across a year boundary and before the epoch")
    func isoWeekAcrossYears() throws {
        // 2025-12-29 is a Monday; 2026-01-04 the Sunday of its week.
        let monday = try date(2025, 12, 29)
        #expect(try date(2026, 1, 1).isoWeekMonday == monday.dayNumber)
        #expect(try date(2026, 1, 4).isoWeekMonday == monday.dayNumber)
        // 1970-01-01 (Thursday) is in the week of Monday 1969-12-29.
        #expect(try date(1970, 1, 1).isoWeekMonday == date(1969, 12, 29).dayNumber)
    }

    @Test("text forms", arguments: [
        ("2025-10-20", "2025-10-20"), ("2025/10/20", "2025-10-20"), ("2025/1/5", "2025-01-05"),
        ("2025-1-5", "2025-01-05"), ("0999-01-01", "0999-01-01"),
    ])
    func parsing(text: String, description: String) {
        #expect(CivilDate(parsing: text)?.description == description)
    }

    @Test("bad text forms", arguments: [
        "", "2025", "2025-10", "2025-10/20", "2025/10-20", "2025-13-45", "2025-02-30", "20251020",
        "25/10/20", "2025-100-1", "2025-10-200", " 2025-10-20", "2025-10-20T00:00",
    ])
    func badParsing(text: String) {
        #expect(CivilDate(parsing: text) == nil)
    }

    @Test("monthText and ordering")
    func monthAndOrder() throws {
        #expect(try date(2025, 1, 5).monthText == "2025-01")
        #expect(try date(2025, 10, 31) < date(2025, 11, 1))
        #expect(try date(2025, 11, 1) > date(2024, 12, 31))
        #expect(try date(2025, 11, 1) == CivilDate(dayNumber: date(2025, 10, 31).dayNumber + 1))
    }
}
