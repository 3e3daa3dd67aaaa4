// SHA-256 (FIPS 180-4), for manifests, input fingerprints and content hashes.

import CCrypto

/// An incremental SHA-256, computed by Debian's OpenSSL libcrypto (SHA-NI or AVX2 where the CPU
/// has them: about 1 GB/s per core, several times a portable implementation — every output and
/// input file of a run is hashed). A value type: copying it copies the running state.
public struct SHA256: @unchecked Sendable {
    private var ctx = SHA256_CTX()

    public init() { csha256_init(&ctx) }

    public mutating func update(_ data: UnsafeRawBufferPointer) {
        guard let base = data.baseAddress, data.count > 0 else { return }
        csha256_update(&ctx, base, data.count)
    }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) {
            return done
        }
        let a = Array(bytes)
        a.withUnsafeBytes { update($0) }
    }

    /// The digest as 32 bytes. The hasher is spent afterwards (start a new one for more data).
    public mutating func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        digest.withUnsafeMutableBufferPointer { csha256_final($0.baseAddress, &ctx) }
        return digest
    }

    /// The digest as lowercase hex.
    public mutating func hexDigest() -> String { Self.hex(finalize()) }

    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    public static func hexDigest<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var s = SHA256()
        s.update(bytes)
        return s.hexDigest()
    }
}
