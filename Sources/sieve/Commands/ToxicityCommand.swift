import ArgumentParser
import SieveFilters
import SieveIO

/// `sieve toxicity`: word-list toxicity scores as a JSON Lines filter.
struct ToxicityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toxicity",
        abstract: "Score JSON Lines documents by offensive-word lists ({\"text\"} in, {\"score\",\"hits\",\"words\"} out).",
        discussion: """
            score = list entries found (whole words, case-insensitive) per word of the document.
            Lists: {"words": [...]} JSON files named by language (english.json, german.json, …), as fetched
            into .assets/filters/wordlists by scripts/setup.sh.
            """
    )

    @Option(name: .customLong("word-lists"), help: "Directory of word-list JSON files.")
    var wordLists = ".assets/filters/wordlists"

    @Option(help: "Language of every row (overridden by a row's \"language\" field).")
    var language: String?

    func run() throws {
        let scorer: ToxicityScorer
        do { scorer = try ToxicityScorer(wordListsDir: wordLists) } catch { throw ValidationError("\(error)") }
        let out = Console.JSONLines()
        var lineNo = 0
        while let line = readLine(strippingNewline: true) {
            lineNo += 1
            if line.isEmpty { continue }
            let row = try parseRow(line, lineNo)
            guard let text = row["text"]?.stringValue else { throw ValidationError("line \(lineNo): no \"text\" string") }
            let r = scorer.score(text, language: row["language"]?.stringValue ?? language)
            out.write(.object(JSONObject([("score", .double(r.score)), ("hits", .int(Int64(r.hits))), ("words", .int(Int64(r.words)))])))
        }
        out.flush()
    }
}
