#if canImport(Glibc)
import Glibc
#endif
import SieveDedup  // SplitMix64, the recorded-seed PRNG
import SieveIO
import SieveTokenize

/// `tokenize`: documents → Megatron indexed datasets, in two phases.
///
/// 1. `tokenize` (one task per input share): each document becomes `<BOS> text <EOS>` token ids
///    (the tokenizer file as published: tekken, tiktoken, tokenizer.json), written per task and
///    language to `NN-tokenize/tokens/LANG/TASK.{bin,idx}` with a provenance line per document.
/// 2. `shards` (one task): per language, every document of every task is shuffled with a recorded
///    seed and written to `OUT/shards/LANG/LANG_00000.{bin,idx}` shards of about `shard_tokens`
///    tokens, each with a provenance sidecar (document i → id, URL, source); `OUT/shards/blend.json`
///    holds tokens per language and the weights string for Megatron's `--data-path`.
///
/// Options: `tokenizer` (path), `bos`/`eos` (default true), `shard_tokens` (default 1e9),
/// `seed` (default 1234), `weighting` (`proportional` or `temperature`), `temperature` (default 0.5
/// when weighting is temperature: weight ∝ tokens^temperature).
enum TokenizeStage {
    enum Weighting: String, CaseIterable { case proportional, temperature }

    struct Settings: Sendable {
        var tokenizer: String
        var bos: Bool
        var eos: Bool
        var shardTokens: Int
        var seed: UInt64
        var weighting: Weighting.RawValue
        var temperature: Double
    }

    static let definition = StageDefinition(
        name: "tokenize",
        summary: "tokenize (tekken/tiktoken/tokenizer.json) into Megatron .bin/.idx shards per language, globally shuffled",
        make: { _, _ in throw TaskError("tokenize runs as phases") },
        runInfo: { opts in
            guard let path = try opts.path("tokenizer") else { return JSONObject() }
            return ["tokenizer": .string(path), "tokenizer_sha256": .string(try FileSystem.sha256(of: path))]
        },
        phases: { opts, _, tasks in
            guard let tokenizer = try opts.path("tokenizer") else {
                throw opts.error("tokenizer", "stage 'tokenize' needs `tokenizer:` (e.g. tekken_240718.json from mistral-common, a tiktoken file or a tokenizer.json)")
            }
            let s = Settings(
                tokenizer: tokenizer, bos: try opts.bool("bos", default: true), eos: try opts.bool("eos", default: true),
                shardTokens: Int(try opts.size("shard_tokens", default: 1_000_000_000)),
                seed: UInt64(try opts.int("seed", default: 1234, min: 0)),
                weighting: (try opts.choice("weighting", default: Weighting.proportional)).rawValue,
                temperature: try opts.double("temperature", default: 0.5, range: 0.01...1))
            return [
                PhaseDefinition(name: "tokenize", tasks: tasks, kind: .documents(writesData: false, make: { _ in
                    try TokenizePhase(settings: s)
                })),
                PhaseDefinition(name: "shards", tasks: 1, kind: .side(make: { _ in ShardsPhase(settings: s) })),
            ]
        })
}

/// Phase 1: token ids per task and language.
final class TokenizePhase: DocumentStage {
    let settings: TokenizeStage.Settings
    let tokenizer: Tokenizer
    let encoder: TokenEncoder
    let dtype: MegatronDType
    private var ids: [Int32] = []
    private var writers: [String: (tokens: MegatronWriter, provenance: OutputFile)] = [:]
    private var tokenCounts: [String: Int64] = [:]
    private var directory = ""
    private var taskName = ""
    private var line: [UInt8] = []

    init(settings: TokenizeStage.Settings) throws {
        self.settings = settings
        do { tokenizer = try Tokenizer.load(path: settings.tokenizer) } catch {
            throw TaskError("cannot load the tokenizer \(settings.tokenizer): \(error)")
        }
        encoder = TokenEncoder(tokenizer)
        dtype = MegatronDType.optimal(vocabSize: tokenizer.vocabSize)
    }

    func begin(_ context: TaskContext) throws {
        directory = FileSystem.join(context.stageDirectory, "tokens")
        taskName = context.taskName
    }

    func process(_ doc: inout Document) throws -> Verdict {
        let lang = doc.metadataValue(forKey: "lang")?.stringValue ?? "und"
        ids.removeAll(keepingCapacity: true)
        if settings.bos, let b = tokenizer.bosID { ids.append(b) }
        encoder.append(doc.text, to: &ids)
        if settings.eos, let e = tokenizer.eosID { ids.append(e) }
        let w = try writer(lang)
        try w.tokens.add(document: ids)
        line.removeAll(keepingCapacity: true)
        var p = JSONObject()
        p["id"] = .string(doc.id)
        p["url"] = doc.url.map(JSONValue.string) ?? .null
        p["source"] = .string(doc.source)
        JSONWriter.appendObject(p, to: &line)
        line.append(0x0A)
        try w.provenance.write(line)
        tokenCounts[lang, default: 0] += Int64(ids.count)
        return .keep
    }

    private func writer(_ lang: String) throws -> (tokens: MegatronWriter, provenance: OutputFile) {
        if let w = writers[lang] { return w }
        let prefix = FileSystem.join(directory, "\(lang)/\(taskName)")
        try FileSystem.createDirectories(FileSystem.dirname(prefix))
        let w = (try MegatronWriter(prefix: prefix, dtype: dtype), try OutputFile(path: prefix + ".provenance.jsonl"))
        writers[lang] = w
        return w
    }

    var counters: [String: Int64] {
        var c = tokenCounts.reduce(into: [String: Int64]()) { $0["tokens:" + $1.key] = $1.value }
        c["tokens"] = tokenCounts.values.reduce(0, +)
        return c
    }

    func finish(_ context: TaskContext) throws -> [String] {
        var out: [String] = []
        for lang in writers.keys.sorted() {
            let w = writers[lang]!
            let s = try w.tokens.finish()
            try w.provenance.commit()
            out += [s.prefix + ".bin", s.prefix + ".idx", s.prefix + ".provenance.jsonl"]
        }
        return out
    }
}

/// Phase 2: per language, a global shuffle of all documents into shards, and blend.json.
final class ShardsPhase: SideStage {
    let settings: TokenizeStage.Settings
    private(set) var counters: [String: Int64] = [:]

    init(settings: TokenizeStage.Settings) { self.settings = settings }

    func run(_ context: TaskContext, _ earlier: EarlierOutputs) throws -> [String] {
        let files = try earlier.outputs(of: "tokenize").filter { $0.hasSuffix(".idx") }
        var byLanguage: [String: [String]] = [:]
        for f in files {
            let lang = FileSystem.basename(FileSystem.dirname(f))
            byLanguage[lang, default: []].append(String(f.dropLast(4)))
        }
        let shardsDir = FileSystem.join(context.runDirectory, "shards")
        var outputs: [String] = []
        var tokensPerLanguage: [(String, Int64, [String])] = []
        for lang in byLanguage.keys.sorted() {
            let prefixes = byLanguage[lang]!.sorted(by: utf8Precedes)
            let readers = try prefixes.map { try MegatronReader(prefix: $0) }
            let provenance = try prefixes.map { p -> [[UInt8]] in
                let r = try ByteReader(path: p + ".provenance.jsonl")
                var lines: [[UInt8]] = []
                while let l = try r.readLine() { lines.append(l) }
                return lines
            }
            var order: [(Int, Int)] = []
            for (i, r) in readers.enumerated() { for d in 0..<r.documentCount { order.append((i, d)) } }
            var rng = SplitMix64(seed: settings.seed ^ stableHash(lang))
            if order.count > 1 {
                for i in stride(from: order.count - 1, to: 0, by: -1) {
                    let j = Int(rng.next() % UInt64(i + 1))
                    order.swapAt(i, j)
                }
            }
            let writer = try ShardWriter(directory: FileSystem.join(shardsDir, lang), basename: lang,
                                         dtype: readers.first?.dtype ?? .int32, shardTokens: settings.shardTokens)
            var encoded: [UInt8] = []
            for (f, d) in order {
                let prov = provenance[f].indices.contains(d)
                    ? ((try? JSONParser.parse(provenance[f][d]))?.objectValue ?? JSONObject()) : JSONObject()
                // Every task file of a language has the tokenizer's dtype: bytes are copied as they are.
                if readers[f].dtype == writer.dtype {
                    let count = try readers[f].encodedDocument(d, into: &encoded)
                    try encoded.withUnsafeBytes { try writer.add(encoded: $0, count: count, provenance: prov) }
                } else {
                    try writer.add(tokens: readers[f].document(d), provenance: prov)
                }
            }
            let shards = try writer.finish()
            var tokens: Int64 = 0
            var prefixesOut: [String] = []
            for s in shards {
                outputs += [s.prefix + ".bin", s.prefix + ".idx", s.prefix + ".provenance.jsonl"]
                tokens += Int64(s.tokens)
                prefixesOut.append(s.prefix)
            }
            counters["tokens:" + lang] = tokens
            tokensPerLanguage.append((lang, tokens, prefixesOut))
        }
        counters["tokens"] = tokensPerLanguage.reduce(0) { $0 + $1.1 }
        let blend = FileSystem.join(shardsDir, "blend.json")
        try OutputFile.writeAtomically(blend, JSONWriter.pretty(.object(blendJSON(tokensPerLanguage, shardsDir: shardsDir))) + "\n")
        outputs.append(blend)
        return outputs
    }

    /// Weights per language (proportional to tokens, or tokens^T for temperature sampling), spread
    /// over each language's shards by their tokens; `data_path` is Megatron's `--data-path` value.
    func blendJSON(_ langs: [(String, Int64, [String])], shardsDir: String) -> JSONObject {
        let power = settings.weighting == TokenizeStage.Weighting.temperature.rawValue ? settings.temperature : 1
        let raw = langs.map { pow1($0.1, power) }
        let total = raw.reduce(0, +)
        var languages = JSONObject()
        var dataPath: [String] = []
        for (i, (lang, tokens, prefixes)) in langs.enumerated() {
            let w = total > 0 ? raw[i] / total : 0
            languages[lang] = ["tokens": .int(tokens), "weight": .double((w * 1e9).rounded() / 1e9),
                               "shards": .array(prefixes.map { .string(relative($0, to: shardsDir)) })]
            // Each shard gets the language weight split by its share of the language's tokens.
            for p in prefixes {
                let shardTokens = (try? MegatronReader(prefix: p).tokenCount) ?? 0
                let sw = tokens > 0 ? w * Double(shardTokens) / Double(tokens) : 0
                dataPath.append("\((sw * 1e9).rounded() / 1e9) \(relative(p, to: shardsDir))")
            }
        }
        return [
            "weighting": .string(settings.weighting), "temperature": .double(power), "seed": .int(Int64(settings.seed)),
            "total_tokens": .int(langs.reduce(0) { $0 + $1.1 }), "languages": .object(languages),
            "data_path": .string(dataPath.joined(separator: " ")),
        ]
    }

    private func pow1(_ tokens: Int64, _ p: Double) -> Double {
        p == 1 ? Double(tokens) : exp(p * log(max(1, Double(tokens))))
    }

    private func relative(_ path: String, to dir: String) -> String {
        path.hasPrefix(dir + "/") ? String(path.dropFirst(dir.count + 1)) : path
    }
}

/// FNV-1a of a string's bytes (stable across runs, unlike Hasher).
func stableHash(_ s: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h
}
