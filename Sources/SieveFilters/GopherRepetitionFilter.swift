import SieveIO

/// Gopher's repetition rules, computed as datatrove's `GopherRepetitionFilter` does: duplicate
/// paragraph / line fractions (by count and by characters), the character share of the most
/// frequent 2/3/4-gram, and the character share of duplicated 5–10-grams. Character counts are
/// Unicode scalars (Python `len`).
public struct GopherRepetitionFilter: DocumentFilter {
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

    /// (duplicate elements, duplicate characters) of a list of byte ranges: every occurrence
    /// after the first counts.
    static func findDuplicates(_ p: UnsafeBufferPointer<UInt8>, _ parts: [Range<Int>]) -> (elements: Int, chars: Int) {
        var seen = Set<UInt64>()
        seen.reserveCapacity(parts.count)
        var dupElements = 0, dupChars = 0
        for r in parts {
            let h = PolyHash.finish(PolyHash.of(p, r).hash, length: r.count)
            if !seen.insert(h).inserted {
                dupElements += 1
                dupChars += scalarCount(p, r.lowerBound, r.upperBound)
            }
        }
        return (dupElements, dupChars)
    }

    public func check(bytes p: UnsafeBufferPointer<UInt8>, language: String?) -> FilterResult {
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
        let (paraDups, paraChars) = Self.findDuplicates(p, paragraphs)
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
        let (lineDups, lineChars) = Self.findDuplicates(p, lines)
        if let m = t.dupLineFrac, m != 0 {
            let r = Double(lineDups) / Double(lines.count)
            if r > m { return .drop("dup_line_frac", value: r, threshold: m) }
        }
        if let m = t.dupLineCharFrac, m != 0 {
            let r = Double(lineChars) / textLen
            if r > m { return .drop("dup_line_char_frac", value: r, threshold: m) }
        }

        let tokens = segmenter.tokens(bytes: p, language: language)
        let nTok = tokens.count
        var tokHash = [UInt64](repeating: 0, count: nTok)
        var tokPow = [UInt64](repeating: 0, count: nTok)
        var tokLen = [Int](repeating: 0, count: nTok)
        for (k, tok) in tokens.enumerated() {
            (tokHash[k], tokPow[k]) = PolyHash.of(p, tok.range)
            tokLen[k] = scalarCount(p, tok.start, tok.end)
        }
        let spaceHash: UInt64 = 0x20 + 1

        // Top n-gram: the n-grams joined by spaces; the most frequent one (the first seen
        // among equals) times its count.
        for (n, frac) in t.topNGrams where n > 0 && nTok >= n {
            var counts: [UInt64: (count: Int, first: Int)] = [:]
            counts.reserveCapacity(nTok)
            var best = (count: 0, first: Int.max)
            var bestIndex = 0
            for s in 0...(nTok - n) {
                var h: UInt64 = 0
                var bytes = 0
                for k in s..<(s + n) {
                    if k > s { h = h &* PolyHash.base &+ spaceHash; bytes += 1 }
                    h = h &* tokPow[k] &+ tokHash[k]
                    bytes += tokens[k].end - tokens[k].start
                }
                let key = PolyHash.finish(h, length: bytes)
                var e = counts[key] ?? (0, s)
                e.count += 1
                counts[key] = e
                if e.count > best.count || (e.count == best.count && e.first < best.first) {
                    best = e
                    bestIndex = e.first
                }
            }
            var chars = n - 1
            for k in bestIndex..<(bestIndex + n) { chars += tokLen[k] }
            let r = Double(chars * best.count) / textLen
            if r > frac { return .drop("top_\(n)_gram", value: r, threshold: frac) }
        }

        // Duplicated n-grams: n-grams joined without separator; after a repeat, skip n words.
        for (n, frac) in t.dupNGrams where n > 0 {
            var seen = Set<UInt64>()
            seen.reserveCapacity(nTok)
            var repeated = 0
            var s = 0
            while s < nTok - n + 1 {
                var h: UInt64 = 0
                var bytes = 0
                var chars = 0
                for k in s..<(s + n) {
                    h = h &* tokPow[k] &+ tokHash[k]
                    bytes += tokens[k].end - tokens[k].start
                    chars += tokLen[k]
                }
                if !seen.insert(PolyHash.finish(h, length: bytes)).inserted {
                    repeated += chars
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
