// A compiled Allow/Disallow pattern: literal parts separated by `*`, optionally anchored by `$`.

/// A normalised robots.txt path pattern.
///
/// Matching is greedy leftmost placement of the literal parts, which is exact for patterns whose
/// only metacharacter is `*` (placing each part as early as possible leaves the most room for the
/// rest); with a trailing `$` the last part must be a suffix at or after the last placement.
/// Cost is O(path × pattern) in the worst case, never exponential.
struct RobotsPattern: Sendable {
    /// The normalised pattern bytes (including `*` and a trailing `$`).
    let bytes: [UInt8]
    /// Literal parts (ranges into `bytes`), with runs of `*` collapsed.
    let parts: [Range<Int>]
    let hasStar: Bool
    let anchored: Bool
    /// Quick reject: when ≥ 0, the path's byte at `probeAt` must equal `probe` (the last of the
    /// first literal part's leading bytes, up to index 1; -1: no test).
    let probe: Int16
    let probeAt: Int32

    /// Number of octets, the rule's priority (longest match wins).
    var priority: Int { bytes.count }

    init(normalized: [UInt8]) {
        bytes = normalized
        var end = normalized.count
        anchored = end > 0 && normalized[end - 1] == 0x24
        if anchored { end -= 1 }
        var parts: [Range<Int>] = []
        var start = 0
        var star = false
        for i in 0..<end where normalized[i] == 0x2A {
            star = true
            parts.append(start..<i)
            start = i + 1
        }
        parts.append(start..<end)
        // Keep the first and last parts even if empty; drop empty middles (runs of `*`).
        if parts.count > 2 {
            let middle = parts[1..<(parts.count - 1)].filter { !$0.isEmpty }
            parts = [parts[0]] + middle + [parts[parts.count - 1]]
        }
        self.parts = parts
        hasStar = star
        let firstCount = parts[0].count
        if firstCount >= 2 {
            probe = Int16(normalized[1])
            probeAt = 1
        } else if firstCount == 1 {
            probe = Int16(normalized[0])
            probeAt = 0
        } else {
            probe = -1
            probeAt = 0
        }
    }

    /// False when `path` certainly does not match (cheap pre-test before `matches`).
    @inline(__always)
    func mayMatch(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        probe < 0 || (Int(probeAt) < path.count && Int16(path[Int(probeAt)]) == probe)
    }

    /// True when the pattern matches `path` (a normalised path starting with `/`).
    func matches(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { pat in
            let n = path.count
            let first = parts[0]
            if first.count > n || !Self.equal(pat, first.lowerBound, path, 0, first.count) { return false }
            if !hasStar {
                return anchored ? first.count == n : true
            }
            var pos = first.count
            let last = parts.count - 1
            if last >= 2 {
                for k in 1..<last {
                    let part = parts[k]
                    guard let at = Self.find(pat, part, in: path, from: pos) else { return false }
                    pos = at + part.count
                }
            }
            let tail = parts[last]
            if anchored {
                let start = n - tail.count
                return start >= pos && Self.equal(pat, tail.lowerBound, path, start, tail.count)
            }
            if tail.isEmpty { return true }
            return Self.find(pat, tail, in: path, from: pos) != nil
        }
    }

    @inline(__always)
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ ai: Int, _ b: UnsafeBufferPointer<UInt8>, _ bi: Int,
                      _ count: Int) -> Bool {
        var k = 0
        while k < count {
            if a[ai + k] != b[bi + k] { return false }
            k += 1
        }
        return true
    }

    /// Leftmost occurrence of `pat[part]` in `hay` at or after `from`.
    static func find(_ pat: UnsafeBufferPointer<UInt8>, _ part: Range<Int>, in hay: UnsafeBufferPointer<UInt8>,
                     from: Int) -> Int? {
        let m = part.count
        let n = hay.count
        if m == 0 { return from <= n ? from : nil }
        if from + m > n { return nil }
        let c0 = pat[part.lowerBound]
        var i = from
        let lastStart = n - m
        while i <= lastStart {
            if hay[i] == c0 && equal(pat, part.lowerBound + 1, hay, i + 1, m - 1) { return i }
            i += 1
        }
        return nil
    }
}
