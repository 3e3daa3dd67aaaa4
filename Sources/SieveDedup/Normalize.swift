import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits normalised UTF-8 text into words. The default is `SimpleWordSplitter`; an ICU-based
/// splitter (for Thai, Chinese, Japanese…) can be swapped in through `MinHasher(config:splitter:)`.
/// Implementations must be deterministic; a splitter is used by one thread at a time.
public protocol WordSplitter {
    /// Appends the byte ranges of the words of `text` (already normalised by `TextNormalizer`:
    /// lowercase, no punctuation, single spaces) to `words`, in order.
    func split(_ text: UnsafeBufferPointer<UInt8>, into words: inout [Range<Int>])

    /// True when, on normalised text whose scalars are all below U+0800 (no Thai, Han, kana…),
    /// the words are exactly the runs between the single spaces. `MinHasher` then takes the word
    /// boundaries from the normaliser (which records where it wrote spaces) and skips `split`.
    var splitsOnSpacesBelowU0800: Bool { get }
}

extension WordSplitter {
    public var splitsOnSpacesBelowU0800: Bool { false }
}

/// Unicode-aware stand-in splitter: words are maximal runs of non-space characters, except that
/// each Han, Hiragana, Katakana, Thai, Lao, Khmer or Myanmar character is a word on its own.
public struct SimpleWordSplitter: WordSplitter, Sendable {
    public init() {}

    /// Every unspaced script it splits per character is above U+0800.
    public var splitsOnSpacesBelowU0800: Bool { true }

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

/// Byte-level word split of normalised text in space-separated scripts, for a splitter that
/// otherwise asks ICU (the pipeline's `dedup-signatures`): in `TextNormalizer` output every
/// non-space scalar is a letter, mark or number (punctuation, symbols and spaces became one
/// space, digits `0`), so the words a byte-level segmenter finds there are exactly the
/// space-separated runs. Texts holding a scalar of a script written without spaces (Thai, Lao,
/// Tibetan, Myanmar, Khmer, kana, Han, halfwidth kana — a superset of the scripts that send
/// `WordSegmenter` to ICU) are left to the caller.
public enum SpacedWords {
    /// Whether `v` belongs to a script that needs dictionary word breaks (or is halfwidth kana).
    @inline(__always)
    public static func isUnspaced(_ v: UInt32) -> Bool {
        switch v {
        case 0x0E00...0x0FFF, 0x1000...0x109F, 0x1780...0x17FF, 0x19E0...0x19FF,
            0x3040...0x30FF, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF,
            0xFF66...0xFF9F, 0x20000...0x3134F:
            return true
        default: return false
        }
    }

    /// Appends the space-separated words of normalised `text` to `words` and returns true, or
    /// returns false (leaving `words` as it was) when the text holds an unspaced-script scalar.
    public static func split(_ text: UnsafeBufferPointer<UInt8>, into words: inout [Range<Int>]) -> Bool {
        let n = text.count
        // First pass: any scalar of an unspaced script? (Their lead bytes are E0–E9, EF, F0.)
        var i = 0
        while i < n {
            let b = text[i]
            if b < 0xE0 { i &+= 1; continue }
            let len = b >= 0xF0 ? 4 : 3
            guard i + len <= n else { break }
            var v: UInt32 = len == 4 ? UInt32(b & 0x07) : UInt32(b & 0x0F)
            for j in 1..<len { v = (v << 6) | UInt32(text[i + j] & 0x3F) }
            if isUnspaced(v) { return false }
            i &+= len
        }
        i = 0
        var start = 0
        while i < n {
            if text[i] == 0x20 {
                if i > start { words.append(start..<i) }
                start = i &+ 1
            }
            i &+= 1
        }
        if n > start { words.append(start..<n) }
        return true
    }
}

/// FineWeb/datatrove-style text normalisation for near-duplicate detection, on UTF-8 bytes:
/// lowercase; every run of decimal digits becomes `0`; punctuation, symbols and whitespace become
/// a single space; diacritics are removed (canonical decomposition, then nonspacing marks
/// dropped); format characters (zero-width joiners…) are dropped; leading/trailing space trimmed.
/// ASCII goes through a 256-entry class table with a tight loop for runs of letters; other
/// scalars are mapped once and cached (a flat table for the BMP, filled lazily). The output is
/// written through a raw buffer owned by the normaliser (no per-byte array bookkeeping). Not
/// thread-safe: use one instance per thread.
public final class TextNormalizer {
    /// Cached mapping of a non-ASCII scalar: 0 = not yet mapped, 1 = space, 2 = digit,
    /// 3 = drop, otherwise `(offset into pool) << 8 | byte count` + 4 (the replacement bytes).
    private static let unknown: UInt32 = 0, spaceCode: UInt32 = 1, digitCode: UInt32 = 2, dropCode: UInt32 = 3
    /// BMP scalar → code (allocated at the first non-ASCII scalar).
    /// (Stored properties are `@exclusivity(unchecked)`: an instance is used by one thread and
    /// never re-entered, and the per-scalar dynamic checks cost ~4 % of a signature.)
    @exclusivity(unchecked) private var bmp: [UInt32] = []
    /// Non-BMP scalar → code.
    @exclusivity(unchecked) private var astral: [UInt32: UInt32] = [:]
    /// Replacement bytes of the `.bytes` mappings.
    @exclusivity(unchecked) private var pool: [UInt8] = []
    /// The output buffer and its capacity; `count` bytes of it are the last result.
    @exclusivity(unchecked) private var buffer: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    /// Length of the last result in `buffer`.
    public private(set) var count = 0
    /// Offsets of the spaces of the last result, in order (`spaceCount` of them). Room for
    /// capacity / 2 + 1: every space follows a non-space byte, so there are at most len / 2.
    @exclusivity(unchecked) private var spaceOffsets: UnsafeMutablePointer<Int32>
    /// Number of spaces in the last result.
    public private(set) var spaceCount = 0
    /// Whether the last result holds a scalar at or above U+0800 (a UTF-8 lead byte ≥ 0xE0).
    public private(set) var hasWideScalars = false
    /// Whether the space offsets of the last result are valid (false for inputs of 1 GiB or
    /// more, whose offsets do not fit the Int32 slots).
    public private(set) var spacesValid = true

    /// Room kept after the output: at least 32 initialised bytes follow the last result, so
    /// `cminhash_ngram_hashes` may read past the end of any slice of it.
    static let slack = 40

    /// ASCII byte classes: a letter maps to its lowercase byte; 1 = digit, 2 = `.` or `,`, 0 = separator.
    private static let ascii: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 128)
        for b in 0x61...0x7A { t[b] = UInt8(b) }
        for b in 0x41...0x5A { t[b] = UInt8(b | 0x20) }
        for b in 0x30...0x39 { t[b] = 1 }
        t[0x2E] = 2
        t[0x2C] = 2
        return t
    }()

    public init() {
        capacity = 1 << 16
        buffer = .allocate(capacity: capacity)
        buffer.initialize(repeating: 0, count: capacity)
        spaceOffsets = .allocate(capacity: capacity / 2 + 1)
    }

    deinit {
        buffer.deallocate()
        spaceOffsets.deallocate()
    }

    /// Calls `body` with the last result and the offsets of its spaces (valid during the call).
    public func withLastResult<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Int32>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: buffer, count: count), UnsafeBufferPointer(start: spaceOffsets, count: spaceCount))
    }

    /// The normalised text of the last `normalize` call (a copy).
    public var output: [UInt8] { Array(UnsafeBufferPointer(start: buffer, count: count)) }

    /// Normalises `text` and returns the result (a copy; `withNormalized` avoids it).
    @discardableResult
    public func normalize(_ text: String) -> [UInt8] {
        normalize(text: text)
        return output
    }

    /// Normalises `text` and calls `body` with the result, valid only during the call.
    public func withNormalized<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        normalize(text: text)
        return try body(UnsafeBufferPointer(start: buffer, count: count))
    }

    /// The text of the last result when it came from a `String` (nil after `normalize(bytes:)`).
    @exclusivity(unchecked) private var lastInput: String?

    /// Normalises `text`, unless the last result is already that of the same bytes (the
    /// pipeline's exact and MinHash signatures normalise each document twice in a row).
    public func normalize(text: String) {
        var t = text
        t.withUTF8 { nb in
            if let last = lastInput {
                var l = last
                let same = l.withUTF8 { lb in
                    lb.count == nb.count
                        && (lb.count == 0 || lb.baseAddress == nb.baseAddress
                            || memcmp(lb.baseAddress!, nb.baseAddress!, lb.count) == 0)
                }
                if same { return }
            }
            normalize(bytes: nb)
            lastInput = text
        }
    }

    /// A normaliser for the calling thread, shared by the `MinHasher`s running on it (created on
    /// first use, released when the thread ends). Valid only on the calling thread.
    public static var forCurrentThread: TextNormalizer {
        if let p = pthread_getspecific(threadKey) {
            return Unmanaged<TextNormalizer>.fromOpaque(p).takeUnretainedValue()
        }
        let n = TextNormalizer()
        pthread_setspecific(threadKey, Unmanaged.passRetained(n).toOpaque())
        return n
    }

    private static let threadKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { p in
            #if canImport(Darwin)
            Unmanaged<TextNormalizer>.fromOpaque(p).release()
            #else
            if let p { Unmanaged<TextNormalizer>.fromOpaque(p).release() }
            #endif
        }
        return key
    }()

    @inline(never)
    private func grow(_ needed: Int, keeping used: Int, spaces: Int) {
        var c = capacity
        while c < needed { c *= 2 }
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        b.initialize(repeating: 0, count: c)
        b.update(from: buffer, count: used)
        buffer.deallocate()
        buffer = b
        let sp = UnsafeMutablePointer<Int32>.allocate(capacity: c / 2 + 1)
        sp.update(from: spaceOffsets, count: spaces)
        spaceOffsets.deallocate()
        spaceOffsets = sp
        capacity = c
    }

    @inline(never)
    private func code(_ v: UInt32) -> UInt32 {
        if v < 0x10000 {
            if bmp.isEmpty { bmp = [UInt32](repeating: Self.unknown, count: 0x10000) }
            let c = bmp[Int(v)]
            if c != Self.unknown { return c }
            let m = makeCode(v)
            bmp[Int(v)] = m
            return m
        }
        if let c = astral[v] { return c }
        let m = makeCode(v)
        astral[v] = m
        return m
    }

    private func makeCode(_ v: UInt32) -> UInt32 {
        switch Self.map(v) {
        case .space: return Self.spaceCode
        case .digit: return Self.digitCode
        case .drop: return Self.dropCode
        case .bytes(let b):
            let code = (UInt32(pool.count) << 8 | UInt32(b.count)) + 4
            pool.append(contentsOf: b)
            return code
        }
    }

    /// Normalises UTF-8 `bytes`; the result is `count` bytes, read with `withNormalized` or
    /// `output`. Invalid UTF-8 bytes are treated as spaces.
    public func normalize(bytes: UnsafeBufferPointer<UInt8>) {
        lastInput = nil
        let n = bytes.count
        // Each ASCII byte writes at most one byte; replacements may be longer than their
        // scalar, so those check the room left.
        spacesValid = n < 1 << 30
        if capacity < n + Self.slack { grow(n + Self.slack, keeping: 0, spaces: 0) }
        var len = 0
        var ns = 0
        var wide = false
        guard let p = bytes.baseAddress, n > 0 else { count = 0; spaceCount = 0; hasWideScalars = false; return }
        var out = buffer
        var sp = spaceOffsets
        var lastSpace = true  // suppresses leading spaces
        var lastDigit = false
        var separatorUsed = false  // a number may contain one decimal separator, as in FineWeb
        var i = 0
        Self.ascii.withUnsafeBufferPointer { tableBuffer in
            let table = tableBuffer.baseAddress!
            while i < n {
                let b = p[i]
                if b < 0x80 {
                    let c = table[Int(b)]
                    if c >= 0x61 {
                        // A run of letters.
                        out[len] = c
                        len &+= 1
                        i &+= 1
                        // Lowercase ASCII letters 8 bytes at a time: a byte b < 0x80 is in a…z iff
                        // b + 0x1F has bit 7 set and b + 0x05 has not (no carries between bytes
                        // when every bit 7 of x is clear; otherwise the chunk stops at that byte).
                        // The whole chunk is stored; bytes past the run are overwritten later
                        // (the slack keeps the store inside the buffer).
                        while i &+ 8 <= n {
                            let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                            let stop = (x | ~(x &+ 0x1F1F_1F1F_1F1F_1F1F) | (x &+ 0x0505_0505_0505_0505)) & 0x8080_8080_8080_8080
                            UnsafeMutableRawPointer(out + len).storeBytes(of: x, as: UInt64.self)
                            let k = stop == 0 ? 8 : (UInt64(littleEndian: stop).trailingZeroBitCount >> 3)
                            len &+= k
                            i &+= k
                            if k < 8 { break }
                        }
                        while i < n {
                            let b2 = p[i]
                            if b2 >= 0x80 { break }
                            let c2 = table[Int(b2)]
                            if c2 < 0x61 { break }
                            out[len] = c2
                            len &+= 1
                            i &+= 1
                        }
                        lastSpace = false
                        lastDigit = false
                        continue
                    }
                    i &+= 1
                    if c == 1 {
                        if !lastDigit { out[len] = 0x30; len &+= 1; lastDigit = true; lastSpace = false; separatorUsed = false }
                        continue
                    }
                    // "3.14" and "1,000" are one number.
                    if c == 2 && lastDigit && !separatorUsed && i < n && p[i] >= 0x30 && p[i] <= 0x39 {
                        separatorUsed = true
                        continue
                    }
                    if !lastSpace { out[len] = 0x20; sp[ns] = Int32(truncatingIfNeeded: len); ns &+= 1; len &+= 1; lastSpace = true }
                    lastDigit = false
                    continue
                }
                let slen = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                var v: UInt32 = slen == 4 ? UInt32(b & 0x07) : slen == 3 ? UInt32(b & 0x0F) : UInt32(b & 0x1F)
                var ok = slen > 1 && i + slen <= n
                if ok {
                    for j in 1..<slen {
                        let c = p[i + j]
                        if c & 0xC0 != 0x80 { ok = false; break }
                        v = (v << 6) | UInt32(c & 0x3F)
                    }
                }
                if !ok {
                    if !lastSpace { out[len] = 0x20; sp[ns] = Int32(truncatingIfNeeded: len); ns &+= 1; len &+= 1; lastSpace = true }
                    lastDigit = false
                    i &+= 1
                    continue
                }
                i &+= slen
                let m = code(v)
                switch m {
                case Self.spaceCode:
                    if !lastSpace { out[len] = 0x20; sp[ns] = Int32(truncatingIfNeeded: len); ns &+= 1; len &+= 1; lastSpace = true }
                    lastDigit = false
                case Self.digitCode:
                    if !lastDigit { out[len] = 0x30; len &+= 1; lastDigit = true; lastSpace = false; separatorUsed = false }
                case Self.dropCode:
                    break
                default:
                    let k = Int((m - 4) & 0xFF), off = Int((m - 4) >> 8)
                    if len + k + (n - i) + Self.slack > capacity {
                        grow(len + k + (n - i) + Self.slack, keeping: len, spaces: ns)
                        out = buffer
                        sp = spaceOffsets
                    }
                    pool.withUnsafeBufferPointer { pb in
                        for j in 0..<k {
                            let c = pb[off + j]
                            out[len + j] = c
                            if c >= 0xE0 { wide = true }
                        }
                    }
                    len &+= k
                    lastSpace = false
                    lastDigit = false
                }
            }
        }
        if len > 0 && out[len - 1] == 0x20 { len -= 1; ns -= 1 }
        count = len
        spaceCount = ns
        hasWideScalars = wide
    }

    private enum Mapping {
        case space, digit, drop
        case bytes([UInt8])
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
