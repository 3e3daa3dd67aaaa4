// The walk's text buffer (private to the extractor).

/// A growable byte buffer that appends without `Array`'s per-call uniqueness and capacity
/// machinery: the walk appends to it on almost every SAX event. Owned by one `TreeWalker`
/// (noncopyable, so no two owners can share its memory).
struct TextBuffer: ~Copyable {
    /// The bytes; `count` of them are initialized.
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The byte at `i` (which must be below `count`).
    @inline(__always)
    subscript(i: Int) -> UInt8 {
        precondition(i >= 0 && i < count, "TextBuffer index out of range")
        return base[i]
    }

    @inline(__always)
    mutating func append(_ b: UInt8) {
        if count == capacity { grow(toAtLeast: count + 1) }
        base[count] = b
        count += 1
    }

    /// Appends `n` bytes from `p`.
    @inline(__always)
    mutating func append(_ p: UnsafePointer<UInt8>, count n: Int) {
        if capacity - count < n { grow(toAtLeast: count + n) }
        (base + count).update(from: p, count: n)
        count += n
    }

    /// Drops the bytes from `n` on.
    mutating func truncate(to n: Int) {
        precondition(n >= 0 && n <= count, "TextBuffer truncation out of range")
        count = n
    }

    /// Makes room for `n` bytes in all.
    mutating func reserve(_ n: Int) {
        if capacity < n { grow(toAtLeast: n) }
    }

    /// Empties the buffer; its memory is kept unless it holds more than `limit` bytes.
    mutating func removeAll(shrinkingAbove limit: Int) {
        count = 0
        if capacity > limit {
            base.deallocate()
            capacity = 1024
            base = .allocate(capacity: capacity)
        }
    }

    private mutating func grow(toAtLeast needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }
}
