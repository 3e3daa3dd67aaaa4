// Output files: written to a temporary name, hashed while written, renamed into place.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZstd

/// An error writing an output file.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { "\(path): \(message)" }
}

/// A file written sequentially under a temporary name (`NAME.tmp.PID`), optionally zstd-compressed,
/// whose SHA-256 (of the bytes on disk) is computed while it is written. `commit()` flushes,
/// fsyncs and renames it into place; a writer dropped without commit removes its temporary
/// file, and a killed process leaves only `*.tmp` files, which no reader looks at.
public final class OutputFile {
    public let path: String
    public let tempPath: String
    private var fd: Int32
    private var pending: [UInt8] = []
    private var compressed: [UInt8] = []
    private var cctx: OpaquePointer?
    private var hasher = SHA256()
    private var committed = false
    /// Bytes written to disk so far (compressed size for .zst).
    public private(set) var bytesOnDisk: Int64 = 0
    /// Uncompressed bytes handed to `write`.
    public private(set) var bytesWritten: Int64 = 0

    /// Where process `pid` writes `path` until it commits: `PATH.tmp.PID`.
    public static func temporaryPath(_ path: String, pid: Int32) -> String { path + ".tmp.\(pid)" }

    /// The file name and writing process of a temporary file name (`NAME.tmp.PID`); nil for
    /// other names. A killed writer leaves such files behind; a live one renames or removes its own.
    public static func temporaryName(_ name: String) -> (name: Substring, pid: Int32)? {
        let u = name.utf8
        var digits = u.endIndex
        while digits > u.startIndex, case let b = u[u.index(before: digits)], b >= 0x30 && b <= 0x39 {
            digits = u.index(before: digits)
        }
        guard u.distance(from: u.startIndex, to: digits) >= 5 else { return nil }
        let marker = u.index(digits, offsetBy: -5)
        guard u[marker..<digits].elementsEqual(".tmp.".utf8), let pid = Int32(name[digits...]), pid > 0 else { return nil }
        return (name[..<marker], pid)
    }

    /// Opens `path` for writing; compresses with zstd when `path` ends in `.zst` (level 1 by
    /// default: most .zst files are intermediate data read once by the next stage).
    public init(path: String, zstdLevel: Int32 = 1) throws {
        self.path = path
        tempPath = OutputFile.temporaryPath(path, pid: getpid())
        try FileSystem.createDirectories(FileSystem.dirname(path))
        fd = open(tempPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw OutputError(path: path, message: "cannot create: \(String(cString: strerror(errno)))")
        }
        if path.hasSuffix(".zst") {
            cctx = ZSTD_createCCtx()
            ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, zstdLevel)
            ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1)
        }
        pending.reserveCapacity(1 << 20)
    }

    deinit {
        if let cctx { ZSTD_freeCCtx(cctx) }
        if fd >= 0 { close(fd) }
        if !committed { unlink(tempPath) }
    }

    public func write(_ bytes: [UInt8]) throws {
        pending.append(contentsOf: bytes)
        bytesWritten += Int64(bytes.count)
        if pending.count >= 1 << 20 { try flushPending(end: false) }
    }

    public func write(_ string: String) throws { try write(Array(string.utf8)) }

    /// Lets `body` append bytes straight to the pending buffer (no intermediate copy).
    public func append(_ body: (inout [UInt8]) -> Void) throws {
        let before = pending.count
        body(&pending)
        bytesWritten += Int64(pending.count - before)
        if pending.count >= 1 << 20 { try flushPending(end: false) }
    }

    private func writeRaw(_ p: UnsafeRawBufferPointer) throws {
        hasher.update(p)
        var off = 0
        while off < p.count {
            let n = Glibc.write(fd, p.baseAddress! + off, p.count - off)
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputError(path: path, message: "write failed: \(String(cString: strerror(errno)))")
            }
            off += n
        }
        bytesOnDisk += Int64(p.count)
    }

    private func flushPending(end: Bool) throws {
        guard let cctx else {
            try pending.withUnsafeBytes { try writeRaw($0) }
            pending.removeAll(keepingCapacity: true)
            return
        }
        if compressed.count < ZSTD_CStreamOutSize() { compressed = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize()) }
        try pending.withUnsafeBytes { src in
            var input = ZSTD_inBuffer(src: src.baseAddress, size: src.count, pos: 0)
            while true {
                var remaining = 0
                var produced = 0
                compressed.withUnsafeMutableBytes { dst in
                    var output = ZSTD_outBuffer(dst: dst.baseAddress, size: dst.count, pos: 0)
                    remaining = ZSTD_compressStream2(cctx, &output, &input, end ? ZSTD_e_end : ZSTD_e_continue)
                    produced = output.pos
                }
                if ZSTD_isError(remaining) != 0 {
                    throw OutputError(path: path, message: "zstd: \(String(cString: ZSTD_getErrorName(remaining)))")
                }
                try compressed.withUnsafeBytes { try writeRaw(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
                if end ? remaining == 0 : input.pos == input.size { break }
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Finishes the file and renames it into place. Returns the SHA-256 of its bytes.
    @discardableResult
    public func commit() throws -> String {
        try flushPending(end: true)
        if fsync(fd) != 0 {
            throw OutputError(path: path, message: "fsync failed: \(String(cString: strerror(errno)))")
        }
        close(fd)
        fd = -1
        if rename(tempPath, path) != 0 {
            throw OutputError(path: path, message: "rename failed: \(String(cString: strerror(errno)))")
        }
        committed = true
        return hasher.hexDigest()
    }

    /// Writes a whole small file atomically.
    @discardableResult
    public static func writeAtomically(_ path: String, _ contents: String) throws -> String {
        let f = try OutputFile(path: path)
        try f.write(contents)
        return try f.commit()
    }
}

/// Small file-system helpers over POSIX calls (no Foundation on the hot path).
public enum FileSystem {
    /// The path up to its last `/` ("." without one, "/" for a file at the root). Works on the
    /// UTF-8 bytes (a `/` byte is never part of a multi-byte scalar).
    public static func dirname(_ path: String) -> String {
        let u = path.utf8
        guard let i = u.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        return i == u.startIndex ? "/" : String(path[..<i])
    }

    /// The path after its last `/` (the whole path without one), on the UTF-8 bytes.
    public static func basename(_ path: String) -> String {
        let u = path.utf8
        guard let i = u.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(path[u.index(after: i)...])
    }

    public static func join(_ a: String, _ b: String) -> String {
        if b.hasPrefix("/") || a.isEmpty { return b }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }

    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    public static func size(_ path: String) -> Int64? {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : nil
    }

    public static func createDirectories(_ path: String) throws {
        if path.isEmpty || path == "." || path == "/" || isDirectory(path) { return }
        try createDirectories(dirname(path))
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw OutputError(path: path, message: "cannot create directory: \(String(cString: strerror(errno)))")
        }
    }

    /// Names in a directory, sorted bytewise (deterministic); empty if it does not exist.
    public static func list(_ path: String) -> [String] {
        entries(path).map(\.name).sorted(by: utf8Precedes)
    }

    /// The entries of a directory in the order it gives them (`.` and `..` left out), with what
    /// the listing itself says of each: a folder (true), a regular file (false), or nil when it
    /// does not say (links, unknown types: ask `isDirectory`). Empty if it does not exist.
    public static func entries(_ path: String) -> [(name: String, isFolder: Bool?)] {
        guard let d = opendir(path) else { return [] }
        defer { closedir(d) }
        var out: [(name: String, isFolder: Bool?)] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            let type = Int32(e.pointee.d_type)
            out.append((name, type == Int32(DT_DIR) ? true : type == Int32(DT_REG) ? false : nil))
        }
        return out
    }

    /// All regular files below `path`, as paths, sorted.
    public static func walk(_ path: String) -> [String] {
        var out: [String] = []
        for name in list(path) {
            let p = join(path, name)
            if isDirectory(p) { out += walk(p) } else { out.append(p) }
        }
        return out.sorted(by: utf8Precedes)
    }

    public static func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw InputError(path: path, offset: 0, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        // A regular file is read straight into an array of its size (no growth copies); what
        // follows (a file still growing, or a pipe) is appended in chunks.
        var st = stat()
        let size = fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_size) : 0
        var failed = false
        var out = [UInt8](unsafeUninitializedCapacity: size) { buf, count in
            while count < size, let base = buf.baseAddress {
                let n = Glibc.read(fd, base + count, size - count)
                if n < 0 { failed = true }
                if n <= 0 { break }
                count += n
            }
        }
        if failed { throw InputError(path: path, offset: Int64(out.count), message: "read failed") }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 { throw InputError(path: path, offset: Int64(out.count), message: "read failed") }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    public static func readText(_ path: String) throws -> String {
        String(decoding: try readFile(path), as: UTF8.self)
    }

    /// SHA-256 of a file's bytes.
    public static func sha256(of path: String) throws -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw InputError(path: path, offset: 0, message: "cannot open") }
        defer { close(fd) }
        var h = SHA256()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n <= 0 { break }
            chunk.withUnsafeBytes { h.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return h.hexDigest()
    }

    public static func remove(_ path: String) { unlink(path) }

    /// Removes a directory tree (used for scratch folders).
    public static func removeTree(_ path: String) {
        if isDirectory(path) {
            for n in list(path) { removeTree(join(path, n)) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
