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
        if let k = key(name) { return kind(key: k) }
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

    /// Packed keys (`key(_:)`) of names the walk tests directly.
    static let bodyKey: UInt64 = 0x79646F62  // body
    static let preKey: UInt64 = 0x657270     // pre

    /// Kind of the element with packed name `k` (a switch over the packed names' integer
    /// values: no hashing per element). The names are in the comments.
    static func kind(key k: UInt64) -> TagKind {
        switch k {
        // p, h1, h2, h3, h4, h5, h6, pre, ul, ol, dl, table, thead, tbody, tfoot, address, hr, details, summary, caption, hgroup
        case 0x70, 0x3168, 0x3268, 0x3368, 0x3468, 0x3568, 0x3668, 0x657270, 0x6C75, 0x6C6F, 0x6C64,
             0x656C626174, 0x6461656874, 0x79646F6274, 0x746F6F6674, 0x73736572646461, 0x7268, 0x736C6961746564,
             0x7972616D6D7573, 0x6E6F6974706163, 0x70756F726768:
            return .block
        // div, section, center, body
        case 0x766964, 0x6E6F6974636573, 0x7265746E6563, 0x79646F62:
            return .division
        // script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, math, button, select, option, input, textarea, object, embed, canvas, video, audio, map, meta, link, frameset, frame, applet, datalist, label, figure, time, picture, menu, fieldset, legend, dialog, marquee, noindex, menuitem, output, progress, rp, rt, rtc, source, track, area, blink, param, optgroup
        case 0x747069726373, 0x656C797473, 0x7470697263736F6E, 0x6574616C706D6574, 0x76616E, 0x726564616568,
             0x7265746F6F66, 0x6564697361, 0x6D726F66, 0x656D61726669, 0x677673, 0x6874616D, 0x6E6F74747562,
             0x7463656C6573, 0x6E6F6974706F, 0x7475706E69, 0x6165726174786574, 0x7463656A626F, 0x6465626D65,
             0x7361766E6163, 0x6F65646976, 0x6F69647561, 0x70616D, 0x6174656D, 0x6B6E696C, 0x746573656D617266,
             0x656D617266, 0x74656C707061, 0x7473696C61746164, 0x6C6562616C, 0x657275676966, 0x656D6974,
             0x65727574636970, 0x756E656D, 0x746573646C656966, 0x646E6567656C, 0x676F6C616964, 0x6565757172616D,
             0x7865646E696F6E, 0x6D657469756E656D, 0x74757074756F, 0x73736572676F7270, 0x7072, 0x7472, 0x637472,
             0x656372756F73, 0x6B63617274, 0x61657261, 0x6B6E696C62, 0x6D61726170, 0x70756F726774706F:
            return .skip
        // br
        case 0x7262:
            return .lineBreak
        // a
        case 0x61:
            return .link
        // li, dt, dd
        case 0x696C, 0x7464, 0x6464:
            return .listItem
        // tr
        case 0x7274:
            return .row
        // td, th
        case 0x6474, 0x6874:
            return .cell
        // article, main
        case 0x656C6369747261, 0x6E69616D:
            return .mainCandidate
        // title
        case 0x656C746974:
            return .title
        // html
        case 0x6C6D7468:
            return .root
        default: return .inline
        }
    }
}
