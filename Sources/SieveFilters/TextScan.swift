#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SieveIO

// Byte-level helpers over valid UTF-8 (Swift strings are always valid UTF-8).
// Character classes follow Python's str methods where the filters mirror datatrove.

/// One decoded scalar: its value and its encoded length in bytes.
@inline(__always)
func decodeScalar(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (value: UInt32, length: Int) {
    let b0 = UInt32(p[i])
    if b0 < 0x80 { return (b0, 1) }
    if b0 < 0xE0 { return (((b0 & 0x1F) << 6) | (UInt32(p[i + 1]) & 0x3F), 2) }
    if b0 < 0xF0 {
        return (((b0 & 0x0F) << 12) | ((UInt32(p[i + 1]) & 0x3F) << 6) | (UInt32(p[i + 2]) & 0x3F), 3)
    }
    return (((b0 & 0x07) << 18) | ((UInt32(p[i + 1]) & 0x3F) << 12) | ((UInt32(p[i + 2]) & 0x3F) << 6)
        | (UInt32(p[i + 3]) & 0x3F), 4)
}

/// The scalar that ends just before byte `end` (start of it, value).
@inline(__always)
func scalarBefore(_ p: UnsafeBufferPointer<UInt8>, _ end: Int) -> (start: Int, value: UInt32) {
    var s = end - 1
    while s > 0 && p[s] & 0xC0 == 0x80 { s -= 1 }
    return (s, decodeScalar(p, s).value)
}

/// Number of Unicode scalars (Python `len`) in p[start..<end]: the bytes that are not UTF-8
/// continuation bytes (10xxxxxx), counted eight at a time.
@inline(__always)
func scalarCount(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
    var cont = 0
    var i = start
    if end - start >= 8, let base = p.baseAddress {
        let raw = UnsafeRawPointer(base)
        let high: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= end {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // Bit 7 set and bit 6 clear, per byte.
            cont += (w & ~(w << 1) & high).nonzeroBitCount
            i += 8
        }
    }
    while i < end { if p[i] & 0xC0 == 0x80 { cont += 1 }; i += 1 }
    return end - start - cont
}

enum CharClass {
    static let wordBit: UInt8 = 1, alphaBit: UInt8 = 2, terminalBit: UInt8 = 4

    /// Class bits of every BMP code point, computed once (the stdlib's property lookups are
    /// the hot spot otherwise).
    static let bmp: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 0x10000)
        for v in 0..<UInt32(0x10000) {
            // Blocks whose every code point has one known class (stable since Unicode 14), so
            // their 39k property lookups are skipped: CJK Unified Ideographs and Hangul Syllables
            // (Lo, not terminal), Private Use (Co).
            if let known = uniformBMPClass(v) {
                t[Int(v)] = known
                continue
            }
            guard let s = Unicode.Scalar(v) else { continue }
            var bits: UInt8 = 0
            switch s.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
                bits = wordBit | alphaBit
            case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
                bits = wordBit
            default: break
            }
            if s.properties.isSentenceTerminal { bits |= terminalBit }
            t[Int(v)] = bits
        }
        return t
    }()

    /// The class bits of `v` when it lies in a block of uniform class (see `bmp`), else nil.
    @inline(__always)
    static func uniformBMPClass(_ v: UInt32) -> UInt8? {
        switch v {
        case 0x4E00...0x9FFF, 0xAC00...0xD7A3: return wordBit | alphaBit
        case 0xE000...0xF8FF: return 0
        default: return nil
        }
    }

    /// Python `str.isspace()`.
    @inline(__always)
    static func isPySpace(_ v: UInt32) -> Bool {
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) || (v >= 0x1C && v <= 0x1F) }
        switch v {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Unicode White_Space (the tokenizer's separator).
    @inline(__always)
    static func isWhiteSpace(_ v: UInt32) -> Bool {
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        switch v {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Python `str.isalpha()` for one scalar: general category L*.
    @inline(__always)
    static func isAlpha(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A }
        if v < 0x10000 { return bmp[Int(v)] & alphaBit != 0 }
        guard let s = Unicode.Scalar(v) else { return false }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// Word character of the segmenter's fast path: letters, marks, numbers (not `_`: datatrove
    /// counts underscores as punctuation).
    @inline(__always)
    static func isWordChar(_ v: UInt32) -> Bool {
        if v < 0x80 {
            return (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A || (v >= 0x30 && v <= 0x39)
        }
        if v < 0x10000 { return bmp[Int(v)] & wordBit != 0 }
        guard let s = Unicode.Scalar(v) else { return false }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default: return false
        }
    }

    /// Unicode Sentence_Terminal (datatrove's TERMINAL_PUNCTUATION is this property).
    @inline(__always)
    static func isSentenceTerminal(_ v: UInt32) -> Bool {
        if v < 0x80 { return v == 0x21 || v == 0x2E || v == 0x3F }
        if v < 0x10000 { return bmp[Int(v)] & terminalBit != 0 }
        guard let s = Unicode.Scalar(v) else { return false }
        return s.properties.isSentenceTerminal
    }

    /// Scripts written without spaces between words, which need ICU's dictionary word breaks.
    @inline(__always)
    static func isUnspacedScript(_ v: UInt32) -> Bool {
        switch v {
        case 0x0E00...0x0FFF,  // Thai, Lao, Tibetan
             0x1000...0x109F,  // Myanmar
             0x1780...0x17FF, 0x19E0...0x19FF,  // Khmer
             0x3040...0x30FF, 0x31F0...0x31FF,  // Hiragana, Katakana
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FFFF:  // Han
            return true
        default: return false
        }
    }
}

/// Byte tests on eight bytes at once (one UInt64, any byte order).
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let high: UInt64 = 0x8080_8080_8080_8080

    /// Whether some byte of `x` is 0 (exact as a yes/no answer).
    @inline(__always)
    static func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & high != 0 }

    /// Whether some byte of `x` equals `b`.
    @inline(__always)
    static func hasByte(_ x: UInt64, _ b: UInt8) -> Bool { hasZero(x ^ (ones &* UInt64(b))) }

    /// The number of zero bytes of `x` (exact: no carries cross bytes).
    @inline(__always)
    static func zeroBytes(_ x: UInt64) -> Int {
        let low7 = ~high
        let nonzero = (((x & low7) &+ low7) | x) & high
        return 8 - nonzero.nonzeroBitCount
    }

    /// Whether some byte of `x` is below 0x1F, or is 0xC2 or 0xE2: false means no line break of
    /// `str.splitlines` starts in these bytes.
    @inline(__always)
    static func mayBreakLine(_ x: UInt64) -> Bool {
        if (x &- ones &* 0x1F) & ~x & high != 0 { return true }
        if x & high == 0 { return false }
        return hasByte(x, 0xC2) || hasByte(x, 0xE2)
    }
}

/// Python-compatible line splitting on UTF-8 bytes (ranges are byte offsets).
enum Lines {
    /// `str.splitlines()`: breaks at \n, \r, \r\n, \v, \f, \x1c-\x1e, U+0085, U+2028, U+2029.
    static func splitlines(_ p: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        var i = 0
        let n = p.count
        let raw = p.baseAddress.map { UnsafeRawPointer($0) }
        while i < n {
            // Eight bytes at a time past words holding no byte < 0x1F, 0xC2 or 0xE2 (the bytes
            // that can start a line break).
            if let raw {
                while i &+ 8 <= n && !SWAR.mayBreakLine(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { i &+= 8 }
                if i >= n { break }
            }
            let b = p[i]
            var brk = 0  // bytes of the line break at i
            if b == 0x0A || b == 0x0B || b == 0x0C || (b >= 0x1C && b <= 0x1E) {
                brk = 1
            } else if b == 0x0D {
                brk = (i + 1 < n && p[i + 1] == 0x0A) ? 2 : 1
            } else if b == 0xC2 && i + 1 < n && p[i + 1] == 0x85 {
                brk = 2
            } else if b == 0xE2 && i + 2 < n && p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9) {
                brk = 3
            }
            if brk > 0 {
                out.append(start..<i)
                i += brk
                start = i
            } else {
                i += 1
            }
        }
        if start < n { out.append(start..<n) }
        return out
    }

    /// `str.split("\n")`.
    static func splitNewline(_ p: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        var i = 0
        while let nl = nextNewline(p, from: i) {
            out.append(start..<nl)
            start = nl + 1
            i = nl + 1
        }
        out.append(start..<p.count)
        return out
    }

    /// The offset of the first `\n` at or after `from`, nil when there is none (memchr).
    @inline(__always)
    static func nextNewline(_ p: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < p.count, let base = p.baseAddress else { return nil }
        guard let hit = memchr(base + from, 0x0A, p.count - from) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    /// The number of `\n` bytes of `p` (eight at a time).
    static func newlineCount(_ p: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var i = 0
        let n = p.count
        if let base = p.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i &+ 8 <= n {
                count &+= SWAR.zeroBytes(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A)
                i &+= 8
            }
        }
        while i < n {
            if p[i] == 0x0A { count += 1 }
            i += 1
        }
        return count
    }

    /// `str.strip()` on a byte range.
    static func strip(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
        return rstrip(p, lstrip(p, r))
    }

    static func lstrip(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
        var s = r.lowerBound
        while s < r.upperBound {
            let (v, len) = decodeScalar(p, s)
            if !CharClass.isPySpace(v) { break }
            s += len
        }
        return s..<r.upperBound
    }

    static func rstrip(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
        var e = r.upperBound
        while e > r.lowerBound {
            let (s, v) = scalarBefore(p, e)
            if !CharClass.isPySpace(v) { break }
            e = s
        }
        return r.lowerBound..<e
    }
}

/// Polynomial hash of byte strings modulo 2^64 (h = h·B + byte). Hashes of concatenations
/// combine from the parts' hashes: H(a+b) = H(a)·B^len(b) + H(b). Used only for equality
/// sets, never iterated, so no order leaks into outputs.
struct PolyHash {
    static let base: UInt64 = 0x0000_0100_0000_01B3
    /// The inverse of `base` modulo 2^64 (`base` is odd).
    static let inverseBase: UInt64 = {
        var x = base  // correct to 3 bits; each Newton step doubles the correct bits
        for _ in 0..<6 { x = x &* (2 &- base &* x) }
        return x
    }()

    /// Hash and B^length of p[r].
    @inline(__always)
    static func of(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> (hash: UInt64, pow: UInt64) {
        var h: UInt64 = 0
        var i = r.lowerBound
        while i < r.upperBound {
            h = h &* base &+ UInt64(p[i]) &+ 1
            i += 1
        }
        return (h, r.count < 256 ? powersPointer[r.count] : power(r.count))
    }

    /// Final mix, with the length mixed in to separate equal-hash strings of different
    /// lengths. A bijection of `h ^ length·K` (odd multiply, then xor-shift), so two keys are
    /// equal exactly when those values are; the xor-shift brings the product's well-mixed high
    /// bits down to the low bits that index hash tables.
    @inline(__always)
    static func finish(_ h: UInt64, length: Int) -> UInt64 {
        var x = (h ^ (UInt64(truncatingIfNeeded: length) &* 0x9E37_79B9_7F4A_7C15)) &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 32
        return x
    }

    /// B^k and B^-k for k < 256 (token lengths), to advance prefix hashes a token at a time.
    static let powers: [UInt64] = {
        var t = [UInt64](repeating: 1, count: 256)
        for k in 1..<256 { t[k] = t[k - 1] &* base }
        return t
    }()
    static let inversePowers: [UInt64] = {
        var t = [UInt64](repeating: 1, count: 256)
        for k in 1..<256 { t[k] = t[k - 1] &* inverseBase }
        return t
    }()

    /// `powers` and `inversePowers` as pointers that stay valid for the life of the process.
    nonisolated(unsafe) static let powersPointer: UnsafePointer<UInt64> = {
        let p = UnsafeMutablePointer<UInt64>.allocate(capacity: 256)
        p.initialize(from: powers, count: 256)
        return UnsafePointer(p)
    }()
    nonisolated(unsafe) static let inversePowersPointer: UnsafePointer<UInt64> = {
        let p = UnsafeMutablePointer<UInt64>.allocate(capacity: 256)
        p.initialize(from: inversePowers, count: 256)
        return UnsafePointer(p)
    }()

    /// B^k (and B^-k when `inverse`).
    @inline(__always)
    static func power(_ k: Int, inverse: Bool = false) -> UInt64 {
        if k < 256 { return inverse ? inversePowers[k] : powers[k] }
        var r: UInt64 = 1
        let b = inverse ? inverseBase : base
        for _ in 0..<k { r = r &* b }
        return r
    }
}

/// A 64-bit hash of byte strings read eight bytes at a time, for equality sets only (duplicate
/// lines and paragraphs): each step is a bijection of the state for a fixed input word, and the
/// length is mixed in at the end.
enum ChunkHash {
    @inline(__always)
    static func of(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> UInt64 {
        guard let base = p.baseAddress else { return PolyHash.finish(0, length: 0) }
        let raw = UnsafeRawPointer(base)
        let k: UInt64 = 0x9FB2_1C65_1E98_DF25
        var h: UInt64 = 0x2545_F491_4F6C_DD1D
        var i = r.lowerBound
        let end = r.upperBound
        while i + 8 <= end {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
            h ^= h >> 29
            i += 8
        }
        if i < end {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < end {
                w |= UInt64(p[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ w) &* k
            h ^= h >> 29
        }
        return PolyHash.finish(h, length: r.count)
    }
}

/// Runs `body` over the UTF-8 bytes of `text` without copying when possible.
@inline(__always)
func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    var t = text
    return t.withUTF8 { body($0) }
}

/// Language codes as integers: the part of a label before its first `_` or `-` (`eng` of
/// `eng_Latn`), ASCII-lowercased and packed (`PackedASCII`), so per-document lookups need no
/// String building or hashing. nil when that part is longer than 8 bytes or
/// holds a byte that is 0 or not ASCII (callers then take the String path, which lowercases
/// fully: U+212A KELVIN SIGN lowercases to ASCII `k`).
enum PackedCode {
    @inline(__always)
    static func of(_ language: String) -> UInt64? {
        PackedASCII.pack(language.utf8.lazy.prefix { $0 != 0x5F && $0 != 0x2D }.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 })
    }

    /// The packed form of an ASCII code with no `_`/`-` (for building tables); nil if it has none.
    static func of(code: String) -> UInt64? {
        if code.utf8.contains(where: { $0 == 0x5F || $0 == 0x2D }) { return nil }
        return of(code)
    }
}
