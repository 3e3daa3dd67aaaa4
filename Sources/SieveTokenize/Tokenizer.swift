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
    let merges: PairMap
    let byteIDs: [Int32]
    let idOffset: Int32
    let wholePieceShortcut: Bool
    let normalization: Normalization

    init(format: Format, pattern: PreTokenizerPattern, vocabSize: Int, bosID: Int32?, eosID: Int32?,
         tokens: ByteMap, merges: PairMap, byteIDs: [Int32], idOffset: Int32, wholePieceShortcut: Bool,
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
    public func encode(_ text: String) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(text.utf8.count / 3 + 2)
        append(text, to: &out)
        return out
    }

    /// Encodes `text` as ordinary text, with BOS prepended and/or EOS appended when asked
    /// (and defined by the tokenizer).
    public func encode(_ text: String, bos: Bool, eos: Bool) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(text.utf8.count / 3 + 2)
        if bos, let b = bosID { out.append(b) }
        append(text, to: &out)
        if eos, let e = eosID { out.append(e) }
        return out
    }

    /// Appends the ids of `text` (ordinary text) to `out`.
    public func append(_ text: String, to out: inout [Int32]) {
        var t = normalized(text)
        var scalars = ScalarText()
        var scratch = MergeScratch()
        t.withUTF8 { bytes in
            scalars.load(bytes)
            preTokenizer.split(scalars, bytes) { a, b in
                encodePiece(UnsafeBufferPointer(rebasing: bytes[a..<b]), &scratch, &out)
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
    private func encodePiece(_ piece: UnsafeBufferPointer<UInt8>, _ s: inout MergeScratch, _ out: inout [Int32]) {
        if piece.count == 1 {
            out.append(byteIDs[Int(piece[0])] &+ idOffset)
            return
        }
        if wholePieceShortcut, let id = tokens.lookup(piece) {
            out.append(id &+ idOffset)
            return
        }
        s.ids.removeAll(keepingCapacity: true)
        for b in piece { s.ids.append(byteIDs[Int(b)]) }
        merges.merge(&s, offset: idOffset, into: &out)
    }
}
