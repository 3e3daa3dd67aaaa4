import XCTest
@testable import SieveIO

final class WARCReaderTests: XCTestCase {
    private var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "sieve-warc-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    /// One WARC record: header lines + block + CRLF CRLF.
    private func record(_ type: String, id: String, uri: String? = "http://example.com/", contentType: String? = nil,
                        block: [UInt8], extraHeaders: [String] = []) -> [UInt8] {
        var h = "WARC/1.1\r\nWARC-Type: \(type)\r\nWARC-Record-ID: <urn:uuid:\(id)>\r\nWARC-Date: 2024-05-01T00:00:00Z\r\n"
        if let uri { h += "WARC-Target-URI: \(uri)\r\n" }
        if let contentType { h += "Content-Type: \(contentType)\r\n" }
        for x in extraHeaders { h += x + "\r\n" }
        h += "Content-Length: \(block.count)\r\n\r\n"
        return Array(h.utf8) + block + Array("\r\n\r\n".utf8)
    }

    private func http(_ head: String, _ body: [UInt8]) -> [UInt8] { Array(head.utf8) + body }

    private func write(_ name: String, _ bytes: [UInt8]) -> String {
        let path = dir + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    private func readAll(_ path: String, options: ReaderOptions = ReaderOptions()) throws -> ([InputItem], WARCReader) {
        let r = try WARCReader(path: path, options: options)
        var items: [InputItem] = []
        while let item = try r.next() { items.append(item) }
        return (items, r)
    }

    private static let gzipHello: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xb3, 0x29, 0xb0, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57,
        0x48, 0xaf, 0xca, 0x2c, 0xb0, 0xd1, 0x2f, 0xb0, 0x03, 0x00, 0xaf, 0x82, 0xc9, 0xc1, 0x11, 0x00, 0x00, 0x00,
    ]

    func testRecordTypesAndHTTPDecoding() throws {
        var f: [UInt8] = []
        f += record("warcinfo", id: "0", uri: nil, contentType: "application/warc-fields", block: Array("software: t\r\n".utf8))
        // Bare LF, a folded Content-Type, a junk line, chunked + gzip.
        let chunked = Array("a\r\n".utf8) + Self.gzipHello[0..<10] + Array("\r\n1b;ext=1\r\n".utf8) + Self.gzipHello[10...]
            + Array("\r\n0\r\n\r\n".utf8)
        f += record("response", id: "1", contentType: "application/http; msgtype=response",
                    block: http("HTTP/1.1 200 OK\nContent-Type: text/html;\n charset=\"UTF-8\"\njunk line\nTransfer-Encoding: chunked\nContent-Encoding: gzip\n\n", chunked))
        f += record("request", id: "2", contentType: "application/http; msgtype=request",
                    block: Array("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n".utf8))
        f += record("response", id: "3", uri: "<http://example.com/gone>", contentType: "application/http; msgtype=response",
                    block: http("HTTP/1.0 404 Not Found\r\nContent-Type: TEXT/Plain; Charset=ISO-8859-1\r\n\r\n", Array("gone".utf8)))
        f += record("metadata", id: "4", contentType: "application/warc-fields", block: Array("a: b\r\n".utf8))
        f += record("revisit", id: "5", contentType: "application/http; msgtype=response", block: [])
        f += record("resource", id: "6", uri: "file:///x.txt", contentType: "text/plain; charset=utf-8", block: Array("res".utf8))
        f += record("conversion", id: "7", block: Array("wet text".utf8))
        f += record("response", id: "8", contentType: "application/http; msgtype=response",
                    block: http("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n", [1, 2, 3]))
        f += record("response", id: "9", contentType: "application/http; msgtype=response",
                    block: Array("no status line here\r\n\r\nbody".utf8))
        f += record("response", id: "10", uri: "dns:example.com", contentType: "text/dns", block: Array("dns".utf8))
        let (items, reader) = try readAll(write("a.warc", f))

        var pages: [WebPage] = []
        var skipped: [SkippedRecord] = []
        for item in items {
            switch item {
            case .page(let p): pages.append(p)
            case .skipped(let s): skipped.append(s)
            case .document: XCTFail("no documents from WARC")
            }
        }
        XCTAssertEqual(pages.map(\.id), ["<urn:uuid:1>", "<urn:uuid:3>", "<urn:uuid:6>", "<urn:uuid:7>", "<urn:uuid:10>"])
        XCTAssertEqual(String(decoding: pages[0].body, as: UTF8.self), "<p>hello gzip</p>")
        XCTAssertEqual(pages[0].httpStatus, 200)
        XCTAssertEqual(pages[0].contentType, "text/html")
        XCTAssertEqual(pages[0].charset, "utf-8")
        XCTAssertEqual(pages[0].date, "2024-05-01T00:00:00Z")
        XCTAssertEqual(pages[0].recordType, "response")
        XCTAssertEqual(pages[1].httpStatus, 404)
        XCTAssertEqual(pages[1].url, "http://example.com/gone")
        XCTAssertEqual(pages[1].contentType, "text/plain")
        XCTAssertEqual(pages[1].charset, "iso-8859-1")
        XCTAssertEqual(pages[1].body, Array("gone".utf8))
        XCTAssertEqual(pages[2].contentType, "text/plain")
        XCTAssertNil(pages[2].httpStatus)
        XCTAssertEqual(pages[3].contentType, "text/plain")
        XCTAssertEqual(pages[3].body, Array("wet text".utf8))
        XCTAssertEqual(pages[4].contentType, "text/dns")
        XCTAssertEqual(skipped.map(\.reason), ["bad_content_encoding", "bad_http_headers"])
        XCTAssertEqual(skipped.map(\.id), ["<urn:uuid:8>", "<urn:uuid:9>"])
        XCTAssertEqual(reader.skippedCounts, ["warc_warcinfo": 1, "warc_request": 1, "warc_metadata": 1, "warc_revisit": 1])
        // Offsets are those of the WARC/ lines.
        XCTAssertEqual(pages[0].fileOffset, offsetOf(id: "1", in: f))
    }

    private func offsetOf(id: String, in f: [UInt8]) -> Int64 {
        let needle = Array("WARC-Record-ID: <urn:uuid:\(id)>".utf8)
        var i = 0
        while i + needle.count <= f.count {
            if Array(f[i..<(i + needle.count)]) == needle { break }
            i += 1
        }
        var s = i
        while s > 0 && !(f[s - 1] == 0x0A && f[s] == 0x57 && f[s + 1] == 0x41 && f[s + 2] == 0x52 && f[s + 3] == 0x43 && f[s + 4] == 0x2F) { s -= 1 }
        return Int64(s)
    }

    /// Many records of varied sizes (beyond the window and its growth) keep their ids and offsets.
    func testManyRecordsAndLargeOnes() throws {
        var f: [UInt8] = []
        var expected: [(String, Int64, Int)] = []
        var seed: UInt64 = 42
        for i in 0..<400 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            var size = Int(seed >> 40) % 40_000
            if i == 100 { size = 9_000_000 }  // larger than the initial window
            let body = [UInt8](repeating: UInt8(0x61 + i % 26), count: size)
            expected.append(("<urn:uuid:\(i)>", Int64(f.count), size))
            f += record("resource", id: "\(i)", contentType: "text/plain", block: body)
        }
        let (items, _) = try readAll(write("many.warc", f))
        XCTAssertEqual(items.count, expected.count)
        for (item, e) in zip(items, expected) {
            guard case .page(let p) = item else { XCTFail("expected a page"); continue }
            XCTAssertEqual(p.id, e.0)
            XCTAssertEqual(p.fileOffset, e.1)
            XCTAssertEqual(p.body.count, e.2)
        }
    }

    func testTooLargeRecordIsSkippedAndReadingContinues() throws {
        var f: [UInt8] = []
        f += record("resource", id: "a", contentType: "text/plain", block: Array("small".utf8))
        let bigOffset = Int64(f.count)
        f += record("resource", id: "b", contentType: "text/plain", block: [UInt8](repeating: 0x78, count: 100_000))
        f += record("resource", id: "c", contentType: "text/plain", block: Array("after".utf8))
        var options = ReaderOptions()
        options.maxRecordBytes = 10_000
        let (items, _) = try readAll(write("big.warc", f), options: options)
        XCTAssertEqual(items.count, 3)
        guard case .skipped(let s) = items[1] else { return XCTFail("expected a skipped record") }
        XCTAssertEqual(s.reason, "record_too_large")
        XCTAssertEqual(s.fileOffset, bigOffset)
        XCTAssertEqual(s.id, "<urn:uuid:b>")
        guard case .page(let p) = items[2] else { return XCTFail("expected a page") }
        XCTAssertEqual(p.body, Array("after".utf8))
    }

    func testDamagedPlainInput() throws {
        var f: [UInt8] = Array("leading junk\r\n".utf8)
        f += record("resource", id: "a", contentType: "text/plain", block: Array("one".utf8))
        let badOffset = Int64(f.count)
        var bad = record("resource", id: "b", contentType: "text/plain", block: Array(String(repeating: "two ", count: 50).utf8))
        let cl = Array("Content-Length: 200".utf8)
        if let r = bad.firstRange(of: cl) { bad.replaceSubrange(r, with: Array("Content-Length: 150".utf8)) }
        f += bad
        f += record("resource", id: "c", contentType: "text/plain", block: Array("three".utf8))
        f += Array("WARC/1.0\r\nWARC-Type: resource\r\nContent-Len".utf8)  // cut off
        let (items, _) = try readAll(write("bad.warc", f))
        var summary: [String] = []
        for item in items {
            switch item {
            case .page(let p): summary.append(p.id)
            case .skipped(let s): summary.append("\(s.reason)@\(s.fileOffset)")
            case .document: break
            }
        }
        XCTAssertEqual(summary, ["garbage_skipped@0", "<urn:uuid:a>", "bad_content_length@\(badOffset)", "<urn:uuid:c>",
                                 "truncated_record@\(f.count - 42)"])
    }

    func testZstdFile() throws {
        let path = dir + "/z.warc.zst"
        let out = try OutputFile(path: path)
        try out.write(record("resource", id: "z", contentType: "text/html; charset=windows-1252", block: Array("<p>z</p>".utf8)))
        _ = try out.commit()
        let (items, _) = try readAll(path)
        guard items.count == 1, case .page(let p) = items[0] else { return XCTFail("expected one page") }
        XCTAssertEqual(p.id, "<urn:uuid:z>")
        XCTAssertEqual(p.contentType, "text/html")
        XCTAssertEqual(p.charset, "windows-1252")
        XCTAssertEqual(p.fileOffset, 0)
    }

    func testEmptyFile() throws {
        let (items, _) = try readAll(write("e.warc.gz", []))
        guard items.count == 1, case .skipped(let s) = items[0] else { return XCTFail("expected one skipped record") }
        XCTAssertEqual(s.reason, "empty_file")
    }

    func testDechunkFallsBackOnNonChunkedData() {
        let data = Array("not chunked at all".utf8)
        let out = data.withUnsafeBytes { HTTPPayload.dechunk($0) }
        XCTAssertEqual(out, data)
    }
}
