import AfterschoolDomain

/// How values are spelled in the files: plain (UTF-8, English headers and
/// values, `YYYY-MM-DD`, `1`/`0`, LF) or as a Chinese school's Excel export
/// (GB18030, the contract's Chinese headers and values, `YYYY/M/D`, `H:MM`,
/// 是/否, CRLF). Both spell the same rows on the same lines.
///
/// Everything is encoded once, here; the writers copy bytes. A class, so
/// that the hot loops share one instance instead of copying its tables.
///
/// Not `Sendable`: it holds the text codec's cache.
final class OutputStyle {
    let excel: Bool
    let codec: TextCodec
    let lineEnd: [UInt8]
    let yes: [UInt8]
    let no: [UInt8]
    /// Each fixed value, by its index in the domain's canonical values.
    let stage, specialty, ownership, category, segment, provider, status, staffKind, role, respondent: [[UInt8]]
    /// A `days` list by weekday bit mask (bit 0 = Monday).
    let daysList: [[UInt8]]
    /// An `interests` list by bit mask over ``Category/quality``.
    let interestsList: [[UInt8]]
    /// `HH:MM` (plain) or `H:MM` (Excel) for each minute of the day.
    let times: [[UInt8]]

    init(excel: Bool) throws(SynthError) {
        self.excel = excel
        let codec = TextCodec(excel: excel)
        self.codec = codec
        lineEnd = excel ? [0x0D, 0x0A] : [0x0A]
        yes = excel ? try codec.text("是").bytes : [UInt8(ascii: "1")]
        no = excel ? try codec.text("否").bytes : [UInt8(ascii: "0")]

        func table(_ domain: EnumDomain) throws(SynthError) -> [[UInt8]] {
            var values: [[UInt8]] = []
            for value in domain.canonical {
                if excel {
                    guard let chinese = domain.chinese(for: value) else {
                        throw .encoding(text: value, encoding: "a Chinese value")
                    }
                    values.append(try codec.text(chinese).bytes)
                } else {
                    values.append(Array(value.utf8))
                }
            }
            return values
        }
        stage = try table(.stage)
        specialty = try table(.specialty)
        ownership = try table(.ownership)
        let categories = try table(.category)
        category = categories
        segment = try table(.segment)
        provider = try table(.provider)
        status = try table(.status)
        staffKind = try table(.staffKind)
        role = try table(.role)
        respondent = try table(.respondent)

        let separator: [UInt8] = excel ? try codec.text("、").bytes : [UInt8(ascii: "|")]
        func lists(_ names: [[UInt8]], count: Int) -> [[UInt8]] {
            (0..<(1 << count)).map { mask in
                var out: [UInt8] = []
                for bit in 0..<count where mask & (1 << bit) != 0 {
                    if !out.isEmpty { out += separator }
                    out += names[bit]
                }
                return out
            }
        }
        daysList = lists(try table(.weekday), count: 5)
        interestsList = lists(Category.quality.map { categories[$0.rawValue] }, count: Category.quality.count)

        times = (0..<1440).map { minute in
            let h = minute / 60, m = minute % 60
            let hour = excel || h >= 10 ? String(h) : "0" + String(h)
            return Array((hour + ":" + (m < 10 ? "0" : "") + String(m)).utf8)
        }
    }

    /// A date: `2025-09-01` or `2025/9/1`.
    func date(_ date: CivilDate) -> [UInt8] {
        guard excel else { return Array(date.description.utf8) }
        let (y, m, d) = date.components
        return Array("\(y)/\(m)/\(d)".utf8)
    }

    /// The header names of `file`: English names, or the Chinese aliases.
    func header(_ file: InputFile) throws(SynthError) -> [[UInt8]] {
        var names: [[UInt8]] = []
        for column in file.columns {
            names.append(excel ? try codec.text(column.alias).bytes : Array(column.name.utf8))
        }
        return names
    }

    func bool(_ value: Bool) -> [UInt8] { value ? yes : no }
}
