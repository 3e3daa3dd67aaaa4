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
            guard let rawTextRange, !decoded, let rawLine else { return storedText }
            return Document.decodeLiteral(rawLine, rawTextRange)
        }
        set {
            storedText = newValue
            rawTextRange = nil
            rowIntact = false
            decoded = false
            if rawMetadataRange == nil { rawLine = nil }
        }
    }
    public var source: String { didSet { rowIntact = false } }
    public var created: String? { didSet { rowIntact = false } }
    /// The metadata object. A lazily read row keeps its metadata as the literal it was read
    /// from (see `init(lazyJSONLine:)`) until the whole object is read or changed through this
    /// property: reading it parses the literal on every access. `metadataValue(forKey:)` and
    /// `setMetadataValue(_:forKey:)` read or add one key without parsing the rest.
    /// Assigning or mutating the metadata in place (`doc.metadata["k"] = v`) makes the row be
    /// re-serialised when written.
    public var metadata: JSONObject {
        get {
            guard let rawMetadataRange, let rawLine else { return storedMetadata }
            var o = Document.parseMetadata(rawLine, rawMetadataRange)
            for (k, v) in storedMetadata { o[k] = v }
            return o
        }
        set {
            storedMetadata = newValue
            rawMetadataRange = nil
            rowIntact = false
            if rawTextRange == nil { rawLine = nil }
        }
        _modify {
            if rawMetadataRange != nil {
                storedMetadata = metadata
                rawMetadataRange = nil
                if rawTextRange == nil { rawLine = nil }
            }
            rowIntact = false
            yield &storedMetadata
        }
    }
    /// Other top-level fields of an input row (Dolma's `added`, `version`, …), kept as they were.
    public var extra: JSONObject { didSet { rowIntact = false } }

    private var storedText: String
    /// The metadata; while `rawMetadataRange` is set, only the keys added after the literal
    /// (none of which the literal has).
    private var storedMetadata: JSONObject
    /// The whole row a lazily read document came from (without its newline), while its text
    /// or metadata literal is in use.
    private var rawLine: [UInt8]?
    /// The text's JSON string literal (quotes included) in `rawLine`, while the text is unchanged.
    private var rawTextRange: Range<Int>?
    /// The metadata's object literal in `rawLine`, while the metadata is neither read whole nor
    /// changed other than by added keys.
    private var rawMetadataRange: Range<Int>?
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
        self.storedMetadata = metadata
        self.extra = extra
    }

    /// The URL in `metadata.url`, if any.
    public var url: String? { metadataValue(forKey: "url")?.stringValue }

    /// One metadata value. For a lazily read row, only this key's value is parsed.
    public func metadataValue(forKey key: String) -> JSONValue? {
        guard let rawMetadataRange, let rawLine else { return storedMetadata[key] }
        if let v = storedMetadata[key] { return v }
        return rawLine.withUnsafeBytes {
            JSONParser.value(forKey: key, inObject: UnsafeRawBufferPointer(rebasing: $0[rawMetadataRange]))
        }
    }

    /// Sets one metadata value (nil removes the key), as `metadata[key] = value` does. For a
    /// lazily read row, a key the row does not have is added after its metadata literal, which
    /// stays unparsed.
    public mutating func setMetadataValue(_ value: JSONValue?, forKey key: String) {
        if let rawMetadataRange, let rawLine, storedMetadata[key] != nil || !rawLine.withUnsafeBytes({
            JSONParser.value(forKey: key, inObject: UnsafeRawBufferPointer(rebasing: $0[rawMetadataRange])) != nil
        }) {
            storedMetadata[key] = value
            rowIntact = false
            return
        }
        metadata[key] = value
    }

    /// UTF-8 size of `text` (without decoding a lazily read text).
    public var textBytes: Int { rawTextRange == nil ? storedText.utf8.count : rawTextBytes }

    /// True while the text is still the undecoded literal of the row it was read from.
    public var hasUndecodedText: Bool { rawTextRange != nil && !decoded }

    /// True while the document is unchanged since it was read lazily, so `appendJSONLine`
    /// writes the row it was read from verbatim.
    public var isRawRowIntact: Bool { rowIntact }

    /// Decodes a lazily read text once, so later reads of `text` cost nothing. The literal is
    /// kept for writing the row back while the text stays unchanged.
    public mutating func loadText() {
        guard let rawLine, let rawTextRange, !decoded else { return }
        storedText = Document.decodeLiteral(rawLine, rawTextRange)
        decoded = true
    }

    private static func decodeLiteral(_ line: [UInt8], _ range: Range<Int>) -> String {
        // The literal was checked when the row was read. Lazy rows are rows an earlier stage
        // wrote from Swift strings (JSONLReader's `lazyText`, read through zstd's checksum), so
        // the literal is valid UTF-8 and is not validated again.
        line.withUnsafeBytes { (try? JSONParser.parseTrusted(UnsafeRawBufferPointer(rebasing: $0[range])))?.stringValue ?? "" }
    }

    private static func parseMetadata(_ line: [UInt8], _ range: Range<Int>) -> JSONObject {
        // The literal was checked when the row was read.
        line.withUnsafeBytes { (try? JSONParser.parse(UnsafeRawBufferPointer(rebasing: $0[range])))?.objectValue ?? JSONObject() }
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
        if let rawLine, let rawTextRange {
            rawLine.withUnsafeBytes { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[rawTextRange])) }
        } else { JSONWriter.appendString(storedText, to: &out) }
        out.append(contentsOf: #","source":"#.utf8)
        JSONWriter.appendString(source, to: &out)
        out.append(contentsOf: #","created":"#.utf8)
        if let created { JSONWriter.appendString(created, to: &out) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: #","metadata":"#.utf8)
        if let rawLine, let rawMetadataRange {
            // The literal, then the added keys before its closing brace (an object literal
            // has a key exactly when it has a quote).
            let literal = rawMetadataRange.lowerBound..<(rawMetadataRange.upperBound - 1)
            var first = true
            rawLine.withUnsafeBytes {
                let bytes = UnsafeRawBufferPointer(rebasing: $0[literal])
                out.append(contentsOf: bytes)
                first = !bytes.contains(UInt8(ascii: "\""))
            }
            for (k, v) in storedMetadata {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                JSONWriter.appendString(k, to: &out)
                out.append(UInt8(ascii: ":"))
                JSONWriter.append(v, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        } else {
            JSONWriter.appendObject(storedMetadata, to: &out)
        }
        for (k, v) in extra {
            out.append(UInt8(ascii: ","))
            JSONWriter.appendString(k, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONWriter.append(v, to: &out)
        }
        out.append(contentsOf: "}\n".utf8)
    }

    /// Reads a row, leaving a string `text` and an object `metadata` unparsed (see `text` and
    /// `metadata`): for rows Sieve wrote itself (canonical JSON, valid UTF-8), read by stages
    /// that may look at neither. Malformed rows throw as with `init(jsonLine:)`. Both literals
    /// are written back as read while unchanged (keys added to the metadata go after its
    /// literal), so a row that is not canonical stays so there.
    public init(lazyJSONLine bytes: UnsafeRawBufferPointer, fallbackID: @autoclosure () -> String,
                defaultSource: String) throws {
        let row = try JSONParser.parseRow(bytes)
        var o = row.object
        var rawMetadata = row.metadata
        if let m = rawMetadata, row.text == nil || o["url"] != nil {
            // A top-level `url` is moved into the metadata unless it has one: parse it to decide.
            o["metadata"] = (try? JSONParser.parse(UnsafeRawBufferPointer(rebasing: bytes[m]))) ?? .object(JSONObject())
            rawMetadata = nil
        }
        guard let text = row.text else {
            try self.init(row: o, fallbackID: fallbackID(), defaultSource: defaultSource)
            return
        }
        // `o` has no "text" (nor a raw "metadata"): no copy of the row to add them.
        self.init(fields: o, text: "", fallbackID: fallbackID(), defaultSource: defaultSource)
        rawLine = [UInt8](bytes)
        rawTextRange = text.range
        rawTextBytes = text.decodedCount
        rawMetadataRange = rawMetadata
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
