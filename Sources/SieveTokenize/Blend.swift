// blend.json: tokens per language and the weighted --data-path string for Megatron.
import SieveIO

/// Describes a set of shards grouped by language, for `shards/blend.json`.
public enum Blend {
    /// `{"total_tokens", "languages": {LANG: {"tokens","documents","shards":[{"prefix","documents","tokens",
    /// "bin_sha256","idx_sha256","provenance_sha256"}]}}, "data_path": "T1 PREFIX1 T2 PREFIX2 …"}`.
    /// Languages are sorted by name; `data_path` weights each shard by its token count (Megatron
    /// normalizes the weights), so sampling is proportional to the tokens available. Shard prefixes
    /// are made relative to `base` when they lie under it.
    public static func json(_ shards: [String: [ShardInfo]], base: String? = nil) -> JSONValue {
        var languages = JSONObject()
        var total = 0
        var dataPath: [String] = []
        for lang in shards.keys.sorted() {
            let list = shards[lang] ?? []
            var rows: [JSONValue] = []
            var tokens = 0
            var documents = 0
            for s in list {
                var prefix = s.prefix
                if let base, prefix.hasPrefix(base + "/") { prefix.removeFirst(base.count + 1) }
                rows.append(.object([
                    "prefix": .string(prefix), "documents": .int(Int64(s.documents)), "tokens": .int(Int64(s.tokens)),
                    "bin_sha256": .string(s.binSHA256), "idx_sha256": .string(s.idxSHA256),
                    "provenance_sha256": .string(s.provenanceSHA256),
                ]))
                tokens += s.tokens
                documents += s.documents
                if s.tokens > 0 { dataPath.append("\(s.tokens) \(prefix)") }
            }
            total += tokens
            languages[lang] = .object(["tokens": .int(Int64(tokens)), "documents": .int(Int64(documents)), "shards": .array(rows)])
        }
        return .object(["total_tokens": .int(Int64(total)), "languages": .object(languages),
                        "data_path": .string(dataPath.joined(separator: " "))])
    }

    /// Writes `json(shards, base:)` to `path` atomically (pretty-printed, trailing newline).
    @discardableResult
    public static func write(_ shards: [String: [ShardInfo]], to path: String, base: String? = nil) throws -> String {
        try OutputFile.writeAtomically(path, JSONWriter.pretty(json(shards, base: base)) + "\n")
    }
}
