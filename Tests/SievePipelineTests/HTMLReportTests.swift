import Foundation
import XCTest
@testable import SievePipeline
import SieveIO

/// Builds the HTML report of a small run made here (generated JSON Lines, `urlfilter` stage).
final class HTMLReportTests: XCTestCase {
    var dir = ""
    static let hostile = "<script>alert(1)</script>"
    static let hostileHost = "<img src=x onerror=alert(1)>.spam.example"

    override func setUp() {
        dir = NSTemporaryDirectory() + "sieve-report-\(getpid())-\(abs(name.hashValue))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var text = ""
        for i in 0..<60 {
            let host = i % 6 == 0 ? "spam.example" : i % 6 == 1 ? "a.ads.example" : "site\(i % 2).example.org"
            text += "{\"id\":\"d\(i)\",\"text\":\"document number \(i)\",\"metadata\":{\"url\":\"https://\(host)/p\(i)\"}}\n"
        }
        // A hostile host (blocked through its parent domain) and a hostile path.
        text += "{\"id\":\"evil\",\"text\":\"x\",\"metadata\":{\"url\":\"https://\(Self.hostileHost)/\(Self.hostile)\"}}\n"
        FileManager.default.createFile(atPath: dir + "/in.jsonl", contents: Data(text.utf8))
        let yaml = """
            name: "\(Self.hostile)"
            inputs: [in.jsonl]
            tasks: 2
            stages:
              - urlfilter: {domains: [spam.example, ads.example]}
            """
        FileManager.default.createFile(atPath: dir + "/p.yaml", contents: Data(yaml.utf8))
        do {
            let cfg = try PipelineConfig.load(path: dir + "/p.yaml", outOverride: dir + "/out")
            let failures = try LocalExecutor(config: cfg, workers: 1).runAll()
            XCTAssertTrue(failures.isEmpty, "\(failures)")
        } catch { XCTFail("run failed: \(error)") }
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func testReportShowsTheFunnelAndEscapesData() throws {
        let record = try RunRecord(directory: dir + "/out")
        let html = try HTMLReport.build(record)
        // Funnel: 61 in, 10 spam.example + 10 ads.example + the hostile one dropped.
        XCTAssertTrue(html.contains("data-name=\"documents_in\" data-value=\"61\""), html)
        XCTAssertTrue(html.contains("data-name=\"kept\" data-value=\"40\""))
        XCTAssertTrue(html.contains("data-name=\"dropped\" data-value=\"21\""))
        XCTAssertTrue(html.contains("<td>blocklisted_domain</td><td class=\"n\" data-name=\"documents\" data-value=\"21\""))
        // Dropped hosts, sorted by documents then name.
        let a = try XCTUnwrap(html.range(of: "<td>a.ads.example</td>")), s = try XCTUnwrap(html.range(of: "<td>spam.example</td>"))
        XCTAssertLessThan(a.lowerBound, s.lowerBound)
        // Hostile strings appear only escaped.
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("<img"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(html.contains("<td>&lt;img src=x onerror=alert(1)&gt;.spam.example</td>"))
        XCTAssertFalse(html.contains("/" + Self.hostile), "URL paths are not shown")
        // Self-contained, and no local paths.
        XCTAssertFalse(html.contains("<link"))
        XCTAssertFalse(html.contains("src=\"http"))
        XCTAssertFalse(html.contains(dir))
        // Reproducible.
        XCTAssertEqual(html, try HTMLReport.build(RunRecord(directory: dir + "/out")))
    }

    func testRobotsAggregatesCountEachAgentOncePerDocument() throws {
        // A hand-made run directory with a robots stage's audit rows.
        let run = dir + "/robots-run"
        try OutputFile.writeAtomically(run + "/run.json", """
            {"name":"r","stages":[{"name":"robots","folder":"01-robots","tasks":1}]}
            """)
        let rows = [
            #"{"id":"1","url":"https://News.Example.ch:8080/a","stage":"robots","action":"drop","reason":"robots_disallowed","detail":{"agents":["GPTBot","CCBot","GPTBot"]},"bytes":10}"#,
            #"{"id":"2","url":"https://news.example.ch/b","stage":"robots","action":"drop","reason":"robots_disallowed","detail":{"agents":["GPTBot"]},"bytes":20}"#,
            #"{"id":"3","url":"https://<b>x</b>","stage":"robots","action":"drop","reason":"robots_disallowed","detail":{"agents":["<script>alert(1)</script>"]},"bytes":5}"#,
            #"{"id":"4","url":"https://other.example/","stage":"robots","action":"modify","reason":"x","detail":{"agents":["CCBot"]},"bytes":7}"#,
        ]
        try OutputFile.writeAtomically(run + "/01-robots/removed/00000.jsonl.zst", rows.joined(separator: "\n") + "\n")
        let a = try HTMLReport.collect(RunRecord(directory: run))
        XCTAssertEqual(a.robotsByAgent, ["GPTBot": .init(documents: 2, bytes: 30), "CCBot": .init(documents: 1, bytes: 10),
                                         Self.hostile: .init(documents: 1, bytes: 5)])
        XCTAssertEqual(a.robotsByHost, ["news.example.ch": .init(documents: 2, bytes: 30), "<b>x<": .init(documents: 1, bytes: 5)])
        let html = HTMLReport.render(info: ["name": "r"], summary: ["stages": []], aggregates: a)
        let g = try XCTUnwrap(html.range(of: "<td>GPTBot</td>")), c = try XCTUnwrap(html.range(of: "<td>CCBot</td>"))
        XCTAssertLessThan(g.lowerBound, c.lowerBound)
        XCTAssertTrue(html.contains("<tr data-key=\"&lt;script&gt;alert(1)&lt;/script&gt;\"><td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"))
        XCTAssertTrue(html.contains("<td>&lt;b&gt;x&lt;</td>"))
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("<b>"))
    }

    func testCountersAreRenderedSortedAndEscaped() throws {
        let stage: JSONValue = ["stage": "tokenize", "folder": "05-tokenize", "tasks": 1, "tasks_done": 1,
                                "counts": ["documents_in": 3, "kept": 3], "reasons": [:],
                                "counters": ["tokens.eng_Latn": 120, "tokens.deu_Latn": 80, "tokens.<x>": 1]]
        let html = HTMLReport.render(info: ["name": "t"], summary: ["stages": [stage]], aggregates: .init())
        XCTAssertTrue(html.contains("<table class=\"data counters\" data-stage=\"tokenize\">"))
        let d = try XCTUnwrap(html.range(of: "<td>tokens.deu_Latn</td><td class=\"n\" data-name=\"value\" data-value=\"80\">80</td>"))
        let e = try XCTUnwrap(html.range(of: "<td>tokens.eng_Latn</td>"))
        XCTAssertLessThan(d.lowerBound, e.lowerBound)
        XCTAssertTrue(html.contains("<td>tokens.&lt;x&gt;</td>"))
        XCTAssertTrue(html.contains("Nothing was removed or modified."))
    }

    func testHelpers() {
        XCTAssertEqual(HTMLReport.escape("a&b<c>\"d'\u{1}"), "a&amp;b&lt;c&gt;&quot;d&#39;\u{FFFD}")
        XCTAssertEqual(HTMLReport.count(1234567), "1,234,567")
        XCTAssertEqual(HTMLReport.count(123), "123")
        XCTAssertEqual(HTMLReport.bytes(1023), "1023 B")
        XCTAssertEqual(HTMLReport.bytes(1536), "1.5 KiB")
        XCTAssertEqual(HTMLReport.bytes(3 * 1024 * 1024), "3.0 MiB")
        XCTAssertEqual(HTMLReport.percent(1, 3), "33.3%")
        XCTAssertEqual(HTMLReport.percent(0, 3), "0%")
        XCTAssertEqual(HTMLReport.percent(1, 100_000), "0.1%")
    }
}
