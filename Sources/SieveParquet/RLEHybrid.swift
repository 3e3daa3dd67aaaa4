// The RLE / bit-packing hybrid encoding (parquet-format Encodings.md), used for definition levels,
// dictionary indices and RLE booleans.

/// Decodes RLE/bit-packed hybrid runs from a byte range. Bounds-checked: damaged data throws.
struct RLEHybridDecoder {
    private let bytes: UnsafeRawBufferPointer
    private var position: Int
    private let end: Int
    private let bitWidth: Int
    private let byteWidth: Int
    private let mask: UInt64

    init(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, bitWidth: Int) throws {
        guard bitWidth >= 0, bitWidth <= 32 else { throw ParquetError.corrupt("RLE bit width \(bitWidth) out of range") }
        guard start >= 0, start <= end, end <= bytes.count else { throw ParquetError.corrupt("RLE data past the end of the page") }
        self.bytes = bytes
        self.position = start
        self.end = end
        self.bitWidth = bitWidth
        self.byteWidth = (bitWidth + 7) / 8
        self.mask = bitWidth == 64 ? ~0 : (UInt64(1) << UInt64(bitWidth)) - 1
    }

    private mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw ParquetError.corrupt("RLE run header past the end of the data") }
            let b = bytes[position]
            position += 1
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw ParquetError.corrupt("RLE run header too long") }
        }
    }

    /// Appends exactly `count` decoded values to `out`.
    mutating func decode(_ count: Int, into out: inout [UInt32]) throws {
        var remaining = count
        out.reserveCapacity(out.count + count)
        while remaining > 0 {
            let header = try varint()
            if header & 1 == 0 {
                // RLE run: the value repeated `header >> 1` times, in byteWidth little-endian bytes.
                let runLength = header >> 1
                guard runLength > 0 else { throw ParquetError.corrupt("empty RLE run") }
                guard end - position >= byteWidth else { throw ParquetError.corrupt("RLE value past the end of the data") }
                var v: UInt32 = 0
                for i in 0..<byteWidth { v |= UInt32(bytes[position + i]) << UInt32(8 * i) }
                position += byteWidth
                let n = Int(min(runLength, UInt64(remaining)))
                out.append(contentsOf: repeatElement(v, count: n))
                remaining -= n
            } else {
                // Bit-packed run of (header >> 1) groups of 8 values.
                let groups = header >> 1
                guard groups > 0, groups <= UInt64(Int32.max) else { throw ParquetError.corrupt("bad bit-packed run") }
                let values = Int(groups) * 8
                let runBytes = Int(groups) * bitWidth
                let n = min(values, remaining)
                let needBytes = (n * bitWidth + 7) / 8
                guard end - position >= needBytes else { throw ParquetError.corrupt("bit-packed run past the end of the data") }
                if bitWidth == 0 {
                    out.append(contentsOf: repeatElement(0, count: n))
                } else {
                    let base = position
                    let limit = min(end, position + runBytes)
                    for i in 0..<n {
                        let bit = i * bitWidth
                        let at = base + (bit >> 3)
                        var word: UInt64 = 0
                        let avail = min(8, limit - at)
                        if avail == 8 {
                            word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
                        } else {
                            for k in 0..<avail { word |= UInt64(bytes[at + k]) << UInt64(8 * k) }
                        }
                        out.append(UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask))
                    }
                }
                position = min(end, position + runBytes)
                remaining -= n
            }
        }
    }
}
