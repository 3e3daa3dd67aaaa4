import SieveIO
import XCTest
@testable import SieveFilters

final class QualityFilterTests: XCTestCase {
    let prose = """
        The village council met on Tuesday evening to discuss the new library budget.
        Several residents argued that the reading room should stay open later during the winter months.
        Others pointed out that heating costs had risen sharply since the previous year.
        After a long debate, the members agreed to extend opening hours on two weekdays.
        The librarian thanked everyone and promised to report on visitor numbers in spring.
        Children will also get a weekly story hour, funded by a small grant from the region.
        A local bakery offered to provide bread and coffee for the volunteers who help with the move.
        Construction of the ramp at the side entrance should be finished before the first snow falls.
        """

    func testCleanProsePassesAllFilters() {
        for f: DocumentFilter in [GopherQualityFilter(), GopherRepetitionFilter(), FineWebQualityFilter()] {
            XCTAssertEqual(f.check(prose, language: "en"), .keep, f.name)
        }
    }

    func testShortDocReasonAndDetail() {
        guard case .drop(let reason, let detail) = GopherQualityFilter().check("Too short to keep.", language: "en") else {
            return XCTFail("expected a drop")
        }
        XCTAssertEqual(reason, "gopher_short_doc")
        XCTAssertEqual(detail["value"], .int(4))
        XCTAssertEqual(detail["threshold"], .double(50))
    }

    func testLongDoc() {
        var t = QualityThresholds()
        t.maxDocWords = 100
        let text = Array(repeating: "the word and that", count: 40).joined(separator: " ")
        guard case .drop(let reason, _) = GopherQualityFilter(thresholds: t).check(text, language: "en") else { return XCTFail() }
        XCTAssertEqual(reason, "gopher_long_doc")
    }

    func testBulletsAndRepetition() {
        let bullets = prose.split(separator: "\n").map { "• " + $0 }.joined(separator: "\n")
        guard case .drop(let r1, _) = GopherQualityFilter().check(bullets, language: "en") else { return XCTFail() }
        XCTAssertEqual(r1, "gopher_too_many_bullets")
        let repeated = Array(repeating: "Buy cheap shoes online today with free shipping.", count: 20).joined(separator: "\n")
        guard case .drop(let r2, let d2) = GopherRepetitionFilter().check(repeated, language: "en") else { return XCTFail() }
        XCTAssertEqual(r2, "dup_line_frac")
        XCTAssertEqual(d2["value"]?.doubleValue ?? 0, 0.95, accuracy: 1e-9)
    }

    func testFineWebReasons() {
        let noPunct = prose.replacingOccurrences(of: ".", with: "")
        guard case .drop(let r, _) = FineWebQualityFilter().check(noPunct, language: "en") else { return XCTFail() }
        XCTAssertEqual(r, "line_punct_ratio")
        XCTAssertEqual(FineWebQualityFilter().check("\n \n", language: nil), .drop(reason: "empty", detail: JSONObject()))
    }

    func testThresholdsLoadPerLanguage() throws {
        let dir = NSTemporaryDirectory() + "sieve-filters-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir + "/quality", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"stop_words": ["und", "der"], "dup_line_frac": null, "top_n_grams": [[2, 0.5]]}"#
            .write(toFile: dir + "/quality/de.json", atomically: true, encoding: .utf8)
        let de = try QualityThresholds.load(filtersDir: dir, language: "de_Latn")
        XCTAssertEqual(de.stopWords, ["und", "der"])
        XCTAssertNil(de.dupLineFrac)
        XCTAssertEqual(de.topNGrams.map(\.n), [2])
        let fr = try QualityThresholds.load(filtersDir: dir, language: "fr")
        XCTAssertNil(fr.minStopWords, "no French list: stop-word check disabled")
        let en = try QualityThresholds.load(filtersDir: dir, language: "en")
        XCTAssertEqual(en, QualityThresholds())
        try "{".write(toFile: dir + "/quality/it.json", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try QualityThresholds.load(filtersDir: dir, language: "it"))
    }
}
