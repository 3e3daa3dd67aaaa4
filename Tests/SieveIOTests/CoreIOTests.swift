import XCTest
import Foundation
@testable import SieveIO

final class JSONTests: XCTestCase {
    func testRoundTripKeepsOrderAndEscapes() throws {
        let text = #"{"b":1,"a":[true,false,null,-2.5,"x\"\\\n\u00e9\ud83d\ude00"],"c":{"z":"","y":1e-05}}"#
        let v = try JSONParser.parse(text)
        XCTAssertEqual(v.objectValue?.keys, ["b", "a", "c"])
        let out = JSONWriter.string(v)
        XCTAssertEqual(out, #"{"b":1,"a":[true,false,null,-2.5,"x\"\\\né😀"],"c":{"z":"","y":1e-05}}"#)
        XCTAssertEqual(try JSONParser.parse(out), v)
    }

    func testRejectsBadJSONWithOffset() {
        for bad in ["{", "{\"a\":}", "[1,]", "\"abc", "{\"a\":1} x", "tru", "\"\u{01}\""] {
            XCTAssertThrowsError(try JSONParser.parse(bad), bad) { e in
                XCTAssertTrue(e is JSONParseError, "\(e)")
            }
        }
    }

    func testInvalidUTF8IsRepairedNotRejected() throws {
        let bytes: [UInt8] = Array(#"{"text":""#.utf8) + [0xC3, 0x28, 0xFF] + Array(#""}"#.utf8)
        let v = try JSONParser.parse(bytes)
        XCTAssertEqual(v.objectValue?["text"]?.stringValue, "\u{FFFD}(\u{FFFD}")
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        XCTAssertThrowsError(try JSONParser.parse(deep))
    }

    func testDocumentRowRoundTrip() throws {
        var meta = JSONObject()
        meta["url"] = "https://example.org/a"
        meta["lang"] = "deu_Latn"
        let doc = Document(id: "<urn:uuid:1>", text: "Grüezi\nmiteinand", source: "web", created: "2024-01-01T00:00:00Z",
                           metadata: meta, extra: ["added": "x"])
        var line: [UInt8] = []
        doc.appendJSONLine(to: &line)
        XCTAssertEqual(line.last, 0x0A)
        let back = try line.dropLast().withUnsafeBytes { try Document(jsonLine: $0, fallbackID: "f", defaultSource: "s") }
        XCTAssertEqual(back, doc)
    }

    func testFlatRowsKeepURLAndFallbackID() throws {
        let line = Array(#"{"text":"t","url":"https://x.org/","dump":"CC-MAIN"}"#.utf8)
        let d = try line.withUnsafeBytes { try Document(jsonLine: $0, fallbackID: "in.jsonl:7", defaultSource: "web") }
        XCTAssertEqual(d.id, "in.jsonl:7")
        XCTAssertEqual(d.url, "https://x.org/")
        XCTAssertEqual(d.extra["dump"], "CC-MAIN")
    }
}

final class JSONFastPathTests: XCTestCase {
    /// Strings of every length around the 8-byte scanning step, with each special byte at each
    /// position, round-trip through the writer and the parser.
    func testEscapesAtEveryPositionRoundTrip() throws {
        let specials: [UInt8] = [0x22, 0x5C, 0x0A, 0x0D, 0x09, 0x01, 0x1F, 0x7F, 0xC3]
        for n in 0..<20 {
            for pos in 0..<max(1, n) {
                for sp in specials {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: n)
                    if n > 0 { bytes[pos] = sp == 0xC3 ? 0x41 : sp }
                    let s = String(decoding: bytes, as: UTF8.self) + (sp == 0xC3 ? "é" : "")
                    var out: [UInt8] = []
                    JSONWriter.appendString(s, to: &out)
                    XCTAssertEqual(try JSONParser.parse(out), .string(s))
                    // The lazy reader gives the same text and byte count.
                    let line = Array(#"{"id":"x","text":"#.utf8) + out + Array("}".utf8)
                    let doc = try line.withUnsafeBytes { try Document(lazyJSONLine: $0, fallbackID: "f", defaultSource: "web") }
                    XCTAssertEqual(doc.text, s)
                    XCTAssertEqual(doc.textBytes, s.utf8.count)
                }
            }
        }
    }

    func testUnicodeEscapesAndSurrogates() throws {
        let cases: [(String, String)] = [
            (#""\u00e9\u20ac\ud83d\ude00x""#, "é€😀x"), (#""a\ud800b""#, "a\u{FFFD}b"),
            (#""\udc00""#, "\u{FFFD}"), (#""\/\b\f""#, "/\u{08}\u{0C}"),
        ]
        for (json, want) in cases {
            XCTAssertEqual(try JSONParser.parse(json), .string(want), json)
            let line = Array(#"{"text":"#.utf8) + Array(json.utf8) + Array("}".utf8)
            let doc = try line.withUnsafeBytes { try Document(lazyJSONLine: $0, fallbackID: "f", defaultSource: "web") }
            XCTAssertEqual(doc.text, want)
            XCTAssertEqual(doc.textBytes, want.utf8.count, json)
        }
        for bad in [#""a\x""#, #""\u12""#, #""\u12g4""#, "\"a\u{01}\"", #""abc"#, #""abc\"#] {
            XCTAssertThrowsError(try JSONParser.parse(bad), bad)
            let line = Array(#"{"text":"#.utf8) + Array(bad.utf8) + Array("}".utf8)
            XCTAssertThrowsError(try line.withUnsafeBytes { try Document(lazyJSONLine: $0, fallbackID: "f", defaultSource: "web") }, bad)
        }
    }

    /// A lazily read row is written back byte for byte, equals the eagerly read one, and becomes
    /// an ordinary document once its text is assigned.
    func testLazyDocumentRoundTrip() throws {
        let line = Array(#"{"id":"d1","text":"line one\nline \"two\"","source":"s","created":null,"metadata":{"url":"https://a.example/","lang":"en"},"added":"x"}"#.utf8) + [0x0A]
        let lazy = try line.dropLast().withUnsafeBytes { try Document(lazyJSONLine: $0, fallbackID: "f", defaultSource: "web") }
        let eager = try line.dropLast().withUnsafeBytes { try Document(jsonLine: $0, fallbackID: "f", defaultSource: "web") }
        XCTAssertTrue(lazy.hasUndecodedText)
        XCTAssertEqual(lazy, eager)
        XCTAssertEqual(lazy.textBytes, eager.textBytes)
        var a: [UInt8] = [], b: [UInt8] = []
        lazy.appendJSONLine(to: &a)
        eager.appendJSONLine(to: &b)
        XCTAssertEqual(a, line)
        XCTAssertEqual(b, line)
        var loaded = lazy
        loaded.loadText()
        XCTAssertFalse(loaded.hasUndecodedText)
        XCTAssertEqual(loaded.text, "line one\nline \"two\"")
        var l: [UInt8] = []
        loaded.appendJSONLine(to: &l)
        XCTAssertEqual(l, line, "a decoded but unchanged text is written back with its literal")
        var changed = lazy
        changed.text = "new"
        XCTAssertEqual(changed.textBytes, 3)
        var c: [UInt8] = []
        changed.appendJSONLine(to: &c)
        XCTAssertTrue(String(decoding: c, as: UTF8.self).contains(#""text":"new""#))
        // A duplicate "text" key: the last one wins, as in the eager reader.
        let dup = Array(#"{"text":"first","text":"second"}"#.utf8)
        let d1 = try dup.withUnsafeBytes { try Document(lazyJSONLine: $0, fallbackID: "f", defaultSource: "web") }
        XCTAssertEqual(d1.text, "second")
        let dup2 = Array(#"{"text":"first","text":7}"#.utf8)
        XCTAssertThrowsError(try dup2.withUnsafeBytes { try Document(lazyJSONLine: $0, fallbackID: "f", defaultSource: "web") })
        XCTAssertThrowsError(try Array("[1]".utf8).withUnsafeBytes { try Document(lazyJSONLine: $0, fallbackID: "f", defaultSource: "web") })
    }
}

final class SHA256Tests: XCTestCase {
    func testKnownVectors() {
        XCTAssertEqual(SHA256.hexDigest([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hexDigest(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hexDigest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hexDigest([UInt8](repeating: 0x61, count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testIncrementalEqualsOneShot() {
        let data = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var h = SHA256()
        var i = 0
        for step in [1, 63, 64, 65, 1000, 7] where i < data.count {
            h.update(data[i..<min(data.count, i + step)])
            i += step
        }
        h.update(data[min(i, data.count)...])
        XCTAssertEqual(h.hexDigest(), SHA256.hexDigest(data))
    }
}

final class CompressionTests: XCTestCase {
    var dir = ""

    override func setUp() {
        dir = NSTemporaryDirectory() + "sieve-io-\(getpid())-\(name.hashValue)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// Runs a shell command (gzip/zstd from Debian) to make independent test files.
    func sh(_ cmd: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", cmd]
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, cmd)
    }

    func readAll(_ path: String) throws -> [UInt8] {
        let r = try ByteReader(path: path)
        return try r.read(count: .max)
    }

    func testMultiMemberGzipAndMemberOffsets() throws {
        try sh("cd \(dir) && printf 'first\\n' | gzip -n > a.gz && printf 'second line\\n' | gzip -n > b.gz && cat a.gz b.gz > ab.gz")
        let f = try DecodedFile(path: dir + "/ab.gz")
        XCTAssertEqual(f.compression, .gzip)
        let r = ByteReader(f)
        XCTAssertEqual(try r.readLine().map { String(decoding: $0, as: UTF8.self) }, "first")
        XCTAssertEqual(try r.readLine().map { String(decoding: $0, as: UTF8.self) }, "second line")
        XCTAssertNil(try r.readLine())
        let firstSize = Int64(try FileManager.default.attributesOfItem(atPath: dir + "/a.gz")[.size] as! Int)
        XCTAssertEqual(f.fileOffset(forDecoded: 0), 0)
        XCTAssertEqual(f.fileOffset(forDecoded: 6), firstSize)
    }

    func testZstdMultiFrame() throws {
        try sh("cd \(dir) && printf 'a\\nb\\n' | zstd -q > x.zst && printf 'c\\n' | zstd -q > y.zst && cat x.zst y.zst > xy.zst")
        XCTAssertEqual(String(decoding: try readAll(dir + "/xy.zst"), as: UTF8.self), "a\nb\nc\n")
    }

    func testTruncatedGzipIsReportedWithOffsetAndResyncReadsTheRest() throws {
        try sh("cd \(dir) && seq 1 20000 | gzip -n > big.gz && head -c 5000 big.gz > cut.gz && printf 'tail\\n' | gzip -n > t.gz && cat cut.gz t.gz > broken.gz")
        let r = try ByteReader(path: dir + "/broken.gz")
        var lines = 0
        var errorOffset: Int64?
        while true {
            do {
                guard try r.readLine() != nil else { break }
                lines += 1
            } catch let e as InputError {
                errorOffset = e.offset
                XCTAssertTrue(try r.resync())
            }
        }
        XCTAssertEqual(errorOffset, 0)
        XCTAssertGreaterThan(lines, 1)
    }

    func testOutputFileIsAtomicAndHashed() throws {
        let path = dir + "/out/x.jsonl.zst"
        let f = try OutputFile(path: path)
        try f.write("hello\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        let sha = try f.commit()
        XCTAssertEqual(sha, try FileSystem.sha256(of: path))
        XCTAssertEqual(String(decoding: try readAll(path), as: UTF8.self), "hello\n")
        do {
            let g = try OutputFile(path: dir + "/never.txt")
            try g.write("x")
        }
        XCTAssertEqual(FileSystem.list(dir).filter { $0.hasPrefix("never") }, [])
    }

    func testLongLinesAreTruncatedButConsumed() throws {
        try sh("cd \(dir) && (head -c 3000000 /dev/zero | tr '\\0' 'a'; printf '\\nshort\\n') > long.txt")
        let r = try ByteReader(path: dir + "/long.txt")
        var truncated = false
        let first = try r.readLine(maxLength: 1000, truncated: &truncated)
        XCTAssertEqual(first?.count, 1000)
        XCTAssertTrue(truncated)
        XCTAssertEqual(try r.readLine().map { String(decoding: $0, as: UTF8.self) }, "short")
    }
}

final class PathTests: XCTestCase {
    func testBasenameAndDirname() {
        for (path, dir, base) in [("/a/b/c.warc.gz", "/a/b", "c.warc.gz"), ("c.jsonl", ".", "c.jsonl"),
                                  ("/root.txt", "/", "root.txt"), ("dir/", "dir", ""),
                                  ("données/crawl-été.warc.gz", "données", "crawl-été.warc.gz"),
                                  ("日本/語/ファイル", "日本/語", "ファイル")] {
            XCTAssertEqual(FileSystem.dirname(path), dir, path)
            XCTAssertEqual(FileSystem.basename(path), base, path)
        }
    }

    func testReadFileReadsWholeFiles() throws {
        let dir = NSTemporaryDirectory() + "sieve-readfile-\(getpid())"
        try FileSystem.createDirectories(dir)
        defer { FileSystem.removeTree(dir) }
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let path = dir + "/f.bin"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        XCTAssertEqual(try FileSystem.readFile(path), bytes)
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/empty", contents: Data()))
        XCTAssertEqual(try FileSystem.readFile(dir + "/empty"), [])
        XCTAssertThrowsError(try FileSystem.readFile(dir + "/missing"))
    }
}
