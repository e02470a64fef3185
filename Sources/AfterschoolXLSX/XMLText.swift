/// Escaping of text for the XML parts of a workbook.
enum XMLText {
    /// `text` escaped for element content or a double-quoted attribute.
    /// Characters XML 1.0 cannot hold (control characters other than tab,
    /// LF and CR; U+FFFE, U+FFFF) are written as OOXML's `_xHHHH_`, and a
    /// literal `_xHHHH_` in the text has its underscore escaped
    /// (`_x005F_`), so that Excel shows the text as it was.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        for (i, s) in scalars.enumerated() {
            switch s.value {
            case 0x26: out += "&amp;"
            case 0x3C: out += "&lt;"
            case 0x3E: out += "&gt;"
            case 0x22: out += "&quot;"
            case 0x0D: out += "&#13;"
            case 0x09, 0x0A: out.unicodeScalars.append(s)
            case 0x00...0x1F, 0xFFFE, 0xFFFF: out += hexEscape(s.value)
            case 0x5F where looksLikeEscape(scalars, at: i): out += "_x005F_"
            default: out.unicodeScalars.append(s)
            }
        }
        return out
    }

    private static func hexEscape(_ v: UInt32) -> String {
        let hex = String(v, radix: 16, uppercase: true)
        return "_x" + String(repeating: "0", count: 4 - hex.count) + hex + "_"
    }

    /// `_xHHHH_` starts at `i`.
    private static func looksLikeEscape(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + 6 < s.count, s[i + 1] == "x", s[i + 6] == "_" else { return false }
        return s[(i + 2)...(i + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
    }
}
