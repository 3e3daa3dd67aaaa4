import Foundation

/// A supervised fastText model (`.bin`, or quantized `.ftz`) loaded for inference.
///
/// Predictions equal fastText's `predict` (same features, float32 arithmetic, hierarchical-softmax
/// tree, sigmoid table and libstdc++ heap order for ties). The file is memory-mapped; aligned dense
/// matrices are used in place. Thread-safe: concurrent callers each take a reusable scratch state.
public final class FastTextModel: @unchecked Sendable {
    /// Loss functions stored in the model header.
    enum Loss: Int32 { case hs = 1, ns = 2, softmax = 3, ova = 4 }

    let dim: Int
    let wordNgrams: Int
    let loss: Loss
    let bucket: Int
    let minn: Int
    let maxn: Int
    let dict: FastTextDictionary
    let input: FastTextMatrix
    let output: FastTextMatrix
    private let tree: HuffmanTree?
    /// Character n-gram rows of each vocabulary word, precomputed (CSR) unless the vocabulary is huge.
    private let vocabNgramStart: [Int32]
    private let vocabNgrams: [Int32]
    /// Vocabularies up to this size get their n-grams precomputed at load time.
    static let precomputeLimit = 1_000_000
    private let labelStrings: [String]
    /// Token rows are summed as they come (16 lanes at a time) instead of being listed in
    /// `Scratch.features`, because the input matrix is `isQuantized16x2` (lid.176.ftz).
    private let sumRows: Bool
    private let pool = ScratchPool()

    /// The labels in model order, with their `__label__` prefix (e.g. `__label__de`).
    public var labels: [String] { labelStrings }

    /// Loads a model file. Throws `FastTextError` with the reason when the file is unreadable or not
    /// a supervised fastText model of format version ≤ 12.
    public init(path: String) throws {
        let file = try MappedFile(path: path)
        var c = ModelCursor(file: file, path: path)
        let magic = try c.int32()
        guard magic == 793712314 else { throw c.fail("bad magic number \(magic)") }
        let version = try c.int32()
        guard version <= 12 else { throw c.fail("format version \(version) is newer than 12") }
        // Args.
        let dim = Int(try c.int32())
        _ = try c.int32()  // ws
        _ = try c.int32()  // epoch
        _ = try c.int32()  // minCount
        _ = try c.int32()  // neg
        let wordNgrams = Int(try c.int32())
        let lossRaw = try c.int32()
        let model = try c.int32()
        let bucket = Int(try c.int32())
        let minn = Int(try c.int32())
        var maxn = Int(try c.int32())
        _ = try c.int32()  // lrUpdateRate
        _ = try c.float64()  // t
        guard let loss = Loss(rawValue: lossRaw) else { throw c.fail("unknown loss \(lossRaw)") }
        guard model == 3 else {
            throw c.fail("this is an unsupervised (word-vector) model, not a classifier")
        }
        if version == 11 { maxn = 0 }
        guard dim > 0, dim < 1 << 16, bucket >= 0, wordNgrams >= 0, minn >= 0, maxn >= 0 else {
            throw c.fail("invalid arguments (dim \(dim), bucket \(bucket), minn \(minn), maxn \(maxn))")
        }
        let dict = try FastTextDictionary(cursor: &c)
        guard dict.nlabels > 0 else { throw c.fail("the model has no labels") }
        let quantInput = try c.bool()
        if !quantInput && dict.pruneSize >= 0 {
            throw c.fail("a pruned dictionary with a dense input matrix is not a valid model")
        }
        let input = try FastTextMatrix(cursor: &c, quantized: quantInput)
        let qout = try c.bool()
        let output = try FastTextMatrix(cursor: &c, quantized: quantInput && qout)
        guard input.cols == dim, output.cols == dim else {
            throw c.fail("matrix widths (\(input.cols), \(output.cols)) differ from dim \(dim)")
        }
        let ngramRows = dict.pruneSize < 0 ? bucket : (dict.pruneSize == 0 ? 0 : dict.maxPrunedRow + 1)
        guard input.rows >= dict.nwords + ngramRows else {
            throw c.fail("the input matrix has \(input.rows) rows, fewer than the dictionary needs")
        }
        guard output.rows >= dict.nlabels - (loss == .hs ? 1 : 0) else {
            throw c.fail("the output matrix has \(output.rows) rows for \(dict.nlabels) labels")
        }
        self.dim = dim
        self.wordNgrams = wordNgrams
        self.loss = loss
        self.bucket = bucket
        self.minn = minn
        self.maxn = maxn
        self.dict = dict
        self.input = input
        self.output = output
        self.tree = loss == .hs ? HuffmanTree(counts: Array(dict.counts[dict.nwords...])) : nil
        self.labelStrings = (0..<dict.nlabels).map { dict.entry(dict.nwords + $0) }
        var starts: [Int32] = []
        var rows: [Int32] = []
        if maxn > 0 && bucket > 0 && dict.nwords <= FastTextModel.precomputeLimit {
            starts.reserveCapacity(dict.nwords + 1)
            var w = [UInt8](repeating: 0, count: 256)
            for i in 0..<dict.nwords {
                starts.append(Int32(clamping: rows.count))
                if i == Int(dict.eos) { continue }
                dict.withEntryBytes(i) { e in
                    if w.count < e.count + 2 { w = [UInt8](repeating: 0, count: e.count + 2) }
                    w.withUnsafeMutableBufferPointer { wb in
                        wb[0] = 0x3C
                        for (j, b) in e.enumerated() { wb[j + 1] = b }
                        wb[e.count + 1] = 0x3E
                        FastTextModel.charNgrams(UnsafeBufferPointer(rebasing: wb[0..<(e.count + 2)]), minn: minn,
                                                 maxn: maxn, bucket: bucket, dict: dict, into: &rows)
                    }
                }
            }
            starts.append(Int32(clamping: rows.count))
            if rows.count >= Int(Int32.max) { starts = []; rows = [] }
        }
        self.vocabNgramStart = starts
        self.sumRows = input.isQuantized16x2
        self.vocabNgrams = rows
    }

    /// Predicts the `k` most likely labels of one line of text, as fastText's `predict(text, k,
    /// threshold)` does on `text` with newlines replaced by spaces: words are split on ASCII
    /// whitespace and NUL, `</s>` is appended, unknown words contribute only their character
    /// n-grams. Probabilities below `threshold` are dropped. `k <= 0` returns every label.
    /// Returns an empty array when the text yields no features (only with models lacking `</s>`).
    public func predict(_ text: String, k: Int = 1, threshold: Float = 0) -> [(label: String, probability: Float)] {
        var t = text
        return t.withUTF8 { predict(utf8: UnsafeRawBufferPointer($0), k: k, threshold: threshold) }
    }

    /// `predict` on UTF-8 bytes (any bytes are accepted, as fastText does).
    public func predict(utf8 text: UnsafeRawBufferPointer, k: Int = 1, threshold: Float = 0)
        -> [(label: String, probability: Float)]
    {
        withScratch { s in
            let n = predictIndices(text, k: k, threshold: threshold, scratch: s)
            var result: [(label: String, probability: Float)] = []
            result.reserveCapacity(n)
            for e in s.heap[0..<n] { result.append((labelStrings[Int(e.index)], expf(e.score))) }
            return result
        }
    }

    /// Runs `body` with a scratch state that no other caller uses meanwhile.
    func withScratch<R>(_ body: (Scratch) -> R) -> R {
        let s = pool.take(dim: dim, outputs: output.rows)
        defer { pool.give(s) }
        return body(s)
    }

    /// Runs prediction leaving the results, best first, in `s.heap[0..<count]` (log scores).
    func predictIndices(_ text: UnsafeRawBufferPointer, k: Int, threshold: Float, scratch s: Scratch) -> Int {
        collectFeatures(text, s)
        s.heap.removeAll(keepingCapacity: true)
        let rowCount = s.features.count + (sumRows ? s.rowSumCount : 0)
        if rowCount == 0 { return 0 }
        let kk = k <= 0 ? output.rows : k
        // Hidden vector.
        s.hidden.withUnsafeMutableBufferPointer { h in
            let hp = h.baseAddress!
            for j in 0..<dim { hp[j] = 0 }
            let scale = Float(1.0 / Double(rowCount))
            if sumRows {
                // The token rows are summed already (same additions in the same order, 16 lanes
                // at a time); word n-gram rows follow.
                var acc = s.rowSum
                s.features.withUnsafeBufferPointer { f in
                    for id in f { acc += input.quantizedRow16(Int(id)) }
                }
                acc *= scale
                UnsafeMutableRawPointer(hp).storeBytes(of: acc, as: SIMD16<Float>.self)
            } else {
                s.features.withUnsafeBufferPointer { f in
                    for id in f { input.addRow(Int(id), to: hp) }
                }
                for j in 0..<dim { hp[j] *= scale }
            }
        }
        switch loss {
        case .hs:
            guard let tree else { return 0 }  // always built for hs models
            let logThreshold = stdLog(threshold)
            s.hidden.withUnsafeBufferPointer { h in
                tree.dfs(k: kk, logThreshold: logThreshold, node: tree.root, score: 0,
                         heap: &s.heap, hidden: h.baseAddress!, output: output)
            }
        case .softmax, .ova, .ns:
            let osz = dict.nlabels
            s.hidden.withUnsafeBufferPointer { h in
                s.output.withUnsafeMutableBufferPointer { o in
                    for i in 0..<osz { o[i] = output.dot(i, h.baseAddress!) }
                    if loss == .softmax {
                        var mx = o[0]
                        for i in 0..<osz { mx = max(o[i], mx) }
                        var z: Float = 0
                        for i in 0..<osz {
                            o[i] = expf(o[i] - mx)
                            z += o[i]
                        }
                        for i in 0..<osz { o[i] /= z }
                    } else {
                        for i in 0..<osz { o[i] = SigmoidTable.shared.sigmoid(o[i]) }
                    }
                }
            }
            for i in 0..<osz {
                let p = s.output[i]
                if p < threshold { continue }
                if s.heap.count == kk && stdLog(p) < s.heap[0].score { continue }
                s.heap.append(HeapEntry(score: stdLog(p), index: Int32(i)))
                MinHeap.push(&s.heap)
                if s.heap.count > kk {
                    MinHeap.pop(&s.heap)
                    s.heap.removeLast()
                }
            }
        }
        MinHeap.sort(&s.heap)
        return s.heap.count
    }

    /// Fills `s.features` with the input rows of the line (words, char n-grams, word n-grams);
    /// with `sumRows` the token rows are summed into `s.rowSum` instead and `s.features`
    /// gets only the word n-gram rows.
    private func collectFeatures(_ text: UnsafeRawBufferPointer, _ s: Scratch) {
        s.features.removeAll(keepingCapacity: true)
        s.hashes.removeAll(keepingCapacity: true)
        s.tokens.removeAll(keepingCapacity: true)
        s.rowSum = SIMD16<Float>()
        s.rowSumCount = 0
        let n = text.count
        let cache = s.cache
        // Pass 1: the tokens up to the first `</s>`, their hashes and first cache slots (loads
        // that do not wait for one another).
        if let base = text.baseAddress {
            var i = 0
            while i < n {
                // Skip separators.
                while i < n && isSeparator(text[i]) { i += 1 }
                if i >= n { break }
                let start = i
                while i < n && !isSeparator(text[i]) { i += 1 }
                let h = fastTextHash(base + start, i - start)
                s.tokens.append(Token(start: start, length: i - start, hash: h, slot: cache.peek(h)))
                if i - start == 4 && memcmp(base + start, "</s>", 4) == 0 { break }
            }
        }
        // Pass 2: their rows, in order.
        var sawEOS = false
        s.tokens.withUnsafeBufferPointer { toks in
            for t in toks {
                if addToken(text.baseAddress.unsafelyUnwrapped + t.start, t.length, t.hash, s) {
                    sawEOS = true
                    break
                }
            }
        }
        if !sawEOS {
            let eos: StaticString = "</s>"
            _ = addToken(UnsafeRawPointer(eos.utf8Start), 4, fastTextHash(UnsafeRawPointer(eos.utf8Start), 4), s)
        }
        if wordNgrams > 1 && bucket > 0 {
            let b = UInt64(bucket)
            let hc = s.hashes.count
            for a in 0..<hc {
                var h = UInt64(bitPattern: Int64(s.hashes[a]))
                var j = a + 1
                while j < hc && j < a + wordNgrams {
                    h = h &* 116049371 &+ UInt64(bitPattern: Int64(s.hashes[j]))
                    let row = dict.ngramRow(Int32(truncatingIfNeeded: h % b))
                    if row >= 0 { s.features.append(row) }
                    j += 1
                }
            }
        }
    }

    /// Adds one token's features (`h` = its fastText hash); returns true when the token is `</s>`
    /// (fastText stops there). Tokens seen before come from the cache (same rows, same order).
    @inline(__always)
    private func addToken(_ p: UnsafeRawPointer, _ len: Int, _ h: UInt32, _ s: Scratch) -> Bool {
        let cache = s.cache
        if let e = cache.find(p, len, h) {
            if e.flags & WordFeatureCache.labelFlag == 0 && e.rowCount > 0 {
                // Int32 and UInt32 may alias each other.
                let ids = UnsafeRawPointer(e.payload.baseAddress.unsafelyUnwrapped).assumingMemoryBound(to: Int32.self)
                if sumRows {
                    addRows(UnsafeBufferPointer(start: ids, count: e.rowCount), s)
                } else {
                    s.features.append(contentsOf: UnsafeBufferPointer(start: ids, count: e.rowCount))
                }
            }
            if e.flags & WordFeatureCache.labelFlag == 0 {
                if wordNgrams > 1 { s.hashes.append(Int32(bitPattern: h)) }
            }
            return e.flags & WordFeatureCache.eosFlag != 0
        }
        let before = s.features.count
        let wid = dict.find(p, len, h)
        let isEOS = len == 4 && memcmp(p, "</s>", 4) == 0
        let label: Bool
        if wid >= 0 {
            label = dict.isLabel[Int(wid)]
        } else {
            label = len >= 9 && memcmp(p, "__label__", 9) == 0
        }
        if !label {
            if wid >= 0 { s.features.append(wid) }
            if wid >= 0 && !vocabNgramStart.isEmpty {
                let a = Int(vocabNgramStart[Int(wid)]), b = Int(vocabNgramStart[Int(wid) + 1])
                if a < b { vocabNgrams.withUnsafeBufferPointer { s.features.append(contentsOf: $0[a..<b]) } }
            } else if !isEOS && maxn > 0 && bucket > 0 {
                addCharNgrams(p, len, s)
            }
            if wordNgrams > 1 { s.hashes.append(Int32(bitPattern: h)) }
        }
        let flags = (label ? WordFeatureCache.labelFlag : 0) | (isEOS ? WordFeatureCache.eosFlag : 0)
        let n = s.features.count - before
        s.features.withUnsafeBufferPointer { f in
            let ids = UnsafeBufferPointer(rebasing: f[before...])
            let words = UnsafeRawPointer(f.baseAddress.unsafelyUnwrapped + before).assumingMemoryBound(to: UInt32.self)
            cache.insert(p, len, h, rowCount: n, payload: UnsafeBufferPointer(start: words, count: n), flags: flags)
            if sumRows { addRows(ids, s) }
        }
        if sumRows { s.features.removeLast(n) }
        return isEOS
    }

    /// Adds input rows to the scratch's running sum (`sumRows`).
    @inline(__always)
    private func addRows(_ ids: UnsafeBufferPointer<Int32>, _ s: Scratch) {
        var acc = s.rowSum
        for id in ids { acc += input.quantizedRow16(Int(id)) }
        s.rowSum = acc
        s.rowSumCount += ids.count
    }

    /// Character n-grams of `<word>` (fastText's `computeSubwords`), appended as input rows.
    private func addCharNgrams(_ p: UnsafeRawPointer, _ len: Int, _ s: Scratch) {
        if s.word.count < len + 2 { s.word = [UInt8](repeating: 0, count: max(len + 2, 2 * s.word.count)) }
        s.word.withUnsafeMutableBufferPointer { w in
            w[0] = 0x3C
            if len > 0 { memcpy(w.baseAddress! + 1, p, len) }
            w[len + 1] = 0x3E
            FastTextModel.charNgrams(UnsafeBufferPointer(rebasing: w[0..<(len + 2)]), minn: minn, maxn: maxn,
                                     bucket: bucket, dict: dict, into: &s.features)
        }
    }

    /// fastText's `computeSubwords` over `w` = `<word>`: n-grams of minn…maxn code points starting at
    /// non-continuation bytes, except a lone `<` or `>`; bucket `hash % bucket`, then pruning.
    static func charNgrams(_ w: UnsafeBufferPointer<UInt8>, minn: Int, maxn: Int, bucket: Int,
                           dict: FastTextDictionary, into out: inout [Int32]) {
        let L = w.count
        let mod = FastMod(UInt32(bucket))
        for i in 0..<L {
            if w[i] & 0xC0 == 0x80 { continue }
            var h: UInt32 = 2166136261
            var j = i
            var n = 1
            while j < L && n <= maxn {
                h = fastTextHashStep(h, w[j])
                j += 1
                while j < L && w[j] & 0xC0 == 0x80 {
                    h = fastTextHashStep(h, w[j])
                    j += 1
                }
                if n >= minn && !(n == 1 && (i == 0 || j == L)) {
                    let row = dict.ngramRow(Int32(bitPattern: mod.reduce(h)))
                    if row >= 0 { out.append(row) }
                }
                n += 1
            }
        }
    }
}

/// `a % d` for 32-bit values without a division (Lemire, Kaser and Kurz, "Faster remainder by
/// direct computation", 2019).
struct FastMod {
    let d: UInt32
    let m: UInt64

    init(_ d: UInt32) {
        self.d = d
        m = d > 1 ? UInt64.max / UInt64(d) &+ 1 : 0
    }

    @inline(__always)
    func reduce(_ a: UInt32) -> UInt32 {
        if d <= 1 { return 0 }
        let low = m &* UInt64(a)
        return UInt32(truncatingIfNeeded: low.multipliedFullWidth(by: UInt64(d)).high)
    }
}

@inline(__always)
private func isSeparator(_ c: UInt8) -> Bool {
    // space, \n, \r, \t, \v, \f, \0 (fastText's readWord); \n is treated as a space here.
    c == 0x20 || (c >= 0x09 && c <= 0x0D) || c == 0
}

/// fastText's `std_log`: `log(x + 1e-5)` in double, rounded to float.
@inline(__always)
func stdLog(_ x: Float) -> Float { Float(log(Double(x) + 1e-5)) }

/// One token of a line: its bytes `text[start..<start+length]`, fastText hash, and the word
/// cache's first slot for it as read in the tokenizing pass (kept only so that the early read,
/// which warms the cache line, is not optimized away).
struct Token {
    var start: Int
    var length: Int
    var hash: UInt32
    var slot: UInt64
}

/// One prediction candidate: log score and label index.
struct HeapEntry { var score: Float; var index: Int32 }

/// Per-call buffers, reused across calls. One caller at a time (ScratchPool), so the runtime's
/// exclusivity checks on these hot properties are skipped.
final class Scratch {
    @exclusivity(unchecked) var features: [Int32] = []
    @exclusivity(unchecked) var hashes: [Int32] = []
    @exclusivity(unchecked) var hidden: [Float]
    @exclusivity(unchecked) var output: [Float]
    @exclusivity(unchecked) var heap: [HeapEntry] = []
    @exclusivity(unchecked) var word: [UInt8] = [UInt8](repeating: 0, count: 256)
    @exclusivity(unchecked) var tokens: [Token] = []
    /// Running sum and count of the token rows (see `FastTextModel.sumRows`).
    @exclusivity(unchecked) var rowSum = SIMD16<Float>()
    @exclusivity(unchecked) var rowSumCount = 0
    /// Rows of recently seen tokens.
    let cache = WordFeatureCache()

    init(dim: Int, outputs: Int) {
        hidden = [Float](repeating: 0, count: dim)
        output = [Float](repeating: 0, count: max(outputs, 1))
    }
}

/// A lock-protected stack of scratch states, so concurrent callers never share buffers.
final class ScratchPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [Scratch] = []

    func take(dim: Int, outputs: Int) -> Scratch {
        lock.lock()
        let s = free.popLast()
        lock.unlock()
        return s ?? Scratch(dim: dim, outputs: outputs)
    }

    func give(_ s: Scratch) {
        lock.lock()
        if free.count < 64 { free.append(s) }
        lock.unlock()
    }
}

/// fastText's 513-entry sigmoid lookup table (used by the one-vs-all and negative-sampling losses).
struct SigmoidTable: Sendable {
    static let shared = SigmoidTable()
    private let table: [Float]

    init() {
        table = (0...512).map { i in
            let x = Float(i * 16) / 512 - 8
            return Float(1.0 / (1.0 + Double(expf(-x))))
        }
    }

    @inline(__always)
    func sigmoid(_ x: Float) -> Float {
        if x < -8 { return 0 }
        if x > 8 { return 1 }
        let i = Int((x + 8) * 512 / 8 / 2)
        return table[i]
    }
}

/// The hierarchical-softmax Huffman tree, built from the label counts as fastText does.
struct HuffmanTree: Sendable {
    let osz: Int
    let left: [Int32]
    let right: [Int32]
    var root: Int { 2 * osz - 2 }

    init(counts: [Int64]) {
        let osz = counts.count
        let n = 2 * osz - 1
        var count = [Int64](repeating: 1_000_000_000_000_000, count: n)
        var left = [Int32](repeating: -1, count: n)
        var right = [Int32](repeating: -1, count: n)
        for i in 0..<osz { count[i] = counts[i] }
        var leaf = osz - 1
        var node = osz
        for i in osz..<n {
            var mini = (0, 0)
            for j in 0..<2 {
                let pick: Int
                if leaf >= 0 && count[leaf] < count[node] {
                    pick = leaf
                    leaf -= 1
                } else {
                    pick = node
                    node += 1
                }
                if j == 0 { mini.0 = pick } else { mini.1 = pick }
            }
            left[i] = Int32(mini.0)
            right[i] = Int32(mini.1)
            count[i] = count[mini.0] + count[mini.1]
        }
        self.osz = osz
        self.left = left
        self.right = right
    }

    func dfs(k: Int, logThreshold: Float, node: Int, score: Float, heap: inout [HeapEntry],
             hidden: UnsafePointer<Float>, output: FastTextMatrix) {
        if score < logThreshold { return }
        if heap.count == k && score < heap[0].score { return }
        let l = left[node], r = right[node]
        if l == -1 && r == -1 {
            heap.append(HeapEntry(score: score, index: Int32(node)))
            MinHeap.push(&heap)
            if heap.count > k {
                MinHeap.pop(&heap)
                heap.removeLast()
            }
            return
        }
        var f = output.dot(node - osz, hidden)
        f = 1 / (1 + expf(-f))
        dfs(k: k, logThreshold: logThreshold, node: Int(l), score: score + stdLog(Float(1.0 - Double(f))),
            heap: &heap, hidden: hidden, output: output)
        dfs(k: k, logThreshold: logThreshold, node: Int(r), score: score + stdLog(f),
            heap: &heap, hidden: hidden, output: output)
    }
}

/// A literal port of libstdc++'s heap algorithms with comparator `a.score > b.score`, so that
/// equal scores come out in exactly fastText's order.
enum MinHeap {
    @inline(__always)
    private static func comp(_ a: HeapEntry, _ b: HeapEntry) -> Bool { a.score > b.score }

    /// `__push_heap(first, hole, top, value)`.
    private static func pushHole(_ h: inout [HeapEntry], _ holeIndex: Int, _ topIndex: Int, _ value: HeapEntry) {
        var hole = holeIndex
        var parent = (hole - 1) / 2
        while hole > topIndex && comp(h[parent], value) {
            h[hole] = h[parent]
            hole = parent
            parent = (hole - 1) / 2
        }
        h[hole] = value
    }

    /// `__adjust_heap(first, hole, len, value)`.
    private static func adjust(_ h: inout [HeapEntry], _ holeIndex: Int, _ len: Int, _ value: HeapEntry) {
        let top = holeIndex
        var hole = holeIndex
        var second = holeIndex
        while second < (len - 1) / 2 {
            second = 2 * (second + 1)
            if comp(h[second], h[second - 1]) { second -= 1 }
            h[hole] = h[second]
            hole = second
        }
        if len & 1 == 0 && second == (len - 2) / 2 {
            second = 2 * (second + 1)
            h[hole] = h[second - 1]
            hole = second - 1
        }
        pushHole(&h, hole, top, value)
    }

    /// `std::push_heap` of the last element.
    static func push(_ h: inout [HeapEntry]) {
        let n = h.count
        if n < 2 { return }
        pushHole(&h, n - 1, 0, h[n - 1])
    }

    /// `std::pop_heap` over `h[0..<len]`: the front moves to `len - 1`.
    static func pop(_ h: inout [HeapEntry], len: Int? = nil) {
        let n = len ?? h.count
        if n < 2 { return }
        let value = h[n - 1]
        h[n - 1] = h[0]
        adjust(&h, 0, n - 1, value)
    }

    /// `std::sort_heap`.
    static func sort(_ h: inout [HeapEntry]) {
        var n = h.count
        while n > 1 {
            pop(&h, len: n)
            n -= 1
        }
    }
}
