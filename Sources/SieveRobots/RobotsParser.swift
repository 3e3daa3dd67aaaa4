// robots.txt parser: bytes → rules and the agent sets they belong to.

/// One Allow/Disallow rule.
struct RobotsRule: Sendable {
    let allow: Bool
    let pattern: RobotsPattern
    /// 1-based line number in the file.
    let line: Int32
    /// `allow:VALUE` / `disallow:VALUE` as written (value trimmed).
    let text: String
}

/// The rules that apply to one user-agent name (RFC: product token; protego: the lowercased
/// user-agent value). Rules of every group naming the agent are merged.
struct RobotsAgentSet: Sendable {
    let name: [UInt8]
    /// Indices into `RobotsFile.rules`, sorted by priority (longest first, allow before disallow
    /// on ties, then file order).
    var rules: [Int32]
}

/// A parsed robots.txt.
public struct RobotsFile: Sendable {
    let semantics: RobotsSemantics
    var rules: [RobotsRule] = []
    var sets: [RobotsAgentSet] = []
    /// Bytes actually parsed (after the size limit).
    public private(set) var parsedBytes = 0
    /// True when the file was longer than the parse limit.
    public private(set) var truncated = false
    /// Number of lines read.
    public private(set) var lineCount = 0

    /// Parses `body` (any bytes; only the first `maxBytes` are read).
    public init(body: UnsafeBufferPointer<UInt8>, semantics: RobotsSemantics = .rfc, maxBytes: Int = 500 * 1024) {
        self.semantics = semantics
        let limit = maxBytes > 0 ? min(body.count, maxBytes) : body.count
        truncated = limit < body.count
        parsedBytes = limit
        var parser = Parser(semantics: semantics)
        switch semantics {
        case .rfc:
            var start = 0
            if limit >= 3, body[0] == 0xEF, body[1] == 0xBB, body[2] == 0xBF { start = 3 }
            parser.run(UnsafeBufferPointer(rebasing: body[start..<limit]))
        case .protego:
            // Emulates `bytes.decode("utf-8", "replace")` before parsing.
            let text = PercentCoding.replaceInvalidUTF8(Array(body[0..<limit]))
            text.withUnsafeBufferPointer { parser.run($0) }
        }
        rules = parser.rules
        sets = parser.sets
        lineCount = parser.lineNumber
        for k in sets.indices {
            let rs = rules
            sets[k].rules.sort { a, b in
                let ra = rs[Int(a)], rb = rs[Int(b)]
                if ra.pattern.priority != rb.pattern.priority { return ra.pattern.priority > rb.pattern.priority }
                if ra.allow != rb.allow { return ra.allow }
                return a < b
            }
        }
    }

    /// A file made of already compiled rules (from a `RobotsIndex`).
    init(semantics: RobotsSemantics, rules: [RobotsRule]) {
        self.semantics = semantics
        self.rules = rules
    }

    /// Parses a byte array.
    public init(bytes: [UInt8], semantics: RobotsSemantics = .rfc, maxBytes: Int = 500 * 1024) {
        self = bytes.withUnsafeBufferPointer { RobotsFile(body: $0, semantics: semantics, maxBytes: maxBytes) }
    }

    /// Parses a string.
    public init(_ text: String, semantics: RobotsSemantics = .rfc, maxBytes: Int = 500 * 1024) {
        self.init(bytes: Array(text.utf8), semantics: semantics, maxBytes: maxBytes)
    }

    /// Number of distinct agent names with rules (or at least a group).
    public var agentNameCount: Int { sets.count }
    /// Number of Allow/Disallow rules kept.
    public var ruleCount: Int { rules.count }
}

// MARK: - Line-level parsing

enum Directive {
    case userAgent, allow, disallow, siteWide, other, unknown
}

/// Python's `str.isspace` on UTF-8 bytes: length of the whitespace character at `i`, else 0.
@inline(__always)
func whitespaceLength(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int {
    let b = p[i]
    if b < 0x80 { return (b == 0x20 || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F)) ? 1 : 0 }
    if b == 0xC2, i + 1 < end { return (p[i + 1] == 0x85 || p[i + 1] == 0xA0) ? 2 : 0 }
    if b == 0xE1, i + 2 < end { return (p[i + 1] == 0x9A && p[i + 2] == 0x80) ? 3 : 0 }
    if b == 0xE2, i + 2 < end {
        let c = p[i + 1], d = p[i + 2]
        if c == 0x80 && (d <= 0x8A || d == 0xA8 || d == 0xA9 || d == 0xAF) { return 3 }
        if c == 0x81 && d == 0x9F { return 3 }
        return 0
    }
    if b == 0xE3, i + 2 < end { return (p[i + 1] == 0x80 && p[i + 2] == 0x80) ? 3 : 0 }
    return 0
}

/// Length of a whitespace character ending at `end` (exclusive), else 0.
@inline(__always)
func whitespaceLengthBefore(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
    if end <= start { return 0 }
    let b = p[end - 1]
    if b < 0x80 { return whitespaceLength(p, end - 1, end) }
    if end - 2 >= start, whitespaceLength(p, end - 2, end) == 2 { return 2 }
    if end - 3 >= start, whitespaceLength(p, end - 3, end) == 3 { return 3 }
    return 0
}

@inline(__always) func asciiLower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }

struct Parser {
    let semantics: RobotsSemantics
    var rules: [RobotsRule] = []
    var sets: [RobotsAgentSet] = []
    var setIndex: [[UInt8]: Int] = [:]
    var current: [Int] = []
    var lineNumber = 0
    // protego state
    var previousField: Directive? = nil
    // rfc state
    var inRules = false
    var seenAgent = false

    init(semantics: RobotsSemantics) { self.semantics = semantics }

    mutating func run(_ p: UnsafeBufferPointer<UInt8>) {
        let n = p.count
        var i = 0
        while i < n {
            var j = i
            var next = n
            // Find the end of the line.
            while j < n {
                let b = p[j]
                if b == 0x0A { next = j + 1; break }
                if b == 0x0D { next = (j + 1 < n && p[j + 1] == 0x0A) ? j + 2 : j + 1; break }
                if semantics == .protego {
                    if b == 0x0B || b == 0x0C || b == 0x1C || b == 0x1D || b == 0x1E { next = j + 1; break }
                    if b == 0xC2, j + 1 < n, p[j + 1] == 0x85 { next = j + 2; break }
                    if b == 0xE2, j + 2 < n, p[j + 1] == 0x80, p[j + 2] == 0xA8 || p[j + 2] == 0xA9 {
                        next = j + 3; break
                    }
                }
                j += 1
            }
            lineNumber += 1
            handleLine(p, i, j)
            i = next
        }
    }

    func strip(_ p: UnsafeBufferPointer<UInt8>, _ lo: inout Int, _ hi: inout Int) {
        while lo < hi {
            let w = whitespaceLength(p, lo, hi)
            if w == 0 { break }
            lo += w
        }
        while hi > lo {
            let w = whitespaceLengthBefore(p, lo, hi)
            if w == 0 { break }
            hi -= w
        }
    }

    static let directives: [([UInt8], Directive)] = ([
        ("user-agent", .userAgent), ("useragent", .userAgent), ("user agent", .userAgent),
        ("allow", .allow),
        ("disallow", .disallow), ("dissallow", .disallow), ("dissalow", .disallow), ("disalow", .disallow),
        ("diasllow", .disallow), ("disallaw", .disallow),
        ("sitemap", .siteWide), ("sitemaps", .siteWide), ("site-map", .siteWide), ("host", .siteWide),
        ("crawl-delay", .other), ("crawl delay", .other), ("request-rate", .other), ("request rate", .other),
        ("visit-time", .other), ("visit time", .other),
    ] as [(String, Directive)]).map { (Array($0.0.utf8), $0.1) }

    /// The directive named by `p[lo..<hi]` (ASCII case-insensitive), without allocating.
    static func classify(_ p: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Directive? {
        let n = hi - lo
        if n < 4 || n > 12 { return nil }
        for (name, d) in directives where name.count == n {
            var k = 0
            while k < n && asciiLower(p[lo + k]) == name[k] { k += 1 }
            if k == n { return d }
        }
        return nil
    }

    static func classify(_ field: [UInt8]) -> Directive? {
        field.withUnsafeBufferPointer { classify($0, 0, $0.count) }
    }

    func lowered(_ p: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(hi - lo)
        for k in lo..<hi { out.append(asciiLower(p[k])) }
        return out
    }

    /// Splits a line into a directive and its value (protego's generous reading, which is also
    /// close to Google's: `Field: value`, `Field value`, two-word field names, common typos).
    func extract(_ p: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> (Directive, [UInt8])? {
        var colon = -1
        var k = lo
        while k < hi { if p[k] == 0x3A { colon = k; break }; k += 1 }
        var fallback: (Directive, [UInt8])? = nil
        if colon >= 0 {
            var flo = lo, fhi = colon
            strip(p, &flo, &fhi)
            var vlo = colon + 1, vhi = hi
            let rawEmpty = vlo >= vhi
            let rawSpace = !rawEmpty && whitespaceLength(p, vlo, vhi) > 0
            strip(p, &vlo, &vhi)
            let value = Array(p[vlo..<vhi])
            if let d = Self.classify(p, flo, fhi) { return (d, value) }
            if rawEmpty || rawSpace { return (.unknown, value) }
            fallback = (.unknown, value)
        }
        // Word split.
        var words: [Range<Int>] = []
        var w = lo
        while w < hi && words.count < 3 {
            while w < hi { let l = whitespaceLength(p, w, hi); if l == 0 { break }; w += l }
            if w >= hi { break }
            let s = w
            while w < hi && whitespaceLength(p, w, hi) == 0 { w += 1 }
            words.append(s..<w)
        }
        if !words.isEmpty {
            for count in 1...2 where words.count >= count {
                var cand = lowered(p, words[0].lowerBound, words[0].upperBound)
                if count == 2 { cand.append(0x20); cand += lowered(p, words[1].lowerBound, words[1].upperBound) }
                if let d = Self.classify(cand) {
                    // The value is the remaining words joined by single spaces.
                    var value: [UInt8] = []
                    var q = words[count - 1].upperBound
                    var first = true
                    while q < hi {
                        while q < hi { let l = whitespaceLength(p, q, hi); if l == 0 { break }; q += l }
                        if q >= hi { break }
                        let s = q
                        while q < hi && whitespaceLength(p, q, hi) == 0 { q += 1 }
                        if !first { value.append(0x20) }
                        value.append(contentsOf: p[s..<q])
                        first = false
                    }
                    return (d, value)
                }
            }
        }
        return fallback
    }

    mutating func handleLine(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        var lo = start, hi = end
        var k = lo
        while k < hi { if p[k] == 0x23 { hi = k; break }; k += 1 }
        strip(p, &lo, &hi)
        if lo >= hi { return }
        guard let (field, value) = extract(p, lo, hi) else { return }
        switch semantics {
        case .protego: handleProtego(field, value)
        case .rfc: handleRFC(field, value)
        }
    }

    mutating func set(named name: [UInt8]) -> Int {
        if let k = setIndex[name] { return k }
        sets.append(RobotsAgentSet(name: name, rules: []))
        setIndex[name] = sets.count - 1
        return sets.count - 1
    }

    mutating func addRule(allow: Bool, normalized: [UInt8], value: [UInt8]) {
        let text = (allow ? "allow:" : "disallow:") + String(decoding: value, as: UTF8.self)
        rules.append(RobotsRule(allow: allow, pattern: RobotsPattern(normalized: normalized),
                                line: Int32(clamping: lineNumber), text: text))
        let idx = Int32(rules.count - 1)
        for s in current { sets[s].rules.append(idx) }
    }

    // MARK: protego

    mutating func handleProtego(_ field: Directive, _ value: [UInt8]) {
        if field == .userAgent, let prev = previousField, prev != .userAgent { current = [] }
        if field != .siteWide { previousField = field }
        if value.isEmpty { return }
        if current.isEmpty && field != .userAgent && field != .siteWide { return }
        switch field {
        case .userAgent:
            var name = value
            // value is already stripped of whitespace; lowercase it.
            for k in name.indices { name[k] = asciiLower(name[k]) }
            var names = [name]
            if name != [0x2A] && name.contains(0x2A) { names.append(name.filter { $0 != 0x2A }) }
            for ua in names where !ua.isEmpty {
                let s = set(named: ua)
                if !current.contains(s) { current.append(s) }
            }
        case .allow, .disallow:
            protegoAdd(allow: field == .allow, value: value, original: value)
        default:
            break
        }
    }

    mutating func protegoAdd(allow: Bool, value: [UInt8], original: [UInt8]) {
        if value.contains(0x24) {
            var literal: [UInt8] = []
            for b in value { if b == 0x24 { literal += [0x25, 0x32, 0x34] } else { literal.append(b) } }
            protegoAdd(allow: allow, value: literal, original: original)
        }
        let q = PercentCoding.normalizePattern(value, semantics: .protego)
        if q.isEmpty { return }
        addRule(allow: allow, normalized: q, value: original)
        let page = Array("/index.html".utf8)
        if allow && q.count >= page.count && Array(q[(q.count - page.count)...]) == page {
            var root = Array(q[..<(q.count - page.count + 1)])
            root.append(0x24)
            addRule(allow: true, normalized: root, value: original)
        }
    }

    // MARK: RFC 9309

    /// The product token of a user-agent value: `*`, or its leading run of letters, digits, `-`, `_`.
    static func productToken(_ value: [UInt8]) -> [UInt8] {
        if value.first == 0x2A && (value.count == 1 || value[1] == 0x20 || value[1] == 0x09) { return [0x2A] }
        var out: [UInt8] = []
        for b in value {
            let c = asciiLower(b)
            if (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F { out.append(c) } else { break }
        }
        return out
    }

    mutating func handleRFC(_ field: Directive, _ value: [UInt8]) {
        switch field {
        case .userAgent:
            if inRules { current = []; inRules = false }
            seenAgent = true
            let token = Self.productToken(value)
            if !token.isEmpty {
                let s = set(named: token)
                if !current.contains(s) { current.append(s) }
            }
        case .allow, .disallow:
            if !seenAgent { return }  // rules before the first user-agent line are ignored
            inRules = true
            if value.isEmpty || current.isEmpty { return }
            let q = PercentCoding.normalizePattern(value, semantics: .rfc)
            if q.isEmpty { return }
            addRule(allow: field == .allow, normalized: q, value: value)
        default:
            break
        }
    }
}
