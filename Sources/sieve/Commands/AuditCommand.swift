import ArgumentParser
import SieveIO
import SievePipeline

/// `sieve audit`: what happened to the documents, and why.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Report the filtering decisions of a run.",
        subcommands: [Summary.self, Why.self, Sample.self])

    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The funnel: documents and bytes per stage, kept, dropped and modified per reason.")

        @Argument(help: "The run directory.")
        var out: String

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        func run() throws {
            try Console.guarded {
                let s = try AuditSummary.build(RunRecord(directory: out))
                if json { Console.out(JSONWriter.pretty(.object(s))); return }
                Console.out(Self.table(s))
            }
        }

        static func table(_ s: JSONObject) -> String {
            var lines: [String] = []
            lines.append("run: \(s["name"]?.stringValue ?? "?")")
            lines.append("stage".padding(42) + "docs in".leftPadding(10) + "kept".leftPadding(10) + "dropped".leftPadding(10)
                + "modified".leftPadding(10) + "bytes in".leftPadding(12) + "bytes kept".leftPadding(12))
            var lastLanguages = JSONObject()
            for st in s["stages"]?.arrayValue ?? [] {
                guard let o = st.objectValue, let c = o["counts"]?.objectValue else { continue }
                let n = { (k: String) in c[k]?.intValue ?? 0 }
                let done = o["tasks_done"]?.intValue ?? 0, tasks = o["tasks"]?.intValue ?? 0
                let name = (o["folder"]?.stringValue ?? "") + (done < tasks ? " (\(done)/\(tasks) tasks)" : "")
                lines.append(name.padding(42) + Format.count(n("documents_in")).leftPadding(10)
                    + Format.count(n("kept")).leftPadding(10) + Format.count(n("dropped")).leftPadding(10)
                    + Format.count(n("modified")).leftPadding(10) + Format.bytes(n("bytes_in")).leftPadding(12)
                    + Format.bytes(n("bytes_kept")).leftPadding(12))
                for (action, rs) in o["reasons"]?.objectValue ?? JSONObject() {
                    for (reason, v) in rs.objectValue ?? JSONObject() {
                        let d = v.objectValue?["documents"]?.intValue ?? 0, b = v.objectValue?["bytes"]?.intValue ?? 0
                        lines.append("    \(action) \(reason)".padding(42) + Format.count(d).leftPadding(10)
                            + "".leftPadding(32) + Format.bytes(b).leftPadding(12))
                    }
                }
                var grouped: [String: [String]] = [:]
                for (k, v) in o["counters"]?.objectValue ?? JSONObject() {
                    if let colon = k.firstIndex(of: ":") {
                        grouped[String(k[..<colon]), default: []].append("\(k[k.index(after: colon)...]) \(Format.count(v.intValue ?? 0))")
                    } else {
                        lines.append("    \(k)".padding(42) + Format.count(v.intValue ?? 0).leftPadding(10))
                    }
                }
                for key in grouped.keys.sorted() {
                    var line = "    \(key) by language:"
                    for p in grouped[key]! {
                        if line.count + p.count > 110 { lines.append(line); line = "     " }
                        line += " " + p
                    }
                    lines.append(line)
                }
                // Per-language counts where they change (langid, and each stage that drops some).
                if let langs = o["kept_by_language"]?.objectValue, !langs.isEmpty,
                   langs.map({ $0.value.objectValue?["documents"] }) != lastLanguages.map({ $0.value.objectValue?["documents"] })
                    || langs.keys != lastLanguages.keys {
                    lastLanguages = langs
                    let parts = langs.map { "\($0.key) \($0.value.objectValue?["documents"]?.intValue ?? 0)" }
                    var line = "    kept by language:"
                    for p in parts {
                        if line.count + p.count > 110 { lines.append(line); line = "     " }
                        line += " " + p
                    }
                    lines.append(line)
                }
                let nonDocs = (o["non_documents"]?.objectValue ?? JSONObject()).map { "\($0.key) \($0.value.intValue ?? 0)" }
                if !nonDocs.isEmpty { lines.append("    (not documents: \(nonDocs.joined(separator: ", ")))") }
            }
            if let langs = s["languages"]?.objectValue, !langs.isEmpty {
                lines.append("")
                lines.append("language (kept)".padding(42) + "docs".leftPadding(10) + "bytes".leftPadding(12)
                    + "tokens".leftPadding(12))
                for (lang, v) in langs {
                    let o = v.objectValue ?? JSONObject()
                    lines.append(("    " + lang).padding(42) + Format.count(o["documents"]?.intValue ?? 0).leftPadding(10)
                        + Format.bytes(o["bytes"]?.intValue ?? 0).leftPadding(12)
                        + (o["tokens"]?.intValue.map(Format.count) ?? "-").leftPadding(12))
                }
            }
            return lines.joined(separator: "\n")
        }
    }

    struct Why: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every decision about one document, by id or URL.")

        @Argument(help: "The run directory.")
        var out: String

        @Argument(help: "The document's id (e.g. a WARC-Record-ID) or URL.")
        var idOrURL: String

        @Flag(help: "Print JSON Lines instead of text.")
        var json = false

        func run() throws {
            try Console.guarded {
                let rows = try AuditQuery.why(RunRecord(directory: out), key: idOrURL)
                if rows.isEmpty {
                    Console.err("no document with id or URL '\(idOrURL)' in this run")
                    throw Exit.failed
                }
                var previous = JSONObject()
                for r in rows {
                    if json { Console.out(JSONWriter.string(.object(r))); continue }
                    let stage = r["stage"]?.stringValue ?? "?", action = r["action"]?.stringValue ?? "?"
                    var line = "\(stage.padding(12)) \(action)"
                    if let reason = r["reason"]?.stringValue { line += " \(reason)" }
                    if let d = r["detail"]?.objectValue, !d.isEmpty { line += " " + JSONWriter.string(.object(d)) }
                    if action == "keep", let m = r["metadata"]?.objectValue {
                        // Only what this stage added or changed.
                        let changed = JSONObject(m.filter { previous[$0.key] != $0.value }.map { ($0.key, $0.value) })
                        if !changed.isEmpty { line += " " + JSONWriter.string(.object(changed)) }
                        previous = m
                    }
                    if let shard = r["shard"]?.stringValue {
                        line += " \(shard).bin document \(r["document_index"]?.intValue ?? -1)"
                    }
                    Console.out(line)
                }
            }
        }
    }

    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Examples of a stage's decisions (optionally of one reason), to judge a filter by eye.")

        @Argument(help: "The run directory.")
        var out: String

        @Option(help: "The stage name.")
        var stage: String

        @Option(help: "Only this reason.")
        var reason: String?

        @Option(name: .shortAndLong, help: "How many examples.")
        var n: Int = 10

        @Flag(help: "Print JSON Lines (one audit row per line, with `text_preview`) instead of text.")
        var json = false

        func run() throws {
            try Console.guarded {
                let rows = try AuditQuery.sample(RunRecord(directory: out), stage: stage, reason: reason, n: n)
                if rows.isEmpty {
                    Console.err("no audit rows for stage '\(stage)'" + (reason.map { " and reason '\($0)'" } ?? ""))
                }
                for r in rows {
                    if json { Console.out(JSONWriter.string(.object(r))); continue }
                    var line = "\(r["action"]?.stringValue ?? "?") \(r["reason"]?.stringValue ?? "?")  \(r["id"]?.stringValue ?? "?")"
                    if let url = r["url"]?.stringValue { line += "  \(url)" }
                    Console.out(line)
                    if let d = r["detail"]?.objectValue, !d.isEmpty { Console.out("    detail: " + JSONWriter.string(.object(d))) }
                    if let t = r["text_preview"]?.stringValue {
                        let oneLine = String(t.unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : Character($0) })
                        Console.out("    text: " + oneLine)
                    }
                }
            }
        }
    }
}
