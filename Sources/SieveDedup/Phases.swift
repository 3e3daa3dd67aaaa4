import Glibc
import SieveIO

/// A document's identity across the four phases: `file` = index of the data file in the sorted
/// list of the signature stage's inputs, `index` = line number inside that file. Ordered by
/// (file, index): "first in input order" = smallest key.
public struct DocKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var file: UInt32
    public var index: UInt32
    public init(file: UInt32, index: UInt32) { self.file = file; self.index = index }
    /// (file << 32) | index — order-preserving packing.
    public var raw: UInt64 { UInt64(file) << 32 | UInt64(index) }
    public init(raw: UInt64) { file = UInt32(truncatingIfNeeded: raw >> 32); index = UInt32(truncatingIfNeeded: raw) }
    public static func < (l: DocKey, r: DocKey) -> Bool { l.raw < r.raw }
    public var description: String { "\(file):\(index)" }
}

/// Errors of the dedup phases; each says which file is at fault and what to do.
public struct DedupError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    public init(path: String, message: String) { self.path = path; self.message = message }
    public var description: String { "\(path): \(message)" }
}

// MARK: - fixed-size little-endian record I/O

@inline(__always) func putU32(_ v: UInt32, _ out: inout [UInt8]) {
    var x = v.littleEndian
    withUnsafeBytes(of: &x) { out.append(contentsOf: $0) }
}
@inline(__always) func putU64(_ v: UInt64, _ out: inout [UInt8]) {
    var x = v.littleEndian
    withUnsafeBytes(of: &x) { out.append(contentsOf: $0) }
}
@inline(__always) func putKey(_ raw: UInt64, _ out: inout [UInt8]) {
    putU32(UInt32(truncatingIfNeeded: raw >> 32), &out)
    putU32(UInt32(truncatingIfNeeded: raw), &out)
}
@inline(__always) func getU32(_ p: UnsafeRawPointer, _ off: Int) -> UInt32 {
    UInt32(littleEndian: p.loadUnaligned(fromByteOffset: off, as: UInt32.self))
}
@inline(__always) func getU64(_ p: UnsafeRawPointer, _ off: Int) -> UInt64 {
    UInt64(littleEndian: p.loadUnaligned(fromByteOffset: off, as: UInt64.self))
}
@inline(__always) func getKey(_ p: UnsafeRawPointer, _ off: Int) -> UInt64 {
    UInt64(getU32(p, off)) << 32 | UInt64(getU32(p, off + 4))
}

/// Streams fixed-size records from a file with a bounded buffer (default 1 MiB).
final class RecordReader {
    let path: String
    let size: Int
    private var fd: Int32
    private var buffer: [UInt8]
    private var filled = 0
    private var pos = 0
    private var eof = false

    init(path: String, recordSize: Int, bufferRecords: Int = 65536) throws {
        self.path = path
        size = recordSize
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DedupError(path: path, message: "cannot open: \(String(cString: strerror(errno)))") }
        guard let total = FileSystem.size(path), total % Int64(recordSize) == 0 else {
            close(fd)
            throw DedupError(path: path, message: "size is not a multiple of \(recordSize) bytes (truncated or not a dedup file); re-run the phase that wrote it")
        }
        buffer = [UInt8](repeating: 0, count: recordSize * bufferRecords)
    }
    deinit { if fd >= 0 { close(fd) } }

    /// Calls `body` with a pointer to the next record, or returns false at the end.
    func next<T>(_ body: (UnsafeRawPointer) -> T) throws -> T? {
        if filled - pos < size {
            if eof { return nil }
            try refill()
            if filled - pos < size { return nil }
        }
        let r = buffer.withUnsafeBytes { body($0.baseAddress! + pos) }
        pos += size
        return r
    }

    private func refill() throws {
        let rest = filled - pos
        if rest > 0 { buffer.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: $0.baseAddress! + pos, byteCount: rest) } }
        filled = rest
        pos = 0
        while filled < buffer.count {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw DedupError(path: path, message: "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { eof = true; break }
            filled += n
        }
    }
}

// MARK: - Phase 1: signatures

/// Phase 1. Collects one 64-bit hash per bucket per document and writes, per bucket,
/// `DIRECTORY/bucket_BBB/TTTTT.sig`: 16-byte records `(hash u64, file u32, index u32)`, little-endian,
/// sorted by (hash, key). Files are written atomically (no partial files). Not thread-safe: one
/// writer per task. Memory: 16 B × buckets per document of the task.
public final class SignatureWriter {
    public static let recordSize = 16
    public let directory: String
    public let task: Int
    public let hasher: MinHasher
    private var records: [[(hash: UInt64, key: UInt64)]]
    /// Documents added / documents with a signature (non-empty after normalisation).
    public private(set) var added = 0
    public private(set) var signed = 0

    public init(directory: String, task: Int, config: MinHashConfig, splitter: any WordSplitter = SimpleWordSplitter()) {
        self.directory = directory
        self.task = task
        hasher = MinHasher(config: config, splitter: splitter)
        records = Array(repeating: [], count: config.buckets)
    }

    /// Path of the signature file of `bucket` for `task` under `directory`.
    public static func path(directory: String, bucket: Int, task: Int) -> String {
        FileSystem.join(FileSystem.join(directory, "bucket_" + pad(bucket, 3)), pad(task, 5) + ".sig")
    }

    /// Adds one document. Documents with no words get no signature and are never duplicates.
    public func add(key: DocKey, text: String, language: String?) {
        added += 1
        guard let hashes = hasher.bucketHashes(text, language: language) else { return }
        signed += 1
        for (i, h) in hashes.enumerated() { records[i].append((h, key.raw)) }
    }

    /// Adds a document by a precomputed hash (exact mode only, e.g. a normalised-URL hash).
    public func add(key: DocKey, hash: UInt64) {
        added += 1
        signed += 1
        records[0].append((hash, key.raw))
    }

    /// Sorts and writes one file per bucket (also when empty); returns the paths written.
    public func finish() throws -> [String] {
        var paths: [String] = []
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        for bucket in records.indices {
            records[bucket].sort { $0.hash != $1.hash ? $0.hash < $1.hash : $0.key < $1.key }
            let path = Self.path(directory: directory, bucket: bucket, task: task)
            let file = try OutputFile(path: path)
            out.removeAll(keepingCapacity: true)
            for r in records[bucket] {
                putU64(r.hash, &out)
                putKey(r.key, &out)
                if out.count >= 1 << 20 { try file.write(out); out.removeAll(keepingCapacity: true) }
            }
            try file.write(out)
            try file.commit()
            records[bucket] = []
            paths.append(path)
        }
        return paths
    }
}

func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

// MARK: - Phase 2: pairs per bucket

/// Phase 2. External k-way merge of one bucket's sorted signature files.
public enum BucketPairs {
    public static let recordSize = 16

    /// Merges `signatureFiles` (all tasks' files of `bucket`; order irrelevant) and writes to
    /// `output` the duplicate pairs `(keyA, keyB)` as four u32 (fileA, indexA, fileB, indexB),
    /// sorted, where keyA is the smallest key of a run of equal hashes and keyB each other key of
    /// the run (a star: linear in the run length). Memory: one 1 MiB buffer per input file plus
    /// 16 B per pair. Returns the number of pairs. Deterministic.
    @discardableResult
    public static func run(bucket: Int, signatureFiles: [String], output: String) throws -> Int {
        let readers = try signatureFiles.sorted().map { try RecordReader(path: $0, recordSize: SignatureWriter.recordSize) }
        // heap of (hash, key, reader)
        var heap: [(hash: UInt64, key: UInt64, r: Int)] = []
        func less(_ x: (hash: UInt64, key: UInt64, r: Int), _ y: (hash: UInt64, key: UInt64, r: Int)) -> Bool {
            x.hash != y.hash ? x.hash < y.hash : x.key != y.key ? x.key < y.key : x.r < y.r
        }
        func siftUp(_ i0: Int) {
            var i = i0
            while i > 0 {
                let p = (i - 1) / 2
                if less(heap[i], heap[p]) { heap.swapAt(i, p); i = p } else { break }
            }
        }
        func siftDown(_ i0: Int) {
            var i = i0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count && less(heap[l], heap[m]) { m = l }
                if r < heap.count && less(heap[r], heap[m]) { m = r }
                if m == i { return }
                heap.swapAt(i, m)
                i = m
            }
        }
        var last: [(hash: UInt64, key: UInt64)] = Array(repeating: (0, 0), count: readers.count)
        func pull(_ r: Int) throws -> (hash: UInt64, key: UInt64)? {
            guard let rec = try readers[r].next({ (getU64($0, 0), getKey($0, 8)) }) else { return nil }
            if rec.0 < last[r].hash || (rec.0 == last[r].hash && rec.1 < last[r].key) {
                throw DedupError(path: readers[r].path, message: "records are not sorted (not a Sieve signature file?); re-run phase 1")
            }
            last[r] = (rec.0, rec.1)
            return (rec.0, rec.1)
        }
        for r in readers.indices {
            if let rec = try pull(r) { heap.append((rec.hash, rec.key, r)); siftUp(heap.count - 1) }
        }
        var pairs: [(UInt64, UInt64)] = []
        var runHash: UInt64 = 0
        var runHead: UInt64 = 0
        var inRun = false
        var lastKey: UInt64 = 0
        while let top = heap.first {
            if inRun && top.hash == runHash {
                if top.key != lastKey { pairs.append((runHead, top.key)) }
            } else {
                inRun = true
                runHash = top.hash
                runHead = top.key
            }
            lastKey = top.key
            if let rec = try pull(top.r) {
                heap[0] = (rec.hash, rec.key, top.r)
            } else {
                heap[0] = heap[heap.count - 1]
                heap.removeLast()
            }
            if !heap.isEmpty { siftDown(0) }
        }
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        let file = try OutputFile(path: output)
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        var written = 0
        var prev: (UInt64, UInt64)? = nil
        for p in pairs {
            if let q = prev, q == p { continue }
            prev = p
            putKey(p.0, &out)
            putKey(p.1, &out)
            written += 1
            if out.count >= 1 << 20 { try file.write(out); out.removeAll(keepingCapacity: true) }
        }
        try file.write(out)
        try file.commit()
        _ = bucket
        return written
    }
}

// MARK: - Phase 3: clusters

/// Phase 3. Union-find over the pairs of all buckets.
public enum Clusters {
    /// Size of one record of the remove file: (key u32×2, kept u32×2, clusterSize u64).
    public static let recordSize = 24

    /// Reads all `pairFiles` (order irrelevant), joins documents into clusters, and writes to
    /// `output` one record per document in a cluster, sorted by key: `(key, keptKey, clusterSize)`
    /// where keptKey is the cluster's smallest key (keptKey == key for the kept document).
    /// Memory: 16 B per distinct document in pairs (key, parent, size), plus
    /// 16 B per pair of the largest pair file while it is merged in. Deterministic.
    /// Returns (documents to remove, clusters).
    @discardableResult
    public static func run(pairFiles: [String], output: String) throws -> (removed: Int, clusters: Int) {
        let files = pairFiles.sorted()
        var keys: [UInt64] = []
        func compact() {
            keys.sort()
            var u = 0
            for i in keys.indices where i == 0 || keys[i] != keys[i - 1] { keys[u] = keys[i]; u += 1 }
            keys.removeLast(keys.count - u)
        }
        for f in files {
            let r = try RecordReader(path: f, recordSize: BucketPairs.recordSize)
            while let (x, y) = try r.next({ (getKey($0, 0), getKey($0, 8)) }) { keys.append(x); keys.append(y) }
            compact()  // keeps memory ∝ distinct documents, not pairs of all buckets
        }
        guard keys.count < Int(Int32.max) else {
            throw DedupError(path: output, message: "more than 2^31 documents in duplicate pairs; run phase 3 per language or per corpus slice")
        }
        func id(_ k: UInt64) -> Int {
            var lo = 0, hi = keys.count
            while lo < hi { let m = (lo + hi) >> 1; if keys[m] < k { lo = m + 1 } else { hi = m } }
            return lo
        }
        var parent = [Int32](unsafeUninitializedCapacity: keys.count) { buf, n in
            for i in 0..<buf.count { buf[i] = Int32(i) }
            n = buf.count
        }
        func find(_ x0: Int) -> Int {
            var r = x0
            while Int(parent[r]) != r { r = Int(parent[r]) }
            var x = x0
            while Int(parent[x]) != r { let nx = Int(parent[x]); parent[x] = Int32(r); x = nx }
            return r
        }
        for f in files {
            let r = try RecordReader(path: f, recordSize: BucketPairs.recordSize)
            while let (x, y) = try r.next({ (getKey($0, 0), getKey($0, 8)) }) {
                let a = find(id(x)), b = find(id(y))
                if a == b { continue }
                // The root is always the smallest id = smallest key: the kept document.
                if a < b { parent[b] = Int32(a) } else { parent[a] = Int32(b) }
            }
        }
        var size = [UInt32](repeating: 0, count: keys.count)
        for i in keys.indices { let r = find(i); parent[i] = Int32(r); size[r] += 1 }
        let file = try OutputFile(path: output)
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        var removed = 0, clusters = 0
        for i in keys.indices {
            let r = Int(parent[i])
            if r == i { clusters += 1 } else { removed += 1 }
            putKey(keys[i], &out)
            putKey(keys[r], &out)
            putU64(UInt64(size[r]), &out)
            if out.count >= 1 << 20 { try file.write(out); out.removeAll(keepingCapacity: true) }
        }
        try file.write(out)
        try file.commit()
        return (removed, clusters)
    }
}

// MARK: - Phase 4: filter

/// Phase 4. The remove file of phase 3, loaded for lookups (binary search). Immutable after
/// init; thread-safe. Memory: 24 B per document in a cluster.
public final class RemovalIndex: @unchecked Sendable {
    private let keys: [UInt64]
    private let kept: [UInt64]
    private let sizes: [UInt32]

    /// Loads `path` (a phase-3 output).
    public init(path: String) throws {
        let bytes = try FileSystem.readFile(path)
        guard bytes.count % Clusters.recordSize == 0 else {
            throw DedupError(path: path, message: "size is not a multiple of \(Clusters.recordSize) bytes; re-run phase 3")
        }
        let n = bytes.count / Clusters.recordSize
        var k: [UInt64] = [], kp: [UInt64] = [], s: [UInt32] = []
        k.reserveCapacity(n); kp.reserveCapacity(n); s.reserveCapacity(n)
        bytes.withUnsafeBytes { p in
            let base = p.baseAddress!
            for i in 0..<n {
                let o = i * Clusters.recordSize
                k.append(getKey(base, o))
                kp.append(getKey(base, o + 8))
                s.append(UInt32(truncatingIfNeeded: getU64(base, o + 16)))
            }
        }
        for i in 1..<max(1, n) where k[i] <= k[i - 1] {
            throw DedupError(path: path, message: "records are not sorted; re-run phase 3")
        }
        keys = k; kept = kp; sizes = s
    }

    /// Number of documents in clusters (kept and removed).
    public var count: Int { keys.count }

    /// nil if `key` is in no cluster (a unique document: keep, cluster size 1). Otherwise
    /// `remove` is true for duplicates, `kept` is the cluster's kept document (nil for the kept
    /// document itself), `clusterSize` counts all documents of the cluster.
    public func decision(for key: DocKey) -> (remove: Bool, kept: DocKey?, clusterSize: Int)? {
        let k = key.raw
        var lo = 0, hi = keys.count
        while lo < hi { let m = (lo + hi) >> 1; if keys[m] < k { lo = m + 1 } else { hi = m } }
        guard lo < keys.count, keys[lo] == k else { return nil }
        let isKept = kept[lo] == k
        return (!isKept, isKept ? nil : DocKey(raw: kept[lo]), Int(sizes[lo]))
    }
}
