import SieveIO

/// URL normalisation for URL dedup (the same page captured by several crawls). Pure, thread-safe,
/// on UTF-8 bytes.
public enum URLKey {
    /// Lowercases scheme and host, drops the scheme, a leading `www.`, default ports (80, 443),
    /// user info and the fragment, and a trailing `/` of a non-root path; keeps the query.
    /// `HTTPS://WWW.Example.COM:443/a/?x=1#f` → `example.com/a?x=1`.
    public static func normalize(_ url: String) -> String {
        var u = url
        return u.withUTF8 { String(decoding: normalize(bytes: $0), as: UTF8.self) }
    }

    /// `normalize` on UTF-8 bytes.
    public static func normalize(bytes raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        @inline(__always) func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
        var s = 0, e = raw.count
        while s < e && isSpace(raw[s]) { s += 1 }
        while e > s && isSpace(raw[e - 1]) { e -= 1 }
        // Scheme: letters, digits, + - . before "://".
        var scheme: [UInt8] = []
        var i = s
        while i < e, raw[i] < 0x80, raw[i] == 0x2B || raw[i] == 0x2D || raw[i] == 0x2E
                || (raw[i] >= 0x30 && raw[i] <= 0x39) || (lower(raw[i]) >= 0x61 && lower(raw[i]) <= 0x7A) { i += 1 }
        if i > s, i + 3 <= e, raw[i] == 0x3A, raw[i + 1] == 0x2F, raw[i + 2] == 0x2F {
            for j in s..<i { scheme.append(lower(raw[j])) }
            s = i + 3
        }
        // Fragment.
        var end = s
        while end < e && raw[end] != 0x23 { end += 1 }
        // Authority: up to the first / or ?; user info dropped.
        var authEnd = s
        while authEnd < end && raw[authEnd] != 0x2F && raw[authEnd] != 0x3F { authEnd += 1 }
        var hostStart = s
        for j in s..<authEnd where raw[j] == 0x40 { hostStart = j + 1 }
        var out: [UInt8] = []
        out.reserveCapacity(end - s + 1)
        for j in hostStart..<authEnd { out.append(lower(raw[j])) }
        if out.count >= 4 && out[0] == 0x77 && out[1] == 0x77 && out[2] == 0x77 && out[3] == 0x2E { out.removeFirst(4) }
        let http = scheme.isEmpty || scheme == Array("http".utf8)
        let https = scheme.isEmpty || scheme == Array("https".utf8)
        if http && out.count > 3 && out.suffix(3).elementsEqual(":80".utf8) { out.removeLast(3) }
        if https && out.count > 4 && out.suffix(4).elementsEqual(":443".utf8) { out.removeLast(4) }
        // Path (no trailing slash unless root), then the query as is.
        var q = authEnd
        while q < end && raw[q] != 0x3F { q += 1 }
        var pathEnd = q
        while pathEnd > authEnd + 1 && raw[pathEnd - 1] == 0x2F { pathEnd -= 1 }
        if pathEnd == authEnd { out.append(0x2F) } else { out.append(contentsOf: raw[authEnd..<pathEnd]) }
        out.append(contentsOf: raw[q..<end])
        return out
    }

    /// 64-bit hash of the normalised URL.
    public static func hash(_ url: String) -> UInt64 {
        var u = url
        return u.withUTF8 { XXH64.hash(normalize(bytes: $0)) }
    }
}

/// URL dedup: among documents with the same normalised URL keep one (by default the newest
/// capture, by the Dolma `created` date), remove the others. Global through the same phases as
/// the content dedup: phase 1 writes `URLSignatureWriter` files, phase 2 `URLGroups` (per hash
/// range), phase 3 `Clusters.run(pairFiles:urlFiles:output:)` merges the removals.
public enum URLDedup {
    /// Which capture of a URL is kept.
    public enum Keep: String, CaseIterable, Sendable {
        /// The latest `created` date; documents without a readable date lose to dated ones.
        case newest
        /// The earliest `created` date; documents without a readable date lose to dated ones.
        case oldest
        /// The first in input order.
        case first
    }

    /// The order of a capture within its URL group: smaller = preferred; ties go to the smallest
    /// input position.
    public static func rank(created: String?, keep: Keep) -> UInt64 {
        if keep == .first { return 0 }
        guard let created, let ms = timestamp(created) else { return UInt64.max }
        let ordered = UInt64(bitPattern: ms) ^ (1 << 63)  // monotone Int64 → UInt64
        return min(keep == .newest ? ~ordered : ordered, UInt64.max - 1)
    }

    /// Milliseconds since 1970-01-01T00:00:00Z of an ISO 8601 / RFC 3339 date (WARC-Date):
    /// `YYYY-MM-DD`, optionally `THH:MM[:SS[.fff…]]` (or a space for T), optionally `Z`, `±HH:MM`
    /// or `±HHMM` (none = UTC). nil when unreadable.
    public static func timestamp(_ text: String) -> Int64? {
        var t = text
        return t.withUTF8 { timestamp(bytes: $0) }
    }

    static func timestamp(bytes b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        let n = b.count
        while i < n && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
        func digits(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var v = 0
            for j in i..<(i + count) {
                guard b[j] >= 0x30 && b[j] <= 0x39 else { return nil }
                v = v * 10 + Int(b[j] - 0x30)
            }
            i += count
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < n && b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var seconds = 0, millis = 0
        if i < n && (b[i] == 0x54 || b[i] == 0x74 || b[i] == 0x20) {
            i += 1
            guard let hh = digits(2), expect(0x3A), let mm = digits(2), hh <= 24, mm < 60 else { return nil }
            var ss = 0
            if expect(0x3A) {
                guard let s = digits(2), s <= 60 else { return nil }
                ss = s
                if i < n && (b[i] == 0x2E || b[i] == 0x2C) {
                    i += 1
                    var scale = 100
                    var any = false
                    while i < n && b[i] >= 0x30 && b[i] <= 0x39 {
                        millis += Int(b[i] - 0x30) * scale
                        scale /= 10
                        any = true
                        i += 1
                    }
                    guard any else { return nil }
                }
            }
            seconds = hh * 3600 + mm * 60 + ss
            if i < n {
                if b[i] == 0x5A || b[i] == 0x7A {
                    i += 1
                } else if b[i] == 0x2B || b[i] == 0x2D {
                    let sign = b[i] == 0x2D ? -1 : 1
                    i += 1
                    guard let oh = digits(2) else { return nil }
                    _ = expect(0x3A)
                    let om = digits(2) ?? 0
                    seconds -= sign * (oh * 3600 + om * 60)
                }
            }
        }
        while i < n && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
        guard i == n else { return nil }
        // Days from civil (proleptic Gregorian), Howard Hinnant's algorithm.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Int64(days * 86_400 + seconds) * 1000 + Int64(millis)
    }
}

/// Phase 1 of URL dedup. Collects `(hash of the normalised URL, rank, key)` per document and
/// writes `DIRECTORY/TTTTT.urls`: 24-byte little-endian records sorted by (hash, rank, key).
/// Memory: 24 B per document of the task. Not thread-safe: one writer per task.
public final class URLSignatureWriter {
    public static let recordSize = 24
    public let directory: String
    public let task: Int
    private var records: [(hash: UInt64, rank: UInt64, key: UInt64)] = []
    /// Documents with a URL added.
    public var count: Int { records.count }

    public init(directory: String, task: Int) {
        self.directory = directory
        self.task = task
    }

    /// Path of the URL file of `task` under `directory`.
    public static func path(directory: String, task: Int) -> String {
        FileSystem.join(directory, pad(task, 5) + ".urls")
    }

    /// Adds a document with its URL and its rank (`URLDedup.rank`).
    public func add(key: DocKey, url: String, rank: UInt64) {
        records.append((URLKey.hash(url), rank, key.raw))
    }

    /// Sorts and writes the task's file (also when empty); returns its path.
    public func finish() throws -> String {
        records.sort { ($0.hash, $0.rank, $0.key) < ($1.hash, $1.rank, $1.key) }
        let path = Self.path(directory: directory, task: task)
        var sink = try RecordSink(path: path)
        for r in records {
            putU64(r.hash, &sink.out)
            putU64(r.rank, &sink.out)
            putKey(r.key, &sink.out)
            try sink.flushIfFull()
        }
        try sink.commit()
        records = []
        return path
    }
}

/// Phase 2 of URL dedup: merges every task's URL file (restricted to a hash range) and writes, for
/// each URL with several captures, one record per capture that is not kept:
/// `(key, keptKey, captures u32, kind u32 = 1)` (24 B, the layout of phase 3's output), in hash
/// order. The kept capture is the one of smallest (rank, key). Memory: one buffer per input file
/// plus 8 B per capture of the largest URL group.
public enum URLGroups {
    public static let recordSize = 24

    @discardableResult
    public static func run(signatureFiles: [String], output: String, range: HashRange = .all) throws -> (removed: Int, groups: Int) {
        let inputs = try signatureFiles.sorted().map {
            try SortedInput(path: $0, recordSize: URLSignatureWriter.recordSize, range: range) { p in
                (getU64(p, 0), getU64(p, 8), getKey(p, 16))
            }
        }
        var sink = try RecordSink(path: output)
        var group: [UInt64] = []
        var groupHash: UInt64 = 0
        var removed = 0, groups = 0
        func flush() throws {
            defer { group.removeAll(keepingCapacity: true) }
            guard group.count > 1 else { return }
            groups += 1
            let head = group[0]
            for k in group.dropFirst() {
                putKey(k, &sink.out)
                putKey(head, &sink.out)
                putU32(UInt32(clamping: group.count), &sink.out)
                putU32(1, &sink.out)
                removed += 1
                try sink.flushIfFull()
            }
        }
        try mergeSorted(inputs) { rec in
            if !group.isEmpty && rec.hash != groupHash { try flush() }
            if group.isEmpty { groupHash = rec.hash }
            if group.last != rec.key { group.append(rec.key) }
        }
        try flush()
        try sink.commit()
        return (removed, groups)
    }
}
