/// Parses and checks raw field text against a ``ValueKind``.
public enum ValueParser {
    /// Why a non-blank value failed: the rule and the problem.
    public struct Failure: Error, Equatable, Sendable {
        public let rule: RejectRule
        public let problem: ValueProblem
        /// The problem in English.
        public var message: String { problem.text(.en) }
    }

    /// Trims ASCII white space and the Unicode spaces Excel files carry
    /// (no-break space U+00A0, ideographic space U+3000), and a byte-order
    /// mark U+FEFF at the start only (where two files pasted together leave
    /// one). A U+FEFF at the end is kept: it is invisible, and an id that
    /// holds one must not become another id.
    public static func trim(_ text: String) -> Substring {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end {
            let n = trimmableLength(utf8, at: start, end: end)
            if n == 0 { break }
            start = utf8.index(start, offsetBy: n)
        }
        while start < end {
            let n = trimmableSuffixLength(utf8, start: start, end: end)
            if n == 0 { break }
            end = utf8.index(end, offsetBy: -n)
        }
        return text[start..<end]
    }

    /// The byte length of the trimmable character at `i`, or 0.
    private static func trimmableLength(_ u: String.UTF8View, at i: String.Index, end: String.Index) -> Int {
        let b = u[i]
        if b == 0x20 || b == 0x09 { return 1 }
        if b == 0xC2, let j = u.index(i, offsetBy: 1, limitedBy: end), j < end, u[j] == 0xA0 { return 2 }
        if b == 0xE3 || b == 0xEF, let k = u.index(i, offsetBy: 2, limitedBy: end), k < end {
            let b1 = u[u.index(after: i)], b2 = u[k]
            if b == 0xE3 && b1 == 0x80 && b2 == 0x80 { return 3 }
            if b == 0xEF && b1 == 0xBB && b2 == 0xBF { return 3 }
        }
        return 0
    }

    /// The byte length of the trimmable character ending at `end`, or 0.
    private static func trimmableSuffixLength(_ u: String.UTF8View, start: String.Index, end: String.Index) -> Int {
        let last = u.index(before: end)
        let b = u[last]
        if b == 0x20 || b == 0x09 { return 1 }
        if b == 0xA0, last > start, u[u.index(before: last)] == 0xC2 { return 2 }
        if b == 0x80, let first = u.index(last, offsetBy: -2, limitedBy: start) {
            if trimmableLength(u, at: first, end: end) == 3 { return 3 }
        }
        return 0
    }

    /// True when the text holds a control character that no value may hold:
    /// NUL to US except tab, DEL, and C1 controls. With
    /// `allowingLineBreaks` (a `text` value), LF and CR LF are allowed: what
    /// Excel writes for a cell typed with Alt+Enter. A lone CR never is.
    public static func hasControlCharacter(_ text: some StringProtocol, allowingLineBreaks: Bool = false) -> Bool {
        firstControlCharacter(text, allowingLineBreaks: allowingLineBreaks) != nil
    }

    /// The first control character that the value may not hold (see
    /// ``hasControlCharacter(_:allowingLineBreaks:)``), as its code point.
    public static func firstControlCharacter(_ text: some StringProtocol, allowingLineBreaks: Bool = false) -> UInt32? {
        if let found = text.utf8.withContiguousStorageIfAvailable({ firstControlByte($0, allowingLineBreaks) }) {
            return found
        }
        return firstControlByte(Array(text.utf8), allowingLineBreaks)
    }

    /// Scans UTF-8 bytes for a disallowed control character.
    private static func firstControlByte(_ bytes: some Collection<UInt8>, _ allowingLineBreaks: Bool) -> UInt32? {
        var previous: UInt8 = 0
        var pendingCR = false
        for b in bytes {
            if pendingCR {
                // CR is allowed only as the first half of CR LF.
                if b != 0x0A { return 0x0D }
                pendingCR = false
            } else if b == 0x0D && allowingLineBreaks {
                pendingCR = true
            } else if b == 0x0A && allowingLineBreaks {
                // A line break inside a text value: kept as is.
            } else if (b < 0x20 && b != 0x09) || b == 0x7F {
                return UInt32(b)
            }
            if previous == 0xC2 && b >= 0x80 && b <= 0x9F { return UInt32(b) }
            previous = b
        }
        return pendingCR ? 0x0D : nil
    }

    /// `text` on one line, for a log line or a terminal: a line break shows
    /// as `⏎` (CR LF as one), other control characters as `\u{..}`.
    public static func oneLine(_ text: some StringProtocol) -> String {
        guard hasControlCharacter(text) else { return String(text) }
        var out = ""
        var afterCR = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 0x0A {
                if !afterCR { out += "⏎" }
            } else if v == 0x0D {
                out += "⏎"
            } else if (v < 0x20 && v != 0x09) || v == 0x7F || (0x80...0x9F).contains(v) {
                out += "\\u{" + String(v, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
            afterCR = v == 0x0D
        }
        return out
    }

    /// Parses trimmed, non-empty `text` as `kind`.
    public static func parse(_ text: Substring, as kind: ValueKind) -> Result<Value, Failure> {
        let isText: Bool
        if case .text = kind { isText = true } else { isText = false }
        if let code = firstControlCharacter(text, allowingLineBreaks: isText) {
            return .failure(Failure(rule: .badType, problem: .controlCharacter(code: code, inText: isText)))
        }
        switch kind {
        case .id, .text:
            return .success(.text(String(text)))
        case let .int(range):
            guard let n = parseInt(text) else {
                return .failure(Failure(rule: .badType, problem: .notWholeNumber(String(text))))
            }
            guard range.contains(n) else {
                return .failure(Failure(rule: .outOfRange, problem: .outsideRange(n, range)))
            }
            return .success(.int(n))
        case let .decimal(range):
            switch parseHundredths(text) {
            case .none:
                return .failure(Failure(rule: .badType, problem: .notDecimal(String(text))))
            case .some(.none):
                return .failure(Failure(rule: .badType, problem: .tooManyDecimals(String(text))))
            case let .some(.some(h)):
                guard h >= range.lowerBound else {
                    return .failure(Failure(rule: .outOfRange, problem: .below(String(text), limit: hundredthsText(range.lowerBound))))
                }
                guard h <= range.upperBound else {
                    return .failure(Failure(rule: .outOfRange, problem: .above(String(text), limit: hundredthsText(range.upperBound))))
                }
                return .success(.int(h))
            }
        case .date:
            guard let d = CivilDate(parsing: text) else {
                return .failure(Failure(rule: .badType, problem: .notDate(String(text))))
            }
            return .success(.text(d.description))
        case .time:
            guard let m = parseTime(text) else {
                return .failure(Failure(rule: .badType, problem: .notTime(String(text))))
            }
            return .success(.int(Int64(m)))
        case .month:
            guard let parts = splitNumbers(text, separators: [UInt8(ascii: "-"), UInt8(ascii: "/")]),
                  parts.count == 2, parts[0].digits == 4, (1...2).contains(parts[1].digits),
                  (1...12).contains(parts[1].value) else {
                return .failure(Failure(rule: .badType, problem: .notMonth(String(text))))
            }
            return .success(.text("\(pad(parts[0].value, 4))-\(pad(parts[1].value, 2))"))
        case .bool:
            guard let b = parseBool(text) else {
                return .failure(Failure(rule: .badType, problem: .notYesNo(String(text))))
            }
            return .success(.bool(b))
        case let .enumeration(domain):
            guard let v = domain.canonical(for: String(text)) else {
                return .failure(Failure(rule: .badEnum, problem: .notInDomain(String(text), domain)))
            }
            return .success(.text(v))
        case let .list(domain):
            var seen: [String] = []
            for item in text.split(whereSeparator: { $0 == "|" || $0 == ";" || $0 == "、" || $0 == "；" }) {
                let t = trim(String(item))
                if t.isEmpty { continue }
                guard let v = domain.canonical(for: String(t)) else {
                    return .failure(Failure(rule: .badEnum, problem: .notInDomain(String(t), domain)))
                }
                if !seen.contains(v) { seen.append(v) }
            }
            // Canonical order, so equal lists store equally. Separators and
            // nothing else are an empty list (`days`: no day chosen), not a
            // blank (all five).
            let ordered = domain.canonical.filter(seen.contains)
            return .success(.text(ordered.joined(separator: "|")))
        }
    }

    /// `1234` hundredths as `12.34`.
    static func hundredthsText(_ h: Int64) -> String {
        let m = h.magnitude
        return (h < 0 ? "-" : "") + String(m / 100) + "." + (m % 100 < 10 ? "0" : "") + String(m % 100)
    }

    /// `-?[0-9]+`, at most 18 digits.
    public static func parseInt(_ text: some StringProtocol) -> Int64? {
        var utf8 = Substring(text).utf8[...]
        var negative = false
        if utf8.first == UInt8(ascii: "-") { negative = true; utf8 = utf8.dropFirst() }
        else if utf8.first == UInt8(ascii: "+") { utf8 = utf8.dropFirst() }
        guard !utf8.isEmpty, utf8.count <= 18 else { return nil }
        var n: Int64 = 0
        for b in utf8 {
            guard b >= 48 && b <= 57 else { return nil }
            n = n * 10 + Int64(b - 48)
        }
        return negative ? -n : n
    }

    /// A decimal in hundredths. nil: not a number; `.some(nil)`: a number
    /// with a non-zero digit past the second decimal (`0.667`; `1.500` is
    /// fine).
    public static func parseHundredths(_ text: some StringProtocol) -> Int64?? {
        var utf8 = Substring(text).utf8[...]
        var negative = false
        if utf8.first == UInt8(ascii: "-") { negative = true; utf8 = utf8.dropFirst() }
        else if utf8.first == UInt8(ascii: "+") { utf8 = utf8.dropFirst() }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var wholeDigits = 0
        var fractionDigits = 0
        var tooPrecise = false
        var inFraction = false
        for b in utf8 {
            if b == UInt8(ascii: ".") {
                if inFraction { return nil }
                inFraction = true
                continue
            }
            guard b >= 48 && b <= 57 else { return nil }
            let d = Int64(b - 48)
            if inFraction {
                fractionDigits += 1
                if fractionDigits <= 2 { fraction = fraction * 10 + d } else if d != 0 { tooPrecise = true }
            } else {
                wholeDigits += 1
                guard wholeDigits <= 15 else { return nil }
                whole = whole * 10 + d
            }
        }
        guard wholeDigits + fractionDigits > 0 else { return nil }
        if tooPrecise { return .some(nil) }
        if fractionDigits == 1 { fraction *= 10 }
        let h = whole * 100 + fraction
        return .some(negative ? -h : h)
    }

    /// `HH:MM` or `H:MM` as minutes after midnight.
    public static func parseTime(_ text: some StringProtocol) -> Int? {
        guard let parts = splitNumbers(text, separators: [UInt8(ascii: ":")]), parts.count == 2,
              (1...2).contains(parts[0].digits), parts[1].digits == 2,
              (0...23).contains(parts[0].value), (0...59).contains(parts[1].value) else { return nil }
        return parts[0].value * 60 + parts[1].value
    }

    /// `1/0`, `yes/no`, `true/false`, `y/n`, `是/否`, any case.
    public static func parseBool(_ text: some StringProtocol) -> Bool? {
        if text == "1" { return true }
        if text == "0" { return false }
        switch text.lowercased() {
        case "1", "yes", "true", "y", "是": return true
        case "0", "no", "false", "n", "否": return false
        default: return nil
        }
    }

    /// A run of digits and the separator that ends it (0 for the last).
    struct NumberPart { var value: Int; var digits: Int; var separator: UInt8 }

    /// Splits text made only of digit runs and the given separators.
    static func splitNumbers(_ text: some StringProtocol, separators: [UInt8]) -> [NumberPart]? {
        var parts: [NumberPart] = []
        var current = NumberPart(value: 0, digits: 0, separator: 0)
        for b in Substring(text).utf8 {
            if b >= 48 && b <= 57 {
                guard current.digits < 9 else { return nil }
                current.value = current.value * 10 + Int(b - 48)
                current.digits += 1
            } else if separators.contains(b) {
                guard current.digits > 0 else { return nil }
                current.separator = b
                parts.append(current)
                current = NumberPart(value: 0, digits: 0, separator: 0)
            } else {
                return nil
            }
        }
        guard current.digits > 0 else { return nil }
        parts.append(current)
        return parts
    }
}
