// HTTP responses stored in WARC records: tolerant head parsing, de-chunking, content decoding.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// The head of an HTTP response (status line and the headers Sieve needs).
public struct HTTPResponseHead: Sendable {
    /// The status code (e.g. 200, 301, 404).
    public var status: Int
    /// The `Content-Type` header as written.
    public var contentType: String?
    /// `Transfer-Encoding` contains `chunked`.
    public var chunked: Bool
    /// `Content-Encoding`, trimmed and lowercased (`gzip`, `deflate`, `br`, …); nil when absent.
    public var contentEncoding: String?
    /// Where the body starts in the record block.
    public var bodyOffset: Int
}

/// Parsing and decoding of HTTP messages as stored in WARC `response` records.
public enum HTTPPayload {
    /// Parses the status line and headers at the start of `block`. Tolerates bare LF line ends,
    /// folded headers and junk lines; a head without its empty line ends at the end of the block.
    /// Returns nil when there is no `HTTP/x.y NNN` status line.
    public static func parseResponseHead(_ block: UnsafeRawBufferPointer) -> HTTPResponseHead? {
        guard let base = block.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let n = block.count
        var p = 0
        while p < n && (base[p] == 0x0D || base[p] == 0x0A || base[p] == 0x20 || base[p] == 0x09) { p += 1 }
        func lineEnd(_ from: Int) -> Int {
            guard from < n, let q = memchr(base + from, 0x0A, n - from) else { return n }
            return UnsafeRawPointer(q).assumingMemoryBound(to: UInt8.self) - UnsafePointer(base)
        }
        // Status line: HTTP/1.1 200 OK (any protocol token is accepted, like warcio: `HTTPX/1.1 200`).
        guard p < n, (base[p] | 0x20) >= 0x61, (base[p] | 0x20) <= 0x7A else { return nil }
        let sEnd = lineEnd(p)
        var i = p
        while i < sEnd && base[i] != 0x20 && base[i] != 0x09 { i += 1 }
        while i < sEnd && (base[i] == 0x20 || base[i] == 0x09) { i += 1 }
        var status = 0
        var digits = 0
        while i < sEnd && digits < 3 && base[i] >= 0x30 && base[i] <= 0x39 {
            status = status * 10 + Int(base[i] - 0x30)
            digits += 1
            i += 1
        }
        guard digits == 3 else { return nil }
        var head = HTTPResponseHead(status: status, contentType: nil, chunked: false, contentEncoding: nil, bodyOffset: n)
        var line = sEnd + 1
        var last = -1  // which tracked header the previous line was (for folded continuations)
        while line < n {
            let nl = lineEnd(line)
            var e = nl
            while e > line && base[e - 1] == 0x0D { e -= 1 }
            defer { line = nl + 1 }
            if e == line {
                head.bodyOffset = min(nl + 1, n)
                return head
            }
            if base[line] == 0x20 || base[line] == 0x09 {
                let v = value(base, line, e)
                if last == 0, let ct = head.contentType { head.contentType = ct + " " + v }
                continue
            }
            guard let c = memchr(base + line, 0x3A, e - line) else { last = -1; continue }
            let colon = UnsafeRawPointer(c).assumingMemoryBound(to: UInt8.self) - UnsafePointer(base)
            last = -1
            if nameIs(base, line, colon, "content-type") {
                if head.contentType == nil { head.contentType = value(base, colon + 1, e); last = 0 }
            } else if nameIs(base, line, colon, "transfer-encoding") {
                if containsChunked(base, colon + 1, e) { head.chunked = true }
            } else if nameIs(base, line, colon, "content-encoding") {
                let v = value(base, colon + 1, e).lowercased()
                if !v.isEmpty && head.contentEncoding == nil { head.contentEncoding = v }
            }
        }
        return head
    }

    private static func containsChunked(_ base: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let word: [UInt8] = Array("chunked".utf8)
        guard e - s >= word.count else { return false }
        for i in s...(e - word.count) {
            var same = true
            for k in 0..<word.count where base[i + k] | 0x20 != word[k] { same = false; break }
            if same { return true }
        }
        return false
    }

    private static func nameIs(_ base: UnsafePointer<UInt8>, _ s: Int, _ colon: Int, _ name: StaticString) -> Bool {
        var e = colon
        while e > s && (base[e - 1] == 0x20 || base[e - 1] == 0x09) { e -= 1 }
        guard e - s == name.utf8CodeUnitCount else { return false }
        let np = name.utf8Start
        for i in 0..<(e - s) {
            var c = base[s + i]
            if c >= 0x41 && c <= 0x5A { c |= 0x20 }
            if c != np[i] { return false }
        }
        return true
    }

    private static func value(_ base: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> String {
        var s = s, e = e
        while s < e && (base[s] == 0x20 || base[s] == 0x09) { s += 1 }
        while e > s && (base[e - 1] == 0x20 || base[e - 1] == 0x09) { e -= 1 }
        return String(decoding: UnsafeBufferPointer(start: base + s, count: e - s), as: UTF8.self)
    }

    /// Splits a Content-Type value into its media type (lowercased, no parameters) and its
    /// `charset` parameter (lowercased, unquoted).
    public static func splitContentType(_ value: String?) -> (type: String?, charset: String?) {
        guard var value else { return (nil, nil) }
        return value.withUTF8 { u -> (String?, String?) in
            let n = u.count
            func lower(_ s: Int, _ e: Int) -> String? {
                var s = s, e = e
                while s < e && isSpace(u[s]) { s += 1 }
                while e > s && isSpace(u[e - 1]) { e -= 1 }
                if s < e && (u[s] == 0x22 || u[s] == 0x27) { s += 1 }
                if e > s && (u[e - 1] == 0x22 || u[e - 1] == 0x27) { e -= 1 }
                guard s < e else { return nil }
                return String(unsafeUninitializedCapacity: e - s) { out in
                    for i in s..<e { let c = u[i]; out[i - s] = (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c }
                    return e - s
                }
            }
            var semi = 0
            while semi < n && u[semi] != 0x3B { semi += 1 }
            let type = lower(0, semi)
            var charset: String?
            var p = semi + 1
            while p < n {
                var e = p
                while e < n && u[e] != 0x3B { e += 1 }
                var s = p
                while s < e && isSpace(u[s]) { s += 1 }
                if e - s > 8 {
                    let name: [UInt8] = [0x63, 0x68, 0x61, 0x72, 0x73, 0x65, 0x74]  // "charset"
                    var same = true
                    for i in 0..<7 where u[s + i] | 0x20 != name[i] { same = false; break }
                    var q = s + 7
                    while q < e && isSpace(u[q]) { q += 1 }
                    if same && q < e && u[q] == 0x3D, charset == nil { charset = lower(q + 1, e) }
                }
                p = e + 1
            }
            return (type, charset)
        }
    }

    @inline(__always) private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A }

    /// True when `s` starts with the ASCII `prefix`, ignoring case.
    static func hasPrefixIgnoringCase(_ s: String?, _ prefix: StaticString) -> Bool {
        guard var s else { return false }
        let n = prefix.utf8CodeUnitCount
        let p = prefix.utf8Start
        return s.withUTF8 { u in
            guard u.count >= n else { return false }
            for i in 0..<n {
                var c = u[i]
                if c >= 0x41 && c <= 0x5A { c |= 0x20 }
                if c != p[i] { return false }
            }
            return true
        }
    }

    /// Removes chunked transfer coding from `body`. Like common archive readers, data that
    /// stops looking chunked is taken as is from there on, and a cut-off last chunk is kept.
    public static func dechunk(_ body: UnsafeRawBufferPointer) -> [UInt8] {
        guard let base = body.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return [] }
        let n = body.count
        var out: [UInt8] = []
        out.reserveCapacity(n)
        var p = 0
        func rest(from q: Int) { out.append(contentsOf: UnsafeBufferPointer(start: base + q, count: n - q)) }
        while p < n {
            let lineStart = p
            guard let q = memchr(base + p, 0x0A, min(n - p, 64)) else { rest(from: lineStart); return out }
            let nl = UnsafeRawPointer(q).assumingMemoryBound(to: UInt8.self) - UnsafePointer(base)
            var e = nl
            if e > p && base[e - 1] == 0x0D { e -= 1 }
            var size = 0
            var digits = 0
            var i = p
            while i < e && (base[i] == 0x20 || base[i] == 0x09) { i += 1 }
            while i < e, let d = hexValue(base[i]), digits < 8 {
                size = size * 16 + d
                digits += 1
                i += 1
            }
            while i < e && (base[i] == 0x20 || base[i] == 0x09) { i += 1 }
            guard digits > 0, i == e || base[i] == 0x3B else { rest(from: lineStart); return out }
            p = nl + 1
            if size == 0 { return out }
            let take = min(size, n - p)
            out.append(contentsOf: UnsafeBufferPointer(start: base + p, count: take))
            p += take
            if take < size { return out }
            // Chunk terminator CRLF (bare LF tolerated).
            if p < n && base[p] == 0x0D { p += 1 }
            if p < n && base[p] == 0x0A { p += 1 } else if p < n { rest(from: p); return out }
        }
        return out
    }

    @inline(__always) private static func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case 0x30...0x39: return Int(c - 0x30)
        case 0x41...0x46: return Int(c - 0x41 + 10)
        case 0x61...0x66: return Int(c - 0x61 + 10)
        default: return nil
        }
    }
}

/// Why a body could not be decoded.
public enum BodyDecodeError: Error, Sendable {
    /// The Content-Encoding is unknown or its data is corrupt after the start.
    case badContentEncoding(String)
    /// The decoded body exceeds the limit.
    case tooLarge
}

/// Decodes Content-Encoding gzip/deflate (raw or zlib-wrapped); reusable across records.
public final class ContentDecoder {
    private var zs = z_stream()
    private var active = false
    private var scratch: UnsafeMutablePointer<UInt8>
    private static let scratchSize = 1 << 18

    public init() { scratch = .allocate(capacity: Self.scratchSize) }
    deinit {
        if active { inflateEnd(&zs) }
        scratch.deallocate()
    }

    /// Decodes `data` encoded with `encoding` (`gzip`, `x-gzip`, `deflate`; `identity` or nil:
    /// unchanged). Data that does not start like the declared encoding is returned as is (servers
    /// often mislabel); an unknown encoding or data corrupt after its start throws.
    public func decode(_ data: UnsafeRawBufferPointer, encoding: String?, limit: Int) throws -> [UInt8] {
        switch encoding {
        case nil, "identity", "none", "":
            return Array(UnsafeRawBufferPointer(data))
        case "gzip", "x-gzip":
            if let out = try inflate(data, windowBits: 15 + 16, limit: limit) { return out }
            return Array(data)
        case "deflate":
            if let out = try inflate(data, windowBits: 15, limit: limit) { return out }
            if let out = try inflate(data, windowBits: -15, limit: limit) { return out }
            return Array(data)
        default:
            throw BodyDecodeError.badContentEncoding(encoding ?? "")
        }
    }

    /// Inflates `data`; nil when it fails before producing any output (not this encoding).
    private func inflate(_ data: UnsafeRawBufferPointer, windowBits: Int32, limit: Int) throws -> [UInt8]? {
        if data.isEmpty { return [] }
        if active {
            guard inflateReset2(&zs, windowBits) == Z_OK else { return nil }
        } else {
            zs = z_stream()
            guard czlib_inflateInit2(&zs, windowBits) == Z_OK else { return nil }
            active = true
        }
        var out: [UInt8] = []
        out.reserveCapacity(min(limit, data.count * 4))
        zs.next_in = UnsafeMutablePointer(mutating: data.baseAddress!.assumingMemoryBound(to: Bytef.self))
        zs.avail_in = uInt(data.count)
        while true {
            zs.next_out = scratch
            zs.avail_out = uInt(Self.scratchSize)
            let rc = CZlib.inflate(&zs, Z_NO_FLUSH)
            let produced = Self.scratchSize - Int(zs.avail_out)
            if produced > 0 {
                if out.count + produced > limit { throw BodyDecodeError.tooLarge }
                out.append(contentsOf: UnsafeBufferPointer(start: scratch, count: produced))
            }
            switch rc {
            case Z_STREAM_END:
                return out
            case Z_OK:
                if zs.avail_in == 0 && produced < Self.scratchSize { return out }  // cut off: keep what we have
            case Z_BUF_ERROR:
                return out
            default:
                if out.isEmpty { return nil }
                throw BodyDecodeError.badContentEncoding("corrupt")
            }
        }
    }
}
