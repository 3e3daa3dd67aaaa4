import SieveIO

/// Word-list toxicity: the share of words of a document that are on the language's list of
/// offensive words (glin-profanity's dictionaries, fetched by scripts/assets/filters.sh).
/// Entries match whole tokens, case-insensitively; multi-word entries match token sequences.
public struct ToxicityScorer: Sendable {
    /// Hashes of each language's entries (lower-cased tokens joined by one space), by file stem.
    private let lists: [String: HashSlots]
    /// Hashes of every proper prefix (1…n-1 tokens) of the multi-token entries, per list: a
    /// match is extended by one more token only while the tokens so far are such a prefix, so
    /// most tokens cost one set lookup.
    private let prefixes: [String: HashSlots]
    /// Per list, its entries and prefixes together: a token sequence in neither (most single
    /// tokens) costs one lookup instead of two.
    private let either: [String: HashSlots]
    /// The stem serving each packed code (`stem(for:)` of every code and stem that packs).
    private let stemByCode: [UInt64: String]?
    private let maxPhraseTokens: Int
    private let segmenter = WordSegmenter()

    /// Languages and the dictionary file stem that serves them.
    static let fileForCode: [String: String] = [
        "en": "english", "eng": "english", "de": "german", "deu": "german", "ger": "german",
        "fr": "french", "fra": "french", "fre": "french", "es": "spanish", "spa": "spanish",
        "it": "italian", "ita": "italian", "nl": "dutch", "nld": "dutch", "dut": "dutch",
        "pl": "polish", "pol": "polish", "pt": "portuguese", "por": "portuguese", "ru": "russian", "rus": "russian",
        "zh": "chinese", "zho": "chinese", "cmn": "chinese", "chi": "chinese", "ja": "japanese", "jpn": "japanese",
        "ko": "korean", "kor": "korean", "ar": "arabic", "ara": "arabic", "arb": "arabic",
        "cs": "czech", "ces": "czech", "cze": "czech", "da": "danish", "dan": "danish",
        "fi": "finnish", "fin": "finnish", "hu": "hungarian", "hun": "hungarian", "hi": "hindi", "hin": "hindi",
        "fa": "persian", "fas": "persian", "pes": "persian", "per": "persian", "sv": "swedish", "swe": "swedish",
        "th": "thai", "tha": "thai", "tr": "turkish", "tur": "turkish", "no": "norwegian", "nor": "norwegian",
        "nob": "norwegian", "nno": "norwegian", "eo": "esperanto", "epo": "esperanto",
    ]

    /// Loads every `*.json` file of `wordListsDir` (`{"words": [...]}`).
    public init(wordListsDir: String) throws {
        var lists: [String: HashSlots] = [:]
        var prefixes: [String: HashSlots] = [:]
        var either: [String: HashSlots] = [:]
        var maxLen = 1
        let seg = WordSegmenter()
        let files = FileSystem.list(wordListsDir).filter { $0.hasSuffix(".json") }.sorted()
        if files.isEmpty { throw ToxicityListError(message: "no word lists (*.json) in \(wordListsDir): run scripts/setup.sh (scripts/assets/filters.sh)") }
        for f in files {
            let name = FileSystem.basename(f)
            let stem = String(name.dropLast(5))
            let path = f.contains("/") ? f : wordListsDir + "/" + f
            let v: JSONValue
            do { v = try JSONParser.parse(try FileSystem.readFile(path)) } catch {
                throw ToxicityListError(message: "\(path): \(error)")
            }
            guard let words = v.objectValue?["words"]?.arrayValue else { continue }
            let set = HashSlots()
            let pre = HashSlots()
            let any = HashSlots()
            for w in words {
                guard let s = w.stringValue else { continue }
                let hs = ToxicityScorer.phraseHashes(s.lowercased(), seg)
                guard let full = hs.last else { continue }
                _ = set.insert(full)
                _ = any.insert(full)
                maxLen = max(maxLen, hs.count)
                for h in hs.dropLast() {
                    _ = pre.insert(h)
                    _ = any.insert(h)
                }
            }
            lists[stem] = set
            prefixes[stem] = pre
            either[stem] = any
        }
        self.lists = lists
        self.prefixes = prefixes
        self.either = either
        var byCode: [UInt64: String] = [:]
        for (code, stem) in ToxicityScorer.fileForCode where lists[stem] != nil {
            if let k = PackedCode.of(code: code), code == code.lowercased() { byCode[k] = stem }
        }
        for stem in lists.keys {  // a list's own name wins over a code (as in `stem(for:)`)
            if let k = PackedCode.of(code: stem), stem == stem.lowercased() { byCode[k] = stem }
        }
        // Only when every stem is ASCII (String equality is canonical equivalence: U+037E
        // equals ';').
        self.stemByCode = lists.keys.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } } ? byCode : nil
        self.maxPhraseTokens = min(maxLen, 8)
    }

    /// Hashes of the entry's first 1, 2, … n tokens (the last one is the entry's).
    private static func phraseHashes(_ s: String, _ seg: WordSegmenter) -> [UInt64] {
        withBytes(s) { p in
            let toks = seg.tokens(bytes: p, language: nil)
            var out: [UInt64] = []
            var h: UInt64 = 0
            var bytes = 0
            for (k, t) in toks.enumerated() {
                if k > 0 { h = h &* PolyHash.base &+ 0x21; bytes += 1 }
                let (th, pw) = PolyHash.of(p, t.range)
                h = h &* pw &+ th
                bytes += t.end - t.start
                out.append(PolyHash.finish(h, length: bytes))
            }
            return out
        }
    }

    /// Languages (file stems) that have a list.
    public var languages: [String] { lists.keys.sorted() }

    /// The list serving `language` (`en`, `eng_Latn`, `english`), nil when there is none.
    func list(for language: String?) -> HashSlots? { stem(for: language).flatMap { lists[$0] } }

    /// The file stem of the list serving `language`.
    func stem(for language: String?) -> String? {
        guard let language else { return nil }
        if let stemByCode, let key = PackedCode.of(language) { return stemByCode[key] }
        return stemByString(language)
    }

    /// `stem(for:)` on the String (any code).
    func stemByString(_ language: String) -> String? {
        var code = Substring(language)
        if let u = code.firstIndex(where: { $0 == "_" || $0 == "-" }) { code = code[..<u] }
        let key = code.lowercased()
        if lists[key] != nil { return key }
        if let stem = ToxicityScorer.fileForCode[key], lists[stem] != nil { return stem }
        return nil
    }

    /// score = matched entries per word-like token; hits = matched entries; words = word-like
    /// tokens. A language without a list scores 0 (its words are still counted).
    ///
    /// The text is lower-cased first (as `String.lowercased()`, byte-wise for ASCII),
    /// segmented once, and each token needs one set lookup unless it starts a multi-word entry.
    public func score(_ text: String, language: String?) -> (score: Double, hits: Int, words: Int) {
        guard let stem = stem(for: language), let list = lists[stem] else {
            let words = withBytes(text) { p in segmenter.tokens(bytes: p, language: language).reduce(0) { $0 + ($1.isWord ? 1 : 0) } }
            return (0, 0, words)
        }
        let pre = prefixes[stem] ?? HashSlots()
        let any = either[stem] ?? HashSlots()
        return withBytes(text) { p in
            let lowered = LowerCase.lowercased(p)
            return lowered.withUnsafeBufferPointer { score(lowered: $0, language: language, list: list, prefixes: pre, either: any) }
        }
    }

    private func score(lowered p: UnsafeBufferPointer<UInt8>, language: String?, list: HashSlots, prefixes: HashSlots,
                       either: HashSlots) -> (score: Double, hits: Int, words: Int)
    {
        let toks = segmenter.tokens(bytes: p, language: language)
        var words = 0
        for t in toks where t.isWord { words += 1 }
        guard words > 0 else { return (0, 0, 0) }
        var hits = 0
        var i = 0
        while i < toks.count {
            var h: UInt64 = 0
            var bytes = 0
            var matched = 0
            var n = 1
            while n <= maxPhraseTokens && i + n <= toks.count {
                let t = toks[i + n - 1]
                if n > 1 { h = h &* PolyHash.base &+ 0x21; bytes += 1 }
                let (th, pw) = PolyHash.of(p, t.range)
                h = h &* pw &+ th
                bytes += t.end - t.start
                let f = PolyHash.finish(h, length: bytes)
                // Neither an entry nor the start of one: no match here, nothing to extend.
                if !either.contains(f) { break }
                if list.contains(f) { matched = n }
                // Extend only while the tokens so far begin some longer entry.
                if n == maxPhraseTokens || !prefixes.contains(f) { break }
                n += 1
            }
            if matched > 0 { hits += 1; i += matched } else { i += 1 }
        }
        return (Double(hits) / Double(words), hits, words)
    }
}

/// Missing or unreadable word lists.
public struct ToxicityListError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// `String.lowercased()` on UTF-8 bytes: every scalar replaced by its Unicode lowercase
/// mapping (`Unicode.Scalar.Properties.lowercaseMapping`, no context rules), which is what the
/// standard library does, without building a String: ASCII byte-wise, the BMP through a table
/// computed once, the rest through the scalar properties.
enum LowerCase {
    /// Per BMP code point: the single-scalar lowercase mapping, `multi` when the mapping is
    /// several scalars (U+0130 → i + U+0307), or the code point itself.
    static let multi: UInt32 = 0xFFFF_FFFF
    static let bmp: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 0x10000)
        for v in 0..<UInt32(0x10000) {
            t[Int(v)] = v
            // CJK Unified Ideographs, Hangul Syllables and Private Use have no case mappings
            // (their property lookups are skipped; the test over every scalar covers this).
            if CharClass.uniformBMPClass(v) != nil { continue }
            guard v >= 0x80, let s = Unicode.Scalar(v), s.properties.changesWhenLowercased else { continue }
            let m = s.properties.lowercaseMapping.unicodeScalars
            t[Int(v)] = m.count == 1 ? (m.first?.value ?? v) : multi
        }
        return t
    }()

    /// The lowercase of valid UTF-8 `p`.
    static func lowercased(_ p: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // Lowercase mappings grow a scalar's UTF-8 by at most 1.5× (U+023A → U+2C65,
        // U+0130 → i + U+0307); 3× leaves room to spare, and running out (never with the
        // current Unicode tables) falls back to the standard library.
        let cap = 3 * p.count + 16
        var fits = true
        let out = [UInt8](unsafeUninitializedCapacity: cap) { o, initialized in
            if let w = bmp.withUnsafeBufferPointer({ t in lower(p, into: o, table: t) }) {
                initialized = w
            } else {
                fits = false
                initialized = 0
            }
        }
        if fits { return out }
        let s = String(decoding: p, as: UTF8.self).lowercased()
        return Array(s.utf8)
    }

    /// Appends the lowercase of valid UTF-8 `p` to `out`.
    static func append(_ p: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(contentsOf: lowercased(p))
    }

    /// Writes the lowercase of `p` into `o`; the byte count, nil when `o` is too small.
    private static func lower(_ p: UnsafeBufferPointer<UInt8>, into o: UnsafeMutableBufferPointer<UInt8>,
                              table t: UnsafeBufferPointer<UInt32>) -> Int? {
        var i = 0, w = 0
        let n = p.count
        while i < n {
            if w + 16 > o.count { return nil }
            let b = p[i]
            if b < 0x80 {
                if i &+ 8 <= n {
                    // Eight ASCII bytes at once: a byte b < 0x80 is in A…Z iff b + 0x3F has
                    // bit 7 set and b + 0x25 has not (no carries between bytes).
                    let x = UnsafeRawPointer(p.baseAddress.unsafelyUnwrapped + i).loadUnaligned(as: UInt64.self)
                    if x & 0x8080_8080_8080_8080 == 0 {
                        let upper = (x &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(x &+ 0x2525_2525_2525_2525) & 0x8080_8080_8080_8080
                        UnsafeMutableRawPointer(o.baseAddress.unsafelyUnwrapped + w).storeBytes(of: x | (upper >> 2), as: UInt64.self)
                        w &+= 8
                        i &+= 8
                        continue
                    }
                }
                o[w] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                w += 1
                i += 1
                continue
            }
            let (v, len) = decodeScalar(p, i)
            let m: UInt32
            if v < 0x10000 {
                m = t[Int(v)]
            } else if let s = Unicode.Scalar(v), s.properties.changesWhenLowercased {
                let ms = s.properties.lowercaseMapping.unicodeScalars
                m = ms.count == 1 ? (ms.first?.value ?? v) : multi
            } else {
                m = v
            }
            if m == v {
                for k in 0..<len { o[w + k] = p[i + k] }
                w += len
            } else if m == multi {
                if let s = Unicode.Scalar(v) {
                    for c in s.properties.lowercaseMapping.utf8 {
                        if w >= o.count { return nil }
                        o[w] = c
                        w += 1
                    }
                }
            } else {
                w += writeUTF8(m, to: o, at: w)
            }
            i += len
        }
        return w
    }

    /// Writes `v` as UTF-8 at `out[at...]`; returns the byte count.
    @inline(__always)
    static func writeUTF8(_ v: UInt32, to out: UnsafeMutableBufferPointer<UInt8>, at o: Int) -> Int {
        if v < 0x80 {
            out[o] = UInt8(v)
            return 1
        } else if v < 0x800 {
            out[o] = UInt8(0xC0 | (v >> 6))
            out[o + 1] = UInt8(0x80 | (v & 0x3F))
            return 2
        } else if v < 0x10000 {
            out[o] = UInt8(0xE0 | (v >> 12))
            out[o + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
            out[o + 2] = UInt8(0x80 | (v & 0x3F))
            return 3
        } else {
            out[o] = UInt8(0xF0 | (v >> 18))
            out[o + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
            out[o + 2] = UInt8(0x80 | ((v >> 6) & 0x3F))
            out[o + 3] = UInt8(0x80 | (v & 0x3F))
            return 4
        }
    }
}
