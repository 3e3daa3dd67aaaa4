import CMinHash

/// How the `buckets × hashesPerBucket` MinHash values of a document are computed.
public enum MinHashHashing: String, Sendable, Equatable, CaseIterable {
    /// One hash per shingle picks a bin and a value; each value is the least of its bin
    /// (one-permutation hashing, Li, Owen & Zhang 2012), empty bins borrow from other bins by
    /// optimal densification (Shrivastava 2017). O(1) per shingle. Follows the detection curve
    /// for documents of ≥ 60 words; for very short ones (≈ 30 words: most bins borrowed) it
    /// detects a few percent fewer pairs at high similarity.
    case onePermutation = "one_permutation"
    /// `buckets × hashesPerBucket` independent hash functions (simple tabulation), the minimum
    /// of each over all shingles: the classic scheme (datatrove, datasketch). O(k) per shingle.
    case permutations
}

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
    /// How the values are computed (one-permutation hashing by default).
    public var hashing: MinHashHashing

    public init(ngrams: Int = 5, buckets: Int = 14, hashesPerBucket: Int = 8, seed: UInt64 = 1,
                perLanguage: Bool = true, hashing: MinHashHashing = .onePermutation) {
        self.ngrams = max(1, ngrams)
        self.buckets = max(1, buckets)
        self.hashesPerBucket = max(1, hashesPerBucket)
        self.seed = seed
        self.perLanguage = perLanguage
        self.exact = false
        self.hashing = hashing
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
        normalizer.withNormalized(text) { $0.isEmpty ? 0 : XXH64.hash(UnsafeRawBufferPointer($0)) }
    }
}

/// Computes shingles, MinHash signatures and LSH bucket hashes. Not thread-safe (scratch
/// buffers): use one per thread. Output depends only on the config, splitter and input text.
///
/// With `.onePermutation` (the default) the signature is `cminhash_one_permutation` of the
/// shingle hashes (see the C header for the exact definition).
///
/// With `.permutations`, the `buckets × hashesPerBucket` hash functions are simple tabulation hashes (Zobrist;
/// Pătraşcu–Thorup) of the shingle hash folded to 32 bits: `h_i(x) = T0[x₀][i] ⊕ T1[x₁][i] ⊕
/// T2[x₂][i] ⊕ T3[x₃][i]` over the four bytes of x, with four random tables per function drawn
/// from SplitMix64(seed). Each function is 3-independent and the functions are mutually
/// independent; since the keys are XXH64 outputs, the minima behave as under random permutations
/// (the detection-curve and Jaccard tests check this). The layout is structure-of-arrays (row
/// `T_c[byte]` holds the values of all functions, contiguous), so one shingle updates every
/// signature slot with straight vectorisable loads, xors and minima.
public final class MinHasher {
    public let config: MinHashConfig
    private let splitter: any WordSplitter
    /// The calling thread's normaliser (shared with the thread's other hashers, so a text that
    /// two hashers sign in a row is normalised once).
    private var normalizer: TextNormalizer { TextNormalizer.forCurrentThread }
    /// Row stride of the tables (functions, rounded up to a multiple of 16).
    let stride: Int
    /// 4 × 256 rows of `stride` Int32: `table[(c·256 + byte)·stride + i]` (`.permutations`
    /// only; empty otherwise).
    let table: [Int32]
    private var words: [Range<Int>] = []
    private var joined: [UInt8] = []
    private var starts: [Int] = []
    private var shingles: [UInt64] = []
    private var mins: [Int32] = []
    private var sig: [UInt64] = []
    private var rowBytes: [UInt8] = []
    /// The first `probeDepth` bins of each bin's densification probe sequence (one-permutation
    /// hashing; computed once, shared by every document).
    private var probes: [UInt32] = []
    private var probeDepth = 0
    /// `firstProbe[i·k + b]`: where bin b first appears in bin i's probe sequence (k ≤ 1024).
    private var firstProbe: [UInt16] = []
    private var filled: [UInt8] = []
    private var values: [UInt32] = []

    public init(config: MinHashConfig, splitter: any WordSplitter = SimpleWordSplitter()) {
        self.config = config
        self.splitter = splitter
        let k = config.permutations
        stride = (k + 15) & ~15
        guard config.hashing == .permutations else {
            table = []
            probeDepth = max(1, min(256, (1 << 18) / k))  // ≤ 1 MB of table
            probes = [UInt32](repeating: 0, count: k * probeDepth)
            values = [UInt32](repeating: 0, count: k)
            filled = [UInt8](repeating: 0, count: k)
            firstProbe = k <= 1024 ? [UInt16](repeating: 0, count: k * k) : []
            probes.withUnsafeMutableBufferPointer { pb in
                firstProbe.withUnsafeMutableBufferPointer { fb in
                    cminhash_probe_table(k, config.seed, probeDepth, pb.baseAddress!, fb.isEmpty ? nil : fb.baseAddress)
                }
            }
            return
        }
        var rng = SplitMix64(seed: config.seed)
        var t = [Int32](repeating: 0, count: 4 * 256 * stride)
        for row in 0..<(4 * 256) {
            var i = 0
            while i < k {
                let r = rng.next()
                t[row * stride + i] = Int32(truncatingIfNeeded: r)
                if i + 1 < k { t[row * stride + i + 1] = Int32(truncatingIfNeeded: r >> 32) }
                i += 2
            }
        }
        table = t
    }

    /// XXH64 hashes (seed 0) of the word n-grams of the normalised text, each n-gram being its
    /// words joined by one space; a text of fewer than n words is one shingle; empty → [].
    public func shingleHashes(_ text: String) -> [UInt64] {
        computeShingles(text)
        return shingles
    }

    private func computeShingles(_ text: String) {
        // Work on locals (moved out of the class) to avoid per-access exclusivity checks.
        var words = self.words, joined = self.joined, starts = self.starts, shingles = self.shingles
        self.words = []; self.joined = []; self.starts = []; self.shingles = []
        defer { self.words = words; self.joined = joined; self.starts = starts; self.shingles = shingles }
        words.removeAll(keepingCapacity: true)
        shingles.removeAll(keepingCapacity: true)
        let splitter = self.splitter
        let n = config.ngrams
        let normalizer = self.normalizer
        normalizer.normalize(text: text)
        if splitter.splitsOnSpacesBelowU0800 && !normalizer.hasWideScalars && normalizer.spacesValid {
            // Words are the runs between the spaces the normaliser wrote (single spaces, none
            // leading or trailing): n-gram i spans from after space i−1 to space i+n−1 (or the end).
            normalizer.withLastResult { norm, spaces in
                guard norm.count > 0, let base = norm.baseAddress, let sp = spaces.baseAddress else {
                    if norm.count > 0, let base = norm.baseAddress {
                        shingles.append(XXH64.hash(UnsafeRawBufferPointer(start: base, count: norm.count)))
                    }
                    return
                }
                // The normaliser leaves ≥ 32 initialised bytes after its output (`slack`), as
                // the C routine requires.
                let m = spaces.count + 1 <= n ? 1 : spaces.count + 2 - n
                shingles.append(contentsOf: repeatElement(0, count: m))
                shingles.withUnsafeMutableBufferPointer { out in
                    _ = cminhash_ngram_hashes(base, norm.count, sp, spaces.count, n, out.baseAddress!)
                }
            }
            return
        }
        normalizer.withLastResult { norm, _ in
            splitter.split(norm, into: &words)
            guard !words.isEmpty, let base = norm.baseAddress else { return }
            let count = words.count
            let raw = UnsafeRawPointer(base)
            // Usual case: words separated by exactly one space in the normalised text, so every
            // n-gram "w1 w2 … wn" is already a contiguous slice of it (no copy).
            let contiguous = words.withUnsafeBufferPointer { w -> Bool in
                var k = 1
                while k < w.count { if w[k].lowerBound != w[k &- 1].upperBound &+ 1 { return false }; k &+= 1 }
                return true
            }
            if contiguous {
                let m = count < n ? 1 : count - n + 1
                shingles.reserveCapacity(m)
                words.withUnsafeBufferPointer { w in
                    if count < n {
                        let lo = w[0].lowerBound
                        shingles.append(XXH64.hash(UnsafeRawBufferPointer(start: raw + lo, count: w[count - 1].upperBound - lo)))
                        return
                    }
                    var i = 0
                    while i < m {
                        let lo = w[i].lowerBound
                        shingles.append(XXH64.hash(UnsafeRawBufferPointer(start: raw + lo, count: w[i &+ n &- 1].upperBound &- lo)))
                        i &+= 1
                    }
                }
                return
            }
            joined.removeAll(keepingCapacity: true)
            starts.removeAll(keepingCapacity: true)
            for w in words {
                if !joined.isEmpty { joined.append(0x20) }
                starts.append(joined.count)
                joined.append(contentsOf: UnsafeBufferPointer(rebasing: norm[w]))
            }
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
        if config.hashing == .onePermutation {
            computeOnePermutation()
            return
        }
        let k = config.permutations
        let stride = self.stride
        var mins = self.mins
        var sig = self.sig
        self.mins = []
        self.sig = []
        mins.removeAll(keepingCapacity: true)
        mins.append(contentsOf: repeatElement(Int32.max, count: stride))
        table.withUnsafeBufferPointer { tb in
            shingles.withUnsafeBufferPointer { sh in
                mins.withUnsafeMutableBufferPointer { mb in
                    guard let t = tb.baseAddress, let m = mb.baseAddress, let h = sh.baseAddress else { return }
                    // The C kernel (AVX-512 / AVX2 / portable, chosen at run time; identical results).
                    cminhash_update(t, stride, h, sh.count, m)
                }
            }
        }
        // Flipping the sign bit maps the signed order onto the unsigned one: values in [0, 2^32).
        sig.removeAll(keepingCapacity: true)
        for i in 0..<k { sig.append(UInt64(UInt32(bitPattern: mins[i]) ^ 0x8000_0000)) }
        self.mins = mins
        self.sig = sig
    }

    private func computeOnePermutation() {
        let k = config.permutations
        var filled = self.filled, values = self.values, sig = self.sig
        self.filled = []; self.values = []; self.sig = []
        defer { self.filled = filled; self.values = values; self.sig = sig }
        let depth = probeDepth
        shingles.withUnsafeBufferPointer { sh in
            probes.withUnsafeBufferPointer { pb in
                firstProbe.withUnsafeBufferPointer { first in
                    values.withUnsafeMutableBufferPointer { vb in
                        filled.withUnsafeMutableBufferPointer { fb in
                            guard let h = sh.baseAddress, let p = pb.baseAddress, let v = vb.baseAddress,
                                  let f = fb.baseAddress else { return }
                            // (An empty array's buffer may still have a base address.)
                            cminhash_one_permutation(h, sh.count, k, config.seed, p, depth,
                                                     first.isEmpty ? nil : first.baseAddress, f, v)
                        }
                    }
                }
            }
        }
        sig.removeAll(keepingCapacity: true)
        for v in values { sig.append(UInt64(v)) }
    }

    /// Language component mixed into bucket hashes (0 when `perLanguage` is off or no language).
    public func languageSalt(_ language: String?) -> UInt64 {
        guard config.perLanguage, let language, !language.isEmpty else { return 0 }
        return XXH64.hash(language, seed: 0x6C61_6E67)
    }

    /// One 64-bit hash per bucket (XXH64 of the bucket's rows as u32 little-endian, salted with bucket index and
    /// language), or nil when the text has no words. In exact mode: the single `ContentHash`.
    public func bucketHashes(_ text: String, language: String?) -> [UInt64]? {
        let salt = languageSalt(language)
        if config.exact {
            return normalizer.withNormalized(text) { norm in
                norm.isEmpty ? nil : [XXH64.hash(UnsafeRawBufferPointer(norm), seed: salt)]
            }
        }
        guard signature(text) != nil else { return nil }
        let r = config.hashesPerBucket
        var out: [UInt64] = []
        out.reserveCapacity(config.buckets)
        let buckets = config.buckets
        rowBytes.removeAll(keepingCapacity: true)
        rowBytes.append(contentsOf: repeatElement(0, count: 4 * r))
        rowBytes.withUnsafeMutableBytes { rb in
            sig.withUnsafeBufferPointer { sg in
                for bucket in 0..<buckets {
                    for j in 0..<r {
                        rb.storeBytes(of: UInt32(truncatingIfNeeded: sg[bucket * r + j]).littleEndian, toByteOffset: 4 * j, as: UInt32.self)
                    }
                    out.append(XXH64.hash(UnsafeRawBufferPointer(rb), seed: salt ^ (UInt64(bucket) &* 0x9E37_79B9_7F4A_7C15)))
                }
            }
        }
        return out
    }
}
