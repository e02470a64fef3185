/// A warning about the data, in both languages: a warning is found once
/// (by ingestion, kept for the runs that reuse it) and shown in the
/// language of each run that shows it. A warning never changes a figure or
/// the exit status.
public struct DataWarning: Codable, Sendable, Equatable {
    /// The sentence in Chinese.
    public let zh: String
    /// The same sentence in English.
    public let en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// The sentence in `language`.
    public func text(_ language: TextLanguage) -> String { language == .zh ? zh : en }
}
