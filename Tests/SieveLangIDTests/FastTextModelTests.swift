import Foundation
import XCTest
@testable import SieveLangID

/// Writes small fastText model files byte by byte, so the reader is tested without assets.
struct ModelWriter {
    var bytes: [UInt8] = []
    mutating func i32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func i64(_ v: Int64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func f32(_ v: Float) { i32(Int32(bitPattern: v.bitPattern)) }
    mutating func f64(_ v: Double) { i64(Int64(bitPattern: v.bitPattern)) }
    mutating func u8(_ v: UInt8) { bytes.append(v) }

    /// A supervised model with dense matrices: `words` (first must be `</s>`), `labels` with counts.
    static func dense(dim: Int, loss: Int32, words: [String], labels: [(String, Int64)], maxn: Int32 = 0,
                      bucket: Int32 = 0, input: [Float], output: [Float], outputRows: Int? = nil) -> [UInt8] {
        var w = ModelWriter()
        w.i32(793712314); w.i32(12)
        for v: Int32 in [Int32(dim), 5, 1, 1, 5, 1, loss, 3, bucket, maxn > 0 ? 2 : 0, maxn, 100] { w.i32(v) }
        w.f64(1e-4)
        w.i32(Int32(words.count + labels.count)); w.i32(Int32(words.count)); w.i32(Int32(labels.count))
        w.i64(1000); w.i64(-1)
        for word in words { w.bytes += Array(word.utf8); w.u8(0); w.i64(10); w.u8(0) }
        for (l, c) in labels { w.bytes += Array(l.utf8); w.u8(0); w.i64(c); w.u8(1) }
        w.u8(0)  // quant_input
        w.i64(Int64(words.count) + Int64(bucket)); w.i64(Int64(dim))
        for v in input { w.f32(v) }
        w.u8(0)  // qout
        w.i64(Int64(outputRows ?? labels.count)); w.i64(Int64(dim))
        for v in output { w.f32(v) }
        return w.bytes
    }
}

final class FastTextModelTests: XCTestCase {
    func tempFile(_ bytes: [UInt8], _ name: String = "model.bin") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sieve-langid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let p = dir.appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: p, contents: Data(bytes))
        return p
    }

    func testHashHasSignedByteQuirk() {
        func h(_ s: String) -> UInt32 { Array(s.utf8).withUnsafeBytes { fastTextHash($0.baseAddress!, $0.count) } }
        XCTAssertEqual(h("a"), 3826002220)
        XCTAssertEqual(h("é"), 1023043777)  // plain FNV-1a would give 513665217
    }

    func testSoftmaxPredictionOnHandBuiltModel() throws {
        // Words </s>, hello; labels de, en. Rows: </s> = (0, 0), hello = (2, -2).
        let bytes = ModelWriter.dense(dim: 2, loss: 3, words: ["</s>", "hello"],
                                      labels: [("__label__de", 9), ("__label__en", 3)],
                                      input: [0, 0, 2, -2], output: [1, 0, 0, 1])
        let m = try FastTextModel(path: try tempFile(bytes))
        XCTAssertEqual(m.labels, ["__label__de", "__label__en"])
        // "hello" + </s>: hidden = (1, -1); logits (1, -1).
        let e0: Float = expf(0), e1: Float = expf(-2)
        let z = e0 + e1
        let p = m.predict("hello", k: 2)
        XCTAssertEqual(p.map(\.label), ["__label__de", "__label__en"])
        XCTAssertEqual(p[0].probability, expf(Float(log(Double(e0 / z) + 1e-5))), accuracy: 1e-7)
        XCTAssertEqual(p[1].probability, expf(Float(log(Double(e1 / z) + 1e-5))), accuracy: 1e-7)
        // Unknown words add nothing (no n-grams): only </s> → uniform.
        let u = m.predict("unknown words", k: 1)
        XCTAssertEqual(u[0].probability, 0.5 + 1e-5, accuracy: 1e-6)
        // Newlines are spaces; label tokens and everything after a literal </s> are ignored.
        XCTAssertEqual(m.predict("x\nhello", k: 2).map(\.probability), p.map(\.probability))
        XCTAssertEqual(m.predict("__label__en hello", k: 2).map(\.probability), p.map(\.probability))
        XCTAssertEqual(m.predict("</s> hello", k: 1)[0].probability, 0.5 + 1e-5, accuracy: 1e-6)
        // k <= 0 = all labels; threshold drops labels.
        XCTAssertEqual(m.predict("hello", k: 0).count, 2)
        XCTAssertEqual(m.predict("hello", k: 2, threshold: 0.5).map(\.label), ["__label__de"])
    }

    func testHierarchicalSoftmaxOnHandBuiltModel() throws {
        // Two labels: one internal node (row 0 of the output matrix); left child = label 1.
        let bytes = ModelWriter.dense(dim: 1, loss: 1, words: ["</s>", "go"],
                                      labels: [("__label__a", 5), ("__label__b", 2)],
                                      input: [0, 3], output: [1, 0], outputRows: 2)
        let m = try FastTextModel(path: try tempFile(bytes))
        let p = m.predict("go", k: 2)  // hidden 1.5: f = sigmoid(1.5) goes right (label 0)
        let f: Float = 1 / (1 + expf(-1.5))
        XCTAssertEqual(p.map(\.label), ["__label__a", "__label__b"])
        XCTAssertEqual(p[0].probability, expf(Float(log(Double(f) + 1e-5))), accuracy: 1e-6)
        XCTAssertEqual(p[1].probability, expf(Float(log(Double(1 - f) + 1e-5))), accuracy: 1e-6)
    }

    func testHuffmanTreeFollowsFastText() {
        let t = HuffmanTree(counts: [5, 3, 2])
        XCTAssertEqual(t.root, 4)
        XCTAssertEqual(t.left[3], 2); XCTAssertEqual(t.right[3], 1)
        XCTAssertEqual(t.left[4], 3); XCTAssertEqual(t.right[4], 0)  // leaf taken only if strictly smaller
    }

    func testHeapSortIsDescending() {
        var h: [HeapEntry] = []
        for (i, s) in [Float(-3), -1, -2, -1, -5, -0.5].enumerated() {
            h.append(HeapEntry(score: s, index: Int32(i)))
            MinHeap.push(&h)
            if h.count > 4 { MinHeap.pop(&h); h.removeLast() }
        }
        MinHeap.sort(&h)
        XCTAssertEqual(h.map(\.score), [-0.5, -1, -1, -2])
    }

    func testFastModEqualsRemainder() {
        var x: UInt32 = 12345
        for d: UInt32 in [1, 2, 3, 7, 20000, 2_000_000, 2_000_003, UInt32.max] {
            let f = FastMod(d)
            for _ in 0..<2000 {
                x = x &* 1664525 &+ 1013904223
                XCTAssertEqual(f.reduce(x), x % d)
            }
            XCTAssertEqual(f.reduce(UInt32.max), UInt32.max % d)
        }
    }

    func testSigmoidTable() {
        XCTAssertEqual(SigmoidTable.shared.sigmoid(-9), 0)
        XCTAssertEqual(SigmoidTable.shared.sigmoid(9), 1)
        XCTAssertEqual(SigmoidTable.shared.sigmoid(0), 0.5, accuracy: 1e-6)
    }

    func testRejectsBadFilesWithReasons() throws {
        XCTAssertThrowsError(try FastTextModel(path: "/nonexistent/lid.176.ftz")) { e in
            XCTAssertTrue("\(e)".contains("cannot open"))
        }
        XCTAssertThrowsError(try FastTextModel(path: try tempFile([1, 2, 3, 4, 5, 6, 7, 8]))) { e in
            XCTAssertTrue("\(e)".contains("magic"))
        }
        let good = ModelWriter.dense(dim: 2, loss: 3, words: ["</s>"], labels: [("__label__x", 1)],
                                     input: [0, 0], output: [1, 1])
        XCTAssertThrowsError(try FastTextModel(path: try tempFile(Array(good.dropLast(3))))) { e in
            XCTAssertTrue("\(e)".contains("truncated"))
        }
    }

    func testWordCacheFindsWhatItStoredAndEmptiesWhenFull() {
        let c = WordFeatureCache(maxEntries: 4, storeWords: 1024)
        func key(_ s: String) -> [UInt8] { Array(s.utf8) }
        func find(_ s: String) -> [Int32]? {
            key(s).withUnsafeBytes { k in
                c.find(k.baseAddress!, k.count, fastTextHash(k.baseAddress!, k.count)).map { e in
                    XCTAssertEqual(e.rowCount, e.payload.count)
                    return e.payload.map { Int32(bitPattern: $0) }
                }
            }
        }
        func insert(_ s: String, _ rows: [Int32], flags: UInt32 = 0) {
            key(s).withUnsafeBytes { k in
                rows.map { UInt32(bitPattern: $0) }.withUnsafeBufferPointer { r in
                    c.insert(k.baseAddress!, k.count, fastTextHash(k.baseAddress!, k.count), rowCount: r.count, payload: r,
                             flags: flags)
                }
            }
        }
        insert("hello", [1, 2, 3])
        insert("hellö", [])
        insert("a-rather-long-token-of-more-than-eight-bytes", [7], flags: WordFeatureCache.eosFlag)
        XCTAssertEqual(find("hello"), [1, 2, 3])
        XCTAssertEqual(find("hellö"), [])
        XCTAssertEqual(find("a-rather-long-token-of-more-than-eight-bytes"), [7])
        XCTAssertNil(find("hell"))
        XCTAssertNil(find("a-rather-long-token-of-more-than-eight-byteZ"))
        insert("x", [9])
        insert("y", [10])  // fifth entry: the cache starts over
        XCTAssertNil(find("hello"))
        XCTAssertEqual(find("y"), [10])
    }

    func testCachedTokensGiveTheSameScores() throws {
        // Char n-grams (minn 2, maxn 3, 7 buckets) so unknown words have rows; dim 3.
        let words = ["</s>", "hello"]
        let bucket = 7
        var input: [Float] = []
        for i in 0..<((words.count + bucket) * 3) { input.append(Float((i * 37) % 11) / 7 - 0.6) }
        let bytes = ModelWriter.dense(dim: 3, loss: 3, words: words, labels: [("__label__a", 5), ("__label__b", 3), ("__label__c", 1)],
                                      maxn: 3, bucket: Int32(bucket), input: input,
                                      output: [0.3, -1, 0.5, 1, 0.25, -0.5, -0.7, 0.1, 0.9])
        let fresh = { try FastTextModel(path: try self.tempFile(bytes)) }
        let texts = ["hello wörld", "wörld hello hello wörld", "zz __label__b yy zz", "日本語 hello 日本語", "a </s> b", "x\u{0}y\ty"]
        let warm = try fresh()
        for _ in 0..<3 { for t in texts { _ = warm.predict(t, k: 3) } }
        for t in texts {
            let expected = try fresh().predict(t, k: 3)
            let got = warm.predict(t, k: 3)
            XCTAssertEqual(got.map(\.label), expected.map(\.label), t)
            XCTAssertEqual(got.map(\.probability.bitPattern), expected.map(\.probability.bitPattern), t)
        }
    }

    func testConcurrentPredictions() throws {
        let bytes = ModelWriter.dense(dim: 2, loss: 3, words: ["</s>", "hello"],
                                      labels: [("__label__de", 9), ("__label__en", 3)],
                                      input: [0, 0, 2, -2], output: [1, 0, 0, 1])
        let m = try FastTextModel(path: try tempFile(bytes))
        let expected = m.predict("hello hello", k: 2).map(\.probability)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<200 { XCTAssertEqual(m.predict("hello hello", k: 2).map(\.probability), expected) }
        }
    }

    /// Rows decoded at load are the rows decoded per use, bit for bit (lid.176.ftz, when present).
    func testDecodedQuantizedRowsEqualRowsDecodedPerUse() throws {
        let path = #filePath.components(separatedBy: "/Tests/")[0] + "/.assets/langid/lid.176.ftz"
        guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("no \(path) (scripts/setup.sh)") }
        let m = try FastTextModel(path: path)
        XCTAssertTrue(m.input.isQuantized16x2)
        for i in 0..<m.input.rows {
            let q = m.input.quantizedCodes16(i)
            let perUse = m.input.quantizedRow16(codes: q.codes, alpha: q.alpha)
            let decoded = m.input.quantizedRow16(i)
            for j in 0..<16 where perUse[j].bitPattern != decoded[j].bitPattern {
                return XCTFail("row \(i) column \(j): \(decoded[j]) instead of \(perUse[j])")
            }
        }
    }
}
