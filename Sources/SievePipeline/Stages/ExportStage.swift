import SieveIO
import SieveParquet

/// `export`: the kept documents of the stage before it as Parquet files (what Apertus published),
/// without changing the document chain (the next stage reads the same documents as `export` did).
///
/// Each task writes `NN-export/data/TASK.parquet`, or `NN-export/data/LANG/TASK.parquet` for
/// documents that carry `metadata.lang` (routed data), with the columns of
/// `DocumentParquetWriter`. With `audit: true` each task also writes `NN-export/audit/TASK.parquet`
/// holding the audit rows of every earlier stage (their `removed/` files, dealt round-robin over the
/// tasks in sorted order). Every file is listed with its sha256 in the completion marker, so the
/// manifest and `sieve verify` cover it.
///
/// Options: `format` (`parquet`), `compression` (`zstd`, `snappy`, `none`), `zstd_level` (default 3),
/// `row_group_rows` (default 10000; 0: no row limit), `row_group_bytes` (default 128MiB),
/// `page_bytes` (default 1MiB), `audit` (default false), `max_buffer_bytes` (default 512MiB: the
/// row groups buffered by one task's writers together; the largest are ended early beyond it).
enum ExportStage {
    enum Format: String, CaseIterable { case parquet }

    struct Settings: Sendable {
        var options: ParquetWriteOptions
        var audit: Bool
        /// Bound on the row groups buffered by all of a task's writers (one per language) together.
        var maxBufferBytes: Int64
    }

    static let definition = StageDefinition(
        name: "export",
        summary: "write the kept documents (and optionally every earlier stage's audit rows) as zstd Parquet, per language",
        make: { _, _ in throw TaskError("export runs as a phase") },
        phases: { opts, _, tasks in
            _ = try opts.choice("format", default: Format.parquet)
            var o = ParquetWriteOptions()
            o.compression = try opts.choice("compression", default: ParquetWriteCompression.zstd)
            o.zstdLevel = Int32(try opts.int("zstd_level", default: 3, min: 1, max: 22))
            o.rowGroupRows = try opts.int("row_group_rows", default: 10_000, min: 0)
            o.rowGroupBytes = try opts.size("row_group_bytes", default: 128 << 20)
            o.pageBytes = Int(try opts.size("page_bytes", default: 1 << 20))
            if o.rowGroupBytes < 0 { throw opts.error("row_group_bytes", "'row_group_bytes' must not be negative") }
            if o.pageBytes < 1 { throw opts.error("page_bytes", "'page_bytes' must be at least 1 byte") }
            o.createdBy = "sieve \(RunInfo.version)"
            let s = Settings(options: o, audit: try opts.bool("audit", default: false),
                             maxBufferBytes: try opts.size("max_buffer_bytes", default: 512 << 20))
            return [PhaseDefinition(name: "export", tasks: tasks, kind: .documents(writesData: false, make: { _ in
                ExportPhase(settings: s)
            }))]
        })
}

/// One export task: documents → Parquet per route; optionally its share of the audit rows.
final class ExportPhase: DocumentStage {
    let settings: ExportStage.Settings
    private var writers: [String: DocumentParquetWriter] = [:]
    private var directory = ""
    private var taskName = ""
    private var auditRows: Int64 = 0
    private var sinceCheck: Int64 = 0

    init(settings: ExportStage.Settings) { self.settings = settings }

    func begin(_ context: TaskContext) throws {
        directory = context.stageDirectory
        taskName = context.taskName
    }

    func process(_ doc: inout Document) throws -> Verdict {
        let route = doc.metadataValue(forKey: "lang")?.stringValue ?? ""
        let w: DocumentParquetWriter
        if let existing = writers[route] {
            w = existing
        } else {
            let rel = route.isEmpty ? "data/\(taskName).parquet" : "data/\(route)/\(taskName).parquet"
            w = try DocumentParquetWriter(path: FileSystem.join(directory, rel), options: settings.options)
            writers[route] = w
        }
        do { try w.write(doc) } catch let e as ParquetWriteError {
            throw TaskError("export: document \(doc.id): \(e)")
        }
        // Many languages each buffering a row group: end the largest ones' row groups early. Which
        // ones depends only on the documents' order, so the bytes stay deterministic.
        sinceCheck += Int64(doc.textBytes + doc.id.utf8.count + 64)
        if settings.maxBufferBytes > 0 && sinceCheck >= settings.maxBufferBytes / 8 {
            sinceCheck = 0
            var total = writers.values.reduce(Int64(0)) { $0 + $1.writer.bufferedBytes }
            while total > settings.maxBufferBytes {
                // The largest buffer; ties go to the first language in sorted order.
                guard let w = writers.sorted(by: { utf8Precedes($0.key, $1.key) })
                    .max(by: { $0.value.writer.bufferedBytes < $1.value.writer.bufferedBytes })?.value.writer
                else { break }
                total -= w.bufferedBytes
                try w.endRowGroup()
            }
        }
        return .keep
    }

    var counters: [String: Int64] {
        var c: [String: Int64] = ["parquet_rows": writers.values.reduce(0) { $0 + $1.rowCount }]
        if settings.audit { c["parquet_audit_rows"] = auditRows }
        return c
    }

    func finish(_ context: TaskContext) throws -> [String] {
        var out: [String] = []
        for route in writers.keys.sorted() {
            let w = writers[route]!
            try w.close()
            out.append(w.writer.path)
        }
        if settings.audit { out.append(try writeAudit(context)) }
        return out
    }

    /// Writes the audit rows of this task's share of the earlier stages' `removed/` files.
    private func writeAudit(_ context: TaskContext) throws -> String {
        var files: [String] = []
        for name in context.earlier.stageNames {
            files += try context.earlier.outputs(of: name).filter {
                $0.hasSuffix(".jsonl.zst") && FileSystem.basename(FileSystem.dirname($0)) == "removed"
            }
        }
        files.sort(by: utf8Precedes)
        let path = FileSystem.join(directory, "audit/\(taskName).parquet")
        let w = try AuditParquetWriter(path: path, options: settings.options)
        for (i, file) in files.enumerated() where i % context.tasks == context.task {
            let reader = try ByteReader(path: file)
            var lineNo = 0
            while let line = try reader.readLine() {
                lineNo += 1
                if line.isEmpty { continue }
                guard let o = (try? JSONParser.parse(line))?.objectValue, let row = try? AuditRow(row: o) else {
                    throw TaskError("export: \(file) line \(lineNo) is not an audit row")
                }
                try w.write(row)
            }
        }
        auditRows = w.rowCount
        try w.close()
        return path
    }
}
