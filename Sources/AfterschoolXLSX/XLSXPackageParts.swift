import Foundation
import XMLCoder

// The structured parts of the package, encoded with XMLCoder: the content
// types, the relationships and the workbook part. (The sheets, which can be
// large, are streamed by ``XLSXSheetWriter``.)

enum Namespace {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let contentTypes = "http://schemas.openxmlformats.org/package/2006/content-types"
}

/// Attributes are the keys not listed as elements.
protocol XMLAttributes: DynamicNodeEncoding {
    static var elements: Set<String> { get }
}

extension XMLAttributes {
    static func nodeEncoding(for key: CodingKey) -> XMLEncoder.NodeEncoding {
        elements.contains(key.stringValue) ? .element : .attribute
    }
}

/// `[Content_Types].xml`.
struct ContentTypes: Encodable, XMLAttributes {
    struct DefaultType: Encodable, XMLAttributes {
        static let elements: Set<String> = []
        let Extension: String
        let ContentType: String
    }
    struct OverrideType: Encodable, XMLAttributes {
        static let elements: Set<String> = []
        let PartName: String
        let ContentType: String
    }
    static let elements: Set<String> = ["Default", "Override"]
    let xmlns = Namespace.contentTypes
    let defaults: [DefaultType]
    let overrides: [OverrideType]

    enum CodingKeys: String, CodingKey {
        case xmlns
        case defaults = "Default"
        case overrides = "Override"
    }

    init(sheets: Int) {
        defaults = [
            .init(Extension: "rels", ContentType: "application/vnd.openxmlformats-package.relationships+xml"),
            .init(Extension: "xml", ContentType: "application/xml"),
        ]
        let sheetParts: [OverrideType] = (1...max(1, sheets)).map {
            .init(PartName: "/xl/worksheets/sheet\($0).xml",
                  ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")
        }
        overrides = [
            .init(PartName: "/xl/workbook.xml",
                  ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
            .init(PartName: "/xl/styles.xml",
                  ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"),
        ] + sheetParts
    }
}

/// `_rels/.rels` and `xl/_rels/workbook.xml.rels`.
struct Relationships: Encodable, XMLAttributes {
    struct Entry: Encodable, XMLAttributes {
        static let elements: Set<String> = []
        let Id: String
        let `Type`: String
        let Target: String
    }
    static let elements: Set<String> = ["Relationship"]
    let xmlns = Namespace.packageRelationships
    let entries: [Entry]

    enum CodingKeys: String, CodingKey {
        case xmlns
        case entries = "Relationship"
    }

    static let package = Relationships(entries: [
        .init(Id: "rId1", Type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
              Target: "xl/workbook.xml"),
    ])

    static func workbook(sheets: Int) -> Relationships {
        let sheetEntries: [Entry] = (1...max(1, sheets)).map {
            .init(Id: "rId\($0)", Type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet",
                  Target: "worksheets/sheet\($0).xml")
        }
        return Relationships(entries: sheetEntries + [.init(Id: "rId\(max(1, sheets) + 1)",
                   Type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
                   Target: "styles.xml")])
    }
}

/// `xl/workbook.xml`: the sheets in order, and each autofilter's range as
/// the hidden name Excel keeps it under.
struct WorkbookPart: Encodable, XMLAttributes {
    struct BookViews: Encodable { let workbookView: WorkbookView }
    struct WorkbookView: Encodable, XMLAttributes {
        static let elements: Set<String> = []
        let activeTab = 0
    }
    struct Sheets: Encodable { let sheet: [Sheet] }
    struct Sheet: Encodable, XMLAttributes {
        static let elements: Set<String> = []
        let name: String
        let sheetId: Int
        let rid: String
        enum CodingKeys: String, CodingKey {
            case name, sheetId
            case rid = "r:id"
        }
    }
    struct DefinedNames: Encodable { let definedName: [DefinedName] }
    struct DefinedName: Encodable, XMLAttributes {
        static let elements: Set<String> = [""]
        let name = "_xlnm._FilterDatabase"
        let localSheetId: Int
        let hidden = 1
        let value: String
        enum CodingKeys: String, CodingKey {
            case name, localSheetId, hidden
            case value = ""
        }
    }
    static let elements: Set<String> = ["bookViews", "sheets", "definedNames"]
    let xmlns = Namespace.main
    let xmlnsR = Namespace.relationships
    let bookViews = BookViews(workbookView: WorkbookView())
    let sheets: Sheets
    let definedNames: DefinedNames?

    enum CodingKeys: String, CodingKey {
        case xmlns
        case xmlnsR = "xmlns:r"
        case bookViews, sheets, definedNames
    }
}

extension Encodable {
    /// The value as an XML part with the given root element.
    func xmlPart(root: String) throws -> String {
        let data = try XMLEncoder().encode(self, withRootKey: root,
                                           header: XMLHeader(version: 1.0, encoding: "UTF-8", standalone: "yes"))
        return String(decoding: data, as: UTF8.self)
    }
}
