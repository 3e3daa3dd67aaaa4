import SieveIO

/// Word-list toxicity: the share of words of a document that are on the language's list of
/// offensive words (glin-profanity's dictionaries, fetched by scripts/assets/filters.sh).
/// Entries match whole tokens, case-insensitively; multi-word entries match token sequences.
public struct ToxicityScorer: Sendable {
    /// Hashes of each language's entries (lower-cased tokens joined by one space), by file stem.
    private let lists: [String: Set<UInt64>]
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
        var lists: [String: Set<UInt64>] = [:]
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
            var set = Set<UInt64>()
            for w in words {
                guard let s = w.stringValue else { continue }
                let (h, n) = ToxicityScorer.phraseHash(s.lowercased(), seg)
                if n > 0 { set.insert(h); maxLen = max(maxLen, n) }
            }
            lists[stem] = set
        }
        self.lists = lists
        self.maxPhraseTokens = min(maxLen, 8)
    }

    private static func phraseHash(_ s: String, _ seg: WordSegmenter) -> (UInt64, Int) {
        withBytes(s) { p in
            let toks = seg.tokens(bytes: p, language: nil)
            var h: UInt64 = 0
            var bytes = 0
            for (k, t) in toks.enumerated() {
                if k > 0 { h = h &* PolyHash.base &+ 0x21; bytes += 1 }
                let (th, pw) = PolyHash.of(p, t.range)
                h = h &* pw &+ th
                bytes += t.end - t.start
            }
            return (PolyHash.finish(h, length: bytes), toks.count)
        }
    }

    /// Languages (file stems) that have a list.
    public var languages: [String] { lists.keys.sorted() }

    /// The list serving `language` (`en`, `eng_Latn`, `english`), nil when there is none.
    func list(for language: String?) -> Set<UInt64>? {
        guard let language else { return nil }
        var code = Substring(language)
        if let u = code.firstIndex(where: { $0 == "_" || $0 == "-" }) { code = code[..<u] }
        let key = code.lowercased()
        if let l = lists[key] { return l }
        if let stem = ToxicityScorer.fileForCode[key] { return lists[stem] }
        return nil
    }

    /// score = matched entries per word-like token; hits = matched entries; words = word-like
    /// tokens. A language without a list scores 0.
    public func score(_ text: String, language: String?) -> (score: Double, hits: Int, words: Int) {
        let lower = text.lowercased()
        return withBytes(lower) { p in
            let toks = segmenter.tokens(bytes: p, language: language)
            let words = toks.reduce(0) { $0 + ($1.isWord ? 1 : 0) }
            guard let list = list(for: language), words > 0 else { return (0, 0, words) }
            var hits = 0
            var i = 0
            while i < toks.count {
                var h: UInt64 = 0
                var bytes = 0
                var matched = 0
                for n in 1...maxPhraseTokens where i + n <= toks.count {
                    let t = toks[i + n - 1]
                    if n > 1 { h = h &* PolyHash.base &+ 0x21; bytes += 1 }
                    let (th, pw) = PolyHash.of(p, t.range)
                    h = h &* pw &+ th
                    bytes += t.end - t.start
                    // Only sequences that start and end on a word boundary count.
                    if list.contains(PolyHash.finish(h, length: bytes)) { matched = n }
                }
                if matched > 0 { hits += 1; i += matched } else { i += 1 }
            }
            return (Double(hits) / Double(words), hits, words)
        }
    }
}

/// Missing or unreadable word lists.
public struct ToxicityListError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
