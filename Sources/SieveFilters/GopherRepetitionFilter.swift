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
        while i < stripped.upperBound {
            if p[i] == 0x0A {
                var j = i
                while j < stripped.upperBound && p[j] == 0x0A { j += 1 }
                if j - i >= 2 { paragraphs.append(start..<i); start = j }
                i = j
            } else { i += 1 }
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
        while i < p.count {
            if p[i] == 0x0A {
                lines.append(start..<i)
                while i < p.count && p[i] == 0x0A { i += 1 }
                start = i
            } else { i += 1 }
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
                while i < tok.end {
                    h = h &* PolyHash.base &+ UInt64(p[i]) &+ 1
                    i += 1
                }
                let len = tok.end - tok.start
                let bl = len < 256 ? powers[len] : PolyHash.power(len)
                let ibl = len < 256 ? inversePowers[len] : PolyHash.power(len, inverse: true)
                ipA = ipA &* ibl; pA = pA &* bl
                fA = fA &+ h &* ipA
                if needSpaced {
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
        for (n, frac) in t.topNGrams where n > 0 && nTok >= n {
            slots.resetCounting(capacityFor: nTok - n + 1)
            var best = (count: 0, first: Int.max)
            var bestIndex = 0
            for s in 0...(nTok - n) {
                let e = s + n - 1
                let h = (fsEnd[e] &- fsStart[s]) &* psEnd[e]
                let key = PolyHash.finish(h, length: Int(cum[s + n] - cum[s]) + n - 1)
                let c = slots.bump(key, index: s)
                if c.count > best.count || (c.count == best.count && c.first < best.first) {
                    best = c
                    bestIndex = c.first
                }
            }
            let chars = n - 1 + cc[bestIndex + n] - cc[bestIndex]
            let r = Double(chars * best.count) / textLen
            if r > frac { return .drop("top_\(n)_gram", value: r, threshold: frac) }
        }

        // Duplicated n-grams: n-grams joined without separator; after a repeat, skip n words.
        for (n, frac) in t.dupNGrams where n > 0 {
            slots.reset(capacityFor: max(nTok - n + 1, 1))
            var repeated = 0
            var s = 0
            while s < nTok - n + 1 {
                let h = (fa[s + n] &- fa[s]) &* pa[s + n]
                if !slots.insert(PolyHash.finish(h, length: Int(cum[s + n] - cum[s]))) {
                    repeated += cc[s + n] - cc[s]
                    s += n
                } else {
                    s += 1
                }
            }
            let r = Double(repeated) / textLen
            if r > frac { return .drop("duplicated_\(n)_n_grams", value: r, threshold: frac) }
        }
        return .keep
    }
}
