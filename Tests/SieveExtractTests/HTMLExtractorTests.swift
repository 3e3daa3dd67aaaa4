import XCTest
import SieveIO
@testable import SieveExtract

final class HTMLExtractorTests: XCTestCase {
    let extractor = HTMLExtractor()

    func page(_ body: [UInt8], contentType: String? = "text/html", charset: String? = nil,
              recordType: String = "response", status: Int? = 200) -> WebPage {
        WebPage(id: "<urn:uuid:x>", url: "http://example.com/", date: nil, fileOffset: 0, recordType: recordType,
                httpStatus: status, contentType: contentType, charset: charset, body: body)
    }

    func page(_ html: String, contentType: String? = "text/html", charset: String? = nil) -> WebPage {
        page(Array(html.utf8), contentType: contentType, charset: charset)
    }

    func text(_ outcome: ExtractOutcome, file: StaticString = #filePath, line: UInt = #line) -> String? {
        switch outcome {
        case .text(let t, _): return t
        case .rejected(let r, let d):
            XCTFail("rejected: \(r) \(JSONWriter.string(.object(d)))", file: file, line: line)
            return nil
        }
    }

    func meta(_ outcome: ExtractOutcome) -> JSONObject? {
        if case .text(_, let m) = outcome { return m }
        return nil
    }

    func reason(_ outcome: ExtractOutcome) -> String? {
        if case .rejected(let r, _) = outcome { return r }
        return nil
    }

    // MARK: Charsets

    /// Each legacy encoding, labelled by `<meta charset>`, by `<meta http-equiv>` and by the HTTP header.
    func testLegacyEncodings() {
        for s in encodedSamples {
            let pre = Array("<html><head><meta charset=\"\(s.label)\"><title>t</title></head><body><p>".utf8)
            let post = Array("</p></body></html>".utf8)
            let o1 = extractor.extract(page(pre + s.bytes + post))
            XCTAssertEqual(text(o1), s.text, "meta charset \(s.label)")
            XCTAssertEqual(meta(o1)?["charset"], .string(s.whatwg), s.label)
            XCTAssertEqual(meta(o1)?["charset_source"], "meta")

            let pre2 = Array("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=\(s.label)\"></head><body><div>".utf8)
            let o2 = extractor.extract(page(pre2 + s.bytes + Array("</div></body></html>".utf8)))
            XCTAssertEqual(text(o2), s.text, "http-equiv \(s.label)")

            let o3 = extractor.extract(page(Array("<p>".utf8) + s.bytes, charset: s.label.lowercased()))
            XCTAssertEqual(text(o3), s.text, "header \(s.label)")
            XCTAssertEqual(meta(o3)?["charset_source"], "http")
        }
    }

    func testHeaderWinsOverMeta() {
        // Bytes are windows-1251; the meta tag lies (koi8-r); the header is right.
        let s = encodedSamples.first { $0.label == "windows-1251" }!
        let body = Array("<meta charset=koi8-r><p>".utf8) + s.bytes
        let o = extractor.extract(page(body, charset: "windows-1251"))
        XCTAssertEqual(text(o), s.text)
        XCTAssertEqual(meta(o)?["charset"], "windows-1251")
    }

    func testBOM() {
        let o = extractor.extract(page([0xEF, 0xBB, 0xBF] + Array("<p>Grüße aus Köln</p>".utf8)))
        XCTAssertEqual(text(o), "Grüße aus Köln")
        XCTAssertEqual(meta(o)?["charset_source"], "bom")
        // UTF-16LE with BOM, no label anywhere.
        var u16: [UInt8] = [0xFF, 0xFE]
        for u in "<p>Hallo Welt ✓</p>".utf16 { u16.append(UInt8(u & 0xFF)); u16.append(UInt8(u >> 8)) }
        let o2 = extractor.extract(page(u16))
        XCTAssertEqual(text(o2), "Hallo Welt ✓")
        XCTAssertEqual(meta(o2)?["charset"], "utf-16le")
    }

    func testUnlabelledUTF8AndFallback() {
        let o = extractor.extract(page("<p>Ελληνικά και 日本語</p>"))
        XCTAssertEqual(text(o), "Ελληνικά και 日本語")
        XCTAssertEqual(meta(o)?["charset"], "utf-8")
        XCTAssertEqual(meta(o)?["charset_source"], "utf8")
        // Invalid UTF-8 without a label: windows-1252.
        let o2 = extractor.extract(page(Array("<p>caf".utf8) + [0xE9] + Array(" cr".utf8) + [0xE8, 0x6D, 0x65]))
        XCTAssertEqual(text(o2), "café crème")
        XCTAssertEqual(meta(o2)?["charset"], "windows-1252")
    }

    func testInvalidSequencesBecomeReplacementCharacter() {
        // Declared UTF-8 but with a stray byte; declared Shift_JIS with a truncated lead byte.
        let o = extractor.extract(page(Array("<p>ab".utf8) + [0xFF] + Array("cd</p>".utf8), charset: "utf-8"))
        XCTAssertEqual(text(o), "ab\u{FFFD}cd")
        let o2 = extractor.extract(page(Array("<p>x".utf8) + [0x82], charset: "shift_jis"))
        XCTAssertEqual(text(o2), "x\u{FFFD}")
    }

    func testLabels() {
        XCTAssertEqual(Charset.encoding(forLabel: "ISO-8859-1")?.name, "windows-1252")
        XCTAssertEqual(Charset.encoding(forLabel: " \"US-ASCII\" ")?.name, "windows-1252")
        XCTAssertEqual(Charset.encoding(forLabel: "gb2312")?.name, "gbk")
        XCTAssertEqual(Charset.encoding(forLabel: "x-sjis")?.name, "shift_jis")
        XCTAssertEqual(Charset.encoding(forLabel: "ks_c_5601-1987")?.name, "euc-kr")
        XCTAssertNil(Charset.encoding(forLabel: "no-such-charset"))
        XCTAssertEqual(Charset.charsetParameter("text/html; Charset=\"UTF-8\""), "utf-8")
        XCTAssertFalse(Charset.isValidUTF8(UnsafeRawBufferPointer(start: [0xC0, 0x80], count: 2)))
        let ok: [UInt8] = Array("plain ascii and ü and 𝄞".utf8)
        XCTAssertTrue(ok.withUnsafeBytes { Charset.isValidUTF8($0) })
    }

    // MARK: Structure

    func testEntitiesAndWhitespace() {
        let o = extractor.extract(page("<p>Fish &amp; chips &lt;3 &eacute;t&eacute; &#8364;&nbsp;10 &#x1F600;</p><p>  many \n\t spaces  </p>"))
        XCTAssertEqual(text(o), "Fish & chips <3 été € 10 😀\nmany spaces")
    }

    func testBlocksListsTablesBreaks() {
        let html = """
        <html><body><article>
        <h1>Title here</h1>
        <p>First <b>bold</b> paragraph.<br>Second line.</p>
        <ul><li>one</li><li>two <i>items</i></li></ul>
        <table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>
        <p>Last paragraph with some words to make it long enough to be main content for sure.</p>
        </article></body></html>
        """
        let o = extractor.extract(page(html))
        XCTAssertEqual(text(o), """
        Title here
        First bold paragraph.
        Second line.
        - one
        - two items
        | A | B |
        | 1 | 2 |
        Last paragraph with some words to make it long enough to be main content for sure.
        """)
    }

    func testMalformedMarkup() {
        let html = "<html><body><div><p>Unclosed para <b>bold <i>both</div></div></div><p>After stray closers</p></span></body>"
        let o = extractor.extract(page(html))
        let t = text(o) ?? ""
        XCTAssertTrue(t.contains("Unclosed para bold both"), t)
        XCTAssertTrue(t.contains("After stray closers"), t)
    }

    func testBoilerplateRemoval() {
        let story = (1...6).map { "Sentence number \($0) of the story, which carries the actual content of this page." }
            .joined(separator: " ")
        let html = """
        <html><head><title>My Page</title><style>p { color: red }</style><script>var x = "script text";</script></head>
        <body>
        <header><h1>Site name</h1></header>
        <nav><a href="/">Home</a> <a href="/a">About</a></nav>
        <div class="menu"><ul><li><a href="/x">Menu one</a></li><li><a href="/y">Menu two</a></li></ul></div>
        <div id="content"><p>\(story)</p><p>Second paragraph with a <a href="/l">link</a> inside.</p></div>
        <div class="cookie-banner"><p>We use cookies to improve your experience.</p></div>
        <div><a href="/1">Related A</a> | <a href="/2">Related B</a> | <a href="/3">Related C</a></div>
        <aside>Sidebar text</aside>
        <noscript>Enable JS</noscript>
        <form><label>Search</label><input value="q"></form>
        <footer>Copyright 2024</footer>
        </body></html>
        """
        let o = extractor.extract(page(html))
        XCTAssertEqual(text(o), story + "\nSecond paragraph with a link inside.")
        XCTAssertEqual(meta(o)?["title"], "My Page")
    }

    func testPrefersArticle() {
        let body = String(repeating: "Article text that matters a lot. ", count: 12)
        let html = """
        <body><div><p>Teaser outside the article with quite a few words in it, but not the main story.</p></div>
        <article><p>\(body)</p></article><div><p>Unrelated trailing block.</p></div></body>
        """
        XCTAssertEqual(text(extractor.extract(page(html))), body.trimmingCharacters(in: .whitespaces))
    }

    func testPrefersNamedArticleBody() {
        let body = String(repeating: "The story itself, told in full sentences. ", count: 8)
        let html = """
        <body><main><div class="article-header"><p>Photo caption: a long caption describing the picture above in detail.</p>
        <p>By Some Author, with a rather long byline that mentions the desk and the city</p></div>
        <div class="article__body"><p>\(body)</p></div>
        <div class="article__report"><p>Found a mistake? Select the text and press Ctrl+Enter to tell us.</p></div>
        </main></body>
        """
        XCTAssertEqual(text(extractor.extract(page(html))), body.trimmingCharacters(in: .whitespaces))
    }

    func testConcurrentUse() {
        let html = "<html><body><article><p>" + String(repeating: "word ", count: 300) + "</p></article></body></html>"
        let p = page(html)
        let shared = HTMLExtractor()
        let expected = text(shared.extract(p))
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<50 {
                if case .text(let t, _) = shared.extract(p) { XCTAssertEqual(t, expected) } else { XCTFail("rejected") }
            }
        }
    }

    func testPlainTextPassesThrough() {
        let o = extractor.extract(page(Array("Line one\nLine <two>\n".utf8), contentType: "text/plain"))
        XCTAssertEqual(text(o), "Line one\nLine <two>\n")
        let o2 = extractor.extract(page(encodedSamples[0].bytes, contentType: "text/plain", charset: "windows-1252"))
        XCTAssertEqual(text(o2), encodedSamples[0].text)
    }

    // MARK: Rejections and bad input

    func testRejections() {
        XCTAssertEqual(reason(extractor.extract(page("%PDF-1.4", contentType: "application/pdf"))), "unsupported_content_type")
        XCTAssertEqual(reason(extractor.extract(page("\u{89}PNG....", contentType: nil))), "unsupported_content_type")
        XCTAssertNotNil(text(extractor.extract(page("<!DOCTYPE html><p>sniffed</p>", contentType: nil))))
        var p = page("<p>x</p>")
        p.httpStatus = 404
        guard case .rejected("http_status", let d) = extractor.extract(p) else { return XCTFail("not rejected") }
        XCTAssertEqual(d["status"], .int(404))
        XCTAssertEqual(reason(extractor.extract(page(""))), "no_text")
        XCTAssertEqual(reason(extractor.extract(page("<html><body><script>only()</script></body></html>"))), "no_text")
        var opts = ExtractOptions()
        opts.minTextBytes = 100
        XCTAssertEqual(reason(HTMLExtractor(options: opts).extract(page("<p>short</p>"))), "no_text")
    }

    func testHugePageRejectedWithLimit() {
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 50 << 20)
        guard case .rejected("page_too_large", let d) = extractor.extract(page(big)) else { return XCTFail("not rejected") }
        XCTAssertEqual(d["bytes"], .int(50 << 20))
        XCTAssertEqual(d["limit"], .int(10 << 20))
    }

    func testBinaryGarbage() {
        var rng = SplitMix(seed: 42)
        for _ in 0..<20 {
            let n = Int(rng.next() % 20000)
            var bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            bytes.insert(contentsOf: Array("<html><body>".utf8), at: 0)
            _ = extractor.extract(page(bytes))  // must not crash
        }
    }

    func testDeepNesting() {
        let depth = 100_000
        let html = "<html><body>" + String(repeating: "<div>", count: depth) + "deep text"
            + String(repeating: "</div>", count: depth) + "<p>after</p></body></html>"
        XCTAssertEqual(text(extractor.extract(page(html))), "deep text\nafter")
        let html2 = String(repeating: "<span><b>", count: depth) + "inline deep"
        _ = extractor.extract(page(html2))
    }

    func testReuseManyPages() {
        let html = "<html><body><article><p>" + String(repeating: "word ", count: 200) + "</p></article></body></html>"
        let p = page(html)
        for _ in 0..<2000 { XCTAssertNotNil(text(extractor.extract(p))) }
    }

    /// Pages of every kind, in an order where each may leave state behind for the next.
    func mixedPages() -> [[UInt8]] {
        var pages: [[UInt8]] = [
            Array("<html><head><title>Unclosed title<body><p>Text after an unclosed title</p>".utf8),
            Array("<html><body><p>Unclosed para <b>bold <i>both</div></div><p>After stray closers</p></span>".utf8),
            Array("<html><head><title>  Page   two </title></head><body><article><p>Body of page two with enough words here.</p></article>".utf8),
            Array("<html><body><pre>line one\nline two</pre><table><tr><td>a</td><td>b</td></tr></table><script>var x = '<p>no</p>';".utf8),
            Array("<html><body><!-- comment <script> --><p>After comment</p><div class=\"cookie-banner\">We use cookies</div>".utf8),
            Array("<html><body><ul><li>One<li>Two<div>inside</div></ul><a href=x>link text only</a><p>Plain paragraph text.</p>".utf8),
            Array(("<html><body>" + String(repeating: "<div>", count: 3000) + "deep" + "<p>end").utf8),
            Array("<html><body><p>Last page, clean.</p></body></html>".utf8),
        ]
        var rng = SplitMix(seed: 7)
        for k in 0..<6 {
            var bytes = (0..<(1000 + k * 700)).map { _ in UInt8(truncatingIfNeeded: rng.next() & 0x7F) }
            bytes.insert(contentsOf: Array("<html><body><p>Garbage follows".utf8), at: 0)
            pages.insert(bytes, at: 2 * k % pages.count)
        }
        return pages
    }

    /// A walker (and its libxml2 context) reused across pages gives what a fresh one gives,
    /// including after malformed pages and when the context is recreated between pages.
    func testReusedParserMatchesFreshParser() {
        let pages = mixedPages()
        let fresh: [String?] = pages.map { text(HTMLExtractor().extract(page($0))) }
        for lifetime in [1, 3, 2000] {
            let walker = TreeWalker(options: ExtractOptions())
            walker.parsesPerContext = lifetime
            for round in 0..<2 {
                for (i, p) in pages.enumerated() {
                    let direct = p.withUnsafeBytes { walker.run($0) }
                    let once = p.withUnsafeBytes { TreeWalker(options: ExtractOptions()).run($0) }
                    XCTAssertEqual(direct?.text, once?.text, "page \(i), round \(round), lifetime \(lifetime)")
                    XCTAssertEqual(direct?.title, once?.title, "page \(i), round \(round), lifetime \(lifetime)")
                }
            }
        }
        let shared = HTMLExtractor()
        for _ in 0..<3 {
            XCTAssertEqual(pages.map { text(shared.extract(page($0))) }, fresh)
        }
        XCTAssertEqual(fresh.last, "Last page, clean.")
    }
}

/// Deterministic generator for garbage input.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
