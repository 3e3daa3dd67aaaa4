#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bounded memo from a token's bytes to its input rows (word row, then character n-gram rows),
/// so that repeated words skip n-gram hashing and pruning lookups. Exact: a token's rows depend
/// only on its bytes. One caller at a time (it lives in a `Scratch`). When full it is emptied at
/// once, so its contents never affect results, only speed.
///
/// Each token is one record in a word arena, so a hit touches the slot and then one or two
/// adjacent cache lines: `[hash][keyLength | flags << 16][rowCount][payloadWords][key bytes,
/// padded][payload]`. The payload is the caller's encoding of the rows (row ids, or quantized
/// codes).
final class WordFeatureCache {
    /// The token is a label (`__label__…`): it contributes nothing.
    static let labelFlag: UInt32 = 1
    /// The token is `</s>`: fastText stops reading the line there.
    static let eosFlag: UInt32 = 2
    /// Longest token worth caching.
    static let maxKeyLength = 1024

    /// Slots: 0 empty, else `(hash << 32) | (record offset + 1)`.
    private let slots: UnsafeMutablePointer<UInt64>
    private let mask: Int
    private let store: UnsafeMutablePointer<UInt32>
    private let storeCapacity: Int
    private let maxEntries: Int
    private var used = 0
    private var count = 0

    /// A cache of at most `maxEntries` tokens (a power of two) and `storeWords` 32-bit words of
    /// records (default `maxEntries * 32`: 4.5 MB in all by default); a token whose record needs
    /// more than `storeWords / 16` is never cached.
    init(maxEntries: Int = 1 << 15, storeWords: Int? = nil) {
        self.maxEntries = maxEntries
        let slotCount = maxEntries * 2
        mask = slotCount - 1
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        storeCapacity = storeWords ?? maxEntries * 32
        store = .allocate(capacity: storeCapacity)
    }

    deinit {
        slots.deallocate()
        store.deallocate()
    }

    @inline(__always)
    private func firstSlot(_ h: UInt32) -> Int {
        Int(truncatingIfNeeded: (UInt64(h) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    @inline(__always)
    private static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
        var i = 0
        while i + 8 <= n {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < n {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }

    /// The first slot probed for hash `h`. A prefetch: reading it for the following tokens before
    /// looking them up overlaps the memory latency (`find` reads the slot again, since inserts
    /// may change it meanwhile).
    @inline(__always)
    func peek(_ h: UInt32) -> UInt64 { slots[firstSlot(h)] }

    /// The record of the token `p[0..<len]` with fastText hash `h`: its flags, row count and
    /// payload; nil when the token is not cached.
    @inline(__always)
    func find(_ p: UnsafeRawPointer, _ len: Int, _ h: UInt32)
        -> (flags: UInt32, rowCount: Int, payload: UnsafeBufferPointer<UInt32>)?
    {
        var slot = firstSlot(h)
        var s = slots[slot]
        while true {
            if s == 0 { return nil }
            if UInt32(truncatingIfNeeded: s >> 32) == h {
                let r = store + Int(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1
                let w1 = r[1]
                if Int(w1 & 0xFFFF) == len && WordFeatureCache.equal(r + 4, p, len) {
                    return (w1 >> 16, Int(r[2]), UnsafeBufferPointer(start: r + 4 + (len + 3) / 4, count: Int(r[3])))
                }
            }
            slot = (slot + 1) & mask
            s = slots[slot]
        }
    }

    /// Remembers the token `p[0..<len]` (hash `h`, not yet cached) with its `rowCount` rows
    /// encoded as `payload`, and `flags`. Empties the cache first when it is full; skips tokens
    /// too long or with too many rows.
    func insert(_ p: UnsafeRawPointer, _ len: Int, _ h: UInt32, rowCount: Int, payload: UnsafeBufferPointer<UInt32>,
                flags: UInt32) {
        let keyWords = (len + 3) / 4
        let size = 4 + keyWords + payload.count
        if len > WordFeatureCache.maxKeyLength || size > storeCapacity / 16 { return }
        if count == maxEntries || used + size > storeCapacity {
            slots.update(repeating: 0, count: mask + 1)
            count = 0
            used = 0
        }
        let r = store + used
        r[0] = h
        r[1] = UInt32(len) | flags << 16
        r[2] = UInt32(rowCount)
        r[3] = UInt32(payload.count)
        if len > 0 {
            r[4 + keyWords - 1] = 0  // padding of the last key word
            UnsafeMutableRawPointer(r + 4).copyMemory(from: p, byteCount: len)
        }
        if let b = payload.baseAddress, !payload.isEmpty { (r + 4 + keyWords).update(from: b, count: payload.count) }
        var slot = firstSlot(h)
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = UInt64(h) << 32 | UInt64(used + 1)
        used += size
        count += 1
    }
}
