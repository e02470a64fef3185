import AfterschoolWarehouse
import Foundation

/// `report.ipynb`: the report as a Jupyter notebook (nbformat 4) for an
/// analyst to carry on from. The report's narrative is in Markdown cells;
/// code cells load `tables/*.csv` with pandas and `warehouse.sqlite` with
/// sqlite3 (read-only), show the published tables with their labels, and
/// redraw the report's charts with matplotlib, with a CJK font when the
/// machine has one. The run writes it unexecuted: it needs no Python.
enum ReportNotebook {
    /// The notebook of `document`, whose published tables are `tables`.
    static func render(_ document: ReportDocument, tables: [OutputTable], window: (start: Int, end: Int)) throws -> Data {
        let text = ReportText(language: document.language)
        var cells: [Cell] = []
        cells.append(.markdown("# \(ReportMarkdown.escape(document.title))\n\n\(ReportMarkdown.escape(document.subtitle))\n\n"
            + text.pick("本笔记本由 afterschool 生成，与 report.html 内容相同。依次运行各单元格即可重新读取本次运行的数据表（tables/*.csv）和数据仓库（warehouse.sqlite），并重绘图表；可在此基础上继续分析。",
                        "Written by afterschool with the content of report.html. Run the cells in order to load this run's tables (tables/*.csv) and warehouse (warehouse.sqlite) and redraw the charts; carry on from there.")))
        cells.append(.code(setup(tables: tables, text: text, window: window)))
        let titles = Dictionary(tables.map { ($0.title.text(text.language), $0.name) }, uniquingKeysWith: { a, _ in a })
        for section in document.sections {
            var markdown = "## \(ReportMarkdown.escape(section.title))\n"
            func flush() {
                if !markdown.isEmpty { cells.append(.markdown(markdown)) }
                markdown = ""
            }
            var groupsShown = false
            for block in section.blocks {
                switch block {
                case .group:
                    // The notebook shows the per-school tables whole, once,
                    // rather than school by school.
                    guard !groupsShown else { continue }
                    groupsShown = true
                    flush()
                    for table in tables where ReportBuilder.perSchoolTables.contains(table.name) {
                        cells.append(.markdown("### \(ReportMarkdown.escape(table.title.text(text.language)))"))
                        cells.append(.code("show(\(python(table.name)))"))
                    }
                case let .chart(title, _, file):
                    guard let call = chartCall(file: file, title: title) else {
                        markdown += ReportMarkdown.block(block, language: document.language)
                        continue
                    }
                    flush()
                    cells.append(.code(call))
                case let .table(t):
                    if let name = titles[t.title] {
                        flush()
                        cells.append(.markdown("### \(ReportMarkdown.escape(t.title))"))
                        cells.append(.code("show(\(python(name)))"))
                    } else {
                        markdown += ReportMarkdown.block(block, language: document.language)
                    }
                default:
                    markdown += ReportMarkdown.block(block, language: document.language)
                }
            }
            flush()
        }
        cells.append(.markdown("---\n\n" + ReportMarkdown.footer(document)))
        for i in cells.indices { cells[i].id = "cell-\(i + 1)" }
        let notebook = Notebook(cells: cells, metadata: .init(
            kernelspec: .init(display_name: "Python 3", language: "python", name: "python3"),
            language_info: .init(name: "python")))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(notebook) + Data("\n".utf8)
    }

    /// The helper each chart of the report is redrawn with, by its file.
    static func chartCall(file: String, title: String) -> String? {
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let t = python(title)
        switch stem {
        case "participation": return "sorted_bars(\"participation_rate\", \(t))"
        case "demand-coverage": return "sorted_bars(\"demand_coverage\", \(t))"
        case "weekly": return "weekly(\(t))"
        case "satisfaction": return "satisfaction_intervals(\(t))"
        case "stipend-vs-flat": return "stipend_vs_flat(\(t))"
        case "hourly": return "hourly(\(t))"
        case "tiers": return "tiers(\(t))"
        default: return nil
        }
    }

    /// The first code cell: imports, the CJK font, the tables, the
    /// warehouse, labels and the chart helpers.
    static func setup(tables: [OutputTable], text: ReportText, window: (start: Int, end: Int)) -> String {
        var labels: [(String, String)] = []
        for table in tables {
            for c in table.columns where !labels.contains(where: { $0.0 == c.name }) {
                labels.append((c.name, c.label.text(text.language)))
            }
        }
        let labelDict = "{\n" + labels.map { "    \(python($0.0)): \(python($0.1))," }.joined(separator: "\n") + "\n}"
        let schoolName = python(text.pick("学校名称", "School name"))
        return """
            from pathlib import Path
            import sqlite3

            import matplotlib.pyplot as plt
            import pandas as pd
            from matplotlib import font_manager

            OUT = Path.cwd()  # the run's output folder, where this notebook is

            # A font with Chinese characters, so labels do not show as boxes.
            CJK_HINTS = ("Noto Sans CJK", "Noto Serif CJK", "Source Han", "WenQuanYi", "SimHei", "Microsoft YaHei", "PingFang", "Heiti")
            cjk_fonts = sorted({f.name for f in font_manager.fontManager.ttflist if any(h in f.name for h in CJK_HINTS)})
            if cjk_fonts:
                plt.rcParams["font.sans-serif"] = [cjk_fonts[0]] + plt.rcParams["font.sans-serif"]
                plt.rcParams["font.family"] = "sans-serif"
            else:
                print(\(python(text.pick("没有找到中文字体（如 Noto Sans CJK），图中的中文可能显示为方框。", "No CJK font found (such as Noto Sans CJK): Chinese labels may show as boxes."))))
            plt.rcParams["axes.unicode_minus"] = False
            pd.set_option("display.max_rows", 40)

            # Ids are text: leading zeros stay.
            ID_COLUMNS = ["school_id", "staff_id", "activity_id", "session_id", "other_session_id", "student_id", "class_id", "month", "tier"]

            def read_table(name, folder="tables"):
                path = OUT / folder / f"{name}.csv"
                if not path.exists():
                    return None
                t = pd.read_csv(path, encoding="utf-8-sig", dtype={c: str for c in ID_COLUMNS},
                                keep_default_na=False, na_values=[""])
                return t.convert_dtypes(convert_string=False)  # counts stay whole numbers beside blanks

            tables = {p.stem: read_table(p.stem) for p in sorted((OUT / "tables").glob("*.csv"))}
            warehouse = OUT / "warehouse.sqlite"
            con = sqlite3.connect(f"file:{warehouse}?mode=ro", uri=True) if warehouse.exists() else None

            def names(sql):
                \"\"\"Names by id, from a query of (id, name).\"\"\"
                if con is None:
                    return pd.Series(dtype=str)
                rows = con.execute(sql).fetchall()
                return pd.Series({i: n or "" for i, n in rows}, dtype=str)
            school_names = names("SELECT school_id, name FROM schools")
            activity_names = names("SELECT activity_id, name FROM activities")

            LABELS = \(labelDict)

            def show(name, folder="tables"):
                \"\"\"A published table with its labels and the schools' names.\"\"\"
                t = tables.get(name) if folder == "tables" else read_table(name, folder)
                if t is None:
                    print(name, \(python(text.pick("不在本次运行的输出中", "is not among this run's outputs"))))
                    return None
                t = t.copy()
                if "school_id" in t.columns and len(school_names):
                    t.insert(t.columns.get_loc("school_id") + 1, \(schoolName), t["school_id"].map(school_names))
                return t.rename(columns=LABELS)

            def school_label(school_id):
                name = school_names.get(school_id, "")
                return f"{school_id} {name}".strip()

            def sorted_bars(column, title):
                \"\"\"Schools sorted by a rate, lowest first, the district's value as a line.\"\"\"
                t = tables.get("school_summary")
                if t is None or column not in t.columns:
                    return
                s = t.set_index("school_id")[column].dropna().sort_values()
                if len(s) > 40:  # a district: the 15 lowest and the 5 highest
                    s = pd.concat([s.head(15), s.tail(5)])
                fig, ax = plt.subplots(figsize=(8, 0.35 * len(s) + 1.2))
                ax.barh([school_label(i) for i in s.index], s.values * 100, color="#4a7fb5")
                d = tables.get("district_summary")
                if d is not None and column in d.columns and pd.notna(d[column].iloc[0]):
                    ax.axvline(d[column].iloc[0] * 100, color="#c33", linestyle="--",
                               label=\(python(text.pick("全区", "district"))))
                    ax.legend(loc="lower right")
                ax.set_xlim(0, 100)
                ax.set_xlabel("%")
                ax.set_title(title)
                plt.tight_layout()
                plt.show()

            WINDOW = (\(window.start), \(window.end))  # the after-school window, minutes after midnight

            def weekly_counts():
                \"\"\"Per week of the term (weeks from the Monday of its first day): the participants of that
                week (a present row), and those of them with a present sports row, or a present row on a
                quality-education activity (any category but homework and self-study). Sessions on school
                days inside the after-school window, as the coverage stage counts them.\"\"\"
                if con is None:
                    return None
                start, end = con.execute('SELECT start, "end" FROM dataset').fetchone()
                first = pd.Timestamp(start)
                monday = (first - pd.Timedelta(days=first.weekday())).strftime("%Y-%m-%d")
                w = pd.read_sql_query(\"\"\"
                    SELECT CAST((julianday(x.date) - julianday(:monday)) / 7 AS INTEGER) AS week,
                           COUNT(DISTINCT a.student_key) AS participants,
                           COUNT(DISTINCT CASE WHEN c.category = 'sports' THEN a.student_key END) AS sport,
                           COUNT(DISTINCT CASE WHEN c.category NOT IN ('homework', 'self_study') THEN a.student_key END) AS quality
                    FROM attendance a
                    JOIN sessions x ON x.key = a.session_key
                    JOIN activities c ON c.key = x.activity_key
                    JOIN calendar d ON d.date = x.date AND d.school_day = 1
                    WHERE a.status IN ('present', 'left_early') AND x.date BETWEEN :start AND :end
                      AND x.start_min >= :ws AND x.end_min <= :we
                    GROUP BY week ORDER BY week\"\"\", con,
                    params={"monday": monday, "start": start, "end": end, "ws": WINDOW[0], "we": WINDOW[1]})
                w["monday"] = [(pd.Timestamp(monday) + pd.Timedelta(weeks=int(k))).strftime("%m-%d") for k in w["week"]]
                return w

            def weekly(title):
                w = weekly_counts()
                if w is None or w.empty:
                    print(\(python(text.pick("没有 warehouse.sqlite，无法重算逐周数据。", "No warehouse.sqlite: the weekly view cannot be computed."))))
                    return None
                fig, ax = plt.subplots(figsize=(8, 3.5))
                ax.plot(w["monday"], w["sport"] / w["participants"] * 100, marker="o", color="#2a6",
                        label=\(python(text.pick("体育活动", "sport"))))
                ax.plot(w["monday"], w["quality"] / w["participants"] * 100, marker="o", color="#36c",
                        label=\(python(text.pick("素质教育活动", "quality activity"))))
                ax.set_ylim(0, 100)
                ax.set_xlabel(\(python(text.pick("每周周一", "week beginning"))))
                ax.set_ylabel("%")
                ax.set_title(title)
                ax.legend()
                plt.tight_layout()
                plt.show()
                return w

            def satisfaction_intervals(title):
                \"\"\"Mean satisfaction by activity with its interval (the 20 with the most responses).\"\"\"
                t = tables.get("satisfaction_by_activity")
                if t is None:
                    return
                t = t.dropna(subset=["mean_overall"]).sort_values("responses", ascending=False).head(20)
                t = t.sort_values("mean_overall")
                fig, ax = plt.subplots(figsize=(8, 0.35 * len(t) + 1.2))
                labels = [f"{a} {activity_names.get(a, '')} ({s})" for a, s in zip(t["activity_id"], t["school_id"])]
                low = (t["mean_overall"] - t["ci_low"]).clip(lower=0).fillna(0)
                high = (t["ci_high"] - t["mean_overall"]).clip(lower=0).fillna(0)
                ax.errorbar(t["mean_overall"], labels, xerr=[low, high], fmt="o", color="#4a7fb5", capsize=3)
                ax.set_xlim(1, 5)
                ax.set_title(title)
                plt.tight_layout()
                plt.show()

            def histogram(values, title, marker, marker_label, unit):
                fig, ax = plt.subplots(figsize=(8, 3.5))
                ax.hist(values, bins=30, color="#4a7fb5")
                if marker is not None:
                    ax.axvline(marker, color="#c33", linestyle="--", label=marker_label)
                    ax.legend()
                ax.set_xlabel(unit)
                ax.set_title(title)
                plt.tight_layout()
                plt.show()

            def stipend_vs_flat(title):
                t = tables.get("stipend_allocation")
                if t is not None:
                    histogram(t["amount"] - t["flat_amount"], title, 0, \(python(text.pick("平均分配", "flat split"))),
                              \(python(text.pick("元", "yuan"))))

            def hourly(title):
                t = tables.get("stipend_allocation")
                if t is None:
                    return
                values = t["hourly_amount"].dropna()
                median = values.median() if len(values) else None
                label = \(python(text.pick("中位数", "median"))) + (f" {median:.2f}" if median is not None else "")
                histogram(values, title, median, label, \(python(text.pick("元/小时", "yuan per hour"))))

            def tiers(title):
                t = tables.get("school_scorecard")
                if t is None or "tier" not in t.columns:
                    return
                counts = t["tier"].fillna("–").value_counts().reindex(["A", "B", "C", "D", "–"]).dropna()
                fig, ax = plt.subplots(figsize=(6, 3))
                ax.bar(counts.index, counts.values, color="#4a7fb5")
                ax.set_title(title)
                plt.tight_layout()
                plt.show()

            {name: len(t) for name, t in tables.items()}
            """
    }

    /// `text` as a Python string literal.
    static func python(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if s.value < 0x20 || s.value == 0x7F {
                    out += "\\x" + (s.value < 0x10 ? "0" : "") + String(s.value, radix: 16)
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        return out + "\""
    }

    // MARK: - nbformat 4

    struct Notebook: Encodable {
        var cells: [Cell]
        var metadata: Metadata
        var nbformat = 4
        var nbformat_minor = 5
    }

    struct Metadata: Encodable {
        struct Kernel: Encodable { var display_name, language, name: String }
        struct LanguageInfo: Encodable { var name: String }
        var kernelspec: Kernel
        var language_info: LanguageInfo
    }

    struct Cell: Encodable {
        var cell_type: String
        var id = ""
        var source: [String]
        var isCode: Bool

        static func markdown(_ text: String) -> Cell { Cell(cell_type: "markdown", source: lines(text), isCode: false) }
        static func code(_ text: String) -> Cell { Cell(cell_type: "code", source: lines(text), isCode: true) }

        /// nbformat's multi-line string: lines, each but the last with its `\n`.
        static func lines(_ text: String) -> [String] {
            let trimmed = text.hasSuffix("\n") ? String(text.dropLast()) : text
            let parts = trimmed.split(separator: "\n", omittingEmptySubsequences: false)
            return parts.enumerated().map { $0.offset < parts.count - 1 ? $0.element + "\n" : String($0.element) }
        }

        enum CodingKeys: String, CodingKey { case cell_type, id, source, metadata, outputs, execution_count }
        struct Empty: Encodable {}

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(cell_type, forKey: .cell_type)
            try c.encode(id, forKey: .id)
            try c.encode(source, forKey: .source)
            try c.encode(Empty(), forKey: .metadata)
            if isCode {
                try c.encode([Empty](), forKey: .outputs)
                try c.encodeNil(forKey: .execution_count)
            }
        }
    }
}
