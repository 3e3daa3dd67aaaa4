import XCTest
@testable import SieveTokenize

/// Pieces of the known patterns (expected values read from tiktoken, see formats.md §3).
final class PreTokenizerTests: XCTestCase {
    func pieces(_ text: String, _ pattern: PreTokenizerPattern) -> [String] {
        var t = text
        var out: [String] = []
        t.withUTF8 { bytes in
            var s = ScalarText()
            s.load(bytes)
            PreTokenizer(pattern: pattern).split(s, bytes) { a, b in
                out.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[a..<b]), as: UTF8.self))
            }
        }
        return out
    }

    func check(_ text: String, tekken: [String], cl100k: [String]? = nil, o200k: [String]? = nil,
               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(pieces(text, .tekken), tekken, "tekken \(text.debugDescription)", file: file, line: line)
        XCTAssertEqual(pieces(text, .cl100k), cl100k ?? tekken, "cl100k \(text.debugDescription)", file: file, line: line)
        XCTAssertEqual(pieces(text, .o200k), o200k ?? tekken, "o200k \(text.debugDescription)", file: file, line: line)
    }

    func testFormatsNoteTable() {
        check("  hello", tekken: [" ", " hello"])
        check("a  b", tekken: ["a", " ", " b"])
        check("\n\n  x", tekken: ["\n\n", " ", " x"])
        check("x  \n  y", tekken: ["x", "  \n", " ", " y"])
        check("a\n  ", tekken: ["a", "\n", "  "], cl100k: ["a", "\n  "])
        check("tab\t\tx", tekken: ["tab", "\t", "\tx"])
        check(" 12", tekken: [" ", "1", "2"], cl100k: [" ", "12"], o200k: [" ", "12"])
        check("DON'T", tekken: ["DON", "'T"], cl100k: ["DON", "'T"], o200k: ["DON'T"])
        check("$100,000.50", tekken: ["$", "1", "0", "0", ",", "0", "0", "0", ".", "5", "0"],
              cl100k: ["$", "100", ",", "000", ".", "50"], o200k: ["$", "100", ",", "000", ".", "50"])
        check("😀😀 hi 👍🏽!", tekken: ["😀😀", " hi", " 👍🏽!"])
        check("日本語のテキストです", tekken: ["日本語のテキストです"])
        check("a\u{A0}b", tekken: ["a", "\u{A0}b"])
        check("!\u{85}!", tekken: ["!", "\u{85}", "!"])
        check("!\u{1C}!", tekken: ["!\u{1C}!"])
    }

    func testLetterBranchesAndContractions() {
        XCTAssertEqual(pieces("HelloWorld", .tekken), ["Hello", "World"])
        XCTAssertEqual(pieces("HELLOworld", .tekken), ["HELLOworld"])
        XCTAssertEqual(pieces("\u{301}A b", .tekken), ["\u{301}", "A", " b"])
        XCTAssertEqual(pieces("don't", .tekken), ["don", "'t"])
        XCTAssertEqual(pieces("don'tcha", .cl100k), ["don", "'t", "cha"])
        XCTAssertEqual(pieces("it'ſx", .o200k), ["it'ſ", "x"])
        XCTAssertEqual(pieces("e\u{301}te\u{301}", .cl100k), ["e", "\u{301}te", "\u{301}"])
        XCTAssertEqual(pieces("foo.bar/baz", .tekken), ["foo", ".bar", "/baz"])
        XCTAssertEqual(pieces("!\n/x", .tekken), ["!\n/", "x"])
        XCTAssertEqual(pieces("!\n/x", .cl100k), ["!\n", "/x"])
        XCTAssertEqual(pieces("1234567", .o200k), ["123", "456", "7"])
        XCTAssertEqual(pieces("a\n  ", .cl100kLegacy), ["a", "\n", "  "])
        XCTAssertEqual(pieces("I'm  here 42x", .gpt2), ["I", "'m", " ", " here", " 42", "x"])
    }

    func testPiecesTileTheText() {
        let text = "Ünïcödé\r\n\t 中文 123 ½ 'S\u{2028}x  \u{E0041}"
        for p in PreTokenizerPattern.allCases {
            XCTAssertEqual(pieces(text, p).joined(), text, "\(p)")
        }
    }

    func testRecognizesPublishedPatterns() {
        for (source, p) in PreTokenizerPattern.knownSources {
            XCTAssertEqual(PreTokenizerPattern.recognize(source), p)
        }
        XCTAssertNil(PreTokenizerPattern.recognize(#"\w+"#))
    }
}
