// Charset detection and transcoding to UTF-8 (byte level; ICU converters through CICU).
import CICU

/// Where a page's charset came from.
public enum CharsetSource: String, Sendable {
    /// The `charset=` parameter of the HTTP Content-Type (or the caller).
    case http
    /// A byte-order mark at the start of the body.
    case bom
    /// `<meta charset>` or `<meta http-equiv="content-type">` in the first bytes of the page.
    case meta
    /// No label: the body is valid UTF-8.
    case utf8
    /// No label and not valid UTF-8: windows-1252, as browsers do.
    case fallback
}

/// A WHATWG encoding name (lowercase, as the Encoding Standard spells it) and the ICU converter
/// name used to decode it.
struct Encoding: Equatable {
    var name: String
    var icuName: String
    static let utf8 = Encoding(name: "utf-8", icuName: "UTF-8")
    static let windows1252 = Encoding(name: "windows-1252", icuName: "windows-1252")
}

enum Charset {
    /// Maps a charset label to an encoding the way the WHATWG Encoding Standard does
    /// (`iso-8859-1` and `ascii` mean windows-1252, `gb2312` means GBK, …). Labels the standard
    /// does not list are tried with ICU as is. Nil when the label is unknown.
    static func encoding(forLabel raw: String) -> Encoding? {
        // The label of most pages, answered without building new strings.
        if isUTF8Label(raw) { return .utf8 }
        var label = raw.lowercased()
        label = String(label.drop(while: { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" }))
        while let last = label.last, last == " " || last == "\t" || last == "\"" || last == "'" || last == ";" {
            label.removeLast()
        }
        if label.isEmpty { return nil }
        if let e = whatwgLabels[label] { return e }
        // Not a WHATWG label: let ICU try (e.g. "ibm866", "cp437"); give it a lowercase name.
        var buf = [CChar](repeating: 0, count: 64)
        if label.utf8.count < 60, cicu_charset_canonical(label, &buf, 64) == 1,
           let c = cicu_converter_open(label) {
            cicu_converter_close(c)
            let canon = String(decoding: buf.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return Encoding(name: canon.isEmpty ? label : canon.lowercased(), icuName: label)
        }
        return nil
    }

    /// True if `raw` is exactly "utf-8" in any ASCII letter case (which the general path maps
    /// to UTF-8: lowercased, nothing to trim, a table entry).
    static func isUTF8Label(_ raw: String) -> Bool {
        guard raw.utf8.count == 5 else { return false }
        let lit: UInt64 = 0x38_2D_66_74_75  // "utf-8", first byte lowest
        var i: UInt64 = 0
        for var c in raw.utf8 {
            if i < 3 { c |= 0x20 }  // the letters, in either case
            if c != UInt8(truncatingIfNeeded: lit >> (8 * i)) { return false }
            i += 1
        }
        return true
    }

    private static let whatwgLabels: [String: Encoding] = {
        var m: [String: Encoding] = [:]
        func add(_ name: String, _ icu: String, _ labels: [String]) {
            let e = Encoding(name: name, icuName: icu)
            m[name] = e
            for l in labels { m[l] = e }
        }
        add("utf-8", "UTF-8", ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf8", "x-unicode20utf8"])
        add("ibm866", "ibm-866", ["866", "cp866", "csibm866"])
        add("iso-8859-2", "ISO-8859-2", ["csisolatin2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2", "iso_8859-2:1987", "l2", "latin2"])
        add("iso-8859-3", "ISO-8859-3", ["csisolatin3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3", "iso_8859-3:1988", "l3", "latin3"])
        add("iso-8859-4", "ISO-8859-4", ["csisolatin4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4", "iso_8859-4:1988", "l4", "latin4"])
        add("iso-8859-5", "ISO-8859-5", ["csisolatincyrillic", "cyrillic", "iso-ir-144", "iso8859-5", "iso88595", "iso_8859-5", "iso_8859-5:1988"])
        add("iso-8859-6", "ISO-8859-6", ["arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114", "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596", "iso_8859-6", "iso_8859-6:1987"])
        add("iso-8859-7", "ISO-8859-7", ["csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-ir-126", "iso8859-7", "iso88597", "iso_8859-7", "iso_8859-7:1987", "sun_eu_greek"])
        add("iso-8859-8", "ISO-8859-8", ["csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8-e", "iso-ir-138", "iso8859-8", "iso88598", "iso_8859-8", "iso_8859-8:1988", "visual"])
        add("iso-8859-8-i", "ISO-8859-8", ["csiso88598i", "logical"])
        add("iso-8859-10", "ISO-8859-10", ["csisolatin6", "iso-ir-157", "iso8859-10", "iso885910", "l6", "latin6"])
        add("iso-8859-13", "ISO-8859-13", ["iso8859-13", "iso885913"])
        add("iso-8859-14", "ISO-8859-14", ["iso8859-14", "iso885914"])
        add("iso-8859-15", "ISO-8859-15", ["csisolatin9", "iso8859-15", "iso885915", "iso_8859-15", "l9"])
        add("iso-8859-16", "ISO-8859-16", [])
        add("koi8-r", "KOI8-R", ["cskoi8r", "koi", "koi8", "koi8_r"])
        add("koi8-u", "KOI8-U", ["koi8-ru"])
        add("macintosh", "macintosh", ["csmacintosh", "mac", "x-mac-roman"])
        add("windows-874", "windows-874", ["dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620"])
        add("windows-1250", "windows-1250", ["cp1250", "x-cp1250"])
        add("windows-1251", "windows-1251", ["cp1251", "x-cp1251"])
        add("windows-1252", "windows-1252", ["ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "x-cp1252"])
        add("windows-1253", "windows-1253", ["cp1253", "x-cp1253"])
        add("windows-1254", "windows-1254", ["cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9", "iso_8859-9:1989", "l5", "latin5", "x-cp1254"])
        add("windows-1255", "windows-1255", ["cp1255", "x-cp1255"])
        add("windows-1256", "windows-1256", ["cp1256", "x-cp1256"])
        add("windows-1257", "windows-1257", ["cp1257", "x-cp1257"])
        add("windows-1258", "windows-1258", ["cp1258", "x-cp1258"])
        add("x-mac-cyrillic", "x-mac-cyrillic", ["x-mac-ukrainian"])
        // GBK is decoded with the GB18030 decoder (a superset), as the Encoding Standard does.
        add("gbk", "GB18030", ["chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "iso-ir-58", "x-gbk"])
        add("gb18030", "GB18030", [])
        add("big5", "Big5-HKSCS", ["big5-hkscs", "cn-big5", "csbig5", "x-x-big5"])
        add("euc-jp", "EUC-JP", ["cseucpkdfmtjapanese", "x-euc-jp"])
        add("iso-2022-jp", "ISO-2022-JP", ["csiso2022jp"])
        add("shift_jis", "windows-31j", ["csshiftjis", "ms932", "ms_kanji", "shift-jis", "sjis", "windows-31j", "x-sjis"])
        add("euc-kr", "windows-949", ["cseuckr", "csksc56011987", "iso-ir-149", "korean", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949"])
        add("utf-16be", "UTF-16BE", ["unicodefffe"])
        add("utf-16le", "UTF-16LE", ["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16"])
        return m
    }()

    /// The encoding named by a byte-order mark, and the BOM's length.
    static func sniffBOM(_ b: UnsafeRawBufferPointer) -> (Encoding, Int)? {
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { return (.utf8, 3) }
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF { return (Encoding(name: "utf-16be", icuName: "UTF-16BE"), 2) }
        if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE { return (Encoding(name: "utf-16le", icuName: "UTF-16LE"), 2) }
        return nil
    }

    @inline(__always) private static func lower(_ c: UInt8) -> UInt8 { (c >= 65 && c <= 90) ? c | 0x20 : c }
    @inline(__always) private static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 12 || c == 13 }

    /// Case-insensitive match of ASCII `lit` (lowercase) at `i`.
    private static func matches(_ b: UnsafeRawBufferPointer, _ i: Int, _ lit: StaticString) -> Bool {
        let n = lit.utf8CodeUnitCount
        if i + n > b.count { return false }
        let p = lit.utf8Start
        for k in 0..<n where lower(b[i + k]) != p[k] { return false }
        return true
    }

    /// Looks for `<meta charset=…>` or `<meta http-equiv="content-type" content="…charset=…">`
    /// in the first `limit` bytes (skipping comments). Returns the label.
    static func prescanMeta(_ b: UnsafeRawBufferPointer, limit: Int = 4096) -> String? {
        let end = min(b.count, limit)
        var i = 0
        while i < end {
            guard b[i] == UInt8(ascii: "<") else { i += 1; continue }
            if matches(b, i, "<!--") {
                // Skip to the end of the comment.
                var j = i + 4
                while j + 2 < b.count, !(b[j] == 45 && b[j + 1] == 45 && b[j + 2] == 62) { j += 1 }
                i = j + 3
                continue
            }
            guard matches(b, i, "<meta"), i + 5 < b.count, isSpace(b[i + 5]) || b[i + 5] == 47 else { i += 1; continue }
            // Parse attributes until '>'.
            var j = i + 5
            var charset: String?
            var httpEquivCT = false
            var content: String?
            while j < b.count && j < end + 1024 {
                while j < b.count, isSpace(b[j]) || b[j] == 47 { j += 1 }
                if j >= b.count || b[j] == 62 { break }
                let nameStart = j
                while j < b.count, !isSpace(b[j]), b[j] != 61, b[j] != 62, b[j] != 47 { j += 1 }
                let nameEnd = j
                while j < b.count, isSpace(b[j]) { j += 1 }
                var value: (Int, Int)? = nil
                if j < b.count, b[j] == 61 {
                    j += 1
                    while j < b.count, isSpace(b[j]) { j += 1 }
                    if j < b.count, b[j] == 34 || b[j] == 39 {
                        let q = b[j]; j += 1
                        let vs = j
                        while j < b.count, b[j] != q { j += 1 }
                        value = (vs, j)
                        if j < b.count { j += 1 }
                    } else {
                        let vs = j
                        while j < b.count, !isSpace(b[j]), b[j] != 62 { j += 1 }
                        value = (vs, j)
                    }
                }
                let nameLen = nameEnd - nameStart
                if let (vs, ve) = value {
                    if nameLen == 7, matches(b, nameStart, "charset") {
                        charset = ascii(b, vs, ve)
                    } else if nameLen == 10, matches(b, nameStart, "http-equiv") {
                        httpEquivCT = ve - vs == 12 && matches(b, vs, "content-type")
                    } else if nameLen == 7, matches(b, nameStart, "content") {
                        content = ascii(b, vs, ve)
                    }
                }
            }
            if let c = charset, !c.isEmpty { return c }
            if httpEquivCT, let c = content, let label = charsetParameter(c) { return label }
            i = j + 1
        }
        return nil
    }

    private static func ascii(_ b: UnsafeRawBufferPointer, _ s: Int, _ e: Int) -> String {
        var out = [UInt8]()
        out.reserveCapacity(e - s)
        for k in s..<min(e, s + 128) where b[k] < 0x80 { out.append(lower(b[k])) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The charset parameter of a Content-Type value (`text/html; charset=UTF-8` → `utf-8`).
    static func charsetParameter(_ value: String) -> String? {
        let v = Array(value.lowercased().utf8)
        let key = Array("charset".utf8)
        var i = 0
        while i + key.count <= v.count {
            if Array(v[i..<i + key.count]) == key {
                var j = i + key.count
                while j < v.count, v[j] == 32 { j += 1 }
                guard j < v.count, v[j] == 61 else { i += 1; continue }
                j += 1
                while j < v.count, v[j] == 32 || v[j] == 34 || v[j] == 39 { j += 1 }
                let s = j
                while j < v.count, v[j] != 59, v[j] != 32, v[j] != 34, v[j] != 39 { j += 1 }
                return j > s ? String(decoding: v[s..<j], as: UTF8.self) : nil
            }
            i += 1
        }
        return nil
    }

    /// True if every byte is ASCII (below 0x80).
    static func isASCII(_ b: UnsafeRawBufferPointer) -> Bool {
        guard let base = b.baseAddress else { return true }
        let n = b.count
        var i = 0
        var acc: UInt64 = 0
        while i + 8 <= n {
            acc |= base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        var tail: UInt8 = 0
        while i < n { tail |= base.load(fromByteOffset: i, as: UInt8.self); i += 1 }
        return acc & 0x8080_8080_8080_8080 == 0 && tail < 0x80
    }

    /// True if the bytes are well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF).
    static func isValidUTF8(_ b: UnsafeRawBufferPointer) -> Bool {
        guard let base = b.baseAddress else { return true }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let n = b.count
        let high: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i < n {
            // ASCII fast path: 16 bytes at a time, then to the first non-ASCII byte of 8.
            while i &+ 16 <= n {
                let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    | base.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
                if w & high != 0 { break }
                i &+= 16
            }
            if i &+ 8 <= n {
                let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) & high
                if w == 0 { i &+= 8; continue }
                i &+= w.trailingZeroBitCount >> 3
            }
            // Characters one at a time, back to the fast path after an ASCII byte.
            while i < n {
                let c = p[i]
                if c < 0x80 { i &+= 1; break }
                if c < 0xC2 { return false }
                if c < 0xE0 {
                    if i + 1 >= n || p[i + 1] & 0xC0 != 0x80 { return false }
                    i &+= 2; continue
                }
                if c < 0xF0 {
                    if i + 2 >= n { return false }
                    let c1 = p[i + 1], c2 = p[i + 2]
                    if c1 & 0xC0 != 0x80 || c2 & 0xC0 != 0x80 { return false }
                    if c == 0xE0 && c1 < 0xA0 { return false }
                    if c == 0xED && c1 >= 0xA0 { return false }
                    i &+= 3; continue
                }
                if c < 0xF5 {
                    if i + 3 >= n { return false }
                    let c1 = p[i + 1], c2 = p[i + 2], c3 = p[i + 3]
                    if c1 & 0xC0 != 0x80 || c2 & 0xC0 != 0x80 || c3 & 0xC0 != 0x80 { return false }
                    if c == 0xF0 && c1 < 0x90 { return false }
                    if c == 0xF4 && c1 >= 0x90 { return false }
                    i &+= 4; continue
                }
                return false
            }
        }
        return true
    }

    /// Decodes `b` from `encoding` to UTF-8; invalid sequences become U+FFFD. Nil if ICU cannot
    /// open the converter.
    static func transcode(_ b: UnsafeRawBufferPointer, from encoding: Encoding) -> [UInt8]? {
        guard let conv = cicu_converter_open(encoding.icuName) else { return nil }
        defer { cicu_converter_close(conv) }
        guard b.count < Int(Int32.max) / 4 else { return nil }
        let src = b.baseAddress?.assumingMemoryBound(to: UInt8.self)
        var capacity = b.count * 3 + 16
        for _ in 0..<2 {
            // ICU writes the bytes; the array keeps only those (no zero-filling first).
            var n: Int32 = 0
            let out = [UInt8](unsafeUninitializedCapacity: capacity) { o, written in
                n = cicu_convert_to_utf8(conv, src, Int32(b.count), o.baseAddress, Int32(capacity))
                written = n >= 0 && Int(n) <= capacity ? Int(n) : 0
            }
            if n >= 0 && Int(n) <= capacity { return out }
            if n == Int32.min { return nil }
            capacity = Int(-n) + 16
        }
        return nil
    }
}
