// Sequential reading of plain, gzip (multi-member) and zstd (multi-frame) files.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibDeflate
import CZlib
import CZstd

/// How a file is compressed.
public enum Compression: String, Sendable {
    case none, gzip, zstd

    /// From the file's first bytes (magic numbers); a name ending is only a fallback.
    public static func detect(magic: [UInt8], path: String) -> Compression {
        if magic.count >= 2, magic[0] == 0x1F, magic[1] == 0x8B { return .gzip }
        if magic.count >= 4, magic[0] == 0x28, magic[1] == 0xB5, magic[2] == 0x2F, magic[3] == 0xFD { return .zstd }
        if magic.count >= 4, magic[1] == 0x2A, magic[2] == 0x4D, magic[3] == 0x18, magic[0] & 0xF0 == 0x50 {
            return .zstd  // a skippable frame first (e.g. a .warc.zst dictionary)
        }
        if magic.isEmpty {
            if path.hasSuffix(".gz") { return .gzip }
            if path.hasSuffix(".zst") { return .zstd }
        }
        return .none
    }
}

/// An I/O or decoding problem, naming the file and the (compressed) byte offset.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var offset: Int64
    public var message: String
    public init(path: String, offset: Int64, message: String) {
        self.path = path
        self.offset = offset
        self.message = message
    }
    public var description: String { "\(path): at byte \(offset): \(message)" }
}

/// A file read sequentially, decompressed transparently.
///
/// It remembers where each gzip member / zstd frame starts, both in the decoded stream and in
/// the file, so that a reader can report the file offset of a record (as CDX indexes do for
/// `.warc.gz`: the offset of the gzip member that holds the record). After a decoding error,
/// `resync()` skips to the next member or frame so that the rest of the file can still be read.
public final class DecodedFile {
    public let path: String
    public let compression: Compression
    /// Size of the file on disk.
    public let fileSize: Int64

    private var fd: Int32
    private var raw: [UInt8]            // compressed bytes read but not yet consumed: raw[rawPos..<rawEnd]
    private var rawPos = 0
    private var rawEnd = 0
    private var rawFileOffset: Int64 = 0  // file offset of raw[0]
    private var rawEOF = false

    private var zs = z_stream()
    private var zsActive = false
    /// Whole-member gzip decoder, tried first on each member that starts in the buffer.
    private var deflater: OpaquePointer?
    /// True between a member's start and the first attempt to decode it.
    private var memberFresh = false
    private var zstd: OpaquePointer?
    private var needNewMember = true
    /// File offset where a run of zero bytes between members began.
    private var zeroRunStart: Int64?
    /// A decoding error met after some output was produced: reported on the next read.
    private var pendingError: InputError?

    /// Decoded bytes returned so far.
    public private(set) var decodedOffset: Int64 = 0
    /// (decoded offset, file offset) of the starts of recent members/frames, ascending.
    private var members: [(decoded: Int64, file: Int64)] = []

    public static let chunkSize = 1 << 20

    public init(path: String, compression: Compression? = nil) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw InputError(path: path, offset: 0, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        var st = stat()
        fstat(fd, &st)
        fileSize = Int64(st.st_size)
        raw = [UInt8](repeating: 0, count: Self.chunkSize)
        var magic = [UInt8](repeating: 0, count: 4)
        let n = pread(fd, &magic, 4, 0)
        magic = Array(magic.prefix(max(0, n)))
        self.compression = compression ?? Compression.detect(magic: magic, path: path)
        if self.compression == .zstd {
            zstd = ZSTD_createDStream()
            ZSTD_initDStream(zstd)
            loadLeadingZstdDictionary()
        }
        if self.compression == .none { members = [(0, 0)] }
    }

    /// The IIPC `.warc.zst` layout starts with a skippable frame (magic 0x184D2A5D) holding the
    /// dictionary the record frames were compressed with (itself possibly zstd-compressed).
    /// Loads it; the frame is then skipped like any skippable frame.
    private func loadLeadingZstdDictionary() {
        var head = [UInt8](repeating: 0, count: 8)
        guard pread(fd, &head, 8, 0) == 8, head[0] == 0x5D, head[1] == 0x2A, head[2] == 0x4D, head[3] == 0x18 else { return }
        let size = Int(head[4]) | Int(head[5]) << 8 | Int(head[6]) << 16 | Int(head[7]) << 24
        guard size > 0, Int64(size) <= fileSize - 8 else { return }
        var dict = [UInt8](repeating: 0, count: size)
        guard pread(fd, &dict, size, 8) == size else { return }
        if size >= 4, dict[0] == 0x28, dict[1] == 0xB5, dict[2] == 0x2F, dict[3] == 0xFD {
            // A compressed dictionary (its content size may be unknown): stream-decompress it.
            guard let ds = ZSTD_createDStream() else { return }
            defer { ZSTD_freeDStream(ds) }
            var plain: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            var ret = 0
            dict.withUnsafeBytes { src in
                var input = ZSTD_inBuffer(src: src.baseAddress, size: size, pos: 0)
                repeat {
                    ret = chunk.withUnsafeMutableBytes { dst in
                        var output = ZSTD_outBuffer(dst: dst.baseAddress, size: dst.count, pos: 0)
                        let r = ZSTD_decompressStream(ds, &output, &input)
                        plain.append(contentsOf: dst.prefix(output.pos))
                        return r
                    }
                } while ZSTD_isError(ret) == 0 && ret != 0 && input.pos < input.size && plain.count < (1 << 30)
            }
            guard ZSTD_isError(ret) == 0 else { return }
            dict = plain
        }
        _ = ZSTD_DCtx_loadDictionary(zstd, dict, dict.count)
    }

    deinit {
        if zsActive { inflateEnd(&zs) }
        if let deflater { libdeflate_free_decompressor(deflater) }
        if let zstd { ZSTD_freeDStream(zstd) }
        if fd >= 0 { close(fd) }
    }

    /// File offset of the next unconsumed compressed byte.
    public var fileOffset: Int64 { rawFileOffset + Int64(rawPos) }

    /// The file offset of the member/frame that holds decoded byte `offset` (for plain files,
    /// the offset itself). Forgets members that end before `offset`: ask in ascending order.
    public func fileOffset(forDecoded offset: Int64) -> Int64 {
        if compression == .none { return offset }
        var idx = -1
        var lo = 0, hi = members.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if members[mid].decoded <= offset { idx = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        guard idx >= 0 else { return members.first?.file ?? 0 }
        // Prefer the latest member starting exactly at `offset` over earlier empty ones.
        let result = members[idx].file
        if idx > 64 { members.removeFirst(idx - 1) }
        return result
    }

    private func refill() throws {
        if rawPos > 0 {
            let remaining = rawEnd - rawPos
            if remaining > 0 {
                raw.withUnsafeMutableBytes { b in
                    _ = memmove(b.baseAddress!, b.baseAddress! + rawPos, remaining)
                }
            }
            rawFileOffset += Int64(rawPos)
            rawEnd = remaining
            rawPos = 0
        }
        if rawEnd == raw.count { raw.append(contentsOf: [UInt8](repeating: 0, count: raw.count)) }
        let n = raw.withUnsafeMutableBytes { b in
            Glibc.read(fd, b.baseAddress! + rawEnd, b.count - rawEnd)
        }
        if n < 0 { throw InputError(path: path, offset: fileOffset, message: "read failed: \(String(cString: strerror(errno)))") }
        if n == 0 { rawEOF = true }
        rawEnd += n
    }

    /// Reads decoded bytes into `buffer`; returns 0 only at the end of the file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        if let e = pendingError {
            pendingError = nil
            throw e
        }
        while true {
            let n: Int
            switch compression {
            case .none: n = try readPlain(buffer)
            case .gzip: n = try readGzip(buffer)
            case .zstd: n = try readZstd(buffer)
            }
            if n > 0 {
                decodedOffset += Int64(n)
                return n
            }
            // At the end of the file inside a member/frame, the next call reports it as truncated.
            if rawEOF && rawPos == rawEnd && (compression == .none || needNewMember) { return 0 }
        }
    }

    private func readPlain(_ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if rawPos < rawEnd {
            let n = min(buffer.count, rawEnd - rawPos)
            raw.withUnsafeBytes { b in buffer.baseAddress!.copyMemory(from: b.baseAddress! + rawPos, byteCount: n) }
            rawPos += n
            return n
        }
        if rawEOF { return 0 }
        if buffer.count >= 1 << 16 {
            // A large request: read straight into it (no copy through `raw`).
            let n = Glibc.read(fd, buffer.baseAddress!, buffer.count)
            if n < 0 { throw InputError(path: path, offset: fileOffset, message: "read failed: \(String(cString: strerror(errno)))") }
            if n == 0 { rawEOF = true }
            rawFileOffset += Int64(n)
            return n
        }
        try refill()
        return 0
    }

    private func readGzip(_ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if rawPos == rawEnd {
            if rawEOF {
                if !needNewMember {
                    throw InputError(path: path, offset: members.last?.file ?? 0,
                                     message: "truncated gzip member (the file ends inside it)")
                }
                return 0
            }
            try refill()
            return 0
        }
        if needNewMember {
            // Trailing zero padding after the last member is tolerated; zeros followed by more
            // data belong to whatever follows (a member, or garbage reported from the first zero).
            if raw[rawPos] == 0 {
                if zeroRunStart == nil { zeroRunStart = fileOffset }
                while rawPos < rawEnd && raw[rawPos] == 0 { rawPos += 1 }
                return 0
            }
            if zsActive { inflateReset(&zs) } else {
                zs = z_stream()
                guard czlib_inflateInit2(&zs, 15 + 16) == Z_OK else {
                    throw InputError(path: path, offset: fileOffset, message: "zlib init failed")
                }
                zsActive = true
            }
            members.append((decodedOffset, zeroRunStart ?? fileOffset))
            zeroRunStart = nil
            needNewMember = false
            memberFresh = true
        }
        if memberFresh {
            memberFresh = false
            if let n = decodeWholeMember(buffer) { return n }
            // A member cut by the end of the buffer: move it to the front, read on, try again.
            if !rawEOF && rawPos > 0 && rawEnd - rawPos < raw.count / 2 {
                try refill()
                if let n = decodeWholeMember(buffer) { return n }
            }
        }
        let avail = rawEnd - rawPos
        var produced = 0
        var rc: Int32 = Z_OK
        raw.withUnsafeMutableBytes { rb in
            zs.next_in = rb.baseAddress!.assumingMemoryBound(to: Bytef.self) + rawPos
            zs.avail_in = uInt(avail)
            zs.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
            zs.avail_out = uInt(buffer.count)
            rc = inflate(&zs, Z_NO_FLUSH)
            produced = buffer.count - Int(zs.avail_out)
            rawPos += avail - Int(zs.avail_in)
        }
        switch rc {
        case Z_OK, Z_BUF_ERROR:
            if produced == 0 && rawPos == rawEnd && !rawEOF { try refill() }
            if produced == 0 && rawPos == rawEnd && rawEOF {
                throw InputError(path: path, offset: members.last?.file ?? 0,
                                 message: "truncated gzip member (the file ends inside it)")
            }
        case Z_STREAM_END:
            needNewMember = true
        default:
            let msg = zs.msg.map { String(cString: $0) } ?? "code \(rc)"
            let e = InputError(path: path, offset: members.last?.file ?? 0, message: "corrupt gzip data: \(msg)")
            if produced == 0 { throw e }
            pendingError = e
        }
        return produced
    }

    /// Decodes the member starting at `rawPos` in one call when it lies wholly in the buffer and
    /// its output fits `buffer` (libdeflate checks the CRC and size); nil leaves everything as it
    /// was, for zlib to stream the member (and to report any error exactly as it would).
    private func decodeWholeMember(_ buffer: UnsafeMutableRawBufferPointer) -> Int? {
        if deflater == nil { deflater = libdeflate_alloc_decompressor() }
        guard let deflater else { return nil }
        var consumed = 0
        var produced = 0
        let rc = raw.withUnsafeBytes { rb in
            libdeflate_gzip_decompress_ex(deflater, rb.baseAddress! + rawPos, rawEnd - rawPos,
                                          buffer.baseAddress!, buffer.count, &consumed, &produced)
        }
        guard rc == LIBDEFLATE_SUCCESS, consumed > 0 else { return nil }
        rawPos += consumed
        needNewMember = true
        return produced
    }

    private func readZstd(_ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if rawPos == rawEnd {
            if rawEOF {
                if !needNewMember {
                    // The decoder may still hold output of the last frame (when the output was full).
                    var ret = 0
                    var output = ZSTD_outBuffer(dst: buffer.baseAddress!, size: buffer.count, pos: 0)
                    var input = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
                    ret = ZSTD_decompressStream(zstd, &output, &input)
                    if ZSTD_isError(ret) == 0 {
                        if ret == 0 { needNewMember = true }
                        if output.pos > 0 || ret == 0 { return output.pos }
                    }
                    throw InputError(path: path, offset: members.last?.file ?? 0,
                                     message: "truncated zstd frame (the file ends inside it)")
                }
                return 0
            }
            try refill()
            return 0
        }
        if needNewMember {
            members.append((decodedOffset, fileOffset))
            needNewMember = false
        }
        var produced = 0
        var ret = 0
        raw.withUnsafeMutableBytes { rb in
            var input = ZSTD_inBuffer(src: rb.baseAddress! + rawPos, size: rawEnd - rawPos, pos: 0)
            var output = ZSTD_outBuffer(dst: buffer.baseAddress!, size: buffer.count, pos: 0)
            ret = ZSTD_decompressStream(zstd, &output, &input)
            rawPos += input.pos
            produced = output.pos
        }
        if ZSTD_isError(ret) != 0 {
            let msg = String(cString: ZSTD_getErrorName(ret))
            let e = InputError(path: path, offset: members.last?.file ?? 0, message: "corrupt zstd data: \(msg)")
            if produced == 0 { throw e }
            pendingError = e
        }
        if ret == 0 { needNewMember = true }
        return produced
    }

    /// After a decoding error: skips to the next plausible gzip member / zstd frame start
    /// after the failing one. Returns false when none is left (the file ends).
    public func resync() throws -> Bool {
        pendingError = nil
        guard compression != .none else { return false }
        let failedStart = members.last?.file ?? fileOffset
        // Position just after the failing member's start, then scan for a magic number.
        if failedStart + 1 > rawFileOffset && failedStart + 1 <= rawFileOffset + Int64(rawEnd) {
            rawPos = Int(failedStart + 1 - rawFileOffset)
        } else {
            lseek(fd, off_t(failedStart + 1), SEEK_SET)
            rawFileOffset = failedStart + 1
            rawPos = 0
            rawEnd = 0
            rawEOF = false
        }
        let magic: [UInt8] = compression == .gzip ? [0x1F, 0x8B, 0x08] : [0x28, 0xB5, 0x2F, 0xFD]
        while true {
            while rawPos + magic.count <= rawEnd {
                if raw[rawPos] == magic[0] && raw[rawPos + 1] == magic[1] && raw[rawPos + 2] == magic[2]
                    && (magic.count == 3 || raw[rawPos + 3] == magic[3])
                {
                    needNewMember = true
                    if compression == .zstd { ZSTD_DCtx_reset(zstd, ZSTD_reset_session_only) }
                    return true
                }
                rawPos += 1
            }
            if rawEOF { rawPos = rawEnd; needNewMember = true; return false }
            try refill()
        }
    }
}
