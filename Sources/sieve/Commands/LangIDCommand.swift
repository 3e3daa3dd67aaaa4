import ArgumentParser
import Foundation
import SieveIO
import SieveLangID

/// `sieve langid`: fastText language identification as a JSON Lines filter.
struct LangIDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "langid",
        abstract: "Predict languages with a fastText model (JSON Lines on stdin → stdout).",
        discussion: """
            Each input line is a JSON object with a "text" field. Each output line is \
            {"labels":[...],"probs":[...]} with the model's labels (e.g. "__label__de"), best first, \
            exactly as fastText's predict on the text with newlines replaced by spaces. With --filters, \
            the line also gets "language" (ISO 639-3 + ISO 15924, e.g. "deu_Latn") and "score".
            """
    )

    @Option(name: .long, help: "fastText model (.bin or .ftz), e.g. lid.176.ftz or GlotLID's model.bin.")
    var model: String

    @Option(name: .short, help: "Number of labels per text (0 = all).")
    var k: Int = 1

    @Option(name: .long, help: "Drop labels whose probability is below this.")
    var threshold: Float = 0

    @Option(name: .long, help: "Filters directory (languages.tsv, lid176-labels.tsv) to add GlotLID-style labels.")
    var filters: String?

    func run() throws {
        let fastText: FastTextModel
        var identifier: LanguageIdentifier?
        do {
            if let filters {
                let li = try LanguageIdentifier(modelPath: model, filtersDir: filters)
                identifier = li
                fastText = li.model
            } else {
                fastText = try FastTextModel(path: model)
            }
        } catch {
            FileHandle.standardError.write(Data("sieve langid: \(error)\n".utf8))
            throw ExitCode(2)
        }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        var lineNumber = 0
        var failure: String?
        StdinLines.forEach { line in
            lineNumber += 1
            if failure != nil { return }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
            let text: String
            do {
                guard case .object(let o) = try JSONParser.parse(line), let t = o["text"]?.stringValue else {
                    failure = "line \(lineNumber): expected a JSON object with a string \"text\" field"
                    return
                }
                text = t
            } catch {
                failure = "line \(lineNumber): \(error)"
                return
            }
            let preds = fastText.predict(text, k: k, threshold: threshold)
            out.append(contentsOf: #"{"labels":["#.utf8)
            for (i, p) in preds.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendString(p.label, to: &out)
            }
            out.append(contentsOf: #"],"probs":["#.utf8)
            for (i, p) in preds.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendDouble(Double(p.probability), to: &out)
            }
            out.append(UInt8(ascii: "]"))
            if let identifier {
                let r = identifier.identify(text, k: 1)
                out.append(contentsOf: #","language":"#.utf8)
                JSONWriter.appendString(r.best.label, to: &out)
                out.append(contentsOf: #","score":"#.utf8)
                JSONWriter.appendDouble(Double(r.score), to: &out)
            }
            out.append(contentsOf: "}\n".utf8)
            if out.count >= 1 << 16 {
                FileHandle.standardOutput.write(Data(out))
                out.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(Data(out))
        if let failure {
            FileHandle.standardError.write(Data("sieve langid: \(failure)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Reads standard input line by line as bytes (without the trailing `\n`).
enum StdinLines {
    static func forEach(_ body: ([UInt8]) -> Void) {
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        var pending: [UInt8] = []
        while true {
            let n = buf.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            var start = 0
            for i in 0..<n where buf[i] == 0x0A {
                if pending.isEmpty {
                    body(Array(buf[start..<i]))
                } else {
                    pending.append(contentsOf: buf[start..<i])
                    body(pending)
                    pending.removeAll(keepingCapacity: true)
                }
                start = i + 1
            }
            pending.append(contentsOf: buf[start..<n])
        }
        if !pending.isEmpty { body(pending) }
    }
}
