#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// fastText's string hash: FNV-1a in which each byte is sign-extended (C `int8_t`) before the XOR.
@inline(__always)
func fastTextHashStep(_ h: UInt32, _ byte: UInt8) -> UInt32 {
    (h ^ UInt32(bitPattern: Int32(Int8(bitPattern: byte)))) &* 16777619
}

/// fastText's hash of a byte string (see `fastTextHashStep`).
@inline(__always)
func fastTextHash(_ p: UnsafeRawPointer, _ n: Int) -> UInt32 {
    var h: UInt32 = 2166136261
    for i in 0..<n { h = fastTextHashStep(h, p.load(fromByteOffset: i, as: UInt8.self)) }
    return h
}

/// The model's vocabulary: words first, then labels (in descending count order), plus the
/// map from pruned character/word n-gram buckets to compacted input rows.
struct FastTextDictionary: @unchecked Sendable {
    let nwords: Int
    let nlabels: Int
    /// Entry bytes, concatenated; entry `i` is `arena[starts[i]..<starts[i+1]]`.
    private let arena: [UInt8]
    private let starts: [Int]
    let isLabel: [Bool]
    let counts: [Int64]
    /// Open-addressing table of entry ids (−1 empty), indexed by fastText hash.
    private let table: [Int32]
    private let tableMask: Int
    /// Pruning: −1 never pruned (n-grams map straight to rows), 0 no n-grams, >0 use `prune`.
    let pruneSize: Int64
    private let prune: IntMap
    /// One bit per n-gram bucket `0...maxPruneKey`: set when `prune` has the key. Most buckets
    /// are pruned away, and this small bitmap answers them without probing the map.
    private let pruneBits: [UInt64]
    private let maxPruneKey: Int32
    /// The largest compacted n-gram row in the prune map (−1 when empty).
    let maxPrunedRow: Int
    /// The id of the `</s>` entry, or −1.
    private(set) var eos: Int32

    init(cursor c: inout ModelCursor) throws {
        let size = Int(try c.int32())
        let nw = Int(try c.int32())
        let nl = Int(try c.int32())
        _ = try c.int64()  // ntokens
        let pruneSize = try c.int64()
        guard size >= 0, nw >= 0, nl >= 0, nw + nl == size else {
            throw c.fail("inconsistent dictionary sizes (size \(size), words \(nw), labels \(nl))")
        }
        var arena: [UInt8] = []
        var starts: [Int] = []
        starts.reserveCapacity(size + 1)
        var isLabel: [Bool] = []
        isLabel.reserveCapacity(size)
        var counts: [Int64] = []
        counts.reserveCapacity(size)
        let base = c.file.base
        for i in 0..<size {
            starts.append(arena.count)
            // A NUL-terminated string.
            let begin = c.offset
            var end = begin
            while end < c.file.count && base.load(fromByteOffset: end, as: UInt8.self) != 0 { end += 1 }
            guard end < c.file.count else { throw c.fail("the dictionary is truncated") }
            arena.append(contentsOf: UnsafeRawBufferPointer(start: base + begin, count: end - begin))
            c.offset = end + 1
            counts.append(try c.int64())
            let type = try c.uint8()
            guard type <= 1 else { throw c.fail("invalid entry type \(type)") }
            let label = type == 1
            guard label == (i >= nw) else { throw c.fail("words and labels are out of order") }
            isLabel.append(label)
        }
        starts.append(arena.count)
        guard pruneSize < Int64(Int32.max) else { throw c.fail("invalid prune index size \(pruneSize)") }
        var prune = IntMap(capacity: Int(max(pruneSize, 0)))
        var maxRow: Int32 = -1
        var keys: [(Int32, Int32)] = []
        if pruneSize > 0 {
            keys.reserveCapacity(Int(pruneSize))
            for _ in 0..<pruneSize {
                let k = try c.int32()
                let v = try c.int32()
                guard v >= 0 else { throw c.fail("negative row in the prune index") }
                prune.insert(k, v)
                keys.append((k, v))
                maxRow = max(maxRow, v)
            }
        }
        self.maxPrunedRow = Int(maxRow)
        var bits: [UInt64] = []
        var maxKey: Int32 = -1
        if pruneSize > 0 {
            for (k, _) in keys { maxKey = max(maxKey, k) }
            if keys.allSatisfy({ $0.0 >= 0 }) && maxKey < 1 << 28 {
                bits = [UInt64](repeating: 0, count: Int(maxKey) / 64 + 1)
                for (k, _) in keys { bits[Int(k) >> 6] |= 1 << UInt64(k & 63) }
            }
        }
        self.pruneBits = bits
        self.maxPruneKey = bits.isEmpty ? Int32.max : maxKey
        // Lookup table.
        var cap = 16
        while cap < size * 2 { cap <<= 1 }
        var table = [Int32](repeating: -1, count: cap)
        let mask = cap - 1
        arena.withUnsafeBytes { a in
            for i in 0..<size {
                let p = a.baseAddress! + starts[i]
                var slot = Int(fastTextHash(p, starts[i + 1] - starts[i])) & mask
                while table[slot] >= 0 { slot = (slot + 1) & mask }
                table[slot] = Int32(i)
            }
        }
        self.nwords = nw
        self.nlabels = nl
        self.arena = arena
        self.starts = starts
        self.isLabel = isLabel
        self.counts = counts
        self.table = table
        self.tableMask = mask
        self.pruneSize = pruneSize
        self.prune = prune
        self.eos = -1
        let eosBytes: [UInt8] = Array("</s>".utf8)
        let found = eosBytes.withUnsafeBytes { e in self.find(e.baseAddress!, 4, fastTextHash(e.baseAddress!, 4)) }
        self.eos = found
    }

    /// The entry id of the bytes `p[0..<n]` with hash `h`, or −1.
    @inline(__always)
    func find(_ p: UnsafeRawPointer, _ n: Int, _ h: UInt32) -> Int32 {
        var slot = Int(h) & tableMask
        return table.withUnsafeBufferPointer { t in
            arena.withUnsafeBytes { a in
                starts.withUnsafeBufferPointer { s in
                    while true {
                        let id = t[slot]
                        if id < 0 { return -1 }
                        let st = s[Int(id)]
                        if s[Int(id) + 1] - st == n && (n == 0 || memcmp(a.baseAddress! + st, p, n) == 0) {
                            return id
                        }
                        slot = (slot + 1) & tableMask
                    }
                }
            }
        }
    }

    /// Calls `body` with the bytes of entry `i`.
    func withEntryBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        arena.withUnsafeBufferPointer { a in body(UnsafeBufferPointer(rebasing: a[starts[i]..<starts[i + 1]])) }
    }

    /// Entry `i` as a string.
    func entry(_ i: Int) -> String {
        String(decoding: arena[starts[i]..<starts[i + 1]], as: UTF8.self)
    }

    /// The row for n-gram bucket `id` after pruning, or −1 when the model drops it.
    @inline(__always)
    func ngramRow(_ id: Int32) -> Int32 {
        if pruneSize == 0 || id < 0 { return -1 }
        if pruneSize > 0 {
            if !pruneBits.isEmpty {
                if id > maxPruneKey { return -1 }
                let word = pruneBits.withUnsafeBufferPointer { $0[Int(id) >> 6] }
                if word & (1 << UInt64(id & 63)) == 0 { return -1 }
            }
            let v = prune.get(id)
            if v < 0 { return -1 }
            return Int32(nwords) + v
        }
        return Int32(nwords) + id
    }
}

/// A small open-addressing Int32 → Int32 map (non-negative values; −1 = absent). Keys and values
/// are interleaved so that a lookup touches one cache line.
struct IntMap: @unchecked Sendable {
    private var slots: [Int64]  // key in the high 32 bits, value in the low 32; empty = −1
    private let mask: Int

    init(capacity: Int) {
        var cap = 16
        while cap < capacity + capacity / 2 { cap <<= 1 }  // ≤ 2/3 full: small enough to stay in cache
        slots = [Int64](repeating: -1, count: cap)
        mask = cap - 1
    }

    @inline(__always)
    private static func mix(_ k: Int32) -> Int {
        var x = UInt32(bitPattern: k)
        x = (x ^ (x >> 16)) &* 0x45d9f3b
        x = (x ^ (x >> 16)) &* 0x45d9f3b
        return Int(x ^ (x >> 16))
    }

    mutating func insert(_ k: Int32, _ v: Int32) {
        var slot = IntMap.mix(k) & mask
        while slots[slot] != -1 && Int32(truncatingIfNeeded: slots[slot] >> 32) != k { slot = (slot + 1) & mask }
        slots[slot] = (Int64(k) << 32) | Int64(UInt32(bitPattern: v))
    }

    @inline(__always)
    func get(_ k: Int32) -> Int32 {
        var slot = IntMap.mix(k) & mask
        return slots.withUnsafeBufferPointer { sl in
            while true {
                let e = sl[slot]
                if e == -1 { return -1 }
                if Int32(truncatingIfNeeded: e >> 32) == k { return Int32(truncatingIfNeeded: e) }
                slot = (slot + 1) & mask
            }
        }
    }
}
