// Streaming JSON Lines reader (.jsonl, .jsonl.gz, .jsonl.zst) of Dolma-compatible rows.

/// Reads one document per line. A line that is not a JSON object with a string `text` is
/// skipped with reason `bad_json_line` (its byte offset in the detail); blank lines are ignored.
/// Rows without `id` get `NAME:LINE` (input name + line index).
public final class JSONLReader: RecordSource {
    public let path: String
    private let reader: ByteReader
    private let options: ReaderOptions
    private let name: String
    private var line = 0
    public private(set) var skippedCounts: [String: Int] = [:]
    private var failed = false
    /// The current line (reused: one allocation per reader, not per line).
    private var bytes: [UInt8] = []

    public init(path: String, options: ReaderOptions = ReaderOptions()) throws {
        self.path = path
        self.options = options
        reader = try ByteReader(path: path)
        name = FileSystem.basename(path)
    }

    public func next() throws -> InputItem? {
        while true {
            if failed { return nil }
            let offset = reader.offset
            var truncated = false
            let more: Bool
            do {
                more = try reader.readLine(into: &bytes, maxLength: Int(clamping: options.maxRecordBytes), truncated: &truncated)
            } catch let e as InputError {
                failed = true
                return .skipped(SkippedRecord(id: nil, url: nil, fileOffset: e.offset, reason: "unreadable_input",
                                              detail: ["message": .string(e.message), "line": .int(Int64(line))]))
            }
            guard more else { return nil }
            let index = line
            line += 1
            if truncated {
                return .skipped(SkippedRecord(id: "\(name):\(index)", url: nil, fileOffset: offset, reason: "record_too_large",
                                              detail: ["line": .int(Int64(index)), "limit_bytes": .int(options.maxRecordBytes)]))
            }
            if bytes.last == 0x0D { bytes.removeLast() }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            do {
                let doc = try bytes.withUnsafeBytes {
                    options.lazyText
                        ? try Document(lazyJSONLine: $0, fallbackID: "\(name):\(index)", defaultSource: options.sourceName)
                        : try Document(jsonLine: $0, fallbackID: "\(name):\(index)", defaultSource: options.sourceName)
                }
                return .document(doc)
            } catch {
                return .skipped(SkippedRecord(id: "\(name):\(index)", url: nil, fileOffset: offset, reason: "bad_json_line",
                                              detail: ["line": .int(Int64(index)), "message": .string("\(error)")]))
            }
        }
    }
}

/// Writes documents as JSON Lines (zstd-compressed when the path ends in `.zst`).
public final class JSONLWriter {
    public let file: OutputFile
    private var line: [UInt8] = []
    public private(set) var count = 0

    public init(path: String) throws { file = try OutputFile(path: path) }

    public func write(_ doc: Document) throws {
        try file.append { doc.appendJSONLine(to: &$0) }
        count += 1
    }

    public func write(_ row: AuditRow) throws {
        line.removeAll(keepingCapacity: true)
        row.appendJSONLine(to: &line)
        try file.write(line)
        count += 1
    }

    /// Renames the file into place; returns its SHA-256.
    @discardableResult
    public func commit() throws -> String { try file.commit() }
}
