#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SieveIO

/// A domain blocklist (one domain per line, `#` comments), matched against a host and each of
/// its parent domains (`a.b.example.com` is blocked by `example.com` and by `b.example.com`).
///
/// Big lists (UT1's 4.56 M domains) are compiled once into a sorted array of 64-bit hashes
/// (`LIST.sieveidx` next to the list, 8 bytes a domain, rebuilt when the list's size or mtime
/// changes) and memory-mapped, so a task opens them in milliseconds. A false match needs a
/// 64-bit hash collision (about 2.5e-13 per lookup for 4.56 M domains).
public final class URLBlocklist: @unchecked Sendable {
    /// Sorted domain hashes: either mapped from the index file or owned.
    private let mapped: MappedBytes?
    private let owned: [UInt64]
    private let base: UnsafePointer<UInt64>?
    /// Number of domains.
    public let count: Int
    /// Where the compiled index lives (nil when the list was small and kept in memory).
    public let indexPath: String?

    static let magic: [UInt8] = Array("SIEVEBL1".utf8)
    static let headerBytes = 32
    /// Lists larger than this are compiled to an index file.
    public static let compileAboveBytes: Int64 = 1 << 20

    /// Domains given directly (lower-cased, trimmed; empty entries ignored).
    public init(domains: [String]) {
        var hs = domains.compactMap { d -> UInt64? in
            let t = URLBlocklist.trim(Array(d.utf8))
            return t.isEmpty ? nil : URLBlocklist.hash(t[...])
        }
        hs.sort()
        hs = URLBlocklist.unique(hs)
        owned = hs
        mapped = nil
        base = nil
        count = hs.count
        indexPath = nil
    }

    /// Opens the list at `path`, plus `extra` domains. A list above `compileAboveBytes` is read
    /// through its compiled index (`path + ".sieveidx"`, built here when missing or stale; when
    /// the list's folder is read-only the index is kept in memory instead).
    public init(path: String, extra: [String] = []) throws {
        guard let st = URLBlocklist.sourceStat(path) else {
            throw URLBlocklistError(message: "cannot read blocklist \(path): check the path (scripts/setup.sh fetches the UT1 list)")
        }
        let idx = path + ".sieveidx"
        var hashes: [UInt64] = []
        if st.size > URLBlocklist.compileAboveBytes {
            var m = URLBlocklist.openIndex(idx, source: st)
            if m == nil {
                hashes = try URLBlocklist.hashes(ofList: path)
                if (try? URLBlocklist.writeIndex(idx, hashes: hashes, source: st)) != nil {
                    m = URLBlocklist.openIndex(idx, source: st)
                }
            }
            if let m {
                mapped = m
                base = UnsafeRawPointer(m.base + URLBlocklist.headerBytes).assumingMemoryBound(to: UInt64.self)
                count = (m.count - URLBlocklist.headerBytes) / 8
                owned = URLBlocklist.unique(extra.map { URLBlocklist.hash(URLBlocklist.trim(Array($0.utf8))[...]) }.sorted())
                indexPath = idx
                return
            }
        } else {
            hashes = try URLBlocklist.hashes(ofList: path)
        }
        for e in extra {
            let t = URLBlocklist.trim(Array(e.utf8))
            if !t.isEmpty { hashes.append(URLBlocklist.hash(t[...])) }
        }
        hashes.sort()
        owned = URLBlocklist.unique(hashes)
        mapped = nil
        base = nil
        count = owned.count
        indexPath = nil
    }

    /// Compiles `path` into `path + ".sieveidx"` (what `init(path:)` does on first use);
    /// returns the number of distinct domains.
    @discardableResult
    public static func compile(_ path: String) throws -> Int {
        guard let st = sourceStat(path) else { throw URLBlocklistError(message: "cannot read blocklist \(path)") }
        let h = try hashes(ofList: path)
        try writeIndex(path + ".sieveidx", hashes: h, source: st)
        return h.count
    }

    /// The listed domain that blocks `host` (the host itself or its nearest listed parent),
    /// nil when none does. `host` must be lower-case without a trailing dot.
    public func match(host: String) -> String? {
        var h = host
        return h.withUTF8 { p -> String? in
            var i = 0
            while i < p.count {
                if contains(URLBlocklist.hash(p, from: i)) {
                    return String(decoding: UnsafeBufferPointer(rebasing: p[i...]), as: UTF8.self)
                }
                while i < p.count && p[i] != 0x2E { i += 1 }  // next label
                i += 1
            }
            return nil
        }
    }

    /// The lower-cased host of an absolute URL (`https://user@Host.example:8080/x` →
    /// `host.example`), without a trailing dot; nil when the URL has none.
    public static func host(of url: String) -> String? {
        var u = url
        return u.withUTF8 { p -> String? in
            let n = p.count
            var i = 0
            // "://"
            while i + 2 < n && !(p[i] == 0x3A && p[i + 1] == 0x2F && p[i + 2] == 0x2F) { i += 1 }
            guard i + 2 < n else { return nil }
            var s = i + 3
            var e = s
            while e < n && p[e] != 0x2F && p[e] != 0x3F && p[e] != 0x23 && p[e] != 0x5C { e += 1 }
            var k = e
            while k > s { k -= 1; if p[k] == 0x40 { s = k + 1; break } }  // last '@'
            if s < e && p[s] == 0x5B {  // [IPv6]
                var c = s
                while c < e && p[c] != 0x5D { c += 1 }
                guard c < e else { return nil }
                e = c + 1
            } else {
                var c = e
                while c > s { c -= 1; if p[c] == 0x3A { e = c; break } }  // port
            }
            if e > s && p[e - 1] == 0x2E { e -= 1 }
            guard e > s else { return nil }
            var out = [UInt8](UnsafeBufferPointer(rebasing: p[s..<e]))
            var ascii = true
            for j in out.indices {
                if out[j] >= 0x41 && out[j] <= 0x5A { out[j] |= 0x20 } else if out[j] >= 0x80 { ascii = false }
            }
            let h = String(decoding: out, as: UTF8.self)
            return ascii ? h : h.lowercased()
        }
    }

    private func contains(_ h: UInt64) -> Bool {
        if !owned.isEmpty, owned.withUnsafeBufferPointer({ URLBlocklist.search($0, h) }) { return true }
        if let base { return URLBlocklist.search(UnsafeBufferPointer(start: base, count: count), h) }
        return false
    }

    private static func search(_ a: UnsafeBufferPointer<UInt64>, _ h: UInt64) -> Bool {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            let v = a[mid]
            if v == h { return true }
            if v < h { lo = mid + 1 } else { hi = mid }
        }
        return false
    }

    // MARK: hashing

    /// FNV-1a over lower-cased bytes, then a 64-bit finaliser (so hashes spread evenly).
    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBufferPointer { hash($0, from: 0) }
    }

    static func hash(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        guard let base = p.baseAddress else { return h }
        var i = start
        let n = p.count
        while i < n {
            var b = base[i]
            if b >= 0x41 && b <= 0x5A { b |= 0x20 }
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
            i += 1
        }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }

    static func trim(_ b: [UInt8]) -> ArraySlice<UInt8> {
        var s = b[...]
        while let f = s.first, f == 0x20 || f == 0x09 || f == 0x0D || f == 0x0A { s = s.dropFirst() }
        while let l = s.last, l == 0x20 || l == 0x09 || l == 0x0D || l == 0x0A || l == 0x2E { s = s.dropLast() }
        return s
    }

    static func unique(_ sorted: [UInt64]) -> [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(sorted.count)
        for v in sorted where out.last != v { out.append(v) }
        return out
    }

    /// Sorted distinct hashes of the list's domains. Written with raw pointers, `memchr` and a
    /// radix sort so that even a debug build compiles UT1's 123 MB in seconds.
    static func hashes(ofList path: String) throws -> [UInt64] {
        let file: MappedBytes
        do { file = try MappedBytes(path: path) } catch {
            throw URLBlocklistError(message: "cannot read blocklist \(path): \(error)")
        }
        let p = file.base.assumingMemoryBound(to: UInt8.self)
        let n = file.count
        var out = [UInt64](repeating: 0, count: n / 4 + 1)  // a domain line takes at least 4 bytes ("a.b\n")
        var count = 0
        out.withUnsafeMutableBufferPointer { o in
            let op = o.baseAddress!
            var i = 0
            while i < n {
                let nl = memchr(p + i, 0x0A, n - i)
                let e = nl.map { UnsafeRawPointer($0) - UnsafeRawPointer(p) } ?? n
                var s = i
                var end = e
                if let c = memchr(p + s, 0x23, end - s) { end = UnsafeRawPointer(c) - UnsafeRawPointer(p) }  // comment
                while s < end && (p[s] == 0x20 || p[s] == 0x09 || p[s] == 0x0D) { s += 1 }
                while end > s && (p[end - 1] == 0x20 || p[end - 1] == 0x09 || p[end - 1] == 0x0D || p[end - 1] == 0x2E) { end -= 1 }
                if end > s {
                    if count == o.count { break }  // cannot happen: lines are at least 2 bytes
                    op[count] = hash(UnsafeBufferPointer(start: p + s, count: end - s), from: 0)
                    count += 1
                }
                i = e + 1
            }
        }
        out.removeLast(out.count - count)
        radixSort(&out)
        return unique(out)
    }

    /// LSD radix sort, 16 bits a pass.
    static func radixSort(_ a: inout [UInt64]) {
        let n = a.count
        guard n > 1 else { return }
        var tmp = [UInt64](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 1 << 16)
        for pass in 0..<4 {
            let shift = UInt64(16 * pass)
            a.withUnsafeMutableBufferPointer { src in
                tmp.withUnsafeMutableBufferPointer { dst in
                    counts.withUnsafeMutableBufferPointer { c in
                        let sp = src.baseAddress!, dp = dst.baseAddress!, cp = c.baseAddress!
                        for k in 0..<(1 << 16) { cp[k] = 0 }
                        var i = 0
                        while i < n { cp[Int((sp[i] >> shift) & 0xFFFF)] += 1; i += 1 }
                        var sum = 0
                        for k in 0..<(1 << 16) { let v = cp[k]; cp[k] = sum; sum += v }
                        i = 0
                        while i < n {
                            let v = sp[i]
                            let d = Int((v >> shift) & 0xFFFF)
                            dp[cp[d]] = v
                            cp[d] += 1
                            i += 1
                        }
                    }
                }
            }
            swap(&a, &tmp)
        }
    }

    // MARK: index file

    struct SourceStat { var size: Int64; var mtimeNanos: Int64 }

    static func sourceStat(_ path: String) -> SourceStat? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return SourceStat(size: Int64(st.st_size), mtimeNanos: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec))
    }

    static func writeIndex(_ idx: String, hashes: [UInt64], source: SourceStat) throws {
        var out = magic
        func put(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        put(UInt64(bitPattern: source.size))
        put(UInt64(bitPattern: source.mtimeNanos))
        put(UInt64(hashes.count))
        out.reserveCapacity(headerBytes + 8 * hashes.count)
        hashes.withUnsafeBytes { out.append(contentsOf: $0) }  // little-endian hosts (x86-64, arm64)
        let f = try OutputFile(path: idx)
        try f.write(out)
        try f.commit()
    }

    static func openIndex(_ idx: String, source: SourceStat) -> MappedBytes? {
        guard let m = try? MappedBytes(path: idx), m.count >= headerBytes, (m.count - headerBytes) % 8 == 0 else { return nil }
        for k in 0..<8 where m.base.load(fromByteOffset: k, as: UInt8.self) != magic[k] { return nil }
        let size = Int64(bitPattern: UInt64(littleEndian: m.base.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        let mtime = Int64(bitPattern: UInt64(littleEndian: m.base.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
        let n = Int(UInt64(littleEndian: m.base.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
        guard size == source.size, mtime == source.mtimeNanos, n == (m.count - headerBytes) / 8 else { return nil }
        return m
    }
}

/// A read-only memory mapping of a whole file.
final class MappedBytes: @unchecked Sendable {
    let base: UnsafeRawPointer
    let count: Int

    init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw URLBlocklistError(message: "cannot open \(path)") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 0 else { throw URLBlocklistError(message: "cannot map \(path)") }
        guard let p = mmap(nil, Int(st.st_size), PROT_READ, MAP_SHARED, fd, 0), p != MAP_FAILED else {
            throw URLBlocklistError(message: "cannot map \(path)")
        }
        base = UnsafeRawPointer(p)
        count = Int(st.st_size)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), count) }
}

/// A missing or unreadable blocklist.
public struct URLBlocklistError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
