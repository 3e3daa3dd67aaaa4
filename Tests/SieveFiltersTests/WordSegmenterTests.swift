import CICU
import Foundation
import XCTest
@testable import SieveFilters

final class WordSegmenterTests: XCTestCase {
    private func strings(_ text: String, _ lang: String? = nil, wordsOnly: Bool = false) -> [String] {
        let seg = WordSegmenter()
        let bytes = Array(text.utf8)
        let ranges = wordsOnly ? seg.words(text, language: lang) : seg.tokens(text, language: lang).map(\.range)
        return ranges.map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    func testFastPathKeepsJoinersInsideWords() {
        XCTAssertEqual(strings("Don't pay 1,000 or 3.14 in the U.S.A. now..."),
                       ["Don't", "pay", "1,000", "or", "3.14", "in", "the", "U.S.A", ".", "now", ".", ".", "."])
        XCTAssertEqual(strings("snake_case e-mail", wordsOnly: true), ["snake", "case", "e", "mail"])
        XCTAssertEqual(strings("a , 1,b"), ["a", ",", "1", ",", "b"])
    }

    func testNonLatinSpacedScripts() {
        XCTAssertEqual(strings("Все люди рождаются свободными.", wordsOnly: true), ["Все", "люди", "рождаются", "свободными"])
        XCTAssertEqual(strings("सभी मनुष्यों को", wordsOnly: true), ["सभी", "मनुष्यों", "को"])  // marks stay in words
    }

    func testThaiUsesICUDictionaryBreaks() {
        let w = strings("สวัสดีครับผมชื่อสมชาย", wordsOnly: true)
        XCTAssertGreaterThan(w.count, 2, "Thai without spaces must be split into several words: \(w)")
        XCTAssertEqual(w.joined(), "สวัสดีครับผมชื่อสมชาย")
    }

    func testJapaneseAndChineseUseICU() {
        let ja = strings("私は東京に住んでいます。", wordsOnly: true)
        XCTAssertGreaterThan(ja.count, 3, "\(ja)")
        XCTAssertFalse(ja.contains("。"))
        let zh = strings("人人生而自由，在尊严和权利上一律平等。", "zh", wordsOnly: true)
        XCTAssertGreaterThan(zh.count, 5, "\(zh)")
        // Mixed text: the Latin part is segmented the same way.
        XCTAssertTrue(strings("Tokyo 東京 is big").contains("Tokyo"))
    }

    func testLanguageLabelSelectsICU() {
        XCTAssertEqual(WordSegmenter.icuLocale(for: "tha_Thai"), "th")
        XCTAssertEqual(WordSegmenter.icuLocale(for: "ja"), "ja")
        XCTAssertNil(WordSegmenter.icuLocale(for: "eng_Latn"))
    }

    func testEmptyAndWhitespace() {
        XCTAssertEqual(strings(""), [])
        XCTAssertEqual(strings(" \n\t "), [])
    }

    /// ICU on a UTF-16 copy gives the segments (byte offsets, rule statuses) of ICU on the UTF-8
    /// text in place, with astral characters (surrogate pairs) and every locale used.
    func testICUOnUTF16CopyMatchesUTF8Iteration() {
        let pieces = ["ภาษาไทย", "สวัสดีครับ", "日本語の文章", "カタカナ", "中文分词测试", "漢字", "한국어", "abc", " ", "123", ".", "😀", "𠀋𠀌",
                      "é", "\n", "ລາວ", "ខ្មែរ", "မြန်မာ", "བོད་", "ー", "。", "’"]
        var rng = SystemRandomNumberGenerator()
        for locale in ["", "th", "ja", "zh", "lo", "km", "my", "bo"] {
            guard let wb = cicu_words_open(locale) else { return XCTFail("no breaker for \(locale)") }
            defer { cicu_words_close(wb) }
            for _ in 0..<60 {
                let text = (0..<Int.random(in: 0..<40, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
                let bytes = Array(text.utf8)
                let cap = bytes.count + 16
                var a = [Int64](repeating: -7, count: 3 * cap), b = [Int64](repeating: -7, count: 3 * cap)
                let na = bytes.withUnsafeBufferPointer { p in
                    p.withMemoryRebound(to: CChar.self) { c in a.withUnsafeMutableBufferPointer { cicu_words_segment(wb, c.baseAddress, Int64(p.count), $0.baseAddress, Int64(cap)) } }
                }
                let nb = bytes.withUnsafeBufferPointer { p in
                    p.withMemoryRebound(to: CChar.self) { c in b.withUnsafeMutableBufferPointer { cicu_words_segment_utf8(wb, c.baseAddress, Int64(p.count), $0.baseAddress, Int64(cap)) } }
                }
                XCTAssertEqual(na, nb, "\(locale): \(text)")
                XCTAssertEqual(a, b, "\(locale): \(text)")
            }
        }
    }

    /// Lookups by packed language code answer as the String lookups, for codes in every form.
    func testPackedCodeLookupsMatchStringLookups() throws {
        let codes = ["th", "TH", "tha_Thai", "zh-Hans", "ZHO", "ja", "jpn_Jpan", "en", "eng_Latn", "", "_x", "-", "km",
                     "\u{212A}m", "kM", "my", "bur", "english", "English", "portuguese_Latn", "de", "deu", "ger_Latn",
                     "abcdefghi", "abcdefgh", "é", "a\u{0}", "cmn_Hani", "yue"]
        for c in codes {
            XCTAssertEqual(WordSegmenter.icuLocale(for: c), WordSegmenter.icuLocaleByString(c), c)
        }
        let dir = #filePath.components(separatedBy: "/Tests/")[0] + "/.assets/filters/wordlists"
        guard FileManager.default.fileExists(atPath: dir) else { throw XCTSkip("no word lists") }
        let s = try ToxicityScorer(wordListsDir: dir)
        for c in codes + s.languages + ToxicityScorer.fileForCode.keys.map({ $0.uppercased() + "_Xxxx" }) {
            XCTAssertEqual(s.stem(for: c), s.stemByString(c), c)
        }
    }
}
