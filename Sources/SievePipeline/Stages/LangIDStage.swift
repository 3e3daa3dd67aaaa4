import SieveIO
import SieveLangID

/// `langid`: identifies the language with a fastText model (lid.176, GlotLID, OpenLID, as
/// published), labels it GlotLID-style (`deu_Latn`), drops documents under their language's
/// threshold, and routes kept documents by language (`data/deu_Latn/…`).
///
/// Options: `model` (path to a .bin/.ftz), `threshold` (default 0.65; per-language overrides in
/// Filters/langid-thresholds.tsv), `k` (labels kept in the audit row, default 3),
/// `languages` (keep only these labels; others dropped with `language_not_selected`).
final class LangIDStage: DocumentStage {
    static let definition = StageDefinition(
        name: "langid",
        summary: "identify the language (fastText: lid.176, GlotLID…), label it deu_Latn-style, route by language",
        routesByLanguage: true,
        make: { opts, setup in
            guard let model = try opts.path("model") else {
                throw opts.error("model", "stage 'langid' needs `model:` (a fastText .bin or .ftz file, e.g. lid.176.ftz or GlotLID's model_v3.bin)")
            }
            let threshold = try opts.double("threshold", default: 0.65, range: 0...1)
            let k = try opts.int("k", default: 3, min: 1, max: 50)
            let languages = try opts.strings("languages").map(Set.init)
            guard setup.forRunning else { return LangIDStage(identifier: nil, threshold: threshold, k: k, languages: languages) }
            let id: LanguageIdentifier
            do { id = try LanguageIdentifier(modelPath: model, filtersDir: setup.filtersDirectory) } catch {
                throw opts.error("model", "cannot load the model: \(error)")
            }
            return LangIDStage(identifier: id, threshold: threshold, k: k, languages: languages)
        },
        runInfo: { opts in
            guard let model = try opts.path("model") else { return JSONObject() }
            return ["model": .string(model), "model_sha256": .string(try FileSystem.sha256(of: model))]
        })

    let identifier: LanguageIdentifier?
    let threshold: Double
    let k: Int
    let languages: Set<String>?

    init(identifier: LanguageIdentifier?, threshold: Double, k: Int, languages: Set<String>?) {
        self.identifier = identifier
        self.threshold = threshold
        self.k = k
        self.languages = languages
    }

    func process(_ doc: inout Document) throws -> Verdict {
        guard let identifier else { return .keep }
        let r = identifier.identify(doc.text, k: k)
        let label = r.best.label
        let score = Double(r.score)
        doc.setMetadataValue(.string(label), forKey: "lang")
        doc.setMetadataValue(.double(rounded(score)), forKey: "lang_score")
        doc.setMetadataValue(.string(r.best.script), forKey: "script")
        let min = identifier.threshold(for: label).map(Double.init) ?? threshold
        var detail: JSONObject {
            [
                "lang": .string(label), "score": .double(rounded(score)), "threshold": .double(min),
                "top": .array(r.top.map { .object(["label": .string($0.label), "score": .double(rounded(Double($0.score)))]) }),
            ]
        }
        if score < min { return .drop(reason: "language_score_below_threshold", detail: detail) }
        if let languages, !languages.contains(label) { return .drop(reason: "language_not_selected", detail: detail) }
        return .keep
    }

    /// Scores are written with 4 decimals: stable text, plenty for thresholds.
    private func rounded(_ v: Double) -> Double { (v * 10_000).rounded() / 10_000 }
}
