import SieveFilters
import SieveIO

/// `urlfilter`: drops documents whose URL's host (or a parent domain of it) is on a blocklist,
/// and optionally, as FineWeb (datatrove's `URLFilter`), URLs holding a banned word, at least
/// `soft_word_threshold` soft-banned words, or a banned subword.
///
/// Options: `blocklist` (one file or a list of files, one domain per line, `#` comments; big
/// lists such as UT1's 4.56 M domains are compiled once into `FILE.sieveidx` and memory-mapped),
/// `domains` (a list), `words` (a folder with datatrove's `banned_words.txt`,
/// `soft_banned_words.txt`, `banned_subwords.txt`), `soft_word_threshold` (default 2).
/// Documents without a URL are kept.
final class URLFilterStage: DocumentStage {
    static let definition = StageDefinition(
        name: "urlfilter",
        summary: "drop documents from blocklisted domains (and their subdomains) or with banned URL words",
        make: { opts, setup in
            var files: [String] = []
            for raw in try opts.strings("blocklist") ?? [] {
                let p = opts.resolve(raw)
                if !FileSystem.exists(p) {
                    let hint = raw.contains(".assets/") ? " (run scripts/setup.sh: it fetches the UT1 list)" : ""
                    throw opts.error("blocklist", "'blocklist': no such file or folder '\(raw)' (relative paths start at \(opts.baseDirectory))\(hint)")
                }
                files.append(p)
            }
            let domains = try opts.strings("domains") ?? []
            var rules: URLWordRules?
            let threshold = try opts.int("soft_word_threshold", default: 2, min: 1)
            if let dir = try opts.string("words") {
                let p = opts.resolve(dir)
                if !FileSystem.isDirectory(p) {
                    throw opts.error("words", "'words': no folder '\(dir)' with banned_words.txt, soft_banned_words.txt, banned_subwords.txt (run scripts/setup.sh: it unpacks datatrove's lists)")
                }
                do { rules = try URLWordRules(directory: p, softWordThreshold: threshold) } catch { throw opts.error("words", "\(error)") }
            }
            guard setup.forRunning else { return URLFilterStage(lists: [], rules: rules) }
            var lists = [URLBlocklist(domains: domains)]
            for f in files {
                do { lists.append(try URLBlocklist(path: f)) } catch { throw opts.error("blocklist", "\(error)") }
            }
            return URLFilterStage(lists: lists, rules: rules)
        })

    let filter: URLFilter
    init(lists: [URLBlocklist], rules: URLWordRules?) {
        filter = URLFilter(lists: lists, rules: rules)
    }

    /// Decisions look at the URL only; the text passes through undecoded.
    var readsText: Bool { false }

    func process(_ doc: inout Document) throws -> Verdict {
        guard let url = doc.url, case .drop(let reason, let detail) = filter.check(url: url) else { return .keep }
        return .drop(reason: reason, detail: detail)
    }
}

/// Minimal URL splitting for filters (the robots module normalises hosts fully).
enum URLParts {
    /// The lowercased host of an absolute URL (`https://user@Host.example:8080/x` → `host.example`).
    static func host(of url: String) -> String? { URLBlocklist.host(of: url) }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
