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

    func testHeapAndLinearMergesAgree() throws {
        let tok = try Tokenizer.load(path: tekkenFile(["aa", "ab", "ba", "aab", "abab", "aaaa", "bb", "abba", "babab"]))
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let n = Int.random(in: 2...300, using: &rng)
            let bytes = (0..<n).map { _ in Bool.random(using: &rng) ? UInt8(ascii: "a") : UInt8(ascii: "b") }
            var s = MergeScratch()
            var linear: [Int32] = []
            var heap: [Int32] = []
            s.ids = bytes.map { tok.byteIDs[Int($0)] }
            if s.ids.count <= linearMergeLimit {
                tok.merges.merge(&s, offset: 0, into: &linear)
            } else {
                continue
            }
            s.ids = bytes.map { tok.byteIDs[Int($0)] }
            tok.merges.merge(&s, offset: 0, into: &heap, forceHeap: true)
            XCTAssertEqual(linear, heap, String(decoding: bytes, as: UTF8.self))
        }
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
