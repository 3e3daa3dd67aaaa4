// Megatron-LM indexed datasets (`.bin` tokens + `.idx` index, MMIDIDX version 1), as megatron-core reads them.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SieveIO

/// Token dtypes of a Megatron indexed dataset, with their `.idx` codes.
public enum MegatronDType: UInt8, Sendable, CaseIterable {
    case uint8 = 1, int8 = 2, int16 = 3, int32 = 4, int64 = 5, float64 = 6, float32 = 7, uint16 = 8

    /// Bytes per token.
    public var itemSize: Int {
        switch self {
        case .uint8, .int8: return 1
        case .int16, .uint16: return 2
        case .int32, .float32: return 4
        case .int64, .float64: return 8
        }
    }

    /// numpy's name for the dtype (what `sieve shards inspect` prints).
    public var name: String {
        switch self {
        case .uint8: return "uint8"
        case .int8: return "int8"
        case .int16: return "int16"
        case .int32: return "int32"
        case .int64: return "int64"
        case .float64: return "float64"
        case .float32: return "float32"
        case .uint16: return "uint16"
        }
    }

    /// megatron-core's `DType.optimal_dtype`: uint16 when the vocabulary has fewer than 65,500 ids, else int32.
    public static func optimal(vocabSize: Int) -> MegatronDType { vocabSize < 65500 ? .uint16 : .int32 }
}

/// An error reading or writing a Megatron dataset.
public struct MegatronError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { "\(path): \(message)" }
}

/// The `.idx` magic bytes.
let megatronMagic: [UInt8] = Array("MMIDIDX".utf8) + [0, 0]

/// Summary of a finished dataset.
public struct MegatronSummary: Sendable, Equatable {
    public var prefix: String
    public var dtype: MegatronDType
    public var documents: Int
    public var sequences: Int
    public var tokens: Int
    /// SHA-256 (hex) of the `.bin` and `.idx` files.
    public var binSHA256: String
    public var idxSHA256: String
}

/// Writes `PREFIX.bin` and `PREFIX.idx` as a stream: one sequence per document (what
/// `preprocess_data.py` writes without `--split-sentences`). Files are written under `.tmp`
/// names and renamed into place by `finish()`; a writer dropped unfinished leaves nothing.
public final class MegatronWriter {
    public let prefix: String
    public let dtype: MegatronDType
    private let bin: OutputFile
    private var lengths: [Int32] = []
    private var documentEnds: [Int64] = [0]
    private var buffer: [UInt8] = []
    public private(set) var tokenCount = 0

    /// Opens `PREFIX.bin` for writing tokens of `dtype` (uint16 or int32, as Megatron writes them).
    public init(prefix: String, dtype: MegatronDType) throws {
        guard dtype == .uint16 || dtype == .int32 || dtype == .uint8 || dtype == .int64 else {
            throw MegatronError(path: prefix, message: "token dtype \(dtype.name) is not supported for writing (use uint16 or int32)")
        }
        self.prefix = prefix
        self.dtype = dtype
        bin = try OutputFile(path: prefix + ".bin")
        buffer.reserveCapacity(1 << 20)
    }

    /// Number of documents added so far.
    public var documentCount: Int { documentEnds.count - 1 }

    /// Appends one document as one sequence. Throws if a token does not fit the dtype.
    public func add(document tokens: [Int32]) throws {
        try appendSequence(tokens)
        documentEnds.append(Int64(lengths.count))
    }

    /// Appends one sequence (without ending the document); `endDocument()` closes the document.
    public func appendSequence(_ tokens: [Int32]) throws {
        try tokens.withUnsafeBufferPointer { try appendSequence($0) }
    }

    /// Appends one sequence given as token ids.
    public func appendSequence(_ tokens: UnsafeBufferPointer<Int32>) throws {
        let n = tokens.count
        let size = dtype.itemSize
        switch dtype {
        case .uint16:
            var bad: Int32? = nil
            for t in tokens where t < 0 || t > 0xFFFF { bad = t; break }
            if let bad { throw MegatronError(path: prefix, message: "token \(bad) does not fit uint16; use int32") }
        case .uint8:
            for t in tokens where t < 0 || t > 0xFF { throw MegatronError(path: prefix, message: "token \(t) does not fit uint8") }
        default: break
        }
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: n * size))
        buffer.withUnsafeMutableBytes { raw in
            let p = raw.baseAddress! + old
            switch dtype {
            case .uint16:
                for k in 0..<n { p.storeBytes(of: UInt16(truncatingIfNeeded: tokens[k]).littleEndian, toByteOffset: 2 * k, as: UInt16.self) }
            case .uint8:
                for k in 0..<n { p.storeBytes(of: UInt8(truncatingIfNeeded: tokens[k]), toByteOffset: k, as: UInt8.self) }
            case .int64:
                for k in 0..<n { p.storeBytes(of: Int64(tokens[k]).littleEndian, toByteOffset: 8 * k, as: Int64.self) }
            default:
                for k in 0..<n { p.storeBytes(of: tokens[k].littleEndian, toByteOffset: 4 * k, as: Int32.self) }
            }
        }
        lengths.append(Int32(n))
        tokenCount += n
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends one sequence given as `count` tokens already encoded in this writer's dtype
    /// (little-endian `count × itemSize` bytes, as a `.bin` of the same dtype holds them).
    public func appendEncodedSequence(_ bytes: UnsafeRawBufferPointer, count: Int) throws {
        precondition(bytes.count == count * dtype.itemSize, "encoded sequence size does not match its token count")
        buffer.append(contentsOf: bytes)
        lengths.append(Int32(count))
        tokenCount += count
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Ends the current document after the sequences appended since the previous one.
    public func endDocument() { documentEnds.append(Int64(lengths.count)) }

    private func flush() throws {
        try bin.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes the `.idx` and renames both files into place.
    @discardableResult
    public func finish() throws -> MegatronSummary {
        try flush()
        let binHash = try bin.commit()
        let idx = try OutputFile(path: prefix + ".idx")
        var out: [UInt8] = megatronMagic
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        u64(1)
        out.append(dtype.rawValue)
        u64(UInt64(lengths.count))
        u64(UInt64(documentEnds.count))
        out.reserveCapacity(out.count + 12 * lengths.count + 8 * documentEnds.count)
        for l in lengths { withUnsafeBytes(of: l.littleEndian) { out.append(contentsOf: $0) } }
        var pointer: Int64 = 0
        for l in lengths {
            withUnsafeBytes(of: pointer.littleEndian) { out.append(contentsOf: $0) }
            pointer += Int64(l) * Int64(dtype.itemSize)
        }
        for d in documentEnds { withUnsafeBytes(of: d.littleEndian) { out.append(contentsOf: $0) } }
        try idx.write(out)
        let idxHash = try idx.commit()
        return MegatronSummary(prefix: prefix, dtype: dtype, documents: documentCount, sequences: lengths.count,
                               tokens: tokenCount, binSHA256: binHash, idxSHA256: idxHash)
    }

    /// Concatenates datasets of one dtype into `output` (like megatron-core's `add_index`).
    @discardableResult
    public static func merge(output: String, inputs: [String]) throws -> MegatronSummary {
        guard let first = inputs.first else { throw MegatronError(path: output, message: "nothing to merge: give at least one input prefix") }
        let dtype = try MegatronReader(prefix: first).dtype
        let writer = try MegatronWriter(prefix: output, dtype: dtype)
        for p in inputs {
            let r = try MegatronReader(prefix: p)
            guard r.dtype == dtype else {
                throw MegatronError(path: p, message: "dtype \(r.dtype.name) differs from \(first)'s \(dtype.name); cannot merge")
            }
            for d in 0..<r.documentCount {
                for s in Int(r.documentIndices[d])..<Int(r.documentIndices[d + 1]) {
                    try writer.appendSequence(try r.sequence(s))
                }
                writer.endDocument()
            }
        }
        return try writer.finish()
    }
}

/// Reads a Megatron dataset: the whole `.idx` in memory, `.bin` tokens on demand.
public final class MegatronReader {
    public let prefix: String
    public let dtype: MegatronDType
    public let sequenceLengths: [Int32]
    public let sequencePointers: [Int64]
    public let documentIndices: [Int64]
    public let binBytes: Int64
    private let fd: Int32

    /// Opens `PREFIX.idx` and `PREFIX.bin`, checking the header and that the sizes agree.
    public init(prefix: String) throws {
        self.prefix = prefix
        let idxPath = prefix + ".idx"
        let idx: [UInt8]
        do { idx = try FileSystem.readFile(idxPath) } catch {
            throw MegatronError(path: idxPath, message: "cannot read (\(error)); PREFIX is the path without .bin/.idx")
        }
        func fail(_ m: String) -> MegatronError { MegatronError(path: idxPath, message: m) }
        guard idx.count >= 34, Array(idx[0..<9]) == megatronMagic else { throw fail("not a Megatron index (no MMIDIDX header)") }
        func u64(_ at: Int) -> UInt64 { idx.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt64.self)) } }
        guard u64(9) == 1 else { throw fail("index version \(u64(9)), only version 1 is known") }
        guard let dt = MegatronDType(rawValue: idx[17]) else { throw fail("unknown dtype code \(idx[17])") }
        dtype = dt
        let s = Int(u64(18))
        let d = Int(u64(26))
        guard s >= 0, d >= 1, 34 + 12 * s + 8 * d <= idx.count else { throw fail("truncated: \(s) sequences and \(d) document indices do not fit \(idx.count) bytes") }
        sequenceLengths = idx.withUnsafeBytes { p in (0..<s).map { Int32(littleEndian: p.loadUnaligned(fromByteOffset: 34 + 4 * $0, as: Int32.self)) } }
        sequencePointers = idx.withUnsafeBytes { p in (0..<s).map { Int64(littleEndian: p.loadUnaligned(fromByteOffset: 34 + 4 * s + 8 * $0, as: Int64.self)) } }
        documentIndices = idx.withUnsafeBytes { p in (0..<d).map { Int64(littleEndian: p.loadUnaligned(fromByteOffset: 34 + 12 * s + 8 * $0, as: Int64.self)) } }
        let binPath = prefix + ".bin"
        binBytes = FileSystem.size(binPath) ?? -1
        let total = sequenceLengths.reduce(Int64(0)) { $0 + Int64($1) } * Int64(dt.itemSize)
        guard binBytes == total else {
            throw MegatronError(path: binPath, message: "size \(binBytes) does not match the index (\(total) bytes of tokens)")
        }
        guard documentIndices.first == 0, documentIndices.last == Int64(s) else { throw fail("document_indices must run from 0 to the sequence count") }
        fd = open(binPath, O_RDONLY)
        guard fd >= 0 else { throw MegatronError(path: binPath, message: "cannot open: \(String(cString: strerror(errno)))") }
    }

    deinit { close(fd) }

    public var documentCount: Int { documentIndices.count - 1 }
    public var sequenceCount: Int { sequenceLengths.count }
    public var tokenCount: Int { sequenceLengths.reduce(0) { $0 + Int($1) } }

    /// The tokens of sequence `i`.
    public func sequence(_ i: Int) throws -> [Int32] {
        let n = Int(sequenceLengths[i])
        var raw = [UInt8](repeating: 0, count: n * dtype.itemSize)
        let got = raw.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(sequencePointers[i])) }
        guard got == raw.count else { throw MegatronError(path: prefix + ".bin", message: "short read of sequence \(i)") }
        return raw.withUnsafeBytes { p in
            (0..<n).map { k -> Int32 in
                switch dtype {
                case .uint8: return Int32(p[k])
                case .int8: return Int32(Int8(bitPattern: p[k]))
                case .uint16: return Int32(UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 2 * k, as: UInt16.self)))
                case .int16: return Int32(Int16(littleEndian: p.loadUnaligned(fromByteOffset: 2 * k, as: Int16.self)))
                case .int32: return Int32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * k, as: Int32.self))
                case .int64: return Int32(truncatingIfNeeded: Int64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * k, as: Int64.self)))
                case .float32: return Int32(Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * k, as: UInt32.self))))
                case .float64: return Int32(Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * k, as: UInt64.self))))
                }
            }
        }
    }

    /// Reads the `.bin` bytes of document `i` (its sequences, contiguous in the file) into
    /// `buffer`, replacing its contents; returns the document's token count.
    public func encodedDocument(_ i: Int, into buffer: inout [UInt8]) throws -> Int {
        let first = Int(documentIndices[i])
        let end = Int(documentIndices[i + 1])
        var tokens = 0
        for s in first..<end { tokens += Int(sequenceLengths[s]) }
        let bytes = tokens * dtype.itemSize
        if buffer.count != bytes {
            if buffer.count > bytes { buffer.removeLast(buffer.count - bytes) } else { buffer.append(contentsOf: repeatElement(0, count: bytes - buffer.count)) }
        }
        var at = 0
        for s in first..<end {
            let want = Int(sequenceLengths[s]) * dtype.itemSize
            var done = 0
            while done < want {
                let got = buffer.withUnsafeMutableBytes {
                    pread(fd, $0.baseAddress! + at + done, want - done, off_t(sequencePointers[s]) + off_t(done))
                }
                guard got > 0 else { throw MegatronError(path: prefix + ".bin", message: "short read of sequence \(s)") }
                done += got
            }
            at += want
        }
        return tokens
    }

    /// The tokens of document `i` (its sequences concatenated).
    public func document(_ i: Int) throws -> [Int32] {
        var out: [Int32] = []
        for s in Int(documentIndices[i])..<Int(documentIndices[i + 1]) { out += try sequence(s) }
        return out
    }
}

/// One finished shard of a `ShardWriter`.
public struct ShardInfo: Sendable, Equatable {
    /// Path without extension: `PREFIX.bin`, `PREFIX.idx`, `PREFIX.provenance.jsonl`.
    public var prefix: String
    public var documents: Int
    public var tokens: Int
    public var binSHA256: String
    public var idxSHA256: String
    public var provenanceSHA256: String
}

/// Writes documents into Megatron shards of about `shardTokens` tokens each
/// (`DIR/BASENAME_00000.bin/.idx`, …; a document is never split, a shard is closed before the
/// document that would overflow it), with a provenance sidecar per shard
/// (`PREFIX.provenance.jsonl`: line i is document i's provenance object, e.g. {"id","url","source"}).
public final class ShardWriter {
    public let directory: String
    public let basename: String
    public let dtype: MegatronDType
    public let shardTokens: Int
    private var writer: MegatronWriter?
    private var provenance: OutputFile?
    private var shards: [ShardInfo] = []
    private var line: [UInt8] = []

    public init(directory: String, basename: String, dtype: MegatronDType, shardTokens: Int) throws {
        guard shardTokens > 0 else { throw MegatronError(path: directory, message: "shard_tokens must be positive") }
        self.directory = directory
        self.basename = basename
        self.dtype = dtype
        self.shardTokens = shardTokens
        try FileSystem.createDirectories(directory)
    }

    private func shardPrefix(_ index: Int) -> String {
        let n = String(index)
        return FileSystem.join(directory, basename + "_" + String(repeating: "0", count: max(0, 5 - n.count)) + n)
    }

    /// Adds one document with its provenance.
    public func add(tokens: [Int32], provenance: JSONObject) throws {
        try open(adding: tokens.count).add(document: tokens)
        try write(provenance)
    }

    /// Adds one document given as `count` tokens already encoded in this writer's dtype (the
    /// bytes of `MegatronReader.encodedDocument` of a dataset with the same dtype).
    public func add(encoded bytes: UnsafeRawBufferPointer, count: Int, provenance: JSONObject) throws {
        let w = try open(adding: count)
        try w.appendEncodedSequence(bytes, count: count)
        w.endDocument()
        try write(provenance)
    }

    /// The writer of the shard that takes a document of `count` tokens.
    private func open(adding count: Int) throws -> MegatronWriter {
        if let w = writer, w.tokenCount > 0, w.tokenCount + count > shardTokens { try closeShard() }
        if let w = writer { return w }
        let p = shardPrefix(shards.count)
        let w = try MegatronWriter(prefix: p, dtype: dtype)
        writer = w
        self.provenance = try OutputFile(path: p + ".provenance.jsonl")
        return w
    }

    private func write(_ provenance: JSONObject) throws {
        line.removeAll(keepingCapacity: true)
        JSONWriter.appendObject(provenance, to: &line)
        line.append(0x0A)
        try self.provenance?.write(line)
    }

    private func closeShard() throws {
        guard let w = writer, let p = provenance else { return }
        let s = try w.finish()
        let ph = try p.commit()
        shards.append(ShardInfo(prefix: s.prefix, documents: s.documents, tokens: s.tokens,
                                binSHA256: s.binSHA256, idxSHA256: s.idxSHA256, provenanceSHA256: ph))
        writer = nil
        provenance = nil
    }

    /// Closes the last shard and returns every shard written, in order.
    public func finish() throws -> [ShardInfo] {
        try closeShard()
        return shards
    }
}
