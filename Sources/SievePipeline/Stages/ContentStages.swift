import SieveFilters
import SieveIO
import SieveLangID

/// `quality`: heuristic quality filters per language (Gopher quality, Gopher repetition,
/// FineWeb quality), thresholds from Filters/quality/ with datatrove's defaults.
///
/// Options: `filters` (default all three, in that order), `stop_words` (a folder of
/// `<lang>.json` stop-word lists for languages Filters/quality/ has none for; default
/// `.assets/filters/stopwords`, stopwordsiso's 58 languages, when present).
final class QualityStage: DocumentStage {
    static let definition = StageDefinition(
        name: "quality",
        summary: "heuristic quality filters per language: gopher_quality, gopher_repetition, fineweb_quality",
        make: { opts, setup in
            let names = try opts.strings("filters") ?? QualityFilterChain.knownFilters
            for n in names where !QualityFilterChain.knownFilters.contains(n) {
                let hint = closest(to: n, in: QualityFilterChain.knownFilters).map { " (did you mean '\($0)'?)" } ?? ""
                throw opts.error("filters", "unknown filter '\(n)'\(hint); known: \(QualityFilterChain.knownFilters.joined(separator: ", "))")
            }
            // Without the per-language thresholds and stop words every language would be judged by
            // the English defaults: say so instead of running silently.
            guard FileSystem.isDirectory(FileSystem.join(setup.filtersDirectory, "quality")) else {
                throw opts.error("filters", "no per-language thresholds at \(setup.filtersDirectory)/quality "
                    + "(Filters/ is looked for next to the config and next to the sieve executable's checkout); "
                    + "set the top-level `filters: PATH/TO/Filters` in the pipeline file")
            }
            // Extra stop-word lists (stopwordsiso's 58 languages, fetched by scripts/setup.sh).
            var stopWords = try opts.path("stop_words", mustExist: true)
            if stopWords == nil {
                let d = opts.resolve(".assets/filters/stopwords")
                if FileSystem.isDirectory(d) { stopWords = d }
            }
            return QualityStage(chain: try QualityFilterChain(names: names, filtersDir: setup.filtersDirectory, stopWordsDir: stopWords))
        })

    let chain: QualityFilterChain
    init(chain: QualityFilterChain) { self.chain = chain }

    func process(_ doc: inout Document) throws -> Verdict {
        let lang = doc.metadataValue(forKey: "lang")?.stringValue
        guard let (filter, result) = try chain.check(doc.text, language: lang),
              case .drop(let reason, var detail) = result else { return .keep }
        detail["filter"] = .string(filter)
        return .drop(reason: reason, detail: detail)
    }
}

/// `pii`: replaces personal data with placeholders (`<email-pii>`, `<ip-pii>`, `<iban-pii>`, …),
/// counts per kind in `metadata.pii`, and a `modify` audit row with counts and byte offsets —
/// never the values.
///
/// Options: `kinds` (default email, ip, iban; also phone, card).
final class PIIStage: DocumentStage {
    static let definition = StageDefinition(
        name: "pii",
        summary: "redact emails, IP addresses, IBANs (mod-97 checked), optionally phones and cards (Luhn checked)",
        make: { opts, _ in
            var kinds: [PIIRedactor.Kind] = []
            for k in try opts.strings("kinds") ?? PIIRedactor.defaultKinds.map(\.rawValue) {
                guard let kind = PIIRedactor.Kind(rawValue: k) else {
                    let all = PIIRedactor.Kind.allCases.map(\.rawValue)
                    let hint = closest(to: k, in: all).map { " (did you mean '\($0)'?)" } ?? ""
                    throw opts.error("kinds", "unknown kind '\(k)'\(hint); known: \(all.joined(separator: ", "))")
                }
                kinds.append(kind)
            }
            return PIIStage(redactor: try PIIRedactor(kinds: kinds))
        })

    let redactor: PIIRedactor
    init(redactor: PIIRedactor) { self.redactor = redactor }

    func process(_ doc: inout Document) throws -> Verdict {
        let r = redactor.redact(doc.text)
        guard !r.spans.isEmpty else { return .keep }
        doc.text = r.text
        let counts = JSONObject(PIIRedactor.Kind.allCases.compactMap { k in r.counts[k].map { (k.rawValue, JSONValue.int(Int64($0))) } })
        doc.setMetadataValue(.object(counts), forKey: "pii")
        let spans: [JSONValue] = r.spans.map { .array([.string($0.kind.rawValue), .int(Int64($0.start)), .int(Int64($0.end))]) }
        return .modify(reason: "pii_redacted", detail: ["counts": .object(counts), "spans": .array(spans)])
    }
}

/// What the toxicity stage scores documents with: word lists (hits per word) or a fastText
/// classifier (the probability of one label, e.g. Dolma's Jigsaw hate-speech / NSFW models).
final class ToxicityModel: @unchecked Sendable {
    enum Kind {
        case words(ToxicityScorer)
        case classifier(FastTextModel, label: String)
    }
    let kind: Kind
    init(_ kind: Kind) { self.kind = kind }

    /// A document's score; `hits`/`words` only for word lists.
    struct Score {
        var score: Double
        var hits: Int?
        var words: Int?
        /// Whether the document can be dropped at all: a word-list hit, or a non-zero probability.
        var flagged: Bool { hits.map { $0 > 0 } ?? (score > 0) }
    }

    func score(_ text: String, language: String) -> Score {
        switch kind {
        case .words(let w):
            let s = w.score(text, language: language)
            return Score(score: s.score, hits: s.hits, words: s.words)
        case .classifier(let m, let label):
            let p = m.predict(text, k: 0).first { $0.label == label }?.probability ?? 0
            return Score(score: Double(p), hits: nil, words: nil)
        }
    }
}

/// `toxicity`: toxicity per language, from word lists (glin-profanity's dictionaries; words, not
/// substrings) or a fastText classifier. With `drop_top_percent: P` (as Apertus: the top 5% per
/// language) it runs in three phases: score every document, compute each language's threshold,
/// drop documents at or above it (documents with no hit, or probability 0, are never dropped).
/// With `threshold: S` it drops score ≥ S directly. The last phase reuses the first phase's
/// scores (it re-scores only documents it cannot line up).
///
/// Options: `word_lists` (folder of *.json lists; default .assets/filters/wordlists),
/// `classifier: {model: PATH, label: __label__toxic}` (instead of the word lists: score =
/// P(label) of the fastText model, `.bin` or `.ftz`), `drop_top_percent` or `threshold`.
enum ToxicityStage {
    static let definition = StageDefinition(
        name: "toxicity",
        summary: "toxicity per language (word lists or a fastText classifier): drop the top P% per language (or above a score)",
        make: { _, _ in throw TaskError("toxicity runs as phases") },
        phases: { opts, setup, tasks in
            let model: @Sendable () throws -> ToxicityModel
            if let c = try opts.nested("classifier") {
                guard let path = try c.path("model") else { throw c.error("model", "'classifier' needs `model:` (a fastText .bin or .ftz)") }
                guard let label = try c.string("label") else { throw c.error("label", "'classifier' needs `label:` (e.g. __label__toxic)") }
                try c.finish()
                if setup.forRunning {
                    let m: FastTextModel
                    do { m = try FastTextModel(path: path) } catch { throw c.error("model", "\(error)") }
                    if !m.labels.contains(label) {
                        throw c.error("label", "the model has no label '\(label)'; its labels: \(m.labels.prefix(20).joined(separator: ", "))")
                    }
                }
                model = {
                    do { return ToxicityModel(.classifier(try FastTextModel(path: path), label: label)) } catch { throw TaskError("\(error)") }
                }
            } else {
                let lists = try opts.path("word_lists", mustExist: false) ?? opts.resolve(".assets/filters/wordlists")
                if !FileSystem.isDirectory(lists) {
                    throw opts.error("word_lists", "no word lists at \(lists): run scripts/setup.sh (it fetches glin-profanity's lists) or set `word_lists:`")
                }
                model = {
                    do { return ToxicityModel(.words(try ToxicityScorer(wordListsDir: lists))) } catch { throw TaskError("\(error)") }
                }
            }
            let percent = try opts.double("drop_top_percent")
            let threshold = try opts.double("threshold")
            if percent == nil && threshold == nil {
                throw opts.error("drop_top_percent", "stage 'toxicity' needs `drop_top_percent:` (e.g. 5) or `threshold:` (hits per word, e.g. 0.02, or a probability with `classifier:`)")
            }
            if let p = percent, !(0...100).contains(p) { throw opts.error("drop_top_percent", "'drop_top_percent' must be between 0 and 100") }
            guard let percent else {
                return [PhaseDefinition(name: "toxicity", tasks: tasks, kind: .documents(writesData: true, make: { _ in
                    ToxicityFilter(model: try model(), fixed: threshold, thresholdsFrom: nil)
                }))]
            }
            return [
                PhaseDefinition(name: "toxicity-scores", tasks: tasks, kind: .documents(writesData: false, make: { _ in
                    ToxicityScores(model: try model())
                })),
                PhaseDefinition(name: "toxicity-thresholds", tasks: 1, kind: .side(make: { _ in
                    ToxicityThresholds(percent: percent)
                })),
                PhaseDefinition(name: "toxicity", tasks: tasks, kind: .documents(writesData: true, make: { _ in
                    ToxicityFilter(model: try model(), fixed: nil, thresholdsFrom: "toxicity-thresholds", scoresFrom: "toxicity-scores")
                })),
            ]
        })
}

/// Phase 1: each document's score, per task: `scores/TASK.tsv` lines
/// `LANG\tSCORE\tFILE\tINDEX\tHITS\tWORDS` (input position; hits and words -1 for a classifier).
final class ToxicityScores: DocumentStage {
    let model: ToxicityModel
    private var lines: [UInt8] = []
    init(model: ToxicityModel) { self.model = model }

    func process(_ doc: inout Document) throws -> Verdict {
        try process(&doc, at: DocumentPosition(file: -1, index: -1))
    }

    func process(_ doc: inout Document, at position: DocumentPosition) throws -> Verdict {
        let lang = doc.metadataValue(forKey: "lang")?.stringValue ?? "und"
        let s = model.score(doc.text, language: lang)
        lines.append(contentsOf: "\(lang)\t\(s.score)\t\(position.file)\t\(position.index)\t\(s.hits ?? -1)\t\(s.words ?? -1)\n".utf8)
        return .keep
    }

    func finish(_ context: TaskContext) throws -> [String] {
        let rel = "scores/\(context.taskName).tsv"
        let f = try OutputFile(path: FileSystem.join(context.stageDirectory, rel))
        try f.write(lines)
        try f.commit()
        return [rel]
    }
}

/// Phase 2: per language, the score at the top P% (`thresholds.json`).
final class ToxicityThresholds: SideStage {
    let percent: Double
    init(percent: Double) { self.percent = percent }

    func run(_ context: TaskContext, _ earlier: EarlierOutputs) throws -> [String] {
        var scores: [String: [Double]] = [:]
        for f in try earlier.outputs(of: "toxicity-scores") where f.hasSuffix(".tsv") {
            for line in try FileSystem.readText(f).split(separator: "\n") {
                let parts = line.split(separator: "\t", maxSplits: 2)
                if parts.count >= 2, let v = Double(parts[1]) { scores[String(parts[0]), default: []].append(v) }
            }
        }
        var o = JSONObject()
        for lang in scores.keys.sorted() {
            let sorted = scores[lang]!.sorted(by: >)
            let n = Int((Double(sorted.count) * percent / 100).rounded(.down))
            // The score of the last document inside the top P%; none when P% is less than one document.
            let t = n > 0 ? sorted[n - 1] : Double.infinity
            o[lang] = ["threshold": t.isFinite ? .double(t) : .null, "documents": .int(Int64(sorted.count))]
        }
        let rel = "thresholds.json"
        try OutputFile.writeAtomically(FileSystem.join(context.stageDirectory, rel),
                                       JSONWriter.pretty(.object(["drop_top_percent": .double(percent), "languages": .object(o)])) + "\n")
        return [rel]
    }
}

/// Phase 3 (or the only phase with a fixed threshold): drops documents at or above the threshold.
final class ToxicityFilter: DocumentStage {
    let model: ToxicityModel
    let fixed: Double?
    let thresholdsFrom: String?
    let scoresFrom: String?
    private var perLanguage: [String: Double] = [:]
    /// This task's phase-1 scores, read in step with the documents.
    private var earlierScores: [UInt8] = []
    private var cursor = 0
    /// Documents whose phase-1 score was reused / had to be recomputed.
    private var reused: Int64 = 0
    private var rescored: Int64 = 0

    init(model: ToxicityModel, fixed: Double?, thresholdsFrom: String?, scoresFrom: String? = nil) {
        self.model = model
        self.fixed = fixed
        self.thresholdsFrom = thresholdsFrom
        self.scoresFrom = scoresFrom
    }

    func begin(_ context: TaskContext) throws {
        if let scoresFrom,
           let f = try context.earlier.outputs(of: scoresFrom).first(where: { $0.hasSuffix("/scores/\(context.taskName).tsv") }) {
            earlierScores = try FileSystem.readFile(f)
        }
        guard let thresholdsFrom else { return }
        guard let file = try context.earlier.outputs(of: thresholdsFrom).first(where: { $0.hasSuffix("thresholds.json") }) else {
            throw TaskError("no thresholds.json from \(thresholdsFrom)")
        }
        for (lang, v) in try JSONParser.parse(FileSystem.readFile(file)).objectValue?["languages"]?.objectValue ?? [:] {
            if let t = v.objectValue?["threshold"]?.doubleValue { perLanguage[lang] = t }
        }
    }

    /// With phase-1 scores to reuse, the text is decoded only for a document whose score is missing.
    var readsText: Bool { scoresFrom == nil }

    var counters: [String: Int64] { scoresFrom == nil ? [:] : ["scores_reused": reused, "scores_recomputed": rescored] }

    /// The phase-1 score of the document at `position`, if the next line of this task's scores is its.
    private func earlierScore(_ lang: String, _ position: DocumentPosition) -> ToxicityModel.Score? {
        guard cursor < earlierScores.count else { return nil }
        var end = cursor
        while end < earlierScores.count && earlierScores[end] != 0x0A { end += 1 }
        let line = String(decoding: earlierScores[cursor..<end], as: UTF8.self)
        let f = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard f.count == 6, f[0] == lang, Int(f[2]) == position.file, Int(f[3]) == position.index,
              let score = Double(f[1]), let hits = Int(f[4]), let words = Int(f[5]) else { return nil }
        cursor = end + 1
        return ToxicityModel.Score(score: score, hits: hits < 0 ? nil : hits, words: words < 0 ? nil : words)
    }

    func process(_ doc: inout Document) throws -> Verdict {
        try process(&doc, at: DocumentPosition(file: -1, index: -1))
    }

    func process(_ doc: inout Document, at position: DocumentPosition) throws -> Verdict {
        let lang = doc.metadataValue(forKey: "lang")?.stringValue ?? "und"
        let s: ToxicityModel.Score
        if let e = earlierScore(lang, position) {
            s = e
            reused += 1
        } else {
            s = model.score(doc.text, language: lang)
            if scoresFrom != nil { rescored += 1 }
        }
        doc.setMetadataValue(.double((s.score * 1e6).rounded() / 1e6), forKey: "toxicity")
        guard s.flagged, let t = fixed ?? perLanguage[lang], s.score >= t else { return .keep }
        var detail: JSONObject = ["score": .double(s.score), "threshold": .double(t)]
        if let h = s.hits, let w = s.words {
            detail["hits"] = .int(Int64(h))
            detail["words"] = .int(Int64(w))
        }
        return .drop(reason: s.hits == nil ? "toxic_classifier" : "toxic_words", detail: detail)
    }
}
