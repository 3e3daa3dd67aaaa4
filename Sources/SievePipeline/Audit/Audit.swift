#if canImport(Glibc)
import Glibc
#endif
import SieveIO

/// A finished or running pipeline, as its run directory describes it (run.json + markers).
/// Reports read only this, never the config file (which may have changed since).
public struct RunRecord: Sendable {
    public struct Stage: Sendable {
        public var name: String
        public var folder: String
        public var tasks: Int
    }

    public let run: RunDirectory
    public let info: JSONObject
    public let stages: [Stage]

    public init(directory: String) throws {
        run = RunDirectory(absolute(directory))
        guard FileSystem.exists(run.runJSON) else {
            throw TaskError("\(directory) is not a Sieve run directory (no run.json); pass the folder given to `sieve run --out`")
        }
        info = try JSONParser.parse(FileSystem.readFile(run.runJSON)).objectValue ?? JSONObject()
        stages = (info["stages"]?.arrayValue ?? []).compactMap { s in
            guard let o = s.objectValue, let n = o["name"]?.stringValue, let f = o["folder"]?.stringValue,
                  let t = o["tasks"]?.intValue else { return nil }
            return Stage(name: n, folder: f, tasks: Int(t))
        }
    }

    public func stageDirectory(_ s: Stage) -> String { FileSystem.join(run.root, s.folder) }

    public func marker(_ s: Stage, task: Int) throws -> TaskMarker? {
        try TaskMarker.read(FileSystem.join(stageDirectory(s), "done/\(TaskContext.name(task)).json"))
    }

    public func failure(_ s: Stage, task: Int) -> String? {
        let p = FileSystem.join(stageDirectory(s), "failed/\(TaskContext.name(task)).json")
        guard FileSystem.exists(p), let v = try? JSONParser.parse(FileSystem.readFile(p)) else { return nil }
        return v.objectValue?["error"]?.stringValue ?? "failed"
    }

    public func stage(named name: String) -> Stage? {
        stages.first { $0.name == name || $0.folder == name }
    }

    /// Every JSON line of the given zstd JSONL files, in order.
    /// With `containing`, lines without those bytes are skipped before parsing (fast lookups).
    func rows(in files: [String], containing needle: [UInt8]? = nil, _ body: (JSONObject) throws -> Bool) throws {
        for f in files where FileSystem.exists(f) {
            let r = try ByteReader(path: f)
            while let line = try r.readLine() {
                if let needle, !needle.isEmpty, !bytes(line, contain: needle) { continue }
                guard let o = try? JSONParser.parse(line).objectValue else { continue }
                if try !body(o) { return }
            }
        }
    }

    /// Whether `haystack` contains `needle` (memchr for the first byte, then a compare).
    func bytes(_ haystack: [UInt8], contain needle: [UInt8]) -> Bool {
        haystack.withUnsafeBytes { h in
            needle.withUnsafeBytes { n in
                guard n.count <= h.count, let base = h.baseAddress, let nb = n.baseAddress else { return false }
                var start = 0
                let last = h.count - n.count
                while start <= last {
                    guard let p = memchr(base + start, Int32(n[0]), last - start + 1) else { return false }
                    let i = UnsafeRawPointer(p) - base
                    if memcmp(base + i, nb, n.count) == 0 { return true }
                    start = i + 1
                }
                return false
            }
        }
    }

    func auditFiles(_ s: Stage) -> [String] {
        (0..<s.tasks).map { FileSystem.join(stageDirectory(s), "removed/\(TaskContext.name($0)).jsonl.zst") }
    }

    func dataFiles(_ s: Stage) throws -> [String] {
        try (0..<s.tasks).flatMap { t in (try marker(s, task: t)?.data ?? []).map(run.absolutePath) }
    }
}

/// The funnel: per stage, documents and bytes in, kept, dropped and modified per reason.
public enum AuditSummary {
    public static func build(_ record: RunRecord) throws -> JSONObject {
        var stages: [JSONValue] = []
        var finalLanguages: [String: (documents: Int64, bytes: Int64)] = [:]
        var tokens: [String: Int64] = [:]
        for s in record.stages {
            var total = TaskMarker(stage: s.name, task: 0, tasks: s.tasks, inputs: [])
            var done = 0
            for t in 0..<s.tasks {
                guard let m = try record.marker(s, task: t) else { continue }
                done += 1
                total.documentsIn += m.documentsIn
                total.bytesIn += m.bytesIn
                total.kept += m.kept
                total.bytesKept += m.bytesKept
                total.dropped += m.dropped
                total.bytesDropped += m.bytesDropped
                total.modified += m.modified
                for (action, rs) in m.reasons {
                    for (reason, v) in rs {
                        var r = total.reasons[action] ?? [:]
                        let old = r[reason] ?? (0, 0)
                        r[reason] = (old.documents + v.documents, old.bytes + v.bytes)
                        total.reasons[action] = r
                    }
                }
                for (k, v) in m.keptByRoute {
                    let old = total.keptByRoute[k] ?? (0, 0)
                    total.keptByRoute[k] = (old.documents + v.documents, old.bytes + v.bytes)
                }
                for (k, v) in m.counters { total.counters[k, default: 0] += v }
                for (k, v) in m.nonDocuments { total.nonDocuments[k, default: 0] += v }
            }
            if !total.keptByRoute.isEmpty { finalLanguages = total.keptByRoute }
            // Several phases may count the same tokens (ids per task, then shards): the last one counts.
            let stageTokens = total.counters.filter { $0.key.hasPrefix("tokens:") }
            if !stageTokens.isEmpty {
                tokens = [:]
                for (k, v) in stageTokens { tokens[String(k.dropFirst(7))] = v }
            }
            guard case .object(var o) = total.json else { continue }
            o["task"] = nil
            o["inputs"] = nil
            o["data"] = nil
            o["outputs"] = nil
            o["folder"] = .string(s.folder)
            o["tasks_done"] = .int(Int64(done))
            stages.append(.object(o))
        }
        var out = JSONObject()
        out["name"] = record.info["name"] ?? .null
        out["stages"] = .array(stages)
        // Per language: the documents and bytes the last language-routing stage kept, and the
        // tokens written for it (from the `tokens:LANG` counters of the tokenize stage).
        let langs = Set(finalLanguages.keys).union(tokens.keys).sorted()
        out["languages"] = .object(JSONObject(langs.map { l in
            var o = JSONObject()
            o["documents"] = .int(finalLanguages[l]?.documents ?? 0)
            o["bytes"] = .int(finalLanguages[l]?.bytes ?? 0)
            o["tokens"] = tokens[l].map { .int($0) } ?? .null
            return (l, .object(o))
        }))
        return out
    }
}

/// Questions about single documents: why was it dropped, show examples of a reason.
public enum AuditQuery {
    /// Every decision about the document with this id or URL, stage by stage.
    public static func why(_ record: RunRecord, key: String) throws -> [JSONObject] {
        var out: [JSONObject] = []
        // The key as it appears inside a JSON string (escaped, without quotes).
        var escaped: [UInt8] = []
        JSONWriter.appendString(key, to: &escaped)
        let needle = Array(escaped.dropFirst().dropLast())
        for s in record.stages {
            var found = false
            try record.rows(in: record.auditFiles(s), containing: needle) { row in
                if row["id"]?.stringValue == key || row["url"]?.stringValue == key {
                    var o = JSONObject()
                    o["stage"] = .string(s.name)
                    for (k, v) in row where k != "stage" { o[k] = v }
                    out.append(o)
                    if row["action"]?.stringValue == "drop" { found = true }
                }
                return true
            }
            if found { break }
            let data = try record.dataFiles(s)
            // A phase that only observes documents (e.g. dedup signatures) or reads none writes no data.
            if data.isEmpty { continue }
            var kept: JSONObject?
            try record.rows(in: data, containing: needle) { row in
                let url = row["metadata"]?.objectValue?["url"]?.stringValue
                if row["id"]?.stringValue == key || url == key {
                    var o = JSONObject()
                    o["stage"] = .string(s.name)
                    o["id"] = row["id"] ?? .null
                    o["url"] = url.map(JSONValue.string) ?? .null
                    o["action"] = "keep"
                    var meta = row["metadata"]?.objectValue ?? JSONObject()
                    meta["url"] = nil
                    o["metadata"] = .object(meta)
                    kept = o
                    return false
                }
                return true
            }
            guard let kept else { break }
            out.append(kept)
        }
        if let last = out.last, last["action"]?.stringValue != "drop", let id = last["id"]?.stringValue,
           let position = try shardPosition(record, id: id) {
            out.append(position)
        }
        return out
    }

    /// Where a document ended up in the Megatron shards: shard prefix and document index, from
    /// the provenance sidecars (`shards/LANG/LANG_NNNNN.provenance.jsonl`).
    static func shardPosition(_ record: RunRecord, id: String) throws -> JSONObject? {
        let dir = FileSystem.join(record.run.root, "shards")
        for file in FileSystem.walk(dir) where file.hasSuffix(".provenance.jsonl") {
            let reader = try ByteReader(path: file)
            var index = 0
            while let line = try reader.readLine() {
                if let row = try? JSONParser.parse(line).objectValue, row["id"]?.stringValue == id {
                    let prefix = String(file.dropLast(".provenance.jsonl".count))
                    return ["stage": "shards", "id": .string(id), "action": "keep",
                            "shard": .string(record.run.relative(prefix)), "document_index": .int(Int64(index))]
                }
                index += 1
            }
        }
        return nil
    }

    /// Up to `n` audit rows of a stage (optionally of one reason), in task order, each with a
    /// preview of the document's text when the stage read it from a previous stage.
    public static func sample(_ record: RunRecord, stage name: String, reason: String?, n: Int,
                              previewBytes: Int = 400) throws -> [JSONObject] {
        guard let s = record.stage(named: name) else {
            throw TaskError("no stage '\(name)' in this run (stages: \(record.stages.map(\.name).joined(separator: ", ")))")
        }
        var rows: [JSONObject] = []
        try record.rows(in: record.auditFiles(s)) { row in
            if reason == nil || row["reason"]?.stringValue == reason { rows.append(row) }
            return rows.count < n
        }
        guard let index = record.stages.firstIndex(where: { $0.name == s.name }), index > 0, !rows.isEmpty else {
            return rows
        }
        var wanted = Set(rows.compactMap { $0["id"]?.stringValue })
        var texts: [String: String] = [:]
        try record.rows(in: record.dataFiles(record.stages[index - 1])) { row in
            if let id = row["id"]?.stringValue, wanted.contains(id), let t = row["text"]?.stringValue {
                texts[id] = String(decoding: t.utf8.prefix(previewBytes), as: UTF8.self)
                wanted.remove(id)
            }
            return !wanted.isEmpty
        }
        return rows.map { r in
            var r = r
            if let id = r["id"]?.stringValue, let t = texts[id] { r["text_preview"] = .string(t) }
            return r
        }
    }
}
