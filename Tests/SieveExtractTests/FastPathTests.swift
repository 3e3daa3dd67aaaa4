import CXMLAlloc
import Foundation
import Synchronization
import XCTest
@testable import SieveExtract

/// The word-at-a-time scans and the libxml2 allocator against simple reference versions.
final class FastPathTests: XCTestCase {
    // MARK: UTF-8 validation

    /// The byte-at-a-time validator the fast one replaced (same rules).
    static func referenceIsValidUTF8(_ b: [UInt8]) -> Bool {
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            if c < 0xC2 { return false }
            if c < 0xE0 {
                if i + 1 >= n || b[i + 1] & 0xC0 != 0x80 { return false }
                i += 2; continue
            }
            if c < 0xF0 {
                if i + 2 >= n { return false }
                let c1 = b[i + 1], c2 = b[i + 2]
                if c1 & 0xC0 != 0x80 || c2 & 0xC0 != 0x80 { return false }
                if c == 0xE0 && c1 < 0xA0 { return false }
                if c == 0xED && c1 >= 0xA0 { return false }
                i += 3; continue
            }
            if c < 0xF5 {
                if i + 3 >= n { return false }
                let c1 = b[i + 1], c2 = b[i + 2], c3 = b[i + 3]
                if c1 & 0xC0 != 0x80 || c2 & 0xC0 != 0x80 || c3 & 0xC0 != 0x80 { return false }
                if c == 0xF0 && c1 < 0x90 { return false }
                if c == 0xF4 && c1 >= 0x90 { return false }
                i += 4; continue
            }
            return false
        }
        return true
    }

    /// Checks one byte string with the fast validator, the reference and Swift's own validation.
    private func checkUTF8(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        let fast = bytes.withUnsafeBytes { Charset.isValidUTF8($0) }
        let swift = String(validating: bytes, as: UTF8.self) != nil
        XCTAssertEqual(fast, Self.referenceIsValidUTF8(bytes), "\(bytes)", file: file, line: line)
        XCTAssertEqual(fast, swift, "\(bytes)", file: file, line: line)
    }

    /// Pieces for UTF-8 test strings: valid characters of every length and the classic invalid forms.
    static let utf8Pieces: [[UInt8]] = [
        [0x61], [0x20], [0x7F], [0x00],
        [0xC2, 0x80], [0xDF, 0xBF], [0xC3, 0xA9],                       // 2-byte bounds, é
        [0xE0, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xE2, 0x80, 0x83],     // 3-byte bounds, em space
        [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],                         // around the surrogates
        [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],             // 4-byte bounds
        [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF],  // overlongs
        [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],                         // surrogates
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xFE],  // above U+10FFFF, never bytes
        [0x80], [0xBF],                                                 // lone continuations
        [0xC3], [0xE2, 0x80], [0xF0, 0x90, 0x80],                       // truncated
        [0xE2, 0x41, 0x80], [0xC3, 0xC3],                               // bad continuation
    ]

    func testIsValidUTF8EdgeCases() {
        for piece in Self.utf8Pieces {
            // At every position of the 16- and 8-byte paths, and at the very end.
            for before in 0..<20 {
                for after in [0, 1, 7, 8, 9, 16] {
                    checkUTF8(Array(repeating: 0x61, count: before) + piece + Array(repeating: 0x62, count: after))
                }
            }
        }
        checkUTF8([])
    }

    func testIsValidUTF8RandomPieces() {
        var rng = SplitMix(seed: 11)
        let valid = Self.utf8Pieces.filter { String(validating: $0, as: UTF8.self) != nil }
        for round in 0..<4000 {
            var bytes: [UInt8] = []
            let count = Int(rng.next() % 24)
            for _ in 0..<count {
                let r = rng.next()
                if r % 3 == 0 {
                    bytes += Array(repeating: UInt8(0x41 + r % 26), count: Int(r >> 8 % 19))
                } else if round % 2 == 0 || r % 17 != 0 {
                    bytes += valid[Int(r >> 16) % valid.count]   // half the strings stay valid
                } else {
                    bytes += Self.utf8Pieces[Int(r >> 16) % Self.utf8Pieces.count]
                }
            }
            checkUTF8(bytes)
        }
    }

    /// The "utf-8" shortcut of `Charset.encoding(forLabel:)` answers what the general path does.
    func testUTF8LabelShortcut() {
        for label in ["utf-8", "UTF-8", "Utf-8", "uTf-8"] {
            XCTAssertTrue(Charset.isUTF8Label(label), label)
            XCTAssertEqual(Charset.encoding(forLabel: label), .utf8, label)
        }
        for label in ["utf8", "utf-16", "utf_8", "utf-8 ", " utf-8", "\"utf-8\"", "UTF-9", "ütf-8", "utf\u{AD}-8", ""] {
            XCTAssertFalse(Charset.isUTF8Label(label), label)
        }
        for label in ["utf8", "utf-8 ", " UTF-8", "\"utf-8\"", "utf-8;", "unicode-1-1-utf-8"] {
            XCTAssertEqual(Charset.encoding(forLabel: label), .utf8, label)
        }
        XCTAssertEqual(Charset.encoding(forLabel: "latin1")?.name, "windows-1252")
    }

    // MARK: Text runs

    /// The byte-at-a-time run scan `TreeWalker.plainRun` replaced.
    static func referencePlainRun(_ p: [UInt8], from i: Int) -> (end: Int, spaces: Int) {
        let n = p.count
        var j = i + 1
        var spaces = 0
        while j < n {
            let d = p[j]
            if TreeWalker.isPlain(d) { j += 1; continue }
            if d == 32, j + 1 < n, TreeWalker.isPlain(p[j + 1]) { spaces += 1; j += 2; continue }
            break
        }
        return (j, spaces)
    }

    /// Bytes that decide where runs stop: letters, spaces, controls, lead bytes of Unicode
    /// spaces (C2, E1-E3) and their neighbours, continuation bytes.
    static let runAlphabet: [UInt8] = [0x61, 0x7A, 0x21, 0x20, 0x20, 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0x01, 0x1F,
                                       0x7F, 0x80, 0xA0, 0xC2, 0xC3, 0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xFF]

    func testPlainRunMatchesByteLoop() {
        var rng = SplitMix(seed: 5)
        for round in 0..<3000 {
            let n = 1 + Int(rng.next() % 40)
            // Mostly letters with some spaces (long runs), or anything from the alphabet.
            let bytes: [UInt8] = (0..<n).map { _ in
                let r = rng.next()
                if round % 2 == 0 { return r % 5 == 0 ? 0x20 : UInt8(0x61 + r % 26) }
                return Self.runAlphabet[Int(r % UInt64(Self.runAlphabet.count))]
            }
            bytes.withUnsafeBufferPointer { buf in
                guard let p = buf.baseAddress else { return }
                for i in 0..<n where TreeWalker.isPlain(bytes[i]) {
                    let fast = TreeWalker.plainRun(p, from: i, to: n)
                    let ref = Self.referencePlainRun(bytes, from: i)
                    XCTAssertEqual(fast.end, ref.end, "\(bytes) from \(i)")
                    XCTAssertEqual(fast.spaces, ref.spaces, "\(bytes) from \(i)")
                }
            }
        }
    }

    /// Scalar `runStops`: a byte stops a run if it is neither plain nor a space, or a space
    /// followed by a byte that is not plain (the last byte: any space).
    static func referenceRunStops(_ w: UInt64) -> (stops: UInt64, spaces: UInt64) {
        var stops: UInt64 = 0, spaces: UInt64 = 0
        for k in 0..<8 {
            let c = UInt8(truncatingIfNeeded: w >> (8 * UInt64(k)))
            let next: UInt8? = k < 7 ? UInt8(truncatingIfNeeded: w >> (8 * UInt64(k + 1))) : nil
            let bit: UInt64 = 0x80 << (8 * UInt64(k))
            if c == 32 {
                spaces |= bit
                if next.map({ !TreeWalker.isPlain($0) }) ?? true { stops |= bit }
            } else if !TreeWalker.isPlain(c) {
                stops |= bit
            }
        }
        return (stops, spaces)
    }

    func testRunStopsMatchScalar() {
        var rng = SplitMix(seed: 9)
        for _ in 0..<20000 {
            var w: UInt64 = 0
            let ascii = rng.next() % 2 == 0
            for k in 0..<8 {
                var c = Self.runAlphabet[Int(rng.next() % UInt64(Self.runAlphabet.count))]
                if ascii { c &= 0x7F }
                w |= UInt64(c) << (8 * UInt64(k))
            }
            let ref = Self.referenceRunStops(w)
            let full = TreeWalker.runStops(w)
            XCTAssertEqual(full.stops, ref.stops, String(w, radix: 16))
            XCTAssertEqual(full.spaces, ref.spaces, String(w, radix: 16))
            if ascii {
                let fast = TreeWalker.asciiRunStops(w)
                XCTAssertEqual(fast.stops, ref.stops, String(w, radix: 16))
                XCTAssertEqual(fast.spaces, ref.spaces, String(w, radix: 16))
            }
            XCTAssertEqual(TreeWalker.countMarks(ref.spaces), ref.spaces.nonzeroBitCount)
        }
    }

    /// Whitespace (ASCII and Unicode spaces) collapses to single spaces wherever it falls
    /// relative to the 8-byte words of the scan.
    func testWhitespaceCollapsesAtEveryAlignment() {
        let spaces: [String] = [" ", "  ", "\t", "\n", "\u{A0}", "\u{2003}", "\u{3000}", "\u{1680}", " \u{A0} "]
        let words = ["alpha", "b", "Ωmega", "日本語", "x—y", "©2024", "naïve", "ж"]
        var rng = SplitMix(seed: 3)
        let extractor = HTMLExtractor()
        for round in 0..<300 {
            var text = String(repeating: "q", count: round % 9)
            var expected = [text]
            for _ in 0..<(3 + Int(rng.next() % 12)) {
                let w = words[Int(rng.next() % UInt64(words.count))]
                text += spaces[Int(rng.next() % UInt64(spaces.count))] + w
                expected.append(w)
            }
            let html = "<html><body><p>" + text + "</p></body></html>"
            let want = expected.filter { !$0.isEmpty }.joined(separator: " ")
            guard case .text(let got, _) = Array(html.utf8).withUnsafeBytes({ extractor.extract(bytes: $0) }) else {
                XCTFail("no text for \(html)"); continue
            }
            XCTAssertEqual(got, want, html)
        }
    }

    // MARK: libxml2 allocator

    func testAllocatorSizesAndRealloc() {
        for size in [0, 1, 31, 32, 33, 64, 65, 100, 128, 200, 256, 257, 400, 512, 513, 1024, 1025, 4096, 100_000] {
            guard let p = cxmlalloc_malloc(size) else { XCTFail("malloc \(size)"); continue }
            XCTAssertGreaterThanOrEqual(cxmlalloc_capacity(p), size)
            XCTAssertEqual(Int(bitPattern: p) % 16, 0, "alignment of \(size)")
            let bytes = p.assumingMemoryBound(to: UInt8.self)
            for k in 0..<size { bytes[k] = UInt8(truncatingIfNeeded: k &* 7) }
            // Grow through the size classes into a large block; the bytes survive every move.
            var q = p
            for grown in [size + 1, size * 2 + 3, 600, size * 3 + 1000] where grown > size {
                guard let r = cxmlalloc_realloc(q, grown) else { XCTFail("realloc \(grown)"); break }
                q = r
                XCTAssertGreaterThanOrEqual(cxmlalloc_capacity(q), grown)
                let b = q.assumingMemoryBound(to: UInt8.self)
                for k in 0..<size where b[k] != UInt8(truncatingIfNeeded: k &* 7) {
                    XCTFail("byte \(k) of \(size) lost growing to \(grown)"); break
                }
            }
            cxmlalloc_free(q)
        }
        // Growing within the block's size class keeps the block.
        let p = cxmlalloc_malloc(100)
        XCTAssertEqual(cxmlalloc_realloc(p, 120), p)
        cxmlalloc_free(p)
        cxmlalloc_free(nil)
        XCTAssertNotNil(cxmlalloc_realloc(nil, 10).map { cxmlalloc_free($0); return true })
    }

    func testAllocatorStrdupAndForeignPointers() {
        let s = cxmlalloc_strdup("hello, libxml2")
        XCTAssertEqual(s.map { String(cString: $0) }, "hello, libxml2")
        cxmlalloc_free(s)
        // Blocks from plain malloc (made before the allocator was installed) go back to free().
        for size in [8, 100, 5000] {
            let m = malloc(size)
            XCTAssertEqual(cxmlalloc_capacity(m), 0)
            let r = cxmlalloc_realloc(m, size * 2)
            XCTAssertNotNil(r)
            XCTAssertEqual(cxmlalloc_capacity(r), 0)
            cxmlalloc_free(r)
        }
    }

    func testAllocatorCacheIsBoundedAndThreadSafe() {
        // Many small blocks freed at once: the cache keeps only a bounded number.
        let blocks = (0..<5000).map { cxmlalloc_malloc(1 + $0 % 1000) }
        for b in blocks { cxmlalloc_free(b) }
        XCTAssertLessThanOrEqual(cxmlalloc_cached_blocks(), 5 * 128)  // 5 classes, 128 blocks each
        // Blocks allocated on one thread and freed (or grown) on others.
        let shared = Mutex<[UInt]>([])  // block addresses
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            for k in 0..<2000 {
                guard let p = cxmlalloc_malloc(1 + (k * 37 + t) % 700) else { continue }
                p.storeBytes(of: UInt8(t), as: UInt8.self)
                let address = UInt(bitPattern: p)
                let other: UInt? = shared.withLock { list in
                    list.append(address)
                    return list.count > 64 ? list.removeFirst() : nil
                }
                if let other, let block = UnsafeMutableRawPointer(bitPattern: other) {
                    if k % 3 == 0, let grown = cxmlalloc_realloc(block, 300) { cxmlalloc_free(grown) }
                    else { cxmlalloc_free(block) }
                }
            }
        }
        for a in shared.withLock({ $0 }) { cxmlalloc_free(UnsafeMutableRawPointer(bitPattern: a)) }
        // Parsing still works on many threads after all that.
        let extractor = HTMLExtractor()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<50 {
                let page = Array("<html><body><div class=x id=y><p title='a long attribute value \(String(repeating: "z", count: 300))'>Hello there</p></div></body></html>".utf8)
                if case .text(let t, _) = page.withUnsafeBytes({ extractor.extract(bytes: $0) }) {
                    XCTAssertEqual(t, "Hello there")
                } else {
                    XCTFail("no text")
                }
            }
        }
    }
}
