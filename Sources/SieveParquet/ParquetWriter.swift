// A streaming Parquet writer for flat schemas: PLAIN-encoded data pages (v1) with RLE/bit-packed
// definition levels, ZSTD/SNAPPY/uncompressed pages, one row group buffered at a time, the
// Thrift compact footer written at close (apache/parquet-format parquet.thrift).
#if canImport(Glibc)
import Glibc
#endif
import CSnappy
import CZstd
import SieveIO

/// How pages are compressed.
public enum ParquetWriteCompression: String, CaseIterable, Sendable {
    case zstd
    case snappy
    case none

    var thriftCodec: Int32 {
        switch self {
        case .none: return 0  // UNCOMPRESSED
        case .snappy: return 1  // SNAPPY
        case .zstd: return 6  // ZSTD
        }
    }
}

/// Settings of a Parquet file being written.
public struct ParquetWriteOptions: Sendable {
    public var compression: ParquetWriteCompression = .zstd
    /// zstd level (1…19; 3 is zstd's default).
    public var zstdLevel: Int32 = 3
    /// A row group ends after this many rows (0: no row limit).
    public var rowGroupRows: Int = 10_000
    /// … or once its buffered (uncompressed) values reach this many bytes (0: no byte limit).
    public var rowGroupBytes: Int64 = 128 << 20
    /// A data page ends once its values reach this many bytes (a single larger value gets a page of its own).
    public var pageBytes: Int = 1 << 20
    /// Written as `created_by` in the footer.
    public var createdBy: String = "sieve"
    /// Longest string min/max written as column statistics; a chunk whose min or max is longer
    /// records only its null count.
    public var maxStatisticsBytes: Int = 1024

    public init() {}
}

/// A column of a flat schema.
public struct ParquetWriteColumn: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// BYTE_ARRAY annotated as a UTF-8 string (logical type STRING).
        case string
        /// DOUBLE.
        case double
        /// INT64.
        case int64
    }

    public var name: String
    public var kind: Kind
    /// Optional columns may hold nulls (definition levels are written for them).
    public var optional: Bool

    public init(_ name: String, _ kind: Kind, optional: Bool) {
        self.name = name
        self.kind = kind
        self.optional = optional
    }
}

/// A mistake using the writer, or a failure of a codec or of the file.
public struct ParquetWriteError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Writes a Parquet file row by row with bounded memory: one row group is buffered (as
/// compressed pages), flushed when it reaches `rowGroupRows` or `rowGroupBytes`, and the footer
/// is written by `close()`, which renames the file into place atomically (through `OutputFile`).
/// The bytes depend only on the rows and the options (no timestamps).
///
/// For each row, set every column once (`set(_:string:)`, `set(_:double:)`, `set(_:int64:)`,
/// `setNull(_:)`), then call `endRow()`.
public final class ParquetFileWriter {
    public let path: String
    public let columns: [ParquetWriteColumn]
    public let options: ParquetWriteOptions
    /// Rows written so far (including the buffered row group).
    public private(set) var rowCount: Int64 = 0

    private let file: OutputFile
    private var offset: Int64 = 0
    private var chunks: [WriterColumnChunk]
    private var groupRows = 0
    private var rowGroups: [WriterRowGroupMeta] = []
    private let codec: WriterPageCodec
    private var closed = false

    /// Opens `path` (written as `path.tmp.PID` until `close()`).
    public init(path: String, columns: [ParquetWriteColumn], options: ParquetWriteOptions = ParquetWriteOptions()) throws {
        guard !columns.isEmpty else { throw ParquetWriteError("a Parquet file needs at least one column") }
        var seen = Set<String>()
        for c in columns where !seen.insert(c.name).inserted {
            throw ParquetWriteError("column '\(c.name)' appears twice")
        }
        self.path = path
        self.columns = columns
        self.options = options
        codec = try WriterPageCodec(options.compression, level: options.zstdLevel)
        chunks = columns.map { WriterColumnChunk(column: $0, maxStatisticsBytes: options.maxStatisticsBytes) }
        file = try OutputFile(path: path)
        try emit(Array("PAR1".utf8))
    }

    // MARK: Rows

    /// Sets a string column of the current row.
    public func set(_ column: Int, string: String) {
        var s = string
        s.withUTF8 { chunks[column].appendBytes(UnsafeRawBufferPointer($0)) }
    }

    /// Sets a string column from UTF-8 bytes.
    public func set(_ column: Int, bytes: UnsafeRawBufferPointer) { chunks[column].appendBytes(bytes) }

    public func set(_ column: Int, double: Double) { chunks[column].appendDouble(double) }

    public func set(_ column: Int, int64: Int64) { chunks[column].appendInt64(int64) }

    /// Sets an optional column of the current row to null.
    public func setNull(_ column: Int) { chunks[column].appendNull() }

    /// Sets a string column, or null.
    public func set(_ column: Int, optionalString s: String?) {
        if let s { set(column, string: s) } else { setNull(column) }
    }

    /// Ends the current row: every column must have been set exactly once.
    public func endRow() throws {
        let expected = Int64(groupRows + 1)
        for (i, c) in chunks.enumerated() where c.valuesInGroup != expected || c.invalid != nil {
            throw ParquetWriteError(c.invalid ?? "row \(rowCount): column '\(columns[i].name)' was set \(c.valuesInGroup - Int64(groupRows)) times (expected once)")
        }
        groupRows += 1
        rowCount += 1
        for c in chunks where c.pageBytes >= options.pageBytes { try c.flushPage(codec) }
        var full = options.rowGroupRows > 0 && groupRows >= options.rowGroupRows
        if !full && options.rowGroupBytes > 0 { full = bufferedBytes >= options.rowGroupBytes }
        if full { try endRowGroup() }
    }

    // MARK: Row groups and footer

    private func emit(_ bytes: [UInt8]) throws {
        try file.write(bytes)
        offset += Int64(bytes.count)
    }

    /// Uncompressed bytes of the values buffered in the current row group.
    public var bufferedBytes: Int64 { chunks.reduce(0) { $0 + $1.bufferedBytes } }

    /// Ends the current row group now (a caller with many open writers bounds its memory so);
    /// does nothing when no row is buffered.
    public func endRowGroup() throws {
        guard groupRows > 0 else { return }
        var metas: [WriterColumnChunkMeta] = []
        let groupStart = offset
        for c in chunks {
            try c.flushPage(codec)
            let start = offset
            try emit(c.chunkBytes)
            metas.append(c.finishChunk(startOffset: start, codec: options.compression.thriftCodec))
        }
        rowGroups.append(WriterRowGroupMeta(columns: metas, numRows: Int64(groupRows), fileOffset: groupStart,
                                            ordinal: Int16(truncatingIfNeeded: rowGroups.count)))
        groupRows = 0
    }

    /// Flushes the last row group, writes the footer and renames the file into place.
    /// Returns the SHA-256 of the file.
    @discardableResult
    public func close() throws -> String {
        guard !closed else { throw ParquetWriteError("\(path): already closed") }
        for (i, c) in chunks.enumerated() where c.valuesInGroup != Int64(groupRows) {
            throw ParquetWriteError("\(path): the last row is incomplete (column '\(columns[i].name)' was set but endRow() was not called)")
        }
        try endRowGroup()
        let footer = WriterFooter.fileMetaData(columns: columns, rowGroups: rowGroups, numRows: rowCount,
                                               createdBy: options.createdBy)
        try emit(footer)
        let n = UInt32(footer.count)
        try emit([UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), UInt8((n >> 16) & 0xFF), UInt8(n >> 24)])
        try emit(Array("PAR1".utf8))
        closed = true
        return try file.commit()
    }
}

// MARK: - Column chunks

/// Metadata of one written column chunk.
struct WriterColumnChunkMeta {
    var column: ParquetWriteColumn
    var codec: Int32
    var numValues: Int64
    var uncompressedSize: Int64
    var compressedSize: Int64
    var dataPageOffset: Int64
    var nullCount: Int64
    var min: [UInt8]?
    var max: [UInt8]?
}

struct WriterRowGroupMeta {
    var columns: [WriterColumnChunkMeta]
    var numRows: Int64
    var fileOffset: Int64
    var ordinal: Int16
}

/// One column's buffers in the current row group: the open page (levels and PLAIN values) and
/// the finished pages (headers and compressed bodies).
final class WriterColumnChunk {
    let column: ParquetWriteColumn
    let maxStatisticsBytes: Int
    private var values: [UInt8] = []
    private var levels: [UInt8] = []
    private var pageRows: Int32 = 0
    private(set) var chunkBytes: [UInt8] = []
    private var uncompressed: Int64 = 0
    private(set) var valuesInGroup: Int64 = 0
    private var nullCount: Int64 = 0
    /// Uncompressed bytes of this column in the current row group.
    private(set) var bufferedBytes: Int64 = 0
    private var page: [UInt8] = []
    private(set) var invalid: String?
    // Statistics.
    private var minBytes: [UInt8]?
    private var maxBytes: [UInt8]?
    private var minDouble = Double.infinity
    private var maxDouble = -Double.infinity
    private var sawNumber = false
    private var minInt = Int64.max
    private var maxInt = Int64.min

    init(column: ParquetWriteColumn, maxStatisticsBytes: Int) {
        self.column = column
        self.maxStatisticsBytes = maxStatisticsBytes
    }

    var pageBytes: Int { values.count + levels.count / 8 }

    private func present() {
        if column.optional { levels.append(1) }
        pageRows += 1
        valuesInGroup += 1
    }

    func appendNull() {
        guard column.optional else {
            invalid = "column '\(column.name)' is required; it cannot be null"
            return
        }
        levels.append(0)
        pageRows += 1
        valuesInGroup += 1
        nullCount += 1
    }

    func appendBytes(_ b: UnsafeRawBufferPointer) {
        guard column.kind == .string else {
            invalid = "column '\(column.name)' does not hold strings"
            return
        }
        let n = UInt32(truncatingIfNeeded: b.count)
        values.append(UInt8(n & 0xFF))
        values.append(UInt8((n >> 8) & 0xFF))
        values.append(UInt8((n >> 16) & 0xFF))
        values.append(UInt8(n >> 24))
        values.append(contentsOf: b)
        bufferedBytes += Int64(b.count + 4)
        present()
        if let lo = minBytes, let hi = maxBytes {
            if Self.less(b, lo) { minBytes = Array(b) }
            if Self.less(hi, b) { maxBytes = Array(b) }
        } else {
            minBytes = Array(b)
            maxBytes = Array(b)
        }
    }

    /// Unsigned byte-wise lexicographic order (Parquet's order for UTF-8 strings).
    static func less(_ a: UnsafeRawBufferPointer, _ b: [UInt8]) -> Bool {
        b.withUnsafeBytes { bb in compare(a, bb) < 0 }
    }

    static func less(_ a: [UInt8], _ b: UnsafeRawBufferPointer) -> Bool {
        a.withUnsafeBytes { aa in compare(aa, b) < 0 }
    }

    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = Swift.min(a.count, b.count)
        if n > 0, let pa = a.baseAddress, let pb = b.baseAddress {
            let c = memcmp(pa, pb, n)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }

    func appendDouble(_ v: Double) {
        guard column.kind == .double else {
            invalid = "column '\(column.name)' does not hold numbers"
            return
        }
        withUnsafeBytes(of: v.bitPattern.littleEndian) { values.append(contentsOf: $0) }
        bufferedBytes += 8
        present()
        if !v.isNaN {
            sawNumber = true
            if v < minDouble { minDouble = v }
            if v > maxDouble { maxDouble = v }
        }
    }

    func appendInt64(_ v: Int64) {
        guard column.kind == .int64 else {
            invalid = "column '\(column.name)' does not hold integers"
            return
        }
        withUnsafeBytes(of: v.littleEndian) { values.append(contentsOf: $0) }
        bufferedBytes += 8
        present()
        sawNumber = true
        if v < minInt { minInt = v }
        if v > maxInt { maxInt = v }
    }

    /// Compresses the open page and appends it (header and body) to the chunk.
    func flushPage(_ codec: WriterPageCodec) throws {
        guard pageRows > 0 else { return }
        page.removeAll(keepingCapacity: true)
        if column.optional {
            page.append(contentsOf: [0, 0, 0, 0])
            WriterLevelEncoder.encodeBitWidth1(levels, into: &page)
            let n = UInt32(page.count - 4)
            page[0] = UInt8(n & 0xFF)
            page[1] = UInt8((n >> 8) & 0xFF)
            page[2] = UInt8((n >> 16) & 0xFF)
            page[3] = UInt8(n >> 24)
        }
        page.append(contentsOf: values)
        guard page.count <= Int(Int32.max) else {
            throw ParquetWriteError("column '\(column.name)': a page over 2 GiB (a value too large for Parquet)")
        }
        let body = try codec.compress(page)
        let header = WriterFooter.dataPageHeader(uncompressedSize: Int32(page.count), compressedSize: Int32(body.count),
                                                 numValues: pageRows)
        chunkBytes.append(contentsOf: header)
        chunkBytes.append(contentsOf: body)
        uncompressed += Int64(header.count + page.count)
        values.removeAll(keepingCapacity: values.capacity <= 4 << 20)
        levels.removeAll(keepingCapacity: true)
        pageRows = 0
    }

    /// Describes the finished chunk and resets the buffers for the next row group.
    func finishChunk(startOffset: Int64, codec: Int32) -> WriterColumnChunkMeta {
        var lo: [UInt8]?
        var hi: [UInt8]?
        switch column.kind {
        case .string:
            if let a = minBytes, let b = maxBytes, a.count <= maxStatisticsBytes, b.count <= maxStatisticsBytes {
                lo = a
                hi = b
            }
        case .double:
            if sawNumber {
                // Parquet: a zero minimum is written as -0.0, a zero maximum as +0.0.
                let mn = minDouble == 0 ? -0.0 : minDouble
                let mx = maxDouble == 0 ? 0.0 : maxDouble
                lo = withUnsafeBytes(of: mn.bitPattern.littleEndian) { Array($0) }
                hi = withUnsafeBytes(of: mx.bitPattern.littleEndian) { Array($0) }
            }
        case .int64:
            if sawNumber {
                lo = withUnsafeBytes(of: minInt.littleEndian) { Array($0) }
                hi = withUnsafeBytes(of: maxInt.littleEndian) { Array($0) }
            }
        }
        let meta = WriterColumnChunkMeta(column: column, codec: codec, numValues: valuesInGroup,
                                         uncompressedSize: uncompressed, compressedSize: Int64(chunkBytes.count),
                                         dataPageOffset: startOffset, nullCount: nullCount, min: lo, max: hi)
        chunkBytes.removeAll(keepingCapacity: chunkBytes.capacity <= 16 << 20)
        uncompressed = 0
        valuesInGroup = 0
        nullCount = 0
        bufferedBytes = 0
        minBytes = nil
        maxBytes = nil
        minDouble = .infinity
        maxDouble = -.infinity
        minInt = .max
        maxInt = .min
        sawNumber = false
        return meta
    }
}

// MARK: - Codecs

/// Compresses page bodies (a reused zstd context; snappy's C API; or nothing).
final class WriterPageCodec {
    let compression: ParquetWriteCompression
    private var cctx: OpaquePointer?
    private var out: [UInt8] = []

    init(_ compression: ParquetWriteCompression, level: Int32) throws {
        self.compression = compression
        if compression == .zstd {
            guard let c = ZSTD_createCCtx() else { throw ParquetWriteError("zstd: cannot create a compression context") }
            cctx = c
            let r = ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level)
            if ZSTD_isError(r) != 0 { throw ParquetWriteError("zstd: invalid level \(level)") }
        }
    }

    deinit { if let cctx { ZSTD_freeCCtx(cctx) } }

    func compress(_ input: [UInt8]) throws -> [UInt8] {
        switch compression {
        case .none:
            return input
        case .zstd:
            let bound = ZSTD_compressBound(input.count)
            if out.count < bound { out = [UInt8](repeating: 0, count: bound) }
            let n = input.withUnsafeBytes { src in
                out.withUnsafeMutableBytes { dst in
                    ZSTD_compress2(cctx, dst.baseAddress, dst.count, src.baseAddress, src.count)
                }
            }
            if ZSTD_isError(n) != 0 {
                throw ParquetWriteError("zstd: \(String(cString: ZSTD_getErrorName(n)))")
            }
            return Array(out[0..<n])
        case .snappy:
            let bound = snappy_max_compressed_length(input.count)
            if out.count < bound { out = [UInt8](repeating: 0, count: bound) }
            var n = bound
            let status = input.withUnsafeBytes { src in
                out.withUnsafeMutableBytes { dst in
                    snappy_compress(src.baseAddress?.assumingMemoryBound(to: CChar.self), src.count,
                                    dst.baseAddress?.assumingMemoryBound(to: CChar.self), &n)
                }
            }
            guard status == SNAPPY_OK else { throw ParquetWriteError("snappy: compression failed") }
            return Array(out[0..<n])
        }
    }
}

// MARK: - Definition levels

/// The RLE/bit-packed hybrid encoding (Encodings.md) for bit width 1: runs of eight or more equal
/// levels become RLE runs; the rest becomes bit-packed groups of eight (the last one zero-padded).
enum WriterLevelEncoder {
    static func encodeBitWidth1(_ levels: [UInt8], into out: inout [UInt8]) {
        let n = levels.count
        func varint(_ v: Int) {
            var x = UInt64(v)
            while x >= 0x80 {
                out.append(UInt8(truncatingIfNeeded: x) | 0x80)
                x >>= 7
            }
            out.append(UInt8(x))
        }
        /// Length of the run of equal levels starting at `i`, counting at most `limit`.
        func run(_ i: Int, limit: Int) -> Int {
            var j = i + 1
            while j < n && j - i < limit && levels[j] == levels[i] { j += 1 }
            return j - i
        }
        var i = 0
        while i < n {
            if run(i, limit: 8) >= 8 || i + run(i, limit: 8) == n {
                let r = run(i, limit: Int.max)
                varint(r << 1)
                out.append(levels[i])
                i += r
                continue
            }
            // At most 63 groups per bit-packed run (a one-byte header, as Arrow writes them).
            var j = i
            repeat { j += 8 } while j < n && j - i < 63 * 8 && run(j, limit: 8) < 8
            let groups = (j - i) / 8
            varint(groups << 1 | 1)
            var k = i
            while k < j {
                var byte: UInt8 = 0
                for bit in 0..<8 where k + bit < n && levels[k + bit] != 0 { byte |= 1 << UInt8(bit) }
                out.append(byte)
                k += 8
            }
            i = j
        }
    }
}
