// The byte-pair merge loop: lowest-priority adjacent pair first, leftmost on ties.

/// Reusable buffers for merging one piece (kept across the pieces of one text).
struct MergeScratch {
    var ids: [Int32] = []
    var prios: [UInt64] = []
    var next: [Int32] = []
    var prev: [Int32] = []
    var heap: [UInt64] = []
    /// Part start offsets for the rank merge.
    var pos: [Int32] = []
}

/// Pieces up to this many bytes use the quadratic scan; longer ones a heap over a linked list.
let linearMergeLimit = 64

extension PairMap {
    /// Merges the byte ids in `s.ids` to completion and appends the result (plus `offset`) to `out`.
    /// `forceHeap` exists for tests that check both strategies agree.
    func merge(_ s: inout MergeScratch, offset: Int32, into out: inout [Int32], forceHeap: Bool = false) {
        if s.ids.count <= linearMergeLimit && !forceHeap { mergeLinear(&s) } else { mergeHeap(&s, offset: offset, into: &out); return }
        for id in s.ids { out.append(id &+ offset) }
    }

    private func mergeLinear(_ s: inout MergeScratch) {
        var m = s.ids.count
        if s.prios.count < m { s.prios = [UInt64](repeating: 0, count: max(m, linearMergeLimit)) }
        s.ids.withUnsafeMutableBufferPointer { ids in
            s.prios.withUnsafeMutableBufferPointer { prios in
                for i in 0..<(m - 1) { prios[i] = get(ids[i], ids[i + 1]) }
                while m > 1 {
                    var best = PairMap.none
                    var bi = -1
                    for i in 0..<(m - 1) where prios[i] < best {
                        best = prios[i]
                        bi = i
                    }
                    if bi < 0 { break }
                    ids[bi] = Int32(truncatingIfNeeded: best & 0xFFFF_FFFF)
                    var k = bi + 1
                    while k < m - 1 { ids[k] = ids[k + 1]; k += 1 }
                    k = bi
                    while k < m - 2 { prios[k] = prios[k + 1]; k += 1 }
                    m -= 1
                    if bi < m - 1 { prios[bi] = get(ids[bi], ids[bi + 1]) }
                    if bi > 0 { prios[bi - 1] = get(ids[bi - 1], ids[bi]) }
                }
            }
        }
        s.ids.removeLast(s.ids.count - m)
    }

    private func mergeHeap(_ s: inout MergeScratch, offset: Int32, into out: inout [Int32]) {
        let m = s.ids.count
        s.next.removeAll(keepingCapacity: true)
        s.prev.removeAll(keepingCapacity: true)
        s.heap.removeAll(keepingCapacity: true)
        for i in 0..<m {
            s.next.append(i + 1 < m ? Int32(i + 1) : -1)
            s.prev.append(Int32(i - 1))
        }
        for i in 0..<(m - 1) {
            let p = get(s.ids[i], s.ids[i + 1])
            if p != PairMap.none { Self.push(&s.heap, (p & 0xFFFF_FFFF_0000_0000) | UInt64(i)) }
        }
        while let key = Self.pop(&s.heap) {
            let pos = Int(key & 0xFFFF_FFFF)
            let prio = key >> 32
            if s.ids[pos] < 0 { continue }
            let j = Int(s.next[pos])
            if j < 0 { continue }
            let cur = get(s.ids[pos], s.ids[j])
            if cur == PairMap.none || cur >> 32 != prio { continue }
            s.ids[pos] = Int32(truncatingIfNeeded: cur & 0xFFFF_FFFF)
            s.ids[j] = -1
            let after = s.next[j]
            s.next[pos] = after
            if after >= 0 { s.prev[Int(after)] = Int32(pos) }
            let before = Int(s.prev[pos])
            if before >= 0 {
                let p = get(s.ids[before], s.ids[pos])
                if p != PairMap.none { Self.push(&s.heap, (p & 0xFFFF_FFFF_0000_0000) | UInt64(before)) }
            }
            if after >= 0 {
                let p = get(s.ids[pos], s.ids[Int(after)])
                if p != PairMap.none { Self.push(&s.heap, (p & 0xFFFF_FFFF_0000_0000) | UInt64(pos)) }
            }
        }
        var i = 0
        while i >= 0 {
            out.append(s.ids[i] &+ offset)
            i = Int(s.next[i])
        }
    }

    static func push(_ h: inout [UInt64], _ v: UInt64) {
        h.append(v)
        var i = h.count - 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if h[parent] <= v { break }
            h[i] = h[parent]
            i = parent
        }
        h[i] = v
    }

    static func pop(_ h: inout [UInt64]) -> UInt64? {
        guard let top = h.first else { return nil }
        let last = h.removeLast()
        let n = h.count
        if n == 0 { return top }
        var i = 0
        while true {
            let l = 2 * i + 1
            if l >= n { break }
            var c = l
            if l + 1 < n && h[l + 1] < h[l] { c = l + 1 }
            if h[c] >= last { break }
            h[i] = h[c]
            i = c
        }
        h[i] = last
        return top
    }
}

extension ByteMap {
    /// tiktoken's byte-pair merge of `piece` (ids are ranks): the adjacent pair of parts whose
    /// concatenation has the lowest rank merges first, leftmost on ties, until no concatenation
    /// is a token. Appends the ids (plus `offset`) to `out`. Equivalent to a pair table holding
    /// every split of every token, without building one. `forceHeap` exists for tests.
    func rankMerge(_ piece: UnsafeBufferPointer<UInt8>, byteIDs: UnsafeBufferPointer<Int32>, _ s: inout MergeScratch,
                   offset: Int32, into out: inout [Int32], forceHeap: Bool = false) {
        if piece.count <= linearMergeLimit && !forceHeap {
            rankMergeLinear(piece, byteIDs, &s, offset, &out)
        } else {
            rankMergeHeap(piece, byteIDs, &s, offset, &out)
        }
    }

    private func rankMergeLinear(_ piece: UnsafeBufferPointer<UInt8>, _ byteIDs: UnsafeBufferPointer<Int32>,
                                 _ s: inout MergeScratch, _ offset: Int32, _ out: inout [Int32]) {
        var m = piece.count
        if s.pos.count <= linearMergeLimit { s.pos = [Int32](repeating: 0, count: linearMergeLimit + 1) }
        if s.ids.count <= linearMergeLimit { s.ids = [Int32](repeating: 0, count: linearMergeLimit + 1) }
        if s.prios.count <= linearMergeLimit { s.prios = [UInt64](repeating: 0, count: linearMergeLimit + 1) }
        s.pos.withUnsafeMutableBufferPointer { pos in
            s.ids.withUnsafeMutableBufferPointer { ids in
                s.prios.withUnsafeMutableBufferPointer { ranks in
                    @inline(__always) func rank(_ a: Int, _ b: Int) -> UInt64 {
                        let r = find(UnsafeBufferPointer(rebasing: piece[a..<b]))
                        return r < 0 ? PairMap.none : UInt64(r)
                    }
                    for i in 0..<m {
                        pos[i] = Int32(i)
                        ids[i] = byteIDs[Int(piece[i])]
                    }
                    pos[m] = Int32(m)
                    for i in 0..<(m - 1) { ranks[i] = rank(i, i + 2) }
                    while m > 1 {
                        var best = PairMap.none
                        var bi = -1
                        for i in 0..<(m - 1) where ranks[i] < best {
                            best = ranks[i]
                            bi = i
                        }
                        if bi < 0 { break }
                        ids[bi] = Int32(truncatingIfNeeded: best)
                        var k = bi + 1
                        while k < m { pos[k] = pos[k + 1]; k += 1 }
                        k = bi + 1
                        while k < m - 1 { ids[k] = ids[k + 1]; k += 1 }
                        k = bi + 1
                        while k < m - 2 { ranks[k] = ranks[k + 1]; k += 1 }
                        m -= 1
                        if bi < m - 1 { ranks[bi] = rank(Int(pos[bi]), Int(pos[bi + 2])) }
                        if bi > 0 { ranks[bi - 1] = rank(Int(pos[bi - 1]), Int(pos[bi + 1])) }
                    }
                    for i in 0..<m { out.append(ids[i] &+ offset) }
                }
            }
        }
    }

    private func rankMergeHeap(_ piece: UnsafeBufferPointer<UInt8>, _ byteIDs: UnsafeBufferPointer<Int32>,
                               _ s: inout MergeScratch, _ offset: Int32, _ out: inout [Int32]) {
        // Part i starts at byte i (a merge keeps the left part's start); parts form a linked list.
        let m = piece.count
        s.ids.removeAll(keepingCapacity: true)
        s.next.removeAll(keepingCapacity: true)
        s.prev.removeAll(keepingCapacity: true)
        s.heap.removeAll(keepingCapacity: true)
        for i in 0..<m {
            s.ids.append(byteIDs[Int(piece[i])])
            s.next.append(i + 1 < m ? Int32(i + 1) : -1)
            s.prev.append(Int32(i - 1))
        }
        @inline(__always) func rank(_ a: Int, _ b: Int) -> Int32 { find(UnsafeBufferPointer(rebasing: piece[a..<b])) }
        /// End byte of the part after `j` begins, i.e. the end of part j.
        @inline(__always) func end(_ j: Int, _ next: [Int32]) -> Int { next[j] >= 0 ? Int(next[j]) : m }
        for i in 0..<(m - 1) {
            let r = rank(i, i + 2)
            if r >= 0 { PairMap.push(&s.heap, UInt64(r) << 32 | UInt64(i)) }
        }
        while let key = PairMap.pop(&s.heap) {
            let p = Int(key & 0xFFFF_FFFF)
            let prio = Int32(truncatingIfNeeded: key >> 32)
            if s.ids[p] < 0 { continue }
            let j = Int(s.next[p])
            if j < 0 { continue }
            let r = rank(p, end(j, s.next))
            if r != prio { continue }
            s.ids[p] = r
            s.ids[j] = -1
            let after = s.next[j]
            s.next[p] = after
            if after >= 0 { s.prev[Int(after)] = Int32(p) }
            let before = Int(s.prev[p])
            if before >= 0 {
                let rb = rank(before, end(p, s.next))
                if rb >= 0 { PairMap.push(&s.heap, UInt64(rb) << 32 | UInt64(before)) }
            }
            if after >= 0 {
                let ra = rank(p, end(Int(after), s.next))
                if ra >= 0 { PairMap.push(&s.heap, UInt64(ra) << 32 | UInt64(p)) }
            }
        }
        var i = 0
        while i >= 0 {
            out.append(s.ids[i] &+ offset)
            i = Int(s.next[i])
        }
    }
}
