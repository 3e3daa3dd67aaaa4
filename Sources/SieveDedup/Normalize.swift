import Foundation

/// Splits normalised UTF-8 text into words. The default is `SimpleWordSplitter`; an ICU-based
/// splitter (for Thai, Chinese, Japanese…) can be swapped in through `MinHasher(config:splitter:)`.
/// Implementations must be deterministic; a splitter is used by one thread at a time.
public protocol WordSplitter {
    /// Appends the byte ranges of the words of `text` (already normalised by `TextNormalizer`:
    /// lowercase, no punctuation, single spaces) to `words`, in order.
    func split(_ text: UnsafeBufferPointer<UInt8>, into words: inout [Range<Int>])
}

/// Unicode-aware stand-in splitter: words are maximal runs of non-space characters, except that
/// each Han, Hiragana, Katakana, Thai, Lao, Khmer or Myanmar character is a word on its own.
public struct SimpleWordSplitter: WordSplitter, Sendable {
    public init() {}

    /// Whether `v` is a scalar of a script written without spaces (one character = one word here).
    @inline(__always)
    public static func isUnspacedScript(_ v: UInt32) -> Bool {
        switch v {
        case 0x0E00...0x0EFF,  // Thai, Lao
            0x1000...0x109F,  // Myanmar
            0x1780...0x17FF,  // Khmer
            0x3040...0x30FF,  // Hiragana, Katakana
            0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF66...0xFF9F,
            0x20000...0x3134F:
            return true
        default: return false
        }
    }

    public func split(_ text: UnsafeBufferPointer<UInt8>, into words: inout [Range<Int>]) {
        let n = text.count
        var i = 0
        var start = -1
        while i < n {
            let b = text[i]
            if b == 0x20 {
                if start >= 0 { words.append(start..<i); start = -1 }
                i += 1
                continue
            }
            if b < 0x80 {
                if start < 0 { start = i }
                i += 1
                continue
            }
            let len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
            let end = min(i + len, n)
            var v: UInt32 = len == 4 ? UInt32(b & 0x07) : len == 3 ? UInt32(b & 0x0F) : UInt32(b & 0x1F)
            var j = i + 1
            while j < end { v = (v << 6) | UInt32(text[j] & 0x3F); j += 1 }
            if len > 1 && Self.isUnspacedScript(v) {
                if start >= 0 { words.append(start..<i); start = -1 }
                words.append(i..<end)
            } else if start < 0 {
                start = i
            }
            i = end
        }
        if start >= 0 { words.append(start..<n) }
    }
}

/// FineWeb/datatrove-style text normalisation for near-duplicate detection, on UTF-8 bytes:
/// lowercase; every run of decimal digits becomes `0`; punctuation, symbols and whitespace become
/// a single space; diacritics are removed (canonical decomposition, then nonspacing marks
/// dropped); format characters (zero-width joiners…) are dropped; leading/trailing space trimmed.
/// ASCII goes through a table; other scalars are mapped once and cached. Not thread-safe: use one
/// instance per thread.
public final class TextNormalizer {
    private enum Mapping {
        case space, digit, drop
        case bytes([UInt8])
    }
    private var cache: [UInt32: Mapping] = [:]
    /// The normalised text of the last `normalize` call.
    public private(set) var output: [UInt8] = []

    public init() { output.reserveCapacity(1 << 16) }

    /// Normalises `text` into `output` (and returns it).
    @discardableResult
    public func normalize(_ text: String) -> [UInt8] {
        var s = text
        s.withUTF8 { normalize(bytes: $0) }
        return output
    }

    /// Output under construction. A local struct with mutating methods: no closures capturing
    /// the buffer, so no dynamic exclusivity checks per byte.
    private struct Builder {
        var out: [UInt8]
        var lastSpace = true  // suppresses leading spaces
        var lastDigit = false
        var separatorUsed = false  // a number may contain one decimal separator, as in FineWeb

        @inline(__always) mutating func space() {
            if !lastSpace { out.append(0x20); lastSpace = true }
            lastDigit = false
        }
        @inline(__always) mutating func digit() {
            if !lastDigit { out.append(0x30); lastDigit = true; lastSpace = false; separatorUsed = false }
        }
        @inline(__always) mutating func letter(_ b: UInt8) {
            out.append(b)
            lastSpace = false
            lastDigit = false
        }
    }

    /// Normalises UTF-8 `bytes` into `output`. Invalid UTF-8 bytes are treated as spaces.
    public func normalize(bytes: UnsafeBufferPointer<UInt8>) {
        // A local buffer (moved out of the class) avoids per-byte exclusivity checks.
        var o = Builder(out: self.output)
        self.output = []
        o.out.removeAll(keepingCapacity: true)
        o.out.reserveCapacity(bytes.count)
        var cache = self.cache
        self.cache = [:]
        let n = bytes.count
        var i = 0
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i &+= 1
                switch b {
                case 0x61...0x7A: o.letter(b)
                case 0x41...0x5A: o.letter(b | 0x20)
                case 0x30...0x39: o.digit()
                case 0x2E, 0x2C:  // "3.14" and "1,000" are one number
                    if o.lastDigit && !o.separatorUsed && i < n && bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                        o.separatorUsed = true
                    } else {
                        o.space()
                    }
                default: o.space()  // whitespace, controls, ASCII punctuation and symbols
                }
                continue
            }
            let len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
            guard len > 1, i + len <= n else { o.space(); i += 1; continue }
            var v: UInt32 = len == 4 ? UInt32(b & 0x07) : len == 3 ? UInt32(b & 0x0F) : UInt32(b & 0x1F)
            var ok = true
            for j in 1..<len {
                let c = bytes[i + j]
                if c & 0xC0 != 0x80 { ok = false; break }
                v = (v << 6) | UInt32(c & 0x3F)
            }
            guard ok else { o.space(); i += 1; continue }
            i += len
            let m: Mapping
            if let cached = cache[v] { m = cached } else { m = Self.map(v); cache[v] = m }
            switch m {
            case .space: o.space()
            case .digit: o.digit()
            case .drop: break
            case .bytes(let out): o.out.append(contentsOf: out); o.lastSpace = false; o.lastDigit = false
            }
        }
        if o.out.last == 0x20 { o.out.removeLast() }
        self.output = o.out
        self.cache = cache
    }

    private static func map(_ v: UInt32) -> Mapping {
        guard let scalar = Unicode.Scalar(v) else { return .space }
        let p = scalar.properties
        switch p.generalCategory {
        case .decimalNumber: return .digit
        case .nonspacingMark, .enclosingMark, .format: return .drop
        case .spaceSeparator, .lineSeparator, .paragraphSeparator, .control,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol,
            .surrogate, .privateUse, .unassigned:
            return .space
        default: break
        }
        if p.isWhitespace { return .space }
        let lower = p.lowercaseMapping
        let decomposed = lower.decomposedStringWithCanonicalMapping
        var out: [UInt8] = []
        for u in decomposed.unicodeScalars where u.properties.generalCategory != .nonspacingMark {
            out.append(contentsOf: Array(String(u).utf8))
        }
        return out.isEmpty ? .drop : .bytes(out)
    }
}
