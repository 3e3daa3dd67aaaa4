import CMinHash
import SieveFilters
import SieveIO
import XCTest
@testable import SieveDedup

final class HashingTests: XCTestCase {
    func testXXH64KnownValues() {
        // Reference values from the xxhash Python package (xxh64_intdigest).
        XCTAssertEqual(XXH64.hash(""), 17_241_709_254_077_376_921)
        XCTAssertEqual(XXH64.hash("hello world cafe 0 and"), 8_989_171_308_404_833_369)
        XCTAssertEqual(XXH64.hash(String(repeating: "a", count: 100)), 3_985_758_137_895_276_467)
        XCTAssertEqual(XXH64.hash("abc", seed: 5), 16_693_548_093_401_108_276)
    }

    func testMersenneAffineMatchesLongDivision() {
        var rng = SplitMix64(seed: 42)
        let p = Mersenne61.p
        for _ in 0..<20000 {
            let a = rng.next() % p, b = rng.next() % p, h = rng.next()
            let (hi, lo) = a.multipliedFullWidth(by: h)
            let (_, r0) = p.dividingFullWidth((hi % p, lo))  // (a·h) mod p
            let expected = (r0 + b) % p
            XCTAssertEqual(Mersenne61.affine(a, h, b), expected)
        }
        XCTAssertLessThan(Mersenne61.affine(p - 1, UInt64.max, p - 1), p)
    }

    func testSplitMixIsDeterministic() {
        var a = SplitMix64(seed: 1), b = SplitMix64(seed: 1)
        for _ in 0..<10 { XCTAssertEqual(a.next(), b.next()) }
        // Published first output of SplitMix64 with seed 0.
        var z = SplitMix64(seed: 0)
        XCTAssertEqual(z.next(), 0xE220_A839_7B1D_CDAF)
    }
}

final class NormalizeTests: XCTestCase {
    func words(_ s: String) -> [String] {
        let n = TextNormalizer().normalize(s)
        var w: [Range<Int>] = []
        n.withUnsafeBufferPointer { SimpleWordSplitter().split($0, into: &w) }
        return w.map { String(decoding: n[$0], as: UTF8.self) }
    }

    func testNormalisation() {
        XCTAssertEqual(words("Hello, World!  Café 3.14 and 1,000,000 things"),
                       ["hello", "world", "cafe", "0", "and", "0", "0", "things"])
        XCTAssertEqual(words("Ångström naïve ÉLÈVE"), ["angstrom", "naive", "eleve"])
        XCTAssertEqual(words(""), [])
        XCTAssertEqual(words(" \n\t!!! ... "), [])
        XCTAssertEqual(words("zero\u{200B}width"), ["zerowidth"])
        XCTAssertEqual(words("日本語のテキスト"), ["日", "本", "語", "の", "テ", "キ", "ス", "ト"])
        XCTAssertEqual(words("ภาษาไทย ok"), ["ภ", "า", "ษ", "า", "ไ", "ท", "ย", "ok"])
        XCTAssertEqual(words("x\u{FF}\u{C0}y"), ["xyay"])
    }

    func testNormaliserReusesOnlyTheSameText() {
        let n = TextNormalizer()
        let a = "Hello, World! Café 3.14", b = "Jello, World! Cafe 3.15"
        XCTAssertEqual(a.utf8.count, b.utf8.count + 1)
        let fresh = { (s: String) in TextNormalizer().normalize(s) }
        XCTAssertEqual(n.normalize(a), fresh(a))
        XCTAssertEqual(n.normalize(a), fresh(a))  // same text again: the last result
        XCTAssertEqual(n.normalize(b), fresh(b))
        let c = "Jello, World! Cafe 3.16"  // same length as b, other bytes
        XCTAssertEqual(n.normalize(c), fresh(c))
        // Bytes given directly invalidate the remembered text.
        var other = "Something else entirely"
        other.withUTF8 { n.normalize(bytes: $0) }
        XCTAssertEqual(n.normalize(c), fresh(c))
        XCTAssertEqual(n.normalize(""), [])
        XCTAssertEqual(n.normalize(a), fresh(a))
        // The per-thread normaliser is one object per thread.
        XCTAssertTrue(TextNormalizer.forCurrentThread === TextNormalizer.forCurrentThread)
    }

    func testContentHash() {
        XCTAssertEqual(ContentHash.of("Hello,   world!"), ContentHash.of("hello world"))
        XCTAssertNotEqual(ContentHash.of("hello world"), ContentHash.of("hello there"))
        XCTAssertEqual(ContentHash.of("!!!"), 0)
    }

    func testURLKey() {
        XCTAssertEqual(URLKey.normalize("HTTPS://WWW.Example.COM:443/a/b/?x=1#frag"), "example.com/a/b?x=1")
        XCTAssertEqual(URLKey.normalize("http://example.com"), "example.com/")
        XCTAssertEqual(URLKey.normalize("http://example.com:8080/"), "example.com:8080/")
        XCTAssertEqual(URLKey.normalize(" http://user:pw@Example.com:80/A//?Q=1&b#x "), "example.com/A?Q=1&b")
        XCTAssertEqual(URLKey.normalize("https://example.com:80/"), "example.com:80/")
        XCTAssertEqual(URLKey.normalize("example.com/x/"), "example.com/x")
        XCTAssertEqual(URLKey.hash("https://example.com/a#top"), URLKey.hash("http://www.EXAMPLE.com/a/"))
    }

    func testTimestamps() {
        XCTAssertEqual(URLDedup.timestamp("1970-01-01T00:00:00Z"), 0)
        XCTAssertEqual(URLDedup.timestamp("2025-01-14T06:00:34Z"), 1_736_834_434_000)
        XCTAssertEqual(URLDedup.timestamp("2025-01-14T07:00:34.25+01:00"), 1_736_834_434_250)
        XCTAssertEqual(URLDedup.timestamp("2025-01-14 06:00:34"), 1_736_834_434_000)
        XCTAssertEqual(URLDedup.timestamp("2024-02-29"), 1_709_164_800_000)
        XCTAssertEqual(URLDedup.timestamp("1969-12-31T23:59:59Z"), -1000)
        XCTAssertNil(URLDedup.timestamp("yesterday"))
        XCTAssertNil(URLDedup.timestamp("2025-13-01"))
        XCTAssertNil(URLDedup.timestamp("2025-01-14T06:00:34Zjunk"))
        // Newest first; undated captures last; `first` ignores dates.
        let new = URLDedup.rank(created: "2025-01-02", keep: .newest), old = URLDedup.rank(created: "2024-01-02", keep: .newest)
        XCTAssertLessThan(new, old)
        XCTAssertLessThan(old, URLDedup.rank(created: nil, keep: .newest))
        XCTAssertLessThan(URLDedup.rank(created: "2024-01-02", keep: .oldest), URLDedup.rank(created: "2025-01-02", keep: .oldest))
        XCTAssertLessThan(URLDedup.rank(created: "2025-01-02", keep: .oldest), URLDedup.rank(created: "bad", keep: .oldest))
        XCTAssertEqual(URLDedup.rank(created: "2025-01-02", keep: .first), URLDedup.rank(created: nil, keep: .first))
    }
}

final class MinHashTests: XCTestCase {
    func testShortAndEmptyDocuments() {
        let h = MinHasher(config: MinHashConfig())
        XCTAssertNil(h.signature(""))
        XCTAssertNil(h.signature(" ,;. "))
        XCTAssertEqual(h.shingleHashes("one two three"), [XXH64.hash("one two three")])
        XCTAssertEqual(h.shingleHashes("a b c d e f").count, 2)
        XCTAssertEqual(h.signature("Word")?.count, 112)
    }

    func testLanguageSaltSeparatesBuckets() {
        let h = MinHasher(config: MinHashConfig())
        let t = "the quick brown fox jumps over the lazy dog again and again"
        XCTAssertEqual(h.bucketHashes(t, language: "eng_Latn"), h.bucketHashes(t, language: "eng_Latn"))
        XCTAssertNotEqual(h.bucketHashes(t, language: "eng_Latn")?[0], h.bucketHashes(t, language: "deu_Latn")?[0])
        var c = MinHashConfig()
        c.perLanguage = false
        let g = MinHasher(config: c)
        XCTAssertEqual(g.bucketHashes(t, language: "eng_Latn"), g.bucketHashes(t, language: "deu_Latn"))
    }

    /// Random shingle sets with exact Jaccard s: the per-slot agreement is Bernoulli(s), so the
    /// mean agreement over 200 pairs × 112 slots must be within 4σ of s, and the band-match
    /// frequency within 4σ of 1 − (1 − s^8)^14. Both hashing schemes.
    func testSignatureAgreementAndBandCurve() {
      for hashing in MinHashHashing.allCases {
        let config = MinHashConfig(hashing: hashing)
        let h = MinHasher(config: config)
        var rng = SplitMix64(seed: 9)
        for s in [0.5, 0.7, 0.8, 0.9] {
            let pairs = 200
            var agree = 0, bandHits = 0
            for _ in 0..<pairs {
                // |A∩B| = i, |A∪B| = 60 → s = i/60.
                let i = Int((s * 60).rounded())
                let common = (0..<i).map { _ in rng.next() }
                let onlyA = (0..<((60 - i) / 2)).map { _ in rng.next() }
                let onlyB = (0..<(60 - i - onlyA.count)).map { _ in rng.next() }
                let sa = h.signature(shingleHashes: common + onlyA)!
                let sb = h.signature(shingleHashes: common + onlyB)!
                var hit = false
                for b in 0..<14 {
                    var all = true
                    for r in 0..<8 { let k = b * 8 + r; if sa[k] == sb[k] { agree += 1 } else { all = false } }
                    if all { hit = true }
                }
                if hit { bandHits += 1 }
            }
            let exact = Double(Int((s * 60).rounded())) / 60
            let slots = Double(pairs * 112)
            let mean = Double(agree) / slots
            XCTAssertEqual(mean, exact, accuracy: 4 * (exact * (1 - exact) / slots).squareRoot() * 3 + 0.005, "\(hashing) s=\(s)")
            let p = config.matchProbability(jaccard: exact)
            XCTAssertEqual(Double(bandHits) / Double(pairs), p, accuracy: 4 * (p * (1 - p) / Double(pairs)).squareRoot() + 0.01, "\(hashing) s=\(s)")
        }
      }
    }

    /// One-permutation hashing as the C header defines it, written out plainly.
    func referenceOnePermutation(_ shingles: [UInt64], k: Int, seed: UInt64) -> [UInt64] {
        func fmix(_ v: UInt64) -> UInt64 {
            var x = v
            x ^= x >> 33; x &*= 0xFF51_AFD7_ED55_8CCD
            x ^= x >> 33; x &*= 0xC4CE_B9FE_1A85_EC53
            x ^= x >> 33
            return x
        }
        func bin(_ g: UInt64) -> Int { Int(((g >> 32) &* UInt64(k)) >> 32) }
        let s = fmix(seed ^ 0x9E37_79B9_7F4A_7C15)
        var mins = [UInt64?](repeating: nil, count: k)
        for h in shingles {
            let g = fmix(h ^ s)
            let b = bin(g), v = g & 0xFFFF_FFFF
            mins[b] = min(mins[b] ?? v, v)
        }
        return (0..<k).map { i in
            if let v = mins[i] { return v }
            var a: UInt64 = 1
            while true {
                if let v = mins[bin(fmix(s ^ (UInt64(i) << 32) ^ a))] { return v }
                a += 1
            }
        }
    }

    func testOnePermutationFollowsItsDefinition() {
        var rng = SplitMix64(seed: 21)
        // 200 × 10: the precomputed probes (131 per bin) run out for documents of few shingles.
        for (b, r, seed) in [(14, 8, UInt64(1)), (9, 13, 5), (1, 1, 1), (20, 10, 77), (200, 10, 9)] {
            let h = MinHasher(config: MinHashConfig(buckets: b, hashesPerBucket: r, seed: seed))
            for size in [1, 2, 7, 64, 300, 1500] {
                let shingles = (0..<size).map { _ in rng.next() }
                let sig = h.signature(shingleHashes: shingles)
                XCTAssertEqual(sig, referenceOnePermutation(shingles, k: b * r, seed: seed), "\(b)x\(r), \(size) shingles")
                // A set: order and repeats do not matter.
                XCTAssertEqual(h.signature(shingleHashes: (shingles + shingles.prefix(3)).reversed()), sig)
            }
        }
        // One shingle fills every slot with its value; another seed gives other values.
        let one = MinHasher(config: MinHashConfig()).signature(shingleHashes: [42])!
        XCTAssertEqual(Set(one).count, 1)
        XCTAssertNotEqual(MinHasher(config: MinHashConfig(seed: 2)).signature(shingleHashes: [42]), one)
    }
}

final class PhaseTests: XCTestCase {
    var dir = ""
    override func setUp() {
        dir = "/tmp/sieve-dedup-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }
    override func tearDown() { FileSystem.removeTree(dir) }

    func runAll(_ corpus: [[String]], config: MinHashConfig = MinHashConfig(), pairOrder: Bool = false) throws -> (String, Clusters.Summary) {
        var sigFiles = Array(repeating: [String](), count: config.buckets)
        for (fi, docs) in corpus.enumerated() {
            let w = SignatureWriter(directory: dir + "/sig", task: fi, config: config)
            for (i, t) in docs.enumerated() { w.add(key: DocKey(file: UInt32(fi), index: UInt32(i)), text: t, language: nil) }
            for (b, p) in try w.finish().enumerated() { sigFiles[b].append(p) }
        }
        var pairFiles: [String] = []
        for b in 0..<config.buckets {
            let out = dir + "/pairs/\(b).pairs"
            try BucketPairs.run(bucket: b, signatureFiles: pairOrder ? sigFiles[b].reversed() : sigFiles[b], output: out)
            pairFiles.append(out)
        }
        let remove = dir + "/remove"
        let r = try Clusters.run(pairFiles: pairOrder ? pairFiles.reversed() : pairFiles, output: remove)
        return (remove, r)
    }

    let base = "the quick brown fox jumps over the lazy dog while the cat watches from the warm window sill"

    func testPhasesEndToEndAndDeterminism() throws {
        let corpus = [
            [base, "completely different text about swift programming and external merge sorts today", ""],
            ["The quick brown fox jumps over the lazy dog, while the cat watches from the warm window sill!", "x"],
            [base, "x"],
        ]
        let (remove, r) = try runAll(corpus)
        XCTAssertEqual(r.removed, 3)   // base copies 1:0 and 2:0, and "x" 2:1 (dup of 1:1)
        XCTAssertEqual(r.clusters, 2)
        let first = try FileSystem.readFile(remove)
        let idx = try RemovalIndex(path: remove)
        XCTAssertEqual(idx.decision(for: DocKey(file: 0, index: 0))?.remove, false)
        XCTAssertEqual(idx.decision(for: DocKey(file: 0, index: 0))?.clusterSize, 3)
        XCTAssertEqual(idx.decision(for: DocKey(file: 2, index: 0))?.kept, DocKey(file: 0, index: 0))
        XCTAssertEqual(idx.decision(for: DocKey(file: 2, index: 1))?.kept, DocKey(file: 1, index: 1))
        XCTAssertNil(idx.decision(for: DocKey(file: 0, index: 1)))
        XCTAssertNil(idx.decision(for: DocKey(file: 0, index: 2)))  // empty: never a duplicate
        // Re-run with reversed file orders: byte-identical outputs.
        let sig0 = try FileSystem.readFile(SignatureWriter.path(directory: dir + "/sig", bucket: 3, task: 1))
        FileSystem.removeTree(dir)
        let (remove2, _) = try runAll(corpus, pairOrder: true)
        XCTAssertEqual(try FileSystem.readFile(remove2), first)
        XCTAssertEqual(try FileSystem.readFile(SignatureWriter.path(directory: dir + "/sig", bucket: 3, task: 1)), sig0)
    }

    func testExactMode() throws {
        let (remove, r) = try runAll([["Hello, world!", "hello world", "hello world again"]], config: .exactContent())
        XCTAssertEqual(r.removed, 1)
        XCTAssertEqual(try RemovalIndex(path: remove).decision(for: DocKey(file: 0, index: 1))?.kept, DocKey(file: 0, index: 0))
    }

    /// 120k copies of one hash: phase 2 emits a star (n − 1 pairs), phase 3 one cluster.
    func testHugeClusterIsLinear() throws {
        let n = 120_000
        let config = MinHashConfig.exactContent()
        var files: [String] = []
        for task in 0..<3 {
            let w = SignatureWriter(directory: dir + "/sig", task: task, config: config)
            for i in 0..<(n / 3) { w.add(key: DocKey(file: UInt32(task), index: UInt32(i)), hash: 42) }
            files += try w.finish()
        }
        let pairs = try BucketPairs.run(bucket: 0, signatureFiles: files, output: dir + "/p")
        XCTAssertEqual(pairs, n - 1)
        let r = try Clusters.run(pairFiles: [dir + "/p"], output: dir + "/r")
        // Threads (parallel key sorting and id mapping) do not change a byte.
        let copy = try OutputFile(path: dir + "/p2")
        try copy.write(try FileSystem.readFile(dir + "/p"))
        try copy.commit()
        let r3 = try Clusters.run(pairFiles: [dir + "/p", dir + "/p2"], output: dir + "/r3", threads: 3)
        XCTAssertEqual(r3, r)
        XCTAssertEqual(try FileSystem.readFile(dir + "/r3"), try FileSystem.readFile(dir + "/r"))
        XCTAssertEqual(r.removed, n - 1)
        XCTAssertEqual(r.clusters, 1)
        let idx = try RemovalIndex(path: dir + "/r")
        XCTAssertEqual(idx.decision(for: DocKey(file: 2, index: 5))?.clusterSize, n)
        XCTAssertEqual(idx.decision(for: DocKey(file: 2, index: 5))?.kept, DocKey(file: 0, index: 0))
    }

    /// Phase 2 split into K hash ranges: the parts concatenated equal the unsplit pairs byte for
    /// byte, and phase 3's output is identical whatever the split.
    func testHashRangeSplitIsByteIdentical() throws {
        var rng = SplitMix64(seed: 7)
        func words(_ n: Int) -> [String] { (0..<n).map { _ in "w\(rng.next() % 5000)" } }
        var corpus: [[String]] = [[], [], []]
        for i in 0..<240 {
            let base = words(40)
            corpus[i % 3].append(base.joined(separator: " "))
            if i % 2 == 0 { corpus[(i + 1) % 3].append((base.dropLast(2) + words(2)).joined(separator: " ")) }
            if i % 5 == 0 { corpus[(i + 2) % 3].append(base.joined(separator: " ")) }
        }
        for _ in 0..<300 { corpus[2].append("one and the same copied text") }
        let config = MinHashConfig()
        var sigFiles = Array(repeating: [String](), count: config.buckets)
        for (fi, docs) in corpus.enumerated() {
            let w = SignatureWriter(directory: dir + "/sig", task: fi, config: config)
            for (i, t) in docs.enumerated() { w.add(key: DocKey(file: UInt32(fi), index: UInt32(i)), text: t, language: nil) }
            for (b, p) in try w.finish().enumerated() { sigFiles[b].append(p) }
        }
        var removes: [[UInt8]] = []
        for parts in [1, 3, 16] {
            var pairFiles: [String] = []
            for b in 0..<config.buckets {
                var joined: [UInt8] = []
                var total = 0
                for part in 0..<parts {
                    let out = dir + "/pairs\(parts)/\(b)-\(part).pairs"
                    total += try BucketPairs.run(bucket: b, signatureFiles: sigFiles[b], output: out, range: HashRange(part: part, parts: parts))
                    joined += try FileSystem.readFile(out)
                    pairFiles.append(out)
                }
                let whole = dir + "/whole-\(b).pairs"
                XCTAssertEqual(try BucketPairs.run(bucket: b, signatureFiles: sigFiles[b], output: whole), total)
                XCTAssertEqual(joined, try FileSystem.readFile(whole), "bucket \(b), \(parts) parts")
            }
            let r = try Clusters.run(pairFiles: pairFiles.shuffled(), output: dir + "/remove\(parts)", threads: parts == 1 ? 1 : 4)
            XCTAssertGreaterThan(r.removed, 250)
            removes.append(try FileSystem.readFile(dir + "/remove\(parts)"))
        }
        XCTAssertTrue(removes.allSatisfy { $0 == removes[0] })
        XCTAssertEqual(HashRange(part: 1, parts: 2).lowerBound, 1 << 63)
        XCTAssertNil(HashRange(part: 1, parts: 2).upperBound)
        XCTAssertTrue(HashRange(part: 0, parts: 3).contains(0) && !HashRange(part: 0, parts: 3).contains(UInt64.max))
    }

    /// URL groups keep the best-ranked capture; a capture removed by URL is never a cluster's kept
    /// document but still links its near-duplicates.
    func testURLDedupWithClusters() throws {
        let w = URLSignatureWriter(directory: dir + "/url", task: 0)
        let newest = URLDedup.Keep.newest
        // u1: three captures, newest is 0:2. u2: two captures with equal dates → smallest key 0:3.
        w.add(key: DocKey(file: 0, index: 0), url: "http://a.example/u1", rank: URLDedup.rank(created: "2023-05-01T00:00:00Z", keep: newest))
        w.add(key: DocKey(file: 0, index: 1), url: "https://A.example/u1#x", rank: URLDedup.rank(created: nil, keep: newest))
        w.add(key: DocKey(file: 0, index: 2), url: "http://a.example/u1/", rank: URLDedup.rank(created: "2025-05-01T00:00:00Z", keep: newest))
        w.add(key: DocKey(file: 0, index: 3), url: "http://b.example/u2", rank: URLDedup.rank(created: "2024-01-01", keep: newest))
        w.add(key: DocKey(file: 0, index: 4), url: "http://b.example/u2", rank: URLDedup.rank(created: "2024-01-01", keep: newest))
        w.add(key: DocKey(file: 0, index: 5), url: "http://c.example/unique", rank: 0)
        let file = try w.finish()
        var urlFiles: [String] = []
        var removed = 0
        for part in 0..<3 {
            let out = dir + "/u\(part).urlremove"
            removed += try URLGroups.run(signatureFiles: [file], output: out, range: HashRange(part: part, parts: 3)).removed
            urlFiles.append(out)
        }
        XCTAssertEqual(removed, 3)
        // Content pairs: 0:0 ~ 0:5 ~ 0:6 (a star on 0:0, the smallest key).
        var bytes: [UInt8] = []
        putKey(DocKey(file: 0, index: 0).raw, &bytes); putKey(DocKey(file: 0, index: 5).raw, &bytes)
        putKey(DocKey(file: 0, index: 0).raw, &bytes); putKey(DocKey(file: 0, index: 6).raw, &bytes)
        try FileSystem.createDirectories(dir)
        let f = try OutputFile(path: dir + "/c.pairs")
        try f.write(bytes)
        try f.commit()
        let r = try Clusters.run(pairFiles: [dir + "/c.pairs"], urlFiles: urlFiles, output: dir + "/remove")
        XCTAssertEqual(r, Clusters.Summary(removed: 1, clusters: 1, urlRemoved: 3))
        let idx = try RemovalIndex(path: dir + "/remove")
        XCTAssertEqual(idx.entry(for: DocKey(file: 0, index: 0)), RemovalEntry(remove: true, kept: DocKey(file: 0, index: 2), clusterSize: 3, byURL: true))
        XCTAssertEqual(idx.entry(for: DocKey(file: 0, index: 1))?.kept, DocKey(file: 0, index: 2))
        XCTAssertNil(idx.entry(for: DocKey(file: 0, index: 2)))
        XCTAssertNil(idx.entry(for: DocKey(file: 0, index: 3)))
        XCTAssertEqual(idx.entry(for: DocKey(file: 0, index: 4)), RemovalEntry(remove: true, kept: DocKey(file: 0, index: 3), clusterSize: 2, byURL: true))
        // The cluster {0:0, 0:5, 0:6} keeps 0:5 (0:0 went by URL) and counts two documents.
        XCTAssertEqual(idx.entry(for: DocKey(file: 0, index: 5)), RemovalEntry(remove: false, kept: nil, clusterSize: 2, byURL: false))
        XCTAssertEqual(idx.entry(for: DocKey(file: 0, index: 6)), RemovalEntry(remove: true, kept: DocKey(file: 0, index: 5), clusterSize: 2, byURL: false))
        XCTAssertEqual(idx.referencedKeys, [DocKey(file: 0, index: 2).raw, DocKey(file: 0, index: 3).raw, DocKey(file: 0, index: 5).raw])
    }

    func testCorruptFilesAreRejected() throws {
        try FileSystem.createDirectories(dir)
        _ = try OutputFile.writeAtomically(dir + "/bad.sig", "12345")
        XCTAssertThrowsError(try BucketPairs.run(bucket: 0, signatureFiles: [dir + "/bad.sig"], output: dir + "/o"))
        XCTAssertThrowsError(try RemovalIndex(path: dir + "/bad.sig"))
        // Unsorted records.
        var bytes: [UInt8] = []
        putU64(5, &bytes); putKey(0, &bytes); putU64(1, &bytes); putKey(0, &bytes)
        let f = try OutputFile(path: dir + "/unsorted.sig")
        try f.write(bytes)
        try f.commit()
        XCTAssertThrowsError(try BucketPairs.run(bucket: 0, signatureFiles: [dir + "/unsorted.sig"], output: dir + "/o"))
    }
}

/// The SIMD kernel, the normaliser's fast paths and the pipeline's byte-level word split
/// against plain reference implementations.
final class FastPathTests: XCTestCase {
    /// The tabulation MinHash written out directly from the hasher's tables.
    func referenceSignature(_ h: MinHasher, _ shingles: [UInt64]) -> [UInt64] {
        let k = h.config.permutations
        var mins = [Int32](repeating: .max, count: k)
        for s in shingles {
            let x = UInt32(truncatingIfNeeded: s ^ (s >> 32))
            for i in 0..<k {
                var v: Int32 = 0
                for c in 0..<4 { v ^= h.table[(c * 256 + Int((x >> (8 * UInt32(c))) & 0xFF)) * h.stride + i] }
                mins[i] = min(mins[i], v)
            }
        }
        return mins.map { UInt64(UInt32(bitPattern: $0) ^ 0x8000_0000) }
    }

    func testKernelPathsAgreeWithReference() {
        defer { cminhash_force_level(-1) }
        var rng = SplitMix64(seed: 7)
        let detected = cminhash_level()
        for (b, r) in [(14, 8), (9, 13), (1, 1), (20, 10)] {
            let h = MinHasher(config: MinHashConfig(buckets: b, hashesPerBucket: r, seed: 3, hashing: .permutations))
            for size in [1, 2, 7, 64, 300, 1500] {
                let shingles = (0..<size).map { _ in rng.next() }
                let expected = referenceSignature(h, shingles)
                for level in Int32(0)...Int32(2) {
                    cminhash_force_level(level)
                    XCTAssertEqual(h.signature(shingleHashes: shingles), expected, "level \(level) (CPU: \(detected)), \(b)x\(r), \(size) shingles")
                }
            }
        }
    }

    /// The normaliser as it was before the table-driven rewrite (byte-by-byte appends).
    func referenceNormalize(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var lastSpace = true, lastDigit = false, separatorUsed = false
        func space() { if !lastSpace { out.append(0x20); lastSpace = true }; lastDigit = false }
        func digit() { if !lastDigit { out.append(0x30); lastDigit = true; lastSpace = false; separatorUsed = false } }
        let n = bytes.count
        var i = 0
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                switch b {
                case 0x61...0x7A: out.append(b); lastSpace = false; lastDigit = false
                case 0x41...0x5A: out.append(b | 0x20); lastSpace = false; lastDigit = false
                case 0x30...0x39: digit()
                case 0x2E, 0x2C:
                    if lastDigit && !separatorUsed && i < n && bytes[i] >= 0x30 && bytes[i] <= 0x39 { separatorUsed = true } else { space() }
                default: space()
                }
                continue
            }
            let len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
            guard len > 1, i + len <= n else { space(); i += 1; continue }
            var v: UInt32 = len == 4 ? UInt32(b & 0x07) : len == 3 ? UInt32(b & 0x0F) : UInt32(b & 0x1F)
            var ok = true
            for j in 1..<len {
                let c = bytes[i + j]
                if c & 0xC0 != 0x80 { ok = false; break }
                v = (v << 6) | UInt32(c & 0x3F)
            }
            guard ok else { space(); i += 1; continue }
            i += len
            guard let scalar = Unicode.Scalar(v) else { space(); continue }
            let p = scalar.properties
            switch p.generalCategory {
            case .decimalNumber: digit(); continue
            case .nonspacingMark, .enclosingMark, .format: continue
            case .spaceSeparator, .lineSeparator, .paragraphSeparator, .control, .connectorPunctuation,
                .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
                .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol, .surrogate,
                .privateUse, .unassigned:
                space(); continue
            default: break
            }
            if p.isWhitespace { space(); continue }
            var mapped: [UInt8] = []
            for u in p.lowercaseMapping.decomposedStringWithCanonicalMapping.unicodeScalars
            where u.properties.generalCategory != .nonspacingMark { mapped += Array(String(u).utf8) }
            if mapped.isEmpty { continue }
            out += mapped
            lastSpace = false
            lastDigit = false
        }
        if out.last == 0x20 { out.removeLast() }
        return out
    }

    /// Random texts over ASCII, Latin-1, Greek, Cyrillic, combining marks, Devanagari, CJK,
    /// Thai, emoji, format characters and digits with separators.
    func randomTexts(_ count: Int, seed: UInt64) -> [String] {
        var rng = SplitMix64(seed: seed)
        let pieces: [String] = ["a", "Z", "q", "hello", "WORLD", " ", "  ", "\n", "\t", ".", ",", "3", "14", "1,000", "3.14.15",
                                "'", "-", "é", "É", "ß", "Ⱥ", "İ", "ω", "Ω", "ж", "Ж", "\u{301}", "\u{200B}", "क्ष", "ि",
                                "日本", "語", "テ", "ภาษา", "😀", "½", "²", "٣", "Ⅻ", "ǅ", "ﬁ", "\u{1D400}", "\u{E000}", "_", "’"]
        return (0..<count).map { _ in
            var s = ""
            for _ in 0..<Int(rng.next() % 40) { s += pieces[Int(rng.next() % UInt64(pieces.count))] }
            return s
        }
    }

    func testNormalizerMatchesReference() {
        let norm = TextNormalizer()
        for t in randomTexts(3000, seed: 11) {
            XCTAssertEqual(norm.normalize(t), referenceNormalize(Array(t.utf8)), t)
        }
        // Invalid UTF-8, truncated sequences, and a text long enough to grow the buffer.
        var rng = SplitMix64(seed: 5)
        for len in [1, 3, 17, 200, 100_000] {
            let bytes = (0..<len).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            bytes.withUnsafeBufferPointer { norm.normalize(bytes: $0) }
            XCTAssertEqual(norm.output, referenceNormalize(bytes))
        }
        let growing = String(repeating: "Ⱥ", count: 70_000)  // 2 bytes → 3 bytes each
        XCTAssertEqual(norm.normalize(growing), referenceNormalize(Array(growing.utf8)))
    }

    /// SimpleWordSplitter without the space-split shortcut (forces `split`).
    struct PlainSplitter: WordSplitter {
        func split(_ text: UnsafeBufferPointer<UInt8>, into words: inout [Range<Int>]) {
            SimpleWordSplitter().split(text, into: &words)
        }
    }

    func testNormaliserSpacesGiveTheSplitterShingles() {
        defer { cminhash_force_level(-1) }
        var texts = randomTexts(1500, seed: 13)
        texts += ["", "one", "one two", "one two three", " lead and trail ", "ж ж ж ж", "café naïve x y z w",
                  String(repeating: "abcdefghij", count: 30) + " x " + String(repeating: "k", count: 95) + " y z"]
        // Long texts (the AVX-512 path hashes 24 n-grams at a time, then 8, then one by one),
        // words of 1-40 letters: n-grams from a few bytes to over 64.
        var rng = SplitMix64(seed: 17)
        for words in [7, 8, 9, 23, 24, 25, 31, 32, 33, 100, 401] {
            texts.append((0..<words).map { _ in
                String(repeating: Character(UnicodeScalar(UInt8(97 + rng.next() % 26))), count: 1 + Int(rng.next() % (rng.next() % 4 == 0 ? 40 : 9)))
            }.joined(separator: " "))
        }
        for ngrams in [1, 3, 5] {
            let fast = MinHasher(config: MinHashConfig(ngrams: ngrams))
            let plain = MinHasher(config: MinHashConfig(ngrams: ngrams), splitter: PlainSplitter())
            for level in [Int32(0), 2] {
                cminhash_force_level(level)
                for t in texts { XCTAssertEqual(fast.shingleHashes(t), plain.shingleHashes(t), "level \(level): \(t)") }
            }
        }
    }

    func testRadixSortMatchesComparisonSort() {
        var rng = SplitMix64(seed: 9)
        var scratch: [(hash: UInt64, key: UInt64)] = []
        for n in [0, 1, 63, 64, 1000, 20000] {
            var a: [(hash: UInt64, key: UInt64)] = (0..<n).map { i in
                let r = rng.next()
                // Few distinct hashes for some, equal high bytes for others.
                return (n == 1000 ? r % 17 : n == 20000 ? r & 0xFFFF_FFFF : r, UInt64(i))
            }
            let expected = a.sorted { $0.hash != $1.hash ? $0.hash < $1.hash : $0.key < $1.key }
            radixSortByHash(&a, scratch: &scratch)
            XCTAssertTrue(a.elementsEqual(expected) { $0.hash == $1.hash && $0.key == $1.key }, "n = \(n)")
        }
    }

    func testSpacedWordsMatchSegmenter() {
        let norm = TextNormalizer()
        let segmenter = WordSegmenter()
        var fast = 0
        for t in randomTexts(3000, seed: 12) {
            norm.withNormalized(t) { n in
                var words: [Range<Int>] = []
                if SpacedWords.split(n, into: &words) {
                    fast += 1
                    XCTAssertEqual(words, segmenter.words(String(decoding: n, as: UTF8.self), language: nil), t)
                } else {
                    XCTAssertEqual(words, [])
                }
            }
        }
        XCTAssertGreaterThan(fast, 300)
    }
}
