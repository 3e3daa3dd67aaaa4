/// The per-document work the quality filters share: the text's tokens (segmented once, not
/// once per filter), their lengths in Unicode scalars, and a scratch hash table. Lives only
/// while the text's bytes are borrowed (`withBytes`).
final class DocumentScan {
    let p: UnsafeBufferPointer<UInt8>
    let language: String?
    let segmenter: WordSegmenter
    /// Buffers reused across documents (tables, prefix arrays).
    let scratch: ScanScratch
    /// Scratch table for duplicate / n-gram counting (each user resets it).
    var slots: HashSlots { scratch.slots }
    private var cachedTokens: [WordToken]?
    private var cachedChars: [Int]?

    init(_ p: UnsafeBufferPointer<UInt8>, language: String?, segmenter: WordSegmenter = WordSegmenter(),
         scratch: ScanScratch = ScanScratch()) {
        self.p = p
        self.language = language
        self.segmenter = segmenter
        self.scratch = scratch
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
        let ascii = scalarCount(p, 0, p.count) == p.count  // then scalars = bytes
        for k in 0..<toks.count {
            c[k] = sum
            let t = toks[k]
            if ascii {
                sum += t.end - t.start
            } else {
                sum += scalarCount(p, t.start, t.end)
            }
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

/// Memory the quality filters reuse from one document to the next, so that large documents do
/// not cost fresh (page-faulting) allocations each time. One user at a time.
final class ScanScratch {
    let slots = HashSlots(capacityFor: 1024)
    private var words: UnsafeMutablePointer<UInt64>
    private var wordCapacity = 0
    /// Further buffers (`raw(_:bytes:)`), each 16-byte aligned.
    private var raws: [UnsafeMutableRawPointer] = []
    private var rawCapacities: [Int] = []

    init() { words = .allocate(capacity: 1) }
    deinit {
        words.deallocate()
        for r in raws { r.deallocate() }
    }

    /// At least `n` uninitialized bytes of scratch number `slot` (valid until the next call
    /// with the same slot; distinct slots never overlap, nor overlap `uint64s`).
    func raw(_ slot: Int, bytes n: Int) -> UnsafeMutableRawPointer {
        while raws.count <= slot {
            raws.append(.allocate(byteCount: 64, alignment: 16))
            rawCapacities.append(64)
        }
        if n > rawCapacities[slot] {
            raws[slot].deallocate()
            let cap = max(n, 2 * rawCapacities[slot])
            raws[slot] = .allocate(byteCount: cap, alignment: 16)
            rawCapacities[slot] = cap
        }
        return raws[slot]
    }

    /// At least `n` UInt64 of uninitialized scratch (valid until the next call).
    func uint64s(_ n: Int) -> UnsafeMutablePointer<UInt64> {
        if n > wordCapacity {
            words.deallocate()
            wordCapacity = max(n, 2 * wordCapacity)
            words = .allocate(capacity: wordCapacity)
        }
        return words
    }
}
