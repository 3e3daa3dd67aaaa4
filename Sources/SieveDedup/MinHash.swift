/// Parameters of MinHash LSH: `buckets` bands of `hashesPerBucket` rows over word `ngrams`-shingles.
/// Two documents with shingle Jaccard similarity s share at least one bucket with probability
/// 1 − (1 − s^R)^B (R = hashesPerBucket, B = buckets); FineWeb-2's 5/14/8 puts the 50% point near
/// s ≈ 0.72.
public struct MinHashConfig: Sendable, Equatable {
    public var ngrams: Int
    public var buckets: Int
    public var hashesPerBucket: Int
    public var seed: UInt64
    /// Mix the language label into bucket hashes so documents of different languages never match.
    public var perLanguage: Bool
    /// Exact mode: one bucket whose hash is the normalised-content hash (`ContentHash`).
    public var exact: Bool

    public init(ngrams: Int = 5, buckets: Int = 14, hashesPerBucket: Int = 8, seed: UInt64 = 1,
                perLanguage: Bool = true) {
        self.ngrams = max(1, ngrams)
        self.buckets = max(1, buckets)
        self.hashesPerBucket = max(1, hashesPerBucket)
        self.seed = seed
        self.perLanguage = perLanguage
        self.exact = false
    }

    /// Exact dedup of normalised content through the same four phases (one bucket).
    public static func exactContent(perLanguage: Bool = true) -> MinHashConfig {
        var c = MinHashConfig(ngrams: 1, buckets: 1, hashesPerBucket: 1, seed: 0, perLanguage: perLanguage)
        c.exact = true
        return c
    }

    /// Number of permutations (buckets × hashesPerBucket).
    public var permutations: Int { buckets * hashesPerBucket }

    /// Theoretical probability that two documents with Jaccard `s` share a bucket.
    public func matchProbability(jaccard s: Double) -> Double {
        var sr = 1.0
        for _ in 0..<hashesPerBucket { sr *= s }
        var miss = 1.0
        for _ in 0..<buckets { miss *= 1 - sr }
        return 1 - miss
    }
}

/// Normalised-content hash for exact dedup: XXH64 of the `TextNormalizer` output.
public enum ContentHash {
    /// Hash of `text` after normalisation (lowercase, whitespace, punctuation, digits, diacritics).
    /// Texts that normalise to nothing hash to 0.
    public static func of(_ text: String, normalizer: TextNormalizer = TextNormalizer()) -> UInt64 {
        let bytes = normalizer.normalize(text)
        if bytes.isEmpty { return 0 }
        return XXH64.hash(bytes)
    }
}

/// Computes shingles, MinHash signatures and LSH bucket hashes. Not thread-safe (scratch
/// buffers): use one per thread. Output depends only on the config, splitter and input text.
public final class MinHasher {
    public let config: MinHashConfig
    private let splitter: any WordSplitter
    private let normalizer = TextNormalizer()
    private var a: [UInt64]
    private var b: [UInt64]
    private var words: [Range<Int>] = []
    private var joined: [UInt8] = []
    private var starts: [Int] = []
    private var shingles: [UInt64] = []
    private var sig: [UInt64] = []
    private var rowBytes: [UInt8] = []

    public init(config: MinHashConfig, splitter: any WordSplitter = SimpleWordSplitter()) {
        self.config = config
        self.splitter = splitter
        var rng = SplitMix64(seed: config.seed)
        let k = config.permutations
        a = []
        b = []
        a.reserveCapacity(k)
        b.reserveCapacity(k)
        // Rejection sampling keeps a uniform on [1, p) and b uniform on [0, p).
        while a.count < k {
            let x = rng.next() >> 3
            if x >= 1 && x < Mersenne61.p { a.append(x) }
        }
        while b.count < k {
            let x = rng.next() >> 3
            if x < Mersenne61.p { b.append(x) }
        }
    }

    /// Permutation parameters (a, b) of `(a·h + b) mod (2^61 − 1)`.
    public var parameters: (a: [UInt64], b: [UInt64]) { (a, b) }

    /// XXH64 hashes (seed 0) of the word n-grams of the normalised text, each n-gram being its
    /// words joined by one space; a text of fewer than n words is one shingle; empty → [].
    public func shingleHashes(_ text: String) -> [UInt64] {
        computeShingles(text)
        return shingles
    }

    private func computeShingles(_ text: String) {
        let norm = normalizer.normalize(text)
        // Work on locals (moved out of the class) to avoid per-access exclusivity checks.
        var words = self.words, joined = self.joined, starts = self.starts, shingles = self.shingles
        self.words = []; self.joined = []; self.starts = []; self.shingles = []
        defer { self.words = words; self.joined = joined; self.starts = starts; self.shingles = shingles }
        words.removeAll(keepingCapacity: true)
        norm.withUnsafeBufferPointer { splitter.split($0, into: &words) }
        joined.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        shingles.removeAll(keepingCapacity: true)
        guard !words.isEmpty else { return }
        norm.withUnsafeBufferPointer { src in
            for w in words {
                if !joined.isEmpty { joined.append(0x20) }
                starts.append(joined.count)
                joined.append(contentsOf: UnsafeBufferPointer(rebasing: src[w]))
            }
        }
        let n = config.ngrams
        let count = words.count
        joined.withUnsafeBytes { buf in
            if count < n {
                shingles.append(XXH64.hash(buf))
                return
            }
            starts.withUnsafeBufferPointer { st in
                for i in 0...(count - n) {
                    let start = st[i]
                    let end = i + n < count ? st[i + n] - 1 : buf.count
                    shingles.append(XXH64.hash(UnsafeRawBufferPointer(rebasing: buf[start..<end])))
                }
            }
        }
    }

    /// The buckets×hashesPerBucket MinHash values of `text`, or nil when it has no words.
    public func signature(_ text: String) -> [UInt64]? {
        computeShingles(text)
        guard !shingles.isEmpty else { return nil }
        computeSignature()
        return sig
    }

    /// MinHash values of a given set of 64-bit shingle hashes (nil if empty).
    public func signature(shingleHashes: [UInt64]) -> [UInt64]? {
        guard !shingleHashes.isEmpty else { return nil }
        shingles = shingleHashes
        computeSignature()
        return sig
    }

    private func computeSignature() {
        let k = config.permutations
        var sig = self.sig
        self.sig = []
        sig.removeAll(keepingCapacity: true)
        sig.append(contentsOf: repeatElement(UInt64.max, count: k))
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                shingles.withUnsafeBufferPointer { sh in
                    sig.withUnsafeMutableBufferPointer { ps in
                        // Four permutations per pass over the shingles: independent scalar chains
                        // (the 64×64→128 multiply is one instruction scalar, but slow if vectorised).
                        var j = 0
                        let n = sh.count
                        while j + 4 <= k {
                            let a0 = pa[j], a1 = pa[j + 1], a2 = pa[j + 2], a3 = pa[j + 3]
                            let b0 = pb[j], b1 = pb[j + 1], b2 = pb[j + 2], b3 = pb[j + 3]
                            var m0 = UInt64.max, m1 = UInt64.max, m2 = UInt64.max, m3 = UInt64.max
                            var i = 0
                            while i < n {
                                let h = sh[i]
                                m0 = Swift.min(m0, Mersenne61.affine(a0, h, b0))
                                m1 = Swift.min(m1, Mersenne61.affine(a1, h, b1))
                                m2 = Swift.min(m2, Mersenne61.affine(a2, h, b2))
                                m3 = Swift.min(m3, Mersenne61.affine(a3, h, b3))
                                i &+= 1
                            }
                            ps[j] = m0; ps[j + 1] = m1; ps[j + 2] = m2; ps[j + 3] = m3
                            j += 4
                        }
                        while j < k {
                            let aj = pa[j], bj = pb[j]
                            var m = UInt64.max
                            for h in sh { m = Swift.min(m, Mersenne61.affine(aj, h, bj)) }
                            ps[j] = m
                            j += 1
                        }
                    }
                }
            }
        }
        self.sig = sig
    }

    /// Language component mixed into bucket hashes (0 when `perLanguage` is off or no language).
    public func languageSalt(_ language: String?) -> UInt64 {
        guard config.perLanguage, let language, !language.isEmpty else { return 0 }
        return XXH64.hash(language, seed: 0x6C61_6E67)
    }

    /// One 64-bit hash per bucket (XXH64 of the bucket's rows, salted with bucket index and
    /// language), or nil when the text has no words. In exact mode: the single `ContentHash`.
    public func bucketHashes(_ text: String, language: String?) -> [UInt64]? {
        let salt = languageSalt(language)
        if config.exact {
            let norm = normalizer.normalize(text)
            if norm.isEmpty { return nil }
            return [XXH64.hash(norm, seed: salt)]
        }
        guard signature(text) != nil else { return nil }
        let r = config.hashesPerBucket
        var out: [UInt64] = []
        out.reserveCapacity(config.buckets)
        rowBytes.removeAll(keepingCapacity: true)
        for bucket in 0..<config.buckets {
            rowBytes.removeAll(keepingCapacity: true)
            for j in 0..<r {
                var v = sig[bucket * r + j].littleEndian
                withUnsafeBytes(of: &v) { rowBytes.append(contentsOf: $0) }
            }
            out.append(XXH64.hash(rowBytes, seed: salt ^ (UInt64(bucket) &* 0x9E37_79B9_7F4A_7C15)))
        }
        return out
    }
}
