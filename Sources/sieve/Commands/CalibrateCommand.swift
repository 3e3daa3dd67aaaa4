import ArgumentParser
import SieveFilters
import SieveIO

/// `sieve calibrate`: per-language stop words and quality thresholds from a sample of documents.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Derive per-language stop words and quality thresholds (Filters/quality/LANG.json) from sample documents.",
        discussion: """
            Reads JSON Lines documents (.jsonl, .jsonl.gz, .jsonl.zst; e.g. a langid stage's data/ files) and groups
            them by metadata.lang (or a top-level "language"). For each language with enough documents it writes
            OUT/LANG.json: stop_words = the words found in the most documents (at least --min-doc-fraction of them,
            at most --max-stop-words); min/max_avg_word_length = the --tail and 1 − --tail quantiles of the mean
            word length; line_punct_thr = the --tail quantile of the share of lines ending in punctuation (null
            when 0). The statistics used are written under "calibration". Existing files are kept unless --overwrite.
            """
    )

    @Argument(help: "Input files.")
    var inputs: [String]

    @Option(help: "Folder to write LANG.json files into.")
    var out = "Filters/quality"

    @Option(help: "Fraction of the sample each calibrated bound may drop, per side.")
    var tail = 0.05

    @Option(name: .customLong("max-stop-words"), help: "Most stop words per language.")
    var maxStopWords = 32

    @Option(name: .customLong("min-doc-fraction"), help: "A stop word occurs in at least this fraction of documents.")
    var minDocFraction = 0.2

    @Option(name: .customLong("min-documents"), help: "Languages with fewer documents are skipped.")
    var minDocuments = 20

    @Option(name: .customLong("max-documents"), help: "Documents used per language (the first ones).")
    var maxDocuments = 20_000

    @Flag(help: "Replace existing LANG.json files.")
    var overwrite = false

    func run() throws {
        guard (0..<0.5).contains(tail) else { throw ValidationError("--tail must be in [0, 0.5)") }
        var o = QualityCalibrator.Options()
        o.tail = tail
        o.maxStopWords = maxStopWords
        o.minStopWordDocFraction = minDocFraction
        o.minDocuments = minDocuments
        o.maxDocuments = maxDocuments
        let cal = QualityCalibrator(options: o)
        var unlabelled = 0
        for path in inputs {
            guard FileSystem.exists(path) else { throw ValidationError("no such file: \(path)") }
            let reader = try JSONLReader(path: path)
            while let item = try reader.next() {
                guard case .document(let d) = item else { continue }
                guard let lang = d.metadata["lang"]?.stringValue ?? d.extra["language"]?.stringValue,
                      !lang.isEmpty, !lang.contains("/") else { unlabelled += 1; continue }
                cal.add(d.text, language: lang)
            }
        }
        try FileSystem.createDirectories(out)
        for (lang, n) in cal.languages {
            let path = FileSystem.join(out, lang + ".json")
            guard let r = cal.result(for: lang) else {
                print("\(lang): \(n) documents, fewer than --min-documents \(minDocuments): skipped")
                continue
            }
            if FileSystem.exists(path) && !overwrite {
                print("\(lang): \(path) exists: kept (use --overwrite)")
                continue
            }
            try OutputFile.writeAtomically(path, JSONWriter.pretty(.object(r)) + "\n")
            let sw = r["stop_words"]?.arrayValue?.count ?? 0
            print("\(lang): \(n) documents, \(sw) stop words → \(path)")
        }
        if unlabelled > 0 { print("\(unlabelled) documents without metadata.lang were skipped") }
    }
}
