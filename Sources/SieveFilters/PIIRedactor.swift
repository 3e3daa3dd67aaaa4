import CRE2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces personal data with placeholders (`<email-pii>`, `<ip-pii>`, `<iban-pii>`,
/// `<phone-pii>`, `<card-pii>`). Candidates are found with RE2 (linear time) and then checked:
/// IP addresses must parse (inet_pton) and not look like version numbers or OIDs, IBANs must
/// pass the ISO 13616 mod-97 check (space-grouped and compact forms), card numbers the Luhn
/// check. Thread-safe (RE2 objects are immutable once compiled).
public final class PIIRedactor: @unchecked Sendable {
    /// The kinds of personal data.
    public enum Kind: String, CaseIterable, Sendable {
        case email, ip, iban, phone, card

        /// The text that replaces a match.
        public var placeholder: String { "<\(rawValue)-pii>" }
    }

    /// The kinds Apertus redacts (email, IP, IBAN).
    public static let defaultKinds: [Kind] = [.email, .ip, .iban]

    public let kinds: [Kind]
    /// Per pattern: its kind, its compiled RE2, and a byte pre-check that is true whenever
    /// the pattern could match (RE2 runs only then; a false pre-check means no match).
    private let regexes: [(Kind, OpaquePointer, Gate)]

    /// Compiles the patterns of `kinds`.
    public init(kinds: [Kind] = PIIRedactor.defaultKinds) throws {
        self.kinds = Kind.allCases.filter { kinds.contains($0) }
        var compiled: [(Kind, OpaquePointer, Gate)] = []
        for k in self.kinds {
            for (index, pattern) in PIIRedactor.patterns(k).enumerated() {
                var err = [CChar](repeating: 0, count: 256)
                let re = pattern.withCString { cre2_new($0, strlen($0), 0, &err, 256) }
                guard let re else {
                    for (_, r, _) in compiled { cre2_free(r) }
                    throw PIIPatternError(kind: k, message: String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
                }
                compiled.append((k, re, Gate(k, index)))
            }
        }
        regexes = compiled
    }

    deinit { for (_, r, _) in regexes { cre2_free(r) } }

    static func patterns(_ k: Kind) -> [String] {
        switch k {
        case .email:
            return [#"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"#]
        case .ip:
            // IPv6 with an embedded IPv4 tail (`::ffff:192.0.2.1`) is tried first at a position.
            return [#"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}"#,
                    #"(?:[0-9A-Fa-f]{0,4}:){2,6}[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}"#]
        case .iban:
            return [#"[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}"#]
        case .phone:
            return [#"\+[1-9][0-9]{0,2}(?:[ .-]?\(?[0-9]{1,4}\)?){2,6}"#, #"\([0-9]{3}\) ?[0-9]{3}[-. ][0-9]{4}"#]
        case .card:
            return [#"[0-9](?:[ -]?[0-9]){12,18}"#]
        }
    }

    /// Redacts `text`. Returns the new text, the number of replacements per kind and the spans
    /// that were replaced, as UTF-8 byte offsets into the original text (never the values).
    public func redact(_ text: String) -> (text: String, counts: [Kind: Int], spans: [(kind: Kind, start: Int, end: Int)]) {
        withBytes(text) { p -> (String, [Kind: Int], [(kind: Kind, start: Int, end: Int)]) in
            let spans = find(p)
            if spans.isEmpty { return (text, [:], []) }
            var counts: [Kind: Int] = [:]
            var out: [UInt8] = []
            out.reserveCapacity(p.count)
            var pos = 0
            for s in spans {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[pos..<s.start]))
                out.append(contentsOf: s.kind.placeholder.utf8)
                counts[s.kind, default: 0] += 1
                pos = s.end
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: p[pos..<p.count]))
            return (String(decoding: out, as: UTF8.self), counts, spans)
        }
    }

    /// The validated, non-overlapping matches in byte order.
    public func find(_ p: UnsafeBufferPointer<UInt8>) -> [(kind: Kind, start: Int, end: Int)] {
        guard let base = p.baseAddress, p.count > 0 else { return [] }
        var found: [(kind: Kind, start: Int, end: Int)] = []
        var buf = [Int64](repeating: 0, count: 128)
        for (kind, re, gate) in regexes {
            if !gate.mayMatch(p) { continue }
            let cptr = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            var n = Int(cre2_find_all(re, cptr, p.count, &buf, Int64(buf.count / 2)))
            if n > buf.count / 2 {
                buf = [Int64](repeating: 0, count: 2 * n)
                n = Int(cre2_find_all(re, cptr, p.count, &buf, Int64(n)))
            }
            for k in 0..<n {
                if let r = validate(kind, p, Int(buf[2 * k]), Int(buf[2 * k + 1])) { found.append((kind, r.lowerBound, r.upperBound)) }
            }
        }
        if found.count > 1 {
            // Earlier start wins, then the longer match, then the kind order.
            found.sort { a, b in
                if a.start != b.start { return a.start < b.start }
                if a.end != b.end { return a.end > b.end }
                return Kind.allCases.firstIndex(of: a.kind)! < Kind.allCases.firstIndex(of: b.kind)!
            }
            var kept: [(kind: Kind, start: Int, end: Int)] = []
            for f in found where kept.last.map({ f.start >= $0.end }) ?? true { kept.append(f) }
            found = kept
        }
        return found
    }

    // MARK: - Pre-checks

    /// A necessary condition of one pattern, checked on the bytes before RE2 runs.
    enum Gate {
        case at, ipv4, ipv6, iban, plus, paren, digits13, always

        init(_ kind: Kind, _ index: Int) {
            switch (kind, index) {
            case (.email, _): self = .at
            case (.ip, 0): self = .ipv4
            case (.ip, 1): self = .ipv6
            case (.iban, _): self = .iban
            case (.phone, 0): self = .plus
            case (.phone, 1): self = .paren
            case (.card, _): self = .digits13
            default: self = .always
            }
        }

        func mayMatch(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = p.baseAddress else { return false }
            switch self {
            case .at: return memchr(base, 0x40, p.count) != nil  // every address has an `@`
            case .plus: return memchr(base, 0x2B, p.count) != nil
            case .paren: return memchr(base, 0x28, p.count) != nil
            case .ipv4: return Gate.hasDottedQuad(p)
            case .ipv6: return Gate.hasColonPair(p)
            case .iban: return Gate.hasIBANStart(p)
            case .digits13:
                var n = 0
                for b in p where isDigit(b) { n += 1; if n >= 13 { return true } }
                return false
            case .always: return true
            }
        }

        /// Digit runs joined by single dots, four or more in a row (`1.2.3.4`): needed by
        /// `[0-9]{1,3}(\.[0-9]{1,3}){3}` (the run lengths are not checked). Visits the dots only.
        static func hasDottedQuad(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = p.baseAddress else { return false }
            let n = p.count
            var from = 1
            while from < n - 1, let hit = memchr(base + from, 0x2E, n - 1 - from) {
                let d = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                from = d + 1
                guard isDigit(p[d - 1]) && isDigit(p[d + 1]) else { continue }
                // d ends the first group when three more "." + digits follow.
                var k = d
                var groups = 0
                while groups < 3 && k < n && p[k] == 0x2E && k + 1 < n && isDigit(p[k + 1]) {
                    k += 1
                    while k < n && isDigit(p[k]) { k += 1 }
                    groups += 1
                }
                if groups == 3 { return true }
            }
            return false
        }

        /// Two colons with at most four hex digits between them: needed by both IPv6
        /// alternatives (each has `:[0-9A-Fa-f]{0,4}:`). Visits the colons only.
        static func hasColonPair(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = p.baseAddress else { return false }
            let n = p.count
            var from = 0
            while from < n - 1, let hit = memchr(base + from, 0x3A, n - 1 - from) {
                let c = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                var k = c + 1
                while k < n && k - c <= 5 {
                    let b = p[k]
                    if b == 0x3A { return true }
                    if !(isDigit(b) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66)) { break }
                    k += 1
                }
                from = c + 1
            }
            return false
        }

        /// Two capital letters and two digits (`DE89`): the start of every IBAN candidate.
        static func hasIBANStart(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
            let n = p.count
            var i = 0
            while i + 3 < n {
                let b = p[i]
                if b >= 0x41 && b <= 0x5A {
                    let c = p[i + 1]
                    if c >= 0x41 && c <= 0x5A {
                        if isDigit(p[i + 2]) && isDigit(p[i + 3]) { return true }
                        i += 1
                    } else {
                        i += 2
                    }
                } else {
                    i += 1
                }
            }
            return false
        }
    }

    // MARK: - Validation

    @inline(__always) private static func isAlnum(_ b: UInt8) -> Bool {
        (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || (b >= 0x30 && b <= 0x39)
    }
    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private func validate(_ kind: Kind, _ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Range<Int>? {
        switch kind {
        case .email: return Self.validateEmail(p, s, e)
        case .ip: return Self.validateIP(p, s, e)
        case .iban: return Self.validateIBAN(p, s, e)
        case .phone: return Self.validatePhone(p, s, e)
        case .card: return Self.validateCard(p, s, e)
        }
    }

    private static let fileExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "css", "js", "ts", "json", "pdf", "mp4", "webm",
    ]

    static func validateEmail(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Range<Int>? {
        // `icon@2x.png`-style asset names are not addresses.
        var dot = e - 1
        while dot > s && p[dot] != 0x2E { dot -= 1 }
        let tld = String(decoding: UnsafeBufferPointer(rebasing: p[(dot + 1)..<e]), as: UTF8.self).lowercased()
        if fileExtensions.contains(tld) { return nil }
        // The address starts at a word character (as `\b` does): `+jane@x.org` keeps its `+`.
        var start = s
        while start < e && p[start] != 0x40 && !(isAlnum(p[start]) || p[start] == 0x5F) { start += 1 }
        return start < e && p[start] != 0x40 ? start..<e : nil
    }

    static func validateIP(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Range<Int>? {
        // Boundaries: not inside a longer token (1.2.3.4.5, v1.2.3.4, abc::def).
        if s > 0 {
            let b = p[s - 1]
            if isAlnum(b) || b == 0x2E || b == 0x3A || b == 0x5F || b == 0x2D { return nil }
        }
        if e < p.count {
            let b = p[e]
            if isAlnum(b) || b == 0x5F { return nil }
            if b == 0x3A && p[s..<e].contains(0x3A) { return nil }  // IPv4 may be followed by `:port`
            if b == 0x2E && e + 1 < p.count && isDigit(p[e + 1]) { return nil }
        }
        let str = String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)
        var addr = [UInt8](repeating: 0, count: 16)
        if str.contains(":") {
            // At least two non-empty groups (rejects `::`, `a::`, times like `12:30:45`
            // which fail to parse anyway).
            let groups = str.split(separator: ":", omittingEmptySubsequences: true)
            guard groups.count >= 2, inet_pton(AF_INET6, str, &addr) == 1 else { return nil }
            return s..<e
        }
        guard inet_pton(AF_INET, str, &addr) == 1 else { return nil }
        // Version numbers: `version 1.2.3.4`, `v1.2.3.4`, `release 10.0.0.1`.
        var k = s - 1
        while k >= 0 && (p[k] == 0x20 || p[k] == 0x3A || p[k] == 0x09) { k -= 1 }
        var w = k
        while w >= 0 && isAlnum(p[w]) { w -= 1 }
        if k > w {
            let word = String(decoding: UnsafeBufferPointer(rebasing: p[(w + 1)...k]), as: UTF8.self).lowercased()
            if ["version", "ver", "v", "release", "build", "firmware", "update", "oid", "section", "sec", "chapter",
                "clause", "article", "art", "rule", "step", "table", "figure", "fig", "paragraph", "para"].contains(word) { return nil }
        }
        return s..<e
    }

    /// Registered IBAN lengths per country (ISO 13616 registry, common countries).
    static let ibanLengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
        "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24,
        "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21,
        "HU": 28, "IE": 22, "IL": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LI": 21,
        "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30,
        "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
        "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TN": 24, "TR": 26, "UA": 29, "VG": 24, "XK": 20,
    ]

    static func validateIBAN(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Range<Int>? {
        if s > 0 && isAlnum(p[s - 1]) { return nil }
        // Positions of the alphanumeric characters (spaces skipped).
        var pos: [Int] = []
        for i in s..<e where p[i] != 0x20 { pos.append(i) }
        let country = String(decoding: [p[s], p[s + 1]], as: UTF8.self)
        let lengths: [Int]
        if let l = ibanLengths[country] { lengths = [l] } else { lengths = Array((15...34).reversed()) }
        for len in lengths where len <= pos.count {
            let end = pos[len - 1] + 1
            if end < p.count && isAlnum(p[end]) { continue }
            if mod97(p, pos.prefix(len)) == 1 { return s..<end }
        }
        return nil
    }

    /// ISO 7064 mod 97-10 of the IBAN whose characters are at `positions` (rearranged: the
    /// first four characters moved to the end, letters as 10…35).
    static func mod97(_ p: UnsafeBufferPointer<UInt8>, _ positions: ArraySlice<Int>) -> Int {
        var r = 0
        let order = Array(positions.dropFirst(4)) + Array(positions.prefix(4))
        for i in order {
            let b = p[i]
            if isDigit(b) { r = (r * 10 + Int(b - 0x30)) % 97 } else { r = (r * 100 + Int(b - 0x41 + 10)) % 97 }
        }
        return r
    }

    static func validatePhone(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Range<Int>? {
        if s > 0 && (isAlnum(p[s - 1]) || p[s - 1] == 0x2B) { return nil }
        var end = e
        while end > s && !isDigit(p[end - 1]) { end -= 1 }  // no trailing separators or `(`
        if end < p.count && isAlnum(p[end]) { return nil }
        var digits = 0
        for i in s..<end where isDigit(p[i]) { digits += 1 }
        return (8...15).contains(digits) ? s..<end : nil
    }

    static func validateCard(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Range<Int>? {
        if s > 0 && (isAlnum(p[s - 1]) || p[s - 1] == 0x2E || p[s - 1] == 0x2D) { return nil }
        if e < p.count && (isAlnum(p[e]) || (p[e] == 0x2E && e + 1 < p.count && isDigit(p[e + 1]))) { return nil }
        var digits: [Int] = []
        var seps = Set<UInt8>()
        for i in s..<e { if isDigit(p[i]) { digits.append(Int(p[i] - 0x30)) } else { seps.insert(p[i]) } }
        guard (13...19).contains(digits.count), seps.count <= 1 else { return nil }
        // Issuer prefixes: Visa 4, Mastercard 51–55 / 22–27, Amex 34/37, Discover 6, Diners 36/38, JCB 35.
        let d0 = digits[0], d1 = digits[1]
        guard d0 == 4 || (d0 == 5 && (1...5).contains(d1)) || (d0 == 2 && (2...7).contains(d1)) || d0 == 6
            || (d0 == 3 && [4, 5, 6, 7, 8].contains(d1)) else { return nil }
        var sum = 0
        for (k, d) in digits.reversed().enumerated() {
            if k % 2 == 1 { let x = d * 2; sum += x > 9 ? x - 9 : x } else { sum += d }
        }
        return sum % 10 == 0 ? s..<e : nil
    }
}

/// A pattern that RE2 rejected (a bug in Sieve, not in the input).
public struct PIIPatternError: Error, CustomStringConvertible, Sendable {
    public var kind: PIIRedactor.Kind
    public var message: String
    public var description: String { "PII pattern for \(kind.rawValue) did not compile: \(message)" }
}
