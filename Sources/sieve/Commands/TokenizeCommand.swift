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
            like tiktoken's encode_ordinary and mistral-common's encode.
            """
    )

    @Option(name: .long, help: "Tokenizer file: tekken .json, tiktoken rank file (cl100k_base, o200k_base, …) or HF tokenizer.json.")
    var tokenizer: String

    @Flag(name: .long, help: "Prepend the BOS id (tekken: 1).")
    var bos = false

    @Flag(name: .long, help: "Append the EOS id (tekken: 2).")
    var eos = false

    func run() throws {
        let tok: Tokenizer
        do { tok = try Tokenizer.load(path: tokenizer) } catch {
            FileHandle.standardError.write(Data("sieve tokenize: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if bos && tok.bosID == nil || eos && tok.eosID == nil {
            FileHandle.standardError.write(Data("sieve tokenize: \(tokenizer) defines no \(bos && tok.bosID == nil ? "BOS" : "EOS") token; drop the flag\n".utf8))
            throw ExitCode(2)
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
            let ids = tok.encode(text, bos: bos, eos: eos)
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
        TokenizeStdin.write(out)
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
