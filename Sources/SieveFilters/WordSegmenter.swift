import CICU

/// One token of a text: a UTF-8 byte range, and whether it is word-like (holds a letter, mark
/// or number) rather than a punctuation or symbol token.
public struct WordToken: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var isWord: Bool
    public var range: Range<Int> { start..<end }
}

/// Splits text into words.
///
/// Space-separated scripts take a byte-level fast path: a word is a maximal run of letters,
/// marks and numbers, where `'`, `’` and `.` between two word characters and `,` between
/// two ASCII digits stay inside the word (`don't`, `U.S`, `3.14`, `1,000`); every other
/// non-space character is a one-character punctuation token. Text holding Thai, Lao, Tibetan,
/// Myanmar, Khmer, Japanese kana or Han characters (or labelled with such a language) goes
/// through ICU's dictionary-based word breaks instead (rule status ≥ 100 = word-like;
/// other non-space segments become punctuation tokens).
public struct WordSegmenter: Sendable {
    public init() {}

    /// Word-like tokens only, as UTF-8 byte ranges into `text` (what dedup shingles).
    public func words(_ text: String, language: String?) -> [Range<Int>] {
        tokens(text, language: language).compactMap { $0.isWord ? $0.range : nil }
    }

    /// Words and punctuation tokens (the equivalent of datatrove's `split_into_words`).
    public func tokens(_ text: String, language: String?) -> [WordToken] {
        withBytes(text) { tokens(bytes: $0, language: language) }
    }

    /// Tokens of UTF-8 bytes (must be valid UTF-8).
    public func tokens(bytes p: UnsafeBufferPointer<UInt8>, language: String?) -> [WordToken] {
        if let language, let locale = WordSegmenter.icuLocale(for: language) {
            return WordSegmenter.icuTokens(p, locale: locale)
        }
        if let fast = WordSegmenter.fastTokens(p) { return fast }
        return WordSegmenter.icuTokens(p, locale: "")
    }

    /// The ICU locale for languages written without spaces, nil for the others.
    static func icuLocale(for language: String) -> String? {
        if let key = PackedCode.of(language) { return icuLocaleByCode[key] }
        return icuLocaleByString(language)
    }

    /// `icuLocale` by packed code (built from `icuLocaleByString`'s cases).
    static let icuLocaleByCode: [UInt64: String] = {
        var t: [UInt64: String] = [:]
        for c in ["th", "tha", "lo", "lao", "km", "khm", "my", "mya", "bur", "bo", "bod", "tib", "zh", "zho", "chi", "cmn",
                  "yue", "wuu", "hak", "nan", "gan", "hsn", "ja", "jpn"] {
            if let k = PackedCode.of(code: c), let l = icuLocaleByString(c) { t[k] = l }
        }
        return t
    }()

    /// `icuLocale` on the String (any code).
    static func icuLocaleByString(_ language: String) -> String? {
        var code = Substring(language)
        if let u = code.firstIndex(where: { $0 == "_" || $0 == "-" }) { code = code[..<u] }
        switch code.lowercased() {
        case "th", "tha": return "th"
        case "lo", "lao": return "lo"
        case "km", "khm": return "km"
        case "my", "mya", "bur": return "my"
        case "bo", "bod", "tib": return "bo"
        case "zh", "zho", "chi", "cmn", "yue", "wuu", "hak", "nan", "gan", "hsn": return "zh"
        case "ja", "jpn": return "ja"
        default: return nil
        }
    }

    /// Texts longer than this are segmented a piece at a time (see `fastTokens`).
    static let pieceBytes = 1 << 20

    /// The byte-level path; nil when the text holds a script that needs ICU.
    ///
    /// A long text goes in pieces of about `pieceBytes` that end before an ASCII space: a space
    /// ends every token and is never part of one, so the pieces give the tokens of the whole
    /// text, while the room reserved below (24 bytes per byte) stays bounded by one piece.
    static func fastTokens(_ p: UnsafeBufferPointer<UInt8>, pieceBytes: Int = pieceBytes) -> [WordToken]? {
        if p.count <= pieceBytes { return pieceTokens(p) }
        var out: [WordToken] = []
        var start = 0
        while start < p.count {
            var end = Swift.min(start + pieceBytes, p.count)
            if end < p.count {
                var e = end
                while e > start && p[e] != 0x20 { e -= 1 }
                if e == start {
                    e = end
                    while e < p.count && p[e] != 0x20 { e += 1 }
                }
                end = e
            }
            guard let piece = pieceTokens(UnsafeBufferPointer(rebasing: p[start..<end])) else { return nil }
            out.append(contentsOf: piece.lazy.map { WordToken(start: $0.start + start, end: $0.end + start, isWord: $0.isWord) })
            start = end
        }
        return out
    }

    /// `fastTokens` of one piece.
    private static func pieceTokens(_ p: UnsafeBufferPointer<UInt8>) -> [WordToken]? {
        // Every token holds at least one byte: room for p.count tokens means no capacity or
        // uniqueness checks per token (untouched capacity costs address space only).
        var spaced = true
        let tokens = [WordToken](unsafeUninitializedCapacity: p.count + 1) { buf, count in
            count = 0
            guard let o = buf.baseAddress else { return }
            spaced = fastTokens(p, into: o, count: &count)
        }
        return spaced ? tokens : nil
    }

    /// `fastTokens` writing to `out` (room for `p.count` tokens); false (and some tokens
    /// written) when the text holds a script that needs ICU.
    private static func fastTokens(_ p: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<WordToken>,
                                   count: inout Int) -> Bool {
        var k = 0
        defer { count = k }
        let n = p.count
        var i = 0
        var wordStart = -1  // start of the word being read, -1 when none
        var lastWasDigit = false
        let asciiWord = WordSegmenter.asciiWordPointer
        while i < n {
            let b = p[i]
            let v: UInt32
            let len: Int
            if b < 0x80 {
                if asciiWord[Int(b)] != 0 {
                    // A run of ASCII letters and digits: one table load a byte (bytes ≥ 0x80 are
                    // not in the table's word class, so the run stops before them).
                    if wordStart < 0 { wordStart = i }
                    var j = i &+ 1
                    while j < n && asciiWord[Int(p[j])] != 0 { j &+= 1 }
                    lastWasDigit = asciiWord[Int(p[j &- 1])] == 2
                    i = j
                    continue
                }
                if b == 0x20 && wordStart < 0 {
                    i &+= 1
                    continue
                }
                v = UInt32(b); len = 1
            } else {
                (v, len) = decodeScalar(p, i)
                if CharClass.isUnspacedScript(v) { return false }
            }
            if CharClass.isWordChar(v) {
                if wordStart < 0 { wordStart = i }
                lastWasDigit = v >= 0x30 && v <= 0x39
                i += len
                continue
            }
            if wordStart >= 0 {
                // A joiner between two word characters stays in the word.
                let joiner = v == 0x27 || v == 0x2E || v == 0x2019 || (v == 0x2C && lastWasDigit)
                if joiner && i + len < n {
                    let (nv, _) = decodeScalar(p, i + len)
                    if v == 0x2C ? (nv >= 0x30 && nv <= 0x39) : CharClass.isWordChar(nv) {
                        i += len
                        continue
                    }
                }
                (out + k).initialize(to: WordToken(start: wordStart, end: i, isWord: true))
                k &+= 1
                wordStart = -1
            }
            if !CharClass.isWhiteSpace(v) {
                (out + k).initialize(to: WordToken(start: i, end: i + len, isWord: false))
                k &+= 1
            }
            i += len
        }
        if wordStart >= 0 {
            (out + k).initialize(to: WordToken(start: wordStart, end: n, isWord: true))
            k &+= 1
        }
        return true
    }

    /// Per byte: 1 for an ASCII letter, 2 for an ASCII digit, else 0 (every byte ≥ 0x80). A
    /// pointer valid for the life of the process (no lazy-initialisation check per use).
    nonisolated(unsafe) static let asciiWordPointer: UnsafePointer<UInt8> = {
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        t.initialize(repeating: 0, count: 256)
        for b in 0..<128 where CharClass.isWordChar(UInt32(b)) { t[b] = b >= 0x30 && b <= 0x39 ? 2 : 1 }
        return UnsafePointer(t)
    }()

    /// ICU word breaks.
    static func icuTokens(_ p: UnsafeBufferPointer<UInt8>, locale: String) -> [WordToken] {
        guard p.count > 0, let base = p.baseAddress else { return [] }
        guard let wb = cicu_words_open(locale) else { return fastTokens(p) ?? [] }
        defer { cicu_words_close(wb) }
        var cap = p.count / 2 + 16
        // Written by ICU before it is read (no zeroing needed).
        var spans = [Int64](unsafeUninitializedCapacity: 3 * cap) { _, n in n = 3 * cap }
        var n = spans.withUnsafeMutableBufferPointer {
            cicu_words_segment(wb, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int64(p.count), $0.baseAddress, Int64(cap))
        }
        if n > cap {
            cap = Int(n)
            spans = [Int64](repeating: 0, count: 3 * cap)
            n = spans.withUnsafeMutableBufferPointer {
                cicu_words_segment(wb, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int64(p.count), $0.baseAddress, Int64(cap))
            }
        }
        if n < 0 { return fastTokens(p) ?? [] }
        var out: [WordToken] = []
        out.reserveCapacity(Int(n))
        for k in 0..<Int(n) {
            let s = Int(spans[3 * k]), e = Int(spans[3 * k + 1]), status = spans[3 * k + 2]
            if status >= 100 {
                out.append(WordToken(start: s, end: e, isWord: true))
                continue
            }
            // Non-word segments: one punctuation token per non-space scalar.
            var i = s
            while i < e {
                let (v, len) = decodeScalar(p, i)
                if !CharClass.isWhiteSpace(v) {
                    out.append(WordToken(start: i, end: i + len, isWord: CharClass.isWordChar(v)))
                }
                i += len
            }
        }
        return out
    }
}
