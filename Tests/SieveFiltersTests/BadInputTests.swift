import XCTest
@testable import SieveFilters

/// Hostile documents through every filter: 0 bytes, 100 MB, one 10 MB line, only punctuation,
/// only emoji, mixed scripts, invalid UTF-8 (repaired to U+FFFD when it becomes a String, as
/// the JSON reader does). Nothing may crash, hang or produce a nonsensical verdict.
final class BadInputTests: XCTestCase {
    static let chain = try! QualityFilterChain(filtersDir: nil)
    static let pii = try! PIIRedactor(kinds: PIIRedactor.Kind.allCases)

    /// A scorer with a two-entry English list (its folder is removed once the list is loaded).
    static func scorer() throws -> ToxicityScorer {
        let dir = NSTemporaryDirectory() + "sieve-bad-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"words": ["darn", "heck off"]}"#.write(toFile: dir + "/english.json", atomically: true, encoding: .utf8)
        return try ToxicityScorer(wordListsDir: dir)
    }

    /// Runs every filter on `text`; returns the quality verdict (first dropping filter's reason).
    func runAll(_ text: String, language: String? = "en", file: StaticString = #filePath, line: UInt = #line) throws -> String? {
        let tox = try Self.scorer()
        var reason: String?
        for f in try Self.chain.filters(language: language) {
            if case .drop(let r, _) = f.check(text, language: language), reason == nil { reason = r }
        }
        let red = Self.pii.redact(text)
        if red.spans.isEmpty { XCTAssertEqual(red.text.utf8.count, text.utf8.count, file: file, line: line) }
        let s = tox.score(text, language: language)
        XCTAssert(s.score >= 0 && s.score <= 1 && s.hits <= s.words, "\(s)", file: file, line: line)
        let rules = URLWordRules(bannedWords: ["porn"], softBannedWords: ["sex", "xxx"], bannedSubwords: ["hotgirls"])
        _ = rules.check(url: "https://example.com/" + String(text.prefix(2000)))
        let cal = QualityCalibrator()
        cal.add(text, language: language ?? "und")
        _ = WordSegmenter().tokens(text, language: language)
        return reason
    }

    func testEmptyDocument() throws {
        XCTAssertEqual(try runAll(""), "gopher_short_doc")
        XCTAssertEqual(try runAll("", language: nil), "gopher_short_doc")
        XCTAssertEqual(try Self.scorer().score("", language: "en").words, 0)
    }

    func testOnlyPunctuation() throws {
        let t = String(repeating: "!?.,;:--()[]{}«»…\n", count: 500)
        XCTAssertNotNil(try runAll(t))
        XCTAssertEqual(try Self.scorer().score(t, language: "en").words, 0)
    }

    func testOnlyEmoji() throws {
        let t = String(repeating: "😀👍🏽🇨🇭 👨‍👩‍👧 ", count: 300)
        XCTAssertNotNil(try runAll(t))
        XCTAssertNotNil(try runAll(t, language: "ja"))
    }

    func testMixedScripts() throws {
        let t = String(repeating: "The right to education. 人人有受教育的权利。ทุกคนมีสิทธิในการศึกษา حق التعليم Право на образование. ", count: 40)
        for lang in ["en", "zh", "th", "ar", "ru", nil] as [String?] { _ = try runAll(t, language: lang) }
        XCTAssertGreaterThan(WordSegmenter().words(t, language: nil).count, 40 * 8)
    }

    func testInvalidUTF8IsRepairedNotFatal() throws {
        var bytes = Array("Clean words and darn it. ".utf8)
        bytes += [0xFF, 0xFE, 0xC3, 0x28, 0xE2, 0x82, 0xF0, 0x9F, 0x98, 0x41, 0xED, 0xA0, 0x80, 0x0A]  // bad, overlong, surrogate
        bytes += Array(String(repeating: "More text here. ", count: 20).utf8)
        let t = String(decoding: bytes, as: UTF8.self)
        XCTAssert(t.contains("\u{FFFD}"))
        _ = try runAll(t)
        XCTAssertEqual(try Self.scorer().score(t, language: "en").hits, 1)
    }

    func testOneTenMegabyteLine() throws {
        // 10 MB without a newline: words of varied length.
        var s = ""
        s.reserveCapacity(10_500_000)
        var k = 0
        while s.utf8.count < 10_000_000 {
            s += ["alpha", "be", "gamma", "of", "the", "darn", "seven", "x"][k % 8]
            s += k % 13 == 0 ? ". " : " "
            k += 1
        }
        let start = Date()
        let r = try runAll(s)
        XCTAssertNotNil(r)  // the repetition filters drop it
        XCTAssertLessThan(Date().timeIntervalSince(start), 120)
    }

    func testHundredMegabyteDocument() throws {
        // 100 MB of distinct-ish lines: the Gopher filter and PII redaction must finish, and the
        // Gopher length bound drops it (> 100,000 words).
        var line = Array("Every person has the right to rest and leisure, including reasonable working hours. ".utf8)
        line += Array("\n".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(100_000_000 + line.count)
        var i = 0
        while bytes.count < 100_000_000 {
            bytes += line
            let d = Array(String(i).utf8)
            bytes.insert(contentsOf: d, at: bytes.count - 1)
            i += 1
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let start = Date()
        let q = GopherQualityFilter().check(text, language: "en")
        guard case .drop(let reason, _) = q else { return XCTFail("kept a 100 MB document") }
        XCTAssertEqual(reason, "gopher_long_doc")
        XCTAssertEqual(Self.pii.redact(text).spans.count, 0)
        // (The word-list scorer and the other filters see a 10 MB document in testOneTenMegabyteLine.)
        XCTAssertLessThan(Date().timeIntervalSince(start), 300)
    }
}
