#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Errors raised while loading a fastText model.
public enum FastTextError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(path: String, reason: String)
    case invalidFormat(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open fastText model \(path): \(reason); check the path (models are not downloaded by sieve)"
        case .invalidFormat(let path, let reason):
            return "\(path) is not a supported fastText model (.bin/.ftz): \(reason)"
        }
    }
}

/// A read-only memory mapping of a whole file; unmapped when released.
final class MappedFile: @unchecked Sendable {
    let base: UnsafeRawPointer
    let count: Int

    init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FastTextError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw FastTextError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        let size = Int(st.st_size)
        guard size > 0 else { throw FastTextError.invalidFormat(path: path, reason: "the file is empty") }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw FastTextError.cannotOpen(path: path, reason: "mmap failed: \(String(cString: strerror(errno)))")
        }
        _ = madvise(p, size, MADV_WILLNEED)  // start reading ahead; rows are then used in place
        base = UnsafeRawPointer(p)
        count = size
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), count) }
}

/// A bounds-checked little-endian cursor over the mapped model file.
struct ModelCursor {
    let file: MappedFile
    let path: String
    var offset = 0

    init(file: MappedFile, path: String) {
        self.file = file
        self.path = path
    }

    func fail(_ reason: String) -> FastTextError {
        .invalidFormat(path: path, reason: "\(reason) (at byte \(offset))")
    }

    mutating func need(_ n: Int) throws {
        guard n >= 0, offset <= file.count - n else { throw fail("the file is truncated") }
    }

    mutating func int32() throws -> Int32 {
        try need(4)
        let v = file.base.loadUnaligned(fromByteOffset: offset, as: Int32.self)
        offset += 4
        return Int32(littleEndian: v)
    }

    mutating func int64() throws -> Int64 {
        try need(8)
        let v = file.base.loadUnaligned(fromByteOffset: offset, as: Int64.self)
        offset += 8
        return Int64(littleEndian: v)
    }

    mutating func float64() throws -> Double {
        Double(bitPattern: UInt64(bitPattern: try int64()))
    }

    mutating func uint8() throws -> UInt8 {
        try need(1)
        let v = file.base.load(fromByteOffset: offset, as: UInt8.self)
        offset += 1
        return v
    }

    mutating func bool() throws -> Bool { try uint8() != 0 }

    /// A pointer to `n` bytes at the cursor (inside the mapping), advancing past them.
    mutating func bytes(_ n: Int) throws -> UnsafeRawPointer {
        try need(n)
        let p = file.base + offset
        offset += n
        return p
    }

    /// Copies `n` float32 values into a new aligned buffer (owned by the caller).
    mutating func floats(_ n: Int) throws -> FloatStorage {
        guard n >= 0, n <= Int.max / 4 else { throw fail("invalid matrix size") }
        let p = try bytes(n * 4)
        return FloatStorage(copying: p, count: n)
    }
}

/// An aligned float32 buffer copied from the file (small arrays: quantizer centroids).
final class FloatStorage: @unchecked Sendable {
    let pointer: UnsafePointer<Float>
    private let owned: UnsafeMutablePointer<Float>?

    init(copying src: UnsafeRawPointer, count: Int) {
        let dst = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        if count > 0 { memcpy(dst, src, count * 4) }
        #if _endian(big)
        for i in 0..<count { dst[i] = Float(bitPattern: UInt32(littleEndian: dst[i].bitPattern)) }
        #endif
        owned = dst
        pointer = UnsafePointer(dst)
    }

    deinit { owned?.deallocate() }
}
