// Decoding one column chunk (dictionary page + data pages v1/v2) into a `ColumnBuffer`.
import SieveIO

/// The values of one flat column over one row group, one slot per row (nulls included).
public struct ColumnBuffer: Sendable {
    public let type: ParquetType
    /// Number of rows.
    public private(set) var count = 0
    /// Whether each row is null; empty when no row is null.
    public private(set) var nulls: [Bool] = []
    private var anyNull = false
    /// BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY / INT96 values, concatenated; `offsets` has count+1 entries.
    var bytes: [UInt8] = []
    var offsets: [Int] = [0]
    /// INT32 / INT64 / BOOLEAN (0/1) values.
    var ints: [Int64] = []
    /// FLOAT / DOUBLE values.
    var doubles: [Double] = []
    /// Annotations used to render values (strings vs binary, timestamps).
    let logical: LogicalType?
    let converted: ConvertedType?

    init(type: ParquetType, logical: LogicalType? = nil, converted: ConvertedType? = nil) {
        self.type = type
        self.logical = logical
        self.converted = converted
    }

    /// Empties the buffer for another column chunk of the same column, keeping its storage.
    mutating func reset() {
        count = 0
        nulls.removeAll(keepingCapacity: true)
        anyNull = false
        bytes.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        offsets.append(0)
        ints.removeAll(keepingCapacity: true)
        doubles.removeAll(keepingCapacity: true)
    }

    var isBytes: Bool { type == .byteArray || type == .fixedLenByteArray || type == .int96 }
    var isFloating: Bool { type == .float || type == .double }

    mutating func reserve(_ rows: Int) {
        if isBytes { offsets.reserveCapacity(rows + 1) } else if isFloating { doubles.reserveCapacity(rows) } else { ints.reserveCapacity(rows) }
    }

    /// Size of the decoded values: string bytes, or 8 per number (4 for INT32/FLOAT, 1 per boolean).
    public var decodedBytes: Int {
        switch type {
        case .byteArray, .fixedLenByteArray, .int96: return bytes.count
        case .int32, .float: return 4 * count
        case .int64, .double: return 8 * count
        case .boolean: return count
        }
    }

    /// Whether row `i` is null.
    public func isNull(_ i: Int) -> Bool { anyNull && nulls[i] }

    mutating func appendNull() {
        if !anyNull {
            anyNull = true
            nulls = Array(repeating: false, count: count)
        }
        nulls.append(true)
        if isBytes { offsets.append(bytes.count) } else if isFloating { doubles.append(0) } else { ints.append(0) }
        count += 1
    }

    @inline(__always) mutating func appendBytes(_ p: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: p)
        offsets.append(bytes.count)
        if anyNull { nulls.append(false) }
        count += 1
    }

    @inline(__always) mutating func appendInt(_ v: Int64) {
        ints.append(v)
        if anyNull { nulls.append(false) }
        count += 1
    }

    @inline(__always) mutating func appendDouble(_ v: Double) {
        doubles.append(v)
        if anyNull { nulls.append(false) }
        count += 1
    }

    /// Copies value `i` of `other` (same type) — used for dictionary lookups.
    @inline(__always) mutating func appendValue(of other: ColumnBuffer, at i: Int) {
        if isBytes {
            let s = other.offsets[i], e = other.offsets[i + 1]
            other.bytes.withUnsafeBytes { appendBytes(UnsafeRawBufferPointer(rebasing: $0[s..<e])) }
        } else if isFloating {
            appendDouble(other.doubles[i])
        } else {
            appendInt(other.ints[i])
        }
    }

    /// Calls `body` with the bytes of row `i` (empty for null rows and non-byte columns).
    public func withBytes<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        guard isBytes else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        let s = offsets[i], e = offsets[i + 1]
        return try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[s..<e])) }
    }

    /// Row `i` as a string (UTF-8 decoded, invalid sequences replaced), nil when null. Numbers are
    /// written in decimal.
    public func string(_ i: Int) -> String? {
        if isNull(i) { return nil }
        if isBytes { return withBytes(i) { String(decoding: $0, as: UTF8.self) } }
        switch json(i) {
        case .string(let s): return s
        case .int(let v): return String(v)
        case .double(let v): return String(v)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// Row `i` as an integer (nil when null or not an integer column).
    public func int(_ i: Int) -> Int64? {
        if isNull(i) || isBytes || isFloating { return nil }
        return ints[i]
    }

    /// Row `i` as a JSON value: strings for byte arrays, numbers, booleans, ISO-8601 text for
    /// timestamps, null for nulls.
    public func json(_ i: Int) -> JSONValue {
        if isNull(i) { return .null }
        switch type {
        case .byteArray, .fixedLenByteArray:
            if type == .byteArray || logical == .string || converted == .utf8 {
                return .string(withBytes(i) { String(decoding: $0, as: UTF8.self) })
            }
            return .string(withBytes(i) { $0.map { hex($0) }.joined() })
        case .int96:
            return .string(withBytes(i) { $0.map { hex($0) }.joined() })
        case .boolean: return .bool(ints[i] != 0)
        case .float, .double: return .double(doubles[i])
        case .int32, .int64:
            let v = ints[i]
            switch logical {
            case .timestamp(let unit, _)?: return .string(isoTimestamp(v, unit: unit))
            case .date?: return .string(isoTimestamp(v &* 86_400, unit: "SECONDS").prefix(10).description)
            default: break
            }
            switch converted {
            case .timestampMillis?: return .string(isoTimestamp(v, unit: "MILLIS"))
            case .timestampMicros?: return .string(isoTimestamp(v, unit: "MICROS"))
            case .date?: return .string(isoTimestamp(v &* 86_400, unit: "SECONDS").prefix(10).description)
            default: return .int(v)
            }
        }
    }
}

private func hex(_ b: UInt8) -> String {
    let d = Array("0123456789abcdef".utf8)
    return String(decoding: [d[Int(b >> 4)], d[Int(b & 15)]], as: UTF8.self)
}

/// `2024-01-31T12:00:00Z` (fractional seconds dropped) from a count of `unit`s since the epoch.
func isoTimestamp(_ v: Int64, unit: String) -> String {
    let perSecond: Int64
    switch unit {
    case "MILLIS": perSecond = 1_000
    case "MICROS": perSecond = 1_000_000
    case "NANOS": perSecond = 1_000_000_000
    default: perSecond = 1
    }
    var secs = v / perSecond
    if v % perSecond < 0 { secs -= 1 }
    var days = secs / 86_400
    var rem = secs % 86_400
    if rem < 0 { rem += 86_400; days -= 1 }
    // Civil-from-days (proleptic Gregorian).
    let z = days &+ 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    func two(_ x: Int64) -> String { x < 10 ? "0\(x)" : "\(x)" }
    var year = String(y)
    while year.count < 4 { year = "0" + year }
    return "\(year)-\(two(m))-\(two(d))T\(two(rem / 3600)):\(two(rem / 60 % 60)):\(two(rem % 60))Z"
}

/// Decodes the pages of one column chunk.
struct ColumnChunkDecoder {
    let type: ParquetType
    let typeLength: Int
    let maxDefinitionLevel: Int
    var decompressor: PageDecompressor
    private var scratch: [UInt8] = []
    private var levels: [UInt32] = []
    private var indices: [UInt32] = []

    init(type: ParquetType, typeLength: Int, maxDefinitionLevel: Int, codec: CompressionCodec) throws {
        self.type = type
        self.typeLength = typeLength
        self.maxDefinitionLevel = maxDefinitionLevel
        self.decompressor = try PageDecompressor(codec: codec)
    }

    mutating func close() { decompressor.close() }

    /// Decodes `chunk` (the column chunk's bytes) holding `numValues` values into `out`.
    /// `maxPageBytes` bounds a page's uncompressed size (from the footer), so a damaged page
    /// header cannot make the reader allocate gigabytes.
    mutating func decode(chunk: UnsafeRawBufferPointer, numValues: Int64, maxPageBytes: Int64,
                         into out: inout ColumnBuffer) throws {
        var dictionary: ColumnBuffer?
        var pos = 0
        var seen: Int64 = 0
        var pageIndex = 0
        while seen < numValues {
            guard pos < chunk.count else {
                throw ParquetError.corrupt("column chunk ends after \(seen) of \(numValues) values")
            }
            var r = ThriftCompactReader(chunk, position: pos)
            let header: PageHeader
            do { header = try PageHeader(&r) } catch {
                throw ParquetError.corrupt("page \(pageIndex): bad page header (\(error))")
            }
            let start = r.position
            let size = Int(header.compressedPageSize)
            guard size >= 0, size <= chunk.count - start, header.uncompressedPageSize >= 0 else {
                throw ParquetError.corrupt("page \(pageIndex): page size \(size) runs past the column chunk")
            }
            guard Int64(header.uncompressedPageSize) <= maxPageBytes else {
                throw ParquetError.corrupt("page \(pageIndex): uncompressed size \(header.uncompressedPageSize) exceeds the column chunk's")
            }
            let pageValues = Int64(header.dataPage?.numValues ?? header.dataPageV2?.numValues ?? 0)
            guard pageValues <= numValues - seen else {
                throw ParquetError.corrupt("page \(pageIndex): \(pageValues) values, more than the \(numValues - seen) left in the column chunk")
            }
            let page = UnsafeRawBufferPointer(rebasing: chunk[start..<(start + size)])
            pos = start + size
            do {
                switch PageType(rawValue: header.type) {
                case .dictionaryPage?:
                    guard let d = header.dictionaryPage else { throw ParquetError.corrupt("dictionary page without its header") }
                    try decompressor.decompress(page, expected: Int(header.uncompressedPageSize), into: &scratch)
                    var dict = ColumnBuffer(type: type)
                    let n = Int(d.numValues)
                    guard n >= 0 else { throw ParquetError.corrupt("negative dictionary size") }
                    try scratch.withUnsafeBytes { p in
                        var at = 0
                        try decodePlain(p, at: &at, count: n, into: &dict)
                    }
                    dictionary = dict
                case .dataPage?:
                    guard let h = header.dataPage else { throw ParquetError.corrupt("data page without its header") }
                    try decompressor.decompress(page, expected: Int(header.uncompressedPageSize), into: &scratch)
                    let n = Int(h.numValues)
                    guard n >= 0 else { throw ParquetError.corrupt("negative value count") }
                    let buf = scratch
                    try buf.withUnsafeBytes { p in
                        var at = 0
                        if maxDefinitionLevel > 0 {
                            guard h.definitionLevelEncoding == Encoding.rle.rawValue else {
                                throw ParquetError.unsupported("definition levels in encoding \(Encoding(rawValue: h.definitionLevelEncoding).map { "\($0)" } ?? "\(h.definitionLevelEncoding)") are not supported")
                            }
                            guard p.count >= 4 else { throw ParquetError.corrupt("definition levels past the end of the page") }
                            let len = Int(UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
                            guard len <= p.count - 4 else { throw ParquetError.corrupt("definition levels past the end of the page") }
                            try readLevels(p, from: 4, to: 4 + len, count: n)
                            at = 4 + len
                        }
                        try decodeValues(p, at: at, count: n, encoding: h.encoding, dictionary: dictionary, into: &out)
                    }
                    seen += Int64(n)
                case .dataPageV2?:
                    guard let h = header.dataPageV2 else { throw ParquetError.corrupt("data page v2 without its header") }
                    let n = Int(h.numValues)
                    let repLen = Int(h.repetitionLevelsByteLength), defLen = Int(h.definitionLevelsByteLength)
                    guard n >= 0, repLen >= 0, defLen >= 0, repLen + defLen <= page.count,
                          repLen + defLen <= Int(header.uncompressedPageSize) else {
                        throw ParquetError.corrupt("bad level lengths in data page v2")
                    }
                    if maxDefinitionLevel > 0 {
                        try readLevels(page, from: repLen, to: repLen + defLen, count: n)
                    }
                    let body = UnsafeRawBufferPointer(rebasing: page[(repLen + defLen)...])
                    let expected = Int(header.uncompressedPageSize) - repLen - defLen
                    if h.isCompressed && decompressor.codec != .uncompressed {
                        try decompressor.decompress(body, expected: expected, into: &scratch)
                    } else {
                        scratch.removeAll(keepingCapacity: true)
                        scratch.append(contentsOf: body)
                    }
                    let buf = scratch
                    try buf.withUnsafeBytes { p in
                        try decodeValues(p, at: 0, count: n, encoding: h.encoding, dictionary: dictionary, into: &out)
                    }
                    seen += Int64(n)
                case .indexPage?:
                    break
                case nil:
                    throw ParquetError.corrupt("unknown page type \(header.type)")
                }
            } catch let e as ParquetError {
                if case .unsupported = e { throw e }
                throw ParquetError.corrupt("page \(pageIndex): \(e)")
            }
            pageIndex += 1
        }
    }

    /// Decodes `count` definition levels into `levels`.
    private mutating func readLevels(_ p: UnsafeRawBufferPointer, from: Int, to: Int, count: Int) throws {
        levels.removeAll(keepingCapacity: true)
        let width = maxDefinitionLevel == 0 ? 0 : (Int.bitWidth - maxDefinitionLevel.leadingZeroBitCount)
        var d = try RLEHybridDecoder(p, from: from, to: to, bitWidth: width)
        try d.decode(count, into: &levels)
    }

    /// Decodes the values of a data page (`count` slots, nulls included) into `out`.
    private mutating func decodeValues(_ p: UnsafeRawBufferPointer, at start: Int, count: Int, encoding: Int32,
                                       dictionary: ColumnBuffer?, into out: inout ColumnBuffer) throws {
        let hasLevels = maxDefinitionLevel > 0
        let maxDef = UInt32(maxDefinitionLevel)
        var nonNull = count
        if hasLevels {
            nonNull = 0
            for l in levels where l == maxDef { nonNull += 1 }
        }
        out.reserve(out.count + count)
        switch Encoding(rawValue: encoding) {
        case .plain?:
            var at = start
            if !hasLevels || nonNull == count {
                try decodePlain(p, at: &at, count: count, into: &out)
            } else if type == .boolean {
                var bit = at * 8
                for l in levels {
                    if l == maxDef { out.appendInt(try plainBool(p, bit: &bit)) } else { out.appendNull() }
                }
            } else {
                for l in levels {
                    if l == maxDef { try decodePlain(p, at: &at, count: 1, into: &out) } else { out.appendNull() }
                }
            }
        case .plainDictionary?, .rleDictionary?:
            guard let dict = dictionary else { throw ParquetError.corrupt("dictionary-encoded page without a dictionary page") }
            guard start < p.count else {
                if nonNull == 0 { for _ in 0..<count { out.appendNull() }; return }
                throw ParquetError.corrupt("dictionary indices past the end of the page")
            }
            let width = Int(p[start])
            indices.removeAll(keepingCapacity: true)
            var d = try RLEHybridDecoder(p, from: start + 1, to: p.count, bitWidth: width)
            try d.decode(nonNull, into: &indices)
            let dictCount = UInt32(dict.count)
            var k = 0
            if !hasLevels || nonNull == count {
                for ix in indices {
                    guard ix < dictCount else { throw ParquetError.corrupt("dictionary index \(ix) out of range (\(dictCount) entries)") }
                    out.appendValue(of: dict, at: Int(ix))
                }
            } else {
                for l in levels {
                    if l == maxDef {
                        let ix = indices[k]
                        k += 1
                        guard ix < dictCount else { throw ParquetError.corrupt("dictionary index \(ix) out of range (\(dictCount) entries)") }
                        out.appendValue(of: dict, at: Int(ix))
                    } else {
                        out.appendNull()
                    }
                }
            }
        case .rle? where type == .boolean:
            guard p.count - start >= 4 else { throw ParquetError.corrupt("RLE booleans past the end of the page") }
            let len = Int(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: start, as: UInt32.self)))
            guard len <= p.count - start - 4 else { throw ParquetError.corrupt("RLE booleans past the end of the page") }
            indices.removeAll(keepingCapacity: true)
            var d = try RLEHybridDecoder(p, from: start + 4, to: start + 4 + len, bitWidth: 1)
            try d.decode(nonNull, into: &indices)
            var k = 0
            for i in 0..<count {
                if !hasLevels || levels[i] == maxDef {
                    out.appendInt(Int64(indices[k]))
                    k += 1
                } else {
                    out.appendNull()
                }
            }
        default:
            let name = Encoding(rawValue: encoding).map { "\($0)" } ?? "encoding \(encoding)"
            throw ParquetError.unsupported("\(type) values in \(name) encoding are not supported (Sieve reads PLAIN and dictionary encodings)")
        }
    }

    private func plainBool(_ p: UnsafeRawBufferPointer, bit: inout Int) throws -> Int64 {
        guard bit >> 3 < p.count else { throw ParquetError.corrupt("boolean values past the end of the page") }
        let v = (p[bit >> 3] >> UInt8(bit & 7)) & 1
        bit += 1
        return Int64(v)
    }

    /// Decodes `count` PLAIN values starting at `at` (advanced past them) into `out`.
    private func decodePlain(_ p: UnsafeRawBufferPointer, at: inout Int, count: Int, into out: inout ColumnBuffer) throws {
        let end = p.count
        func need(_ n: Int) throws {
            guard n <= end - at else { throw ParquetError.corrupt("PLAIN values past the end of the page") }
        }
        switch type {
        case .byteArray:
            var pos = at
            defer { at = pos }
            for _ in 0..<count {
                guard end - pos >= 4 else { throw ParquetError.corrupt("PLAIN values past the end of the page") }
                let len = Int(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: pos, as: UInt32.self)))
                pos += 4
                guard len <= end - pos else { throw ParquetError.corrupt("PLAIN values past the end of the page") }
                out.appendBytes(UnsafeRawBufferPointer(rebasing: p[pos..<(pos + len)]))
                pos += len
            }
        case .fixedLenByteArray, .int96:
            let w = type == .int96 ? 12 : typeLength
            guard w >= 0 else { throw ParquetError.corrupt("negative fixed length") }
            try need(w * count)
            for _ in 0..<count {
                out.appendBytes(UnsafeRawBufferPointer(rebasing: p[at..<(at + w)]))
                at += w
            }
        case .int32:
            try need(4 * count)
            for _ in 0..<count {
                out.appendInt(Int64(Int32(littleEndian: p.loadUnaligned(fromByteOffset: at, as: Int32.self))))
                at += 4
            }
        case .int64:
            try need(8 * count)
            for _ in 0..<count {
                out.appendInt(Int64(littleEndian: p.loadUnaligned(fromByteOffset: at, as: Int64.self)))
                at += 8
            }
        case .float:
            try need(4 * count)
            for _ in 0..<count {
                let bits = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: at, as: UInt32.self))
                out.appendDouble(Double(Float(bitPattern: bits)))
                at += 4
            }
        case .double:
            try need(8 * count)
            for _ in 0..<count {
                let bits = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: at, as: UInt64.self))
                out.appendDouble(Double(bitPattern: bits))
                at += 8
            }
        case .boolean:
            var bit = at * 8
            for _ in 0..<count { out.appendInt(try plainBool(p, bit: &bit)) }
            at = (bit + 7) / 8
        }
    }
}
