/// XXH64 (xxHash, 64-bit) written from the public specification; bit-identical to the reference
/// `XXH64(data, len, seed)`. Pure and thread-safe.
public enum XXH64 {
    @usableFromInline static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    @usableFromInline static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    @usableFromInline static let p3: UInt64 = 0x1656_67B1_9E37_79F9
    @usableFromInline static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
    @usableFromInline static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

    @inline(__always) @usableFromInline
    static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 &- r)) }

    @inline(__always) @usableFromInline
    static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        var a = acc &+ input &* p2
        a = rotl(a, 31)
        return a &* p1
    }

    @inline(__always) @usableFromInline
    static func merge(_ acc: UInt64, _ val: UInt64) -> UInt64 {
        let v = round(0, val)
        return (acc ^ v) &* p1 &+ p4
    }

    /// Hash of `bytes` with `seed`.
    @inlinable
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return finalize(seed &+ p5, total: 0, base: nil, from: 0, to: 0) }
        var i = 0
        var h: UInt64
        if n >= 32 {
            var v1 = seed &+ p1 &+ p2
            var v2 = seed &+ p2
            var v3 = seed
            var v4 = seed &- p1
            while i + 32 <= n {
                v1 = round(v1, base.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian)
                v2 = round(v2, base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self).littleEndian)
                v3 = round(v3, base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self).littleEndian)
                v4 = round(v4, base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self).littleEndian)
                i += 32
            }
            h = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
            h = merge(h, v1)
            h = merge(h, v2)
            h = merge(h, v3)
            h = merge(h, v4)
        } else {
            h = seed &+ p5
        }
        return finalize(h, total: n, base: base, from: i, to: n)
    }

    @inline(__always) @usableFromInline
    static func finalize(_ hIn: UInt64, total: Int, base: UnsafeRawPointer?, from: Int, to n: Int) -> UInt64 {
        var h = hIn &+ UInt64(total)
        var i = from
        if let base {
            while i + 8 <= n {
                let k = round(0, base.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian)
                h ^= k
                h = rotl(h, 27) &* p1 &+ p4
                i += 8
            }
            if i + 4 <= n {
                h ^= UInt64(base.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian) &* p1
                h = rotl(h, 23) &* p2 &+ p3
                i += 4
            }
            while i < n {
                h ^= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) &* p5
                h = rotl(h, 11) &* p1
                i += 1
            }
        }
        h ^= h >> 33
        h = h &* p2
        h ^= h >> 29
        h = h &* p3
        h ^= h >> 32
        return h
    }

    /// Hash of a byte array.
    public static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    /// Hash of a string's UTF-8 bytes.
    public static func hash(_ string: String, seed: UInt64 = 0) -> UInt64 {
        var s = string
        return s.withUTF8 { hash(UnsafeRawBufferPointer($0), seed: seed) }
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): the deterministic PRNG behind the permutation parameters.
public struct SplitMix64: Sendable {
    public private(set) var state: UInt64
    public init(seed: UInt64) { state = seed }
    /// Next 64-bit output.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Arithmetic modulo the Mersenne prime 2^61 − 1.
public enum Mersenne61 {
    public static let p: UInt64 = (1 << 61) - 1

    /// `(a·h + b) mod (2^61 − 1)` for `a, b < p` and any 64-bit `h`, exactly (128-bit product).
    @inline(__always)
    public static func affine(_ a: UInt64, _ h: UInt64, _ b: UInt64) -> UInt64 {
        let (hi, lo) = a.multipliedFullWidth(by: h)
        // x = hi·2^64 + lo, and 2^64 ≡ 8, 2^61 ≡ 1 (mod p); hi < 2^61.
        let t1 = (lo & p) &+ (lo >> 61)
        let h8 = hi << 3
        let t2 = (h8 & p) &+ (h8 >> 61)
        var r = t1 &+ t2 &+ b
        r = (r & p) &+ (r >> 61)
        r = (r & p) &+ (r >> 61)
        return r >= p ? r &- p : r
    }
}
