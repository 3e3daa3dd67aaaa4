import SieveIO

/// Derives per-language quality settings from a sample of documents, as FineWeb-2 did for its
/// 1000+ languages:
/// - **stop words**: the words found in the most documents (document frequency ≥
///   `minStopWordDocFraction`, at most `maxStopWords`, words holding a letter, case as written —
///   the Gopher check compares case-sensitively);
/// - **thresholds** from the language's own distributions: the mean word length bounds are its
///   `tail` and `1 − tail` quantiles, the line-punctuation minimum its `tail` quantile (`null`, off,
///   when that is 0: languages that do not end lines with punctuation).
///
/// The measures are the Gopher / FineWeb filters' own (the filters run with bounds that every
/// document crosses, and report the measured value), so a calibrated threshold drops about
/// `tail` of documents like the sample's. The statistics used are written with the result.
public final class QualityCalibrator {
    public struct Options: Sendable {
        /// Fraction of the sample each calibrated bound may drop, per side.
        public var tail = 0.05
        public var maxStopWords = 32
        public var minStopWordDocFraction = 0.2
        /// Languages with fewer documents are not calibrated.
        public var minDocuments = 20
        /// Documents used per language (the first ones in input order).
        public var maxDocuments = 20_000
        public init() {}
    }

    struct Sample {
        var documents = 0
        var words = 0
        var avgWordLength: [Double] = []
        var linePunct: [Double] = []
        var docFrequency: [String: Int] = [:]
    }

    public let options: Options
    private var samples: [String: Sample] = [:]
    private let segmenter = WordSegmenter()
    private let lengthProbe: GopherQualityFilter
    private let punctProbe: FineWebQualityFilter

    public init(options: Options = Options()) {
        self.options = options
        var t = QualityThresholds()
        t.minDocWords = nil
        t.maxDocWords = nil
        t.minAvgWordLength = .greatestFiniteMagnitude  // every document is "below": reports its mean
        t.linePunctThreshold = .greatestFiniteMagnitude
        lengthProbe = GopherQualityFilter(thresholds: t)
        punctProbe = FineWebQualityFilter(thresholds: t)
    }

    /// Adds one document of `language` (e.g. `deu_Latn`, `de`).
    public func add(_ text: String, language: String) {
        var s = samples[language] ?? Sample()
        guard s.documents < options.maxDocuments else { return }
        s.documents += 1
        var seen = Set<String>()
        withBytes(text) { p in
            for t in segmenter.tokens(bytes: p, language: language) where t.isWord {
                s.words += 1
                var hasLetter = false
                var i = t.start
                while i < t.end {
                    let (v, len) = decodeScalar(p, i)
                    if CharClass.isAlpha(v) { hasLetter = true; break }
                    i += len
                }
                if hasLetter { seen.insert(String(decoding: UnsafeBufferPointer(rebasing: p[t.range]), as: UTF8.self)) }
            }
        }
        for w in seen { s.docFrequency[w, default: 0] += 1 }
        if case .drop(let reason, let d) = lengthProbe.check(text, language: language), reason == "gopher_below_avg_threshold", let v = d["value"]?.doubleValue, v.isFinite {
            s.avgWordLength.append(v)
        }
        if case .drop(let reason, let d) = punctProbe.check(text, language: language), reason == "line_punct_ratio",
           let v = d["value"]?.doubleValue, v.isFinite {
            s.linePunct.append(v)
        }
        samples[language] = s
    }

    /// Languages seen so far, sorted, with their document counts.
    public var languages: [(language: String, documents: Int)] {
        samples.keys.sorted().map { ($0, samples[$0]!.documents) }
    }

    /// The thresholds file of `language` (`{"stop_words": …, "min_avg_word_length": …,
    /// "calibration": {statistics}}`), nil when it has fewer than `minDocuments` documents.
    public func result(for language: String) -> JSONObject? {
        guard let s = samples[language], s.documents >= options.minDocuments else { return nil }
        let n = Double(s.documents)
        let ranked = s.docFrequency.filter { Double($0.value) / n >= options.minStopWordDocFraction }
            .sorted { $0.value != $1.value ? $0.value > $1.value : utf8Precedes($0.key, $1.key) }
            .prefix(options.maxStopWords)
        let len = s.avgWordLength.sorted()
        let punct = s.linePunct.sorted()
        var o = JSONObject()
        o["stop_words"] = .array(ranked.map { .string($0.key) })
        if !len.isEmpty {
            o["min_avg_word_length"] = .double(QualityCalibrator.round(QualityCalibrator.quantile(len, options.tail)))
            o["max_avg_word_length"] = .double(QualityCalibrator.round(QualityCalibrator.quantile(len, 1 - options.tail)))
        }
        if !punct.isEmpty {
            let q = QualityCalibrator.round(QualityCalibrator.quantile(punct, options.tail))
            o["line_punct_thr"] = q > 0 ? .double(q) : .null
        }
        func dist(_ v: [Double]) -> JSONValue {
            .object(JSONObject([0.05, 0.25, 0.5, 0.75, 0.95].map { q in
                ("p\(Int(q * 100))", JSONValue.double(v.isEmpty ? 0 : QualityCalibrator.round(QualityCalibrator.quantile(v, q))))
            }))
        }
        o["calibration"] = .object(JSONObject([
            ("tool", .string("sieve calibrate")),
            ("documents", .int(Int64(s.documents))),
            ("words", .int(Int64(s.words))),
            ("tail", .double(options.tail)),
            ("min_stop_word_document_fraction", .double(options.minStopWordDocFraction)),
            ("avg_word_length", dist(len)),
            ("line_punct_ratio", dist(punct)),
            ("stop_word_document_fractions", .object(JSONObject(ranked.map { ($0.key, JSONValue.double(QualityCalibrator.round(Double($0.value) / n))) }))),
        ]))
        return o
    }

    /// The value at quantile q of sorted values (linear interpolation, as numpy's default).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let pos = q * Double(sorted.count - 1)
        let lo = Int(pos.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - Double(lo))
    }

    static func round(_ v: Double) -> Double { (v * 10_000).rounded() / 10_000 }
}
