import SieveIO
import XCTest
@testable import SieveTokenize

/// Small tokenizers written to temporary files in each published format.
final class TokenizerTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = "/tmp/sieve-tokenize-tests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileSystem.createDirectories(dir)
    }

    override func tearDown() { FileSystem.removeTree(dir) }

    /// 256 byte tokens + the given multi-byte tokens, in rank order.
    func tekkenFile(_ extra: [String], pattern: String = PreTokenizerPattern.knownSources[0].0) throws -> String {
        var vocab: [JSONValue] = []
        var all: [[UInt8]] = (0..<256).map { [UInt8($0)] }
        all += extra.map { Array($0.utf8) }
        for (rank, bytes) in all.enumerated() {
            vocab.append(.object(["rank": .int(Int64(rank)), "token_bytes": .string(base64(bytes)), "token_str": .null]))
        }
        let root: JSONValue = .object(["config": .object(["pattern": .string(pattern), "default_vocab_size": .int(Int64(1000 + all.count)),
                                                          "default_num_special_tokens": 1000, "version": "v3"]),
                                       "vocab": .array(vocab)])
        let path = dir + "/tekken.json"
        try OutputFile.writeAtomically(path, JSONWriter.string(root))
        return path
    }

    func base64(_ b: [UInt8]) -> String {
        let a = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            let n = min(3, b.count - i)
            var v = UInt32(b[i]) << 16
            if n > 1 { v |= UInt32(b[i + 1]) << 8 }
            if n > 2 { v |= UInt32(b[i + 2]) }
            for k in 0..<4 { out.append(k <= n ? a[Int(v >> (18 - 6 * UInt32(k)) & 63)] : UInt8(ascii: "=")) }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    func testTekkenIdsOffsetsAndLeftmostTies() throws {
        let tok = try Tokenizer.load(path: tekkenFile(["aa", "aaa", "ab", " h", "el", "lo", "ello", " hello"]))
        XCTAssertEqual(tok.format, .tekken)
        XCTAssertEqual(tok.vocabSize, 1264)
        XCTAssertEqual(tok.bosID, 1)
        XCTAssertEqual(tok.eosID, 2)
        let a = Int32(UInt8(ascii: "a")) + 1000
        // "aaaaaaa": merges go leftmost on ties → aa|aa|aaa (ids: aa = 1256, aaa = 1257)
        XCTAssertEqual(tok.encode("aaaaaaa"), [1256, 1256, 1257])
        XCTAssertEqual(tok.encode("a"), [a])
        XCTAssertEqual(tok.encode(" hello", bos: true, eos: true), [1, 1263, 2])
        XCTAssertEqual(tok.encode(""), [])
        XCTAssertEqual(tok.encode("", bos: true, eos: false), [1])
    }

    /// tiktoken's merge written the plain way: lowest-rank adjacent concatenation first, leftmost on ties.
    func referenceMerge(_ bytes: [UInt8], _ ranks: [[UInt8]: Int32]) -> [Int32] {
        var parts = bytes.map { [$0] }
        while parts.count > 1 {
            var best: (Int32, Int)? = nil
            for i in 0..<(parts.count - 1) {
                if let r = ranks[parts[i] + parts[i + 1]], best == nil || r < best!.0 { best = (r, i) }
            }
            guard let (_, i) = best else { break }
            parts[i] += parts[i + 1]
            parts.remove(at: i + 1)
        }
        return parts.map { ranks[$0]! }
    }

    func testRankMergeLinearHeapAndReferenceAgree() throws {
        let extra = ["aa", "ab", "ba", "aab", "abab", "aaaa", "bb", "abba", "babab", "bab", "aba"]
        let tok = try Tokenizer.load(path: tekkenFile(extra))
        var ranks: [[UInt8]: Int32] = [:]
        for b in 0..<256 { ranks[[UInt8(b)]] = Int32(b) }
        for (i, t) in extra.enumerated() { ranks[Array(t.utf8)] = Int32(256 + i) }
        var rng = SystemRandomNumberGenerator()
        var s = MergeScratch()  // reused, as an encoder does
        for _ in 0..<200 {
            let n = Int.random(in: 2...140, using: &rng)
            let bytes = (0..<n).map { _ in Bool.random(using: &rng) ? UInt8(ascii: "a") : UInt8(ascii: "b") }
            var linear: [Int32] = []
            var heap: [Int32] = []
            bytes.withUnsafeBufferPointer { p in
                tok.byteIDs.withUnsafeBufferPointer { ids in
                    tok.tokens.rankMerge(p, byteIDs: ids, &s, offset: 0, into: &linear)
                    tok.tokens.rankMerge(p, byteIDs: ids, &s, offset: 0, into: &heap, forceHeap: true)
                }
            }
            let expected = referenceMerge(bytes, ranks)
            XCTAssertEqual(linear, expected, String(decoding: bytes, as: UTF8.self))
            XCTAssertEqual(heap, expected, String(decoding: bytes, as: UTF8.self))
        }
    }

    func testEncoderCacheGivesTheTokenizersIds() throws {
        let tok = try Tokenizer.load(path: tekkenFile(["aa", "ab", " a", " ab", "é", " é", "ba", "abab", "aaaa"]))
        let words = ["a", "ab", "aab", "aaaaaaaa", "é", "éé", "ba", "abababababababababababab", "aaaaaaaaaaaaaaaaaaaaaaaaaa", "b", "ł", "日本"]
        var rng = SystemRandomNumberGenerator()
        // A tiny cache: slots are overwritten all the time.
        for entries in [0, 16, 1 << 12] {
            let encoder = TokenEncoder(tok, cacheEntries: entries)
            for _ in 0..<200 {
                var text = ""
                for _ in 0..<Int.random(in: 0...40, using: &rng) {
                    text += words.randomElement(using: &rng)! + [" ", "  ", "\n", ", ", ""].randomElement(using: &rng)!
                }
                XCTAssertEqual(encoder.encode(text, bos: true, eos: true), tok.encode(text, bos: true, eos: true), text)
            }
        }
    }

    func testTekkenFastReaderFallsBackOnEscapes() throws {
        // "token_bytes" with a JSON escape (\/) and an escaped key: read by the generic parser.
        let path = try tekkenFile(["aa", "ab"])
        let plain = try FileSystem.readFile(path)
        XCTAssertNotNil(try TokenizerLoader.tekkenFast(plain, path: path))
        // "/" is byte 0x2F, base64 "Lw==": spell its L as \u004c.
        let text = String(decoding: plain, as: UTF8.self).replacingOccurrences(of: "\"Lw==\"", with: "\"\\u004cw==\"")
        XCTAssertNotEqual(Array(text.utf8), plain)
        XCTAssertNil(try TokenizerLoader.tekkenFast(Array(text.utf8), path: path))
        try OutputFile.writeAtomically(path, text)
        XCTAssertEqual(try Tokenizer.load(path: path).encode("aab/"), [1256, 1098, 1047])
    }

    func testHuggingFaceByteLevelBPE() throws {
        // ByteLevel alphabet: space is "Ġ" (U+0120).
        var vocab = JSONObject()
        var next: Int64 = 0
        for b in 0..<256 {
            let c = TokenizerLoader.byteLevelChars[b]
            vocab[String(Character(Unicode.Scalar(c)!))] = .int(next)
            next += 1
        }
        for t in ["Ġh", "Ġhi", "hi"] { vocab[t] = .int(next); next += 1 }
        let root: JSONValue = .object([
            "model": .object(["type": "BPE", "vocab": .object(vocab),
                              "merges": .array([.array(["h", "i"]), "Ġ h", "Ġh i"])]),
            "pre_tokenizer": .object(["type": "ByteLevel", "add_prefix_space": false]),
            "normalizer": .null,
            "added_tokens": .array([.object(["id": .int(next), "content": "<|endoftext|>", "special": true])]),
        ])
        let path = dir + "/tokenizer.json"
        try OutputFile.writeAtomically(path, JSONWriter.string(root))
        let tok = try Tokenizer.load(path: path)
        XCTAssertEqual(tok.format, .huggingFace)
        XCTAssertEqual(tok.pattern, .gpt2)
        XCTAssertEqual(tok.eosID, Int32(next))
        XCTAssertEqual(tok.vocabSize, Int(next) + 1)
        // " hi": merge 0 (h,i) goes first → Ġ + hi; (Ġ, hi) is not a listed merge.
        XCTAssertEqual(tok.encode(" hi"), [32, 258])
        XCTAssertEqual(tok.encode(" h"), [256])
    }

    func testLargeJSONObjectsKeepDuplicateKeySemantics() throws {
        // JSONObject.init indexes keys of large objects (tokenizer vocabs); a later duplicate
        // still replaces the value in place, as for small objects.
        let keys = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let o = try XCTUnwrap(JSONParser.parse("{\(keys),\"k3\":99}").objectValue)
        XCTAssertEqual(o.count, 40)
        XCTAssertEqual(o["k3"], .int(99))
        XCTAssertEqual(o.keys.prefix(4), ["k0", "k1", "k2", "k3"])
    }

    func testUnknownPatternAndFormatFailClearly() throws {
        XCTAssertThrowsError(try Tokenizer.load(path: tekkenFile([], pattern: #"\w+"#))) { e in
            XCTAssertTrue("\(e)".contains("unknown pre-tokenizer pattern"), "\(e)")
        }
        let path = dir + "/ranks.tiktoken"
        try OutputFile.writeAtomically(path, "YQ== 0\nYg== 1\n")
        XCTAssertThrowsError(try Tokenizer.load(path: path)) { e in XCTAssertTrue("\(e)".contains("pattern is unknown"), "\(e)") }
        XCTAssertThrowsError(try Tokenizer.load(path: dir + "/missing.json"))
    }
}
