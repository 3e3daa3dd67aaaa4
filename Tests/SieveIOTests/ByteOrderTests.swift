import XCTest
@testable import SieveIO

/// `utf8Precedes` gives the order of comparing the UTF-8 bytes one by one.
final class ByteOrderTests: XCTestCase {
    func testMatchesByteByByteComparison() {
        let pieces = ["", "a", "b", "/", "0", "00001", "é", "e\u{301}", "日本", "Ω", "z", "\u{10FFFF}", ".tmp.", "A"]
        var rng = SystemRandomNumberGenerator()
        var strings = pieces
        for _ in 0..<300 {
            strings.append((0..<Int.random(in: 0..<6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined())
        }
        for a in strings {
            for b in strings.prefix(80) {
                XCTAssertEqual(utf8Precedes(a, b), a.utf8.lexicographicallyPrecedes(b.utf8), "\(a.debugDescription) \(b.debugDescription)")
            }
        }
        // Long shared prefixes (paths), equal strings, and non-ASCII by bytes.
        let long = String(repeating: "/run/01-stage/data/", count: 20)
        XCTAssertTrue(utf8Precedes(long + "00001.jsonl.zst", long + "00002.jsonl.zst"))
        XCTAssertFalse(utf8Precedes(String(long.dropLast()), String(long.dropLast())))
        XCTAssertTrue(utf8Precedes("é", "日"), "by bytes, as file systems sort")
    }
}
