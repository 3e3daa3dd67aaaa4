// SieveExtract: web page (HTML or plain text, any common charset) → main text, UTF-8.
//
// One libxml2 parse and one iterative tree walk per page. The walk writes the text of each
// line (paragraph, heading, list item, table row) into one byte buffer and records, per line,
// how much of it is link text; containers (div, section, article, main, td, …) remember which
// lines they hold. Boilerplate is then dropped line by line (link-dense lines, lines inside
// boilerplate-named containers) and the main content container is chosen from those counts.
import CLibXML2
import CXMLAlloc
import SieveIO

/// Knobs of the HTML → text extractor. Defaults follow what matched trafilatura best on real pages.
public struct ExtractOptions: Sendable {
    /// Bodies larger than this are rejected with `page_too_large`.
    public var maxPageBytes: Int = 10 << 20
    /// Extracted text shorter than this (in UTF-8 bytes) is rejected with `no_text`; 0 rejects only empty text.
    public var minTextBytes: Int = 0
    /// A line whose link text is more than this share of its text is dropped (menus, tag clouds).
    public var maxLinkDensity: Double = 0.5
    /// Prefer `<article>`/`<main>`/`role=main` (and otherwise the smallest container holding
    /// `mainContentShare` of the page's text) over the whole body.
    public var preferMainContent: Bool = true
    /// Share of the page's kept text that the chosen main container must hold.
    public var mainContentShare: Double = 0.7
    /// Share of the page's paragraph text that a named content container (article body class,
    /// `<article>`, `<main>`, …) must hold to be chosen.
    public var namedContentShare: Double = 0.3
    /// Lines at least this long (UTF-8 bytes of non-link text) count as paragraphs when choosing
    /// the main content container.
    public var paragraphMinBytes: Int = 40
    /// Drop containers whose class/id name boilerplate (cookie, share, sidebar, comments, …)
    /// unless they hold most of the page's text.
    public var dropBoilerplateClasses: Bool = true
    /// How far into the body to look for `<meta charset>`.
    public var metaPrescanBytes: Int = 4096
    public init() {}
}

/// The result of extracting one page.
public enum ExtractOutcome: Sendable {
    /// The main text (UTF-8, lines joined with "\n") and metadata such as `charset`, `title`.
    case text(String, metadata: JSONObject)
    /// The page yields no text; `reason` is machine-readable (`unsupported_content_type`,
    /// `page_too_large`, `http_status`, `no_text`, `bad_charset`).
    case rejected(reason: String, detail: JSONObject)
}

/// HTML → main text. One instance can serve any number of pages, from any number of threads at
/// once; it keeps a few libxml2 parser contexts and walk buffers for reuse between pages.
public struct HTMLExtractor: Sendable {
    public let options: ExtractOptions
    private let walkers: WalkerPool

    public init(options: ExtractOptions = .init()) {
        self.options = options
        self.walkers = WalkerPool(options: options)
        _ = Self.libxml2Ready
    }

    /// libxml2's global state, initialized once before any thread parses (its lazy
    /// initialization is not safe to race). Its allocator is set first, before libxml2 allocates
    /// anything: the parser's many tiny per-tag and per-attribute blocks come from per-thread
    /// caches (CXMLAlloc) instead of malloc.
    static let libxml2Ready: Bool = {
        _ = xmlGcMemSetup(cxmlalloc_free, cxmlalloc_malloc, cxmlalloc_malloc, cxmlalloc_realloc, cxmlalloc_strdup)
        xmlInitParser()
        return true
    }()

    /// Extracts the main text of a page, or says why there is none.
    public func extract(_ page: WebPage) -> ExtractOutcome {
        if page.recordType == "response", let status = page.httpStatus, !(200...299).contains(status) {
            return .rejected(reason: "http_status", detail: ["status": .int(Int64(status))])
        }
        if page.body.count > options.maxPageBytes {
            return .rejected(reason: "page_too_large",
                             detail: ["bytes": .int(Int64(page.body.count)), "limit": .int(Int64(options.maxPageBytes))])
        }
        let ct = (page.contentType ?? "").lowercased()
        let kind: PageKind
        switch ct {
        case "text/html", "application/xhtml+xml", "application/xml+xhtml":
            kind = .html
        case "text/plain":
            kind = .plain
        case "":
            if page.recordType == "conversion" { kind = .plain }
            else if page.body.withUnsafeBytes({ Self.sniffsAsHTML($0) }) { kind = .html }
            else { return .rejected(reason: "unsupported_content_type", detail: ["content_type": ""]) }
        default:
            return .rejected(reason: "unsupported_content_type", detail: ["content_type": .string(ct)])
        }
        return page.body.withUnsafeBytes { raw in
            extract(bytes: raw, kind: kind, httpCharset: page.charset)
        }
    }

    /// Extracts from raw bytes (`html: false` treats them as plain text). `charset` plays the
    /// role of the HTTP header's charset.
    public func extract(bytes raw: UnsafeRawBufferPointer, html: Bool = true, charset: String? = nil) -> ExtractOutcome {
        if raw.count > options.maxPageBytes {
            return .rejected(reason: "page_too_large",
                             detail: ["bytes": .int(Int64(raw.count)), "limit": .int(Int64(options.maxPageBytes))])
        }
        return extract(bytes: raw, kind: html ? .html : .plain, httpCharset: charset)
    }

    enum PageKind { case html, plain }

    private func extract(bytes raw: UnsafeRawBufferPointer, kind: PageKind, httpCharset: String?) -> ExtractOutcome {
        // 1. Charset.
        var encoding: Encoding?
        var source = CharsetSource.http
        var skip = 0
        if let (e, n) = Charset.sniffBOM(raw) {
            // A BOM is unambiguous and wins over labels (as in browsers).
            encoding = e; source = .bom; skip = n
        }
        if encoding == nil, let label = httpCharset, let e = Charset.encoding(forLabel: label) {
            encoding = e; source = .http
        }
        if encoding == nil, kind == .html, let label = Charset.prescanMeta(raw, limit: options.metaPrescanBytes),
           var e = Charset.encoding(forLabel: label) {
            // A meta tag read as ASCII cannot truthfully say UTF-16.
            if e.name.hasPrefix("utf-16") { e = .utf8 }
            encoding = e; source = .meta
        }
        let body = UnsafeRawBufferPointer(rebasing: raw[skip...])
        let valid = (encoding == nil || encoding == .utf8) ? Charset.isValidUTF8(body) : false
        if encoding == nil {
            if valid { encoding = .utf8; source = .utf8 } else { encoding = .windows1252; source = .fallback }
        }
        let enc = encoding ?? .utf8
        var metadata: JSONObject = ["charset": .string(enc.name), "charset_source": .string(source.rawValue)]

        // 2. Transcode (valid UTF-8 is used in place).
        var converted: [UInt8]?
        if !(enc == .utf8 && valid) {
            converted = Charset.transcode(body, from: enc)
            if converted == nil {
                return .rejected(reason: "bad_charset", detail: ["charset": .string(enc.name)])
            }
        }

        // 3. Text.
        let work: (UnsafeRawBufferPointer) -> ExtractOutcome = { utf8 in
            switch kind {
            case .plain:
                let text = String(decoding: utf8, as: UTF8.self)
                return self.finish(text: text, bytes: utf8.count, metadata: metadata)
            case .html:
                guard let out = self.walkers.withWalker({ $0.run(utf8) }) else {
                    return .rejected(reason: "no_text", detail: ["bytes": 0, "parse": "failed"])
                }
                if let title = out.title, !title.isEmpty { metadata["title"] = .string(title) }
                return self.finish(text: out.text, bytes: out.text.utf8.count, metadata: metadata)
            }
        }
        if let converted { return converted.withUnsafeBytes(work) }
        return work(body)
    }

    private func finish(text: String, bytes: Int, metadata: JSONObject) -> ExtractOutcome {
        if bytes == 0 || bytes < options.minTextBytes {
            var d: JSONObject = ["bytes": .int(Int64(bytes))]
            if options.minTextBytes > 0 { d["min"] = .int(Int64(options.minTextBytes)) }
            if let c = metadata["charset"] { d["charset"] = c }
            return .rejected(reason: "no_text", detail: d)
        }
        return .text(text, metadata: metadata)
    }

    /// True if the first bytes (after whitespace) look like HTML markup.
    static func sniffsAsHTML(_ b: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        while i < b.count, b[i] == 32 || b[i] == 9 || b[i] == 10 || b[i] == 13 || b[i] == 12 { i += 1 }
        guard i < b.count, b[i] == UInt8(ascii: "<") else { return false }
        let tags: [String] = ["!doctype html", "html", "head", "body", "script", "iframe", "h1", "div",
                              "font", "table", "a", "style", "title", "b", "br", "p", "!--", "meta"]
        for t in tags {
            let u = Array(t.utf8)
            guard i + 1 + u.count <= b.count else { continue }
            var ok = true
            for k in 0..<u.count {
                var c = b[i + 1 + k]
                if c >= 65 && c <= 90 { c |= 0x20 }
                if c != u[k] { ok = false; break }
            }
            if !ok { continue }
            if t == "!--" { return true }
            let j = i + 1 + u.count
            if j >= b.count { return true }
            let c = b[j]
            if c == 32 || c == 62 || c == 9 || c == 10 || c == 13 || c == 12 || c == 47 { return true }
        }
        return false
    }
}
