import Foundation
import XCTest
@testable import SieveRobots

/// RFC 9309 behaviour of the parser and matcher.
final class RobotsParserTests: XCTestCase {
    func allowed(_ robots: String, _ path: String, _ agent: String = "FooBot",
                 _ semantics: RobotsSemantics = .rfc) -> Bool {
        RobotsFile(robots, semantics: semantics).check(url: "http://example.com" + path, agent: agent).allowed
    }

    func testGroupWithSeveralUserAgentLines() {
        let r = "User-agent: a\nUser-agent: FooBot\nDisallow: /x\n\nUser-agent: *\nDisallow: /\n"
        XCTAssertFalse(allowed(r, "/x"))
        XCTAssertTrue(allowed(r, "/y"))
        XCTAssertFalse(allowed(r, "/y", "other"))
    }

    func testProductTokenCaseInsensitiveAndVersion() {
        let r = "User-agent: foobot/1.0\nDisallow: /x\n"
        XCTAssertFalse(allowed(r, "/x", "FOOBOT"))
        XCTAssertFalse(allowed(r, "/x", "FooBot/2.0"))
        XCTAssertTrue(allowed(r, "/x", "FooBotX"))
        XCTAssertTrue(allowed(r, "/x", "Foo"))
    }

    func testMatchingGroupsAreMerged() {
        let r = "User-agent: FooBot\nDisallow: /a\n\nUser-agent: *\nDisallow: /c\n\nUser-agent: foobot\nDisallow: /b\n"
        XCTAssertFalse(allowed(r, "/a"))
        XCTAssertFalse(allowed(r, "/b"))
        XCTAssertTrue(allowed(r, "/c"))
        XCTAssertFalse(allowed(r, "/c", "Other"))
    }

    func testNoMatchingGroupMeansAllowed() {
        XCTAssertTrue(allowed("User-agent: other\nDisallow: /\n", "/x"))
    }

    func testLongestMatchAndAllowWinsTies() {
        let r = "User-agent: *\nDisallow: /a\nAllow: /a/b\nDisallow: /a/b/c\nAllow: /t\nDisallow: /t\n"
        XCTAssertFalse(allowed(r, "/a/x"))
        XCTAssertTrue(allowed(r, "/a/b/x"))
        XCTAssertFalse(allowed(r, "/a/b/c"))
        XCTAssertTrue(allowed(r, "/t"))
    }

    func testWildcardsAndAnchor() {
        let r = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /p*q\nAllow: /*.pdf?ok$\nDisallow: /exact$\n"
        XCTAssertFalse(allowed(r, "/a/b.pdf"))
        XCTAssertTrue(allowed(r, "/a/b.pdf?x"))
        XCTAssertTrue(allowed(r, "/a/b.pdf?ok"))
        XCTAssertFalse(allowed(r, "/pzzq/1"))
        XCTAssertTrue(allowed(r, "/pzz"))
        XCTAssertFalse(allowed(r, "/exact"))
        XCTAssertTrue(allowed(r, "/exact/more"))
        XCTAssertFalse(allowed("User-agent: *\nDisallow: *\n", "/anything"))
        XCTAssertFalse(allowed("User-agent: *\nDisallow: /a**b\n", "/axxb"))
    }

    func testPercentEncodingNormalisedOnBothSides() {
        let r = "User-agent: *\nDisallow: /%7Euser\nDisallow: /caf\u{e9}\nDisallow: /a%2fb\nDisallow: /sp ace\n"
        XCTAssertFalse(allowed(r, "/~user/x"))
        XCTAssertFalse(allowed(r, "/%7euser"))
        XCTAssertFalse(allowed(r, "/caf%C3%A9"))
        XCTAssertFalse(allowed(r, "/caf%c3%a9/x"))
        XCTAssertFalse(allowed(r, "/caf\u{e9}"))
        XCTAssertFalse(allowed(r, "/a%2Fb"))
        XCTAssertTrue(allowed(r, "/a/b"))  // %2F is reserved: not the same as "/"
        XCTAssertFalse(allowed(r, "/sp%20ace"))
    }

    func testQueryIsPartOfThePath() {
        let r = "User-agent: *\nDisallow: /*?session=\n"
        XCTAssertFalse(allowed(r, "/page?session=1"))
        XCTAssertTrue(allowed(r, "/page?x=1"))
        XCTAssertTrue(allowed(r, "/page#?session="))
    }

    func testBOMLineEndingsCommentsJunk() {
        let r = "\u{FEFF}User-agent: FooBot\r\nDisallow: /a # comment\rjunk line here\n:::\n# Disallow: /b\r\nDisallow: /c\n"
        XCTAssertFalse(allowed(r, "/a"))
        XCTAssertTrue(allowed(r, "/b"))
        XCTAssertFalse(allowed(r, "/c"))
    }

    func testSitemapDoesNotEndGroup() {
        let r = "User-agent: FooBot\nSitemap: http://example.com/s.xml\nUser-agent: Bar\nDisallow: /x\n"
        XCTAssertFalse(allowed(r, "/x"))
        XCTAssertFalse(allowed(r, "/x", "bar"))
    }

    func testRulesBeforeFirstUserAgentIgnored() {
        XCTAssertTrue(allowed("Disallow: /\nUser-agent: *\nDisallow: /x\n", "/y"))
    }

    func testRobotsTxtAlwaysAllowed() {
        XCTAssertTrue(allowed("User-agent: *\nDisallow: /\n", "/robots.txt"))
        XCTAssertFalse(allowed("User-agent: *\nDisallow: /\n", "/robots.txt2"))
    }

    func testParseLimit() {
        var body = "User-agent: *\nDisallow: /early\n"
        body += String(repeating: "#", count: 600 * 1024) + "\nDisallow: /late\n"
        XCTAssertTrue(allowed(body, "/late"))
        XCTAssertFalse(allowed(body, "/early"))
        let unlimited = RobotsFile(body, maxBytes: 0)
        XCTAssertFalse(unlimited.check(url: "/late", agent: "x").allowed)
    }

    func testReportsRuleAndLine() {
        let v = RobotsFile("User-agent: *\n\nDisallow: /a*\nAllow: /a/ok\n").check(url: "http://h/a/x", agent: "x")
        XCTAssertEqual(v.rule, "disallow:/a*")
        XCTAssertEqual(v.line, 3)
    }

    func testProtegoQuirks() {
        // protego: "google" matches Google-Extended; RFC: it does not.
        let r = "User-agent: Google\nDisallow: /\n"
        XCTAssertFalse(allowed(r, "/x", "Google-Extended", .protego))
        XCTAssertTrue(allowed(r, "/x", "Google-Extended", .rfc))
        // protego: Allow: /dir/index.html allows /dir/.
        let i = "User-agent: *\nDisallow: /dir/\nAllow: /dir/index.html\n"
        XCTAssertTrue(allowed(i, "/dir/", "x", .protego))
        XCTAssertFalse(allowed(i, "/dir/", "x", .rfc))
        // protego ignores a BOM-prefixed first line.
        let b = "\u{FEFF}User-agent: *\nDisallow: /\n"
        XCTAssertTrue(allowed(b, "/x", "x", .protego))
        XCTAssertFalse(allowed(b, "/x", "x", .rfc))
    }

    func testPathologicalWildcardIsLinear() {
        let r = "User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*b\nDisallow: /*aaaaaaaaaaaaaaaaaaaaaaab$\n"
        let path = "/" + String(repeating: "a", count: 100_000)
        let start = Date()
        for semantics in RobotsSemantics.allCases {
            let f = RobotsFile(r, semantics: semantics)
            XCTAssertTrue(f.check(url: "http://h" + path, agent: "x").allowed)
            XCTAssertFalse(f.check(url: "http://h" + path + "b", agent: "x").allowed)
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }
}

/// Bad input: always a verdict, never a crash or hang.
final class RobotsBadInputTests: XCTestCase {
    func testBinaryGarbage() {
        var g = SystemRandomNumberGenerator()
        var bytes = [UInt8]()
        for _ in 0..<200_000 { bytes.append(UInt8.random(in: 0...255, using: &g)) }
        for s in RobotsSemantics.allCases {
            let f = RobotsFile(bytes: bytes, semantics: s)
            _ = f.check(url: "http://h/x", agent: "GPTBot")
        }
    }

    func testHugeFileAndLongLines() {
        var body = Array("User-agent: *\nDisallow: /a\n".utf8)
        body += [UInt8](repeating: 0x61, count: 1 << 20)  // a 1 MB line
        body += Array("\nDisallow: /b\n".utf8)
        while body.count < 20 << 20 { body += Array("Disallow: /zz\n".utf8) }
        let start = Date()
        let f = RobotsFile(bytes: body)
        XCTAssertTrue(f.truncated)
        XCTAssertFalse(f.check(url: "http://h/a", agent: "x").allowed)
        XCTAssertTrue(f.check(url: "http://h/b", agent: "x").allowed)  // beyond the limit
        let long = "User-agent: *\nDisallow: /" + String(repeating: "x*", count: 200_000) + "\n"
        let g = RobotsFile(long)
        XCTAssertTrue(g.check(url: "http://h/" + String(repeating: "y", count: 100_000), agent: "x").allowed)
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
    }

    func testInvalidUTF8AndOddEncodings() {
        let body: [UInt8] = Array("User-agent: *\nDisallow: /\u{e9}t\u{e9}\nDisallow: /".utf8) + [0xE9, 0xFF] + Array("x\n".utf8)
        for s in RobotsSemantics.allCases {
            let f = RobotsFile(bytes: body, semantics: s)
            XCTAssertFalse(f.check(url: "http://h/%C3%A9t%C3%A9", agent: "x").allowed)
            for url in ["http://h/%", "http://h/%zz", "http://h/%2f%7E%E9", "http://h/?q=%ff", "/just/a/path",
                        "", "::::", "http://", "http://h", "mailto:a@b", "http://h/\u{1F600}?\u{0}"] {
                _ = f.check(url: url, agent: "x")
            }
        }
    }

    func testThousandsOfGroups() {
        var s = ""
        for i in 0..<5000 { s += "User-agent: bot\(i)\nDisallow: /p\(i)\n\n" }
        s += "User-agent: GPTBot\nDisallow: /gpt\n"
        for sem in RobotsSemantics.allCases {
            let f = RobotsFile(s, semantics: sem)
            XCTAssertFalse(f.check(url: "http://h/gpt", agent: "GPTBot").allowed)
            XCTAssertTrue(f.check(url: "http://h/p1", agent: "GPTBot").allowed)
        }
    }
}
