// Percent-encoding normalisation of robots.txt patterns and URL paths, byte-level.

/// Normalises patterns and paths so that equivalent spellings compare equal.
///
/// RFC 9309 §2.2.2: escapes of unreserved characters are decoded, other escapes keep their
/// (uppercased) form, and octets outside printable US-ASCII are percent-encoded.
/// Protego 0.7.0: every escape but `%2F`/`%25` (and `%2A` in patterns) is decoded, invalid UTF-8
/// becomes U+FFFD, then everything but `A-Za-z0-9_.-~/%=` (and `*` in patterns) is encoded.
enum PercentCoding {
    @inline(__always) static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b &- 0x30
        case 0x41...0x46: return b &- 0x41 &+ 10
        case 0x61...0x66: return b &- 0x61 &+ 10
        default: return nil
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    @inline(__always) static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E: return true
        default: return false
        }
    }

    @inline(__always) static func appendEscape(_ b: UInt8, to out: inout [UInt8]) {
        out.append(0x25)
        out.append(hexDigits[Int(b >> 4)])
        out.append(hexDigits[Int(b & 15)])
    }

    /// RFC normalisation of `input` (no wildcard handling: `*` and `$` are ordinary bytes here).
    static func normalizeRFC(_ input: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var i = 0
        let n = input.count
        while i < n {
            let b = input[i]
            if b == 0x25, i + 2 < n, let h = hexValue(input[i + 1]), let l = hexValue(input[i + 2]) {
                let v = h << 4 | l
                if isUnreserved(v) {
                    out.append(v)
                } else {
                    appendEscape(v, to: &out)
                }
                i += 3
                continue
            }
            if b <= 0x20 || b >= 0x7F {
                appendEscape(b, to: &out)
            } else {
                out.append(b)
            }
            i += 1
        }
    }

    /// Replaces ill-formed UTF-8 by U+FFFD the way Python's `decode("utf-8", "replace")` does
    /// (one replacement per maximal ill-formed subpart).
    static func replaceInvalidUTF8(_ input: [UInt8]) -> [UInt8] {
        var ascii = true
        for b in input where b >= 0x80 { ascii = false; break }
        if ascii { return input }
        var out: [UInt8] = []
        out.reserveCapacity(input.count + 8)
        let n = input.count
        var i = 0
        while i < n {
            let b = input[i]
            if b < 0x80 { out.append(b); i += 1; continue }
            var need = 0
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: need = -1
            }
            if need < 0 { out.append(contentsOf: [0xEF, 0xBF, 0xBD]); i += 1; continue }
            var j = 1
            var ok = true
            while j <= need {
                if i + j >= n { ok = false; break }
                let c = input[i + j]
                let l: UInt8 = j == 1 ? lo : 0x80
                let h: UInt8 = j == 1 ? hi : 0xBF
                if c < l || c > h { ok = false; break }
                j += 1
            }
            if ok {
                out.append(contentsOf: input[i...(i + need)])
                i += need + 1
            } else {
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                i += j  // the maximal subpart consumed so far
            }
        }
        return out
    }

    /// Protego normalisation (`quote(unquote(value, ignore=kept), safe=kept + "=")`).
    static func normalizeProtego(_ input: [UInt8], pattern: Bool) -> [UInt8] {
        let src = replaceInvalidUTF8(input)
        var decoded: [UInt8] = []
        decoded.reserveCapacity(src.count)
        var hasPercent = false
        for b in src where b == 0x25 { hasPercent = true; break }
        if hasPercent {
            var i = 0
            let n = src.count
            while i < n {
                let b = src[i]
                if b == 0x25, i + 2 < n, let h = hexValue(src[i + 1]), let l = hexValue(src[i + 2]) {
                    let v = h << 4 | l
                    if v == 0x2F || v == 0x25 || (pattern && v == 0x2A) {
                        appendEscape(v, to: &decoded)
                    } else {
                        decoded.append(v)
                    }
                    i += 3
                    continue
                }
                decoded.append(b)
                i += 1
            }
            decoded = replaceInvalidUTF8(decoded)
        } else {
            decoded = src
        }
        var out: [UInt8] = []
        out.reserveCapacity(decoded.count + 8)
        for b in decoded {
            if isUnreserved(b) || b == 0x2F || b == 0x25 || b == 0x3D || (pattern && b == 0x2A) {
                out.append(b)
            } else {
                appendEscape(b, to: &out)
            }
        }
        return out
    }

    /// Normalises a rule value into a pattern: returns the normalised bytes (trailing `$` kept as
    /// the end anchor) or an empty array when nothing is left.
    static func normalizePattern(_ value: [UInt8], semantics: RobotsSemantics) -> [UInt8] {
        var body = value
        var anchor = false
        if body.last == 0x24 { anchor = true; body.removeLast() }
        var out: [UInt8]
        switch semantics {
        case .rfc:
            out = []
            out.reserveCapacity(body.count + 4)
            body.withUnsafeBufferPointer { normalizeRFC($0, into: &out) }
        case .protego:
            if body.starts(with: "https://".utf8) || body.starts(with: "http://".utf8) {
                body.insert(0x2F, at: 0)
            }
            out = normalizeProtego(body, pattern: true)
        }
        if anchor { out.append(0x24) }
        return out
    }
}
