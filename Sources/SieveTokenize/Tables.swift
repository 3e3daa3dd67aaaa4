// Hash tables for the BPE vocabulary: token bytes → id, and (left id, right id) → merge.

/// The vocabulary as read from a file, in file order: token byte strings in one arena
/// (no per-token allocation) with their ids.
struct TokenList {
    /// The bytes of every token, back to back.
    var arena: [UInt8] = []
    /// Token i is `arena[starts[i]..<starts[i + 1]]`.
    var starts: [Int32] = [0]
    var ids: [Int32] = []

    init(capacity: Int = 0, bytes: Int = 0) {
        arena.reserveCapacity(bytes)
        starts.reserveCapacity(capacity + 1)
        ids.reserveCapacity(capacity)
    }

    var count: Int { ids.count }

    /// Ends the token whose bytes were appended to `arena` since the previous one.
    @inline(__always) mutating func close(id: Int32) {
        starts.append(Int32(arena.count))
        ids.append(id)
    }

    mutating func append<S: Sequence>(_ bytes: S, id: Int32) where S.Element == UInt8 {
        arena.append(contentsOf: bytes)
        close(id: id)
    }

    /// Keeps the first `n` tokens.
    mutating func truncate(to n: Int) {
        guard n < count else { return }
        ids.removeLast(count - n)
        starts.removeLast(starts.count - (n + 1))
        arena.removeLast(arena.count - Int(starts[n]))
    }
}

/// An immutable map from byte strings to token ids (open addressing over a byte arena),
/// read through raw pointers (no bounds checks or reference counting on the hot path).
/// Each slot holds 32 bits of the key's hash next to the entry number, so probing past
/// other keys rarely touches the arena.
final class ByteMap {
    private let arena: UnsafeMutablePointer<UInt8>
    private let starts: UnsafeMutablePointer<Int32>
    private let ids: UnsafeMutablePointer<Int32>
    /// `hash >> 32 << 32 | entry + 1`; 0 = empty.
    private let slots: UnsafeMutablePointer<UInt64>
    private let mask: Int
    /// Number of distinct byte strings.
    private(set) var count = 0

    /// Builds the map; on duplicate byte strings the first entry wins.
    init(_ list: TokenList) {
        let n = list.count
        var cap = 16
        while cap < n * 2 { cap <<= 1 }
        mask = cap - 1
        slots = .allocate(capacity: cap)
        slots.initialize(repeating: 0, count: cap)
        arena = .allocate(capacity: max(list.arena.count, 1))
        starts = .allocate(capacity: n + 1)
        ids = .allocate(capacity: max(n, 1))
        starts[0] = 0
        var kept = 0
        var used = 0
        list.arena.withUnsafeBufferPointer { src in
            list.starts.withUnsafeBufferPointer { st in
                for e in 0..<n {
                    let s = Int(st[e])
                    let len = Int(st[e + 1]) - s
                    let b = UnsafeBufferPointer(rebasing: src[s..<(s + len)])
                    let h = Self.hash(b)
                    var i = Int(truncatingIfNeeded: h) & mask
                    let tag = h & 0xFFFF_FFFF_0000_0000
                    var duplicate = false
                    while slots[i] != 0 {
                        if slots[i] & 0xFFFF_FFFF_0000_0000 == tag, equal(Int(slots[i] & 0xFFFF_FFFF) - 1, b) {
                            duplicate = true
                            break
                        }
                        i = (i + 1) & mask
                    }
                    if duplicate { continue }
                    if len > 0 { (arena + used).update(from: b.baseAddress!, count: len) }
                    used += len
                    starts[kept + 1] = Int32(used)
                    ids[kept] = list.ids[e]
                    slots[i] = tag | UInt64(kept + 1)
                    kept += 1
                }
            }
        }
        count = kept
    }

    deinit {
        arena.deallocate()
        starts.deallocate()
        ids.deallocate()
        slots.deallocate()
    }

    /// Polynomial hash of the bytes, then a mixer (the slot comes from the low bits, the tag
    /// from the high ones).
    @inline(__always) static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = UInt64(b.count)
        for x in b { h = h &* 0x100_0000_01b3 &+ UInt64(x) &+ 1 }
        h ^= h >> 29
        h = h &* 0xbf58_476d_1ce4_e5b9
        h ^= h >> 32
        h = h &* 0x94d0_49bb_1331_11eb
        h ^= h >> 29
        return h
    }

    @inline(__always) private func equal(_ e: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = Int(starts[e])
        guard Int(starts[e + 1]) - s == b.count else { return false }
        for k in 0..<b.count where arena[s + k] != b[k] { return false }
        return true
    }

    /// The id of exactly these bytes, or -1.
    @inline(__always) func find(_ b: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = Self.hash(b)
        let tag = h & 0xFFFF_FFFF_0000_0000
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let x = slots[i]
            if x == 0 { return -1 }
            if x & 0xFFFF_FFFF_0000_0000 == tag {
                let e = Int(x & 0xFFFF_FFFF) - 1
                if equal(e, b) { return ids[e] }
            }
            i = (i + 1) & mask
        }
    }

    /// The id of exactly these bytes, or nil.
    func lookup(_ b: UnsafeBufferPointer<UInt8>) -> Int32? {
        let id = find(b)
        return id < 0 ? nil : id
    }
}

/// An immutable map from an adjacent pair of token ids to its merge: priority (lower merges
/// first) and the merged token's id, packed as `priority << 32 | id`.
/// Storage: one allocation of interleaved (key, value) slots, read without bounds checks.
final class PairMapStorage {
    let slots: UnsafeMutablePointer<UInt64>
    let mask: Int
    init(capacity: Int) {
        var cap = 16
        while cap < capacity * 2 { cap <<= 1 }
        mask = cap - 1
        slots = .allocate(capacity: 2 * cap)
        slots.initialize(repeating: .max, count: 2 * cap)
    }
    deinit { slots.deallocate() }
}

struct PairMap {
    static let none = UInt64.max
    private let storage: PairMapStorage
    private(set) var count = 0

    init(capacity: Int) { storage = PairMapStorage(capacity: capacity) }

    @inline(__always) static func slot(_ key: UInt64) -> Int {
        var h = key &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 31
        return Int(truncatingIfNeeded: h)
    }

    /// Adds a merge; an existing pair keeps its (earlier) merge. Only during loading.
    mutating func insert(left: Int32, right: Int32, priority: UInt32, result: Int32) {
        let key = UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
        let p = storage.slots
        let mask = storage.mask
        var h = Self.slot(key) & mask
        while p[2 * h] != .max {
            if p[2 * h] == key { return }
            h = (h + 1) & mask
        }
        p[2 * h] = key
        p[2 * h + 1] = UInt64(priority) << 32 | UInt64(UInt32(bitPattern: result))
        count += 1
    }

    /// The packed merge of (left, right), or `PairMap.none`.
    @inline(__always) func get(_ left: Int32, _ right: Int32) -> UInt64 {
        let key = UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
        let p = storage.slots
        let mask = storage.mask
        var h = Self.slot(key) & mask
        while true {
            let x = p[2 * h]
            if x == key { return p[2 * h + 1] }
            if x == .max { return Self.none }
            h = (h + 1) & mask
        }
    }
}
