#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SieveIO
import SieveParquet

/// Problems that stop a task (as opposed to bad records, which become audit rows).
public struct TaskError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Runs one task of one stage: reads its share of the inputs, applies the stage, writes kept
/// documents, audit rows and the completion marker (last, atomically).
public struct TaskRunner: Sendable {
    public let config: PipelineConfig
    public let run: RunDirectory

    /// The first stage's input units, worked out once per runner (a runner serves one stage).
    private let firstUnits = Memo<[(path: String, rowGroups: Range<Int>?)]>()

    public init(config: PipelineConfig, run: RunDirectory) {
        self.config = config
        self.run = run
    }

    public enum Outcome: Sendable { case ran(TaskMarker), alreadyDone(TaskMarker) }

    /// A unit of input a task reads: a whole file, or some row groups of a Parquet file.
    public struct InputSlice: Sendable, Equatable {
        /// Position in the stage's list of units (unique; documents are numbered within it).
        public var index: Int
        public var path: String
        /// For Parquet inputs: the row groups of this slice; nil: the whole file.
        public var rowGroups: Range<Int>?
        /// How the slice is listed in the completion marker (`x.parquet#row_groups=3..<4`).
        public var label: String {
            guard let r = rowGroups else { return path }
            return "\(path)#row_groups=\(r.lowerBound)..<\(r.upperBound)"
        }
    }

    /// The files task `task` of `entry` reads, in order. For the first stage these are the
    /// pipeline's inputs; later, the kept-document files listed in the previous stage's markers.
    /// Files are dealt round-robin over the sorted list, so the split depends only on the task
    /// count, never on the number of workers.
    public func inputs(of entry: PipelineConfig.StageEntry, task: Int) throws -> [(index: Int, path: String)] {
        try inputSlices(of: entry, task: task).map { ($0.index, $0.path) }
    }

    /// The input units of task `task` of `entry`. The first stage splits each Parquet input with
    /// several row groups into one unit per row group (read from its footer); other inputs are one
    /// unit each. Units are dealt round-robin in input order, so the split depends only on the
    /// input files and the task count, never on the number of workers.
    public func inputSlices(of entry: PipelineConfig.StageEntry, task: Int) throws -> [InputSlice] {
        if entry.isSide { return [] }
        var units: [(path: String, rowGroups: Range<Int>?)] = []
        if let source = entry.inputStage {
            units = try documentFiles(of: config.stages[source]).map { ($0, nil) }
        } else {
            units = firstUnits.get { firstStageUnits() }
        }
        return units.enumerated().filter { $0.offset % entry.tasks == task }
            .map { InputSlice(index: $0.offset, path: $0.element.path, rowGroups: $0.element.rowGroups) }
    }

    /// The first stage's units: each input, split into its row groups when it is a Parquet file
    /// with several. The counts come from run.json (recorded when it was written), so that tasks
    /// do not each open every Parquet footer; a footer is read only for an input run.json does
    /// not describe. An unreadable footer leaves the file whole: the task that gets it records why.
    func firstStageUnits() -> [(path: String, rowGroups: Range<Int>?)] {
        let recorded = RunInfo.recordedRowGroups(run)
        var units: [(path: String, rowGroups: Range<Int>?)] = []
        for path in config.inputs {
            let parquet = (config.format ?? InputFormat.detect(path: path)) == .parquet
            if parquet, let groups = recorded[path] ?? (try? ParquetFile(path: path).metadata.rowGroups.count), groups > 1 {
                for g in 0..<groups { units.append((path, g..<(g + 1))) }
            } else {
                units.append((path, nil))
            }
        }
        return units
    }

    /// The kept-document files of a complete stage, sorted bytewise: the files its completion
    /// markers list, found with a listing of its `done/` and `data/` folders instead of by reading
    /// every marker. (Every task of a stage with T tasks needs this list: reading T markers each
    /// made a stage cost T² file reads, which a shared filesystem feels from a few thousand tasks.)
    /// A task renames its data files into place before it writes its marker, so once every marker
    /// exists the folder holds exactly the listed files, besides `.tmp.PID` files of killed attempts.
    func documentFiles(of stage: PipelineConfig.StageEntry) throws -> [String] {
        let dir = run.stage(stage)
        if let t = run.firstUnfinishedTask(stage) {
            throw TaskError("stage '\(stage.name)' is not complete (task \(t) of \(stage.tasks) has no completion marker); run it first")
        }
        var files: [String] = []
        func collect(_ folder: String, routes: Bool) {
            for e in FileSystem.entries(folder) {
                let path = FileSystem.join(folder, e.name)
                if let t = Self.task(ofDataFile: e.name), t < stage.tasks {
                    files.append(path)
                } else if routes && (e.isFolder ?? FileSystem.isDirectory(path)) {
                    collect(path, routes: false)  // data/ROUTE/TASK.jsonl.zst
                }
            }
        }
        collect(FileSystem.join(dir, "data"), routes: true)
        files.sort(by: utf8Precedes)
        assert(files == (try? markedDocumentFiles(of: stage)), "data/ of \(stage.name) differs from what its markers list")
        return files
    }

    /// The task of a committed data file name (`00042.jsonl.zst` → 42); nil for other names.
    static func task(ofDataFile name: String) -> Int? {
        guard name.hasSuffix(".jsonl.zst") else { return nil }
        let stem = String(name.dropLast(".jsonl.zst".count))
        guard let t = Int(stem), t >= 0, TaskContext.name(t) == stem else { return nil }
        return t
    }

    /// `documentFiles` read from the markers (the slow way; debug builds check one against the other).
    func markedDocumentFiles(of stage: PipelineConfig.StageEntry) throws -> [String] {
        var files: [String] = []
        for t in 0..<stage.tasks {
            guard let m = try TaskMarker.read(run.marker(stage, task: t)) else { return [] }
            files += m.data.map(run.absolutePath)
        }
        return files.sorted(by: utf8Precedes)
    }

    /// Outputs of earlier stages, by stage name, from their completion markers.
    func earlierOutputs(before entry: PipelineConfig.StageEntry) -> EarlierOutputs {
        let config = self.config, run = self.run
        return EarlierOutputs(lookup: { name in
            guard let e = config.stages.first(where: { $0.name == name }), e.index < entry.index else {
                throw TaskError("no earlier stage '\(name)' before '\(entry.name)'")
            }
            var out: [String] = []
            for t in 0..<e.tasks {
                guard let m = try TaskMarker.read(run.marker(e, task: t)) else {
                    throw TaskError("stage '\(e.name)' is not complete (task \(t) has no completion marker); run it first")
                }
                out += m.outputs.map { run.absolutePath($0.path) }
            }
            return out.sorted(by: utf8Precedes)
        }, stageNames: config.stages.prefix(entry.index).map(\.name))
    }

    /// Runs the task unless its completion marker exists.
    public func runTask(_ entry: PipelineConfig.StageEntry, task: Int, progress: ((Int64) -> Void)? = nil) throws -> Outcome {
        let markerPath = run.marker(entry, task: task)
        if let m = try TaskMarker.read(markerPath) { return .alreadyDone(m) }
        FileSystem.remove(run.failure(entry, task: task))
        let log = TaskLog(path: run.log(entry, task: task))
        let retry = FileSystem.exists(log.path)  // an earlier attempt of this task started
        log.write("start: stage \(entry.name) task \(task) of \(entry.tasks)")
        let started = monotonicSeconds()
        do {
            let m = try execute(entry, task: task, progress: progress)
            let seconds = monotonicSeconds() - started
            log.write("done: \(m.documentsIn) in, \(m.kept) kept, \(m.dropped) dropped, \(m.modified) modified, "
                + "\(m.bytesIn) bytes in, \(String(format3(seconds))) s")
            // Timings live in stats/, which the manifest never lists.
            let stats: JSONObject = [
                "seconds": .double(seconds), "documents_in": .int(m.documentsIn), "bytes_in": .int(m.bytesIn),
                "documents_per_second": .double(seconds > 0 ? Double(m.documentsIn) / seconds : 0),
            ]
            let statsPath = FileSystem.join(run.stage(entry), "stats/\(TaskContext.name(task)).json")
            _ = try? OutputFile.writeAtomically(statsPath, JSONWriter.pretty(.object(stats)) + "\n")
            if retry {
                let paths = m.outputs.map { run.absolutePath($0.path) } + [markerPath, statsPath]
                let removed = Self.removeLeftovers(besides: paths)
                if removed > 0 { log.write("removed \(removed) temporary files of earlier, interrupted attempts") }
            }
            return .ran(m)
        } catch {
            log.write("FAILED: \(error)")
            var o = JSONObject()
            o["stage"] = .string(entry.name)
            o["task"] = .int(Int64(task))
            o["error"] = .string("\(error)")
            _ = try? OutputFile.writeAtomically(run.failure(entry, task: task), JSONWriter.pretty(.object(o)) + "\n")
            throw error
        }
    }

    /// Removes `PATH.tmp.PID` files next to the given paths: what earlier attempts of a task that
    /// were killed (kill -9, a node lost, a preemption past its grace time) left half-written; a
    /// live process removes its own. Only run for retried tasks, as it lists the folders, which
    /// hold a file per task. Returns how many were removed.
    static func removeLeftovers(besides paths: [String]) -> Int {
        var outputs: [String: Set<String>] = [:]  // folder → output names
        for p in paths { outputs[FileSystem.dirname(p), default: []].insert(FileSystem.basename(p)) }
        let me = getpid()
        var removed = 0
        for (dir, names) in outputs {
            for e in FileSystem.entries(dir) {
                guard let temp = OutputFile.temporaryName(e.name), temp.pid != me, names.contains(String(temp.name)) else { continue }
                FileSystem.remove(FileSystem.join(dir, e.name))
                removed += 1
            }
        }
        return removed
    }

    private func execute(_ entry: PipelineConfig.StageEntry, task: Int, progress: ((Int64) -> Void)?) throws -> TaskMarker {
        let stageDir = run.stage(entry)
        let ctx = TaskContext(runDirectory: run.root, stageDirectory: stageDir, stageName: entry.name,
                              task: task, tasks: entry.tasks, earlier: earlierOutputs(before: entry))
        let files = try inputSlices(of: entry, task: task)
        var marker = TaskMarker(stage: entry.name, task: task, tasks: entry.tasks,
                                inputs: files.map { entry.inputStage == nil ? $0.label : run.relative($0.path) })
        let stage: any DocumentStage
        switch try config.makeStage(entry) {
        case .documents(let s): stage = s
        case .side(let side):
            let written = try side.run(ctx, ctx.earlier)
            marker.counters = side.counters
            marker.outputs = try written.map { rel -> (String, String) in
                let abs = rel.hasPrefix("/") ? rel : FileSystem.join(stageDir, rel)
                return (run.relative(abs), try FileSystem.sha256(of: abs))
            }.sorted { utf8Precedes($0.0, $1.0) }
            try OutputFile.writeAtomically(run.marker(entry, task: task), JSONWriter.pretty(marker.json) + "\n")
            return marker
        }
        let pageStage = stage as? PageStage
        let readsText = stage.readsText
        try stage.begin(ctx)

        var writers: [String: JSONLWriter] = [:]  // route → writer
        func writer(for route: String) throws -> JSONLWriter {
            if let w = writers[route] { return w }
            let rel = route.isEmpty ? "data/\(ctx.taskName).jsonl.zst" : "data/\(route)/\(ctx.taskName).jsonl.zst"
            let w = try JSONLWriter(path: FileSystem.join(stageDir, rel))
            writers[route] = w
            return w
        }
        let audit = try JSONLWriter(path: FileSystem.join(stageDir, "removed/\(ctx.taskName).jsonl.zst"))
        let routes = entry.routes

        func keep(_ doc: Document) throws {
            let route = routes ? (doc.metadataValue(forKey: "lang")?.stringValue ?? "und") : ""
            if entry.writesData { try writer(for: route).write(doc) }
            marker.kept += 1
            marker.bytesKept += Int64(doc.textBytes)
            if routes {
                let old = marker.keptByRoute[route] ?? (0, 0)
                marker.keptByRoute[route] = (old.documents + 1, old.bytes + Int64(doc.textBytes))
            }
        }
        func drop(_ row: AuditRow) throws {
            try audit.write(row)
            marker.dropped += 1
            marker.bytesDropped += Int64(row.bytes)
            marker.count("drop", row.reason, bytes: Int64(row.bytes))
        }
        func decide(_ doc: inout Document, _ position: DocumentPosition) throws {
            let bytes = doc.textBytes
            if readsText { doc.loadText() }
            switch try stage.process(&doc, at: position) {
            case .keep:
                try keep(doc)
            case .modify(let reason, let detail):
                try audit.write(AuditRow(id: doc.id, url: doc.url, stage: entry.name, action: .modify,
                                         reason: reason, detail: detail, bytes: bytes))
                marker.modified += 1
                marker.count("modify", reason, bytes: Int64(bytes))
                try keep(doc)
            case .drop(let reason, let detail):
                try drop(AuditRow(id: doc.id, url: doc.url, stage: entry.name, action: .drop,
                                  reason: reason, detail: detail, bytes: bytes))
            }
        }

        var options = ReaderOptions()
        options.maxRecordBytes = config.maxRecordBytes
        options.sourceName = config.source
        options.lazyText = entry.inputStage != nil  // rows an earlier stage wrote
        for slice in files {
            let (fileIndex, file) = (slice.index, slice.path)
            let name = FileSystem.basename(file)
            var index = 0
            let source: RecordSource
            do {
                source = try entry.inputStage == nil
                    ? openDocumentInput(path: file, format: config.format, options: options, parquet: config.parquet,
                                        rowGroups: slice.rowGroups)
                    : JSONLReader(path: file, options: options)
            } catch {
                marker.documentsIn += 1
                try drop(AuditRow(id: "\(name):unreadable", url: nil, stage: entry.name, action: .drop,
                                  reason: "unreadable_input", detail: ["file": .string(name), "message": .string("\(error)")]))
                continue
            }
            while let item = try source.next() {
                marker.documentsIn += 1
                let position = DocumentPosition(file: fileIndex, index: index)
                index += 1
                switch item {
                case .document(var doc):
                    marker.bytesIn += Int64(doc.textBytes)
                    try decide(&doc, position)
                case .page(let page):
                    marker.bytesIn += Int64(page.body.count)
                    guard let pageStage else {
                        throw TaskError("stage '\(entry.name)' cannot read web pages; put `extract` first")
                    }
                    switch pageStage.process(page: page, source: config.source, input: file) {
                    case .document(var doc): try decide(&doc, position)
                    case .drop(let id, let url, let reason, let detail, let bytes):
                        try drop(AuditRow(id: id, url: url, stage: entry.name, action: .drop, reason: reason,
                                          detail: detail, bytes: bytes))
                    }
                case .skipped(let rec):
                    var detail = rec.detail
                    detail["file"] = .string(name)
                    detail["offset"] = .int(rec.fileOffset)
                    try drop(AuditRow(id: rec.id ?? "\(name)@\(rec.fileOffset)", url: rec.url, stage: entry.name,
                                      action: .drop, reason: rec.reason, detail: detail))
                }
                if marker.documentsIn % 1024 == 0 { progress?(1024) }
            }
            progress?(marker.documentsIn % 1024)
            for (k, n) in source.skippedCounts { marker.nonDocuments[k, default: 0] += Int64(n) }
        }

        let extra = try stage.finish(ctx)
        marker.counters = stage.counters
        var outputs: [(String, String)] = []
        for route in writers.keys.sorted() {
            let w = writers[route]!
            let sha = try w.commit()
            let rel = run.relative(w.file.path)
            marker.data.append(rel)
            outputs.append((rel, sha))
        }
        let auditSHA = try audit.commit()
        outputs.append((run.relative(audit.file.path), auditSHA))
        for rel in extra.sorted() {
            let abs = rel.hasPrefix("/") ? rel : FileSystem.join(stageDir, rel)
            outputs.append((run.relative(abs), try FileSystem.sha256(of: abs)))
        }
        marker.outputs = outputs.sorted { utf8Precedes($0.0, $1.0) }
        guard marker.documentsIn == marker.kept + marker.dropped else {
            throw TaskError("internal error: \(marker.documentsIn) documents in, \(marker.kept) kept + \(marker.dropped) dropped")
        }
        try OutputFile.writeAtomically(run.marker(entry, task: task), JSONWriter.pretty(marker.json) + "\n")
        return marker
    }
}

/// Opens a pipeline input with the reader for its format, Parquet included (SieveIO's
/// `openInput` covers WARC and JSON Lines). `rowGroups` restricts a Parquet input to a slice.
public func openDocumentInput(path: String, format: InputFormat?, options: ReaderOptions,
                              parquet: ParquetColumnMapping = ParquetColumnMapping(),
                              rowGroups: Range<Int>? = nil) throws -> RecordSource {
    if (format ?? InputFormat.detect(path: path)) == .parquet {
        return try ParquetRecordSource(path: path, mapping: parquet, options: options, rowGroups: rowGroups)
    }
    return try openInput(path: path, format: format, options: options)
}

/// A task's human-readable log (`NN-stage/logs/TASK.log`), appended line by line. Counts and
/// offsets only: never document text.
final class TaskLog {
    let path: String
    init(path: String) {
        self.path = path
        try? FileSystem.createDirectories(FileSystem.dirname(path))
    }

    func write(_ line: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var text = line + "\n"
        text.withUTF8 { _ = Glibc.write(fd, $0.baseAddress, $0.count) }
    }
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func format3(_ v: Double) -> String {
    let r = (v * 1000).rounded() / 1000
    return "\(r)"
}

/// A value computed at most once, on first use, by whichever thread gets there first.
final class Memo<Value>: @unchecked Sendable {
    private let lock = NSLockLite()
    private var value: Value?

    func get(_ make: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let v = value { return v }
        let v = make()
        value = v
        return v
    }
}
