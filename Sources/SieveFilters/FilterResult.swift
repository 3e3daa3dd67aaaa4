// SieveFilters: document-level quality filters, word segmentation, PII redaction and word-list
// toxicity scoring. Each filter is a small unit that answers keep or drop-with-reason.
import SieveIO

/// The verdict of one filter on one document.
public enum FilterResult: Sendable, Equatable {
    /// The document passes.
    case keep
    /// The document is dropped; `reason` is a stable name (datatrove's where one exists, e.g.
    /// `gopher_short_doc`, `dup_line_frac`, `line_punct_ratio`) and `detail` holds the measured
    /// value(s) and the threshold that was crossed.
    case drop(reason: String, detail: JSONObject)

    /// True for `.keep`.
    public var isKeep: Bool { if case .keep = self { return true } else { return false } }
}

/// A document filter: pure, thread-safe, cheap to call.
public protocol DocumentFilter: Sendable {
    /// The filter's name as used on the command line and in configs (e.g. `gopher_quality`).
    var name: String { get }
    /// Decides on one document. `language` is a code such as `en`, `eng_Latn` or nil (unknown).
    func check(_ text: String, language: String?) -> FilterResult
}

extension FilterResult {
    /// A drop with `value` (the measurement) and `threshold`.
    static func drop(_ reason: String, value: Double, threshold: Double) -> FilterResult {
        .drop(reason: reason, detail: JSONObject([("value", .double(value)), ("threshold", .double(threshold))]))
    }

    static func drop(_ reason: String, value: Int, threshold: Double) -> FilterResult {
        .drop(reason: reason, detail: JSONObject([("value", .int(Int64(value))), ("threshold", .double(threshold))]))
    }
}
