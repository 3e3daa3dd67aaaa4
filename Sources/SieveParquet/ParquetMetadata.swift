// Parquet's file metadata (apache/parquet-format src/main/thrift/parquet.thrift), decoded from the
// Thrift compact footer and page headers. Raw values are the Thrift enum ids. Fields Sieve does not
// use (statistics, indexes, encryption) are skipped.

/// Problems reading a Parquet file. The messages say what is wrong and where.
public enum ParquetError: Error, CustomStringConvertible, Sendable {
    /// The file is not Parquet or its footer is damaged.
    case badFile(String)
    /// Thrift metadata could not be decoded.
    case thrift(String)
    /// A page or column chunk is damaged.
    case corrupt(String)
    /// A feature Sieve does not read (in a column that was asked for).
    case unsupported(String)
    /// The file could not be opened or read.
    case io(String)

    public var description: String {
        switch self {
        case .badFile(let m): return m
        case .thrift(let m): return "damaged Parquet metadata: \(m)"
        case .corrupt(let m): return m
        case .unsupported(let m): return m
        case .io(let m): return m
        }
    }
}

/// Physical types (`Type`).
public enum ParquetType: Int32, Sendable, CustomStringConvertible {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7
    public var description: String {
        ["BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"][Int(rawValue)]
    }
}

/// `ConvertedType` (legacy logical annotations).
public enum ConvertedType: Int32, Sendable, CustomStringConvertible {
    case utf8 = 0, map = 1, mapKeyValue = 2, list = 3, enumeration = 4, decimal = 5, date = 6
    case timeMillis = 7, timeMicros = 8, timestampMillis = 9, timestampMicros = 10
    case uint8 = 11, uint16 = 12, uint32 = 13, uint64 = 14, int8 = 15, int16 = 16, int32 = 17, int64 = 18
    case json = 19, bson = 20, interval = 21
    public var description: String {
        ["UTF8", "MAP", "MAP_KEY_VALUE", "LIST", "ENUM", "DECIMAL", "DATE", "TIME_MILLIS", "TIME_MICROS",
         "TIMESTAMP_MILLIS", "TIMESTAMP_MICROS", "UINT_8", "UINT_16", "UINT_32", "UINT_64", "INT_8", "INT_16",
         "INT_32", "INT_64", "JSON", "BSON", "INTERVAL"][Int(rawValue)]
    }
}

/// `FieldRepetitionType`.
public enum Repetition: Int32, Sendable, CustomStringConvertible {
    case required = 0, optional = 1, repeated = 2
    public var description: String { ["REQUIRED", "OPTIONAL", "REPEATED"][Int(rawValue)] }
}

/// `Encoding`.
public enum Encoding: Int32, Sendable, CustomStringConvertible {
    case plain = 0, groupVarInt = 1, plainDictionary = 2, rle = 3, bitPacked = 4, deltaBinaryPacked = 5
    case deltaLengthByteArray = 6, deltaByteArray = 7, rleDictionary = 8, byteStreamSplit = 9
    public var description: String {
        ["PLAIN", "GROUP_VAR_INT", "PLAIN_DICTIONARY", "RLE", "BIT_PACKED", "DELTA_BINARY_PACKED",
         "DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY", "RLE_DICTIONARY", "BYTE_STREAM_SPLIT"][Int(rawValue)]
    }
}

/// `CompressionCodec`.
public enum CompressionCodec: Int32, Sendable, CustomStringConvertible {
    case uncompressed = 0, snappy = 1, gzip = 2, lzo = 3, brotli = 4, lz4 = 5, zstd = 6, lz4Raw = 7
    public var description: String {
        ["UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"][Int(rawValue)]
    }
}

/// `PageType`.
public enum PageType: Int32, Sendable, CustomStringConvertible {
    case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3
    public var description: String { ["DATA_PAGE", "INDEX_PAGE", "DICTIONARY_PAGE", "DATA_PAGE_V2"][Int(rawValue)] }
}

/// `LogicalType` (a Thrift union); only the member's name and, for timestamps/times, the unit.
public enum LogicalType: Sendable, Equatable, CustomStringConvertible {
    case string, map, list, enumeration, decimal(scale: Int32, precision: Int32), date
    case time(unit: String, adjustedToUTC: Bool), timestamp(unit: String, adjustedToUTC: Bool)
    case integer(bitWidth: Int8, signed: Bool), unknown, json, bson, uuid, float16, other(Int16)

    public var description: String {
        switch self {
        case .string: return "STRING"
        case .map: return "MAP"
        case .list: return "LIST"
        case .enumeration: return "ENUM"
        case .decimal(let s, let p): return "DECIMAL(\(p),\(s))"
        case .date: return "DATE"
        case .time(let u, let utc): return "TIME(\(u)\(utc ? ",UTC" : ""))"
        case .timestamp(let u, let utc): return "TIMESTAMP(\(u)\(utc ? ",UTC" : ""))"
        case .integer(let w, let s): return "INT(\(w),\(s ? "signed" : "unsigned"))"
        case .unknown: return "NULL"
        case .json: return "JSON"
        case .bson: return "BSON"
        case .uuid: return "UUID"
        case .float16: return "FLOAT16"
        case .other(let id): return "LOGICAL_TYPE_\(id)"
        }
    }
}

/// One node of the flattened schema tree (`SchemaElement`).
public struct SchemaElement: Sendable {
    public var type: ParquetType?
    public var typeLength: Int32?
    public var repetition: Repetition?
    public var name: String = ""
    public var numChildren: Int32 = 0
    public var convertedType: ConvertedType?
    public var logicalType: LogicalType?
    public var scale: Int32?
    public var precision: Int32?
}

/// `ColumnMetaData`.
public struct ColumnMetaData: Sendable {
    public var type: ParquetType = .byteArray
    public var encodings: [Encoding] = []
    public var pathInSchema: [String] = []
    public var codec: CompressionCodec = .uncompressed
    public var numValues: Int64 = 0
    public var totalUncompressedSize: Int64 = 0
    public var totalCompressedSize: Int64 = 0
    public var dataPageOffset: Int64 = 0
    public var indexPageOffset: Int64?
    public var dictionaryPageOffset: Int64?
    /// Unknown raw ids seen in `encodings` or `codec` (kept so errors can name them).
    public var unknownCodec: Int32?
}

/// `ColumnChunk`.
public struct ColumnChunk: Sendable {
    /// Set when the chunk lives in another file (Sieve does not follow these).
    public var filePath: String?
    public var fileOffset: Int64 = 0
    public var metaData: ColumnMetaData?
}

/// `RowGroup`.
public struct RowGroup: Sendable {
    public var columns: [ColumnChunk] = []
    public var totalByteSize: Int64 = 0
    public var numRows: Int64 = 0
    public var fileOffset: Int64?
    public var totalCompressedSize: Int64?
}

/// `FileMetaData`.
public struct FileMetaData: Sendable {
    public var version: Int32 = 0
    public var schema: [SchemaElement] = []
    public var numRows: Int64 = 0
    public var rowGroups: [RowGroup] = []
    public var keyValueMetadata: [(key: String, value: String?)] = []
    public var createdBy: String?
    /// Whether the footer announces encryption (Sieve cannot read encrypted files).
    public var encrypted = false
}

/// `DataPageHeader` (v1).
public struct DataPageHeader: Sendable {
    public var numValues: Int32 = 0
    public var encoding: Int32 = 0
    public var definitionLevelEncoding: Int32 = 0
    public var repetitionLevelEncoding: Int32 = 0
}

/// `DataPageHeaderV2`.
public struct DataPageHeaderV2: Sendable {
    public var numValues: Int32 = 0
    public var numNulls: Int32 = 0
    public var numRows: Int32 = 0
    public var encoding: Int32 = 0
    public var definitionLevelsByteLength: Int32 = 0
    public var repetitionLevelsByteLength: Int32 = 0
    public var isCompressed = true
}

/// `DictionaryPageHeader`.
public struct DictionaryPageHeader: Sendable {
    public var numValues: Int32 = 0
    public var encoding: Int32 = 0
}

/// `PageHeader`.
public struct PageHeader: Sendable {
    public var type: Int32 = -1
    public var uncompressedPageSize: Int32 = 0
    public var compressedPageSize: Int32 = 0
    public var dataPage: DataPageHeader?
    public var dataPageV2: DataPageHeaderV2?
    public var dictionaryPage: DictionaryPageHeader?
}

// MARK: - Decoding

extension FileMetaData {
    /// Decodes the footer's Thrift bytes.
    init(thrift bytes: UnsafeRawBufferPointer) throws {
        var r = ThriftCompactReader(bytes)
        var m = FileMetaData()
        try r.readStruct { r, id, t in
            switch id {
            case 1: m.version = try r.i32(t) ?? 0
            case 2: m.schema = try r.list(t) { r, et in
                    guard et == .structure else { try r.skip(et); return nil }
                    return try SchemaElement(&r)
                }
            case 3: m.numRows = try r.i64(t) ?? 0
            case 4: m.rowGroups = try r.list(t) { r, et in
                    guard et == .structure else { try r.skip(et); return nil }
                    return try RowGroup(&r)
                }
            case 5: m.keyValueMetadata = try r.list(t) { r, et -> (key: String, value: String?)? in
                    guard et == .structure else { try r.skip(et); return nil }
                    var k = "", v: String?
                    try r.readStruct { r, id, t in
                        switch id {
                        case 1: k = try r.string(t) ?? ""
                        case 2: v = try r.string(t)
                        default: try r.skip(t)
                        }
                    }
                    return (k, v)
                }
            case 6: m.createdBy = try r.string(t)
            case 8: m.encrypted = true; try r.skip(t)
            default: try r.skip(t)
            }
        }
        self = m
    }
}

extension SchemaElement {
    init(_ r: inout ThriftCompactReader) throws {
        var e = SchemaElement()
        try r.readStruct { r, id, t in
            switch id {
            case 1: e.type = try r.i32(t).flatMap(ParquetType.init(rawValue:))
            case 2: e.typeLength = try r.i32(t)
            case 3: e.repetition = try r.i32(t).flatMap(Repetition.init(rawValue:))
            case 4: e.name = try r.string(t) ?? ""
            case 5: e.numChildren = try r.i32(t) ?? 0
            case 6: e.convertedType = try r.i32(t).flatMap(ConvertedType.init(rawValue:))
            case 7: e.scale = try r.i32(t)
            case 8: e.precision = try r.i32(t)
            case 10:
                guard t == .structure else { try r.skip(t); return }
                e.logicalType = try LogicalType.read(&r)
            default: try r.skip(t)
            }
        }
        self = e
    }
}

extension LogicalType {
    static func read(_ r: inout ThriftCompactReader) throws -> LogicalType? {
        var result: LogicalType?
        try r.readStruct { r, id, t in
            guard t == .structure else { try r.skip(t); return }
            switch id {
            case 1: result = .string
            case 2: result = .map
            case 3: result = .list
            case 4: result = .enumeration
            case 6: result = .date
            case 11: result = .unknown
            case 12: result = .json
            case 13: result = .bson
            case 14: result = .uuid
            case 15: result = .float16
            default: break
            }
            switch id {
            case 5:
                var s: Int32 = 0, p: Int32 = 0
                try r.readStruct { r, id, t in
                    switch id {
                    case 1: s = try r.i32(t) ?? 0
                    case 2: p = try r.i32(t) ?? 0
                    default: try r.skip(t)
                    }
                }
                result = .decimal(scale: s, precision: p)
            case 7, 8:
                var utc = false, unit = "?"
                try r.readStruct { r, id, t in
                    switch id {
                    case 1: utc = r.bool(t) ?? false
                    case 2:
                        guard t == .structure else { try r.skip(t); return }
                        try r.readStruct { r, uid, ut in
                            unit = [1: "MILLIS", 2: "MICROS", 3: "NANOS"][uid] ?? "?"
                            try r.skip(ut)
                        }
                    default: try r.skip(t)
                    }
                }
                result = id == 7 ? .time(unit: unit, adjustedToUTC: utc) : .timestamp(unit: unit, adjustedToUTC: utc)
            case 10:
                var w: Int8 = 0, s = true
                try r.readStruct { r, id, t in
                    switch id {
                    case 1: w = Int8(truncatingIfNeeded: try r.i32(t) ?? 0)
                    case 2: s = r.bool(t) ?? true
                    default: try r.skip(t)
                    }
                }
                result = .integer(bitWidth: w, signed: s)
            default:
                if result == nil { result = .other(id) }
                try r.skip(t)
            }
        }
        return result
    }
}

extension RowGroup {
    init(_ r: inout ThriftCompactReader) throws {
        var g = RowGroup()
        try r.readStruct { r, id, t in
            switch id {
            case 1: g.columns = try r.list(t) { r, et in
                    guard et == .structure else { try r.skip(et); return nil }
                    return try ColumnChunk(&r)
                }
            case 2: g.totalByteSize = try r.i64(t) ?? 0
            case 3: g.numRows = try r.i64(t) ?? 0
            case 5: g.fileOffset = try r.i64(t)
            case 6: g.totalCompressedSize = try r.i64(t)
            default: try r.skip(t)
            }
        }
        self = g
    }
}

extension ColumnChunk {
    init(_ r: inout ThriftCompactReader) throws {
        var c = ColumnChunk()
        try r.readStruct { r, id, t in
            switch id {
            case 1: c.filePath = try r.string(t)
            case 2: c.fileOffset = try r.i64(t) ?? 0
            case 3:
                guard t == .structure else { try r.skip(t); return }
                c.metaData = try ColumnMetaData(&r)
            default: try r.skip(t)
            }
        }
        self = c
    }
}

extension ColumnMetaData {
    init(_ r: inout ThriftCompactReader) throws {
        var m = ColumnMetaData()
        try r.readStruct { r, id, t in
            switch id {
            case 1: m.type = try r.i32(t).flatMap(ParquetType.init(rawValue:)) ?? .byteArray
            case 2: m.encodings = try r.list(t) { r, et in try r.i32(et).flatMap(Encoding.init(rawValue:)) }
            case 3: m.pathInSchema = try r.list(t) { r, et in try r.string(et) }
            case 4:
                let raw = try r.i32(t) ?? 0
                if let c = CompressionCodec(rawValue: raw) { m.codec = c } else { m.unknownCodec = raw }
            case 5: m.numValues = try r.i64(t) ?? 0
            case 6: m.totalUncompressedSize = try r.i64(t) ?? 0
            case 7: m.totalCompressedSize = try r.i64(t) ?? 0
            case 9: m.dataPageOffset = try r.i64(t) ?? 0
            case 10: m.indexPageOffset = try r.i64(t)
            case 11: m.dictionaryPageOffset = try r.i64(t)
            default: try r.skip(t)
            }
        }
        self = m
    }
}

extension PageHeader {
    /// Decodes a page header; `r` ends just after it (where the page data starts).
    init(_ r: inout ThriftCompactReader) throws {
        var h = PageHeader()
        try r.readStruct { r, id, t in
            switch id {
            case 1: h.type = try r.i32(t) ?? -1
            case 2: h.uncompressedPageSize = try r.i32(t) ?? 0
            case 3: h.compressedPageSize = try r.i32(t) ?? 0
            case 5:
                guard t == .structure else { try r.skip(t); return }
                var d = DataPageHeader()
                try r.readStruct { r, id, t in
                    switch id {
                    case 1: d.numValues = try r.i32(t) ?? 0
                    case 2: d.encoding = try r.i32(t) ?? 0
                    case 3: d.definitionLevelEncoding = try r.i32(t) ?? 0
                    case 4: d.repetitionLevelEncoding = try r.i32(t) ?? 0
                    default: try r.skip(t)
                    }
                }
                h.dataPage = d
            case 7:
                guard t == .structure else { try r.skip(t); return }
                var d = DictionaryPageHeader()
                try r.readStruct { r, id, t in
                    switch id {
                    case 1: d.numValues = try r.i32(t) ?? 0
                    case 2: d.encoding = try r.i32(t) ?? 0
                    default: try r.skip(t)
                    }
                }
                h.dictionaryPage = d
            case 8:
                guard t == .structure else { try r.skip(t); return }
                var d = DataPageHeaderV2()
                try r.readStruct { r, id, t in
                    switch id {
                    case 1: d.numValues = try r.i32(t) ?? 0
                    case 2: d.numNulls = try r.i32(t) ?? 0
                    case 3: d.numRows = try r.i32(t) ?? 0
                    case 4: d.encoding = try r.i32(t) ?? 0
                    case 5: d.definitionLevelsByteLength = try r.i32(t) ?? 0
                    case 6: d.repetitionLevelsByteLength = try r.i32(t) ?? 0
                    case 7: d.isCompressed = r.bool(t) ?? true
                    default: try r.skip(t)
                    }
                }
                h.dataPageV2 = d
            default: try r.skip(t)
            }
        }
        self = h
    }
}
