/// URL normalisation for URL-level exact dedup. Pure and thread-safe.
///
/// URL dedup runs through the same four phases in exact mode: `SignatureWriter.add(key:hash:)`
/// with `URLKey.hash(url)`. The phases keep the smallest `DocKey`; to keep the newest capture,
/// number the input files newest first (e.g. sort dumps by date, descending) when assigning keys.
public enum URLKey {
    /// Lowercases scheme and host, drops the scheme, a leading `www.`, default ports (80, 443),
    /// user info and the fragment, and a trailing `/` of a non-root path; keeps the query.
    /// `HTTPS://WWW.Example.COM:443/a/?x=1#f` → `example.com/a?x=1`.
    public static func normalize(_ url: String) -> String {
        var s = Substring(url.trimmingWhitespace())
        var scheme = ""
        if let r = s.range(of: "://") {
            scheme = s[s.startIndex..<r.lowerBound].lowercased()
            s = s[r.upperBound...]
        }
        if let hash = s.firstIndex(of: "#") { s = s[s.startIndex..<hash] }
        let authorityEnd = s.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? s.endIndex
        var authority = s[s.startIndex..<authorityEnd]
        var rest = s[authorityEnd...]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host = authority.lowercased()
        if host.hasPrefix("www.") { host.removeFirst(4) }
        if (scheme == "http" || scheme.isEmpty) && host.hasSuffix(":80") { host.removeLast(3) }
        if (scheme == "https" || scheme.isEmpty) && host.hasSuffix(":443") { host.removeLast(4) }
        var path = rest
        var query: Substring = ""
        if let q = rest.firstIndex(of: "?") { path = rest[rest.startIndex..<q]; query = rest[q...] }
        rest = path
        var p = String(rest)
        if p.isEmpty { p = "/" }
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return host + p + query
    }

    /// 64-bit hash of the normalised URL.
    public static func hash(_ url: String) -> UInt64 { XXH64.hash(normalize(url)) }
}

extension String {
    fileprivate func trimmingWhitespace() -> Substring {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return s
    }
}
