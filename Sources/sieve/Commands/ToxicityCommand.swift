import ArgumentParser
import SieveFilters
import SieveIO
import SieveLangID

/// `sieve toxicity`: word-list toxicity scores as a JSON Lines filter.
struct ToxicityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toxicity",
        abstract: "Score JSON Lines documents by offensive-word lists ({\"text\"} in, {\"score\",\"hits\",\"words\"} out).",
        discussion: """
            score = list entries found (whole words, case-insensitive) per word of the document.
            Lists: {"words": [...]} JSON files named by language (english.json, german.json, …), as fetched
            into .assets/filters/wordlists by scripts/setup.sh.
            With --classifier MODEL --label L: score = the fastText model's probability of label L
            (e.g. Dolma's Jigsaw models, label __label__toxic); output {"score"}.
            """
    )

    @Option(name: .customLong("word-lists"), help: "Directory of word-list JSON files.")
    var wordLists = ".assets/filters/wordlists"

    @Option(help: "Language of every row (overridden by a row's \"language\" field).")
    var language: String?

    @Option(help: "A fastText classifier (.bin or .ftz) instead of the word lists.")
    var classifier: String?

    @Option(help: "The classifier's label whose probability is the score (e.g. __label__toxic).")
    var label: String?

    @Flag(help: .hidden)
    var timing = false

    func run() throws {
        if let classifier {
            let model: FastTextModel
            do { model = try FastTextModel(path: classifier) } catch { throw ValidationError("\(error)") }
            guard let label, model.labels.contains(label) else {
                throw ValidationError("--label must be one of the model's labels: \(model.labels.prefix(20).joined(separator: ", "))")
            }
            let out = Console.JSONLines()
            try Console.eachInputObject { row, line in
                let text = try Console.string("text", of: row, line: line)
                let p = model.predict(text, k: 0).first { $0.label == label }?.probability ?? 0
                out.write(.object(JSONObject([("score", .double(Double(p)))])))
            }
            out.flush()
            return
        }
        let scorer: ToxicityScorer
        do { scorer = try ToxicityScorer(wordListsDir: wordLists) } catch { throw ValidationError("\(error)") }
        let out = Console.JSONLines()
        var seconds = 0.0
        try Console.eachInputObject { row, line in
            let text = try Console.string("text", of: row, line: line)
            let t0 = timing ? monotonicSeconds() : 0
            let r = scorer.score(text, language: row["language"]?.stringValue ?? language)
            if timing { seconds += monotonicSeconds() - t0 }
            out.write(.object(JSONObject([("score", .double(r.score)), ("hits", .int(Int64(r.hits))), ("words", .int(Int64(r.words)))])))
        }
        out.flush()
        if timing { printTiming(seconds) }
    }
}
