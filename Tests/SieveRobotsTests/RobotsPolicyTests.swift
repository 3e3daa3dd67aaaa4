import Foundation
import XCTest
@testable import SieveRobots

/// Snapshots, HTTP statuses, host keys and the policy API.
final class RobotsPolicyTests: XCTestCase {
    var dir: String = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "sieve-robots-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let p = dir + "/" + name
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    func testFolderSnapshot() throws {
        try FileManager.default.createDirectory(atPath: dir + "/snap", withIntermediateDirectories: true)
        _ = try write("snap/example.com.txt", "User-agent: GPTBot\nDisallow: /\n")
        _ = try write("snap/example.org:8080.txt", "User-agent: *\nDisallow: /private\n")
        _ = try write("snap/example.net_8443.txt", "User-agent: *\nDisallow: /\n")
        let p = try RobotsPolicy(snapshot: dir + "/snap", agents: ["GPTBot", "CCBot", "*"])
        let v = p.check(url: "https://EXAMPLE.com:443/page")
        XCTAssertFalse(v.allowed)
        XCTAssertEqual(v.blockedAgents, ["GPTBot"])
        XCTAssertEqual(v.rule, "disallow:/")
        XCTAssertEqual(v.line, 2)
        XCTAssertEqual(v.host, "example.com")
        XCTAssertTrue(p.check(url: "http://example.org/private").allowed)  // port 80 ≠ 8080
        XCTAssertEqual(p.check(url: "http://example.org:8080/private").blockedAgents, ["GPTBot", "CCBot", "*"])
        XCTAssertFalse(p.check(url: "http://example.net:8443/").allowed)
        let none = p.check(url: "http://unknown.example/")
        XCTAssertTrue(none.allowed)
        XCTAssertEqual(none.reason, "no_robots")
        let bad = p.check(url: "not a url")
        XCTAssertTrue(bad.allowed)
        XCTAssertEqual(bad.reason, "bad_url")
        XCTAssertEqual(p.check(url: "http://example.com/robots.txt").allowed, true)
        XCTAssertEqual(p.snapshotID.count, 64)
        for url in ["https://example.com/x", "http://example.org:8080/private", "http://unknown.example/", "bad"] {
            XCTAssertEqual(p.check(url: url), p.checkEach(url: url).verdict, url)
        }
    }

    func testJSONLSnapshotStatuses() throws {
        let rows = [
            #"{"host":"ok.com","status":200,"body":"User-agent: *\nDisallow: /x\n","fetched":"2025-01-02T00:00:00Z"}"#,
            #"{"host":"gone.com","status":404,"body":"","fetched":"2025-01-03T00:00:00Z"}"#,
            #"{"host":"down.com","status":503,"body":""}"#,
            #"{"host":"dns.com","status":null}"#,
            #"{"host":"moved.com","status":301,"location":"https://www.moved.com/robots.txt"}"#,
            #"{"host":"https://www.moved.com","status":200,"body":"User-agent: *\nDisallow: /m\n"}"#,
            #"{"host":"loop1.com","status":302,"location":"http://loop2.com/robots.txt"}"#,
            #"{"host":"loop2.com","status":302,"location":"http://loop1.com/robots.txt"}"#,
            #"{"host":"lost.com","status":301,"location":"http://nowhere.com/robots.txt"}"#,
            #"{"host":"xn--mnchen-3ya.de","status":200,"body":"User-agent: *\nDisallow: /\n"}"#,
            "garbage line",
        ]
        let path = try write("snap.jsonl", rows.joined(separator: "\n") + "\n")
        let p = try RobotsPolicy(snapshot: path, agents: ["GPTBot"])
        XCTAssertEqual(p.loadProblems.count, 1)
        XCTAssertEqual(p.snapshotDate, "2025-01-03T00:00:00Z")
        XCTAssertFalse(p.check(url: "http://ok.com/x").allowed)
        XCTAssertEqual(p.check(url: "http://gone.com/x").reason, "http_4xx")
        XCTAssertTrue(p.check(url: "http://gone.com/x").allowed)
        XCTAssertTrue(p.check(url: "http://down.com/x").allowed)
        XCTAssertEqual(p.check(url: "http://down.com/x").reason, "unavailable_5xx")
        XCTAssertEqual(p.check(url: "http://dns.com/x").reason, "unreachable")
        XCTAssertFalse(p.check(url: "http://moved.com/m").allowed)
        XCTAssertEqual(p.check(url: "http://loop1.com/").reason, "redirect_loop")
        XCTAssertEqual(p.check(url: "http://lost.com/").reason, "redirect_unresolved")
        XCTAssertFalse(p.check(url: "http://MÜNCHEN.de/a").allowed)

        let strict = try RobotsPolicy(snapshot: path, agents: ["GPTBot"], unavailable: .disallow)
        XCTAssertFalse(strict.check(url: "http://down.com/x").allowed)
        XCTAssertEqual(strict.check(url: "http://down.com/x").blockedAgents, ["GPTBot"])
        XCTAssertFalse(strict.check(url: "http://dns.com/x").allowed)
        XCTAssertTrue(strict.check(url: "http://gone.com/x").allowed)
    }

    func testCompiledIndexGivesTheSameVerdicts() throws {
        let rows = [
            #"{"host":"ok.com","status":200,"body":"User-agent: *\nDisallow: /x\nAllow: /x/y$\n\nUser-agent: GPTBot\nDisallow: /*.pdf\n","fetched":"2025-01-02"}"#,
            #"{"host":"https://s.com","status":200,"body":"User-agent: ClaudeBot\nDisallow: /\n"}"#,
            #"{"host":"down.com","status":503}"#,
            #"{"host":"moved.com","status":301,"location":"http://ok.com/robots.txt"}"#,
        ]
        let path = try write("snap.jsonl", rows.joined(separator: "\n") + "\n")
        let agents = ["GPTBot", "ClaudeBot", "*"]
        let source = try RobotsPolicy(snapshot: path, agents: agents, unavailable: .disallow)
        try source.compile(to: dir + "/snap.robotsidx")
        let compiled = try RobotsPolicy(snapshot: dir + "/snap.robotsidx", agents: ["ClaudeBot", "GPTBot"],
                                        unavailable: .disallow)
        let subset = try RobotsPolicy(snapshot: path, agents: ["ClaudeBot", "GPTBot"], unavailable: .disallow)
        XCTAssertEqual(compiled.snapshotID, source.snapshotID)
        XCTAssertEqual(compiled.snapshotDate, "2025-01-02")
        XCTAssertEqual(compiled.hostCount, 4)
        for url in ["http://ok.com/x", "http://ok.com/x/y", "http://ok.com/a.pdf", "http://ok.com/", "https://s.com/a",
                    "http://s.com/a", "http://down.com/", "http://moved.com/x", "http://none.com/", "bad"] {
            XCTAssertEqual(compiled.check(url: url), subset.check(url: url), url)
        }
        XCTAssertThrowsError(try RobotsPolicy(snapshot: dir + "/snap.robotsidx", agents: ["Other"]))
        XCTAssertThrowsError(try RobotsPolicy(snapshot: dir + "/snap.robotsidx", agents: ["GPTBot"], semantics: .protego))
    }

    func testSnapshotIDIsContentBased() throws {
        var a = RobotsSnapshot()
        a.add(host: "a.com", entry: RobotsEntry(status: 200, body: Array("x".utf8)))
        a.add(host: "b.com", entry: RobotsEntry(status: 404, body: []))
        var b = RobotsSnapshot()
        b.add(host: "B.com", entry: RobotsEntry(status: 404, body: []))
        b.add(host: "a.com", entry: RobotsEntry(status: 200, body: Array("x".utf8)))
        XCTAssertEqual(a.contentID, b.contentID)
        b.add(host: "a.com", entry: RobotsEntry(status: 200, body: Array("y".utf8)))
        XCTAssertNotEqual(a.contentID, b.contentID)
    }

    func testHostKeys() {
        XCTAssertEqual(RobotsURL.hostKey("HTTPS://User:pw@Www.Example.COM.:443/x")?.host, "www.example.com")
        XCTAssertEqual(RobotsURL.hostKey("http://example.com:8080")?.host, "example.com:8080")
        XCTAssertEqual(RobotsURL.hostKey("http://bücher.example/")?.host, "xn--bcher-kva.example")
        XCTAssertEqual(RobotsURL.hostKey("http://[::1]:80/")?.host, "[::1]")
        XCTAssertNil(RobotsURL.hostKey("/no/host"))
        XCTAssertNil(RobotsURL.hostKey("http://example.com:99999/"))
    }

    func testConcurrentChecksAndStats() throws {
        var snap = RobotsSnapshot()
        for i in 0..<50 {
            let body = i % 2 == 0 ? "User-agent: *\nDisallow: /\n" : "User-agent: GPTBot\nDisallow: /x\n"
            snap.add(host: "h\(i).com", entry: RobotsEntry(status: 200, body: Array(body.utf8)))
        }
        let p = RobotsPolicy(snapshot: snap, agents: ["GPTBot", "CCBot"])
        final class Box: @unchecked Sendable { var values = [Bool](repeating: true, count: 1000); let lock = NSLock() }
        let box = Box()
        DispatchQueue.concurrentPerform(iterations: 1000) { k in
            let a = p.check(url: "http://h\(k % 50).com/x").allowed
            box.lock.lock(); box.values[k] = a; box.lock.unlock()
        }
        for k in 0..<1000 { XCTAssertFalse(box.values[k]) }
        let stats = p.stats()
        XCTAssertEqual(stats[0].agent, "GPTBot")
        XCTAssertEqual(stats[0].full, 25)
        XCTAssertEqual(stats[0].partial, 25)
        XCTAssertEqual(stats[1].full, 25)
        XCTAssertEqual(stats[1].partial, 0)
    }
}
