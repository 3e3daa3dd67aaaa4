import SieveFilters
import SieveIO

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
        let lang = doc.metadata["lang"]?.stringValue
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
        doc.metadata["pii"] = .object(counts)
        let spans: [JSONValue] = r.spans.map { .array([.string($0.kind.rawValue), .int(Int64($0.start)), .int(Int64($0.end))]) }
        return .modify(reason: "pii_redacted", detail: ["counts": .object(counts), "spans": .array(spans)])
    }
}

/// `toxicity`: word-list toxicity per language (glin-profanity's dictionaries; words, not
/// substrings). With `drop_top_percent: P` (as Apertus: the top 5% per language) it runs in three
/// phases: score every document, compute each language's threshold, drop documents at or above
/// it (documents with no hit are never dropped). With `threshold: S` it drops score ≥ S directly.
///
/// Options: `word_lists` (folder of *.json lists; default .assets/filters/wordlists),
/// `drop_top_percent` or `threshold`.
enum ToxicityStage {
    static let definition = StageDefinition(
        name: "toxicity",
        summary: "word-list toxicity per language: drop the top P% per language (or above a score)",
        make: { _, _ in throw TaskError("toxicity runs as phases") },
        phases: { opts, setup, tasks in
            let lists = try opts.path("word_lists", mustExist: false) ?? opts.resolve(".assets/filters/wordlists")
            if !FileSystem.isDirectory(lists) {
                throw opts.error("word_lists", "no word lists at \(lists): run scripts/setup.sh (it fetches glin-profanity's lists) or set `word_lists:`")
            }
            let percent = try opts.double("drop_top_percent")
            let threshold = try opts.double("threshold")
            if percent == nil && threshold == nil {
                throw opts.error("drop_top_percent", "stage 'toxicity' needs `drop_top_percent:` (e.g. 5) or `threshold:` (hits per word, e.g. 0.02)")
            }
            if let p = percent, !(0...100).contains(p) { throw opts.error("drop_top_percent", "'drop_top_percent' must be between 0 and 100") }
            let scorer: @Sendable () throws -> ToxicityScorer = {
                do { return try ToxicityScorer(wordListsDir: lists) } catch { throw TaskError("\(error)") }
            }
            guard let percent else {
                return [PhaseDefinition(name: "toxicity", tasks: tasks, kind: .documents(writesData: true, make: { _ in
                    ToxicityFilter(scorer: try scorer(), fixed: threshold, thresholdsFrom: nil)
                }))]
            }
            return [
                PhaseDefinition(name: "toxicity-scores", tasks: tasks, kind: .documents(writesData: false, make: { _ in
                    ToxicityScores(scorer: try scorer())
                })),
                PhaseDefinition(name: "toxicity-thresholds", tasks: 1, kind: .side(make: { _ in
                    ToxicityThresholds(percent: percent)
                })),
                PhaseDefinition(name: "toxicity", tasks: tasks, kind: .documents(writesData: true, make: { _ in
                    ToxicityFilter(scorer: try scorer(), fixed: nil, thresholdsFrom: "toxicity-thresholds")
                })),
            ]
        })
}

/// Phase 1: each document's score, per task: `scores/TASK.tsv` lines `LANG\tSCORE`.
final class ToxicityScores: DocumentStage {
    let scorer: ToxicityScorer
    private var lines: [UInt8] = []
    init(scorer: ToxicityScorer) { self.scorer = scorer }

    func process(_ doc: inout Document) throws -> Verdict {
        let lang = doc.metadata["lang"]?.stringValue ?? "und"
        let s = scorer.score(doc.text, language: lang)
        lines.append(contentsOf: "\(lang)\t\(s.score)\n".utf8)
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
                let parts = line.split(separator: "\t")
                if parts.count == 2, let v = Double(parts[1]) { scores[String(parts[0]), default: []].append(v) }
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
    let scorer: ToxicityScorer
    let fixed: Double?
    let thresholdsFrom: String?
    private var perLanguage: [String: Double] = [:]

    init(scorer: ToxicityScorer, fixed: Double?, thresholdsFrom: String?) {
        self.scorer = scorer
        self.fixed = fixed
        self.thresholdsFrom = thresholdsFrom
    }

    func begin(_ context: TaskContext) throws {
        guard let thresholdsFrom else { return }
        guard let file = try context.earlier.outputs(of: thresholdsFrom).first(where: { $0.hasSuffix("thresholds.json") }) else {
            throw TaskError("no thresholds.json from \(thresholdsFrom)")
        }
        for (lang, v) in try JSONParser.parse(FileSystem.readFile(file)).objectValue?["languages"]?.objectValue ?? [:] {
            if let t = v.objectValue?["threshold"]?.doubleValue { perLanguage[lang] = t }
        }
    }

    func process(_ doc: inout Document) throws -> Verdict {
        let lang = doc.metadata["lang"]?.stringValue ?? "und"
        let s = scorer.score(doc.text, language: lang)
        doc.metadata["toxicity"] = .double((s.score * 1e6).rounded() / 1e6)
        guard s.hits > 0, let t = fixed ?? perLanguage[lang], s.score >= t else { return .keep }
        return .drop(reason: "toxic_words", detail: ["score": .double(s.score), "threshold": .double(t),
                                                     "hits": .int(Int64(s.hits)), "words": .int(Int64(s.words))])
    }
}
