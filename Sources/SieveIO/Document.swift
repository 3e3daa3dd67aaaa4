// The document row that flows between stages, and the audit row that records a decision.

/// A document, serialised as a Dolma-compatible row:
/// `{"id","text","source","created","metadata":{"url","lang",...}}`.
///
/// `id` is stable and content-independent: the WARC-Record-ID, else input name + record
/// index; JSON Lines inputs keep their own `id`.
public struct Document: Sendable, Equatable {
    public var id: String
    /// The document's text. A row read with `lazyText` keeps its text as the JSON literal it was
    /// read from: until `loadText()` is called, reading the text decodes the literal on every
    /// access. As long as the text is not assigned, the row is written back with that literal
    /// byte for byte (no re-escaping), decoded or not.
    public var text: String {
        get {
            guard let rawText, !decoded else { return storedText }
            return Document.decodeLiteral(rawText)
        }
        set {
            storedText = newValue
            rawText = nil
            decoded = false
        }
    }
    public var source: String
    public var created: String?
    public var metadata: JSONObject
    /// Other top-level fields of an input row (Dolma's `added`, `version`, …), kept as they were.
    public var extra: JSONObject

    private var storedText: String
    /// `text` as the JSON string literal it was read from (quotes included), while the text is
    /// unchanged.
    private var rawText: [UInt8]?
    /// True once `loadText()` decoded `rawText` into `storedText`.
    private var decoded = false
    /// UTF-8 size of the decoded `rawText`.
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
    public var textBytes: Int { rawText == nil ? storedText.utf8.count : rawTextBytes }

    /// True while the text is still the undecoded literal of the row it was read from.
    public var hasUndecodedText: Bool { rawText != nil && !decoded }

    /// Decodes a lazily read text once, so later reads of `text` cost nothing. The literal is
    /// kept for writing the row back while the text stays unchanged.
    public mutating func loadText() {
        guard let rawText, !decoded else { return }
        storedText = Document.decodeLiteral(rawText)
        decoded = true
    }

    private static func decodeLiteral(_ literal: [UInt8]) -> String {
        // The literal was checked when the row was read.
        (try? JSONParser.parse(literal))?.stringValue ?? ""
    }

    public static func == (a: Document, b: Document) -> Bool {
        a.id == b.id && a.text == b.text && a.source == b.source && a.created == b.created
            && a.metadata == b.metadata && a.extra == b.extra
    }

    /// Appends the row as one JSON line (with the trailing newline).
    public func appendJSONLine(to out: inout [UInt8]) {
        out.append(contentsOf: #"{"id":"#.utf8)
        JSONWriter.appendString(id, to: &out)
        out.append(contentsOf: #","text":"#.utf8)
        if let rawText { out.append(contentsOf: rawText) } else { JSONWriter.appendString(storedText, to: &out) }
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
        var row = o
        row["text"] = .string("")
        try self.init(row: row, fallbackID: fallbackID(), defaultSource: defaultSource)
        rawText = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[raw.range]))
        rawTextBytes = raw.decodedCount
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
