import Foundation
import SieveIO
import XCTest
@testable import SieveParquet

final class ThriftCompactReaderTests: XCTestCase {
    func testStructFieldsAndSkipping() throws {
        // {1: i32 150, 2: binary "ab", 4 (delta 2): list<i32>[1,-1], 20 (long form): struct{1: true}} STOP
        let bytes: [UInt8] = [0x15, 0xAC, 0x02, 0x18, 0x02, 0x61, 0x62, 0x29, 0x25, 0x02, 0x01,
                              0x0C, 0x28, 0x11, 0x00, 0x00]
        var seen: [Int16: String] = [:]
        try bytes.withUnsafeBytes { p in
            var r = ThriftCompactReader(p)
            try r.readStruct { r, id, t in
                switch id {
                case 1: seen[id] = "\(try r.i32(t) ?? 0)"
                case 2: seen[id] = try r.string(t)
                case 4: seen[id] = "\(try r.list(t) { r, et in try r.i32(et) })"
                default: seen[id] = "skipped"; try r.skip(t)
                }
            }
            XCTAssertEqual(r.position, bytes.count)
        }
        XCTAssertEqual(seen, [1: "150", 2: "ab", 4: "[1, -1]", 20: "skipped"])
    }

    func testGarbageNeverCrashes() {
        var state: UInt64 = 42
        for n in 0..<2000 {
            var bytes = [UInt8](repeating: 0, count: n % 200)
            for i in bytes.indices {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes[i] = UInt8(truncatingIfNeeded: state >> 56)
            }
            bytes.withUnsafeBytes { p in
                _ = try? FileMetaData(thrift: p)
                var r = ThriftCompactReader(p)
                _ = try? PageHeader(&r)
            }
        }
    }

    func testDeepNestingIsAnError() {
        // 1000 nested struct fields: must stop at the depth limit, not overflow the stack.
        let bytes = [UInt8](repeating: 0x1C, count: 1000)
        let threw: Bool = bytes.withUnsafeBytes { p in
            var r = ThriftCompactReader(p)
            do { try r.skip(.structure); return false } catch { return true }
        }
        XCTAssertTrue(threw)
    }
}

final class RLEHybridTests: XCTestCase {
    func decode(_ bytes: [UInt8], width: Int, count: Int) throws -> [UInt32] {
        var out: [UInt32] = []
        try bytes.withUnsafeBytes { p in
            var d = try RLEHybridDecoder(p, from: 0, to: p.count, bitWidth: width)
            try d.decode(count, into: &out)
        }
        return out
    }

    func testBitPackedExampleFromTheSpec() throws {
        // Encodings.md: values 0..7 with bit width 3 pack to 10001000 11000110 11111010.
        XCTAssertEqual(try decode([0x03, 0x88, 0xC6, 0xFA], width: 3, count: 8), [0, 1, 2, 3, 4, 5, 6, 7])
    }

    func testRLERunThenBitPacked() throws {
        // RLE run of 5 × 0x0102 (width 9 → 2 bytes), then one group of bit width 9 truncated to 3 values.
        var bytes: [UInt8] = [0x0A, 0x02, 0x01, 0x03]
        // 3 values 1, 2, 3 at 9 bits each, then padding: bits LSB first.
        var bits: UInt64 = 1 | (2 << 9) | (3 << 18)
        for _ in 0..<9 { bytes.append(UInt8(bits & 0xff)); bits >>= 8 }
        XCTAssertEqual(try decode(bytes, width: 9, count: 8), [258, 258, 258, 258, 258, 1, 2, 3])
    }

    func testTruncatedRunsThrow() {
        XCTAssertThrowsError(try decode([0x03, 0x88], width: 3, count: 8))
        XCTAssertThrowsError(try decode([0x0A], width: 8, count: 5))
        XCTAssertThrowsError(try decode([], width: 1, count: 1))
        XCTAssertThrowsError(try decode([0x02, 0x01], width: 33, count: 1))
    }
}

final class ValueFormattingTests: XCTestCase {
    func testTimestamps() {
        XCTAssertEqual(isoTimestamp(0, unit: "MICROS"), "1970-01-01T00:00:00Z")
        XCTAssertEqual(isoTimestamp(1_708_423_200_000, unit: "MILLIS"), "2024-02-20T10:00:00Z")
        XCTAssertEqual(isoTimestamp(-1, unit: "SECONDS"), "1969-12-31T23:59:59Z")
        XCTAssertEqual(isoTimestamp(951_782_400, unit: "SECONDS"), "2000-02-29T00:00:00Z")
    }

    func testGlotLIDLabels() {
        XCTAssertEqual(glotLIDLabel(language: "en", script: nil), "eng_Latn")
        XCTAssertEqual(glotLIDLabel(language: "deu", script: "Latn"), "deu_Latn")
        XCTAssertEqual(glotLIDLabel(language: "ru", script: nil), "rus_Cyrl")
        XCTAssertEqual(glotLIDLabel(language: "gsw_Latn", script: nil), "gsw_Latn")
        XCTAssertEqual(glotLIDLabel(language: "xyz", script: nil), "xyz")
    }
}

final class ParquetFixtureTests: XCTestCase {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/parquet/fineweb-sample.parquet").path

    func documents(_ source: RecordSource) throws -> [Document] {
        var docs: [Document] = []
        while let item = try source.next() {
            if case .document(let d) = item { docs.append(d) }
        }
        return docs
    }

    func testReadsTheFixtureAndItsSlices() throws {
        let all = try documents(ParquetRecordSource(path: Self.fixture))
        XCTAssertEqual(all.count, 8)
        XCTAssertEqual(all.first?.source, "fineweb")
        XCTAssertEqual(all.first?.metadata["lang"]?.stringValue, "eng_Latn")
        XCTAssertEqual(all.first?.metadata["dump"]?.stringValue, "CC-MAIN-2024-10")
        XCTAssertNotNil(all.first?.created)
        // Row-group slices give the same documents, in order, with the same row numbers.
        var sliced: [Document] = []
        for g in 0..<3 { sliced += try documents(ParquetRecordSource(path: Self.fixture, rowGroups: g..<(g + 1))) }
        XCTAssertEqual(sliced, all)
        XCTAssertEqual(sliced.map { $0.metadata["parquet_row"]?.intValue }, (0..<8).map { Int64($0) })
    }

    func testProjectionAndMapping() throws {
        var m = ParquetColumnMapping()
        m.metadata = ["token_count"]
        m.id = "missing"
        m.source = "fw"
        let src = try ParquetRecordSource(path: Self.fixture, mapping: m)
        XCTAssertEqual(src.readColumns, ["text", "url", "date", "language", "token_count"])
        let docs = try documents(src)
        XCTAssertEqual(docs[2].id, "fineweb-sample.parquet:2")
        XCTAssertNil(docs[0].metadata["dump"])
        XCTAssertEqual(docs[0].source, "fw")
        m.text = "nope"
        XCTAssertThrowsError(try ParquetRecordSource(path: Self.fixture, mapping: m)) { e in
            XCTAssertTrue("\(e)".contains("no column 'nope'"), "\(e)")
        }
    }

    func testDamagedCopiesNeverCrash() throws {
        let data = try Array(Data(contentsOf: URL(fileURLWithPath: Self.fixture)))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sieve-parquet-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x.parquet").path
        var state: UInt64 = 7
        func rand() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        for trial in 0..<150 {
            var bytes = data
            if trial < 50 {
                bytes = Array(bytes[0..<(rand() % bytes.count)])
            } else {
                for _ in 0..<(1 + rand() % 8) { bytes[rand() % bytes.count] = UInt8(truncatingIfNeeded: rand()) }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            guard let src = try? ParquetRecordSource(path: path) else { continue }
            var n = 0
            while let item = try? src.next() {
                if case .document = item { n += 1 }
                XCTAssertLessThan(n, 1000)
            }
        }
    }
}
