import ArgumentParser
import Foundation
import SieveIO
import SieveTokenize

/// `sieve tokenize`: byte-level BPE tokenization as a JSON Lines filter.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Tokenize texts with a tekken/tiktoken/tokenizer.json BPE (JSON Lines on stdin → stdout).",
        discussion: """
            Each input line is a JSON object with a "text" field; each output line is {"ids":[...]}, \
            in the same order. Text is encoded as ordinary text (special-token strings are plain bytes), \
            like tiktoken's encode_ordinary and mistral-common's encode. With --megatron PREFIX the ids \
            go to PREFIX.bin/.idx (one document per line) instead, and a summary is printed; with \
            --shard-tokens too, to PREFIX_00000… shards with PREFIX_NNNNN.provenance.jsonl sidecars.
            """
    )

    @Option(name: .long, help: "Tokenizer file: tekken .json, tiktoken rank file (cl100k_base, o200k_base, …) or HF tokenizer.json.")
    var tokenizer: String

    @Flag(name: .long, help: "Prepend the BOS id (tekken: 1).")
    var bos = false

    @Flag(name: .long, help: "Append the EOS id (tekken: 2).")
    var eos = false

    @Option(name: .long, help: "Write a Megatron dataset PREFIX.bin/.idx instead of JSON Lines.")
    var megatron: String?

    @Option(name: .long, help: "Token dtype for --megatron: uint16 or int32 (default: Megatron's choice for the vocabulary size).")
    var dtype: String?

    @Option(name: .long, help: "With --megatron: cut shards of at most this many tokens (documents are never split).")
    var shardTokens: Int?

    @Flag(name: .long, help: "Print load and encode times to stderr (benchmarks).")
    var timing = false

    func run() throws {
        let loadStart = DispatchTime.now().uptimeNanoseconds
        var encodeNanos: UInt64 = 0
        var encodedBytes = 0
        let tok: Tokenizer
        do { tok = try Tokenizer.load(path: tokenizer) } catch {
            FileHandle.standardError.write(Data("sieve tokenize: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if bos && tok.bosID == nil || eos && tok.eosID == nil {
            FileHandle.standardError.write(Data("sieve tokenize: \(tokenizer) defines no \(bos && tok.bosID == nil ? "BOS" : "EOS") token; drop the flag\n".utf8))
            throw ExitCode(2)
        }
        let loadNanos = DispatchTime.now().uptimeNanoseconds - loadStart
        let encoder = TokenEncoder(tok)
        var megatronWriter: MegatronWriter?
        var shardWriter: ShardWriter?
        if let megatron {
            let dt: MegatronDType
            switch dtype {
            case nil: dt = .optimal(vocabSize: tok.vocabSize)
            case "uint16": dt = .uint16
            case "int32": dt = .int32
            default:
                FileHandle.standardError.write(Data("sieve tokenize: --dtype must be uint16 or int32\n".utf8))
                throw ExitCode(2)
            }
            if let shardTokens {
                shardWriter = try ShardWriter(directory: FileSystem.dirname(megatron), basename: FileSystem.basename(megatron),
                                              dtype: dt, shardTokens: shardTokens)
            } else {
                megatronWriter = try MegatronWriter(prefix: megatron, dtype: dt)
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        var lineNumber = 0
        var failure: String?
        TokenizeStdin.forEachLine { line in
            lineNumber += 1
            if failure != nil { return }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
            guard case .object(let o)? = try? JSONParser.parse(line), let text = o["text"]?.stringValue else {
                failure = "stdin line \(lineNumber): expected a JSON object with a string \"text\" field"
                return
            }
            let t0 = timing ? DispatchTime.now().uptimeNanoseconds : 0
            let ids = encoder.encode(text, bos: bos, eos: eos)
            if timing {
                encodeNanos += DispatchTime.now().uptimeNanoseconds - t0
                encodedBytes += text.utf8.count
            }
            do {
                if let megatronWriter {
                    try megatronWriter.add(document: ids)
                    return
                }
                if let shardWriter {
                    var prov = JSONObject()
                    prov["id"] = o["id"] ?? .int(Int64(lineNumber - 1))
                    prov["url"] = o["url"] ?? o["metadata"]?.objectValue?["url"] ?? .null
                    prov["source"] = o["source"] ?? .null
                    try shardWriter.add(tokens: ids, provenance: prov)
                    return
                }
            } catch {
                failure = "\(error)"
                return
            }
            out.append(contentsOf: #"{"ids":["#.utf8)
            for (i, id) in ids.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendDecimal(id, to: &out)
            }
            out.append(contentsOf: "]}\n".utf8)
            if out.count >= 1 << 16 {
                TokenizeStdin.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        if failure == nil {
            do {
                if let s = try megatronWriter?.finish() { out += Array((ShardsCommand.summary(try MegatronReader(prefix: s.prefix)) + "\n").utf8) }
                for s in try shardWriter?.finish() ?? [] {
                    out += Array((ShardsCommand.summary(try MegatronReader(prefix: s.prefix)) + "\n").utf8)
                }
            } catch { failure = "\(error)" }
        }
        TokenizeStdin.write(out)
        if timing {
            let secs = Double(encodeNanos) / 1e9
            FileHandle.standardError.write(Data(("{\"load_seconds\":\(Double(loadNanos) / 1e9),\"encode_seconds\":\(secs)," +
                "\"bytes\":\(encodedBytes),\"mb_per_s\":\(Double(encodedBytes) / 1e6 / max(secs, 1e-9))}\n").utf8))
        }
        if let failure {
            FileHandle.standardError.write(Data("sieve tokenize: \(failure)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Appends the decimal digits of a non-negative id.
func appendDecimal(_ v: Int32, to out: inout [UInt8]) {
    if v < 10 { out.append(0x30 + UInt8(v)); return }
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var n = 0
    var x = Int64(v)
    let neg = x < 0
    if neg { x = -x }
    withUnsafeMutableBytes(of: &digits) { d in
        while x > 0 { d[n] = 0x30 + UInt8(x % 10); x /= 10; n += 1 }
        if neg { out.append(UInt8(ascii: "-")) }
        while n > 0 { n -= 1; out.append(d[n]) }
    }
}

/// Line-oriented stdin/stdout for the JSON Lines filter.
enum TokenizeStdin {
    /// Calls `body` with each line of stdin (without the newline).
    static func forEachLine(_ body: ([UInt8]) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var line: [UInt8] = []
        while true {
            let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; break }
            if n == 0 { break }
            var start = 0
            for i in 0..<n where buffer[i] == 0x0A {
                line.append(contentsOf: buffer[start..<i])
                body(line)
                line.removeAll(keepingCapacity: true)
                start = i + 1
            }
            line.append(contentsOf: buffer[start..<n])
        }
        if !line.isEmpty { body(line) }
    }

    static func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { p in
            var off = 0
            while off < p.count {
                let n = Foundation.write(1, p.baseAddress! + off, p.count - off)
                if n < 0 { if errno == EINTR { continue }; return }
                off += n
            }
        }
    }
}
