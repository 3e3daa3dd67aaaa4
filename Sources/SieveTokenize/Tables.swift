// Hash tables for the BPE vocabulary: token bytes → id, and (left id, right id) → merge.

/// An immutable map from byte strings to token ids (open addressing over a byte arena),
/// read through raw pointers (no bounds checks or reference counting on the hot path).
final class ByteMap {
    private let arena: UnsafeMutablePointer<UInt8>
    private let starts: UnsafeMutablePointer<Int32>
    private let ids: UnsafeMutablePointer<Int32>
    private let slots: UnsafeMutablePointer<Int32>
    private let mask: Int
    /// Number of distinct byte strings.
    private(set) var count = 0

    /// Builds the map; on duplicate byte strings the first entry wins.
    init(_ entries: [([UInt8], Int32)]) {
        var cap = 16
        while cap < entries.count * 2 { cap <<= 1 }
        mask = cap - 1
        slots = .allocate(capacity: cap)
        slots.initialize(repeating: -1, count: cap)
        let total = entries.reduce(0) { $0 + $1.0.count }
        arena = .allocate(capacity: max(total, 1))
        starts = .allocate(capacity: entries.count + 1)
        ids = .allocate(capacity: max(entries.count, 1))
        starts[0] = 0
        var n = 0
        var used = 0
        for (bytes, id) in entries {
            let found = bytes.withUnsafeBufferPointer { b -> Bool in
                var h = Self.hash(b) & mask
                while slots[h] >= 0 {
                    if equal(Int(slots[h]), b) { return true }
                    h = (h + 1) & mask
                }
                for (k, x) in b.enumerated() { arena[used + k] = x }
                used += b.count
                starts[n + 1] = Int32(used)
                ids[n] = id
                slots[h] = Int32(n)
                return false
            }
            if !found { n += 1 }
        }
        count = n
    }

    deinit {
        arena.deallocate()
        starts.deallocate()
        ids.deallocate()
        slots.deallocate()
    }

    @inline(__always) static func hash(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for x in b { h = (h ^ UInt64(x)) &* 0x100_0000_01b3 }
        h ^= h >> 29
        h = h &* 0xbf58_476d_1ce4_e5b9
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }

    @inline(__always) private func equal(_ e: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = Int(starts[e])
        guard Int(starts[e + 1]) - s == b.count else { return false }
        for k in 0..<b.count where arena[s + k] != b[k] { return false }
        return true
    }

    /// The id of exactly these bytes, or nil.
    func lookup(_ b: UnsafeBufferPointer<UInt8>) -> Int32? {
        var h = Self.hash(b) & mask
        while true {
            let e = Int(slots[h])
            if e < 0 { return nil }
            if equal(e, b) { return ids[e] }
            h = (h + 1) & mask
        }
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
