/// The per-document work the quality filters share: the text's tokens (segmented once, not
/// once per filter), their lengths in Unicode scalars, and a scratch hash table. Lives only
/// while the text's bytes are borrowed (`withBytes`).
final class DocumentScan {
    let p: UnsafeBufferPointer<UInt8>
    let language: String?
    let segmenter: WordSegmenter
    /// Scratch table for duplicate / n-gram counting (each user resets it).
    let slots = HashSlots(capacityFor: 64)
    private var cachedTokens: [WordToken]?
    private var cachedChars: [Int]?

    init(_ p: UnsafeBufferPointer<UInt8>, language: String?, segmenter: WordSegmenter = WordSegmenter()) {
        self.p = p
        self.language = language
        self.segmenter = segmenter
    }

    /// `segmenter.tokens(bytes: p, language: language)`, computed on first use.
    var tokens: [WordToken] {
        if let t = cachedTokens { return t }
        let t = segmenter.tokens(bytes: p, language: language)
        cachedTokens = t
        return t
    }

    /// Prefix sums of the tokens' scalar counts: `tokenCharPrefix[k]` = scalars of tokens 0..<k.
    var tokenCharPrefix: [Int] {
        if let c = cachedChars { return c }
        let toks = tokens
        var c = [Int](repeating: 0, count: toks.count + 1)
        var sum = 0
        for k in 0..<toks.count {
            c[k] = sum
            sum += scalarCount(p, toks[k].start, toks[k].end)
        }
        c[toks.count] = sum
        cachedChars = c
        return c
    }
}

/// A filter that can run on a shared `DocumentScan` (the chain's fast path).
protocol ScanningFilter: DocumentFilter {
    func check(scan: DocumentScan) -> FilterResult
}
