import CICU
import Foundation
import SieveIO

/// A language in GlotLID's notation: ISO 639-3 code and ISO 15924 script, e.g. `deu_Latn`.
public struct LanguageLabel: Sendable, Hashable {
    /// ISO 639-3 code (`und` when unknown).
    public var code: String
    /// ISO 15924 script code (`Zyyy` when the text has no letters).
    public var script: String
    /// `code_script`, e.g. `deu_Latn`.
    public var label: String { "\(code)_\(script)" }

    public init(code: String, script: String) {
        self.code = code
        self.script = script
    }

    /// The label of text whose language could not be determined.
    public static let undetermined = LanguageLabel(code: "und", script: "Zyyy")
}

/// Errors of the language-identification tables.
public enum LanguageTableError: Error, CustomStringConvertible, Sendable {
    case unreadable(path: String, reason: String)
    case invalidLine(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason) (the Filters directory of the repository has it)"
        case .invalidLine(let path, let line, let reason):
            return "\(path):\(line): \(reason)"
        }
    }
}

/// Language identification for the pipeline: a fastText model plus the tables that turn its labels
/// into GlotLID-style `code_Script` labels whatever the model (lid.176's ISO 639-1 codes are mapped
/// to ISO 639-3 and the script is detected with ICU; GlotLID labels are kept as they are).
public final class LanguageIdentifier: @unchecked Sendable {
    /// The underlying fastText model.
    public let model: FastTextModel
    /// Model label (without `__label__`) → ISO 639-3 code, from `lid176-labels.tsv`.
    private let labelCodes: [String: String]
    /// ISO 639-3 code → English name, from `languages.tsv`.
    private let names: [String: String]
    /// `code_Script` or `code` → minimum score, from `langid-thresholds.tsv`.
    private let thresholds: [String: Float]
    /// `thresholds` by packed key (`PackedASCII`) for the keys that pack; nil when a key is not
    /// ASCII.
    private let packedThresholds: [UInt64: Float]?
    /// Per model label: the parsed GlotLID label, or nil when the script must be detected.
    private let fixedLabels: [LanguageLabel?]
    private let mappedCodes: [String]

    /// Bytes of text examined for script detection.
    public static let scriptSampleBytes: Int32 = 65536

    /// Loads the model and the tables `languages.tsv`, `lid176-labels.tsv` and (optional)
    /// `langid-thresholds.tsv` from `filtersDir`.
    public init(modelPath: String, filtersDir: String) throws {
        model = try FastTextModel(path: modelPath)
        let dir = URL(fileURLWithPath: filtersDir)
        let langRows = try LanguageIdentifier.readTSV(dir.appendingPathComponent("languages.tsv").path, columns: 2)
        var names: [String: String] = [:]
        for r in langRows { names[r[0]] = r[1] }
        let mapRows = try LanguageIdentifier.readTSV(dir.appendingPathComponent("lid176-labels.tsv").path, columns: 2)
        var labelCodes: [String: String] = [:]
        for r in mapRows { labelCodes[r[0]] = r[1] }
        let thrPath = dir.appendingPathComponent("langid-thresholds.tsv").path
        var thresholds: [String: Float] = [:]
        if FileManager.default.fileExists(atPath: thrPath) {
            for (i, r) in try LanguageIdentifier.readTSV(thrPath, columns: 2).enumerated() {
                guard let v = Float(r[1]), v >= 0, v <= 1 else {
                    throw LanguageTableError.invalidLine(path: thrPath, line: i + 1, reason: "threshold must be in [0, 1]")
                }
                thresholds[r[0]] = v
            }
        }
        self.names = names
        self.labelCodes = labelCodes
        self.thresholds = thresholds
        // Only when every key is ASCII: String equality is canonical equivalence, and a
        // non-ASCII key can equal an ASCII label (U+212A KELVIN SIGN is K).
        var packed: [UInt64: Float]? = [:]
        for (k, v) in thresholds {
            if k.utf8.contains(where: { $0 >= 0x80 }) { packed = nil; break }
            if let p = PackedASCII.pack(k.utf8) { packed?[p] = v }
        }
        self.packedThresholds = packed
        var fixed: [LanguageLabel?] = []
        var mapped: [String] = []
        for l in model.labels {
            let bare = l.hasPrefix("__label__") ? String(l.dropFirst(9)) : l
            fixed.append(LanguageIdentifier.parseGlotLabel(bare))
            mapped.append(labelCodes[bare] ?? (names[bare] != nil ? bare : "und"))
        }
        fixedLabels = fixed
        mappedCodes = mapped
    }

    /// Identifies the language of `text` (newlines count as spaces). Returns the best label, its
    /// probability and the `k` best as `code_Script` strings with probabilities, best first.
    /// Text without any feature gives `und_Zyyy` with score 0.
    public func identify(_ text: String, k: Int = 3) -> (best: LanguageLabel, score: Float, top: [(label: String, score: Float)]) {
        var t = text
        return t.withUTF8 { buf in
            let raw = UnsafeRawBufferPointer(buf)
            let preds = model.predictLabelIndices(utf8: raw, k: k)
            var script: String?
            var top: [(label: String, score: Float)] = []
            top.reserveCapacity(preds.count)
            var best = LanguageLabel.undetermined
            for (n, p) in preds.enumerated() {
                let lab: LanguageLabel
                if let f = fixedLabels[p.index] {
                    lab = f
                } else {
                    if script == nil { script = LanguageIdentifier.detectScript(raw) }
                    lab = LanguageIdentifier.adjust(code: mappedCodes[p.index], script: script!)
                }
                if n == 0 { best = lab }
                top.append((lab.label, p.probability))
            }
            return (best, preds.first?.probability ?? 0, top)
        }
    }

    /// The per-language minimum score from `langid-thresholds.tsv` for `label` (`deu_Latn`), falling
    /// back to an entry for the bare code (`deu`); nil when the table has none.
    public func threshold(for label: String) -> Float? {
        // ASCII labels of at most 8 bytes (`deu_Latn`), and their code part, as integers.
        if let packedThresholds, let full = PackedASCII.pack(label.utf8) {
            if let v = packedThresholds[full] { return v }
            guard let us = label.utf8.firstIndex(of: 0x5F) else { return nil }
            return PackedASCII.pack(label.utf8[..<us]).flatMap { packedThresholds[$0] }
        }
        if let v = thresholds[label] { return v }
        if let us = label.firstIndex(of: "_") { return thresholds[String(label[..<us])] }
        return nil
    }

    /// The English name of an ISO 639-3 code (from `languages.tsv`).
    public func languageName(_ code: String) -> String? { names[code] }

    /// The dominant ISO 15924 script of UTF-8 text (see `cicu_dominant_script`).
    public static func detectScript(_ text: UnsafeRawBufferPointer) -> String {
        // Fast path, same answer: ASCII letters are Latin, and every other letter starts with a
        // byte ≥ 0xC0. More ASCII letters than such bytes means Latin wins outright (ties would
        // need equal counts); no letters at all means Zyyy.
        let sample = min(text.count, Int(scriptSampleBytes))
        if let base = text.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            var ascii = 0, leads = 0
            let raw = UnsafeRawPointer(base)
            var i = 0
            let high: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= sample {
                // 8 bytes at once: letter bytes have (b | 0x20) in 0x61...0x7A and no high bit.
                let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let y = (x | 0x2020_2020_2020_2020) & 0x7F7F_7F7F_7F7F_7F7F
                let letters = (y &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(y &+ 0x0505_0505_0505_0505) & ~x & high
                ascii &+= letters.nonzeroBitCount
                leads &+= (x & (x << 1) & high).nonzeroBitCount
                i += 8
            }
            while i < sample {
                let b = base[i]
                ascii &+= (b | 0x20) &- 0x61 < 26 ? 1 : 0
                leads &+= b >= 0xC0 ? 1 : 0
                i += 1
            }
            if ascii > leads { return "Latn" }
            if ascii == 0 && leads == 0 { return "Zyyy" }
            // Then ICU's scripts of BMP letters from a table; ICU itself only where that cannot decide.
            if let table = ScriptTable.shared, let script = table.dominant(base, sample) { return script }
        } else {
            return "Zyyy"
        }
        return detectScriptICU(text)
    }

    /// `detectScript` without the fast paths: always ICU.
    static func detectScriptICU(_ text: UnsafeRawBufferPointer) -> String {
        var out = [CChar](repeating: 0, count: 8)
        let n = Int32(clamping: text.count)
        _ = out.withUnsafeMutableBufferPointer { o in
            cicu_dominant_script(text.baseAddress?.assumingMemoryBound(to: UInt8.self), n, scriptSampleBytes,
                                 o.baseAddress, 8)
        }
        return String(decoding: out.prefix(4).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The dominant script of a string.
    public static func detectScript(_ text: String) -> String {
        var t = text
        return t.withUTF8 { detectScript(UnsafeRawBufferPointer($0)) }
    }

    /// Japanese and Korean are written in mixed scripts: their Han-family detections become Jpan/Kore.
    static func adjust(code: String, script: String) -> LanguageLabel {
        switch code {
        case "jpn" where ["Hani", "Hans", "Hant", "Hira", "Kana", "Jpan"].contains(script):
            return LanguageLabel(code: code, script: "Jpan")
        case "kor" where ["Hani", "Hans", "Hant", "Hang", "Kore"].contains(script):
            return LanguageLabel(code: code, script: "Kore")
        default:
            return LanguageLabel(code: code, script: script)
        }
    }

    /// Parses `xxx_Yyyy` (GlotLID/OpenLID style); nil otherwise.
    static func parseGlotLabel(_ s: String) -> LanguageLabel? {
        let u = Array(s.utf8)
        guard u.count >= 7, u[u.count - 5] == UInt8(ascii: "_") else { return nil }
        let code = u[0..<(u.count - 5)], script = u[(u.count - 4)...]
        guard code.count >= 2, code.count <= 8, code.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return nil }
        let sc = Array(script)
        guard sc[0] >= 0x41 && sc[0] <= 0x5A, sc[1...].allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return nil }
        return LanguageLabel(code: String(decoding: code, as: UTF8.self), script: String(decoding: sc, as: UTF8.self))
    }

    /// Reads a tab-separated table, skipping blank lines and `#` comments.
    static func readTSV(_ path: String, columns: Int) throws -> [[String]] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw LanguageTableError.unreadable(path: path, reason: "\(error.localizedDescription)")
        }
        var rows: [[String]] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let l = line.hasSuffix("\r") ? line.dropLast() : line
            if l.isEmpty || l.hasPrefix("#") { continue }
            let cols = l.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cols.count >= columns else {
                throw LanguageTableError.invalidLine(path: path, line: i + 1, reason: "expected \(columns) tab-separated columns")
            }
            rows.append(cols)
        }
        return rows
    }
}

extension FastTextModel {
    /// Predictions as label indices (for callers that map labels themselves).
    func predictLabelIndices(utf8 text: UnsafeRawBufferPointer, k: Int, threshold: Float = 0)
        -> [(index: Int, probability: Float)]
    {
        withScratch { s in
            let n = predictIndices(text, k: k, threshold: threshold, scratch: s)
            return s.heap[0..<n].map { (Int($0.index), expf($0.score)) }
        }
    }
}
