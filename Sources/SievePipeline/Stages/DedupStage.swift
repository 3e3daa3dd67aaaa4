import Foundation
import SieveDedup
import SieveFilters
import SieveIO

/// `dedup`: URL, exact and MinHash near-duplicate removal, global over all tasks, in four
/// phases that each run as their own stage (and Slurm array):
///
/// 1. `dedup-signatures` (per input share): per document, B bucket hashes of its MinHash
///    signature (word n-grams, ICU words for unspaced scripts, FineWeb normalisation) and/or its
///    normalised-content hash, and/or its normalised-URL hash with a rank from its `created`
///    date, written sorted per bucket; plus the document ids and dates.
/// 2. `dedup-buckets` (`bucket_tasks` tasks): per bucket (and per hash range of it when
///    `bucket_split` > 1), an external merge of every task's sorted file into duplicate pairs,
///    or URL removals, streamed with bounded memory.
/// 3. `dedup-clusters` (one task): union-find over all pairs; the kept document of a cluster is
///    the first in input order that URL dedup did not remove; the kept documents' ids are
///    looked up once.
/// 4. `dedup` (per input share): drops duplicates with an audit row naming the kept document and
///    the cluster size (`duplicate`), or the kept capture of the URL and both dates
///    (`duplicate_url`); kept documents of a cluster get `metadata.dedup_cluster_size`.
///
/// Options: `exact` (default true), `minhash` (`{ngrams: 5, buckets: 14, hashes_per_bucket: 8,
/// seed: 1, hashing: one_permutation|permutations}`, or false), `url` (`{keep: newest|oldest|first}`, `true` = newest; default off),
/// `per_language` (default true), `bucket_tasks` (default: one per bucket), `bucket_split`
/// (hash ranges per bucket; default: enough for `bucket_tasks`), `cluster_threads` (phase 3;
/// default: the CPUs available).
enum DedupStage {
    struct Settings: Sendable {
        var minhash: MinHashConfig?
        var exact: MinHashConfig?
        var url: URLDedup.Keep?
        var split = 1
        /// (method, bucket) merged by phase 2, in a fixed order.
        var buckets: [(method: String, bucket: Int)] {
            (minhash.map { m in (0..<m.buckets).map { ("minhash", $0) } } ?? [])
                + (exact.map { _ in [("exact", 0)] } ?? [])
                + (url.map { _ in [("url", 0)] } ?? [])
        }
        /// Phase 2's work items: every bucket × every hash range.
        var items: [(method: String, bucket: Int, range: HashRange)] {
            buckets.flatMap { b in (0..<split).map { (b.method, b.bucket, HashRange(part: $0, parts: split)) } }
        }
        var method: String {
            [minhash != nil ? "minhash" : nil, exact != nil ? "exact" : nil].compactMap { $0 }.joined(separator: "+")
        }
    }

    static let definition = StageDefinition(
        name: "dedup",
        summary: "URL, exact and MinHash LSH near-duplicate removal, global, in four phases (signatures, buckets, clusters, filter)",
        make: { _, _ in throw TaskError("dedup runs as phases") },
        phases: { opts, _, tasks in
            let perLanguage = try opts.bool("per_language", default: true)
            var s = Settings()
            if try opts.bool("exact", default: true) { s.exact = .exactContent(perLanguage: perLanguage) }
            if let m = try opts.nested("minhash") {
                s.minhash = MinHashConfig(
                    ngrams: try m.int("ngrams", default: 5, min: 1, max: 64),
                    buckets: try m.int("buckets", default: 14, min: 1, max: 1000),
                    hashesPerBucket: try m.int("hashes_per_bucket", default: 8, min: 1, max: 100),
                    seed: UInt64(try m.int("seed", default: 1, min: 0)), perLanguage: perLanguage,
                    hashing: try m.choice("hashing", default: MinHashHashing.onePermutation))
                try m.finish()
            } else if opts.has("minhash") == false {
                s.minhash = MinHashConfig(perLanguage: perLanguage)
            }
            if opts.has("url"), (try? opts.bool("url")) == false {
                s.url = nil
            } else if let u = try opts.nested("url") {
                s.url = try u.choice("keep", default: URLDedup.Keep.newest)
                try u.finish()
            }
            if s.minhash == nil && s.exact == nil && s.url == nil {
                throw opts.error("exact", "stage 'dedup' with neither `exact`, `minhash` nor `url` would do nothing")
            }
            let units = s.buckets.count
            let bucketTasks = try opts.int("bucket_tasks", default: units, min: 1, max: 100_000)
            s.split = try opts.int("bucket_split", default: (bucketTasks + units - 1) / units, min: 1, max: 100_000)
            let settings = s
            let clusterThreads = try opts.int("cluster_threads", default: ProcessInfo.processInfo.activeProcessorCount, min: 1, max: 1024)
            return [
                PhaseDefinition(name: "dedup-signatures", tasks: tasks, kind: .documents(writesData: false, make: { _ in
                    DedupSignatures(settings: settings)
                })),
                PhaseDefinition(name: "dedup-buckets", tasks: bucketTasks, kind: .side(make: { _ in
                    DedupBuckets(settings: settings)
                })),
                PhaseDefinition(name: "dedup-clusters", tasks: 1, kind: .side(make: { _ in DedupClusters(threads: clusterThreads) })),
                PhaseDefinition(name: "dedup", tasks: tasks, kind: .documents(writesData: true, make: { _ in
                    DedupFilter(method: settings.method)
                })),
            ]
        })
}

/// The shared word segmenter, as dedup's word splitter (Thai, Chinese, Japanese get ICU's
/// dictionary words). Normalised text of space-separated scripts takes `SpacedWords`' byte
/// split, which finds the same words without building a String and a token list per document.
struct SegmenterSplitter: WordSplitter {
    let segmenter = WordSegmenter()
    /// Every script `SpacedWords` leaves to ICU is above U+0800.
    var splitsOnSpacesBelowU0800: Bool { true }
    func split(_ text: UnsafeBufferPointer<UInt8>, into words: inout [Range<Int>]) {
        if SpacedWords.split(text, into: &words) { return }
        // Normalised text is valid UTF-8 (whole scalars written by the normaliser), so its bytes
        // are segmented in place, with the offsets a String of them would give.
        for t in segmenter.tokens(bytes: text, language: nil) where t.isWord { words.append(t.range) }
    }
}

func dedupKey(_ p: DocumentPosition) -> DocKey { DocKey(file: UInt32(p.file), index: UInt32(p.index)) }

/// Phase 1.
final class DedupSignatures: DocumentStage {
    let settings: DedupStage.Settings
    private var minhash: SignatureWriter?
    private var exact: SignatureWriter?
    private var url: URLSignatureWriter?
    private var ids: [UInt8] = []
    private var directory = ""
    private var taskName = ""

    init(settings: DedupStage.Settings) { self.settings = settings }

    func begin(_ context: TaskContext) throws {
        directory = context.stageDirectory
        taskName = context.taskName
        minhash = settings.minhash.map {
            SignatureWriter(directory: FileSystem.join(directory, "minhash"), task: context.task, config: $0, splitter: SegmenterSplitter())
        }
        exact = settings.exact.map {
            SignatureWriter(directory: FileSystem.join(directory, "exact"), task: context.task, config: $0, splitter: SegmenterSplitter())
        }
        if settings.url != nil { url = URLSignatureWriter(directory: FileSystem.join(directory, "url"), task: context.task) }
    }

    func process(_ doc: inout Document) throws -> Verdict { .keep }

    func process(_ doc: inout Document, at position: DocumentPosition) throws -> Verdict {
        let key = dedupKey(position)
        let lang = doc.metadataValue(forKey: "lang")?.stringValue
        minhash?.add(key: key, text: doc.text, language: lang)
        exact?.add(key: key, text: doc.text, language: lang)
        if let keep = settings.url, let u = doc.url, !u.isEmpty {
            url?.add(key: key, url: u, rank: URLDedup.rank(created: doc.created, keep: keep))
        }
        // "key \t id \t created" (JSON values): phase 3 looks up the kept documents' lines.
        ids.append(contentsOf: "\(key.raw)\t".utf8)
        JSONWriter.appendString(doc.id, to: &ids)
        ids.append(0x09)
        if let c = doc.created { JSONWriter.appendString(c, to: &ids) } else { ids.append(contentsOf: "null".utf8) }
        ids.append(0x0A)
        return .keep
    }

    func finish(_ context: TaskContext) throws -> [String] {
        var out = try (minhash?.finish() ?? []) + (exact?.finish() ?? [])
        if let url { out.append(try url.finish()) }
        let idsPath = FileSystem.join(directory, "ids/\(taskName).tsv")
        let f = try OutputFile(path: idsPath)
        try f.write(ids)
        try f.commit()
        out.append(idsPath)
        return out
    }
}

/// Phase 2.
final class DedupBuckets: SideStage {
    let settings: DedupStage.Settings
    private(set) var counters: [String: Int64] = [:]
    init(settings: DedupStage.Settings) { self.settings = settings }

    func run(_ context: TaskContext, _ earlier: EarlierOutputs) throws -> [String] {
        let signatures = try earlier.outputs(of: "dedup-signatures")
        var out: [String] = []
        var pairs: Int64 = 0, urlRemoved: Int64 = 0
        for (i, item) in settings.items.enumerated() where i % context.tasks == context.task {
            let part = item.range.parts > 1 ? "-part\(item.range.part)of\(item.range.parts)" : ""
            let name = "pairs/\(item.method)-\(pad3(item.bucket))\(part)"
            if item.method == "url" {
                let files = signatures.filter { $0.contains("/url/") && $0.hasSuffix(".urls") }
                let output = FileSystem.join(context.stageDirectory, name + ".urlremove")
                urlRemoved += Int64(try URLGroups.run(signatureFiles: files, output: output, range: item.range).removed)
                out.append(output)
                continue
            }
            let folder = "/\(item.method)/bucket_" + pad3(item.bucket) + "/"
            let files = signatures.filter { $0.contains(folder) && $0.hasSuffix(".sig") }
            let output = FileSystem.join(context.stageDirectory, name + ".pairs")
            pairs += Int64(try BucketPairs.run(bucket: item.bucket, signatureFiles: files, output: output, range: item.range))
            out.append(output)
        }
        counters["pairs"] = pairs
        if settings.url != nil { counters["url_duplicates"] = urlRemoved }
        return out
    }

    private func pad3(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 3 - s.count)) + s
    }
}

/// Phase 3: clusters, and the ids of the kept documents of clusters.
final class DedupClusters: SideStage {
    private(set) var counters: [String: Int64] = [:]
    let threads: Int
    init(threads: Int) { self.threads = threads }

    func run(_ context: TaskContext, _ earlier: EarlierOutputs) throws -> [String] {
        let phase2 = try earlier.outputs(of: "dedup-buckets")
        let removePath = FileSystem.join(context.stageDirectory, "clusters.remove")
        let r = try Clusters.run(pairFiles: phase2.filter { $0.hasSuffix(".pairs") },
                                 urlFiles: phase2.filter { $0.hasSuffix(".urlremove") }, output: removePath,
                                 threads: threads)
        counters["duplicates"] = Int64(r.removed)
        counters["clusters"] = Int64(r.clusters)
        counters["url_duplicates"] = Int64(r.urlRemoved)
        let needed = try RemovalIndex(path: removePath).referencedKeys
        // One pass over the ids: keep the lines of kept documents (memory ∝ clusters).
        var kept: [UInt8] = []
        for f in try earlier.outputs(of: "dedup-signatures") where f.hasSuffix(".tsv") {
            let reader = try ByteReader(path: f)
            while let line = try reader.readLine() {
                guard let tab = line.firstIndex(of: 0x09),
                      let raw = UInt64(String(decoding: line[..<tab], as: UTF8.self)) else { continue }
                var lo = 0, hi = needed.count
                while lo < hi { let m = (lo + hi) >> 1; if needed[m] < raw { lo = m + 1 } else { hi = m } }
                if lo < needed.count && needed[lo] == raw {
                    kept.append(contentsOf: line)
                    kept.append(0x0A)
                }
            }
        }
        let keptPath = FileSystem.join(context.stageDirectory, "kept-ids.tsv")
        let f = try OutputFile(path: keptPath)
        try f.write(kept)
        try f.commit()
        return [removePath, keptPath]
    }
}

/// Phase 4.
final class DedupFilter: DocumentStage {
    let method: String
    private var index: RemovalIndex?
    private var kept: [UInt64: (id: String, created: String?)] = [:]

    init(method: String) { self.method = method }

    /// Decisions come from the cluster files; the text passes through undecoded.
    var readsText: Bool { false }

    func begin(_ context: TaskContext) throws {
        let files = try context.earlier.outputs(of: "dedup-clusters")
        guard let remove = files.first(where: { $0.hasSuffix("clusters.remove") }),
              let keptFile = files.first(where: { $0.hasSuffix("kept-ids.tsv") })
        else { throw TaskError("dedup-clusters left no clusters.remove / kept-ids.tsv") }
        index = try RemovalIndex(path: remove)
        let reader = try ByteReader(path: keptFile)
        while let line = try reader.readLine() {
            let fields = line.split(separator: 0x09, maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count >= 2,
                  let raw = UInt64(String(decoding: fields[0], as: UTF8.self)),
                  let id = try? JSONParser.parse(Array(fields[1])).stringValue else { continue }
            let created = fields.count > 2 ? (try? JSONParser.parse(Array(fields[2])))?.stringValue : nil
            kept[raw] = (id, created)
        }
    }

    func process(_ doc: inout Document) throws -> Verdict { .keep }

    func process(_ doc: inout Document, at position: DocumentPosition) throws -> Verdict {
        guard let d = index?.entry(for: dedupKey(position)) else { return .keep }
        if !d.remove {
            doc.setMetadataValue(.int(Int64(d.clusterSize)), forKey: "dedup_cluster_size")
            return .keep
        }
        let other = d.kept.flatMap { kept[$0.raw] }
        var detail = JSONObject()
        if d.byURL {
            detail["method"] = .string("url")
            detail["kept_id"] = other.map { .string($0.id) } ?? .null
            detail["kept_created"] = other?.created.map(JSONValue.string) ?? .null
            detail["created"] = doc.created.map(JSONValue.string) ?? .null
            detail["captures"] = .int(Int64(d.clusterSize))
            return .drop(reason: "duplicate_url", detail: detail)
        }
        detail["method"] = .string(method)
        detail["kept_id"] = other.map { .string($0.id) } ?? .null
        detail["cluster_size"] = .int(Int64(d.clusterSize))
        return .drop(reason: "duplicate", detail: detail)
    }
}
