// WARC 1.0/1.1 reader: the pages of response, resource and conversion records.

/// Streaming reader of WARC/WET files (`.warc`, `.warc.gz`, `.warc.zst`) as web pages.
///
/// - `response` records with an HTTP payload: the status line and headers are parsed, the body
///   is de-chunked and its Content-Encoding (gzip, deflate) decoded; every status is yielded
///   (the pipeline decides), with `httpStatus` set.
/// - `resource` and WET `conversion` records: the block as is, typed by the WARC Content-Type
///   (`text/plain` for WET conversions without one).
/// - `request`, `revisit`, `metadata`, `warcinfo` and unknown types: counted in `skippedCounts`
///   as `warc_<type>`, not yielded.
/// - Damaged input comes back as `.skipped` (see `WARCRecordReader`), plus `bad_http_headers`,
///   `bad_content_encoding` and `record_too_large` for payloads that cannot be decoded.
public final class WARCReader: RecordSource {
    public let path: String
    public private(set) var skippedCounts: [String: Int] = [:]
    private let records: WARCRecordReader
    private let decoder = ContentDecoder()
    private let options: ReaderOptions

    public init(path: String, options: ReaderOptions = ReaderOptions()) throws {
        self.path = path
        self.options = options
        records = try WARCRecordReader(path: path, options: options)
    }

    public func next() throws -> InputItem? {
        while let entry = records.next() {
            switch entry {
            case .bad(let s):
                return .skipped(s)
            case .record(let h):
                switch h.type {
                case "response", "resource", "conversion":
                    return records.withPayload { decodePage(header: h, block: $0, decoder: decoder, limit: options.maxRecordBytes) }
                default:
                    skippedCounts["warc_\(h.type.isEmpty ? "unknown" : h.type)", default: 0] += 1
                }
            }
        }
        return nil
    }
}

/// Whether a record's block holds an HTTP message (as warcio decides: a response/request/revisit
/// record with an http(s) target URI, or an `application/http` WARC Content-Type).
func warcBlockIsHTTP(_ h: WARCRecordHeader) -> Bool {
    guard h.type == "response" || h.type == "revisit" || h.type == "request" else { return false }
    if HTTPPayload.hasPrefixIgnoringCase(h.contentType, "application/http") { return true }
    return HTTPPayload.hasPrefixIgnoringCase(h.targetURI, "http:") || HTTPPayload.hasPrefixIgnoringCase(h.targetURI, "https:")
}

/// Turns a `response`, `resource` or `conversion` record into a page (or a skipped record).
func decodePage(header h: WARCRecordHeader, block: UnsafeRawBufferPointer, decoder: ContentDecoder,
                limit: Int64) -> InputItem {
    let id = h.id ?? "<offset:\(h.fileOffset)>"
    let url = h.targetURI ?? ""
    func skipped(_ reason: String, _ detail: JSONObject = JSONObject()) -> InputItem {
        .skipped(SkippedRecord(id: h.id, url: h.targetURI, fileOffset: h.fileOffset, reason: reason, detail: detail))
    }
    if h.type == "response" && warcBlockIsHTTP(h) {
        guard let head = HTTPPayload.parseResponseHead(block) else { return skipped("bad_http_headers") }
        let (ctype, charset) = HTTPPayload.splitContentType(head.contentType ?? h.identifiedPayloadType)
        let bodyRaw = UnsafeRawBufferPointer(rebasing: block[head.bodyOffset...])
        var body: [UInt8]
        do {
            if head.chunked {
                let dechunked = HTTPPayload.dechunk(bodyRaw)
                body = head.contentEncoding == nil ? dechunked : try dechunked.withUnsafeBytes {
                    try decoder.decode($0, encoding: head.contentEncoding, limit: Int(clamping: limit))
                }
            } else {
                body = try decoder.decode(bodyRaw, encoding: head.contentEncoding, limit: Int(clamping: limit))
            }
        } catch BodyDecodeError.tooLarge {
            return skipped("record_too_large", ["limit_bytes": .int(limit)])
        } catch {
            return skipped("bad_content_encoding", ["encoding": .string(head.contentEncoding ?? "")])
        }
        return .page(WebPage(id: id, url: url, date: h.date, fileOffset: h.fileOffset, recordType: h.type,
                             httpStatus: head.status, contentType: ctype, charset: charset, body: body))
    }
    var (ctype, charset) = HTTPPayload.splitContentType(h.contentType)
    if h.type == "conversion" && ctype == nil { ctype = "text/plain" }
    return .page(WebPage(id: id, url: url, date: h.date, fileOffset: h.fileOffset, recordType: h.type,
                         httpStatus: nil, contentType: ctype, charset: charset, body: Array(block)))
}

/// What an index line says about a record (see `sieve warc index`).
public struct WARCRecordSummary: Sendable {
    /// HTTP status of records holding an HTTP response (response, revisit).
    public var status: Int?
    /// HTTP media type for HTTP responses, else the WARC Content-Type's media type (lowercased).
    public var contentType: String?
    /// SHA-256 (hex) of the decoded page body, when asked for and decodable.
    public var bodySHA256: String?
    /// Why the page body could not be decoded (a skip reason), when asked for.
    public var bodyError: String?

    /// Summarises a record from its header and block; `decodeBody` decodes page bodies
    /// (response, resource, conversion) as `WARCReader` does, and hashes them when `hashBody`.
    public init(header h: WARCRecordHeader, block: UnsafeRawBufferPointer, decodeBody: Bool, hashBody: Bool = true,
                decoder: ContentDecoder, limit: Int64) {
        if warcBlockIsHTTP(h) && h.type != "request", let head = HTTPPayload.parseResponseHead(block) {
            status = head.status
            contentType = HTTPPayload.splitContentType(head.contentType ?? h.identifiedPayloadType).type
        } else {
            contentType = HTTPPayload.splitContentType(h.contentType).type
        }
        guard decodeBody, h.type == "response" || h.type == "resource" || h.type == "conversion" else { return }
        switch decodePage(header: h, block: block, decoder: decoder, limit: limit) {
        case .page(let p): if hashBody { bodySHA256 = SHA256.hexDigest(p.body) }
        case .skipped(let s): bodyError = s.reason
        case .document: break
        }
    }
}
