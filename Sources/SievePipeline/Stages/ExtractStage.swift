import SieveExtract
import SieveIO

/// `extract`: WARC/WET records → documents (HTML → main text); JSON Lines rows pass through.
///
/// Options: `max_page_bytes` (default 10MiB): larger pages are dropped with `page_too_large`.
final class ExtractStage: PageStage {
    static let definition = StageDefinition(
        name: "extract",
        summary: "WARC/WET records → text documents (HTML main text, charset → UTF-8); JSONL rows pass through",
        make: { opts, _ in
            var o = ExtractOptions()
            o.maxPageBytes = Int(try opts.size("max_page_bytes", default: Int64(o.maxPageBytes)))
            return ExtractStage(extractor: HTMLExtractor(options: o))
        })

    let extractor: HTMLExtractor
    init(extractor: HTMLExtractor) { self.extractor = extractor }

    func process(_ doc: inout Document) throws -> Verdict { .keep }

    func process(page: WebPage, source: String, input: String) -> PageResult {
        switch extractor.extract(page) {
        case .rejected(let reason, var detail):
            if let status = page.httpStatus, detail["status"] == nil { detail["http_status"] = .int(Int64(status)) }
            return .drop(id: page.id, url: page.url, reason: reason, detail: detail, bytes: page.body.count)
        case .text(let text, let extra):
            var meta = JSONObject()
            meta["url"] = .string(page.url)
            meta["warc_file"] = .string(FileSystem.basename(input))
            meta["warc_offset"] = .int(page.fileOffset)
            meta["warc_type"] = .string(page.recordType)
            if let ct = page.contentType { meta["content_type"] = .string(ct) }
            for (k, v) in extra { meta[k] = v }
            return .document(Document(id: page.id, text: text, source: source, created: page.date, metadata: meta))
        }
    }
}
