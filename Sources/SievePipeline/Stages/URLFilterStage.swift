import SieveIO

/// `urlfilter`: drops documents whose URL's host (or a parent domain of it) is on a blocklist.
///
/// Options: `blocklist` (a file, one domain per line, `#` comments) and/or `domains` (a list).
/// Documents without a URL are kept.
final class URLFilterStage: DocumentStage {
    static let definition = StageDefinition(
        name: "urlfilter",
        summary: "drop documents from blocklisted domains (and their subdomains)",
        make: { opts, _ in
            var domains = Set<String>()
            if let path = try opts.path("blocklist") {
                for line in try FileSystem.readText(path).split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
                    let t = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                        .trimmingCharacters(in: " \t").lowercased()
                    if !t.isEmpty { domains.insert(t) }
                }
            }
            for d in try opts.strings("domains") ?? [] { domains.insert(d.lowercased()) }
            return URLFilterStage(domains: domains)
        })

    let domains: Set<String>
    init(domains: Set<String>) { self.domains = domains }

    func process(_ doc: inout Document) throws -> Verdict {
        guard let url = doc.url, let host = URLParts.host(of: url) else { return .keep }
        var h = Substring(host)
        while true {
            if domains.contains(String(h)) {
                return .drop(reason: "blocklisted_domain", detail: ["domain": .string(String(h))])
            }
            guard let dot = h.firstIndex(of: ".") else { return .keep }
            h = h[h.index(after: dot)...]
        }
    }
}

/// Minimal URL splitting for filters (the robots module normalises hosts fully).
enum URLParts {
    /// The lowercased host of an absolute URL (`https://user@Host.example:8080/x` → `host.example`).
    static func host(of url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        var rest = url[schemeEnd.upperBound...]
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("[") { return rest.firstIndex(of: "]").map { String(rest[...$0]).lowercased() } }
        if let colon = rest.lastIndex(of: ":") { rest = rest[..<colon] }
        let h = rest.lowercased()
        return h.isEmpty ? nil : (h.hasSuffix(".") ? String(h.dropLast()) : h)
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
