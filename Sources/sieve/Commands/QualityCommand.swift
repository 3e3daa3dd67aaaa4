import ArgumentParser
import SieveFilters
import SieveIO
#if canImport(Glibc)
import Glibc
#endif

/// `sieve quality`: runs the heuristic quality filters as a JSON Lines filter.
struct QualityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Run quality filters on JSON Lines documents ({\"text\"} in, verdicts out).",
        discussion: """
            Reads {"text": …, "language"?: …} rows on standard input and writes one row per input:
            {"keep": true} or {"keep": false, "filter": …, "reason": …, "detail": {"value": …, "threshold": …}}.
            Filters run in the order given; the first drop wins.
            """
    )

    @Option(help: "Comma-separated filters: gopher_quality, gopher_repetition, fineweb_quality.")
    var filters = "gopher_quality,gopher_repetition,fineweb_quality"

    @Option(help: "Language of every row (overridden by a row's \"language\" field).")
    var language: String?

    @Option(name: .customLong("filters-dir"), help: "Directory holding quality/<language>.json threshold overrides.")
    var filtersDir: String?

    @Option(name: .customLong("stop-words"), help: "Directory of <language>.json stop-word lists for languages without one in --filters-dir (e.g. .assets/filters/stopwords).")
    var stopWords: String?

    @Flag(help: .hidden)
    var timing = false

    @Flag(help: "Also write the tokens' count (\"tokens\") for each row, to compare segmentations.")
    var tokens = false

    func run() throws {
        let names = filters.split(separator: ",").map { $0.trimmingCharacters() }
        let chain: QualityFilterChain
        do { chain = try QualityFilterChain(names: names, filtersDir: filtersDir, stopWordsDir: stopWords) } catch { throw ValidationError("\(error)") }
        let segmenter = WordSegmenter()
        let out = Console.JSONLines()
        var filterSeconds = 0.0
        try Console.eachInputObject { row, line in
            let text = try Console.string("text", of: row, line: line)
            let lang = row["language"]?.stringValue ?? language
            var o = JSONObject()
            o["keep"] = .bool(true)
            _ = try chain.filters(language: lang)  // thresholds loaded outside the timed part
            let t0 = timing ? monotonicSeconds() : 0
            let verdict = try chain.check(text, language: lang)
            if timing { filterSeconds += monotonicSeconds() - t0 }
            if let (name, result) = verdict, case .drop(let reason, let detail) = result {
                o["keep"] = .bool(false)
                o["filter"] = .string(name)
                o["reason"] = .string(reason)
                o["detail"] = .object(detail)
            }
            if tokens { o["tokens"] = .int(Int64(segmenter.tokens(text, language: lang).count)) }
            out.write(.object(o))
        }
        out.flush()
        if timing { printTiming(filterSeconds) }
    }
}

/// Seconds of a monotonic clock (for `--timing`, written to standard error only).
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Writes `{"seconds": …}` (time spent in the library calls) to standard error.
func printTiming(_ seconds: Double) {
    let line = JSONWriter.string(.object(JSONObject([("seconds", .double(seconds))]))) + "\n"
    var bytes = Array(line.utf8)
    _ = Glibc.write(2, &bytes, bytes.count)
}

extension Substring {
    func trimmingCharacters() -> String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
