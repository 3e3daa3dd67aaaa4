// Reading the three published tokenizer formats into the shared BPE tables.
import SieveIO

enum TokenizerLoader {
    // MARK: tekken

    /// Mistral tekken JSON: `{config:{pattern, default_vocab_size, default_num_special_tokens},
    /// vocab:[{rank, token_bytes(base64)}], special_tokens?}`; id = rank + number of specials.
    static func tekken(_ root: JSONObject, path: String) throws -> Tokenizer {
        func fail(_ m: String) -> TokenizerError { TokenizerError(path: path, message: "tekken: " + m) }
        guard let config = root["config"]?.objectValue, let vocab = root["vocab"]?.arrayValue else {
            throw fail("missing 'config' object or 'vocab' array")
        }
        return try tekken(config: config, specials: root["special_tokens"]?.arrayValue, vocabCount: vocab.count, path: path) { inner in
            var list = TokenList(capacity: inner, bytes: inner * 8)
            for (index, v) in vocab.prefix(inner).enumerated() {
                guard let o = v.objectValue, let b64 = o["token_bytes"]?.stringValue,
                      Base64.decode(Array(b64.utf8)[...], into: &list.arena) else {
                    throw fail("vocab entry \(index) has no valid base64 'token_bytes'")
                }
                let rank = Int(o["rank"]?.intValue ?? Int64(index))
                guard rank >= 0, rank < inner else { throw fail("vocab entry \(index) has rank \(rank) out of range") }
                list.close(id: Int32(rank))
            }
            return list
        }
    }

    /// The tekken tables from the parsed `config` and `special_tokens` and the vocabulary's first
    /// `inner` entries, which `vocab(inner)` returns (checked: valid base64, rank in range).
    private static func tekken(config: JSONObject, specials: [JSONValue]?, vocabCount: Int, path: String,
                               vocab: (Int) throws -> TokenList) throws -> Tokenizer {
        func fail(_ m: String) -> TokenizerError { TokenizerError(path: path, message: "tekken: " + m) }
        guard let source = config["pattern"]?.stringValue else { throw fail("config has no 'pattern'") }
        guard let pattern = PreTokenizerPattern.recognize(source) else {
            throw fail("unknown pre-tokenizer pattern \(source.debugDescription); only tekken/o200k/cl100k/GPT-2 patterns are implemented")
        }
        let numSpecial = Int(config["default_num_special_tokens"]?.intValue ?? Int64(specials?.count ?? 1000))
        let vocabSize = Int(config["default_vocab_size"]?.intValue ?? Int64(vocabCount + numSpecial))
        let inner = vocabSize - numSpecial
        guard inner > 256, inner <= vocabCount else {
            throw fail("default_vocab_size \(vocabSize) − \(numSpecial) specials does not fit the \(vocabCount) vocab entries")
        }
        let list = try vocab(inner)
        var bos: Int32 = 1
        var eos: Int32 = 2
        if let specials {
            for (index, s) in specials.enumerated() {
                guard let o = s.objectValue else { continue }
                let rank = Int32(o["rank"]?.intValue ?? Int64(index))
                switch o["token_str"]?.stringValue {
                case "<s>": bos = rank
                case "</s>": eos = rank
                default: break
                }
            }
        }
        let (tokens, byteIDs) = try rankTables(list, path: path)
        return Tokenizer(format: .tekken, pattern: pattern, vocabSize: vocabSize, bosID: bos, eosID: eos,
                         tokens: tokens, merges: nil, byteIDs: byteIDs, idOffset: Int32(numSpecial),
                         wholePieceShortcut: true, normalization: .none)
    }

    /// The tekken file read straight from its bytes: the `vocab` array is scanned without building
    /// JSON values (base64 decoded into one arena); `config` and `special_tokens` go through the
    /// JSON parser. Returns nil when the file is not in the expected shape (escapes in keys or
    /// token_bytes, a non-integer rank, invalid base64, …): the caller then parses it generically,
    /// which accepts or rejects it with a precise message. Same tables as `tekken(_:path:)`.
    static func tekkenFast(_ data: [UInt8], path: String) throws -> Tokenizer? {
        var config: JSONObject?
        var specials: [JSONValue]?
        var seen: Set<String> = []
        var list = TokenList()
        var vocabCount = -1
        let ok: Bool = data.withUnsafeBufferPointer { p in
            var s = JSONSkim(p: p)
            guard s.take(UInt8(ascii: "{")) else { return false }
            if s.take(UInt8(ascii: "}")) { return false }
            while true {
                guard let key = s.plainString(), s.take(UInt8(ascii: ":")) else { return false }
                // A repeated key: leave the choice of value to the JSON parser.
                guard seen.insert(String(decoding: UnsafeBufferPointer(rebasing: p[key]), as: UTF8.self)).inserted else { return false }
                if s.equals(key, "model") { return false }  // a tokenizer.json
                if s.equals(key, "vocab") {
                    guard vocabCount < 0, let n = s.tekkenVocab(into: &list) else { return false }
                    vocabCount = n
                } else if s.equals(key, "config") || s.equals(key, "special_tokens") {
                    s.ws()
                    let a = s.i
                    guard s.skipValue(depth: 0) else { return false }
                    guard let v = try? JSONParser.parse(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: p[a..<s.i]))) else { return false }
                    if s.equals(key, "config") { config = v.objectValue } else { specials = v.arrayValue }
                } else {
                    guard s.skipValue(depth: 0) else { return false }
                }
                if s.take(UInt8(ascii: ",")) { continue }
                if s.take(UInt8(ascii: "}")) { break }
                return false
            }
            s.ws()
            return s.i == p.count
        }
        guard ok, let config, vocabCount >= 0 else { return nil }
        return try tekken(config: config, specials: specials, vocabCount: vocabCount, path: path) { inner in
            list.truncate(to: inner)
            for (index, rank) in list.ids.enumerated() where rank < 0 || Int(rank) >= inner {
                throw TokenizerError(path: path, message: "tekken: vocab entry \(index) has rank \(rank) out of range")
            }
            return list
        }
    }

    // MARK: tiktoken

    /// The published tiktoken encodings, recognized by their number of ranks.
    private static let tiktokenKinds: [(ranks: Int, name: String, pattern: PreTokenizerPattern, eos: Int32, vocab: Int)] = [
        (50256, "r50k_base", .gpt2, 50256, 50257),
        (50280, "p50k_base", .gpt2, 50256, 50281),
        (100256, "cl100k_base", .cl100k, 100257, 100277),
        (199998, "o200k_base", .o200k, 199999, 200019),
    ]

    /// A tiktoken rank file: lines `base64(token bytes) rank`.
    static func tiktoken(_ data: [UInt8], path: String) throws -> Tokenizer {
        var list = TokenList(capacity: data.count / 12, bytes: data.count / 2)
        var line = 0
        var i = 0
        while i < data.count {
            var e = i
            while e < data.count, data[e] != 0x0A { e += 1 }
            line += 1
            var end = e
            if end > i, data[end - 1] == 0x0D { end -= 1 }
            if end > i {
                var sp = i
                while sp < end, data[sp] != 0x20 { sp += 1 }
                guard sp < end, Base64.decode(data[i..<sp], into: &list.arena),
                      let rank = Int32(String(decoding: data[(sp + 1)..<end], as: UTF8.self)) else {
                    throw TokenizerError(path: path, message:
                        "line \(line) is not 'base64 rank': not a tekken .json, HF tokenizer.json or tiktoken rank file")
                }
                list.close(id: rank)
            }
            i = e + 1
        }
        guard let kind = tiktokenKinds.first(where: { $0.ranks == list.count }) else {
            throw TokenizerError(path: path, message:
                "tiktoken rank file with \(list.count) ranks: its pre-tokenizer pattern is unknown (known: r50k_base, p50k_base, cl100k_base, o200k_base)")
        }
        let (tokens, byteIDs) = try rankTables(list, path: path)
        return Tokenizer(format: .tiktoken, pattern: kind.pattern, vocabSize: kind.vocab, bosID: nil, eosID: kind.eos,
                         tokens: tokens, merges: nil, byteIDs: byteIDs, idOffset: 0,
                         wholePieceShortcut: true, normalization: .none)
    }

    /// Tables for rank-based BPE (tiktoken semantics): two adjacent parts merge when their
    /// concatenation is a token, lowest rank first (`ByteMap.rankMerge`), so the token map is all
    /// that is needed.
    private static func rankTables(_ list: TokenList, path: String) throws -> (ByteMap, [Int32]) {
        let tokens = ByteMap(list)
        var byteIDs = [Int32](repeating: -1, count: 256)
        for b in 0..<256 {
            guard let id = [UInt8(b)].withUnsafeBufferPointer({ tokens.lookup($0) }) else {
                throw TokenizerError(path: path, message: "byte 0x\(String(b, radix: 16)) has no token: not a byte-level BPE vocabulary")
            }
            byteIDs[b] = id
        }
        return (tokens, byteIDs)
    }

    // MARK: Hugging Face tokenizer.json

    /// GPT-2's byte ↔ printable-character alphabet used by `ByteLevel`.
    static let byteLevelChars: [UInt32] = {
        var map = [UInt32](repeating: 0, count: 256)
        var extra: UInt32 = 256
        for b in 0..<256 {
            if (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b) {
                map[b] = UInt32(b)
            } else {
                map[b] = extra
                extra += 1
            }
        }
        return map
    }()

    /// A Hugging Face `tokenizer.json` with a byte-level BPE model.
    static func huggingFace(_ root: JSONObject, path: String) throws -> Tokenizer {
        func fail(_ m: String) -> TokenizerError { TokenizerError(path: path, message: "tokenizer.json: " + m) }
        guard let model = root["model"]?.objectValue else { throw fail("'model' is not an object") }
        guard model["type"]?.stringValue == "BPE" else {
            throw fail("model type \(model["type"].map { JSONWriter.string($0) } ?? "missing") is not supported (only byte-level BPE)")
        }
        if model["byte_fallback"]?.boolValue == true { throw fail("byte_fallback BPE (SentencePiece-style) is not supported") }
        if let p = model["continuing_subword_prefix"]?.stringValue, !p.isEmpty { throw fail("continuing_subword_prefix is not supported") }
        if let p = model["end_of_word_suffix"]?.stringValue, !p.isEmpty { throw fail("end_of_word_suffix is not supported") }
        if let d = model["dropout"]?.doubleValue, d > 0 { throw fail("BPE dropout is not supported") }
        let pattern = try hfPattern(root["pre_tokenizer"] ?? .null, fail)
        let normalization = try hfNormalization(root["normalizer"] ?? .null, fail)

        guard let vocab = model["vocab"]?.objectValue else { throw fail("model.vocab is not an object") }
        var byteOf: [UInt32: UInt8] = [:]
        for (b, c) in byteLevelChars.enumerated() { byteOf[c] = UInt8(b) }
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(vocab.count)
        var entries = TokenList(capacity: vocab.count, bytes: vocab.count * 8)
        var maxID: Int64 = -1
        for (key, value) in vocab {
            guard let id = value.intValue, id >= 0, id < Int64(Int32.max) else { throw fail("vocab entry \(key.debugDescription) has no valid id") }
            maxID = max(maxID, id)
            if ids[key] == nil { ids[key] = Int32(id) }
            var bytes: [UInt8] = []
            var byteLevel = true
            for s in key.unicodeScalars {
                guard let b = byteOf[s.value] else { byteLevel = false; break }
                bytes.append(b)
            }
            if byteLevel, !bytes.isEmpty { entries.append(bytes, id: Int32(id)) }
        }
        let tokens = ByteMap(entries)
        var byteIDs = [Int32](repeating: -1, count: 256)
        for b in 0..<256 {
            guard let s = Unicode.Scalar(byteLevelChars[b]), let id = ids[String(Character(s))] else {
                throw fail("byte 0x\(String(b, radix: 16)) has no ByteLevel token in the vocab: not a byte-level BPE")
            }
            byteIDs[b] = id
        }
        let mergeList = model["merges"]?.arrayValue ?? []
        var pairs = PairMap(capacity: mergeList.count)
        for (index, m) in mergeList.enumerated() {
            let a: String
            let b: String
            if let s = m.stringValue {
                let parts = s.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else { throw fail("merge \(index) \(s.debugDescription) is not 'a b'") }
                a = String(parts[0]); b = String(parts[1])
            } else if let arr = m.arrayValue, arr.count == 2, let x = arr[0].stringValue, let y = arr[1].stringValue {
                a = x; b = y
            } else {
                throw fail("merge \(index) is neither 'a b' nor [a, b]")
            }
            guard let l = ids[a], let r = ids[b], let res = ids[a + b] else {
                throw fail("merge \(index) (\(a.debugDescription), \(b.debugDescription)) uses a token missing from the vocab")
            }
            pairs.insert(left: l, right: r, priority: UInt32(index), result: res)
        }
        var bos: Int32? = nil
        var eos: Int32? = nil
        for t in root["added_tokens"]?.arrayValue ?? [] {
            guard let o = t.objectValue, let content = o["content"]?.stringValue, let id = o["id"]?.intValue else { continue }
            maxID = max(maxID, id)
            guard o["special"]?.boolValue == true else { continue }
            if bos == nil, bosNames.contains(content) { bos = Int32(id) }
            if eos == nil, eosNames.contains(content) { eos = Int32(id) }
        }
        return Tokenizer(format: .huggingFace, pattern: pattern, vocabSize: Int(maxID + 1), bosID: bos, eosID: eos,
                         tokens: tokens, merges: pairs, byteIDs: byteIDs, idOffset: 0,
                         wholePieceShortcut: model["ignore_merges"]?.boolValue ?? false, normalization: normalization)
    }

    static let bosNames: Set<String> = ["<s>", "<|begin_of_text|>", "<｜begin▁of▁sentence｜>", "<BOS>", "<SOS>", "<bos>", "[BOS]", "<|startoftext|>"]
    static let eosNames: Set<String> = ["</s>", "<|end_of_text|>", "<|endoftext|>", "<｜end▁of▁sentence｜>", "<EOS>", "<EOT>", "<eos>", "[EOS]"]

    private static func hfPattern(_ pre: JSONValue, _ fail: (String) -> TokenizerError) throws -> PreTokenizerPattern {
        func byteLevel(_ o: JSONObject, split: Bool) throws -> Bool {
            if o["add_prefix_space"]?.boolValue == true { throw fail("ByteLevel add_prefix_space=true is not supported") }
            return o["use_regex"]?.boolValue ?? true
        }
        guard let o = pre.objectValue else { throw fail("no pre_tokenizer: only byte-level BPE with a known split pattern is supported") }
        switch o["type"]?.stringValue {
        case "ByteLevel":
            guard try byteLevel(o, split: false) else { throw fail("ByteLevel without regex and no Split: unsupported pre-tokenizer") }
            return .gpt2
        case "Sequence":
            let list = o["pretokenizers"]?.arrayValue ?? []
            guard list.count == 2, let split = list[0].objectValue, let bl = list[1].objectValue,
                  split["type"]?.stringValue == "Split", bl["type"]?.stringValue == "ByteLevel" else {
                throw fail("pre_tokenizer sequence \(JSONWriter.string(pre)) is not Split + ByteLevel: unsupported")
            }
            guard try byteLevel(bl, split: true) == false else { throw fail("Split + ByteLevel(use_regex=true) is not supported") }
            guard split["behavior"]?.stringValue == "Isolated", split["invert"]?.boolValue != true,
                  let regex = split["pattern"]?.objectValue?["Regex"]?.stringValue else {
                throw fail("Split must be {pattern:{Regex}, behavior:Isolated, invert:false}")
            }
            guard let p = PreTokenizerPattern.recognize(regex) else {
                throw fail("unknown Split pattern \(regex.debugDescription); only tekken/o200k/cl100k/GPT-2 patterns are implemented")
            }
            return p
        default:
            throw fail("pre_tokenizer \(JSONWriter.string(pre)) is not supported")
        }
    }

    private static func hfNormalization(_ n: JSONValue, _ fail: (String) -> TokenizerError) throws -> Tokenizer.Normalization {
        guard let o = n.objectValue else { return .none }
        switch o["type"]?.stringValue {
        case "NFKC": return .nfkc
        case "NFC": return .nfc
        case "Sequence" where (o["normalizers"]?.arrayValue ?? []).isEmpty: return .none
        default: throw fail("normalizer \(JSONWriter.string(n)) is not supported (only none, NFC, NFKC)")
        }
    }
}

/// Standard base64 (RFC 4648, with or without padding).
enum Base64 {
    private static let table: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() { t[Int(c)] = UInt8(i) }
        return t
    }()

    static func decode(_ s: String) -> [UInt8]? { decode(Array(s.utf8)[...]) }

    static func decode(_ s: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(s.count * 3 / 4)
        return decode(s, into: &out) ? out : nil
    }

    /// Appends the decoded bytes to `out`; false (with `out` partly extended) on an invalid character.
    static func decode(_ s: ArraySlice<UInt8>, into out: inout [UInt8]) -> Bool {
        s.withUnsafeBufferPointer { decode($0, into: &out) }
    }

    /// Appends the decoded bytes to `out`; false (with `out` partly extended) on an invalid character.
    static func decode(_ s: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        table.withUnsafeBufferPointer { table in
            var acc: UInt32 = 0
            var bits = 0
            for c in s {
                if c == UInt8(ascii: "=") { break }
                let v = table[Int(c)]
                if v == 0xFF { return false }
                acc = acc << 6 | UInt32(v)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
                }
            }
            return true
        }
    }
}

/// A forward scanner over JSON text that checks and skips values without building them
/// (for the tekken vocabulary); every method returns nil/false on anything unexpected.
struct JSONSkim {
    let p: UnsafeBufferPointer<UInt8>
    var i = 0

    init(p: UnsafeBufferPointer<UInt8>) { self.p = p }

    @inline(__always) mutating func ws() {
        while i < p.count, p[i] == 0x20 || p[i] == 0x0A || p[i] == 0x0D || p[i] == 0x09 { i += 1 }
    }

    /// Skips whitespace and the byte `c` if it comes next.
    @inline(__always) mutating func take(_ c: UInt8) -> Bool {
        ws()
        if i < p.count, p[i] == c { i += 1; return true }
        return false
    }

    func equals(_ r: Range<Int>, _ s: StaticString) -> Bool {
        guard r.count == s.utf8CodeUnitCount else { return false }
        let b = s.utf8Start
        for k in 0..<r.count where p[r.lowerBound + k] != b[k] { return false }
        return true
    }

    /// A string without escapes or control characters: the range of its content; nil otherwise.
    mutating func plainString() -> Range<Int>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let a = i
        while i < p.count {
            let c = p[i]
            if c == UInt8(ascii: "\"") { i += 1; return a..<(i - 1) }
            if c == UInt8(ascii: "\\") || c < 0x20 { return nil }
            i += 1
        }
        return nil
    }

    /// Skips any string (escapes checked; UTF-8 is not validated here).
    mutating func skipString() -> Bool {
        guard take(UInt8(ascii: "\"")) else { return false }
        while i < p.count {
            let c = p[i]
            i += 1
            if c == UInt8(ascii: "\"") { return true }
            if c < 0x20 { return false }
            if c == UInt8(ascii: "\\") {
                guard i < p.count else { return false }
                let e = p[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    continue
                case UInt8(ascii: "u"):
                    guard i + 4 <= p.count else { return false }
                    for k in 0..<4 where !Self.isHex(p[i + k]) { return false }
                    i += 4
                default: return false
                }
            }
        }
        return false
    }

    @inline(__always) static func isHex(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x66)
    }

    /// A non-negative or negative integer literal (no fraction or exponent).
    mutating func int() -> Int64? {
        ws()
        var neg = false
        if i < p.count, p[i] == UInt8(ascii: "-") { neg = true; i += 1 }
        let a = i
        var v: Int64 = 0
        while i < p.count, p[i] >= 0x30, p[i] <= 0x39 {
            guard i - a < 18 else { return nil }
            v = v * 10 + Int64(p[i] - 0x30)
            i += 1
        }
        guard i > a, i - a == 1 || p[a] != 0x30 else { return nil }
        if i < p.count, p[i] == UInt8(ascii: ".") || p[i] | 0x20 == UInt8(ascii: "e") { return nil }
        return neg ? -v : v
    }

    /// Skips one value of any type.
    mutating func skipValue(depth: Int) -> Bool {
        ws()
        guard i < p.count, depth < 512 else { return false }
        switch p[i] {
        case UInt8(ascii: "\""): return skipString()
        case UInt8(ascii: "{"):
            i += 1
            if take(UInt8(ascii: "}")) { return true }
            while true {
                guard skipString(), take(UInt8(ascii: ":")), skipValue(depth: depth + 1) else { return false }
                if take(UInt8(ascii: ",")) { continue }
                return take(UInt8(ascii: "}"))
            }
        case UInt8(ascii: "["):
            i += 1
            if take(UInt8(ascii: "]")) { return true }
            while true {
                guard skipValue(depth: depth + 1) else { return false }
                if take(UInt8(ascii: ",")) { continue }
                return take(UInt8(ascii: "]"))
            }
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default:
            if p[i] == UInt8(ascii: "-") { i += 1 }
            let a = i
            while i < p.count, p[i] >= 0x30, p[i] <= 0x39 { i += 1 }
            guard i > a, i - a == 1 || p[a] != 0x30 else { return false }
            if i < p.count, p[i] == UInt8(ascii: ".") {
                i += 1
                let f = i
                while i < p.count, p[i] >= 0x30, p[i] <= 0x39 { i += 1 }
                guard i > f else { return false }
            }
            if i < p.count, p[i] | 0x20 == UInt8(ascii: "e") {
                i += 1
                if i < p.count, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { i += 1 }
                let f = i
                while i < p.count, p[i] >= 0x30, p[i] <= 0x39 { i += 1 }
                guard i > f else { return false }
            }
            return true
        }
    }

    private mutating func literal(_ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard i + n <= p.count, equals(i..<(i + n), s) else { return false }
        i += n
        return true
    }

    /// The tekken `vocab` array: each entry's base64 `token_bytes` decoded into `list` with its
    /// `rank` (the entry's index when absent). Returns the entry count.
    mutating func tekkenVocab(into list: inout TokenList) -> Int? {
        guard take(UInt8(ascii: "[")) else { return nil }
        list = TokenList(capacity: 160_000, bytes: 1 << 20)
        if take(UInt8(ascii: "]")) { return 0 }
        var index = 0
        while true {
            guard take(UInt8(ascii: "{")) else { return nil }
            var rank: Int64? = nil
            var bytes: Range<Int>? = nil
            if !take(UInt8(ascii: "}")) {
                while true {
                    guard let key = plainString(), take(UInt8(ascii: ":")) else { return nil }
                    if equals(key, "rank") {
                        guard rank == nil, let r = int() else { return nil }
                        rank = r
                    } else if equals(key, "token_bytes") {
                        guard bytes == nil, let b = plainString() else { return nil }
                        bytes = b
                    } else {
                        guard skipValue(depth: 2) else { return nil }
                    }
                    if take(UInt8(ascii: ",")) { continue }
                    guard take(UInt8(ascii: "}")) else { return nil }
                    break
                }
            }
            let r = rank ?? Int64(index)
            guard let bytes, r >= Int64(Int32.min), r <= Int64(Int32.max),
                  Base64.decode(UnsafeBufferPointer(rebasing: p[bytes]), into: &list.arena) else { return nil }
            list.close(id: Int32(r))
            index += 1
            if take(UInt8(ascii: ",")) { continue }
            guard take(UInt8(ascii: "]")) else { return nil }
            return index
        }
    }
}
