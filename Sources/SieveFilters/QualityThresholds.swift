import SieveIO

/// Thresholds of the quality filters, with datatrove's defaults. A threshold of nil disables
/// its check (datatrove's `None`).
public struct QualityThresholds: Sendable, Equatable {
    // Gopher quality.
    public var minDocWords: Int? = 50
    public var maxDocWords: Int? = 100_000
    public var minAvgWordLength: Double? = 3
    public var maxAvgWordLength: Double? = 10
    public var maxSymbolWordRatio: Double? = 0.1
    public var maxBulletLinesRatio: Double? = 0.9
    public var maxEllipsisLinesRatio: Double? = 0.3
    public var minAlphaWordsRatio: Double? = 0.8
    public var minStopWords: Int? = 2
    /// Stop words (case-sensitive, as datatrove); an empty list disables the stop-word check.
    public var stopWords: [String] = ["the", "be", "to", "of", "and", "that", "have", "with"]

    // Gopher repetition.
    public var dupLineFrac: Double? = 0.3
    public var dupParaFrac: Double? = 0.3
    public var dupLineCharFrac: Double? = 0.2
    public var dupParaCharFrac: Double? = 0.2
    public var topNGrams: [(n: Int, frac: Double)] = [(2, 0.2), (3, 0.18), (4, 0.16)]
    public var dupNGrams: [(n: Int, frac: Double)] = [(5, 0.15), (6, 0.14), (7, 0.13), (8, 0.12), (9, 0.11), (10, 0.10)]

    // FineWeb quality.
    public var linePunctThreshold: Double? = 0.12
    public var linePunctExcludeZero = false
    public var shortLineThreshold: Double? = 0.67
    public var shortLineLength = 30
    public var charDuplicatesRatio: Double? = 0.01
    public var newLineRatio: Double? = 0.3

    /// datatrove's defaults (English stop words).
    public init() {}

    public static func == (a: QualityThresholds, b: QualityThresholds) -> Bool {
        a.minDocWords == b.minDocWords && a.maxDocWords == b.maxDocWords && a.minAvgWordLength == b.minAvgWordLength
            && a.maxAvgWordLength == b.maxAvgWordLength && a.maxSymbolWordRatio == b.maxSymbolWordRatio
            && a.maxBulletLinesRatio == b.maxBulletLinesRatio && a.maxEllipsisLinesRatio == b.maxEllipsisLinesRatio
            && a.minAlphaWordsRatio == b.minAlphaWordsRatio && a.minStopWords == b.minStopWords
            && a.stopWords == b.stopWords && a.dupLineFrac == b.dupLineFrac && a.dupParaFrac == b.dupParaFrac
            && a.dupLineCharFrac == b.dupLineCharFrac && a.dupParaCharFrac == b.dupParaCharFrac
            && a.topNGrams.map(\.n) == b.topNGrams.map(\.n) && a.topNGrams.map(\.frac) == b.topNGrams.map(\.frac)
            && a.dupNGrams.map(\.n) == b.dupNGrams.map(\.n) && a.dupNGrams.map(\.frac) == b.dupNGrams.map(\.frac)
            && a.linePunctThreshold == b.linePunctThreshold && a.linePunctExcludeZero == b.linePunctExcludeZero
            && a.shortLineThreshold == b.shortLineThreshold && a.shortLineLength == b.shortLineLength
            && a.charDuplicatesRatio == b.charDuplicatesRatio && a.newLineRatio == b.newLineRatio
    }

    /// Defaults overlaid with `filtersDir/quality/default.json` and then with the language's own
    /// file: `filtersDir/quality/<code>.json`, tried for the full label (`deu_Latn`) and then
    /// its language part (`deu`, `de`). Keys are the snake_case names of datatrove's arguments
    /// (`min_doc_words`, `stop_words`, `dup_line_frac`, `top_n_grams: [[2, 0.2], …]`, `null` =
    /// disabled). Missing files are fine. A language whose file has no `stop_words` takes them
    /// from `stopWordsDir/<code>.json` (e.g. stopwordsiso's 58 lists, fetched into
    /// `.assets/filters/stopwords` by scripts/setup.sh), tried for the same codes; a language
    /// with no list anywhere gets the stop-word check disabled, since English stop words would
    /// drop every document. English keeps datatrove's 8 stop words unless its file sets others.
    public static func load(filtersDir: String, language: String?, stopWordsDir: String? = nil) throws -> QualityThresholds {
        var t = QualityThresholds()
        let dir = filtersDir + "/quality/"
        if let o = try readObject(dir + "default.json") { try t.apply(o, file: dir + "default.json") }
        var haveStopWords = false
        if let language {
            var candidates = [language]
            if let u = language.firstIndex(where: { $0 == "_" || $0 == "-" }) { candidates.append(String(language[..<u])) }
            // GlotLID-style labels carry ISO 639-3 codes; files may be named by ISO 639-1 (`de.json`).
            if let code = candidates.last, code.count == 3, let short = iso639_1(code, filtersDir: filtersDir) {
                candidates.append(short)
            }
            for c in candidates where !c.isEmpty && !c.contains("/") {
                if let o = try readObject(dir + c + ".json") {
                    try t.apply(o, file: dir + c + ".json")
                    haveStopWords = o["stop_words"] != nil
                    break
                }
            }
            let code = candidates.last ?? language
            let english = ["en", "eng"].contains(code)
            if !haveStopWords && !english, let stopWordsDir {
                for c in candidates where !c.isEmpty && !c.contains("/") {
                    let path = stopWordsDir + "/" + c + ".json"
                    if let o = try readObject(path) {
                        guard let a = o["stop_words"]?.arrayValue else {
                            throw QualityConfigError(path: path, message: "expected {\"stop_words\": [...]}")
                        }
                        t.stopWords = a.compactMap(\.stringValue)
                        haveStopWords = !t.stopWords.isEmpty
                        break
                    }
                }
            }
            if !haveStopWords && !english { t.stopWords = []; t.minStopWords = nil }
        }
        return t
    }

    /// The ISO 639-1 code of an ISO 639-3 code, from Filters/lid176-labels.tsv (nil if none).
    static func iso639_1(_ code: String, filtersDir: String) -> String? {
        guard let text = try? FileSystem.readText(filtersDir + "/lid176-labels.tsv") else { return nil }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            if f.count >= 2, f[1] == code, f[0].count == 2 { return String(f[0]) }
        }
        return nil
    }

    private static func readObject(_ path: String) throws -> JSONObject? {
        guard FileSystem.exists(path) else { return nil }
        let v: JSONValue
        do { v = try JSONParser.parse(try FileSystem.readFile(path)) } catch { throw QualityConfigError(path: path, message: "\(error)") }
        guard let o = v.objectValue else { throw QualityConfigError(path: path, message: "expected a JSON object") }
        return o
    }

    private mutating func apply(_ o: JSONObject, file: String) throws {
        func dbl(_ k: String) throws -> Double?? {
            guard let v = o[k] else { return .none }
            if case .null = v { return .some(nil) }
            guard let d = v.doubleValue else { throw QualityConfigError(path: file, message: "\(k) must be a number or null") }
            return .some(d)
        }
        func int(_ k: String) throws -> Int?? {
            guard let d = try dbl(k) else { return .none }
            return .some(d.map { Int($0) })
        }
        func pairs(_ k: String) throws -> [(n: Int, frac: Double)]? {
            guard let v = o[k] else { return nil }
            if case .null = v { return [] }
            guard let a = v.arrayValue else { throw QualityConfigError(path: file, message: "\(k) must be [[n, fraction], …]") }
            return try a.map {
                guard let p = $0.arrayValue, p.count == 2, let n = p[0].intValue, let f = p[1].doubleValue else {
                    throw QualityConfigError(path: file, message: "\(k) must be [[n, fraction], …]")
                }
                return (Int(n), f)
            }
        }
        if let v = try int("min_doc_words") { minDocWords = v }
        if let v = try int("max_doc_words") { maxDocWords = v }
        if let v = try dbl("min_avg_word_length") { minAvgWordLength = v }
        if let v = try dbl("max_avg_word_length") { maxAvgWordLength = v }
        if let v = try dbl("max_symbol_word_ratio") { maxSymbolWordRatio = v }
        if let v = try dbl("max_bullet_lines_ratio") { maxBulletLinesRatio = v }
        if let v = try dbl("max_ellipsis_lines_ratio") { maxEllipsisLinesRatio = v }
        if let v = try dbl("max_non_alpha_words_ratio") { minAlphaWordsRatio = v }
        if let v = try int("min_stop_words") { minStopWords = v }
        if let v = o["stop_words"] {
            guard let a = v.arrayValue else { throw QualityConfigError(path: file, message: "stop_words must be a list of strings") }
            stopWords = a.compactMap(\.stringValue)
        }
        if let v = try dbl("dup_line_frac") { dupLineFrac = v }
        if let v = try dbl("dup_para_frac") { dupParaFrac = v }
        if let v = try dbl("dup_line_char_frac") { dupLineCharFrac = v }
        if let v = try dbl("dup_para_char_frac") { dupParaCharFrac = v }
        if let v = try pairs("top_n_grams") { topNGrams = v }
        if let v = try pairs("dup_n_grams") { dupNGrams = v }
        if let v = try dbl("line_punct_thr") { linePunctThreshold = v }
        if let v = o["line_punct_exclude_zero"]?.boolValue { linePunctExcludeZero = v }
        if let v = try dbl("short_line_thr") { shortLineThreshold = v }
        if let v = try int("short_line_length") { shortLineLength = v ?? 30 }
        if let v = try dbl("char_duplicates_ratio") { charDuplicatesRatio = v }
        if let v = try dbl("new_line_ratio") { newLineRatio = v }
    }
}

/// A malformed thresholds file.
public struct QualityConfigError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message) (see Filters/quality/README.md)" }
}
