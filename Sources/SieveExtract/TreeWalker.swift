// One page's parse and tree walk (private to the extractor).
import CLibXML2
import Synchronization

/// A line of text in the walker's buffer.
struct Line {
    var start: Int32
    var end: Int32
    /// Bytes of link text in the line.
    var linkBytes: Int32
    var dropped: Bool
    /// A table row (kept even without letters).
    var isRow: Bool
}

/// An element whose lines may be kept or dropped together.
struct Container {
    var firstLine: Int32
    var endLine: Int32
    var isMain: Bool
    /// 1: class/id names the article body (entry-content, articleBody, …); 2: article/main;
    /// 3: names a story or main column; 0: none. Lower levels are preferred.
    var contentLevel: UInt8
    var isBoilerplate: Bool
}

struct WalkResult {
    var text: String
    var title: String?
}

/// One walk at a time per instance (`@unchecked Sendable`: `WalkerPool` hands an instance to
/// one thread at a time). Its state is touched by every SAX event, so the hot
/// properties skip the runtime's dynamic exclusivity checks (≈ 13% of extraction time otherwise).
final class TreeWalker: @unchecked Sendable {
    let options: ExtractOptions
    @exclusivity(unchecked) var out = TextBuffer()
    @exclusivity(unchecked) var lines: [Line] = []
    @exclusivity(unchecked) var containers: [Container] = []
    @exclusivity(unchecked) var lineStart = 0
    /// Whether the open line has text (not only a list marker or cell bars).
    @exclusivity(unchecked) var lineHasText = false
    @exclusivity(unchecked) var lineLinkBytes = 0
    @exclusivity(unchecked) var pendingSpace = false
    @exclusivity(unchecked) var linkDepth = 0
    @exclusivity(unchecked) var cellDepth = 0
    @exclusivity(unchecked) var preDepth = 0
    /// Open list items (`li`, `dt`, `dd`).
    @exclusivity(unchecked) var itemDepth = 0
    @exclusivity(unchecked) var title: String?

    init(options: ExtractOptions) {
        self.options = options
    }

    /// Stack entry of an element the walk descended into.
    private struct Open {
        var kind: TagKind
        var container: Int32  // index in `containers`, or -1
        var isPre: Bool
    }

    /// Open elements (every start event pushes one, every end event pops one).
    @exclusivity(unchecked) private var stack: [Open] = []
    /// Depth inside a dropped subtree (script, nav, hidden, …); 0 outside.
    @exclusivity(unchecked) private var skipDepth = 0
    /// Depth inside `<title>` while its text is collected; 0 outside.
    @exclusivity(unchecked) private var titleDepth = 0
    @exclusivity(unchecked) private var titleBuf: [UInt8] = []
    /// Scratch for lowercased attribute values.
    @exclusivity(unchecked) private var scratch: [UInt8] = {
        var b: [UInt8] = []
        b.reserveCapacity(300)  // values are read up to 256 bytes (512 for style)
        return b
    }()
    /// The selected lines joined, before they become the page's text.
    @exclusivity(unchecked) private var joined: [UInt8] = []

    /// The libxml2 parser context, kept across pages (its dictionary of tag and attribute names
    /// and its stacks stay warm); nil until the first parse.
    private var ctxt: htmlParserCtxtPtr?
    /// Pages parsed with `ctxt`; the context is recreated now and then so that its name
    /// dictionary cannot grow without bound on pages full of made-up tag names.
    private var parses = 0
    /// Pages per parser context before it is recreated (settable for tests).
    var parsesPerContext = 2000
    /// Names in the context's dictionary beyond which it is recreated.
    static let maxDictNames = 50_000

    deinit {
        if let ctxt { htmlFreeParserCtxt(ctxt) }
    }

    /// A parser context whose SAX handler sends only the events the walk needs to this walker
    /// (found through the context's `_private`, set per parse).
    private static func makeContext() -> htmlParserCtxtPtr? {
        _ = HTMLExtractor.libxml2Ready
        guard let ctxt = htmlNewParserCtxt() else { return nil }
        guard let sax = ctxt.pointee.sax else { htmlFreeParserCtxt(ctxt); return nil }
        // Only the events the walk needs; no tree, no document.
        var h = xmlSAXHandler()
        h.initialized = sax.pointee.initialized
        // `_withUnsafeGuaranteedRef`: no retain/release of the walker per event.
        h.startElement = { ctx, name, attrs in
            guard let name, let w = TreeWalker.walker(ctx) else { return }
            w._withUnsafeGuaranteedRef { $0.startElement(name, attrs) }
        }
        h.endElement = { ctx, _ in
            TreeWalker.walker(ctx)?._withUnsafeGuaranteedRef { $0.endElement() }
        }
        h.characters = { ctx, ch, len in
            guard let ch, len > 0, let w = TreeWalker.walker(ctx) else { return }
            w._withUnsafeGuaranteedRef { $0.characters(ch, Int(len)) }
        }
        h.ignorableWhitespace = h.characters
        h.cdataBlock = h.characters
        sax.pointee = h
        return ctxt
    }

    /// Clears the state of the previous walk (keeping buffer capacity, unless a huge page grew it).
    private func reset() {
        out.removeAll(shrinkingAbove: 1 << 22)
        if lines.capacity > 1 << 16 { lines = [] } else { lines.removeAll(keepingCapacity: true) }
        if containers.capacity > 1 << 16 { containers = [] } else { containers.removeAll(keepingCapacity: true) }
        if stack.capacity > 1 << 12 { stack = [] } else { stack.removeAll(keepingCapacity: true) }
        lineStart = 0
        lineHasText = false
        lineLinkBytes = 0
        pendingSpace = false
        linkDepth = 0
        cellDepth = 0
        preDepth = 0
        itemDepth = 0
        title = nil
        skipDepth = 0
        titleDepth = 0
        titleBuf.removeAll(keepingCapacity: true)
    }

    /// Parses with libxml2's SAX interface (no tree is built) and returns the selected text.
    /// A walker can run any number of times (one at a time); each run starts from a clean state.
    func run(_ utf8: UnsafeRawBufferPointer) -> WalkResult? {
        reset()
        out.reserve(utf8.count / 3 + 64)
        lines.reserveCapacity(256)
        stack.reserveCapacity(64)
        let opts = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                         | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
            | Int32(1 << 21) // HTML_PARSE_IGNORE_ENC: the bytes are UTF-8 whatever a meta tag says.
            | Int32(XML_PARSE_HUGE.rawValue) // no 256-level nesting limit: real pages have deep unclosed tags
        guard utf8.count > 0, utf8.count < Int(Int32.max),
              let base = utf8.baseAddress?.assumingMemoryBound(to: CChar.self) else {
            return WalkResult(text: "", title: nil)
        }
        if let old = ctxt, parses >= parsesPerContext
            || (old.pointee.dict.map { Int(xmlDictSize($0)) } ?? 0) > Self.maxDictNames {
            htmlFreeParserCtxt(old)
            ctxt = nil
        }
        if ctxt == nil { ctxt = Self.makeContext(); parses = 0 }
        guard let ctxt else { return nil }
        parses += 1
        // What htmlCtxtReadMemory does (a reset context, the bytes copied into a new input),
        // then the same setup as a fresh memory parser context.
        htmlCtxtReset(ctxt)
        guard let buf = xmlParserInputBufferCreateMem(base, Int32(utf8.count), XML_CHAR_ENCODING_NONE) else { return nil }
        guard let input = xmlNewIOInputStream(ctxt, buf, XML_CHAR_ENCODING_NONE) else {
            xmlFreeParserInputBuffer(buf)
            return nil
        }
        _ = inputPush(ctxt, input)
        _ = xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8)
        _ = htmlCtxtUseOptions(ctxt, opts)
        // The callbacks find this walker through the context's `_private` (not retained: the
        // parse finishes before this method returns).
        withExtendedLifetime(self) {
            ctxt.pointee._private = Unmanaged.passUnretained(self).toOpaque()
            _ = htmlParseDocument(ctxt)
            ctxt.pointee._private = nil
        }
        if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc); ctxt.pointee.myDoc = nil }
        // The page's copy is not kept until the next parse.
        while let input = inputPop(ctxt) { xmlFreeInputStream(input) }
        while let open = stack.popLast() { leave(open) }
        endLine()
        if titleDepth > 0 || (title == nil && !titleBuf.isEmpty) { finishTitle() }
        return WalkResult(text: assemble(), title: title)
    }

    /// The walker behind a SAX callback's context (the parser context's `_private`).
    @inline(__always)
    private static func walker(_ ctx: UnsafeMutableRawPointer?) -> Unmanaged<TreeWalker>? {
        guard let ctx else { return nil }
        let ctxt = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let p = ctxt.pointee._private else { return nil }
        return Unmanaged<TreeWalker>.fromOpaque(p)
    }

    // MARK: Events

    fileprivate func startElement(_ name: UnsafePointer<UInt8>, _ attrs: UnsafeMutablePointer<UnsafePointer<UInt8>?>?) {
        if skipDepth > 0 { skipDepth += 1; return }
        if titleDepth > 0 { titleDepth += 1; return }
        let nameKey = Tags.key(name)
        let kind = nameKey.map { Tags.kind(key: $0) } ?? Tags.kind(name)
        if kind == .title {
            // Collected as metadata (the first one), never as text.
            if title == nil { titleDepth = 1 } else { skipDepth = 1 }
            return
        }
        if let open = enter(kind, nameKey, attrs) {
            stack.append(open)
        } else {
            skipDepth = 1
        }
    }

    fileprivate func endElement() {
        if skipDepth > 0 { skipDepth -= 1; return }
        if titleDepth > 0 {
            titleDepth -= 1
            if titleDepth == 0 { finishTitle() }
            return
        }
        if let open = stack.popLast() { leave(open) }
    }

    fileprivate func characters(_ p: UnsafePointer<UInt8>, _ n: Int) {
        if skipDepth > 0 { return }
        if titleDepth > 0 {
            if titleBuf.count < 2048 { titleBuf.append(contentsOf: UnsafeBufferPointer(start: p, count: min(n, 2048))) }
            return
        }
        appendText(p, n)
    }

    private func finishTitle() {
        titleDepth = 0
        if title == nil {
            // Collapse whitespace, writing straight into the bytes (never more than there were:
            // a space is written only for a run of whitespace, before the byte that ends it).
            title = titleBuf.withUnsafeBufferPointer { src in
                let t = [UInt8](unsafeUninitializedCapacity: src.count) { dst, written in
                    var k = 0
                    var space = false
                    for b in src {
                        if b == 32 || b == 10 || b == 9 || b == 13 || b == 12 { space = k > 0 } else {
                            if space { dst[k] = 32; k += 1; space = false }
                            dst[k] = b
                            k += 1
                        }
                    }
                    written = k
                }
                return String(decoding: t, as: UTF8.self)
            }
        }
        titleBuf.removeAll(keepingCapacity: true)
    }

    /// Handles an element's start; nil means skip its subtree.
    /// `kind` and `nameKey` are the element's `Tags.kind` and `Tags.key`.
    private func enter(_ kind: TagKind, _ nameKey: UInt64?, _ attrs: UnsafeMutablePointer<UnsafePointer<UInt8>?>?) -> Open? {
        var kind = kind
        if kind == .skip { return nil }
        if kind == .title { return nil }
        // Attributes: hidden elements, ARIA roles, boilerplate class/id names.
        let protected = kind == .root || nameKey == Tags.bodyKey
        var boiler = false
        var isMain = kind == .mainCandidate
        var level: UInt8 = isMain ? 2 : 0
        if let attrs {
            var i = 0
            while let an = attrs[i] {
                let v = attrs[i + 1]
                i += 2
                let k = Attr.classify(an)
                if k == .other { continue }
                if protected { if k == .role, let v, Attr.role(v) == .main { isMain = true }; continue }
                switch k {
                case .classOrID:
                    guard let v else { break }
                    // Lowercased once for both tests.
                    Attr.lowered(v, into: &scratch, limit: 256, dropSpaces: false)
                    let l = Attr.contentLevel(lowered: scratch)
                    if l > 0 { level = level == 0 ? l : min(level, l) }
                    else if options.dropBoilerplateClasses, Attr.isBoilerplateName(lowered: scratch) { boiler = true }
                case .itemprop:
                    if let v, Attr.eq(v, "articlebody") { level = 1 }
                case .role:
                    if let v {
                        switch Attr.role(v) {
                        case .main: isMain = true; if level == 0 || level > 2 { level = 2 }
                        case .boilerplate: return nil
                        case .other: break
                        }
                    }
                case .hidden:
                    return nil
                case .ariaHidden:
                    if let v, Attr.isTrue(v) { return nil }
                case .style:
                    if let v, Attr.hidesElement(v, &scratch) { return nil }
                case .other:
                    break
                }
            }
        }
        if isMain, kind == .inline { kind = .block }
        var open = Open(kind: kind, container: -1, isPre: false)
        switch kind {
        case .block, .division, .mainCandidate, .root:
            // Inside a list item, blocks run on in the item's line (as trafilatura writes items).
            if itemDepth > 0 { pendingSpace = true } else { endLine() }
            if nameKey == Tags.preKey { open.isPre = true; preDepth += 1 }
        case .lineBreak:
            endLine()
        case .link:
            linkDepth += 1
        case .listItem:
            endLine()
            itemDepth += 1
            out.append(UInt8(ascii: "-")); pendingSpace = true
        case .row:
            endLine()
            out.append(UInt8(ascii: "|")); pendingSpace = true
        case .cell:
            cellDepth += 1
            pendingSpace = true
        case .inline, .skip, .title:
            break
        }
        if level > 0 { boiler = false }
        if isMain || boiler || level > 0 || kind == .division || kind == .cell || kind == .root {
            open.container = Int32(containers.count)
            containers.append(Container(firstLine: Int32(lines.count), endLine: -1, isMain: isMain, contentLevel: level, isBoilerplate: boiler))
        }
        return open
    }

    private func leave(_ open: Open) {
        switch open.kind {
        case .block, .division, .mainCandidate, .root:
            if itemDepth > 0 { pendingSpace = true } else { endLine() }
        case .listItem:
            itemDepth -= 1
            endLine()
        case .row:
            endLine()
        case .cell:
            cellDepth -= 1
            if lineHasText {
                out.append(32); out.append(UInt8(ascii: "|"))
                pendingSpace = true
            }
        case .link:
            linkDepth -= 1
        default:
            break
        }
        if open.isPre { preDepth -= 1 }
        if open.container >= 0 {
            // A cell's last line is still open (it ends with its row): count it in.
            containers[Int(open.container)].endLine = Int32(lines.count + (lineHasText ? 1 : 0))
        }
    }

    // MARK: Text

    /// Appends a text node's bytes, collapsing whitespace runs (ASCII and Unicode spaces) to one space.
    private func appendText(_ p: UnsafePointer<UInt8>, _ n: Int) {
        var i = 0
        var linkCount = 0
        while i < n {
            let c = p[i]
            if Self.isPlain(c) {
                // A run of plain bytes and single ASCII spaces between them, copied at once
                // (the same bytes the byte-by-byte path below would write).
                let (j, spaces) = Self.plainRun(p, from: i, to: n)
                if pendingSpace {
                    if out.count > lineStart { out.append(32) }
                    pendingSpace = false
                }
                lineHasText = true
                out.append(p + i, count: j - i)
                if linkDepth > 0 { linkCount += j - i - spaces }
                i = j
                continue
            }
            if c == 32 || c == 10 || c == 9 || c == 13 || c == 12 || c == 11 {
                if c == 10, preDepth > 0, cellDepth == 0 {
                    lineLinkBytes += linkCount; linkCount = 0
                    endLine()
                } else {
                    pendingSpace = true
                }
                i += 1
                continue
            }
            if c >= 0xC2, i + 2 < n || (c == 0xC2 && i + 1 < n) {
                let k = unicodeSpaceLength(p + i)
                if k > 0 { pendingSpace = true; i += k; continue }
            }
            if pendingSpace {
                if out.count > lineStart { out.append(32) }
                pendingSpace = false
            }
            lineHasText = true
            out.append(c)
            if linkDepth > 0 { linkCount += 1 }
            i += 1
        }
        lineLinkBytes += linkCount
    }

    /// The end of the run of plain bytes and single spaces between them that starts at `i` (a
    /// plain byte) and the number of those spaces: the bytes before the first byte that is
    /// neither plain nor a space followed by a plain byte. Scans 8 bytes at a time.
    @inline(__always)
    static func plainRun(_ p: UnsafePointer<UInt8>, from i: Int, to n: Int) -> (end: Int, spaces: Int) {
        var j = i + 1
        var spaces = 0
        while true {
            if j + 8 <= n {
                let w = UInt64(littleEndian: UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self))
                let (stops, sp) = w & 0x8080_8080_8080_8080 == 0 ? asciiRunStops(w) : runStops(w)
                if stops == 0 { spaces += countMarks(sp); j += 8; continue }
                let k = stops.trailingZeroBitCount >> 3
                spaces += countMarks(sp & ((1 << (8 * UInt64(k))) - 1))
                j += k
            } else if j >= n {
                break
            }
            // One byte (or a space and the byte after it) at the first stop or in the tail.
            let d = p[j]
            if isPlain(d) { j += 1; continue }
            if d == 32, j + 1 < n, isPlain(p[j + 1]) { spaces += 1; j += 2; continue }
            break
        }
        return (j, spaces)
    }

    /// Where a run of plain bytes and single spaces (see `appendText`) may stop within the 8 bytes
    /// of `w` (first byte lowest): the high bit of each byte that is neither plain nor a space
    /// followed by a plain byte, the last byte counting as a stop if it is a space (its successor
    /// is not in `w`). `spaces` marks the spaces the same way.
    @inline(__always)
    static func runStops(_ w: UInt64) -> (stops: UInt64, spaces: UInt64) {
        let high: UInt64 = 0x8080_8080_8080_8080
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let ones: UInt64 = 0x0101_0101_0101_0101
        /// High bit set in each zero byte of x (exact: no carries between bytes).
        @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { ~(((x & low7) &+ low7) | x) & high }
        let control = ~(w | ((w & low7) &+ 0x6060_6060_6060_6060)) & high  // bytes below 32
        let spaces = zeroBytes(w ^ (ones &* 0x20))
        let c2 = zeroBytes(w ^ (ones &* 0xC2))
        let e1e3 = zeroBytes((w & (ones &* 0xFC)) ^ (ones &* 0xE0)) & ~zeroBytes(w ^ (ones &* 0xE0))
        let other = control | c2 | e1e3
        let notPlain = other | spaces
        return (other | (spaces & ((notPlain >> 8) | (0x80 << 56))), spaces)
    }

    /// `runStops` of 8 ASCII bytes (no high bit set), in fewer steps.
    @inline(__always)
    static func asciiRunStops(_ w: UInt64) -> (stops: UInt64, spaces: UInt64) {
        let high: UInt64 = 0x8080_8080_8080_8080
        let above32 = (w &+ 0x5F5F_5F5F_5F5F_5F5F) & high  // bytes >= 0x21 (plain)
        let atLeast32 = (w &+ 0x6060_6060_6060_6060) & high  // bytes >= 0x20
        let notPlain = above32 ^ high
        let spaces = atLeast32 ^ above32
        let control = atLeast32 ^ high
        return (control | (spaces & ((notPlain >> 8) | (0x80 << 56))), spaces)
    }

    /// Number of bytes whose high bit is set in a mask of high bits.
    @inline(__always)
    static func countMarks(_ m: UInt64) -> Int {
        Int(truncatingIfNeeded: ((m >> 7) &* 0x0101_0101_0101_0101) >> 56)
    }

    /// A byte that is neither ASCII whitespace (nor a control byte) nor the lead byte of a
    /// possible Unicode space (C2, E1, E2, E3): appended as is.
    @inline(__always)
    static func isPlain(_ c: UInt8) -> Bool {
        c > 32 && c != 0xC2 && (c < 0xE1 || c > 0xE3)
    }

    /// Length of a Unicode whitespace character (as Python's str.split sees it) at p, or 0.
    @inline(__always)
    private func unicodeSpaceLength(_ p: UnsafePointer<UInt8>) -> Int {
        let c = p[0]
        if c == 0xC2 { return (p[1] == 0xA0 || p[1] == 0x85) ? 2 : 0 }
        if c == 0xE2 {
            if p[1] == 0x80 {
                let d = p[2]
                return (d >= 0x80 && d <= 0x8A) || d == 0xA8 || d == 0xA9 || d == 0xAF ? 3 : 0
            }
            return (p[1] == 0x81 && p[2] == 0x9F) ? 3 : 0
        }
        if c == 0xE3 { return (p[1] == 0x80 && p[2] == 0x80) ? 3 : 0 }
        if c == 0xE1 { return (p[1] == 0x9A && p[2] == 0x80) ? 3 : 0 }
        return 0
    }

    /// Closes the current line: records it if it has content, else forgets it (and its marker).
    private func endLine() {
        if lineHasText {
            lines.append(Line(start: Int32(lineStart), end: Int32(out.count), linkBytes: Int32(lineLinkBytes), dropped: false,
                              isRow: out[lineStart] == UInt8(ascii: "|")))
        } else {
            out.truncate(to: lineStart)
        }
        lineStart = out.count
        lineHasText = false
        lineLinkBytes = 0
        pendingSpace = false
    }

    // MARK: Selection

    private func hasLetter(_ l: Line) -> Bool {
        for i in Int(l.start)..<Int(l.end) {
            let c = out[i]
            if c >= 0x80 || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) { return true }
        }
        return false
    }

    /// Drops boilerplate lines, picks the main content range, joins the kept lines with "\n".
    private func assemble() -> String {
        if lines.isEmpty { return "" }
        // Link-dense lines.
        let maxDensity = options.maxLinkDensity
        for i in lines.indices {
            let len = Int(lines[i].end - lines[i].start)
            if len > 0, Double(lines[i].linkBytes) > maxDensity * Double(len) { lines[i].dropped = true }
            // Lines of digits and punctuation only (times, counters, separators).
            if !lines[i].isRow, !hasLetter(lines[i]) { lines[i].dropped = true }
        }
        // Kept text per line, as prefix sums, to total any line range at once.
        var prefix = [Int](repeating: 0, count: lines.count + 1)
        func recount() {
            for (i, l) in lines.enumerated() {
                let kept = l.dropped ? 0 : Int(l.end - l.start - l.linkBytes)
                prefix[i + 1] = prefix[i] + kept
            }
        }
        recount()
        func text(_ c: Container) -> Int {
            let a = max(0, min(Int(c.firstLine), lines.count))
            let b = max(a, min(Int(c.endLine < 0 ? Int32(lines.count) : c.endLine), lines.count))
            return prefix[b] - prefix[a]
        }
        // Boilerplate-named containers, unless they hold most of the page.
        if options.dropBoilerplateClasses {
            let total = prefix[lines.count]
            for c in containers where c.isBoilerplate {
                if Double(text(c)) < 0.5 * Double(total) {
                    let a = Int(c.firstLine), b = min(Int(c.endLine < 0 ? Int32(lines.count) : c.endLine), lines.count)
                    if a < b { for i in a..<b { lines[i].dropped = true } }
                }
            }
            recount()
        }
        var lo = 0, hi = lines.count
        if options.preferMainContent {
            // Main content is chosen by paragraph text: lines long enough to be sentences, so
            // that short teasers, dates and labels do not pull the choice up the tree.
            var para = 0
            for (i, l) in lines.enumerated() {
                let kept = l.dropped ? 0 : Int(l.end - l.start - l.linkBytes)
                para += kept >= options.paragraphMinBytes ? kept : 0
                prefix[i + 1] = para
            }
            if para == 0 { recount() }
            let total = prefix[lines.count]
            // Named content containers first (article body, then article/main, then story/main
            // column), as trafilatura's stages do; the one with the most text at the first level
            // that holds enough of the page.
            var chosen: Container?
            for level: UInt8 in 1...3 where chosen == nil {
                var bestText = 0
                var best: Container?
                for c in containers where c.contentLevel == level {
                    let t = text(c)
                    if t > bestText { bestText = t; best = c }
                }
                if let b = best, Double(bestText) >= options.namedContentShare * Double(total), bestText > 0 {
                    chosen = b
                }
            }
            if let b = chosen {
                lo = Int(b.firstLine); hi = Int(b.endLine < 0 ? Int32(lines.count) : b.endLine)
            } else {
                // The smallest container holding the required share of the text.
                let need = options.mainContentShare * Double(total)
                var bestSize = Int.max
                for c in containers {
                    let t = text(c)
                    if Double(t) >= need, t < bestSize {
                        bestSize = t
                        lo = Int(c.firstLine); hi = Int(c.endLine < 0 ? Int32(lines.count) : c.endLine)
                    }
                }
            }
            hi = min(hi, lines.count)
            lo = min(lo, hi)
        }
        // Joined in a reused buffer (every kept line has at least one byte, so a newline goes
        // before every line but the first), then copied into the String without validating it
        // again (see below).
        if joined.capacity > 1 << 22 { joined = [] } else { joined.removeAll(keepingCapacity: true) }
        var ascii = true
        let from = out.base
        for i in lo..<hi where !lines[i].dropped {
            if !joined.isEmpty { joined.append(10) }
            let a = Int(lines[i].start), n = Int(lines[i].end) - a
            precondition(a >= 0 && n >= 0 && a + n <= out.count, "line outside the walk's text")
            let line = UnsafeBufferPointer(start: from + a, count: n)
            if ascii { ascii = Charset.isASCII(UnsafeRawBufferPointer(line)) }
            joined.append(contentsOf: line)
        }
        // The walk's text is valid UTF-8: libxml2 parses input that is valid UTF-8 (checked by
        // `Charset.isValidUTF8`, or written by ICU's UTF-8 converter), copies whole characters of
        // it and encodes character references only for valid code points; the walk adds ASCII
        // separators and cuts only between characters.
        return joined.withUnsafeBufferPointer { String(knownValidUTF8: $0, isASCII: ascii) }
    }
}

/// Attribute tests of the walk.
enum Attr {
    enum Kind { case classOrID, role, hidden, ariaHidden, style, itemprop, other }
    enum Role { case main, boilerplate, other }

    @inline(__always)
    static func classify(_ n: UnsafePointer<UInt8>) -> Kind {
        guard let k = Tags.key(n) else {
            return eq(n, "aria-hidden") ? .ariaHidden : .other
        }
        switch k {
        case 0x7373616C63, 0x6469: return .classOrID  // class, id
        case 0x656C6F72: return .role                 // role
        case 0x6E6564646968: return .hidden           // hidden
        case 0x656C797473: return .style              // style
        case 0x706F72706D657469: return .itemprop     // itemprop
        default: return .other
        }
    }

    static func eq(_ p: UnsafePointer<UInt8>, _ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount, q = s.utf8Start
        for i in 0..<n {
            var c = p[i]
            if c >= 65 && c <= 90 { c |= 0x20 }
            if c != q[i] { return false }
        }
        return p[n] == 0
    }

    static func isTrue(_ p: UnsafePointer<UInt8>) -> Bool { eq(p, "true") }

    static func role(_ p: UnsafePointer<UInt8>) -> Role {
        if eq(p, "main") { return .main }
        for r: StaticString in ["navigation", "banner", "contentinfo", "complementary", "search", "dialog",
                                "menu", "menubar", "alertdialog", "toolbar"] where eq(p, r) {
            return .boilerplate
        }
        return .other
    }

    /// Lowercases a NUL-terminated value into `buf` (at most `limit` bytes), optionally without spaces.
    static func lowered(_ p: UnsafePointer<UInt8>, into buf: inout [UInt8], limit: Int, dropSpaces: Bool) {
        buf.removeAll(keepingCapacity: true)
        var i = 0
        while p[i] != 0 && i < limit {
            var c = p[i]
            i += 1
            if dropSpaces && (c == 32 || c == 9 || c == 10 || c == 13) { continue }
            if c >= 65 && c <= 90 { c |= 0x20 }
            buf.append(c)
        }
    }

    /// `display:none` or `visibility:hidden` in a style attribute.
    static func hidesElement(_ p: UnsafePointer<UInt8>, _ buf: inout [UInt8]) -> Bool {
        lowered(p, into: &buf, limit: 512, dropSpaces: true)
        return contains(buf, "display:none") || contains(buf, "visibility:hidden")
    }

    /// Class or id values that name boilerplate (lowercased substring match).
    static let boilerplateWords: [[UInt8]] = [
        "cookie", "consent", "gdpr", "sidebar", "share", "sharing", "social", "breadcrumb", "related",
        "newsletter", "subscribe", "advert", "sponsor", "popup", "modal", "navbar", "navigation", "menu",
        "footer", "comment", "skip-link", "widget", "banner", "promo", "pagination", "pager", "toolbar",
        "masthead", "signup", "login", "byline", "tags", "author-info", "recommend", "disqus", "hidden",
        "print-only", "screen-reader", "sr-only", "visually-hidden", "nav-",
    ].map { Array($0.utf8) }

    /// Class/id names of article bodies (level 1) and of story or main columns (level 3),
    /// after trafilatura's content-area vocabulary.
    static let contentWords1: [[UInt8]] = [
        "entry-content", "article-content", "art-content", "article__content", "articlebody", "article-body",
        "article_body", "article__body", "articlecontent", "body-text", "post-text", "post_text", "post-body",
        "postentry", "post-entry", "post-content", "post_content", "postcontent", "post_inner_wrapper",
        "article-text", "articletext", "page-content", "text-content", "article__container",
    ].map { Array($0.utf8) }
    static let contentWords3: [[UInt8]] = [
        "story-body", "storycontent", "story-content", "post-bodycopy", "theme-content", "blog-content",
        "section-content", "single-content", "single-post", "main-column", "wpb_text_column", "field-body",
        "content-main", "content_main", "content-body", "content__body", "contentbody",
    ].map { Array($0.utf8) }

    static func contentLevel(_ p: UnsafePointer<UInt8>, _ buf: inout [UInt8]) -> UInt8 {
        lowered(p, into: &buf, limit: 256, dropSpaces: false)
        return contentLevel(lowered: buf)
    }

    /// `contentLevel` of a value already lowercased (`lowered(limit: 256, dropSpaces: false)`).
    static func contentLevel(lowered buf: [UInt8]) -> UInt8 {
        if equals(buf, "post") || equals(buf, "entry") { return 1 }
        if containsAny(buf, content1ByFirstByte) { return 1 }
        if containsAny(buf, content3ByFirstByte) { return 3 }
        return 0
    }

    private static func equals(_ buf: [UInt8], _ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard buf.count == n else { return false }
        let q = s.utf8Start
        for i in 0..<n where buf[i] != q[i] { return false }
        return true
    }

    /// Words by first byte (ASCII), to test each position of a value against few words.
    static func byFirstByte(_ words: [[UInt8]]) -> [[[UInt8]]] {
        var t = [[[UInt8]]](repeating: [], count: 128)
        for w in words { t[Int(w[0])].append(w) }
        return t
    }
    static let boilerplateByFirstByte = byFirstByte(boilerplateWords)
    static let content1ByFirstByte = byFirstByte(contentWords1)
    static let content3ByFirstByte = byFirstByte(contentWords3)

    static func isBoilerplateName(_ p: UnsafePointer<UInt8>, _ buf: inout [UInt8]) -> Bool {
        lowered(p, into: &buf, limit: 256, dropSpaces: false)
        return isBoilerplateName(lowered: buf)
    }

    /// `isBoilerplateName` of a value already lowercased (`lowered(limit: 256, dropSpaces: false)`).
    static func isBoilerplateName(lowered buf: [UInt8]) -> Bool {
        containsAny(buf, boilerplateByFirstByte)
    }

    /// True if any word of the first-byte table occurs in `buf`.
    static func containsAny(_ buf: [UInt8], _ table: [[[UInt8]]]) -> Bool {
        let n = buf.count
        var i = 0
        while i < n {
            let c = buf[i]
            if c < 128 {
                let candidates = table[Int(c)]
                var j = 0
                while j < candidates.count {
                    let w = candidates[j]
                    j += 1
                    if i + w.count > n { continue }
                    var k = 1
                    while k < w.count && buf[i + k] == w[k] { k += 1 }
                    if k == w.count { return true }
                }
            }
            i += 1
        }
        return false
    }

    static func contains(_ hay: [UInt8], _ s: StaticString) -> Bool {
        contains(hay, Array(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)))
    }

    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        let n = needle.count
        if n == 0 || hay.count < n { return false }
        let first = needle[0]
        var i = 0
        while i + n <= hay.count {
            if hay[i] == first {
                var k = 1
                while k < n && hay[i + k] == needle[k] { k += 1 }
                if k == n { return true }
            }
            i += 1
        }
        return false
    }
}

/// Tree walkers kept for reuse, so that each page does not pay for a new libxml2 parser context
/// (dictionary, stacks, SAX handler) and new walk buffers. A walker is lent to one thread at a time.
final class WalkerPool: Sendable {
    private let free = Mutex<[TreeWalker]>([])
    let options: ExtractOptions
    /// Walkers kept when returned (more than this many threads at once get fresh walkers).
    static let maxKept = 64

    init(options: ExtractOptions) { self.options = options }

    /// Runs `body` with a walker no other thread uses meanwhile.
    func withWalker<R>(_ body: (TreeWalker) -> R) -> R {
        let w = free.withLock { $0.popLast() } ?? TreeWalker(options: options)
        let r = body(w)
        free.withLock { if $0.count < Self.maxKept { $0.append(w) } }
        return r
    }
}
