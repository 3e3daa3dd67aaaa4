import XCTest
@testable import SieveFilters

final class PIIAndToxicityTests: XCTestCase {
    func testRedactsAndReportsOriginalByteSpans() throws {
        let r = try PIIRedactor(kinds: [.email, .ip, .iban])
        let text = "Grüße an anna@example.ch von 8.8.8.8 – IBAN CH93 0076 2011 6238 5295 7."
        let out = r.redact(text)
        XCTAssertEqual(out.text, "Grüße an <email-pii> von <ip-pii> – IBAN <iban-pii>.")
        XCTAssertEqual(out.counts, [.email: 1, .ip: 1, .iban: 1])
        let bytes = Array(text.utf8)
        XCTAssertEqual(out.spans.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) },
                       ["anna@example.ch", "8.8.8.8", "CH93 0076 2011 6238 5295 7"])
    }

    func testHardNegatives() throws {
        let r = try PIIRedactor(kinds: PIIRedactor.Kind.allCases)
        for t in ["version 1.2.3.4", "v2.0.0.1", "1.3.6.1.4.1.343", "user@localhost", "logo@2x.png", "std::vector",
                  "12:30:45", "DE89 3704 0044 0532 0130 01", "4111 1111 1111 1112", "ISBN 978-3-16-148410-0",
                  "2024-05-12", "123e4567-e89b-12d3-a456-426614174000"] {
            XCTAssertEqual(r.redact(t).text, t, t)
        }
    }

    func testCardsAndPhonesOnlyWhenAsked() throws {
        let t = "Card 4111 1111 1111 1111, phone +41 44 668 18 00"
        XCTAssertEqual(try PIIRedactor(kinds: [.email]).redact(t).text, t)
        XCTAssertEqual(try PIIRedactor(kinds: [.card, .phone]).redact(t).text, "Card <card-pii>, phone <phone-pii>")
    }

    func testToxicityMatchesWholeWordsPerLanguage() throws {
        let dir = NSTemporaryDirectory() + "sieve-tox-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"words": ["darn", "heck off", "Blöd"]}"#.write(toFile: dir + "/english.json", atomically: true, encoding: .utf8)
        let s = try ToxicityScorer(wordListsDir: dir)
        let r = s.score("Darn it, heck off! Darning socks is fine. blöd", language: "en")
        XCTAssertEqual(r.hits, 3)
        XCTAssertEqual(r.words, 9)
        XCTAssertEqual(r.score, 3.0 / 9.0, accuracy: 1e-12)
        XCTAssertEqual(s.score("Darn it", language: "fr").hits, 0, "no French list")
        XCTAssertThrowsError(try ToxicityScorer(wordListsDir: dir + "/missing"))
    }

    func testToxicityWithRealLists() throws {
        let dir = #filePath.components(separatedBy: "/Tests/")[0] + "/.assets/filters/wordlists"
        guard FileManager.default.fileExists(atPath: dir + "/english.json") else {
            return XCTFail("\(dir) missing: run scripts/setup.sh (scripts/assets/filters.sh)")
        }
        let s = try ToxicityScorer(wordListsDir: dir)
        XCTAssertGreaterThanOrEqual(s.languages.count, 20)
        XCTAssertEqual(s.score("The class assignment was passed by everyone.", language: "en").hits, 0)
        XCTAssertGreaterThan(s.score("what an asshole", language: "eng_Latn").hits, 0)
        XCTAssertGreaterThan(s.score("ไอ้ควย", language: "th").hits, 0)
    }
}
