// A reader of the Thrift compact protocol (apache/thrift doc/specs/thrift-compact-protocol.md),
// just enough for Parquet's footer and page headers. Every length is checked against the buffer,
// so garbage bytes give a `ParquetError`, never a crash.

/// Thrift compact wire types (the low nibble of a field header).
enum ThriftType: UInt8 {
    case stop = 0, boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
    case binary = 8, list = 9, set = 10, map = 11, structure = 12
}

/// A cursor over Thrift compact bytes.
struct ThriftCompactReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    /// Nesting depth, bounded so that crafted input cannot exhaust the stack.
    private var depth = 0
    static let maxDepth = 64

    init(_ bytes: UnsafeRawBufferPointer, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    private func fail(_ what: String) -> ParquetError {
        ParquetError.thrift("\(what) at byte \(position) of \(bytes.count)")
    }

    mutating func readByte() throws -> UInt8 {
        guard position < bytes.count else { throw fail("unexpected end of Thrift data") }
        let b = bytes[position]
        position += 1
        return b
    }

    mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try readByte()
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw fail("varint too long") }
        }
    }

    mutating func readI64() throws -> Int64 {
        let v = try readVarint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    mutating func readI32() throws -> Int32 {
        let v = try readI64()
        guard let r = Int32(exactly: v) else { throw fail("i32 out of range") }
        return r
    }

    mutating func readDouble() throws -> Double {
        guard bytes.count - position >= 8 else { throw fail("unexpected end of Thrift data") }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return Double(bitPattern: bits)
    }

    /// The byte range of a binary/string value (no copy).
    mutating func readBinaryRange() throws -> Range<Int> {
        let n = try readVarint()
        guard n <= UInt64(bytes.count - position) else { throw fail("binary length \(n) past the end") }
        let r = position..<(position + Int(n))
        position += Int(n)
        return r
    }

    mutating func readString() throws -> String {
        let r = try readBinaryRange()
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[r]), as: UTF8.self)
    }

    mutating func readBinary() throws -> [UInt8] {
        let r = try readBinaryRange()
        return Array(bytes[r])
    }

    /// Header of a list or set: element count and element type.
    mutating func readListHeader() throws -> (count: Int, type: ThriftType) {
        let b = try readByte()
        guard let t = ThriftType(rawValue: b & 0x0f) else { throw fail("bad list element type \(b & 0x0f)") }
        var n = UInt64(b >> 4)
        if n == 15 { n = try readVarint() }
        // Every element takes at least one byte (except bools, which also take one in lists).
        guard n <= UInt64(bytes.count - position) else { throw fail("list of \(n) elements past the end") }
        return (Int(n), t)
    }

    /// Calls `field` for each field of a struct (id, type) until STOP; the callback must read or
    /// skip the value. Boolean fields carry their value in the type.
    mutating func readStruct(_ field: (inout ThriftCompactReader, Int16, ThriftType) throws -> Void) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw fail("Thrift structs nested too deeply") }
        var lastID: Int16 = 0
        while true {
            let b = try readByte()
            if b == 0 { return }
            guard let t = ThriftType(rawValue: b & 0x0f), t != .stop else { throw fail("bad field type \(b & 0x0f)") }
            let delta = Int16(b >> 4)
            let id: Int16
            if delta == 0 {
                let v = try readI64()
                guard let i = Int16(exactly: v) else { throw fail("field id out of range") }
                id = i
            } else {
                id = lastID &+ delta
            }
            lastID = id
            try field(&self, id, t)
        }
    }

    /// Skips a value of type `t`.
    mutating func skip(_ t: ThriftType) throws {
        switch t {
        case .stop: throw fail("unexpected STOP")
        case .boolTrue, .boolFalse: return  // value is in the field header
        case .byte: _ = try readByte()
        case .i16, .i32, .i64: _ = try readVarint()
        case .double: _ = try readDouble()
        case .binary: _ = try readBinaryRange()
        case .list, .set:
            let (n, et) = try readListHeader()
            try nested {
                for _ in 0..<n {
                    if et == .boolTrue || et == .boolFalse { _ = try $0.readByte() } else { try $0.skip(et) }
                }
            }
        case .map:
            let n = try readVarint()
            guard n <= UInt64(bytes.count - position) else { throw fail("map of \(n) entries past the end") }
            if n == 0 { return }
            let kv = try readByte()
            guard let kt = ThriftType(rawValue: kv >> 4), let vt = ThriftType(rawValue: kv & 0x0f) else {
                throw fail("bad map types")
            }
            try nested {
                for _ in 0..<n {
                    if kt == .boolTrue || kt == .boolFalse { _ = try $0.readByte() } else { try $0.skip(kt) }
                    if vt == .boolTrue || vt == .boolFalse { _ = try $0.readByte() } else { try $0.skip(vt) }
                }
            }
        case .structure:
            try readStruct { r, _, ft in try r.skip(ft) }
        }
    }

    private mutating func nested(_ body: (inout ThriftCompactReader) throws -> Void) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw fail("Thrift values nested too deeply") }
        try body(&self)
    }

    /// Reads a field expected to be i32 (skips it if the type differs, as Thrift readers do).
    mutating func i32(_ t: ThriftType) throws -> Int32? {
        guard t == .i32 || t == .i16 || t == .byte else { try skip(t); return nil }
        if t == .byte { return Int32(Int8(bitPattern: try readByte())) }
        return try readI32()
    }

    mutating func i64(_ t: ThriftType) throws -> Int64? {
        guard t == .i64 || t == .i32 || t == .i16 else { try skip(t); return nil }
        return try readI64()
    }

    mutating func string(_ t: ThriftType) throws -> String? {
        guard t == .binary else { try skip(t); return nil }
        return try readString()
    }

    func bool(_ t: ThriftType) -> Bool? {
        switch t {
        case .boolTrue: return true
        case .boolFalse: return false
        default: return nil
        }
    }

    /// Reads a list whose elements are read by `element`; other types are skipped.
    mutating func list<T>(_ t: ThriftType, _ element: (inout ThriftCompactReader, ThriftType) throws -> T?) throws -> [T] {
        guard t == .list || t == .set else { try skip(t); return [] }
        let (n, et) = try readListHeader()
        var out: [T] = []
        out.reserveCapacity(min(n, 4096))
        try nested {
            for _ in 0..<n {
                if let v = try element(&$0, et) { out.append(v) }
            }
        }
        return out
    }
}
