// The document row that flows between stages, and the audit row that records a decision.

/// A document, serialised as a Dolma-compatible row:
/// `{"id","text","source","created","metadata":{"url","lang",...}}`.
///
/// `id` is stable and content-independent: the WARC-Record-ID, else input name + record
/// index; JSON Lines inputs keep their own `id`.
public struct Document: Sendable, Equatable {
    public var id: String { didSet { rowIntact = false } }
    /// The document's text. A row read with `lazyText` keeps its text as the JSON literal it was
    /// read from: until `loadText()` is called, reading the text decodes the literal on every
    /// access. As long as the text is not assigned, the row is written back with that literal
    /// byte for byte (no re-escaping), decoded or not.
    public var text: String {
        get {
            guard let rawLine, !decoded else { return storedText }
            return Document.decodeLiteral(rawLine, rawTextRange)
        }
        set {
            storedText = newValue
            rawLine = nil
            rawTextRange = 0..<0
            rowIntact = false
            decoded = false
        }
    }
    public var source: String { didSet { rowIntact = false } }
    public var created: String? { didSet { rowIntact = false } }
    /// Assigning or mutating the metadata in place (`doc.metadata["k"] = v`) makes the row be
    /// re-serialised when written.
    public var metadata: JSONObject { didSet { rowIntact = false } }
    /// Other top-level fields of an input row (Dolma's `added`, `version`, …), kept as they were.
    public var extra: JSONObject { didSet { rowIntact = false } }

    private var storedText: String
    /// The whole row a lazily read document came from (without its newline), while the text is
    /// unchanged: `rawTextRange` is the text's JSON string literal (quotes included) in it.
    private var rawLine: [UInt8]?
    private var rawTextRange: Range<Int> = 0..<0
    /// True while nothing about a lazily read document changed since it was read: the row is
    /// then written back as `rawLine`, verbatim. Only rows Sieve wrote itself are read lazily,
    /// and those are canonical (re-serialising them gives the same bytes).
    private var rowIntact = false
    /// True once `loadText()` decoded the text literal into `storedText`.
    private var decoded = false
    /// UTF-8 size of the decoded text literal.
    private var rawTextBytes = 0

    public init(id: String, text: String, source: String, created: String? = nil,
                metadata: JSONObject = JSONObject(), extra: JSONObject = JSONObject()) {
        self.id = id
        self.storedText = text
        self.source = source
        self.created = created
        self.metadata = metadata
        self.extra = extra
    }

    /// The URL in `metadata.url`, if any.
    public var url: String? { metadata["url"]?.stringValue }

    /// UTF-8 size of `text` (without decoding a lazily read text).
    public var textBytes: Int { rawLine == nil ? storedText.utf8.count : rawTextBytes }

    /// True while the text is still the undecoded literal of the row it was read from.
    public var hasUndecodedText: Bool { rawLine != nil && !decoded }

    /// True while the document is unchanged since it was read lazily, so `appendJSONLine`
    /// writes the row it was read from verbatim.
    public var isRawRowIntact: Bool { rowIntact }

    /// Decodes a lazily read text once, so later reads of `text` cost nothing. The literal is
    /// kept for writing the row back while the text stays unchanged.
    public mutating func loadText() {
        guard let rawLine, !decoded else { return }
        storedText = Document.decodeLiteral(rawLine, rawTextRange)
        decoded = true
    }

    private static func decodeLiteral(_ line: [UInt8], _ range: Range<Int>) -> String {
        // The literal was checked when the row was read.
        line.withUnsafeBytes { (try? JSONParser.parse(UnsafeRawBufferPointer(rebasing: $0[range])))?.stringValue ?? "" }
    }

    public static func == (a: Document, b: Document) -> Bool {
        a.id == b.id && a.text == b.text && a.source == b.source && a.created == b.created
            && a.metadata == b.metadata && a.extra == b.extra
    }

    /// Appends the row as one JSON line (with the trailing newline).
    public func appendJSONLine(to out: inout [UInt8]) {
        if rowIntact, let rawLine {
            out.append(contentsOf: rawLine)
            out.append(UInt8(ascii: "\n"))
            return
        }
        out.append(contentsOf: #"{"id":"#.utf8)
        JSONWriter.appendString(id, to: &out)
        out.append(contentsOf: #","text":"#.utf8)
        if let rawLine {
            rawLine.withUnsafeBytes { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[rawTextRange])) }
        } else { JSONWriter.appendString(storedText, to: &out) }
        out.append(contentsOf: #","source":"#.utf8)
        JSONWriter.appendString(source, to: &out)
        out.append(contentsOf: #","created":"#.utf8)
        if let created { JSONWriter.appendString(created, to: &out) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: #","metadata":"#.utf8)
        JSONWriter.appendObject(metadata, to: &out)
        for (k, v) in extra {
            out.append(UInt8(ascii: ","))
            JSONWriter.appendString(k, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONWriter.append(v, to: &out)
        }
        out.append(contentsOf: "}\n".utf8)
    }

    /// Reads a row, leaving a string `text` undecoded (see `text`): for rows Sieve wrote itself
    /// (valid UTF-8), read by stages that may not look at the text.
    public init(lazyJSONLine bytes: UnsafeRawBufferPointer, fallbackID: @autoclosure () -> String,
                defaultSource: String) throws {
        let (o, raw) = try JSONParser.parseObject(bytes, rawStringKey: "text")
        guard let raw else {
            try self.init(row: o, fallbackID: fallbackID(), defaultSource: defaultSource)
            return
        }
        // `o` has no "text" (the parser left the literal out): no copy of the row to add one.
        self.init(fields: o, text: "", fallbackID: fallbackID(), defaultSource: defaultSource)
        rawLine = [UInt8](bytes)
        rawTextRange = raw.range
        rawTextBytes = raw.decodedCount
        rowIntact = true
    }

    /// Reads a row. `text` is required; a missing `id` is filled by the caller's fallback.
    public init(jsonLine bytes: UnsafeRawBufferPointer, fallbackID: @autoclosure () -> String,
                defaultSource: String) throws {
        guard case .object(let o) = try JSONParser.parse(bytes) else {
            throw DocumentRowError.notAnObject
        }
        try self.init(row: o, fallbackID: fallbackID(), defaultSource: defaultSource)
    }

    public init(row o: JSONObject, fallbackID: @autoclosure () -> String, defaultSource: String) throws {
        guard let text = o["text"]?.stringValue else { throw DocumentRowError.missingText }
        self.init(fields: o, text: text, fallbackID: fallbackID(), defaultSource: defaultSource)
    }

    /// The fields of row `o` other than `text` (which the caller took from it).
    private init(fields o: JSONObject, text: String, fallbackID: @autoclosure () -> String, defaultSource: String) {
        var id: String
        switch o["id"] {
        case .string(let s)?: id = s
        case .int(let i)?: id = String(i)
        default: id = fallbackID()
        }
        if id.isEmpty { id = fallbackID() }
        var metadata = o["metadata"]?.objectValue ?? JSONObject()
        var extra = JSONObject()
        for (k, v) in o {
            switch k {
            case "id", "text", "source", "created", "metadata": continue
            // Common flat layouts (FineWeb: url, date, …) keep their URL in metadata.
            case "url" where metadata["url"] == nil: metadata["url"] = v
            default: extra[k] = v
            }
        }
        self.init(id: id, text: text, source: o["source"]?.stringValue ?? defaultSource,
                  created: o["created"]?.stringValue, metadata: metadata, extra: extra)
    }
}

public enum DocumentRowError: Error, CustomStringConvertible, Sendable {
    case notAnObject
    case missingText
    public var description: String {
        switch self {
        case .notAnObject: return "the line is not a JSON object"
        case .missingText: return "the row has no string field \"text\""
        }
    }
}

/// One decision about one document: `{"id","url","stage","action","reason","detail"}`.
///
/// The detail holds measured values, thresholds and offsets — never the personal data itself.
public struct AuditRow: Sendable, Equatable {
    public enum Action: String, Sendable { case drop, modify, skip }
    public var id: String
    public var url: String?
    public var stage: String
    public var action: Action
    public var reason: String
    public var detail: JSONObject
    /// UTF-8 bytes of the document's text when the decision was taken (for the funnel).
    public var bytes: Int

    public init(id: String, url: String?, stage: String, action: Action, reason: String,
                detail: JSONObject = JSONObject(), bytes: Int = 0) {
        self.id = id
        self.url = url
        self.stage = stage
        self.action = action
        self.reason = reason
        self.detail = detail
        self.bytes = bytes
    }

    public func appendJSONLine(to out: inout [UInt8]) {
        var o = JSONObject()
        o["id"] = .string(id)
        o["url"] = url.map(JSONValue.string) ?? .null
        o["stage"] = .string(stage)
        o["action"] = .string(action.rawValue)
        o["reason"] = .string(reason)
        o["detail"] = .object(detail)
        o["bytes"] = .int(Int64(bytes))
        JSONWriter.appendObject(o, to: &out)
        out.append(UInt8(ascii: "\n"))
    }

    public init(row o: JSONObject) throws {
        guard let id = o["id"]?.stringValue, let stage = o["stage"]?.stringValue,
              let a = o["action"]?.stringValue, let action = Action(rawValue: a),
              let reason = o["reason"]?.stringValue
        else { throw DocumentRowError.notAnObject }
        self.init(id: id, url: o["url"]?.stringValue, stage: stage, action: action, reason: reason,
                  detail: o["detail"]?.objectValue ?? JSONObject(), bytes: Int(o["bytes"]?.intValue ?? 0))
    }
}
