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
        guard let source = config["pattern"]?.stringValue else { throw fail("config has no 'pattern'") }
        guard let pattern = PreTokenizerPattern.recognize(source) else {
            throw fail("unknown pre-tokenizer pattern \(source.debugDescription); only tekken/o200k/cl100k/GPT-2 patterns are implemented")
        }
        let specials = root["special_tokens"]?.arrayValue
        let numSpecial = Int(config["default_num_special_tokens"]?.intValue ?? Int64(specials?.count ?? 1000))
        let vocabSize = Int(config["default_vocab_size"]?.intValue ?? Int64(vocab.count + numSpecial))
        let inner = vocabSize - numSpecial
        guard inner > 256, inner <= vocab.count else {
            throw fail("default_vocab_size \(vocabSize) − \(numSpecial) specials does not fit the \(vocab.count) vocab entries")
        }
        var entries: [([UInt8], Int32)] = []
        entries.reserveCapacity(inner)
        for (index, v) in vocab.prefix(inner).enumerated() {
            guard let o = v.objectValue, let b64 = o["token_bytes"]?.stringValue,
                  let bytes = Base64.decode(b64) else { throw fail("vocab entry \(index) has no valid base64 'token_bytes'") }
            let rank = Int(o["rank"]?.intValue ?? Int64(index))
            guard rank >= 0, rank < inner else { throw fail("vocab entry \(index) has rank \(rank) out of range") }
            entries.append((bytes, Int32(rank)))
        }
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
        let (tokens, merges, byteIDs) = try rankTables(entries, path: path)
        return Tokenizer(format: .tekken, pattern: pattern, vocabSize: vocabSize, bosID: bos, eosID: eos,
                         tokens: tokens, merges: merges, byteIDs: byteIDs, idOffset: Int32(numSpecial),
                         wholePieceShortcut: true, normalization: .none)
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
        var entries: [([UInt8], Int32)] = []
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
                guard sp < end, let bytes = Base64.decode(data[i..<sp]), let rank = Int32(String(decoding: data[(sp + 1)..<end], as: UTF8.self)) else {
                    throw TokenizerError(path: path, message:
                        "line \(line) is not 'base64 rank': not a tekken .json, HF tokenizer.json or tiktoken rank file")
                }
                entries.append((bytes, rank))
            }
            i = e + 1
        }
        guard let kind = tiktokenKinds.first(where: { $0.ranks == entries.count }) else {
            throw TokenizerError(path: path, message:
                "tiktoken rank file with \(entries.count) ranks: its pre-tokenizer pattern is unknown (known: r50k_base, p50k_base, cl100k_base, o200k_base)")
        }
        let (tokens, merges, byteIDs) = try rankTables(entries, path: path)
        return Tokenizer(format: .tiktoken, pattern: kind.pattern, vocabSize: kind.vocab, bosID: nil, eosID: kind.eos,
                         tokens: tokens, merges: merges, byteIDs: byteIDs, idOffset: 0,
                         wholePieceShortcut: true, normalization: .none)
    }

    /// Tables for rank-based BPE (tiktoken semantics): two adjacent parts merge when their
    /// concatenation is a token, lowest rank first. Every split of a token into two tokens is a pair.
    private static func rankTables(_ entries: [([UInt8], Int32)], path: String) throws -> (ByteMap, PairMap, [Int32]) {
        let tokens = ByteMap(entries)
        var byteIDs = [Int32](repeating: -1, count: 256)
        for b in 0..<256 {
            guard let id = [UInt8(b)].withUnsafeBufferPointer({ tokens.lookup($0) }) else {
                throw TokenizerError(path: path, message: "byte 0x\(String(b, radix: 16)) has no token: not a byte-level BPE vocabulary")
            }
            byteIDs[b] = id
        }
        var pairs = PairMap(capacity: entries.count * 6)
        for (bytes, rank) in entries where bytes.count >= 2 {
            bytes.withUnsafeBufferPointer { p in
                for k in 1..<p.count {
                    guard let l = tokens.lookup(UnsafeBufferPointer(rebasing: p[0..<k])),
                          let r = tokens.lookup(UnsafeBufferPointer(rebasing: p[k...])) else { continue }
                    pairs.insert(left: l, right: r, priority: UInt32(bitPattern: rank), result: rank)
                }
            }
        }
        return (tokens, pairs, byteIDs)
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
        var entries: [([UInt8], Int32)] = []
        entries.reserveCapacity(vocab.count)
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
            if byteLevel, !bytes.isEmpty { entries.append((bytes, Int32(id))) }
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
        var acc: UInt32 = 0
        var bits = 0
        for c in s {
            if c == UInt8(ascii: "=") { break }
            let v = table[Int(c)]
            if v == 0xFF { return nil }
            acc = acc << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
        return out
    }
}
