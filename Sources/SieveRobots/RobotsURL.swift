// URL splitting for robots.txt checks: the host key and the path+query to match.

/// URL helpers (byte-level; never throws, never traps on malformed input).
public enum RobotsURL {
    /// The path (+ `?query`) to match, normalised for `semantics`, and whether it is `/robots.txt`.
    struct Target {
        var path: [UInt8]
        var isRobotsTxt: Bool
    }

    /// Splits a URL the way Python's `urlsplit` does (enough for matching): returns the range of the
    /// scheme (if any), of the authority (if `//` follows), and the path+query range (fragment cut).
    struct Split {
        var scheme: Range<Int>?
        var authority: Range<Int>?
        var rest: Range<Int>
        var bytes: [UInt8]
    }

    static func split(_ input: [UInt8]) -> Split {
        var s = input
        // urlsplit: strip leading C0 controls and spaces, drop tab/CR/LF anywhere.
        var lead = 0
        while lead < s.count && s[lead] <= 0x20 { lead += 1 }
        if lead > 0 { s.removeFirst(lead) }
        if s.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            s.removeAll { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        }
        let r = s.withUnsafeBufferPointer { rawSplit($0) }
        return Split(scheme: r.scheme, authority: r.authority, rest: r.rest, bytes: s)
    }

    /// Ranges of a URL split in place (see `Split`).
    struct RawSplit {
        var scheme: Range<Int>?
        var authority: Range<Int>?
        var rest: Range<Int>
    }

    /// True when `split` would change the bytes before splitting (leading C0 controls or spaces,
    /// tab/CR/LF anywhere); otherwise `rawSplit` works on them as they are.
    @inline(__always)
    static func needsCleaning(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        if let f = s.first, f <= 0x20 { return true }
        for b in s where b <= 0x0D && (b == 0x09 || b == 0x0A || b == 0x0D) { return true }
        return false
    }

    /// Splits already clean bytes (`needsCleaning` false) without copying.
    static func rawSplit(_ s: UnsafeBufferPointer<UInt8>) -> RawSplit {
        var end = s.count
        var colon = -1
        var k = 0
        while k < end {
            let b = s[k]
            if b == 0x23 { end = k; break }
            if b == 0x3A && colon < 0 { colon = k }
            k += 1
        }
        if colon >= end { colon = -1 }
        var pos = 0
        var scheme: Range<Int>? = nil
        if colon > 0, isAlpha(s[0]) {
            var ok = true
            for k in 0..<colon where !(isAlpha(s[k]) || (s[k] >= 0x30 && s[k] <= 0x39) || s[k] == 0x2B || s[k] == 0x2D || s[k] == 0x2E) {
                ok = false
                break
            }
            if ok { scheme = 0..<colon; pos = colon + 1 }
        }
        var authority: Range<Int>? = nil
        if pos + 1 < end, s[pos] == 0x2F, s[pos + 1] == 0x2F {
            var a = pos + 2
            while a < end, s[a] != 0x2F, s[a] != 0x3F { a += 1 }
            authority = (pos + 2)..<a
            pos = a
        }
        return RawSplit(scheme: scheme, authority: authority, rest: pos..<end)
    }

    /// True when normalising `rest` for `semantics` would leave it unchanged (so it can be
    /// matched in place): it starts with `/` and has no byte the normaliser rewrites.
    @inline(__always)
    static func isNormalized(_ rest: UnsafeBufferPointer<UInt8>, semantics: RobotsSemantics) -> Bool {
        guard rest.first == 0x2F else { return false }
        switch semantics {
        case .rfc:
            for b in rest where b <= 0x20 || b >= 0x7F || b == 0x25 { return false }
        case .protego:
            for b in rest where !(PercentCoding.isUnreserved(b) || b == 0x2F || b == 0x3D) { return false }
        }
        return true
    }

    /// True when the path part of `rest` (before `?`) is `/robots.txt`.
    @inline(__always)
    static func isRobotsTxt(_ rest: UnsafeBufferPointer<UInt8>) -> Bool {
        let name: StaticString = "/robots.txt"
        let m = name.utf8CodeUnitCount
        guard rest.count >= m, rest.count == m || rest[m] == 0x3F else { return false }
        let p = name.utf8Start
        for k in 0..<m where rest[k] != p[k] { return false }
        return true
    }

    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }

    static func target(_ sp: Split, semantics: RobotsSemantics) -> Target {
        sp.bytes.withUnsafeBufferPointer { b in
            let rest = UnsafeBufferPointer(rebasing: b[sp.rest])
            return Target(path: normalizedPath(rest, semantics: semantics), isRobotsTxt: isRobotsTxt(rest))
        }
    }

    /// The path+query `rest` normalised for `semantics`, always starting with `/`.
    static func normalizedPath(_ rest: UnsafeBufferPointer<UInt8>, semantics: RobotsSemantics) -> [UInt8] {
        var out: [UInt8]
        switch semantics {
        case .rfc:
            out = []
            out.reserveCapacity(rest.count + 8)
            if rest.first != 0x2F { out.append(0x2F) }
            PercentCoding.normalizeRFC(rest, into: &out)
        case .protego:
            out = PercentCoding.normalizeProtego(Array(rest), pattern: false)
            if out.first != 0x2F { out.insert(0x2F, at: 0) }
        }
        return out
    }

    /// Calls `body` with the normalised path+query `rest`: in place when normalising would not
    /// change it (the common case: no allocation), else from a normalised copy.
    @inline(__always)
    static func withNormalizedPath<R>(_ rest: UnsafeBufferPointer<UInt8>, semantics: RobotsSemantics,
                                      _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if isNormalized(rest, semantics: semantics) { return body(rest) }
        return normalizedPath(rest, semantics: semantics).withUnsafeBufferPointer(body)
    }

    static func pathForMatching(_ url: [UInt8], semantics: RobotsSemantics) -> Target? {
        target(split(url), semantics: semantics)
    }

    /// The normalised host key of a URL: lowercase host, IDN labels in punycode, userinfo dropped,
    /// default port dropped (`example.com`, `example.com:8080`), with the lowercase scheme.
    /// Nil when the URL has no host.
    public static func hostKey(_ url: String) -> (scheme: String, host: String)? {
        hostKey(split(Array(url.utf8)))
    }

    static func hostKey(_ sp: Split) -> (scheme: String, host: String)? {
        guard let a = sp.authority else { return nil }
        let scheme = sp.scheme.map { String(decoding: sp.bytes[$0].map(asciiLower), as: UTF8.self) } ?? ""
        guard let host = normalizeAuthority(Array(sp.bytes[a]), scheme: scheme) else { return nil }
        return (scheme, host)
    }

    /// Normalises `host[:port]` (userinfo allowed and dropped). Nil when empty or malformed.
    public static func normalizeAuthority(_ raw: [UInt8], scheme: String) -> String? {
        var auth = raw[...]
        if let at = auth.lastIndex(of: 0x40) { auth = auth[(at + 1)...] }
        var host = auth
        var port: ArraySlice<UInt8> = []
        if auth.first == 0x5B {  // [IPv6]
            guard let close = auth.firstIndex(of: 0x5D) else { return nil }
            host = auth[auth.startIndex...close]
            let after = auth[(close + 1)...]
            if after.first == 0x3A { port = after.dropFirst() }
        } else if let c = auth.lastIndex(of: 0x3A) {
            host = auth[auth.startIndex..<c]
            port = auth[(c + 1)...]
        }
        while host.last == 0x2E { host = host.dropLast() }
        if host.isEmpty { return nil }
        for b in port where !(b >= 0x30 && b <= 0x39) { return nil }
        var portNum: Int? = nil
        if !port.isEmpty {
            var v = 0
            for b in port.prefix(6) { v = v * 10 + Int(b - 0x30) }
            guard v <= 65535 else { return nil }
            portNum = v
        }
        if (scheme == "http" && portNum == 80) || (scheme == "https" && portNum == 443) { portNum = nil }
        guard let name = normalizeHostName(Array(host)) else { return nil }
        if let p = portNum { return "\(name):\(p)" }
        return name
    }

    /// Lowercases a host name and converts non-ASCII labels to punycode (`xn--…`).
    static func normalizeHostName(_ host: [UInt8]) -> String? {
        if !host.contains(where: { $0 >= 0x80 }) {
            for b in host where b <= 0x20 || b == 0x2F || b == 0x3F || b == 0x23 || b == 0x7F { return nil }
            return String(decoding: host.map(asciiLower), as: UTF8.self)
        }
        guard let text = String(validating: host, as: UTF8.self) else { return nil }
        var labels: [String] = []
        for label in text.lowercased().split(separator: ".", omittingEmptySubsequences: false) {
            let scalars = Array(label.unicodeScalars)
            if scalars.allSatisfy({ $0.isASCII }) {
                labels.append(String(label))
            } else {
                guard let encoded = Punycode.encode(scalars) else { return nil }
                labels.append("xn--" + encoded)
            }
        }
        return labels.joined(separator: ".")
    }
}

/// RFC 3492 Punycode encoder.
enum Punycode {
    static let base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 128

    static func digit(_ d: Int) -> Character {
        d < 26 ? Character(UnicodeScalar(UInt8(97 + d))) : Character(UnicodeScalar(UInt8(22 + d)))
    }

    static func adapt(_ delta: Int, _ numPoints: Int, _ first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / numPoints
        var k = 0
        while delta > ((base - tmin) * tmax) / 2 {
            delta /= base - tmin
            k += base
        }
        return k + (base - tmin + 1) * delta / (delta + skew)
    }

    static func encode(_ input: [Unicode.Scalar]) -> String? {
        let codes = input.map { Int($0.value) }
        var output = ""
        for c in codes where c < 0x80 { output.append(Character(UnicodeScalar(UInt8(c)))) }
        let b = output.count
        var h = b
        if b > 0 { output.append("-") }
        var n = initialN, delta = 0, bias = initialBias
        while h < codes.count {
            guard let m = codes.filter({ $0 >= n }).min() else { return nil }
            let (mul, o1) = (m - n).multipliedReportingOverflow(by: h + 1)
            if o1 || delta > Int(Int32.max) { return nil }
            delta += mul
            n = m
            for c in codes {
                if c < n { delta += 1 }
                if c == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tmin : (k >= bias + tmax ? tmax : k - bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, h + 1, h == b)
                    delta = 0
                    h += 1
                }
            }
            delta += 1
            n += 1
        }
        return output
    }
}
