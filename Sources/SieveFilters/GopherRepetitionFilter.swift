import SieveIO

/// Gopher's repetition rules, computed as datatrove's `GopherRepetitionFilter` does: duplicate
/// paragraph / line fractions (by count and by characters), the character share of the most
/// frequent 2/3/4-gram, and the character share of duplicated 5–10-grams. Character counts are
/// Unicode scalars (Python `len`).
public struct GopherRepetitionFilter: ScanningFilter {
    public let name = "gopher_repetition"
    public let thresholds: QualityThresholds
    public let segmenter: WordSegmenter

    public init(thresholds: QualityThresholds = QualityThresholds(), segmenter: WordSegmenter = WordSegmenter()) {
        self.thresholds = thresholds
        self.segmenter = segmenter
    }

    public func check(_ text: String, language: String?) -> FilterResult {
        withBytes(text) { check(bytes: $0, language: language) }
    }

    /// The same check on UTF-8 bytes.
    public func check(bytes p: UnsafeBufferPointer<UInt8>, language: String?) -> FilterResult {
        check(scan: DocumentScan(p, language: language, segmenter: segmenter))
    }

    /// (duplicate elements, duplicate characters) of a list of byte ranges: every occurrence
    /// after the first counts.
    static func findDuplicates(_ p: UnsafeBufferPointer<UInt8>, _ parts: [Range<Int>], _ seen: HashSlots) -> (elements: Int, chars: Int) {
        seen.reset(capacityFor: parts.count)
        var dupElements = 0, dupChars = 0
        for r in parts {
            if !seen.insert(ChunkHash.of(p, r)) {
                dupElements += 1
                dupChars += scalarCount(p, r.lowerBound, r.upperBound)
            }
        }
        return (dupElements, dupChars)
    }

    func check(scan: DocumentScan) -> FilterResult {
        let p = scan.p
        let t = thresholds
        if p.count == 0 { return .drop(reason: "empty", detail: JSONObject()) }
        let textLen = Double(scalarCount(p, 0, p.count))

        // Paragraphs: split of the stripped text on runs of two or more newlines.
        let stripped = Lines.strip(p, 0..<p.count)
        var paragraphs: [Range<Int>] = []
        var start = stripped.lowerBound
        var i = stripped.lowerBound
        while let nl = Lines.nextNewline(p, from: i), nl < stripped.upperBound {
            var j = nl
            while j < stripped.upperBound && p[j] == 0x0A { j += 1 }
            if j - nl >= 2 { paragraphs.append(start..<nl); start = j }
            i = j
        }
        paragraphs.append(start..<stripped.upperBound)
        let (paraDups, paraChars) = Self.findDuplicates(p, paragraphs, scan.slots)
        if let m = t.dupParaFrac, m != 0 {
            let r = Double(paraDups) / Double(paragraphs.count)
            if r > m { return .drop("dup_para_frac", value: r, threshold: m) }
        }
        if let m = t.dupParaCharFrac, m != 0 {
            let r = Double(paraChars) / textLen
            if r > m { return .drop("dup_para_char_frac", value: r, threshold: m) }
        }

        // Lines: split of the text on runs of newlines.
        var lines: [Range<Int>] = []
        start = 0
        i = 0
        while let nl = Lines.nextNewline(p, from: i) {
            lines.append(start..<nl)
            i = nl
            while i < p.count && p[i] == 0x0A { i += 1 }
            start = i
        }
        lines.append(start..<p.count)
        let (lineDups, lineChars) = Self.findDuplicates(p, lines, scan.slots)
        if let m = t.dupLineFrac, m != 0 {
            let r = Double(lineDups) / Double(lines.count)
            if r > m { return .drop("dup_line_frac", value: r, threshold: m) }
        }
        if let m = t.dupLineCharFrac, m != 0 {
            let r = Double(lineChars) / textLen
            if r > m { return .drop("dup_line_char_frac", value: r, threshold: m) }
        }

        let tokens = scan.tokens
        let nTok = tokens.count
        let cc = scan.tokenCharPrefix
        // Prefix hashes of two byte streams: the tokens concatenated (A) and the tokens joined
        // by single spaces (S). With F(i) = Σ_{j<i} c_j·B⁻⁽ʲ⁺¹⁾ over a stream's bytes
        // (c = byte + 1), the polynomial hash of bytes a..<b is (F(b) − F(a))·Bᵇ, exactly
        // `PolyHash.of` of the joined n-gram, so each n-gram costs O(1) instead of O(n).
        let m = nTok + 1
        let block = scan.scratch.uint64s(6 * m)
        let fa = block  // F_A at token starts
        let pa = block + m  // B^(A offset of token start)
        let cum = block + 2 * m  // A offset of token start
        let fsStart = block + 3 * m  // F_S at token start
        let fsEnd = block + 4 * m  // F_S at token end
        let psEnd = block + 5 * m  // B^(S offset of token end)
        let needSpaced = t.topNGrams.contains { $0.n > 0 && nTok >= $0.n }
        let needDup = t.dupNGrams.contains { $0.n > 0 && nTok >= $0.n }
        // Stream A itself (for the duplicated n-grams' prefilter), and each token's hash key
        // (for the top n-grams' prefilter).
        let aBytes = scan.scratch.raw(0, bytes: p.count + 16).assumingMemoryBound(to: UInt8.self)
        let tokenKeys = scan.scratch.raw(1, bytes: 8 * m).assumingMemoryBound(to: UInt64.self)
        do {
            // Per token: its polynomial hash h (one multiply a byte); then, a token spanning
            // stream offsets a..<e, F(e) = F(a) + h·B⁻ᵉ.
            let ib = PolyHash.inverseBase
            // The power tables as plain pointers (a global's lazy-initialisation check per
            // token otherwise).
            let powers = PolyHash.powersPointer, inversePowers = PolyHash.inversePowersPointer
            var fA: UInt64 = 0, ipA: UInt64 = 1, pA: UInt64 = 1, nA = 0
            var fS: UInt64 = 0, ipS: UInt64 = 1, pS: UInt64 = 1
            for k in 0..<nTok {
                let tok = tokens[k]
                fa[k] = fA; pa[k] = pA; cum[k] = UInt64(nA)
                var h: UInt64 = 0
                var i = tok.start
                if needDup {
                    var o = nA
                    while i < tok.end {
                        let b = p[i]
                        h = h &* PolyHash.base &+ UInt64(b) &+ 1
                        aBytes[o] = b
                        i += 1
                        o += 1
                    }
                } else {
                    while i < tok.end {
                        h = h &* PolyHash.base &+ UInt64(p[i]) &+ 1
                        i += 1
                    }
                }
                let len = tok.end - tok.start
                let bl = len < 256 ? powers[len] : PolyHash.power(len)
                let ibl = len < 256 ? inversePowers[len] : PolyHash.power(len, inverse: true)
                ipA = ipA &* ibl; pA = pA &* bl
                fA = fA &+ h &* ipA
                if needSpaced {
                    tokenKeys[k] = PolyHash.finish(h, length: len)
                    if k > 0 { ipS = ipS &* ib; fS = fS &+ 0x21 &* ipS; pS = pS &* PolyHash.base }
                    fsStart[k] = fS
                    ipS = ipS &* ibl; pS = pS &* bl
                    fS = fS &+ h &* ipS
                    fsEnd[k] = fS; psEnd[k] = pS
                }
                nA += len
            }
            fa[nTok] = fA; pa[nTok] = pA; cum[nTok] = UInt64(nA)
        }
        let slots = scan.slots

        // Top n-gram: the n-grams joined by spaces; the most frequent one (the first seen
        // among equals) times its count.
        if needSpaced {
            // n-grams holding a token that occurs once in the text occur once themselves (the
            // joined strings are equal exactly when the token sequences are, as no token holds
            // a space): they are not counted. If every n-gram occurs once, the first one wins.
            // (The tokens' bytes are at hand to check that only when A was written.)
            let nextOnce = scan.scratch.raw(2, bytes: 4 * m).assumingMemoryBound(to: Int32.self)
            let prefilter = needDup && !RepeatKeys.containsSpace(aBytes, Int(cum[nTok]))
            let singletons = RepeatKeys.nextSingletons(tokenKeys, nTok, into: nextOnce, scratch: scan.scratch, enabled: prefilter)
            for (n, frac) in t.topNGrams where n > 0 && nTok >= n {
                // Room for the n-grams counted (each starts at a token that is no singleton;
                // the table does not grow).
                slots.resetCounting(capacityFor: min(nTok - n + 1, nTok - singletons))
                var best = (count: 0, first: Int.max)
                var bestIndex = 0
                var s = 0
                while s <= nTok - n {
                    // Past the n-grams holding the next singleton.
                    let j = Int(nextOnce[s])
                    if j < s + n {
                        s = j + 1
                        continue
                    }
                    let e = s + n - 1
                    let h = (fsEnd[e] &- fsStart[s]) &* psEnd[e]
                    let key = PolyHash.finish(h, length: Int(cum[s + n] - cum[s]) + n - 1)
                    let c = slots.bump(key, index: s)
                    if c.count > best.count || (c.count == best.count && c.first < best.first) {
                        best = c
                        bestIndex = c.first
                    }
                    s += 1
                }
                if best.count <= 1 {
                    best.count = 1
                    bestIndex = 0
                }
                let chars = n - 1 + cc[bestIndex + n] - cc[bestIndex]
                let r = Double(chars * best.count) / textLen
                if r > frac { return .drop("top_\(n)_gram", value: r, threshold: frac) }
            }
        }

        // Duplicated n-grams: n-grams joined without separator; after a repeat, skip n words.
        do {
            // An n-gram whose first (or last) `RepeatKeys.width` bytes occur at no other token
            // start (end) equals no other n-gram: it is never found, and finds nothing, so it
            // is neither looked up nor inserted (shorter n-grams always are).
            let flags = scan.scratch.raw(3, bytes: m).assumingMemoryBound(to: UInt8.self)
            let nextMay = scan.scratch.raw(6, bytes: 4 * m).assumingMemoryBound(to: Int32.self)
            // Without `needDup` no n-gram is tested at all; w = ∞ then tests any that would be.
            var candidates = nTok
            let w = needDup ? UInt64(RepeatKeys.width) : UInt64.max
            if needDup {
                candidates = RepeatKeys.flag(aBytes, cum, nTok, into: flags, scratch: scan.scratch)
                let nMin = t.dupNGrams.reduce(Int.max) { $1.n > 0 ? min($0, $1.n) : $0 }
                RepeatKeys.nextStarts(flags, cum, nTok, shortestN: nMin, width: w, into: nextMay)
            }
            for (n, frac) in t.dupNGrams where n > 0 {
                slots.reset(capacityFor: max(min(nTok - n + 1, candidates), 1))
                var repeated = 0
                var s = needDup ? Int(nextMay[0]) : 0
                while s < nTok - n + 1 {
                    let bytes = cum[s + n] - cum[s]
                    if bytes >= w && (flags[s] & RepeatKeys.startBit == 0 || flags[s + n - 1] & RepeatKeys.endBit == 0) {
                        s = Int(nextMay[s + 1])
                        continue
                    }
                    let h = (fa[s + n] &- fa[s]) &* pa[s + n]
                    if !slots.insert(PolyHash.finish(h, length: Int(bytes))) {
                        repeated += cc[s + n] - cc[s]
                        s += n
                    } else {
                        s += 1
                    }
                    if needDup && s < nTok { s = Int(nextMay[s]) }
                }
                let r = Double(repeated) / textLen
                if r > frac { return .drop("duplicated_\(n)_n_grams", value: r, threshold: frac) }
            }
        }
        return .keep
    }
}

/// Prefilters of the n-gram passes of `GopherRepetitionFilter`: cheap tests that an n-gram
/// occurs only once, so that it can be left out of the hash table. Both are exact: a key that
/// two equal strings share always lands on the same bit, so a string occurring twice is never
/// taken for a unique one (a bit shared by different strings only costs a lookup).
enum RepeatKeys {
    /// Bytes of the start and end keys.
    static let width = 16
    /// `flags` bits: the key starting (ending) at the token occurs at another token start (end),
    /// or could not be taken.
    static let startBit: UInt8 = 1, endBit: UInt8 = 2

    /// A two-bit-per-slot "seen once / seen again" table of `1 << logBits` slots.
    struct TwiceBits {
        let seen: UnsafeMutablePointer<UInt64>
        let twice: UnsafeMutablePointer<UInt64>
        let shift: UInt64

        /// A table for about `keys` keys (≥ 16 slots per key), in scratch buffer 4.
        init(keys: Int, scratch: ScanScratch) {
            var logBits: UInt64 = 6
            while logBits < 31 && (1 << logBits) < 16 * max(keys, 1) { logBits += 1 }
            let words = 1 << (logBits - 6)
            let buf = scratch.raw(4, bytes: 16 * words).assumingMemoryBound(to: UInt64.self)
            buf.initialize(repeating: 0, count: 2 * words)
            seen = buf
            twice = buf + words
            shift = 64 - logBits
        }

        /// The slot of a well-mixed key (its high bits).
        @inline(__always)
        func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key >> shift) }

        @inline(__always)
        func mark(_ slot: Int) {
            let w = slot >> 6, bit: UInt64 = 1 << UInt64(slot & 63)
            twice[w] |= seen[w] & bit
            seen[w] |= bit
        }

        @inline(__always)
        func markedTwice(_ slot: Int) -> Bool { twice[slot >> 6] & (1 << UInt64(slot & 63)) != 0 }
    }

    /// The key of the 16 bytes at `p` (equal bytes, equal keys; `salt` separates key kinds).
    @inline(__always)
    static func key(_ p: UnsafePointer<UInt8>, salt: UInt64) -> UInt64 {
        let raw = UnsafeRawPointer(p)
        let w0 = raw.loadUnaligned(as: UInt64.self), w1 = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        var x = (w0 ^ salt) &* 0x9E37_79B9_7F4A_7C15 &+ w1
        x = (x ^ (x >> 29)) &* 0xBF58_476D_1CE4_E5B9
        return x ^ (x >> 32)
    }

    /// Flags each token of stream `a` (token k at `cum[k]..<cum[k+1]`): `startBit` unless the 16
    /// bytes from its start occur at no other token start, `endBit` unless the 16 bytes ending
    /// at its end occur at no other token end. Returns the number of tokens with `startBit`.
    static func flag(_ a: UnsafePointer<UInt8>, _ cum: UnsafePointer<UInt64>, _ nTok: Int,
                     into flags: UnsafeMutablePointer<UInt8>, scratch: ScanScratch) -> Int {
        let total = Int(cum[nTok])
        let table = TwiceBits(keys: 2 * nTok, scratch: scratch)
        let startSalt: UInt64 = 0x243F_6A88_85A3_08D3, endSalt: UInt64 = 0x1319_8A2E_0370_7344
        // Each token's two slots, -1 for a key that could not be taken (too near an end).
        let slotOf = scratch.raw(5, bytes: 8 * max(nTok, 1)).assumingMemoryBound(to: Int32.self)
        for k in 0..<nTok {
            let s = Int(cum[k]), e = Int(cum[k + 1])
            var ss: Int32 = -1, es: Int32 = -1
            if s + width <= total {
                let x = table.slot(key(a + s, salt: startSalt))
                table.mark(x)
                ss = Int32(truncatingIfNeeded: x)
            }
            if e >= width {
                let x = table.slot(key(a + e - width, salt: endSalt))
                table.mark(x)
                es = Int32(truncatingIfNeeded: x)
            }
            slotOf[2 * k] = ss
            slotOf[2 * k + 1] = es
        }
        var starts = 0
        for k in 0..<nTok {
            let ss = Int(slotOf[2 * k]), es = Int(slotOf[2 * k + 1])
            var f: UInt8 = 0
            if ss < 0 || table.markedTwice(ss) { f |= startBit; starts += 1 }
            if es < 0 || table.markedTwice(es) { f |= endBit }
            flags[k] = f
        }
        return starts
    }

    /// `next[k]` = the first token at or after k that occurs once in the text (by `keys`, the
    /// tokens' hashes), `nTok` when none does; returns the number of such tokens. All `nTok`
    /// (and 0) when not `enabled`.
    static func nextSingletons(_ keys: UnsafePointer<UInt64>, _ nTok: Int, into next: UnsafeMutablePointer<Int32>,
                               scratch: ScanScratch, enabled: Bool) -> Int {
        guard enabled else {
            next.initialize(repeating: Int32(truncatingIfNeeded: nTok), count: nTok + 1)
            return 0
        }
        let table = TwiceBits(keys: nTok, scratch: scratch)
        for k in 0..<nTok { table.mark(table.slot(keys[k])) }
        var c = 0
        var j = Int32(truncatingIfNeeded: nTok)
        next[nTok] = j
        var k = nTok - 1
        while k >= 0 {
            if !table.markedTwice(table.slot(keys[k])) {
                j = Int32(truncatingIfNeeded: k)
                c += 1
            }
            next[k] = j
            k -= 1
        }
        return c
    }

    /// `next[k]` = the first token at or after k that may start a duplicated n-gram (n ≥
    /// `shortestN`): its `startBit` is set, or its shortest n-gram has fewer than `width` bytes
    /// (longer n-grams from it may then too); `nTok` when none.
    static func nextStarts(_ flags: UnsafePointer<UInt8>, _ cum: UnsafePointer<UInt64>, _ nTok: Int, shortestN: Int,
                           width: UInt64, into next: UnsafeMutablePointer<Int32>) {
        var j = Int32(truncatingIfNeeded: nTok)
        next[nTok] = j
        var k = nTok - 1
        while k >= 0 {
            let end = min(k + shortestN, nTok)
            if flags[k] & startBit != 0 || cum[end] - cum[k] < width { j = Int32(truncatingIfNeeded: k) }
            next[k] = j
            k -= 1
        }
    }

    /// Whether `a[0..<n]` holds a space byte (eight bytes at a time).
    static func containsSpace(_ a: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let raw = UnsafeRawPointer(a)
        var i = 0
        while i + 8 <= n {
            if SWAR.hasByte(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self), 0x20) { return true }
            i += 8
        }
        while i < n {
            if a[i] == 0x20 { return true }
            i += 1
        }
        return false
    }
}
