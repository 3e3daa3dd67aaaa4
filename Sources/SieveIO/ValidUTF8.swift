// Strings from bytes already known to be valid UTF-8, their bytewise order, and short ASCII
// keys as integers.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// A String of `bytes`, copied without validating them: for bytes that are valid UTF-8 by
    /// construction (rows Sieve wrote itself, text assembled from validated input). Invalid
    /// bytes would make an invalid String, so callers must say why theirs are valid; debug
    /// builds check. `isASCII` may be passed when known (it speeds up later String work).
    public init(knownValidUTF8 bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool = false) {
        assert(String(validating: bytes, as: UTF8.self) != nil, "bytes are not valid UTF-8")
        self = unsafe String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: isASCII))
    }
}

/// Byte strings of at most 8 ASCII bytes packed into a UInt64 (first byte lowest), so that
/// per-document lookups of language codes and labels need no String hashing.
/// Whether `a` sorts before `b` byte by byte in UTF-8: the order of every file list Sieve
/// reads or writes (file systems' and other tools' order, not Swift's Unicode-aware `<`).
/// One memcmp on the strings' own storage: comparing through `utf8.lexicographicallyPrecedes`
/// walks long shared path prefixes a byte at a time, which made sorting the 2,000 paths a task
/// reads most of its start-up instructions.
public func utf8Precedes(_ a: String, _ b: String) -> Bool {
    var a = a, b = b
    return a.withUTF8 { pa in
        b.withUTF8 { pb in
            let n = min(pa.count, pb.count)
            if n > 0, let x = pa.baseAddress, let y = pb.baseAddress {
                let c = memcmp(x, y, n)
                if c != 0 { return c < 0 }
            }
            return pa.count < pb.count
        }
    }
}

public enum PackedASCII {
    /// The packed bytes; injective on strings of at most 8 ASCII bytes without NUL, nil for any
    /// other string.
    @inline(__always)
    public static func pack<S: Sequence>(_ bytes: S) -> UInt64? where S.Element == UInt8 {
        var key: UInt64 = 0
        var shift: UInt64 = 0
        for b in bytes {
            if b == 0 || b >= 0x80 || shift == 64 { return nil }
            key |= UInt64(b) << shift
            shift += 8
        }
        return key
    }
}
