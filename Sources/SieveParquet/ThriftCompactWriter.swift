// Thrift compact protocol, writing side (apache/thrift doc/specs/thrift-compact-protocol.md):
// just what Parquet's footer and page headers need — structs, lists, i16/i32/i64, binary, bool.

/// Appends Thrift compact-protocol values to a byte buffer.
///
/// Fields are written in increasing id order by the caller; the writer keeps the last field id of
/// each open struct to emit short-form deltas (1…15) or, for larger jumps and decreasing ids, the
/// long form (type byte followed by the zigzag-varint i16 id).
struct ThriftCompactWriter {
    private(set) var bytes: [UInt8] = []
    private var lastFieldID: Int16 = 0
    private var stack: [Int16] = []

    init() {}

    // MARK: Primitive encodings

    mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    static func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }
    static func zigzag(_ v: Int32) -> UInt32 { UInt32(bitPattern: (v << 1) ^ (v >> 31)) }

    mutating func writeI64Value(_ v: Int64) { writeVarint(Self.zigzag(v)) }
    mutating func writeI32Value(_ v: Int32) { writeVarint(UInt64(Self.zigzag(v))) }

    mutating func writeBinaryValue(_ b: some Collection<UInt8>) {
        writeVarint(UInt64(b.count))
        bytes.append(contentsOf: b)
    }

    mutating func writeStringValue(_ s: String) { writeBinaryValue(Array(s.utf8)) }

    // MARK: Fields

    /// Writes a field header: short form when the id is 1…15 above the previous one.
    mutating func writeFieldHeader(_ type: UInt8, id: Int16) {
        let delta = Int(id) - Int(lastFieldID)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta << 4) | type)
        } else {
            bytes.append(type)
            writeVarint(UInt64(Self.zigzag(Int32(id))))
        }
        lastFieldID = id
    }

    mutating func field(_ id: Int16, i32 v: Int32) {
        writeFieldHeader(ThriftType.i32.rawValue, id: id)
        writeI32Value(v)
    }

    mutating func field(_ id: Int16, i64 v: Int64) {
        writeFieldHeader(ThriftType.i64.rawValue, id: id)
        writeI64Value(v)
    }

    mutating func field(_ id: Int16, i16 v: Int16) {
        writeFieldHeader(ThriftType.i16.rawValue, id: id)
        writeI32Value(Int32(v))
    }

    mutating func field(_ id: Int16, bool v: Bool) {
        writeFieldHeader(v ? ThriftType.boolTrue.rawValue : ThriftType.boolFalse.rawValue, id: id)
    }

    mutating func field(_ id: Int16, binary b: some Collection<UInt8>) {
        writeFieldHeader(ThriftType.binary.rawValue, id: id)
        writeBinaryValue(b)
    }

    mutating func field(_ id: Int16, string s: String) { field(id, binary: Array(s.utf8)) }

    /// Opens a struct-valued field; close it with `endStruct()`.
    mutating func beginStructField(_ id: Int16) {
        writeFieldHeader(ThriftType.structure.rawValue, id: id)
        beginStruct()
    }

    /// Opens a struct (a list element or the top-level value).
    mutating func beginStruct() {
        stack.append(lastFieldID)
        lastFieldID = 0
    }

    /// Writes the stop byte and returns to the enclosing struct's field numbering.
    mutating func endStruct() {
        bytes.append(0)
        lastFieldID = stack.popLast() ?? 0
    }

    /// Opens a list-valued field of `count` elements of `elementType`; then write the elements
    /// (values, or structs with `beginStruct`/`endStruct`).
    mutating func beginListField(_ id: Int16, elementType: UInt8, count: Int) {
        writeFieldHeader(ThriftType.list.rawValue, id: id)
        writeListHeader(elementType: elementType, count: count)
    }

    mutating func writeListHeader(elementType: UInt8, count: Int) {
        if count < 15 {
            bytes.append(UInt8(count << 4) | elementType)
        } else {
            bytes.append(0xF0 | elementType)
            writeVarint(UInt64(count))
        }
    }

    mutating func field(_ id: Int16, i32List values: [Int32]) {
        beginListField(id, elementType: ThriftType.i32.rawValue, count: values.count)
        for v in values { writeI32Value(v) }
    }

    mutating func field(_ id: Int16, stringList values: [String]) {
        beginListField(id, elementType: ThriftType.binary.rawValue, count: values.count)
        for v in values { writeStringValue(v) }
    }
}
