// A Parquet file: footer, schema, and column chunks read by byte range (pread), one at a time.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SieveIO

/// A leaf column of the schema.
public struct ParquetColumn: Sendable {
    /// Position among the leaf columns (= position of its chunk in each row group).
    public var index: Int
    /// Path from the root, e.g. `["text"]` or `["top_langs", "list", "element"]`.
    public var path: [String]
    public var element: SchemaElement
    public var maxDefinitionLevel: Int
    public var maxRepetitionLevel: Int
    /// `a.b.c`.
    public var name: String { path.joined(separator: ".") }
    /// A top-level primitive column that is not repeated (Sieve reads only these).
    public var isFlat: Bool { path.count == 1 && maxRepetitionLevel == 0 && maxDefinitionLevel <= 1 }
    public var type: ParquetType { element.type ?? .byteArray }
    /// `BYTE_ARRAY (STRING)`.
    public var typeDescription: String {
        var s = "\(type)"
        if type == .fixedLenByteArray, let l = element.typeLength { s += "(\(l))" }
        if let l = element.logicalType { s += " (\(l))" } else if let c = element.convertedType { s += " (\(c))" }
        return s
    }
}

/// An open Parquet file. Reads the footer on open; column chunks are read on demand by byte
/// range, so memory is bounded by the chunks being decoded.
public final class ParquetFile {
    public let path: String
    /// File size in bytes.
    public let size: Int64
    /// Length of the Thrift footer.
    public let footerLength: Int
    public let metadata: FileMetaData
    /// Leaf columns in schema order.
    public let columns: [ParquetColumn]
    private let fd: Int32
    private var chunkBuffer: [UInt8] = []

    /// The file's base name (for messages).
    public var name: String { FileSystem.basename(path) }

    /// Opens `path` and reads its footer. Throws `ParquetError` naming the file when it is not a
    /// readable Parquet file.
    public init(path: String) throws {
        self.path = path
        let name = FileSystem.basename(path)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ParquetError.io("\(name): cannot open (\(String(cString: strerror(errno))))") }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            close(fd)
            throw ParquetError.io("\(name): cannot stat")
        }
        self.fd = fd
        self.size = Int64(st.st_size)
        do {
            guard size >= 12 else { throw ParquetError.badFile("\(name): not a Parquet file (only \(size) bytes; truncated?)") }
            var tail = [UInt8](repeating: 0, count: 8)
            try Self.pread(fd, &tail, 0..<8, at: size - 8, name: name)
            var head = [UInt8](repeating: 0, count: 4)
            try Self.pread(fd, &head, 0..<4, at: 0, name: name)
            guard head == Array("PAR1".utf8) else {
                throw ParquetError.badFile("\(name): not a Parquet file (no PAR1 magic at the start)")
            }
            if tail[4..<8].elementsEqual("PARE".utf8) {
                throw ParquetError.unsupported("\(name): encrypted Parquet files are not supported")
            }
            guard tail[4..<8].elementsEqual("PAR1".utf8) else {
                throw ParquetError.badFile("\(name): no PAR1 magic at the end (truncated or damaged file)")
            }
            let len = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
            guard len > 0, Int64(len) <= size - 12 else {
                throw ParquetError.badFile("\(name): footer length \(len) does not fit the file (\(size) bytes)")
            }
            footerLength = len
            var footer = [UInt8](repeating: 0, count: len)
            try Self.pread(fd, &footer, 0..<len, at: size - 8 - Int64(len), name: name)
            let meta: FileMetaData
            do { meta = try footer.withUnsafeBytes { try FileMetaData(thrift: $0) } } catch {
                throw ParquetError.badFile("\(name): damaged footer (\(error))")
            }
            if meta.encrypted { throw ParquetError.unsupported("\(name): encrypted Parquet files are not supported") }
            metadata = meta
            columns = try Self.leaves(meta.schema, name: name)
            for (g, rg) in meta.rowGroups.enumerated() where rg.columns.count != columns.count {
                throw ParquetError.badFile("\(name): row group \(g) has \(rg.columns.count) column chunks, the schema \(columns.count) columns")
            }
        } catch {
            close(fd)
            throw error
        }
    }

    deinit { close(fd) }

    private static func pread(_ fd: Int32, _ buf: inout [UInt8], _ range: Range<Int>, at offset: Int64, name: String) throws {
        var done = 0
        let want = range.count
        while done < want {
            let n = buf.withUnsafeMutableBytes { p in
                Glibc.pread(fd, p.baseAddress! + range.lowerBound + done, want - done, off_t(offset + Int64(done)))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw ParquetError.io("\(name): read error at byte \(offset + Int64(done)) (\(String(cString: strerror(errno))))")
            }
            if n == 0 { throw ParquetError.badFile("\(name): unexpected end of file at byte \(offset + Int64(done)) (truncated?)") }
            done += n
        }
    }

    /// Walks the flattened schema (depth-first, `num_children`) into leaf columns.
    private static func leaves(_ schema: [SchemaElement], name: String) throws -> [ParquetColumn] {
        guard let root = schema.first else { throw ParquetError.badFile("\(name): empty schema") }
        var out: [ParquetColumn] = []
        var next = 1
        func walk(_ count: Int, path: [String], def: Int, rep: Int, depth: Int) throws {
            guard depth < 64 else { throw ParquetError.badFile("\(name): schema nested too deeply") }
            for _ in 0..<count {
                guard next < schema.count else { throw ParquetError.badFile("\(name): schema lists fewer elements than its children") }
                let e = schema[next]
                next += 1
                let d = def + (e.repetition == .required || e.repetition == nil ? 0 : 1)
                let r = rep + (e.repetition == .repeated ? 1 : 0)
                if e.numChildren > 0 {
                    try walk(Int(e.numChildren), path: path + [e.name], def: d, rep: r, depth: depth + 1)
                } else {
                    out.append(ParquetColumn(index: out.count, path: path + [e.name], element: e,
                                             maxDefinitionLevel: d, maxRepetitionLevel: r))
                }
            }
        }
        guard root.numChildren >= 0, Int(root.numChildren) < schema.count else {
            throw ParquetError.badFile("\(name): bad schema root")
        }
        try walk(Int(root.numChildren), path: [], def: 0, rep: 0, depth: 0)
        return out
    }

    /// The top-level flat column named `name`, nil if there is none.
    public func column(named name: String) -> ParquetColumn? {
        columns.first { $0.path.count == 1 && $0.path[0] == name }
    }

    /// Whether every chunk of column `c` uses only encodings and codecs Sieve decodes (from the
    /// footer; the pages are not looked at).
    public func isReadable(_ c: Int) -> Bool {
        let ok: Set<Encoding> = [.plain, .plainDictionary, .rleDictionary, .rle, .bitPacked]
        let codecs: Set<CompressionCodec> = [.uncompressed, .snappy, .gzip, .zstd]
        for rg in metadata.rowGroups {
            guard let m = rg.columns[c].metaData, m.unknownCodec == nil, codecs.contains(m.codec),
                  m.encodings.allSatisfy(ok.contains) else { return false }
        }
        return true
    }

    /// Byte range of a column chunk (dictionary page first, if any), checked against the file.
    public func chunkRange(rowGroup g: Int, column c: Int) throws -> Range<Int64> {
        guard g >= 0, g < metadata.rowGroups.count, c >= 0, c < columns.count else {
            throw ParquetError.corrupt("no row group \(g) / column \(c)")
        }
        let chunk = metadata.rowGroups[g].columns[c]
        if chunk.filePath != nil {
            throw ParquetError.unsupported("column chunk stored in another file (\(chunk.filePath ?? "")) is not supported")
        }
        guard let m = chunk.metaData else { throw ParquetError.corrupt("column chunk without metadata") }
        var start = m.dataPageOffset
        if let d = m.dictionaryPageOffset, d > 0, d < start { start = d }
        let end = start + m.totalCompressedSize
        guard start >= 4, m.totalCompressedSize >= 0, end <= size - 8 - Int64(footerLength), end >= start else {
            throw ParquetError.corrupt("column chunk bytes \(start)..<\(end) lie outside the data of the file (\(size) bytes)")
        }
        return start..<end
    }

    /// Reads and decodes column `c` of row group `g`. Throws `.corrupt` for damaged pages and
    /// `.unsupported` for encodings or layouts Sieve does not read.
    public func readColumn(rowGroup g: Int, column c: Int) throws -> ColumnBuffer {
        let col = columns[c]
        var out = ColumnBuffer(type: col.type, logical: col.element.logicalType, converted: col.element.convertedType)
        try readColumn(rowGroup: g, column: c, into: &out)
        return out
    }

    /// Like `readColumn(rowGroup:column:)`, reusing `out`'s storage (which must come from the same
    /// column, or be fresh); on error `out` holds a partial chunk.
    public func readColumn(rowGroup g: Int, column c: Int, into out: inout ColumnBuffer) throws {
        let col = columns[c]
        guard col.isFlat else {
            throw ParquetError.unsupported("\(name): column '\(col.name)' is nested or repeated (\(col.typeDescription)); Sieve reads only flat columns")
        }
        let range = try chunkRange(rowGroup: g, column: c)
        guard let m = metadata.rowGroups[g].columns[c].metaData else { throw ParquetError.corrupt("column chunk without metadata") }
        if let raw = m.unknownCodec {
            throw ParquetError.unsupported("\(name): column '\(col.name)' uses unknown compression codec \(raw)")
        }
        let count = Int(range.count)
        if chunkBuffer.count < count {
            chunkBuffer = [UInt8](repeating: 0, count: count)
        }
        try Self.pread(fd, &chunkBuffer, 0..<count, at: range.lowerBound, name: name)
        if out.type != col.type {
            out = ColumnBuffer(type: col.type, logical: col.element.logicalType, converted: col.element.convertedType)
        }
        out.reset()
        let rows = metadata.rowGroups[g].numRows
        guard m.numValues == rows else {
            throw ParquetError.corrupt("\(name): row group \(g), column '\(col.name)': \(m.numValues) values for \(rows) rows")
        }
        out.reserve(Int(max(0, min(rows, 1 << 24))))
        if out.isBytes {
            // The decoded values are at most the chunk's uncompressed size: one allocation.
            out.bytes.reserveCapacity(Int(max(0, min(m.totalUncompressedSize, 1 << 30))))
        }
        var decoder: ColumnChunkDecoder
        do {
            decoder = try ColumnChunkDecoder(type: col.type, typeLength: Int(col.element.typeLength ?? 0),
                                             maxDefinitionLevel: col.maxDefinitionLevel, codec: m.codec)
        } catch let e as ParquetError {
            throw ParquetError.unsupported("\(name): column '\(col.name)': \(e)")
        }
        defer { decoder.close() }
        do {
            try chunkBuffer.withUnsafeBytes { p in
                try decoder.decode(chunk: UnsafeRawBufferPointer(rebasing: p[0..<count]), numValues: m.numValues,
                                   maxPageBytes: min(max(m.totalUncompressedSize, 1 << 20), 1 << 31), into: &out)
            }
        } catch let e as ParquetError {
            if case .unsupported(let msg) = e {
                throw ParquetError.unsupported("\(name): column '\(col.name)' (\(col.typeDescription)): \(msg)")
            }
            throw ParquetError.corrupt("\(name): row group \(g), column '\(col.name)': \(e)")
        }
        guard Int64(out.count) == rows else {
            throw ParquetError.corrupt("\(name): row group \(g), column '\(col.name)' has \(out.count) values for \(rows) rows")
        }
    }

    /// Frees the read buffer (it is reused between chunks otherwise).
    public func releaseBuffers() { chunkBuffer = [] }
}
