/// Open-addressing table keyed by already well-mixed 64-bit hashes (`PolyHash.finish`), for
/// the duplicate and n-gram counting of the quality filters and the word lists: no SipHash,
/// no per-insert allocation, linear probing over a power-of-two array. Only membership and
/// counts are ever read back, never the iteration order, so the layout reaches no output.
/// Not thread-safe while being filled; a filled table that is only read (`contains`) is.
final class HashSlots: @unchecked Sendable {
    /// 0 marks an empty slot; a key that is 0 is stored as `zeroKey`.
    private var keys: UnsafeMutablePointer<UInt64>
    /// Per slot, for `bump` tables: key, occurrences and index of the first occurrence side by
    /// side (one cache line per probe).
    private var entries: UnsafeMutablePointer<Entry>
    private var entryCapacity = 0

    struct Entry {
        var key: UInt64
        var count: Int32
        var first: Int32
    }
    private var capacity: Int
    private var mask: Int
    /// Distinct keys stored.
    private(set) var count = 0

    static let zeroKey: UInt64 = 0x9E37_79B9_7F4A_7C15

    init(capacityFor n: Int = 8) {
        capacity = HashSlots.slots(for: n)
        mask = capacity - 1
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        entries = .allocate(capacity: 1)
    }

    deinit {
        keys.deallocate()
        entries.deallocate()
    }

    private static func slots(for n: Int) -> Int {
        var cap = 16
        while cap < 2 * n { cap <<= 1 }
        return cap
    }

    /// Empties the table and makes room for `n` keys (load factor ≤ 1/2) to be `insert`ed.
    func reset(capacityFor n: Int) {
        let cap = HashSlots.slots(for: n)
        if cap > capacity {
            keys.deallocate()
            capacity = cap
            keys = .allocate(capacity: cap)
            keys.initialize(repeating: 0, count: cap)
            mask = cap - 1
        } else {
            // Use only as many slots as needed, so that clearing stays proportional to n.
            keys.update(repeating: 0, count: cap)
            mask = cap - 1
        }
        count = 0
    }

    /// The slot holding `k`, else the empty slot where linear probing from `k` stops.
    @inline(__always)
    private func probe(_ k: UInt64) -> Int {
        var i = Int(truncatingIfNeeded: k) & mask
        while keys[i] != k && keys[i] != 0 { i = (i + 1) & mask }
        return i
    }

    /// Inserts `key`; true when it was not there yet.
    @inline(__always)
    func insert(_ key: UInt64) -> Bool {
        let k = key == 0 ? HashSlots.zeroKey : key
        let i = probe(k)
        if keys[i] == k { return false }
        keys[i] = k
        count += 1
        if 2 * count > mask { grow() }
        return true
    }

    /// Whether `key` is present.
    @inline(__always)
    func contains(_ key: UInt64) -> Bool {
        let k = key == 0 ? HashSlots.zeroKey : key
        return keys[probe(k)] == k
    }

    /// Empties the table and makes room for `n` keys to be counted with `bump` (which does
    /// not grow the table).
    func resetCounting(capacityFor n: Int) {
        let cap = HashSlots.slots(for: n)
        if cap > entryCapacity {
            entries.deallocate()
            entries = .allocate(capacity: cap)
            entryCapacity = cap
        }
        entries.initialize(repeating: Entry(key: 0, count: 0, first: 0), count: cap)
        mask = cap - 1
        count = 0
    }

    /// Counts one more occurrence of `key`, first seen at `index`; returns the key's count so
    /// far and the index of its first occurrence.
    @inline(__always)
    func bump(_ key: UInt64, index: Int) -> (count: Int, first: Int) {
        let k = key == 0 ? HashSlots.zeroKey : key
        var i = Int(truncatingIfNeeded: k) & mask
        while true {
            let s = entries[i].key
            if s == k {
                entries[i].count += 1
                return (Int(entries[i].count), Int(entries[i].first))
            }
            if s == 0 {
                entries[i] = Entry(key: k, count: 1, first: Int32(truncatingIfNeeded: index))
                count += 1
                return (1, index)
            }
            i = (i + 1) & mask
        }
    }

    /// Doubles the slots of a membership table.
    private func grow() {
        let oldKeys = keys, oldCap = mask + 1
        let cap = 2 * oldCap
        let newKeys = UnsafeMutablePointer<UInt64>.allocate(capacity: cap)
        newKeys.initialize(repeating: 0, count: cap)
        let newMask = cap - 1
        for j in 0..<oldCap where oldKeys[j] != 0 {
            var i = Int(truncatingIfNeeded: oldKeys[j]) & newMask
            while newKeys[i] != 0 { i = (i + 1) & newMask }
            newKeys[i] = oldKeys[j]
        }
        keys.deallocate()
        keys = newKeys
        capacity = cap
        mask = newMask
    }
}
