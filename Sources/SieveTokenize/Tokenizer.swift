// Byte-level BPE tokenizers read as published: tekken JSON, tiktoken rank files, HF tokenizer.json.
import Foundation
import SieveIO

/// An error loading a tokenizer file; the message says what is wrong and what to do.
public struct TokenizerError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { "\(path): \(message)" }
}

/// A byte-level BPE tokenizer that gives the same ids as the reference implementations
/// (mistral-common for tekken, tiktoken for rank files, Hugging Face `tokenizers` for
/// `tokenizer.json`). Immutable after loading; `encode` may be called from many threads.
public final class Tokenizer: @unchecked Sendable {
    /// The file format the tokenizer was read from.
    public enum Format: String, Sendable {
        case tekken, tiktoken, huggingFace
    }

    /// Unicode normalization applied before pre-tokenization (HF `normalizer`).
    enum Normalization { case none, nfc, nfkc }

    /// The format of the file this tokenizer was loaded from.
    public let format: Format
    /// The pre-tokenizer pattern detected in the file.
    public let pattern: PreTokenizerPattern
    /// Number of ids, special ones included (what a trainer's embedding table needs).
    public let vocabSize: Int
    /// Beginning-of-sequence id, if the tokenizer defines one.
    public let bosID: Int32?
    /// End-of-sequence id, if the tokenizer defines one.
    public let eosID: Int32?

    let preTokenizer: PreTokenizer
    let tokens: ByteMap
    /// Merge table of `tokenizer.json` files; nil for rank-based files (tekken, tiktoken),
    /// which merge by the rank of the concatenated bytes.
    let merges: PairMap?
    let byteIDs: [Int32]
    let idOffset: Int32
    let wholePieceShortcut: Bool
    let normalization: Normalization

    init(format: Format, pattern: PreTokenizerPattern, vocabSize: Int, bosID: Int32?, eosID: Int32?,
         tokens: ByteMap, merges: PairMap?, byteIDs: [Int32], idOffset: Int32, wholePieceShortcut: Bool,
         normalization: Normalization) {
        self.format = format
        self.pattern = pattern
        self.vocabSize = vocabSize
        self.bosID = bosID
        self.eosID = eosID
        self.preTokenizer = PreTokenizer(pattern: pattern)
        self.tokens = tokens
        self.merges = merges
        self.byteIDs = byteIDs
        self.idOffset = idOffset
        self.wholePieceShortcut = wholePieceShortcut
        self.normalization = normalization
    }

    /// Loads a tekken `.json`, a tiktoken rank file (`base64 rank` lines) or a Hugging Face
    /// `tokenizer.json`, detected by content.
    public static func load(path: String) throws -> Tokenizer {
        let data: [UInt8]
        do { data = try FileSystem.readFile(path) } catch {
            throw TokenizerError(path: path, message: "cannot read the tokenizer file (\(error))")
        }
        var k = 0
        while k < data.count, data[k] == 0x20 || data[k] == 0x0A || data[k] == 0x0D || data[k] == 0x09 { k += 1 }
        if k < data.count, data[k] == UInt8(ascii: "{") {
            if let t = try TokenizerLoader.tekkenFast(data, path: path) { return t }
            let json: JSONValue
            do { json = try JSONParser.parse(data) } catch {
                throw TokenizerError(path: path, message: "not valid JSON (\(error))")
            }
            guard let root = json.objectValue else {
                throw TokenizerError(path: path, message: "expected a JSON object at the top level")
            }
            if root["model"] != nil { return try TokenizerLoader.huggingFace(root, path: path) }
            if root["config"] != nil, root["vocab"] != nil { return try TokenizerLoader.tekken(root, path: path) }
            throw TokenizerError(path: path, message:
                "JSON without 'model' (HF tokenizer.json) or 'config'+'vocab' (tekken): not a known tokenizer format")
        }
        return try TokenizerLoader.tiktoken(data, path: path)
    }

    /// Encodes `text` as ordinary text: special-token strings in it are encoded as plain bytes.
    public func encode(_ text: String) -> [Int32] { encode(text, bos: false, eos: false) }

    /// Encodes `text` as ordinary text, with BOS prepended and/or EOS appended when asked
    /// (and defined by the tokenizer). For many texts, a `TokenEncoder` reuses its buffers.
    public func encode(_ text: String, bos: Bool, eos: Bool) -> [Int32] {
        TokenEncoder(self, cacheEntries: 0).encode(text, bos: bos, eos: eos)
    }

    /// Appends the ids of `text` (ordinary text) to `out`.
    public func append(_ text: String, to out: inout [Int32]) {
        var state = EncodeState(cacheEntries: 0)
        append(text, &state, &out)
    }

    /// Appends the ids of `text` to `out`, with the buffers (and piece cache) of `state`.
    func append(_ text: String, _ state: inout EncodeState, _ out: inout [Int32]) {
        var t = normalized(text)
        t.withUTF8 { bytes in
            state.scalars.load(bytes)
            byteIDs.withUnsafeBufferPointer { byteIDs in
                if let cache = state.cache {
                    preTokenizer.split(state.scalars, bytes) { a, b in
                        let n = b - a
                        if n == 1 {
                            out.append(byteIDs[Int(bytes[a])] &+ idOffset)
                        } else if n <= PieceCache.maxBytes {
                            let key = PieceCache.key(bytes, a, b)
                            if cache.get(key, into: &out) { return }
                            let start = out.count
                            encodePiece(UnsafeBufferPointer(rebasing: bytes[a..<b]), byteIDs, &state.scratch, &out)
                            cache.put(key, out, from: start)
                        } else {
                            encodePiece(UnsafeBufferPointer(rebasing: bytes[a..<b]), byteIDs, &state.scratch, &out)
                        }
                    }
                } else {
                    preTokenizer.split(state.scalars, bytes) { a, b in
                        encodePiece(UnsafeBufferPointer(rebasing: bytes[a..<b]), byteIDs, &state.scratch, &out)
                    }
                }
            }
        }
    }

    private func normalized(_ text: String) -> String {
        if normalization == .none { return text }
        var ascii = true
        for b in text.utf8 where b >= 0x80 { ascii = false; break }
        if ascii { return text }
        switch normalization {
        case .none: return text
        case .nfc: return text.precomposedStringWithCanonicalMapping
        case .nfkc: return text.precomposedStringWithCompatibilityMapping
        }
    }

    @inline(__always)
    private func encodePiece(_ piece: UnsafeBufferPointer<UInt8>, _ byteIDs: UnsafeBufferPointer<Int32>,
                             _ s: inout MergeScratch, _ out: inout [Int32]) {
        if piece.count == 1 {
            out.append(byteIDs[Int(piece[0])] &+ idOffset)
            return
        }
        if wholePieceShortcut {
            let id = tokens.find(piece)
            if id >= 0 {
                out.append(id &+ idOffset)
                return
            }
        }
        if let merges {
            s.ids.removeAll(keepingCapacity: true)
            for b in piece { s.ids.append(byteIDs[Int(b)]) }
            merges.merge(&s, offset: idOffset, into: &out)
        } else {
            tokens.rankMerge(piece, byteIDs: byteIDs, &s, offset: idOffset, into: &out)
        }
    }
}

/// Encodes many texts with one tokenizer on one thread: the decoding and merge buffers are
/// reused, and a bounded cache maps recently seen pre-tokenizer pieces to their ids, so a
/// repeated word skips the vocabulary lookup and the BPE merge. The ids are exactly those of
/// `Tokenizer.encode`. Not thread-safe: use one encoder per thread.
public final class TokenEncoder {
    /// The tokenizer this encoder uses.
    public let tokenizer: Tokenizer
    private var state: EncodeState

    /// An encoder whose piece cache holds up to `cacheEntries` pieces (rounded up to a power of
    /// two; 0 disables the cache).
    public init(_ tokenizer: Tokenizer, cacheEntries: Int = 1 << 15) {
        self.tokenizer = tokenizer
        state = EncodeState(cacheEntries: cacheEntries)
    }

    /// Appends the ids of `text` (ordinary text) to `out`.
    public func append(_ text: String, to out: inout [Int32]) {
        tokenizer.append(text, &state, &out)
    }

    /// Encodes `text` as ordinary text, with BOS prepended and/or EOS appended when asked
    /// (and defined by the tokenizer).
    public func encode(_ text: String, bos: Bool = false, eos: Bool = false) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(text.utf8.count / 3 + 2)
        if bos, let b = tokenizer.bosID { out.append(b) }
        tokenizer.append(text, &state, &out)
        if eos, let e = tokenizer.eosID { out.append(e) }
        return out
    }
}

/// The reusable buffers of one encoding thread.
struct EncodeState {
    var scalars = ScalarText()
    var scratch = MergeScratch()
    let cache: PieceCache?

    init(cacheEntries: Int) { cache = cacheEntries > 0 ? PieceCache(entries: cacheEntries) : nil }
}

/// A direct-mapped cache from pre-tokenizer pieces of 2…24 bytes to their ids (up to 8; longer
/// results are not cached). A new piece replaces whatever occupied its slot, so memory is
/// fixed and the ids never depend on what the cache holds.
final class PieceCache {
    static let maxBytes = 24
    static let maxIDs = 8
    /// Per slot 8 words: 3 key words (bytes, zero-padded), `length | idCount << 8` (0 = empty),
    /// then 8 ids as 4 words.
    private let slots: UnsafeMutablePointer<UInt64>
    private let shift: UInt64

    /// A piece's bytes as three zero-padded little-endian words plus its length.
    struct Key {
        var a: UInt64
        var b: UInt64
        var c: UInt64
        var n: UInt64
    }

    init(entries: Int) {
        var bits: UInt64 = 4
        while 1 << bits < entries { bits += 1 }
        shift = 64 - bits
        slots = .allocate(capacity: 8 << Int(bits))
        slots.initialize(repeating: 0, count: 8 << Int(bits))
    }

    deinit { slots.deallocate() }

    /// The key of `bytes[a..<b]` (at most `maxBytes`).
    @inline(__always) static func key(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Key {
        let n = b - a
        var k = Key(a: 0, b: 0, c: 0, n: UInt64(n))
        if a + maxBytes <= bytes.count, let base = bytes.baseAddress {
            let p = UnsafeRawPointer(base + a)
            k.a = p.loadUnaligned(as: UInt64.self)
            k.b = p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            k.c = p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
            if n < 8 {
                k.a &= (1 << (8 * UInt64(n))) &- 1
                k.b = 0
                k.c = 0
            } else if n < 16 {
                k.b &= (1 << (8 * UInt64(n - 8))) &- 1
                k.c = 0
            } else if n < 24 {
                k.c &= (1 << (8 * UInt64(n - 16))) &- 1
            }
        } else {
            withUnsafeMutableBytes(of: &k) { w in
                for i in 0..<n { w[i] = bytes[a + i] }
            }
        }
        return k
    }

    @inline(__always) private func slot(_ k: Key) -> UnsafeMutablePointer<UInt64> {
        var h = (k.a &* 0x9E37_79B9_7F4A_7C15) ^ (k.b &* 0xC2B2_AE3D_27D4_EB4F) ^ (k.c &* 0x1656_67B1_9E37_79F9) ^ k.n
        h ^= h >> 31
        h = h &* 0xD6E8_FEB8_6659_FD93
        return slots + Int(truncatingIfNeeded: h >> shift) * 8
    }

    /// Appends the cached ids of the piece and returns true, or returns false.
    @inline(__always) func get(_ k: Key, into out: inout [Int32]) -> Bool {
        let s = slot(k)
        guard s[3] & 0xFF == k.n, s[0] == k.a, s[1] == k.b, s[2] == k.c else { return false }
        let count = Int(s[3] >> 8)
        for i in 0..<count {
            let w = s[4 + i >> 1]
            out.append(Int32(truncatingIfNeeded: i & 1 == 0 ? w : w >> 32))
        }
        return true
    }

    /// Remembers the ids `ids[from...]` of the piece (ignored when there are more than `maxIDs`).
    @inline(__always) func put(_ k: Key, _ ids: [Int32], from: Int) {
        let count = ids.count - from
        guard count <= Self.maxIDs else { return }
        let s = slot(k)
        s[0] = k.a
        s[1] = k.b
        s[2] = k.c
        s[3] = k.n | UInt64(count) << 8
        for i in 0..<count {
            let v = UInt64(UInt32(bitPattern: ids[from + i]))
            if i & 1 == 0 { s[4 + i >> 1] = v } else { s[4 + i >> 1] |= v << 32 }
        }
    }
}
