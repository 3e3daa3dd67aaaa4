import XCTest
import Foundation
@testable import SieveIO

/// Raw-row pass-through: a lazily read, unchanged document is written back as the line it was
/// read from; any change makes it re-serialised.
final class RawRowTests: XCTestCase {
    /// Not canonical on purpose (spaces, `0.50`, `\u0041`), so a verbatim write and a
    /// re-serialisation differ.
    private let row = #"{"id":"d1", "text":"a\u0041\n","source":"s","created":null,"metadata":{"url":"https://a.example/","lang":"en","lang_score":0.50},"added":"x"}"#

    private func lazy(_ s: String) throws -> Document {
        try Array(s.utf8).withUnsafeBytes { try Document(lazyJSONLine: $0, fallbackID: "f", defaultSource: "web") }
    }

    private func line(_ d: Document) -> String {
        var out: [UInt8] = []
        d.appendJSONLine(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func testUnchangedRowIsWrittenVerbatim() throws {
        var d = try lazy(row)
        XCTAssertTrue(d.isRawRowIntact)
        XCTAssertEqual(line(d), row + "\n")
        // Reading (and decoding) fields changes nothing.
        _ = d.url
        _ = d.metadata["lang"]
        d.loadText()
        XCTAssertEqual(d.text, "aA\n")
        XCTAssertTrue(d.isRawRowIntact)
        XCTAssertEqual(line(d), row + "\n")
        // A copy that changes leaves the original intact.
        var copy = d
        copy.metadata["x"] = 1
        XCTAssertEqual(line(d), row + "\n")
        XCTAssertFalse(copy.isRawRowIntact)
    }

    func testCanonicalRowRoundTripsEitherWay() throws {
        let canonical = #"{"id":"d1","text":"a\n\"b\"","source":"s","created":"2024-01-01","metadata":{"url":"u","lang":"en","lang_score":0.9312345},"added":"x"}"#
        let d = try lazy(canonical)
        XCTAssertEqual(line(d), canonical + "\n")
        var e = d
        e.id = d.id  // re-serialised, same bytes
        XCTAssertFalse(e.isRawRowIntact)
        XCTAssertEqual(line(e), canonical + "\n")
    }

    func testEachMutationReserialises() throws {
        // The text literal is kept as read (`\u0041`) while the text is unchanged; the rest is
        // re-serialised canonically (no spaces, `0.5`).
        let base = #"{"id":"d1","text":"a\u0041\n","source":"s","created":null,"metadata":{"url":"https://a.example/","lang":"en","lang_score":0.5},"added":"x"}"#
        var d = try lazy(row)
        d.text = "new"
        XCTAssertEqual(line(d), base.replacingOccurrences(of: #""a\u0041\n""#, with: #""new""#) + "\n")

        d = try lazy(row)
        d.metadata["toxicity"] = .double(0.25)
        XCTAssertEqual(line(d), base.replacingOccurrences(of: #""lang_score":0.5}"#, with: #""lang_score":0.5,"toxicity":0.25}"#) + "\n")

        d = try lazy(row)
        d.metadata = JSONObject()
        XCTAssertEqual(line(d), base.replacingOccurrences(of: #"{"url":"https://a.example/","lang":"en","lang_score":0.5}"#, with: "{}") + "\n")

        d = try lazy(row)
        d.extra["added"] = "y"
        XCTAssertEqual(line(d), base.replacingOccurrences(of: #""added":"x""#, with: #""added":"y""#) + "\n")

        d = try lazy(row)
        d.id = "d2"
        XCTAssertEqual(line(d), base.replacingOccurrences(of: #""id":"d1""#, with: #""id":"d2""#) + "\n")

        d = try lazy(row)
        d.source = "t"
        XCTAssertEqual(line(d), base.replacingOccurrences(of: #""source":"s""#, with: #""source":"t""#) + "\n")

        d = try lazy(row)
        d.created = "2024"
        XCTAssertEqual(line(d), base.replacingOccurrences(of: #""created":null"#, with: #""created":"2024""#) + "\n")
    }

    /// A mutation through an `inout` parameter (as stages receive documents) also counts.
    func testMutationThroughInout() throws {
        func touch(_ d: inout Document) { d.metadata["dedup_cluster_size"] = 3 }
        var d = try lazy(row)
        touch(&d)
        XCTAssertFalse(d.isRawRowIntact)
        XCTAssertTrue(line(d).contains(#""lang_score":0.5,"dedup_cluster_size":3}"#))
        XCTAssertTrue(line(d).hasPrefix(#"{"id":"d1","text":"a\u0041\n","source""#), "the unchanged text keeps its literal")
    }

    /// Malformed rows are reported by JSONLReader exactly as with the eager reader.
    func testMalformedRowsStillSkipped() throws {
        let dir = NSTemporaryDirectory() + "sieve-rawrow-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/in.jsonl"
        let lines = [row, #"{"id":"x","text":"a"#, #"{"id":"y"}"#, "[1]", #"{"id":"z","text":"ok"}"#]
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        func read(lazy: Bool) throws -> [String] {
            var o = ReaderOptions()
            o.lazyText = lazy
            let r = try JSONLReader(path: path, options: o)
            var out: [String] = []
            while let item = try r.next() {
                switch item {
                case .document(let d): out.append("doc " + line(d))
                case .skipped(let s): out.append("skip \(s.id ?? "-") \(s.reason) \(s.fileOffset) \(JSONWriter.string(.object(s.detail)))")
                case .page: out.append("page")
                }
            }
            return out
        }
        let lazyItems = try read(lazy: true)
        XCTAssertEqual(lazyItems.count, 5)
        XCTAssertEqual(lazyItems.filter { $0.hasPrefix("skip") }.count, 3)
        XCTAssertEqual(lazyItems[0], "doc " + row + "\n")
        XCTAssertEqual(lazyItems[4], "doc " + #"{"id":"z","text":"ok"}"# + "\n")
        let eager = try read(lazy: false)
        XCTAssertEqual(Array(lazyItems[1...3]), Array(eager[1...3]))
    }
}
