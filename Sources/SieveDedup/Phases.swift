import Dispatch
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
    /// Number of records in the file.
    let count: Int

    init(path: String, recordSize: Int, bufferRecords: Int = 65536) throws {
        self.path = path
        size = recordSize
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DedupError(path: path, message: "cannot open: \(String(cString: strerror(errno)))") }
        guard let total = FileSystem.size(path), total % Int64(recordSize) == 0 else {
            close(fd)
            throw DedupError(path: path, message: "size is not a multiple of \(recordSize) bytes (truncated or not a dedup file); re-run the phase that wrote it")
        }
        count = Int(total) / recordSize
        buffer = [UInt8](repeating: 0, count: recordSize * bufferRecords)
    }

    /// The little-endian u64 at byte `offset` of record `record` (a direct read, for binary search).
    func u64(record: Int, offset: Int) throws -> UInt64 {
        var v: UInt64 = 0
        let n = withUnsafeMutableBytes(of: &v) { pread(fd, $0.baseAddress, 8, off_t(record * size + offset)) }
        guard n == 8 else { throw DedupError(path: path, message: "read failed at record \(record); re-run the phase that wrote it") }
        return UInt64(littleEndian: v)
    }

    /// Continues reading at record `record`.
    func seek(record: Int) throws {
        guard lseek(fd, off_t(record * size), SEEK_SET) >= 0 else {
            throw DedupError(path: path, message: "seek failed: \(String(cString: strerror(errno)))")
        }
        filled = 0
        pos = 0
        eof = false
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
    /// Keys were added in ascending order (the usual case): a stable sort by hash alone then
    /// gives (hash, key) order.
    private var keysAscending = true
    private var lastKey: UInt64?
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
        noteKey(key.raw)
        guard let hashes = hasher.bucketHashes(text, language: language) else { return }
        signed += 1
        for (i, h) in hashes.enumerated() { records[i].append((h, key.raw)) }
    }

    /// Adds a document by a precomputed hash (exact mode only, e.g. a normalised-URL hash).
    public func add(key: DocKey, hash: UInt64) {
        added += 1
        signed += 1
        noteKey(key.raw)
        records[0].append((hash, key.raw))
    }

    @inline(__always) private func noteKey(_ k: UInt64) {
        if let lastKey, k < lastKey { keysAscending = false }
        lastKey = k
    }

    /// Sorts and writes one file per bucket (also when empty); returns the paths written.
    public func finish() throws -> [String] {
        var paths: [String] = []
        var out: [UInt8] = []
        var scratch: [(hash: UInt64, key: UInt64)] = []
        for bucket in records.indices {
            if keysAscending {
                radixSortByHash(&records[bucket], scratch: &scratch)
            } else {
                records[bucket].sort { $0.hash != $1.hash ? $0.hash < $1.hash : $0.key < $1.key }
            }
            let path = Self.path(directory: directory, bucket: bucket, task: task)
            let n = records[bucket].count
            out.removeAll(keepingCapacity: true)
            out.append(contentsOf: repeatElement(0, count: n * Self.recordSize))
            out.withUnsafeMutableBytes { o in
                records[bucket].withUnsafeBufferPointer { r in
                    for i in 0..<n {
                        o.storeBytes(of: r[i].hash.littleEndian, toByteOffset: 16 * i, as: UInt64.self)
                        o.storeBytes(of: UInt32(truncatingIfNeeded: r[i].key >> 32).littleEndian, toByteOffset: 16 * i + 8, as: UInt32.self)
                        o.storeBytes(of: UInt32(truncatingIfNeeded: r[i].key).littleEndian, toByteOffset: 16 * i + 12, as: UInt32.self)
                    }
                }
            }
            let file = try OutputFile(path: path)
            try file.write(out)
            try file.commit()
            records[bucket] = []
            paths.append(path)
        }
        return paths
    }
}

/// Stable LSD radix sort by `hash` (8 passes of 8 bits; passes where every record has the same
/// digit are skipped).
func radixSortByHash(_ a: inout [(hash: UInt64, key: UInt64)], scratch: inout [(hash: UInt64, key: UInt64)]) {
    let n = a.count
    if n < 64 {
        a.sort { $0.hash < $1.hash }  // stable in Swift
        return
    }
    if scratch.count < n { scratch = Array(repeating: (0, 0), count: n) }
    var counts = [Int](repeating: 0, count: 8 * 256)
    a.withUnsafeBufferPointer { src in
        for r in src {
            var h = r.hash
            for d in 0..<8 { counts[d * 256 + Int(h & 0xFF)] += 1; h >>= 8 }
        }
    }
    var inScratch = false
    a.withUnsafeMutableBufferPointer { pa in
        scratch.withUnsafeMutableBufferPointer { ps in
            counts.withUnsafeMutableBufferPointer { c in
                for d in 0..<8 {
                    let base = d * 256
                    var trivial = false
                    for v in 0..<256 where c[base + v] == n { trivial = true; break }
                    if trivial { continue }
                    var sum = 0
                    for v in 0..<256 { let x = c[base + v]; c[base + v] = sum; sum += x }
                    let (from, to) = inScratch ? (ps, pa) : (pa, ps)
                    let shift = UInt64(8 * d)
                    for i in 0..<n {
                        let r = from[i]
                        let v = base + Int((r.hash >> shift) & 0xFF)
                        to[c[v]] = r
                        c[v] += 1
                    }
                    inScratch.toggle()
                }
                if inScratch { for i in 0..<n { pa[i] = ps[i] } }
            }
        }
    }
}

func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

// MARK: - Phase 2: hash ranges and the k-way merge

/// Part `part` of `parts` equal slices of the 64-bit hash space: phase 2 of one bucket can run
/// as `parts` tasks, each merging only the records whose hash falls in its slice. Runs of equal
/// hashes never straddle two slices, so the pairs of all parts are exactly those of the whole
/// bucket, and the parts' outputs concatenated in part order are byte-identical to the unsplit
/// output.
public struct HashRange: Sendable, Equatable, CustomStringConvertible {
    public var part: Int
    public var parts: Int
    /// The whole hash space.
    public static let all = HashRange(part: 0, parts: 1)

    public init(part: Int, parts: Int) {
        self.parts = max(1, parts)
        self.part = min(max(0, part), self.parts - 1)
    }

    static func start(_ part: Int, _ parts: Int) -> UInt64 {
        part == 0 ? 0 : UInt64(parts).dividingFullWidth((high: UInt64(part), low: 0)).quotient
    }
    /// Smallest hash of the slice.
    public var lowerBound: UInt64 { Self.start(part, parts) }
    /// First hash after the slice (nil for the last slice: up to UInt64.max).
    public var upperBound: UInt64? { part + 1 == parts ? nil : Self.start(part + 1, parts) }
    public func contains(_ h: UInt64) -> Bool { h >= lowerBound && (upperBound.map { h < $0 } ?? true) }
    public var description: String { "\(part)/\(parts)" }
}

/// One sorted phase-1 file read from the first record of a hash range to its end.
final class SortedInput {
    typealias Record = (hash: UInt64, order: UInt64, key: UInt64)
    let reader: RecordReader
    private let extract: (UnsafeRawPointer) -> Record
    private let upper: UInt64?
    private var last: Record = (0, 0, 0)

    init(path: String, recordSize: Int, range: HashRange, extract: @escaping (UnsafeRawPointer) -> Record) throws {
        reader = try RecordReader(path: path, recordSize: recordSize)
        self.extract = extract
        upper = range.upperBound
        let lo = range.lowerBound
        if lo > 0 {
            // Binary search for the first record with hash ≥ lo (the hash is the record's first u64).
            var a = 0, b = reader.count
            while a < b {
                let m = (a + b) >> 1
                if try reader.u64(record: m, offset: 0) < lo { a = m + 1 } else { b = m }
            }
            try reader.seek(record: a)
        }
    }

    func next() throws -> Record? {
        guard let r = try reader.next(extract) else { return nil }
        if let upper, r.hash >= upper { return nil }
        if r.hash < last.hash || (r.hash == last.hash && (r.order, r.key) < (last.order, last.key)) {
            throw DedupError(path: reader.path, message: "records are not sorted (not a Sieve signature file?); re-run phase 1")
        }
        last = r
        return r
    }
}

/// K-way merge of sorted inputs in (hash, order, key, input) order; memory: one buffer per input.
func mergeSorted(_ inputs: [SortedInput], _ body: (SortedInput.Record) throws -> Void) throws {
    typealias Entry = (rec: SortedInput.Record, r: Int)
    var heap: [Entry] = []
    heap.reserveCapacity(inputs.count)
    @inline(__always) func less(_ x: Entry, _ y: Entry) -> Bool {
        if x.rec.hash != y.rec.hash { return x.rec.hash < y.rec.hash }
        if x.rec.order != y.rec.order { return x.rec.order < y.rec.order }
        if x.rec.key != y.rec.key { return x.rec.key < y.rec.key }
        return x.r < y.r
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
    for (r, input) in inputs.enumerated() {
        guard let rec = try input.next() else { continue }
        heap.append((rec, r))
        var i = heap.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if less(heap[i], heap[p]) { heap.swapAt(i, p); i = p } else { break }
        }
    }
    while let top = heap.first {
        try body(top.rec)
        if let rec = try inputs[top.r].next() {
            heap[0] = (rec, top.r)
        } else {
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
        }
        if !heap.isEmpty { siftDown(0) }
    }
}

/// Buffered writer of fixed-size records into an `OutputFile` (atomic commit).
struct RecordSink {
    let file: OutputFile
    var out: [UInt8] = []
    init(path: String) throws {
        file = try OutputFile(path: path)
        out.reserveCapacity(1 << 20)
    }
    mutating func flushIfFull() throws {
        if out.count >= 1 << 20 { try file.write(out); out.removeAll(keepingCapacity: true) }
    }
    func commit() throws {
        try file.write(out)
        try file.commit()
    }
}

// MARK: - Phase 2: pairs per bucket

/// Phase 2. External k-way merge of one bucket's sorted signature files.
public enum BucketPairs {
    public static let recordSize = 16

    /// Merges `signatureFiles` (all tasks' files of `bucket`; order irrelevant), restricted to the
    /// hashes of `range`, and streams to `output` the duplicate pairs `(keyA, keyB)` as four u32
    /// (fileA, indexA, fileB, indexB), where keyA is the smallest key of a run of equal hashes and
    /// keyB each other key of the run (a star: linear in the run length), in (hash, keyB) order.
    /// Memory: one 1 MiB buffer per input file, independent of the number of pairs. Returns the
    /// number of pairs. Deterministic; the outputs of all parts of a split, concatenated in part
    /// order, equal the unsplit output byte for byte.
    @discardableResult
    public static func run(bucket: Int, signatureFiles: [String], output: String, range: HashRange = .all) throws -> Int {
        let inputs = try signatureFiles.sorted().map {
            try SortedInput(path: $0, recordSize: SignatureWriter.recordSize, range: range) { p in
                let k = getKey(p, 8)
                return (getU64(p, 0), k, k)
            }
        }
        var sink = try RecordSink(path: output)
        var runHash: UInt64 = 0
        var runHead: UInt64 = 0
        var inRun = false
        var lastKey: UInt64 = 0
        var written = 0
        try mergeSorted(inputs) { rec in
            if inRun && rec.hash == runHash {
                if rec.key != lastKey {
                    putKey(runHead, &sink.out)
                    putKey(rec.key, &sink.out)
                    written += 1
                    try sink.flushIfFull()
                }
            } else {
                inRun = true
                runHash = rec.hash
                runHead = rec.key
            }
            lastKey = rec.key
        }
        try sink.commit()
        _ = bucket
        return written
    }
}

// MARK: - Phase 3: clusters

/// Phase 3. Union-find over the pairs of all buckets, merged with URL dedup's removals.
public enum Clusters {
    /// Size of one record of the remove file: (key u32×2, kept u32×2, clusterSize u32, kind u32),
    /// kind 0 = near/exact duplicate cluster, 1 = removed by URL dedup (clusterSize = captures).
    public static let recordSize = 24

    /// What phase 3 found.
    public struct Summary: Sendable, Equatable {
        /// Documents removed as (near-)duplicates of a cluster's kept document.
        public var removed: Int
        /// Clusters of at least two documents (after URL dedup).
        public var clusters: Int
        /// Documents removed by URL dedup (an other capture of their URL is kept).
        public var urlRemoved: Int
    }

    /// Reads all `pairFiles` (order irrelevant) and the `urlFiles` of `URLGroups` (optional),
    /// joins documents into clusters, and writes to `output` one record per document in a
    /// cluster or removed by URL, sorted by key: `(key, keptKey, clusterSize, kind)`.
    ///
    /// A document removed by URL dedup is never a cluster's kept document, and is not counted in
    /// its cluster size, but still links its near-duplicates (it shares their bucket hashes). The
    /// kept document of a cluster is its smallest key that URL dedup did not remove; a cluster
    /// left with one such document has no record. Memory: 20 B per distinct document in pairs
    /// (key, parent, size, keeper) + per thread the distinct keys of the pair file it reads + 24 MB
    /// of chunk buffers + 24 B per URL removal.
    /// Deterministic: the output depends only on the set of pairs and removals, not on their
    /// files' order or split.
    /// Distinct keys of one pair file, sorted (the list is compacted as it grows).
    static func distinctKeys(_ path: String) throws -> [UInt64] {
        var keys: [UInt64] = []
        var compacted = 0
        let r = try RecordReader(path: path, recordSize: BucketPairs.recordSize)
        while let (x, y) = try r.next({ (getKey($0, 0), getKey($0, 8)) }) {
            keys.append(x)
            keys.append(y)
            if keys.count > 2 * compacted + (1 << 22) { sortUnique(&keys); compacted = keys.count }
        }
        sortUnique(&keys)
        return keys
    }

    static func sortUnique(_ keys: inout [UInt64]) {
        keys.sort()
        var u = 0
        for i in keys.indices where i == 0 || keys[i] != keys[i - 1] { keys[u] = keys[i]; u += 1 }
        keys.removeLast(keys.count - u)
    }

    @inline(__always)
    static func lowerBound(_ keys: UnsafeBufferPointer<UInt64>, _ k: UInt64) -> Int {
        var lo = 0, hi = keys.count
        while lo < hi { let m = (lo &+ hi) >> 1; if keys[m] < k { lo = m &+ 1 } else { hi = m } }
        return lo
    }

    /// Runs `body(0..<count)` split over `threads` threads (inline when one thread or little work).
    static func parallel(_ count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
        let t = min(threads, max(1, count / 4096))
        if t <= 1 { body(0..<count); return }
        withoutActuallyEscaping(body) { body in
            let box = Unchecked(body)  // each thread gets a disjoint range
            DispatchQueue.concurrentPerform(iterations: t) { i in
                box.value((count * i / t)..<(count * (i + 1) / t))
            }
        }
    }

    /// Hands values the compiler cannot prove thread-safe to `concurrentPerform`; callers
    /// guarantee disjoint writes.
    struct Unchecked<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }

    /// `threads` > 1 parallelises what dominates phase 3: reading and sorting each pair file's
    /// keys (one file per thread), and mapping pair endpoints to dense ids (binary searches, in
    /// chunks of 1M pairs); the unions themselves stay sequential. The output does not depend
    /// on `threads` (the union-find result depends only on the set of pairs).
    @discardableResult
    public static func run(pairFiles: [String], urlFiles: [String] = [], output: String, threads: Int = 1) throws -> Summary {
        let files = pairFiles.sorted()
        let threads = max(1, threads)
        var keys: [UInt64] = []
        var next = 0
        while next < files.count {
            let batch = Array(files[next..<min(files.count, next + threads)])
            next += batch.count
            let results = UnsafeMutablePointer<Result<[UInt64], Error>>.allocate(capacity: batch.count)
            results.initialize(repeating: .success([]), count: batch.count)
            defer { results.deinitialize(count: batch.count); results.deallocate() }
            if batch.count == 1 {
                results[0] = Result { try distinctKeys(batch[0]) }
            } else {
                let slots = Unchecked(results)  // one slot per thread
                DispatchQueue.concurrentPerform(iterations: batch.count) { i in
                    slots.value[i] = Result { try distinctKeys(batch[i]) }
                }
            }
            for i in 0..<batch.count { keys += try results[i].get() }
            // Keeps memory ∝ distinct documents, not pairs of all buckets.
            sortUnique(&keys)
        }
        var url: [(key: UInt64, kept: UInt64, size: UInt32)] = []
        for f in urlFiles.sorted() {
            let r = try RecordReader(path: f, recordSize: URLGroups.recordSize)
            while let rec = try r.next({ (getKey($0, 0), getKey($0, 8), getU32($0, 16)) }) { url.append((rec.0, rec.1, rec.2)) }
        }
        url.sort { $0.key < $1.key }
        guard keys.count < Int(Int32.max) else {
            throw DedupError(path: output, message: "more than 2^31 documents in duplicate pairs; run phase 3 per language or per corpus slice")
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
        let chunk = 1 << 20
        var raw = [UInt64](repeating: 0, count: 2 * chunk)
        var ids = [Int32](repeating: 0, count: 2 * chunk)
        for f in files {
            let r = try RecordReader(path: f, recordSize: BucketPairs.recordSize)
            while true {
                var n = 0
                while n < chunk, let (x, y) = try r.next({ (getKey($0, 0), getKey($0, 8)) }) {
                    raw[2 * n] = x
                    raw[2 * n + 1] = y
                    n += 1
                }
                if n == 0 { break }
                keys.withUnsafeBufferPointer { kb in
                    raw.withUnsafeBufferPointer { rb in
                        ids.withUnsafeMutableBufferPointer { ib in
                            let ip = ib.baseAddress!
                            parallel(2 * n, threads: threads) { range in
                                for j in range { ip[j] = Int32(truncatingIfNeeded: lowerBound(kb, rb[j])) }
                            }
                        }
                    }
                }
                for j in 0..<n {
                    let a = find(Int(ids[2 * j])), b = find(Int(ids[2 * j + 1]))
                    if a == b { continue }
                    // The root is always the smallest id = smallest key.
                    if a < b { parent[b] = Int32(a) } else { parent[a] = Int32(b) }
                }
                if n < chunk { break }
            }
        }
        // Per root: members not removed by URL, and the first of them (the kept document).
        var size = [UInt32](repeating: 0, count: keys.count)
        var keeper = [Int32](repeating: -1, count: keys.count)
        var u = 0
        for i in keys.indices {
            let r = find(i)
            parent[i] = Int32(r)
            while u < url.count && url[u].key < keys[i] { u += 1 }
            if u < url.count && url[u].key == keys[i] { continue }
            size[r] += 1
            if keeper[r] < 0 { keeper[r] = Int32(i) }
        }
        var sink = try RecordSink(path: output)
        var summary = Summary(removed: 0, clusters: 0, urlRemoved: 0)
        func put(_ key: UInt64, _ kept: UInt64, _ n: UInt32, _ kind: UInt32) throws {
            putKey(key, &sink.out)
            putKey(kept, &sink.out)
            putU32(n, &sink.out)
            putU32(kind, &sink.out)
            try sink.flushIfFull()
        }
        var i = 0
        u = 0
        var lastURL: UInt64? = nil
        while i < keys.count || u < url.count {
            if u < url.count && (i == keys.count || url[u].key <= keys[i]) {
                let rec = url[u]
                u += 1
                if rec.key == lastURL { continue }  // the same removal listed twice
                lastURL = rec.key
                if i < keys.count && keys[i] == rec.key { i += 1 }
                try put(rec.key, rec.kept, rec.size, 1)
                summary.urlRemoved += 1
                continue
            }
            let r = Int(parent[i])
            if size[r] >= 2 {
                let kept = Int(keeper[r])
                if kept == i { summary.clusters += 1 } else { summary.removed += 1 }
                try put(keys[i], keys[kept], size[r], 0)
            }
            i += 1
        }
        try sink.commit()
        return summary
    }
}

// MARK: - Phase 4: filter

/// What phase 4 does with one document that is in a cluster or was removed by URL dedup.
public struct RemovalEntry: Sendable, Equatable {
    /// True for every document but a cluster's kept one.
    public var remove: Bool
    /// The kept document (nil for the kept document itself).
    public var kept: DocKey?
    /// Documents in the cluster (kept and removed), or captures of the URL when `byURL`.
    public var clusterSize: Int
    /// Removed by URL dedup: `kept` is the capture of the same URL that is kept.
    public var byURL: Bool
}

/// Phase 4. The remove file of phase 3, loaded for lookups (binary search). Immutable after
/// init; thread-safe. Memory: 21 B per document in a cluster.
public final class RemovalIndex: @unchecked Sendable {
    private let keys: [UInt64]
    private let kept: [UInt64]
    private let sizes: [UInt32]
    private let kinds: [UInt8]

    /// Loads `path` (a phase-3 output).
    public init(path: String) throws {
        let bytes = try FileSystem.readFile(path)
        guard bytes.count % Clusters.recordSize == 0 else {
            throw DedupError(path: path, message: "size is not a multiple of \(Clusters.recordSize) bytes; re-run phase 3")
        }
        let n = bytes.count / Clusters.recordSize
        var k: [UInt64] = [], kp: [UInt64] = [], s: [UInt32] = [], kd: [UInt8] = []
        k.reserveCapacity(n); kp.reserveCapacity(n); s.reserveCapacity(n); kd.reserveCapacity(n)
        bytes.withUnsafeBytes { p in
            guard let base = p.baseAddress else { return }
            for i in 0..<n {
                let o = i * Clusters.recordSize
                k.append(getKey(base, o))
                kp.append(getKey(base, o + 8))
                s.append(getU32(base, o + 16))
                kd.append(UInt8(truncatingIfNeeded: getU32(base, o + 20)))
            }
        }
        for i in 1..<max(1, n) where k[i] <= k[i - 1] {
            throw DedupError(path: path, message: "records are not sorted; re-run phase 3")
        }
        keys = k; kept = kp; sizes = s; kinds = kd
    }

    /// Number of documents in clusters (kept and removed) or removed by URL.
    public var count: Int { keys.count }

    /// The kept documents that records point to (clusters' kept documents and kept captures of
    /// URLs), sorted, without repeats: the documents whose ids phase 3 looks up.
    public var referencedKeys: [UInt64] {
        var r = kept
        r.sort()
        var u = 0
        for i in r.indices where i == 0 || r[i] != r[i - 1] { r[u] = r[i]; u += 1 }
        r.removeLast(r.count - u)
        return r
    }

    /// nil if `key` is in no cluster and not removed by URL (keep, cluster size 1).
    public func entry(for key: DocKey) -> RemovalEntry? {
        let k = key.raw
        var lo = 0, hi = keys.count
        while lo < hi { let m = (lo + hi) >> 1; if keys[m] < k { lo = m + 1 } else { hi = m } }
        guard lo < keys.count, keys[lo] == k else { return nil }
        let isKept = kept[lo] == k
        return RemovalEntry(remove: !isKept, kept: isKept ? nil : DocKey(raw: kept[lo]),
                            clusterSize: Int(sizes[lo]), byURL: kinds[lo] == 1)
    }

    /// nil if `key` is in no cluster (a unique document: keep, cluster size 1). Otherwise
    /// `remove` is true for duplicates, `kept` is the cluster's kept document (nil for the kept
    /// document itself), `clusterSize` counts all documents of the cluster.
    public func decision(for key: DocKey) -> (remove: Bool, kept: DocKey?, clusterSize: Int)? {
        entry(for: key).map { ($0.remove, $0.kept, $0.clusterSize) }
    }
}
