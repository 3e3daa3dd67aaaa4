// What readers yield: documents (JSON Lines), web pages (WARC/WET, before extraction), or
// skipped records (bad input, recorded as audit rows; the rest of the file is still read).

/// A page from a web archive, before HTML → text extraction.
public struct WebPage: Sendable {
    /// WARC-Record-ID (e.g. `<urn:uuid:…>`), used as the document id.
    public var id: String
    /// WARC-Target-URI.
    public var url: String
    /// WARC-Date.
    public var date: String?
    /// File offset of the record (of its gzip member / zstd frame for compressed files).
    public var fileOffset: Int64
    /// `response`, `resource` or `conversion`.
    public var recordType: String
    /// HTTP status code for `response` records.
    public var httpStatus: Int?
    /// Content type without parameters, lowercased (`text/html`); from HTTP or the WARC header.
    public var contentType: String?
    /// The `charset=` parameter of the Content-Type, if any (lowercased).
    public var charset: String?
    /// The payload: de-chunked and decoded (Content-Encoding gzip/deflate), not transcoded.
    public var body: [UInt8]

    public init(id: String, url: String, date: String?, fileOffset: Int64, recordType: String,
                httpStatus: Int?, contentType: String?, charset: String?, body: [UInt8]) {
        self.id = id
        self.url = url
        self.date = date
        self.fileOffset = fileOffset
        self.recordType = recordType
        self.httpStatus = httpStatus
        self.contentType = contentType
        self.charset = charset
        self.body = body
    }
}

/// A record that could not be read, with enough to find it again (never its content).
public struct SkippedRecord: Sendable {
    public var id: String?
    public var url: String?
    public var fileOffset: Int64
    /// A short machine-readable reason such as `truncated_gzip`, `bad_warc_header`, `record_too_large`.
    public var reason: String
    public var detail: JSONObject

    public init(id: String?, url: String?, fileOffset: Int64, reason: String, detail: JSONObject = JSONObject()) {
        self.id = id
        self.url = url
        self.fileOffset = fileOffset
        self.reason = reason
        self.detail = detail
    }
}

/// One item read from an input file.
public enum InputItem: Sendable {
    case document(Document)
    case page(WebPage)
    case skipped(SkippedRecord)
}

/// A streaming reader of one input file.
public protocol RecordSource: AnyObject {
    /// The next item, or nil at the end of the file. Throws only when the file cannot be read
    /// at all (it does not exist); damaged parts come back as `.skipped`.
    func next() throws -> InputItem?
    /// Records seen but not yielded, by kind (e.g. `warc_request`, `warc_metadata`).
    var skippedCounts: [String: Int] { get }
}

/// Limits and options of the input readers.
public struct ReaderOptions: Sendable {
    /// A record (or JSON line) larger than this is skipped with reason `record_too_large`.
    public var maxRecordBytes: Int64 = 64 << 20
    /// The name recorded as each document's `source`.
    public var sourceName: String = "web"
    /// JSON Lines rows keep `text` undecoded until it is read (`Document.text`); only for rows
    /// Sieve wrote itself (an earlier stage's output), whose text is valid UTF-8 and whose rows
    /// are canonical: a row nothing changed is written back verbatim (`Document.appendJSONLine`).
    public var lazyText = false
    public init() {}
}

/// The input formats Sieve reads, by file name.
public enum InputFormat: String, Sendable, CaseIterable {
    case warc, jsonl, parquet

    /// `x.warc`, `x.warc.gz`, `x.warc.zst`, `x.wet.gz` → warc; `x.jsonl`, `x.json.gz`, `x.jsonl.zst` → jsonl;
    /// `x.parquet` → parquet (read by SieveParquet's `ParquetRecordSource`).
    public static func detect(path: String) -> InputFormat? {
        let name = FileSystem.basename(path).lowercased()
        if name.hasSuffix(".parquet") || name.hasSuffix(".pq") { return .parquet }
        var stem = name
        for ext in [".gz", ".zst"] where stem.hasSuffix(ext) { stem.removeLast(ext.count) }
        if stem.hasSuffix(".warc") || stem.hasSuffix(".wet") || stem.hasSuffix(".arc") { return .warc }
        if stem.hasSuffix(".jsonl") || stem.hasSuffix(".json") || stem.hasSuffix(".ndjson") { return .jsonl }
        return nil
    }
}

/// Opens an input file with the reader for its format. Parquet is read by SieveParquet
/// (`ParquetRecordSource`), which SieveIO does not depend on: callers that accept Parquet
/// dispatch to it themselves (SievePipeline's `openDocumentInput`).
public func openInput(path: String, format: InputFormat? = nil, options: ReaderOptions = ReaderOptions()) throws -> RecordSource {
    guard let f = format ?? InputFormat.detect(path: path) else {
        throw InputError(path: path, offset: 0,
                         message: "unknown input format (expected .warc[.gz|.zst], .wet.gz, .jsonl[.gz|.zst] or .parquet); set `format:` in pipeline.yaml")
    }
    switch f {
    case .warc: return try WARCReader(path: path, options: options)
    case .jsonl: return try JSONLReader(path: path, options: options)
    case .parquet:
        throw InputError(path: path, offset: 0, message: "Parquet inputs are read by SieveParquet (ParquetRecordSource), not openInput")
    }
}
