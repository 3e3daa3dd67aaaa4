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

    /// The class table (with its uniform blocks filled without lookups) equals the scalar
    /// properties for every BMP code point.
    func testCharClassTableMatchesScalarProperties() {
        for v in UInt32(0)..<0x10000 {
            var bits: UInt8 = 0
            if let s = Unicode.Scalar(v) {
                switch s.properties.generalCategory {
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
                    bits = CharClass.wordBit | CharClass.alphaBit
                case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
                    bits = CharClass.wordBit
                default: break
                }
                if s.properties.isSentenceTerminal { bits |= CharClass.terminalBit }
            }
            if CharClass.bmp[Int(v)] != bits { return XCTFail("U+\(String(v, radix: 16)): \(CharClass.bmp[Int(v)]) instead of \(bits)") }
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

    /// Datatrove's repetition measures on texts with many repeats, long windows (so the 16-byte
    /// start/end prefilter decides) and words whose concatenations collide across boundaries
    /// ("abcdefgh" + "ijkl" = "abcdefghijkl"), against joining the words as strings.
    func testRepetitionPrefiltersKeepTheExactCounts() {
        let vocab = ["abcdefgh", "ijkl", "abcdefghijkl", "mnop", "ijklmnop", "qrstuvwxyz", "a", "b", ".", "the", "élan",
                     "ab", "cdefghijklmnop", "x"]
        var rng = SystemRandomNumberGenerator()
        for trial in 0..<120 {
            let count = Int.random(in: 0..<300, using: &rng)
            var words: [String] = []
            let v = 2 + trial % (vocab.count - 1)
            while words.count < count {
                if words.count > 8 && Int.random(in: 0..<4, using: &rng) == 0 {
                    // Repeat an earlier stretch.
                    let a = Int.random(in: 0..<(words.count - 4), using: &rng)
                    words += words[a..<min(words.count, a + Int.random(in: 2..<14, using: &rng))]
                } else {
                    words.append(vocab[Int.random(in: 0..<v, using: &rng)] + (Int.random(in: 0..<9, using: &rng) == 0 ? "\(trial)\(words.count)" : ""))
                }
            }
            let text = words.joined(separator: " ")
            let seg = WordSegmenter()
            let toks = seg.tokens(text, language: nil).map { t in withBytes(text) { String(decoding: UnsafeBufferPointer(rebasing: $0[t.range]), as: UTF8.self) } }
            let textLen = Double(text.unicodeScalars.count)
            guard !text.isEmpty else { continue }
            var t = QualityThresholds()
            t.dupLineFrac = nil; t.dupParaFrac = nil; t.dupLineCharFrac = nil; t.dupParaCharFrac = nil
            for n in 2...4 where toks.count >= n {
                t.topNGrams = [(n, -1)]; t.dupNGrams = [(5, 2)]
                var counts: [String: Int] = [:], order: [String] = []
                for s in 0...(toks.count - n) {
                    let g = toks[s..<(s + n)].joined(separator: " ")
                    if counts[g] == nil { order.append(g) }
                    counts[g, default: 0] += 1
                }
                var best = order[0]
                for g in order where counts[g]! > counts[best]! { best = g }
                guard case .drop(_, let d) = GopherRepetitionFilter(thresholds: t).check(text, language: nil) else { return XCTFail("no drop") }
                XCTAssertEqual(d["value"]?.doubleValue, Double(best.unicodeScalars.count * counts[best]!) / textLen, "top \(n) of '\(text)'")
            }
            for n in 5...10 {
                t.topNGrams = [(2, 2)]; t.dupNGrams = [(5, 2), (n, -1)]
                var seen = Set<String>(), repeated = 0, s = 0
                while s < toks.count - n + 1 {
                    let g = toks[s..<(s + n)].joined()
                    if !seen.insert(g).inserted { repeated += g.unicodeScalars.count; s += n } else { s += 1 }
                }
                guard case .drop(_, let d) = GopherRepetitionFilter(thresholds: t).check(text, language: nil) else { return XCTFail("no drop") }
                XCTAssertEqual(d["value"]?.doubleValue, Double(repeated) / textLen, "dup \(n) of '\(text)'")
            }
        }
    }

    /// The eight-byte line and byte scans find what a byte loop finds, at every alignment.
    func testEightByteScansAtEveryAlignment() {
        let pieces = ["a", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{1C}", "\u{1D}", "\u{1E}", "\u{1F}", "\u{85}", "\u{2028}",
                      "\u{2029}", "\u{2026}", "é", "’", "#", ".", "...", "..", " ", "word ", "\n\n", "- x", "• y"]
        var rng = SystemRandomNumberGenerator()
        for trial in 0..<400 {
            let pad = String(repeating: "z", count: trial % 9)
            let text = pad + (0..<Int.random(in: 0..<40, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            withBytes(text) { p in
                // str.splitlines()
                let expected = text.splitLinesLikePython().map { $0 }
                let got = Lines.splitlines(p).map { String(decoding: UnsafeBufferPointer(rebasing: p[$0]), as: UTF8.self) }
                XCTAssertEqual(got, expected, text.debugDescription)
                // str.split("\n") and the newline count
                XCTAssertEqual(Lines.splitNewline(p).map { String(decoding: UnsafeBufferPointer(rebasing: p[$0]), as: UTF8.self) },
                               Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) },
                               text.debugDescription)
                XCTAssertEqual(Lines.newlineCount(p), p.filter { $0 == 0x0A }.count)
            }
        }
    }

    /// The eight-byte '#' and ellipsis counts of the Gopher quality filter, at every alignment.
    func testHashAndEllipsisCountsAtEveryAlignment() {
        let pieces = ["word ", "#", "##", ".", "..", "...", "....", "\u{2026}", "\u{2022}", "é", "abcdefgh ", "\n", "x.y "]
        var rng = SystemRandomNumberGenerator()
        var t = QualityThresholds()
        t.minDocWords = nil; t.maxDocWords = nil; t.minAvgWordLength = nil; t.maxAvgWordLength = nil
        t.maxSymbolWordRatio = 1e-12
        let f = GopherQualityFilter(thresholds: t)
        for trial in 0..<400 {
            let text = String(repeating: "q", count: trial % 9) + " w " + (0..<Int.random(in: 0..<30, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let bytes = Array(text.utf8)
            var hashes = 0, ellipses = 0, i = 0
            while i < bytes.count {
                if bytes[i] == 0x23 { hashes += 1 } else if bytes[i] == 0x2E && i + 2 < bytes.count && bytes[i + 1] == 0x2E && bytes[i + 2] == 0x2E {
                    ellipses += 1; i += 3; continue
                } else if bytes[i] == 0xE2 && i + 2 < bytes.count && bytes[i + 1] == 0x80 && bytes[i + 2] == 0xA6 { ellipses += 1; i += 3; continue }
                i += 1
            }
            let nWords = Double(WordSegmenter().tokens(text, language: nil).count)
            let r = f.check(text, language: nil)
            if hashes > 0 {
                guard case .drop(let reason, let d) = r else { return XCTFail("no drop: \(text.debugDescription)") }
                XCTAssertEqual(reason, "gopher_too_many_hashes")
                XCTAssertEqual(d["value"]?.doubleValue, Double(hashes) / nWords, text.debugDescription)
            } else if ellipses > 0 {
                guard case .drop(let reason, let d) = r else { return XCTFail("no drop: \(text.debugDescription)") }
                XCTAssertEqual(reason, "gopher_too_many_ellipsis")
                XCTAssertEqual(d["value"]?.doubleValue, Double(ellipses) / nWords, text.debugDescription)
            } else if case .drop(let reason, _) = r {
                XCTAssertFalse(reason.hasPrefix("gopher_too_many_hashes") || reason.hasPrefix("gopher_too_many_ellipsis"), text.debugDescription)
            }
        }
    }

    /// The ASCII runs of the segmenter's fast path give the tokens of a scalar-by-scalar loop.
    func testSegmenterFastPathMatchesScalarLoop() {
        let pieces = ["abc", "Xyz9", "12", ",", "3", "'", ".", "’", "é", "naïve", " ", "\t", "\u{A0}", "-", "_", "U.S", "1,000", "d'", "\n", "Ω"]
        var rng = SystemRandomNumberGenerator()
        for trial in 0..<400 {
            let text = String(repeating: "q", count: trial % 9) + (0..<Int.random(in: 0..<30, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let got = withBytes(text) { WordSegmenter.fastTokens($0) }
            let expected = withBytes(text) { Self.referenceTokens($0) }
            XCTAssertEqual(got, expected, text.debugDescription)
        }
    }

    /// A long text segmented in pieces that end before a space gives the tokens of the whole text
    /// (also when no space is near a cut, and nil when a later piece needs ICU).
    func testSegmenterPiecesMatchTheWholeText() {
        let pieces = ["abc", "Xyz9", "12", ",", "3", "'", ".", "’", "é", " ", " ", "  ", "\t", "-", "U.S", "1,000", "d'", "\n", "Ω", "!!"]
        var rng = SystemRandomNumberGenerator()
        for trial in 0..<600 {
            var text = (0..<Int.random(in: 0..<60, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            if trial % 50 == 0 { text += " ok ไทย" }
            let size = Int.random(in: 1...12, using: &rng)
            let whole = withBytes(text) { WordSegmenter.fastTokens($0, pieceBytes: .max) }
            let inPieces = withBytes(text) { WordSegmenter.fastTokens($0, pieceBytes: size) }
            XCTAssertEqual(inPieces, whole, "pieces of \(size): \(text.debugDescription)")
            if trial % 50 == 0 { XCTAssertNil(inPieces) }
        }
    }

    /// The segmenter's fast path as it was before the ASCII runs (one scalar at a time).
    static func referenceTokens(_ p: UnsafeBufferPointer<UInt8>) -> [WordToken]? {
        var out: [WordToken] = []
        let n = p.count
        var i = 0, wordStart = -1, lastWasDigit = false
        while i < n {
            let (v, len) = decodeScalar(p, i)
            if v >= 0x80 && CharClass.isUnspacedScript(v) { return nil }
            if CharClass.isWordChar(v) {
                if wordStart < 0 { wordStart = i }
                lastWasDigit = v >= 0x30 && v <= 0x39
                i += len
                continue
            }
            if wordStart >= 0 {
                let joiner = v == 0x27 || v == 0x2E || v == 0x2019 || (v == 0x2C && lastWasDigit)
                if joiner && i + len < n {
                    let (nv, _) = decodeScalar(p, i + len)
                    if v == 0x2C ? (nv >= 0x30 && nv <= 0x39) : CharClass.isWordChar(nv) { i += len; continue }
                }
                out.append(WordToken(start: wordStart, end: i, isWord: true))
                wordStart = -1
            }
            if !CharClass.isWhiteSpace(v) { out.append(WordToken(start: i, end: i + len, isWord: false)) }
            i += len
        }
        if wordStart >= 0 { out.append(WordToken(start: wordStart, end: n, isWord: true)) }
        return out
    }
}

extension String {
    /// Python's `str.splitlines()` (no keepends), scalar by scalar.
    func splitLinesLikePython() -> [String] {
        var out: [String] = []
        var cur = String.UnicodeScalarView()
        let scalars = Array(unicodeScalars)
        var i = 0
        var any = false
        while i < scalars.count {
            let v = scalars[i].value
            any = true
            if [0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029].contains(v) {
                out.append(String(cur))
                cur = String.UnicodeScalarView()
                if v == 0x0D && i + 1 < scalars.count && scalars[i + 1].value == 0x0A { i += 1 }
                any = false
            } else {
                cur.append(scalars[i])
            }
            i += 1
        }
        if any { out.append(String(cur)) }
        return out
    }
}
