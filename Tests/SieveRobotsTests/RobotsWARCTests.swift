import Foundation
import XCTest
@testable import SieveRobots
import SieveIO

/// Snapshots read from a WARC of robots.txt fetches.
final class RobotsWARCTests: XCTestCase {
    func record(_ uri: String, _ date: String, _ http: String, type: String = "response") -> String {
        let block = http.utf8.count
        return "WARC/1.1\r\nWARC-Type: \(type)\r\nWARC-Target-URI: \(uri)\r\nWARC-Date: \(date)\r\n"
            + "Content-Type: application/http; msgtype=response\r\nContent-Length: \(block)\r\n\r\n\(http)\r\n\r\n"
    }

    func ok(_ body: String) -> String {
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    func testWARCSnapshot() throws {
        let dir = NSTemporaryDirectory() + "sieve-robots-warc-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "e\r\nUser-agent: *\n\r\n" + "c\r\nDisallow: /k\r\n" + "0\r\n\r\n"
        let text = [
            record("https://a.com/robots.txt", "2025-01-02T00:00:00Z", ok("User-agent: *\nDisallow: /new\n")),
            record("https://a.com/robots.txt", "2025-01-01T23:59:59.5Z", ok("User-agent: *\nDisallow: /old\n")),
            record("https://a.com/robots.txt", "2025-01-02T00:00:00Z", ok("User-agent: *\nDisallow: /tie\n"), type: "request"),
            record("https://b.com/robots.txt", "2025-01-01T00:00:00Z", ok("User-agent: *\nDisallow: /\n")),
            record("https://b.com/robots.txt", "2025-01-01T00:00:00Z", "HTTP/1.1 410 Gone\r\n\r\n"),
            record("https://r.com/robots.txt", "2025-01-01T00:00:00Z",
                   "HTTP/1.1 301 Moved\r\nlocation:  https://a.com/robots.txt \r\n\r\n"),
            record("http://p.com:8080/robots.txt", "2025-01-01T00:00:00Z", "HTTP/1.1 503 Down\r\n\r\n"),
            record("https://k.com/robots.txt", "2025-01-03T00:00:00Z", chunked),
            record("https://x.com/page", "2025-01-01T00:00:00Z", ok("User-agent: *\nDisallow: /\n")),
        ].joined()
        let plain = dir + "/fetches.warc"
        try text.write(toFile: plain, atomically: true, encoding: .utf8)
        let zst = try OutputFile(path: dir + "/fetches.warc.zst")
        try zst.write(text)
        _ = try zst.commit()
        for path in [plain, dir + "/fetches.warc.zst"] { try checkSnapshot(path) }
    }

    func checkSnapshot(_ path: String) throws {
        let snap = try RobotsSnapshot(path: path)
        XCTAssertEqual(snap.problems, [])
        XCTAssertEqual(snap.entries.keys.sorted(), ["a.com", "b.com", "k.com", "p.com:8080", "r.com"])
        XCTAssertEqual(snap.newestFetched, "2025-01-03T00:00:00Z")
        XCTAssertEqual(snap.entries["r.com"]?.location, "https://a.com/robots.txt")
        let p = RobotsPolicy(snapshot: snap, agents: ["GPTBot"], unavailable: .disallow)
        XCTAssertFalse(p.check(url: "https://a.com/new").allowed)
        XCTAssertTrue(p.check(url: "https://a.com/old").allowed)
        XCTAssertTrue(p.check(url: "https://a.com/tie").allowed)
        XCTAssertEqual(p.check(url: "https://b.com/").reason, "http_4xx")
        XCTAssertFalse(p.check(url: "http://r.com/new").allowed)
        XCTAssertEqual(p.check(url: "http://p.com:8080/").reason, "unavailable_5xx")
        XCTAssertFalse(p.check(url: "http://p.com:8080/").allowed)
        XCTAssertEqual(p.check(url: "https://x.com/").reason, "no_robots")
        XCTAssertFalse(p.check(url: "https://k.com/k1").allowed)
        XCTAssertTrue(p.check(url: "https://k.com/j").allowed)
    }

    func testDateOrder() {
        let dates = ["2025-01-01T00:00:00Z", "2025-01-01T00:00:00.5Z", "2025-01-01T00:00:01Z", "2025-01-01T00:00:00.25Z"]
        let sorted = dates.sorted { RobotsSnapshot.dateOrder($0).lexicographicallyPrecedes(RobotsSnapshot.dateOrder($1)) }
        XCTAssertEqual(sorted, ["2025-01-01T00:00:00Z", "2025-01-01T00:00:00.25Z", "2025-01-01T00:00:00.5Z", "2025-01-01T00:00:01Z"])
        XCTAssertTrue(RobotsSnapshot.dateOrder(nil).lexicographicallyPrecedes(RobotsSnapshot.dateOrder("2000-01-01T00:00:00Z")))
    }
}
