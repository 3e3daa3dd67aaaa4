import XCTest
@testable import SieveFilters

final class URLFilterTests: XCTestCase {
    func testHostParsing() {
        XCTAssertEqual(URLBlocklist.host(of: "https://user:pw@News.Example.co.uk:443/a?b#c"), "news.example.co.uk")
        XCTAssertEqual(URLBlocklist.host(of: "http://example.com./x"), "example.com")
        XCTAssertEqual(URLBlocklist.host(of: "http://[2001:db8::1]:80/"), "[2001:db8::1]")
        XCTAssertEqual(URLBlocklist.host(of: "http://Ünï.Example/"), "ünï.example")
        XCTAssertNil(URLBlocklist.host(of: "not a url"))
        XCTAssertNil(URLBlocklist.host(of: "https:///path"))
    }

    func testDomainsAndParentDomains() {
        let b = URLBlocklist(domains: ["bad.example", "x.blog.example", " Spaced.Example. ", ""])
        XCTAssertEqual(b.count, 3)
        XCTAssertEqual(b.match(host: "bad.example"), "bad.example")
        XCTAssertEqual(b.match(host: "www.a.bad.example"), "bad.example")
        XCTAssertEqual(b.match(host: "www.x.blog.example"), "x.blog.example")
        XCTAssertEqual(b.match(host: "spaced.example"), "spaced.example")
        XCTAssertNil(b.match(host: "blog.example"))
        XCTAssertNil(b.match(host: "notbad.example"))
        XCTAssertNil(b.match(host: "bad.example.org"))
    }

    func testCompiledIndexIsUsedAndRebuiltWhenTheListChanges() throws {
        let dir = NSTemporaryDirectory() + "sieve-bl-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/domains"
        // Above `compileAboveBytes`: compiled to domains.sieveidx.
        var text = "# comment\nlisted.example\n"
        for i in 0..<80_000 { text += "pad\(i).example\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let b = try URLBlocklist(path: path, extra: ["extra.example"])
        XCTAssertEqual(b.indexPath, path + ".sieveidx")
        XCTAssertEqual(b.count, 80_001)
        XCTAssertEqual(b.match(host: "a.listed.example"), "listed.example")
        XCTAssertEqual(b.match(host: "extra.example"), "extra.example")
        XCTAssertNil(b.match(host: "pad80000.example"))
        sleep(1)
        try (text + "pad80000.example\n").write(toFile: path, atomically: true, encoding: .utf8)
        let c = try URLBlocklist(path: path)
        XCTAssertEqual(c.count, 80_002)
        XCTAssertEqual(c.match(host: "pad80000.example"), "pad80000.example")
        XCTAssertThrowsError(try URLBlocklist(path: dir + "/missing"))
    }

    func testRadixSortSorts() {
        var a: [UInt64] = (0..<5000).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }
        let want = a.sorted()
        URLBlocklist.radixSort(&a)
        XCTAssertEqual(a, want)
    }

    func testWordRulesAsDatatrove() {
        let r = URLWordRules(bannedWords: ["porn", "#comment"], softBannedWords: ["sex", "hot", "Girls"],
                             bannedSubwords: ["2 girls 1 cup"])
        XCTAssertEqual(r.check(url: "https://a.example/free-porn/")?.rule, "hard_blacklisted")
        XCTAssertNil(r.check(url: "https://a.example/PORN"), "URL words are case-sensitive, as in datatrove")
        XCTAssertNil(r.check(url: "https://a.example/pornography"), "a banned word matches whole URL words")
        XCTAssertNil(r.check(url: "https://a.example/hot-news"), "one soft word is not enough")
        XCTAssertEqual(r.check(url: "https://a.example/hot-girls")?.rule, "soft_blacklisted")
        XCTAssertEqual(r.check(url: "https://a.example/hot/hot")?.rule, nil, "distinct soft words count")
        XCTAssertEqual(r.check(url: "https://a.example/X2Girls1Cup.html")?.rule, "blacklisted_subword")
        XCTAssertNil(r.check(url: "https://a.example/#comment"))
    }

    func testStopWordsFromAFolder() throws {
        let dir = NSTemporaryDirectory() + "sieve-sw-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir + "/quality", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/sw", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"stop_words": ["och", "att"]}"#.write(toFile: dir + "/sw/sv.json", atomically: true, encoding: .utf8)
        try #"{"stop_words": ["und"]}"#.write(toFile: dir + "/sw/de.json", atomically: true, encoding: .utf8)
        try #"{"stop_words": ["der"]}"#.write(toFile: dir + "/quality/de.json", atomically: true, encoding: .utf8)
        let sv = try QualityThresholds.load(filtersDir: dir, language: "sv", stopWordsDir: dir + "/sw")
        XCTAssertEqual(sv.stopWords, ["och", "att"])
        XCTAssertEqual(sv.minStopWords, 2)
        XCTAssertEqual(try QualityThresholds.load(filtersDir: dir, language: "de", stopWordsDir: dir + "/sw").stopWords, ["der"])
        XCTAssertEqual(try QualityThresholds.load(filtersDir: dir, language: "en", stopWordsDir: dir + "/sw").stopWords.count, 8)
        let fi = try QualityThresholds.load(filtersDir: dir, language: "fi", stopWordsDir: dir + "/sw")
        XCTAssertEqual(fi.stopWords, [])
        XCTAssertNil(fi.minStopWords)
    }

    func testCalibratorQuantilesAndStopWords() {
        XCTAssertEqual(QualityCalibrator.quantile([1, 2, 3, 4, 5], 0.5), 3)
        XCTAssertEqual(QualityCalibrator.quantile([1, 2, 3, 4, 5], 0.05), 1.2, accuracy: 1e-12)
        var o = QualityCalibrator.Options()
        o.minDocuments = 3
        o.maxStopWords = 2
        let c = QualityCalibrator(options: o)
        for t in ["la casa e la strada.", "la notte e il giorno.", "il mare e la luna.", "e poi la fine."] { c.add(t, language: "it") }
        let r = c.result(for: "it")
        XCTAssertEqual(r?["stop_words"], .array([.string("e"), .string("la")]))
        XCTAssertEqual(r?["calibration"]?.objectValue?["documents"], .int(4))
        XCTAssertNil(c.result(for: "xx"))
    }
}
