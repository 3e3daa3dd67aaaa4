// HTML tag classes for the extractor's tree walk, looked up from libxml2's lowercase tag names.

/// What the extractor does with an element.
enum TagKind: UInt8 {
    /// Inline: text flows through (span, b, em, …).
    case inline
    /// Block: starts and ends a line (p, div, h1, …).
    case block
    /// Dropped with everything inside (script, nav, form, …).
    case skip
    /// `<br>`: ends the line.
    case lineBreak
    /// `<a>`: inline, counted as link text.
    case link
    /// `<li>`, `<dt>`, `<dd>`: a line with a "- " marker.
    case listItem
    /// `<tr>`: a table row, one line.
    case row
    /// `<td>`, `<th>`: a cell inside a row.
    case cell
    /// `<div>`, `<section>`, …: a block that may hold the main content.
    case division
    /// `<article>`, `<main>`: a block that is a main-content candidate.
    case mainCandidate
    /// `<title>`: recorded as metadata, not text.
    case title
    /// `<body>`, `<html>`: the roots.
    case root
}

enum Tags {
    /// Packs a tag name of at most 8 bytes into a key; nil for longer names.
    @inline(__always)
    static func key(_ p: UnsafePointer<UInt8>) -> UInt64? {
        var k: UInt64 = 0
        var i = 0
        while i < 8 {
            let c = p[i]
            if c == 0 { return k }
            k |= UInt64(c) << (8 * UInt64(i))
            i += 1
        }
        return p[8] == 0 ? k : nil
    }

    static func key(_ s: StaticString) -> UInt64 {
        var k: UInt64 = 0
        let p = s.utf8Start
        for i in 0..<min(8, s.utf8CodeUnitCount) { k |= UInt64(p[i]) << (8 * UInt64(i)) }
        return k
    }

    /// Kind of the element named by the NUL-terminated `name`.
    @inline(__always)
    static func kind(_ name: UnsafePointer<UInt8>) -> TagKind {
        if let k = key(name) { return table[k] ?? .inline }
        // The few long names that matter.
        if strcmpLit(name, "blockquote") || strcmpLit(name, "figcaption") { return .block }
        return .inline
    }

    private static func strcmpLit(_ p: UnsafePointer<UInt8>, _ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        let q = s.utf8Start
        for i in 0..<n where p[i] != q[i] { return false }
        return p[n] == 0
    }

    static let table: [UInt64: TagKind] = {
        var m: [UInt64: TagKind] = [:]
        let blocks: [StaticString] = [
            "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "ul", "ol", "dl", "table",
            "thead", "tbody", "tfoot", "address", "hr", "details",
            "summary", "caption", "hgroup",
        ]
        for b in blocks { m[key(b)] = .block }
        for d: StaticString in ["div", "section", "center", "body"] { m[key(d)] = .division }
        let skips: [StaticString] = [
            "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
            "iframe", "svg", "math", "button", "select", "option", "input", "textarea", "object",
            "embed", "canvas", "video", "audio", "map", "meta", "link", "frameset", "frame",
            "applet", "datalist", "label", "figure", "time", "picture", "menu", "fieldset", "legend",
            "dialog", "marquee", "noindex", "menuitem", "output", "progress", "rp", "rt", "rtc", "source",
            "track", "area", "blink", "param", "optgroup",
        ]
        for s in skips { m[key(s)] = .skip }
        m[key("br")] = .lineBreak
        m[key("a")] = .link
        m[key("li")] = .listItem
        m[key("dt")] = .listItem
        m[key("dd")] = .listItem
        m[key("tr")] = .row
        m[key("td")] = .cell
        m[key("th")] = .cell
        m[key("article")] = .mainCandidate
        m[key("main")] = .mainCandidate
        m[key("title")] = .title
        m[key("html")] = .root
        return m
    }()
}
