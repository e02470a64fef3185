import Foundation

/// What the report says, before it is written as HTML or Markdown: a title,
/// sections of paragraphs, target checks and tables, and a footer. All text
/// is plain; the writers escape it.
public struct ReportDocument: Sendable, Equatable {
    public var language: String
    public var title: String
    public var subtitle: String
    public var sections: [Section] = []
    public var footer: [String] = []

    public init(language: String, title: String, subtitle: String) {
        self.language = language
        self.title = title
        self.subtitle = subtitle
    }

    /// A titled part of the report.
    public struct Section: Sendable, Equatable {
        public var title: String
        public var blocks: [Block]

        public init(title: String, blocks: [Block]) {
            self.title = title
            self.blocks = blocks
        }
    }

    /// One piece of a section.
    public enum Block: Sendable, Equatable {
        case paragraph(String)
        /// Figures against their targets.
        case targets([TargetLine])
        /// A table; rows past `shown` are folded away (HTML) or left out
        /// with a note (Markdown).
        case table(Table)
        /// A chart: inline SVG in the HTML, an SVG file beside the Markdown
        /// (`file`, a path in the output folder).
        case chart(title: String, svg: String, file: String)
        /// A titled group of blocks (one school's): folded in the HTML, a
        /// heading in the Markdown. Groups do not nest.
        indirect case group(title: String, blocks: [Block])
    }

    /// One policy target: the district's figure, the target, whether it is
    /// met, and the schools that miss it.
    public struct TargetLine: Sendable, Equatable {
        public var label: String
        public var value: String
        public var target: String
        /// nil: no figure (blank).
        public var met: Bool?
        /// "S001 第一小学 (85.3%)", ...
        public var missing: [String]
    }

    /// A table of text cells.
    public struct Table: Sendable, Equatable {
        public var title: String
        public var headers: [String]
        /// Right-aligned (numeric) columns.
        public var numeric: [Bool]
        public var rows: [[String]]
        /// Rows shown before the rest is folded.
        public var shown: Int
        public var note: String?

        public init(title: String, headers: [String], numeric: [Bool], rows: [[String]], shown: Int, note: String?) {
            self.title = title
            self.headers = headers
            self.numeric = numeric
            self.rows = rows
            self.shown = shown
            self.note = note
        }
    }
}
