import SieveIO

/// Gopher's quality rules (Rae et al. 2021, Table A1), computed as datatrove's
/// `GopherQualityFilter` does: word count, mean word length, `#` and ellipsis to word ratios,
/// bullet and ellipsis line ratios, alphabetic-word ratio, stop words.
public struct GopherQualityFilter: ScanningFilter {
    public let name = "gopher_quality"
    public let thresholds: QualityThresholds
    public let segmenter: WordSegmenter
    /// Hashes of the stop words (read-only after init, so shared safely).
    private let stopWordHashes: HashSlots
    private let stopWordCount: Int
    /// Byte lengths of the shortest and longest stop word (tokens outside are not looked up).
    private let stopWordBytes: Range<Int>

    public init(thresholds: QualityThresholds = QualityThresholds(), segmenter: WordSegmenter = WordSegmenter()) {
        self.thresholds = thresholds
        self.segmenter = segmenter
        let set = HashSlots(capacityFor: thresholds.stopWords.count)
        var lo = Int.max, hi = 0
        for w in thresholds.stopWords {
            _ = set.insert(withBytes(w) { p in PolyHash.finish(PolyHash.of(p, 0..<p.count).hash, length: p.count) })
            lo = min(lo, w.utf8.count)
            hi = max(hi, w.utf8.count)
        }
        stopWordHashes = set
        stopWordCount = set.count
        stopWordBytes = set.count == 0 ? 0..<0 : lo..<(hi + 1)
    }

    public func check(_ text: String, language: String?) -> FilterResult {
        withBytes(text) { check(bytes: $0, language: language) }
    }

    /// The same check on UTF-8 bytes.
    public func check(bytes p: UnsafeBufferPointer<UInt8>, language: String?) -> FilterResult {
        check(scan: DocumentScan(p, language: language, segmenter: segmenter))
    }

    func check(scan: DocumentScan) -> FilterResult {
        let p = scan.p
        let t = thresholds
        let tokens = scan.tokens
        let cc = scan.tokenCharPrefix
        let nWords = tokens.count
        var nNonSymbol = 0
        var nonSymbolChars = 0
        var alphaWords = 0
        let stopFound = scan.slots
        stopFound.reset(capacityFor: stopWordCount)
        for k in 0..<tokens.count {
            let tok = tokens[k]
            // A symbol word is one made only of punctuation / symbol characters; with this
            // segmenter that is exactly a non-word token.
            if tok.isWord {
                nNonSymbol += 1
                nonSymbolChars += cc[k + 1] - cc[k]
            }
            var i = tok.start
            while i < tok.end {
                let b = p[i]
                if b < 0x80 {
                    if (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A { alphaWords += 1; break }
                    i += 1
                    continue
                }
                let (v, len) = decodeScalar(p, i)
                if CharClass.isAlpha(v) { alphaWords += 1; break }
                i += len
            }
            if tok.isWord && stopWordBytes.contains(tok.end - tok.start) {
                let h = PolyHash.finish(PolyHash.of(p, tok.range).hash, length: tok.end - tok.start)
                if stopWordHashes.contains(h) { _ = stopFound.insert(h) }
            }
        }
        if let m = t.minDocWords, m > 0, nNonSymbol < m { return .drop("gopher_short_doc", value: nNonSymbol, threshold: Double(m)) }
        if let m = t.maxDocWords, m > 0, nNonSymbol > m { return .drop("gopher_long_doc", value: nNonSymbol, threshold: Double(m)) }
        let avg = nNonSymbol > 0 ? Double(nonSymbolChars) / Double(nNonSymbol) : .nan
        if let m = t.minAvgWordLength, m != 0, avg < m { return .drop("gopher_below_avg_threshold", value: avg, threshold: m) }
        if let m = t.maxAvgWordLength, m != 0, avg > m { return .drop("gopher_above_avg_threshold", value: avg, threshold: m) }

        let n = p.count
        var hashes = 0, ellipses = 0
        var i = 0
        let raw = p.baseAddress.map { UnsafeRawPointer($0) }
        while i < n {
            // Eight bytes at a time past words without '#', '.' or 0xE2 (the lead byte of '…').
            if let raw {
                while i &+ 8 <= n {
                    let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    if SWAR.hasByte(x, 0x23) || SWAR.hasByte(x, 0x2E) || (x & SWAR.high != 0 && SWAR.hasByte(x, 0xE2)) { break }
                    i &+= 8
                }
                if i >= n { break }
            }
            let b = p[i]
            if b == 0x23 { hashes += 1 } else if b == 0x2E && i + 2 < n && p[i + 1] == 0x2E && p[i + 2] == 0x2E {
                ellipses += 1; i += 3; continue
            } else if b == 0xE2 && i + 2 < n && p[i + 1] == 0x80 && p[i + 2] == 0xA6 { ellipses += 1; i += 3; continue }
            i += 1
        }
        if let m = t.maxSymbolWordRatio, m != 0 {
            let hr = Double(hashes) / Double(nWords)
            if hr > m { return .drop("gopher_too_many_hashes", value: hr, threshold: m) }
            let er = Double(ellipses) / Double(nWords)
            if er > m { return .drop("gopher_too_many_ellipsis", value: er, threshold: m) }
        }

        let lines = Lines.splitlines(p)
        if !lines.isEmpty {
            var bullets = 0, endEllipsis = 0
            for l in lines {
                let s = Lines.lstrip(p, l)
                if s.count > 0 {
                    if p[s.lowerBound] == 0x2D { bullets += 1 } else if s.count >= 3 && p[s.lowerBound] == 0xE2
                        && p[s.lowerBound + 1] == 0x80 && p[s.lowerBound + 2] == 0xA2 { bullets += 1 }
                }
                let e = Lines.rstrip(p, l)
                if e.count >= 3 {
                    let u = e.upperBound
                    if (p[u - 1] == 0x2E && p[u - 2] == 0x2E && p[u - 3] == 0x2E)
                        || (p[u - 3] == 0xE2 && p[u - 2] == 0x80 && p[u - 1] == 0xA6) { endEllipsis += 1 }
                }
            }
            if let m = t.maxBulletLinesRatio, m != 0 {
                let r = Double(bullets) / Double(lines.count)
                if r > m { return .drop("gopher_too_many_bullets", value: r, threshold: m) }
            }
            if let m = t.maxEllipsisLinesRatio, m != 0 {
                let r = Double(endEllipsis) / Double(lines.count)
                if r > m { return .drop("gopher_too_many_end_ellipsis", value: r, threshold: m) }
            }
        }
        if let m = t.minAlphaWordsRatio, m != 0 {
            let r = Double(alphaWords) / Double(nWords)
            if r < m { return .drop("gopher_below_alpha_threshold", value: r, threshold: m) }
        }
        if let m = t.minStopWords, m > 0, stopWordCount > 0, stopFound.count < m {
            return .drop("gopher_enough_stop_words", value: stopFound.count, threshold: Double(m))
        }
        return .keep
    }
}
