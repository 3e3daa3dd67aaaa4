#if canImport(Glibc)
import Glibc
#endif
import Dispatch
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

    /// Tasks of a stage that a live local process is running now: its audit file is being
    /// written (`removed/TASK.jsonl.zst.tmp.PID`) by a process that exists. A killed task's
    /// leftovers name a dead process and do not count.
    public func runningTasks(_ s: Stage) -> Set<Int> {
        var out: Set<Int> = []
        let dir = FileSystem.join(stageDirectory(s), "removed")
        for path in FileSystem.walk(dir) {
            guard let temp = OutputFile.temporaryName(FileSystem.basename(path)), temp.name.hasSuffix(".jsonl.zst"),
                  let task = Int(temp.name.dropLast(".jsonl.zst".count)) else { continue }
            if kill(temp.pid, 0) == 0 || errno == EPERM { out.insert(task) }
        }
        return out
    }

    public func stage(named name: String) -> Stage? {
        stages.first { $0.name == name || $0.folder == name }
    }

    /// Every JSON line of the given zstd JSONL files, in order; `body` returns false to stop.
    /// With `containing`, only lines holding those bytes are parsed: the decoded stream is
    /// searched block by block with memmem, and a line is cut out only around a hit.
    func rows(in files: [String], containing needle: [UInt8]? = nil,
              _ body: (JSONObject) throws -> Bool) throws {
        try rows(in: files, containing: needle) { row, _ in try body(row) }
    }

    /// As `rows(in:containing:_:)`, also passing the file each row comes from.
    func rows(in files: [String], containing needle: [UInt8]?, _ body: (JSONObject, String) throws -> Bool) throws {
        if let needle, !needle.isEmpty, files.count > 1 {
            // Files are searched in parallel; rows are handed over in file order as before.
            let found = ParallelScan.lines(files: files.filter(FileSystem.exists), needle: needle)
            for (f, result) in found {
                let lines: [[UInt8]]
                switch result {
                case .some(.success(let l)): lines = l
                case .some(.failure(let e)): throw e
                case .none:  // skipped (an earlier file had a hit): search it now
                    var l: [[UInt8]] = []
                    _ = try LineScanner.scan(path: f, needle: needle) { l.append($0); return true }
                    lines = l
                }
                for line in lines {
                    guard let o = try? JSONParser.parse(line).objectValue else { continue }
                    if try !body(o, f) { return }
                }
            }
            return
        }
        for f in files where FileSystem.exists(f) {
            if let needle, !needle.isEmpty {
                if try !LineScanner.scan(path: f, needle: needle, { line in
                    guard let o = try? JSONParser.parse(line).objectValue else { return true }
                    return try body(o, f)
                }) { return }
                continue
            }
            let r = try ByteReader(path: f)
            while let line = try r.readLine() {
                guard let o = try? JSONParser.parse(line).objectValue else { continue }
                if try !body(o, f) { return }
            }
        }
    }

    func auditFiles(_ s: Stage, tasks: [Int]? = nil) -> [String] {
        (tasks ?? Array(0..<s.tasks)).map { FileSystem.join(stageDirectory(s), "removed/\(TaskContext.name($0)).jsonl.zst") }
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
        // The data files (relative) that hold the document so far: a later stage's task that
        // read none of them cannot have seen it, so only the tasks that did are searched.
        var holding: Set<String> = []
        for s in record.stages {
            var tasks = Array(0..<s.tasks)
            var markers: [Int: TaskMarker] = [:]
            for t in tasks { markers[t] = try record.marker(s, task: t) }
            if !holding.isEmpty {
                let readers = tasks.filter { markers[$0]?.inputs.contains(where: holding.contains) ?? false }
                if !readers.isEmpty { tasks = readers }
            }
            var found = false
            try record.rows(in: record.auditFiles(s, tasks: tasks), containing: needle) { row in
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
            // A phase that only observes documents (e.g. dedup signatures) or reads none writes no data.
            if !markers.values.contains(where: { !$0.data.isEmpty }) { continue }
            let data = tasks.flatMap { (markers[$0]?.data ?? []).map(record.run.absolutePath) }
            var kept: JSONObject?
            try record.rows(in: data, containing: needle) { row, file in
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
                    holding.insert(record.run.relative(file))
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
        var escaped: [UInt8] = []
        JSONWriter.appendString(id, to: &escaped)
        let needle = Array(escaped.dropFirst().dropLast())
        for file in FileSystem.walk(dir) where file.hasSuffix(".provenance.jsonl") {
            let reader = try ByteReader(path: file)
            var index = 0
            while let line = try reader.readLine() {
                defer { index += 1 }
                let hit = line.withUnsafeBytes { l in
                    needle.withUnsafeBytes { n in findBytes(l, n) != nil }
                }
                guard hit else { continue }
                if let row = try? JSONParser.parse(line).objectValue, row["id"]?.stringValue == id {
                    let prefix = String(file.dropLast(".provenance.jsonl".count))
                    return ["stage": "shards", "id": .string(id), "action": "keep",
                            "shard": .string(record.run.relative(prefix)), "document_index": .int(Int64(index))]
                }
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

/// Finds the lines of a (compressed) JSON Lines file that contain a byte string, without
/// splitting the rest into lines: decoded blocks are searched with memmem.
enum LineScanner {
    /// Calls `body` with each line containing `needle`, in order; `body` returns false to stop.
    /// Returns false when `body` stopped the scan.
    static func scan(path: String, needle: [UInt8], blockSize: Int = 4 << 20,
                     _ body: ([UInt8]) throws -> Bool) throws -> Bool {
        let file = try DecodedFile(path: path)
        var buf = [UInt8](repeating: 0, count: blockSize)
        var end = 0  // valid bytes in buf
        var eof = false
        var anchor: Int?
        while !eof || end > 0 {
            if !eof {
                if end == buf.count { buf += [UInt8](repeating: 0, count: buf.count) }  // a line longer than the buffer
                let n = try buf.withUnsafeMutableBytes { b in
                    try file.read(into: UnsafeMutableRawBufferPointer(rebasing: b[end...]))
                }
                if n == 0 { eof = true } else { end += n }
            }
            // Search up to the last complete line (everything, at the end of the file).
            let limit: Int = buf.withUnsafeBytes { b in
                if eof { return end }
                guard end > 0, let i = lastNewline(b, before: end) else { return 0 }
                return i + 1
            }
            if limit == 0 && !eof { continue }
            // The needle's rarest byte, judged on the first block of the file.
            if anchor == nil {
                anchor = buf.withUnsafeBytes { rarestByte(of: needle, in: UnsafeRawBufferPointer(rebasing: $0[..<min(limit, 1 << 20)])) }
            }
            var hits: [Range<Int>] = []
            buf.withUnsafeBytes { b in
                needle.withUnsafeBytes { n in
                    guard let base = b.baseAddress, n.count > 0 else { return }
                    var from = 0
                    while from < limit {
                        guard let j = findBytes(UnsafeRawBufferPointer(start: base + from, count: limit - from), n,
                                                anchor: anchor) else { break }
                        let i = from + j
                        var lineStart = 0
                        if i > 0, let q = lastNewline(b, before: i) { lineStart = q + 1 }
                        var lineEnd = limit
                        if let q = memchr(base + i, 0x0A, limit - i) { lineEnd = UnsafeRawPointer(q) - base }
                        hits.append(lineStart..<lineEnd)
                        from = lineEnd + 1
                    }
                }
            }
            for h in hits where try !body(Array(buf[h])) { return false }
            // Keep the partial last line for the next block.
            let rest = end - limit
            if rest > 0 && limit > 0 {
                buf.withUnsafeMutableBytes { b in b.baseAddress!.copyMemory(from: b.baseAddress! + limit, byteCount: rest) }
            }
            end = rest
            if eof { break }
        }
        return true
    }
}

/// The offset of the first occurrence of `needle` in `haystack`; nil when absent or `needle` is
/// empty. memchr looks for the needle's byte at `anchor` (best its least common byte in the
/// data), then memcmp checks the whole needle around it.
func findBytes(_ haystack: UnsafeRawBufferPointer, _ needle: UnsafeRawBufferPointer, anchor: Int? = nil) -> Int? {
    guard needle.count > 0, needle.count <= haystack.count, let h = haystack.baseAddress,
          let n = needle.baseAddress else { return nil }
    let anchor = min(anchor ?? needle.count - 1, needle.count - 1)
    let byte = Int32(needle[anchor])
    let last = haystack.count - needle.count  // the last possible start
    var start = 0
    while start <= last {
        guard let p = memchr(h + start + anchor, byte, last - start + 1) else { return nil }
        let i = UnsafeRawPointer(p) - h - anchor
        if memcmp(h + i, n, needle.count) == 0 { return i }
        start = i + 1
    }
    return nil
}

/// The position in `needle` of its byte that is least frequent in `sample` (the last such one).
func rarestByte(of needle: [UInt8], in sample: UnsafeRawBufferPointer) -> Int {
    var counts = [Int](repeating: 0, count: 256)
    for b in sample { counts[Int(b)] += 1 }
    var best = needle.count - 1
    for i in stride(from: needle.count - 1, through: 0, by: -1) where counts[Int(needle[i])] < counts[Int(needle[best])] {
        best = i
    }
    return best
}

/// The offset of the last `\n` in `buffer[..<end]`, if any.
func lastNewline(_ buffer: UnsafeRawBufferPointer, before end: Int) -> Int? {
    var i = end - 1
    while i >= 0 {
        if buffer[i] == 0x0A { return i }
        i -= 1
    }
    return nil
}

/// Searches several files for a byte string at once (one file per core at a time).
enum ParallelScan {
    final class Box: @unchecked Sendable {
        let lock = NSLockLite()
        var results: [Result<[[UInt8]], Error>?]
        /// The first file (in order) with a hit: later files not yet started are skipped.
        var firstHit = Int.max
        init(_ n: Int) { results = Array(repeating: nil, count: n) }
    }

    /// For each file, in order: the lines holding `needle`, the error that stopped the search,
    /// or nil when it was skipped because an earlier file already had a hit.
    static func lines(files: [String], needle: [UInt8]) -> [(String, Result<[[UInt8]], Error>?)] {
        let box = Box(files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            box.lock.lock()
            let skip = i > box.firstHit
            box.lock.unlock()
            if skip { return }
            let r: Result<[[UInt8]], Error>
            do {
                var l: [[UInt8]] = []
                _ = try LineScanner.scan(path: files[i], needle: needle) { l.append($0); return true }
                r = .success(l)
            } catch { r = .failure(error) }
            box.lock.lock()
            box.results[i] = r
            if case .success(let l) = r, !l.isEmpty { box.firstHit = min(box.firstHit, i) }
            box.lock.unlock()
        }
        return files.indices.map { (files[$0], box.results[$0]) }
    }
}
