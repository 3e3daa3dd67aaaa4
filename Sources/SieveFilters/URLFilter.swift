import SieveIO

/// The URL filter (FineWeb's, datatrove's `URLFilter`): a URL is dropped when its host or a parent
/// domain of it is on one of the blocklists (`blocklisted_domain`, detail `domain`), else when it
/// breaks the word rules (`blocklisted_url_word`, detail `rule` and `word`).
public struct URLFilter: Sendable {
    /// The domain lists, checked in order.
    public let lists: [URLBlocklist]
    /// datatrove's banned / soft-banned / sub-word rules, if configured.
    public let rules: URLWordRules?

    public init(lists: [URLBlocklist], rules: URLWordRules?) {
        self.lists = lists
        self.rules = rules
    }

    /// Keep, or drop with the matched domain or word.
    public func check(url: String) -> FilterResult {
        if let host = URLBlocklist.host(of: url) {
            for l in lists {
                if let d = l.match(host: host) { return .drop(reason: "blocklisted_domain", detail: ["domain": .string(d)]) }
            }
        }
        if let rules, let (rule, word) = rules.check(url: url) {
            return .drop(reason: "blocklisted_url_word", detail: ["rule": .string(rule), "word": .string(word)])
        }
        return .keep
    }
}
