// Page decompression: SNAPPY (Debian's libsnappy), ZSTD (libzstd), GZIP (zlib), UNCOMPRESSED.
import CSnappy
import CZlib
import CZstd

/// Decompresses Parquet pages into a reusable buffer.
struct PageDecompressor {
    let codec: CompressionCodec
    private var zstd: OpaquePointer?

    init(codec: CompressionCodec) throws {
        switch codec {
        case .uncompressed, .snappy, .gzip, .zstd: break
        default: throw ParquetError.unsupported("compression codec \(codec) is not supported (Sieve reads SNAPPY, ZSTD, GZIP and UNCOMPRESSED)")
        }
        self.codec = codec
    }

    /// Frees the zstd context (call once when done).
    mutating func close() {
        if let z = zstd { ZSTD_freeDCtx(z) }
        zstd = nil
    }

    /// Decompresses `input` (exactly `expected` bytes of output) into `out`, replacing its contents.
    mutating func decompress(_ input: UnsafeRawBufferPointer, expected: Int, into out: inout [UInt8]) throws {
        guard expected >= 0 else { throw ParquetError.corrupt("negative uncompressed page size") }
        if codec == .uncompressed {
            guard input.count == expected else {
                throw ParquetError.corrupt("uncompressed page of \(input.count) bytes, header says \(expected)")
            }
            out.removeAll(keepingCapacity: true)
            out.append(contentsOf: input)
            return
        }
        if out.count < expected {
            out.reserveCapacity(expected)
            out.append(contentsOf: repeatElement(0, count: expected - out.count))
        } else if out.count > expected {
            out.removeLast(out.count - expected)
        }
        if expected == 0 { return }
        let codec = self.codec
        var produced = 0
        var failure: String?
        if codec == .zstd, zstd == nil { zstd = ZSTD_createDCtx() }
        let z = zstd
        out.withUnsafeMutableBytes { dst in
            guard let d = dst.baseAddress, let s = input.baseAddress ?? UnsafeRawPointer(bitPattern: 1) else {
                failure = "no buffer"
                return
            }
            switch codec {
            case .snappy:
                var len = 0
                guard snappy_uncompressed_length(s.assumingMemoryBound(to: CChar.self), input.count, &len) == SNAPPY_OK,
                      len == expected else {
                    failure = "bad snappy data (length header does not match the page header's \(expected) bytes)"
                    return
                }
                var outLen = expected
                guard snappy_uncompress(s.assumingMemoryBound(to: CChar.self), input.count,
                                        d.assumingMemoryBound(to: CChar.self), &outLen) == SNAPPY_OK else {
                    failure = "bad snappy data"
                    return
                }
                produced = outLen
            case .zstd:
                let r = ZSTD_decompressDCtx(z, d, expected, s, input.count)
                if ZSTD_isError(r) != 0 {
                    failure = "bad zstd data: " + String(cString: ZSTD_getErrorName(r))
                    return
                }
                produced = r
            case .gzip:
                var strm = z_stream()
                guard czlib_inflateInit2(&strm, 15 + 32) == Z_OK else { failure = "zlib init failed"; return }
                defer { inflateEnd(&strm) }
                strm.next_in = UnsafeMutablePointer(mutating: s.assumingMemoryBound(to: Bytef.self))
                strm.avail_in = uInt(input.count)
                strm.next_out = d.assumingMemoryBound(to: Bytef.self)
                strm.avail_out = uInt(expected)
                var rc = Z_OK
                // Concatenated gzip members are allowed.
                while true {
                    rc = inflate(&strm, Z_FINISH)
                    if rc == Z_STREAM_END, strm.avail_in > 0, strm.avail_out > 0 {
                        guard inflateReset(&strm) == Z_OK else { break }
                        continue
                    }
                    break
                }
                guard rc == Z_STREAM_END || (rc == Z_BUF_ERROR && strm.avail_out == 0) || rc == Z_OK else {
                    failure = "bad gzip data (zlib error \(rc))"
                    return
                }
                produced = expected - Int(strm.avail_out)
            default:
                failure = "unsupported codec"
            }
        }
        if let failure { throw ParquetError.corrupt(failure) }
        guard produced == expected else {
            throw ParquetError.corrupt("page decompressed to \(produced) bytes, header says \(expected)")
        }
    }
}
