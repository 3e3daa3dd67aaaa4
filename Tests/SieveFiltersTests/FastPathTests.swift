import Foundation
import SieveIO
import XCTest
@testable import SieveFilters

/// The speed paths must give exactly what the straightforward computations give.
final class FastPathTests: XCTestCase {
    func testLowerCaseMatchesStringLowercasedForEveryScalar() {
        var all: [Unicode.Scalar] = []
        for v in UInt32(0)...0x10FFFF { if let s = Unicode.Scalar(v) { all.append(s) } }
        // Chunks, so that context rules (final sigma) would show if the standard library had any.
        var k = 0
        while k < all.count {
            var s = String.UnicodeScalarView()
            s.append(contentsOf: all[k..<min(k + 4096, all.count)])
            let text = String(s)
            var out: [UInt8] = []
            withBytes(text) { LowerCase.append($0, to: &out) }
            XCTAssertEqual(String(decoding: out, as: UTF8.self), text.lowercased(), "chunk at U+\(String(all[k].value, radix: 16))")
            k += 4096
        }
        // Every ASCII byte at every alignment of the 8-byte path, next to non-ASCII text.
        let ascii = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        for pad in 0..<9 {
            let text = String(repeating: "Ä", count: pad % 3) + String(repeating: "Q", count: pad) + ascii + "ÉZ" + ascii
            var out: [UInt8] = []
            withBytes(text) { LowerCase.append($0, to: &out) }
            XCTAssertEqual(String(decoding: out, as: UTF8.self), text.lowercased())
        }
        for text in ["ΟΔΟΣ ΟΔΟΣ.", "İstanbul İ", "Straße STRASSE", "ǅungla ǈ", "𐐀𐐁 Deseret", "ΑΣ ΣΑ Σ"] {
            var out: [UInt8] = []
            withBytes(text) { LowerCase.append($0, to: &out) }
            XCTAssertEqual(String(decoding: out, as: UTF8.self), text.lowercased())
        }
    }

    func testPIIGatesNeverHideAMatch() throws {
        let texts = [
            "ip 10.0.0.1 and 1.2.3.4.5 and 999.1.1.1", "at ::1 or fe80::1%eth0 or ::ffff:192.0.2.1 or 2001:db8::8a2e:370:7334",
            "a:b:c", "12:30:45", "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "call +41 44 668 18 00",
            "(555) 123-4567", "4111 1111 1111 1111", "4111-1111-1111-1111", "no personal data here.", "x@y.zz",
            "1.2.3", "1..2.3.4", "a1.2.3.4b", "abcd:ef01:2345:6789:abcd:ef01:2345:6789", "12345:6789:1", "::",
        ]
        for kind in PIIRedactor.Kind.allCases {
            for (index, pattern) in PIIRedactor.patterns(kind).enumerated() {
                let gate = PIIRedactor.Gate(kind, index)
                for t in texts {
                    let matches = t.range(of: pattern, options: .regularExpression) != nil
                    let open = withBytes(t) { gate.mayMatch($0) }
                    if matches { XCTAssertTrue(open, "\(kind) pattern \(index) matches '\(t)' but its pre-check is closed") }
                }
            }
        }
    }

    func testPrefixHashEqualsPolyHashOfJoinedBytes() {
        let bytes: [UInt8] = Array("the cat sat on the mat, the cat sat".utf8)
        bytes.withUnsafeBufferPointer { p in
            // F(i) = Σ_{j<i} c_j·B⁻⁽ʲ⁺¹⁾; hash(a..<b) = (F(b) − F(a))·Bᵇ.
            var f = [UInt64](repeating: 0, count: p.count + 1), pw = [UInt64](repeating: 1, count: p.count + 1)
            var ip: UInt64 = 1
            for j in 0..<p.count {
                ip = ip &* PolyHash.inverseBase
                f[j + 1] = f[j] &+ (UInt64(p[j]) &+ 1) &* ip
                pw[j + 1] = pw[j] &* PolyHash.base
            }
            for a in 0..<p.count {
                for b in a...p.count {
                    XCTAssertEqual((f[b] &- f[a]) &* pw[b], PolyHash.of(p, a..<b).hash)
                }
            }
        }
        XCTAssertEqual(PolyHash.base &* PolyHash.inverseBase, 1)
    }

    func testChunkHashSeparatesNearStrings() {
        let texts = ["", "a", "a\u{0}", "abcdefgh", "abcdefgh\u{0}", "abcdefgi", "bbcdefgh", "abcdefghijklmnop", "abcdefghijklmnoq"]
        var seen = Set<UInt64>()
        for t in texts { withBytes(t) { XCTAssertTrue(seen.insert(ChunkHash.of($0, 0..<$0.count)).inserted, t) } }
        // A range hashes like the same bytes on their own.
        let whole = Array("xxabcdefghijyy".utf8), part = Array("abcdefghij".utf8)
        XCTAssertEqual(whole.withUnsafeBufferPointer { ChunkHash.of($0, 2..<12) }, part.withUnsafeBufferPointer { ChunkHash.of($0, 0..<10) })
    }

    /// The prefix-hash n-gram counts give what joining the words as strings gives.
    func testRepetitionNGramsMatchStringJoining() {
        let vocab = ["ab", "a", "b", "c", "abc", "bc", "é", "the", "x.y", "!"]
        var rng = SystemRandomNumberGenerator()
        let seg = WordSegmenter()
        for trial in 0..<60 {
            let count = Int.random(in: 0..<200, using: &rng)
            let text = (0..<count).map { _ in vocab[Int.random(in: 0..<(trial % 2 == 0 ? 4 : vocab.count), using: &rng)] }.joined(separator: " ")
            let words = seg.tokens(text, language: nil).map { t in withBytes(text) { String(decoding: UnsafeBufferPointer(rebasing: $0[t.range]), as: UTF8.self) } }
            let textLen = Double(text.unicodeScalars.count)
            for n in 1...10 {
                var t = QualityThresholds()
                t.dupLineFrac = nil; t.dupParaFrac = nil; t.dupLineCharFrac = nil; t.dupParaCharFrac = nil
                // Top n-gram.
                t.topNGrams = [(n, -1)]; t.dupNGrams = []
                var expected: Double? = nil
                if words.count >= n {
                    var counts: [String: Int] = [:], order: [String] = []
                    for s in 0...(words.count - n) {
                        let g = words[s..<(s + n)].joined(separator: " ")
                        if counts[g] == nil { order.append(g) }
                        counts[g, default: 0] += 1
                    }
                    var best = order[0]
                    for g in order where counts[g]! > counts[best]! { best = g }
                    expected = Double(best.unicodeScalars.count * counts[best]!) / textLen
                }
                let top = GopherRepetitionFilter(thresholds: t).check(text, language: nil)
                if let expected, !text.isEmpty {
                    guard case .drop(_, let d) = top else { return XCTFail("no drop") }
                    XCTAssertEqual(d["value"]?.doubleValue, expected, "top \(n) of '\(text)'")
                }
                // Duplicated n-grams.
                t.topNGrams = []; t.dupNGrams = [(n, -1)]
                var seen = Set<String>(), repeated = 0, s = 0
                while s < words.count - n + 1 {
                    let g = words[s..<(s + n)].joined()
                    if !seen.insert(g).inserted { repeated += g.unicodeScalars.count; s += n } else { s += 1 }
                }
                if !text.isEmpty {
                    guard case .drop(_, let d) = GopherRepetitionFilter(thresholds: t).check(text, language: nil) else { return XCTFail("no drop") }
                    XCTAssertEqual(d["value"]?.doubleValue, Double(repeated) / textLen, "dup \(n) of '\(text)'")
                }
            }
        }
    }

    func testHashSlots() {
        let s = HashSlots(capacityFor: 2)
        for k in 0..<1000 { XCTAssertTrue(s.insert(UInt64(k) &* 0xBF58_476D_1CE4_E5B9)) }
        for k in 0..<1000 { XCTAssertFalse(s.insert(UInt64(k) &* 0xBF58_476D_1CE4_E5B9)) }
        XCTAssertEqual(s.count, 1000)
        XCTAssertTrue(s.contains(0))
        s.reset(capacityFor: 10)
        XCTAssertFalse(s.contains(0))
        s.resetCounting(capacityFor: 10)
        XCTAssertEqual(s.bump(7, index: 3).count, 1)
        XCTAssertEqual(s.bump(7, index: 5).count, 2)
        XCTAssertEqual(s.bump(7, index: 5).first, 3)
    }
}
