// Hash tables for the BPE vocabulary: token bytes → id, and (left id, right id) → merge.

/// An immutable map from byte strings to token ids (open addressing over a byte arena).
struct ByteMap {
    private var arena: [UInt8] = []
    private var starts: [Int32] = [0]
    private var ids: [Int32] = []
    private var slots: [Int32] = []
    private var mask = 0

    /// Builds the map; on duplicate byte strings the first entry wins.
    init(_ entries: [([UInt8], Int32)]) {
        var cap = 16
        while cap < entries.count * 2 { cap <<= 1 }
        slots = [Int32](repeating: -1, count: cap)
        mask = cap - 1
        arena.reserveCapacity(entries.reduce(0) { $0 + $1.0.count })
        for (bytes, id) in entries {
            if bytes.withUnsafeBufferPointer({ lookup($0) }) != nil { continue }
            let index = Int32(ids.count)
            arena.append(contentsOf: bytes)
            starts.append(Int32(arena.count))
            ids.append(id)
            var h = bytes.withUnsafeBufferPointer { Self.hash($0) } & mask
            while slots[h] >= 0 { h = (h + 1) & mask }
            slots[h] = index
        }
    }

    var count: Int { ids.count }

    @inline(__always) static func hash(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for x in b { h = (h ^ UInt64(x)) &* 0x100_0000_01b3 }
        h ^= h >> 29
        h = h &* 0xbf58_476d_1ce4_e5b9
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }

    /// The id of exactly these bytes, or nil.
    func lookup(_ b: UnsafeBufferPointer<UInt8>) -> Int32? {
        var h = Self.hash(b) & mask
        return arena.withUnsafeBufferPointer { a in
            while true {
                let e = Int(slots[h])
                if e < 0 { return nil }
                let s = Int(starts[e])
                let len = Int(starts[e + 1]) - s
                if len == b.count {
                    var same = true
                    for k in 0..<len where a[s + k] != b[k] { same = false; break }
                    if same { return ids[e] }
                }
                h = (h + 1) & mask
            }
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
