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
        // The text literal is kept as read (`\u0041`) while the text is unchanged, and so is the
        // metadata literal (`0.50`) while the metadata only gains keys; the rest is
        // re-serialised canonically (no spaces).
        let base = #"{"id":"d1","text":"a\u0041\n","source":"s","created":null,"metadata":{"url":"https://a.example/","lang":"en","lang_score":0.50},"added":"x"}"#
        var d = try lazy(row)
        d.text = "new"
        XCTAssertEqual(line(d), base.replacingOccurrences(of: #""a\u0041\n""#, with: #""new""#) + "\n")

        d = try lazy(row)
        d.setMetadataValue(.double(0.25), forKey: "toxicity")
        XCTAssertEqual(line(d), base.replacingOccurrences(of: #""lang_score":0.50}"#, with: #""lang_score":0.50,"toxicity":0.25}"#) + "\n")

        // Changing the metadata in place re-serialises it.
        d = try lazy(row)
        d.metadata["toxicity"] = .double(0.25)
        XCTAssertEqual(line(d), base.replacingOccurrences(of: #""lang_score":0.50}"#, with: #""lang_score":0.5,"toxicity":0.25}"#) + "\n")

        d = try lazy(row)
        d.metadata = JSONObject()
        XCTAssertEqual(line(d), base.replacingOccurrences(of: #"{"url":"https://a.example/","lang":"en","lang_score":0.50}"#, with: "{}") + "\n")

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
        var e = try lazy(row)
        e.setMetadataValue(3, forKey: "dedup_cluster_size")
        XCTAssertTrue(line(e).contains(#""lang_score":0.50,"dedup_cluster_size":3}"#))
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

    // MARK: Lazy metadata

    private func eager(_ s: String) throws -> Document {
        try Array(s.utf8).withUnsafeBytes { try Document(jsonLine: $0, fallbackID: "f", defaultSource: "web") }
    }

    /// Rows as Sieve writes them (canonical) and rows that are not (spaces, escapes and number
    /// spellings the writer does not use, duplicate keys, a flat `url`, two metadata objects).
    private let canonicalRows: [String] = [
        #"{"id":"a","text":"t","source":"s","created":null,"metadata":{"url":"https://a.example/x?y=1","lang":"deu_Latn","lang_score":0.93,"n":3,"pii":{"email":1},"list":[1,"b",null,true,{"k":2.5}],"title":"Zürich \"Altstadt\"\n"}}"#,
        #"{"id":"b","text":"t","source":"s","created":"2024","metadata":{}}"#,
        #"{"id":"c","text":"t","source":"s","created":null,"metadata":{"url":"u","ctl":"\u0001\t"},"added":"x"}"#,
    ]
    private let otherRows: [String] = [
        #"{"id":"d","text":"t","source":"s","created":null,"metadata":{ "url":"u"}}"#,
        #"{"id":"d2","text":"t","source":"s","created":null,"metadata":{ }}"#,
        #"{"id":"e","text":"t","source":"s","created":null,"metadata":{"url" :"u","lang":"x" }}"#,
        #"{"id":"f","text":"t","source":"s","created":null,"metadata":{"url":"a\/b"}}"#,
        #"{"id":"g","text":"t","source":"s","created":null,"metadata":{"\u0075rl":"\u0041","l\u0061ng":"x"}}"#,
        #"{"id":"i","text":"t","source":"s","created":null,"metadata":{"s":0.50,"x":1E2}}"#,
        #"{"id":"l","text":"t","source":"s","created":null,"metadata":{"lang":"a","url":"u","lang":"b"}}"#,
        #"{"id":"m","text":"t","source":"s","created":null,"metadata":{"x":[1, 2],"lang":"y"}}"#,
        #"{"id":"o","text":"t","url":"top","source":"s","created":null,"metadata":{"lang":"x"}}"#,
        #"{"id":"p","text":"t","url":"top","source":"s","created":null,"metadata":{"url":"inner"}}"#,
        #"{"id":"q","text":"t","source":"s","created":null,"metadata":{"lang":"x"},"metadata":{"lang":"y"}}"#,
        #"{"id":"r","text":"t","source":"s","created":null,"metadata":{"lang":"x"},"metadata":5}"#,
    ]

    /// Every way of reading and changing the metadata of a lazily read row gives the eager
    /// reader's values, and the same written line (for canonical rows) or one that parses to the
    /// same JSON (for the others, whose literals are kept as read).
    func testLazyMetadataMatchesEagerReading() throws {
        let keys = ["url", "lang", "lang_score", "pii", "list", "title", "ctl", "s", "x", "missing"]
        let changes: [(String, JSONValue?)] = [("lang", "fra_Latn"), ("toxicity", 0.25), ("url", nil),
                                               ("missing", nil), ("pii", ["ip": 2])]
        for row in canonicalRows + otherRows {
            let canonical = canonicalRows.contains(row)
            func same(_ a: Document, _ b: Document, _ what: String) throws {
                if canonical {
                    XCTAssertEqual(line(a), line(b), "\(row) \(what)")
                } else {
                    XCTAssertEqual(try JSONParser.parse(line(a)), try JSONParser.parse(line(b)), "\(row) \(what)")
                }
                XCTAssertEqual(a, b, "\(row) \(what)")
            }
            let l = try lazy(row), e = try eager(row)
            XCTAssertEqual(l, e, row)
            XCTAssertEqual(l.url, e.url, row)
            for k in keys { XCTAssertEqual(l.metadataValue(forKey: k), e.metadata[k], "\(row) \(k)") }
            for (k, v) in changes {
                var a = try lazy(row), b = try eager(row)
                a.setMetadataValue(v, forKey: k)
                b.metadata[k] = v
                try same(a, b, "set \(k)")
                // A second key after the first, and a change of the text on top.
                a.setMetadataValue("z", forKey: "zz")
                b.metadata["zz"] = "z"
                a.text = "new"
                b.text = "new"
                try same(a, b, "set \(k), zz, text")
                // Reading the whole metadata, then changing it in place.
                var c = try lazy(row), d = try eager(row)
                c.setMetadataValue(v, forKey: k)
                d.metadata[k] = v
                c.metadata["w"] = 1
                d.metadata["w"] = 1
                try same(c, d, "set \(k), then in place")
            }
            // Unchanged rows are written verbatim.
            XCTAssertEqual(line(l), row + "\n")
        }
    }

    /// A malformed metadata object fails the row with the same message as the eager reader.
    func testMalformedMetadataErrorsMatchEagerReading() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let bad = [#"{"a":}"#, #"{"a":1,}"#, #"{"a" 1}"#, #"{"a":"\x"}"#, #"{"a":"\u12"}"#, #"{"a":[1,]}"#,
                   #"{"a":tru}"#, #"{"a":-}"#, #"{"a":1.2.3}"#, #"{"a":"b"#, #"{"a":["#, #"{"a":{"b":"#, #"{1:2}"#,
                   "{\"a\":\"\u{01}\"}", #"{"a":"# + deep + "}"]
        for m in bad {
            let row = #"{"id":"a","text":"t","metadata":"# + m + "}"
            var lazyError = "", eagerError = ""
            do { _ = try lazy(row) } catch { lazyError = "\(error)" }
            do { _ = try eager(row) } catch { eagerError = "\(error)" }
            XCTAssertFalse(lazyError.isEmpty, m)
            XCTAssertEqual(lazyError, eagerError, m)
        }
    }

    func testCanonicalMetadataStaysUnparsedWhenKeysAreAdded() throws {
        let row = canonicalRows[0]
        var d = try lazy(row)
        d.setMetadataValue("fra_Latn", forKey: "added")
        d.setMetadataValue(1, forKey: "added2")
        XCTAssertFalse(d.isRawRowIntact)
        let expected = row.replacingOccurrences(of: #"\n"}}"#, with: #"\n","added":"fra_Latn","added2":1}}"#)
        XCTAssertEqual(line(d), expected + "\n")
        XCTAssertEqual(d.metadataValue(forKey: "added"), "fra_Latn")
        XCTAssertEqual(d.metadata.keys.suffix(2), ["added", "added2"])
    }

    /// Invalid UTF-8 in a metadata string is repaired (U+FFFD) when the value is parsed.
    func testMetadataWithInvalidUTF8IsParsed() throws {
        for bad: [UInt8] in [[0xFF], [0xC3], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC3, 0xA9]] {
            let bytes = Array(#"{"id":"a","text":"t","source":"s","created":null,"metadata":{"title":"x"#.utf8) + bad
                + Array(#"y"}}"#.utf8)
            var a = try bytes.withUnsafeBytes { try Document(lazyJSONLine: $0, fallbackID: "f", defaultSource: "w") }
            var b = try bytes.withUnsafeBytes { try Document(jsonLine: $0, fallbackID: "f", defaultSource: "w") }
            XCTAssertEqual(a.metadataValue(forKey: "title"), b.metadata["title"], "\(bad)")
            a.setMetadataValue(1, forKey: "k")
            b.metadata["k"] = 1
            XCTAssertEqual(a.metadata, b.metadata, "\(bad)")
        }
    }

    /// Rows an earlier stage wrote are decoded without validating their UTF-8 again: the
    /// strings must equal those of the validating parser (escapes, surrogate pairs, lone
    /// surrogates, multi-byte text, empty strings), and be usable as Strings.
    func testTrustedDecodingMatchesValidatingParser() throws {
        let literals = [#""""#, #""plain ascii""#, #""héllo wörld — 日本語 🙂""#, #""a\nb\t\"c\"\\/\/""#,
                        #""\u00e9\u65e5\ud83d\ude42""#, #""lone \ud800 high, lone \udc00 low, \ud800\u0041""#,
                        #""mixed é\n日\u0000end""#, #"["x", {"k": "v\u00e9"}, "日本"]"#]
        for literal in literals {
            let bytes = Array(literal.utf8)
            let a = try bytes.withUnsafeBytes { try JSONParser.parse($0) }
            let b = try bytes.withUnsafeBytes { try JSONParser.parseTrusted($0) }
            XCTAssertEqual(a, b, literal)
            if case .string(let s) = b {
                XCTAssertEqual(s.unicodeScalars.count, a.stringValue?.unicodeScalars.count, literal)
                XCTAssertEqual(Array(s.utf8), Array(a.stringValue?.utf8 ?? "".utf8), literal)
            }
        }
        // A lazily read text decodes to what the eager reader decodes.
        let row = #"{"id":"d","text":"é\n日本 \ud83d\ude42 \ud800","source":"s","created":null,"metadata":{}}"#
        var lazyDoc = try lazy(row)
        lazyDoc.loadText()
        let eager = try Array(row.utf8).withUnsafeBytes { try Document(jsonLine: $0, fallbackID: "f", defaultSource: "w") }
        XCTAssertEqual(lazyDoc.text, eager.text)
        XCTAssertEqual(lazyDoc.text.count, eager.text.count)
    }
}
