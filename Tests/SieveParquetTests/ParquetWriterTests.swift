import SieveIO
import XCTest
@testable import SieveParquet

/// The Thrift compact writer against byte sequences worked out by hand from
/// apache/thrift doc/specs/thrift-compact-protocol.md, and the definition-level encoder.
final class ThriftCompactWriterTests: XCTestCase {
    func testVarints() {
        var w = ThriftCompactWriter()
        for v: UInt64 in [0, 1, 127, 128, 300, 16383, 16384, UInt64.max] { w.writeVarint(v) }
        XCTAssertEqual(w.bytes, [0x00, 0x01, 0x7F, 0x80, 0x01, 0xAC, 0x02, 0xFF, 0x7F, 0x80, 0x80, 0x01,
                                 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
    }

    func testZigzag() {
        XCTAssertEqual(ThriftCompactWriter.zigzag(Int32(0)), 0)
        XCTAssertEqual(ThriftCompactWriter.zigzag(Int32(-1)), 1)
        XCTAssertEqual(ThriftCompactWriter.zigzag(Int32(1)), 2)
        XCTAssertEqual(ThriftCompactWriter.zigzag(Int32(-2)), 3)
        XCTAssertEqual(ThriftCompactWriter.zigzag(Int32.max), 0xFFFF_FFFE)
        XCTAssertEqual(ThriftCompactWriter.zigzag(Int32.min), 0xFFFF_FFFF)
        XCTAssertEqual(ThriftCompactWriter.zigzag(Int64.min), UInt64.max)
        var w = ThriftCompactWriter()
        w.writeI64Value(-64)
        w.writeI32Value(64)
        XCTAssertEqual(w.bytes, [0x7F, 0x80, 0x01])
    }

    func testShortAndLongFieldHeaders() {
        var w = ThriftCompactWriter()
        w.beginStruct()
        w.field(1, i32: 5)  // delta 1: 0x15, zigzag(5)=10
        w.field(16, i64: -1)  // delta 15: 0xF6, zigzag(-1)=1
        w.field(40, bool: true)  // delta 24: long form: type 1, zigzag i16 40 = 80
        w.field(3, bool: false)  // decreasing id: long form: type 2, zigzag(3) = 6
        w.field(4, string: "hé")  // delta 1: 0x18, length 3
        w.endStruct()
        XCTAssertEqual(w.bytes, [0x15, 0x0A, 0xF6, 0x01, 0x01, 0x50, 0x02, 0x06, 0x18, 0x03, 0x68, 0xC3, 0xA9, 0x00])
    }

    func testNestedStructsRestoreTheFieldNumbering() {
        var w = ThriftCompactWriter()
        w.beginStruct()
        w.field(2, i32: 1)  // 0x25 0x02
        w.beginStructField(5)  // 0x3C
        w.field(1, i32: 0)  // 0x15 0x00 (numbering restarts inside)
        w.beginStructField(3)  // 0x2C
        w.endStruct()  // 0x00
        w.endStruct()  // 0x00
        w.field(6, i16: -3)  // delta from 5 (not from 1): 0x14, zigzag(-3)=5
        w.endStruct()
        XCTAssertEqual(w.bytes, [0x25, 0x02, 0x3C, 0x15, 0x00, 0x2C, 0x00, 0x00, 0x14, 0x05, 0x00])
    }

    func testLists() {
        var w = ThriftCompactWriter()
        w.beginStruct()
        w.field(1, i32List: [0, 3])  // 0x19, header 0x25, 0x00 0x06
        w.field(2, stringList: ["a"])  // 0x19, header 0x18, 0x01 'a'
        w.beginListField(3, elementType: ThriftType.structure.rawValue, count: 15)  // long list header
        for _ in 0..<15 {
            w.beginStruct()
            w.endStruct()
        }
        w.endStruct()
        XCTAssertEqual(Array(w.bytes.prefix(12)), [0x19, 0x25, 0x00, 0x06, 0x19, 0x18, 0x01, 0x61, 0x19, 0xFC, 0x0F, 0x00])
        XCTAssertEqual(w.bytes.count, 11 + 15 + 1)
        XCTAssertEqual(w.bytes.last, 0x00)
    }

    func testListsOfStructsKeepTheOuterNumbering() {
        var w = ThriftCompactWriter()
        w.beginStruct()
        w.beginListField(2, elementType: ThriftType.structure.rawValue, count: 1)  // 0x29 0x1C
        w.beginStruct()
        w.field(4, string: "x")  // 0x48 0x01 'x'
        w.endStruct()
        w.field(3, i64: 7)  // delta 1 from field 2: 0x16 0x0E
        w.endStruct()
        XCTAssertEqual(w.bytes, [0x29, 0x1C, 0x48, 0x01, 0x78, 0x00, 0x16, 0x0E, 0x00])
    }
}

final class ParquetWriterTests: XCTestCase {
    /// Decodes an RLE/bit-packed hybrid run sequence of bit width 1 (written here from Encodings.md).
    private func decodeLevels(_ b: [UInt8], count: Int) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while out.count < count && i < b.count {
            var header = 0
            var shift = 0
            while true {
                header |= Int(b[i] & 0x7F) << shift
                shift += 7
                i += 1
                if b[i - 1] & 0x80 == 0 { break }
            }
            if header & 1 == 0 {
                out += [UInt8](repeating: b[i], count: header >> 1)
                i += 1
            } else {
                for _ in 0..<(header >> 1) {
                    for bit in 0..<8 { out.append((b[i] >> UInt8(bit)) & 1) }
                    i += 1
                }
            }
        }
        return Array(out.prefix(count))
    }

    func testDefinitionLevelsRoundTrip() {
        var rng = SystemRandomNumberGenerator()
        var cases: [[UInt8]] = [[], [1], [0], [1, 0, 1], [UInt8](repeating: 1, count: 1000)]
        cases.append([UInt8](repeating: 0, count: 9) + [1, 0, 1, 1])
        cases.append((0..<100).map { UInt8($0 % 2) })
        cases.append((0..<64).map { (i: Int) -> UInt8 in i % 17 == 0 ? 0 : 1 })
        for _ in 0..<50 {
            let n = Int.random(in: 1...300, using: &rng)
            cases.append((0..<n).map { _ in UInt8.random(in: 0...1, using: &rng) })
        }
        for levels in cases {
            var out: [UInt8] = []
            WriterLevelEncoder.encodeBitWidth1(levels, into: &out)
            XCTAssertEqual(decodeLevels(out, count: levels.count), levels)
        }
        var out: [UInt8] = []
        WriterLevelEncoder.encodeBitWidth1([UInt8](repeating: 1, count: 1000), into: &out)
        XCTAssertEqual(out, [0xD0, 0x0F, 0x01])  // one RLE run: varint(1000 << 1), value 1
    }

    func testFileFramingAndMisuse() throws {
        let dir = "/tmp/sieve-parquet-writer-tests-\(getpid())"
        defer { FileSystem.removeTree(dir) }
        let path = dir + "/t.parquet"
        let w = try ParquetFileWriter(path: path, columns: [ParquetWriteColumn("a", .string, optional: false),
                                                             ParquetWriteColumn("b", .int64, optional: true)])
        w.set(0, string: "x")
        XCTAssertThrowsError(try w.endRow())  // column b not set
        w.setNull(1)
        try w.endRow()
        w.setNull(0)  // a is required
        w.set(1, int64: 1)
        XCTAssertThrowsError(try w.endRow())
        let w2 = try ParquetFileWriter(path: path, columns: [ParquetWriteColumn("a", .string, optional: false)])
        w2.set(0, string: "héllo")
        try w2.endRow()
        let sha = try w2.close()
        let bytes = try FileSystem.readFile(path)
        XCTAssertEqual(Array(bytes.prefix(4)), Array("PAR1".utf8))
        XCTAssertEqual(Array(bytes.suffix(4)), Array("PAR1".utf8))
        let n = bytes.suffix(8).prefix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
        XCTAssertLessThan(n, bytes.count - 12)
        XCTAssertEqual(sha, SHA256.hexDigest(bytes))
        XCTAssertThrowsError(try ParquetFileWriter(path: path, columns: []))
        XCTAssertThrowsError(try ParquetFileWriter(path: path, columns: [ParquetWriteColumn("a", .string, optional: false),
                                                                         ParquetWriteColumn("a", .double, optional: true)]))
    }

    func testStatisticsOrderIsUnsignedBytewise() {
        let a: [UInt8] = Array("z".utf8), b: [UInt8] = Array("é".utf8)  // 0x7A < 0xC3
        b.withUnsafeBytes { XCTAssertTrue(WriterColumnChunk.less(a, $0)) }
        Array("ab".utf8).withUnsafeBytes { XCTAssertTrue(WriterColumnChunk.less(Array("a".utf8), $0)) }
        Array("a".utf8).withUnsafeBytes { XCTAssertFalse(WriterColumnChunk.less($0, Array("a".utf8))) }
    }
}
