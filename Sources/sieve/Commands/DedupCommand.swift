import ArgumentParser
import Foundation
import SieveDedup
import SieveIO

/// `sieve dedup`: MinHash / exact near-duplicate detection over JSON Lines files.
struct DedupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Find near-duplicate documents (MinHash LSH, FineWeb-2 style) in JSON Lines files.",
        subcommands: [DedupRunCommand.self, DedupMinHashCommand.self]
    )
}

/// Options shared by the dedup subcommands.
fileprivate struct DedupOptions: ParsableArguments {
    @Option(help: "Words per shingle.") var ngrams: Int = 5
    @Option(help: "LSH buckets (bands).") var buckets: Int = 14
    @Option(help: "Hashes per bucket (rows).") var rows: Int = 8
    @Option(help: "Seed of the permutation parameters.") var seed: UInt64 = 1
    @Flag(help: "Exact dedup of normalised content instead of MinHash.") var exact = false
    @Flag(help: "Compare documents across languages too (default: per language).") var acrossLanguages = false
    @Option(help: "How the MinHash values are computed: one_permutation (one hash per shingle, densified) or permutations (buckets × rows independent hash functions).")
    var hashing: MinHashHashing = .onePermutation

    var config: MinHashConfig {
        if exact { return .exactContent(perLanguage: !acrossLanguages) }
        return MinHashConfig(ngrams: ngrams, buckets: buckets, hashesPerBucket: rows, seed: seed,
                             perLanguage: !acrossLanguages, hashing: hashing)
    }
}

extension MinHashHashing: ExpressibleByArgument {}

fileprivate func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("sieve dedup: \(message)\n".utf8))
    return ExitCode(2)
}

/// Calls `body` with each line of `bytes` (without its newline) and its index; a last line
/// without a newline counts, an empty tail after the last newline does not.
fileprivate func forEachLine(_ bytes: [UInt8], _ body: (Int, UnsafeRawBufferPointer) throws -> Void) rethrows {
    try bytes.withUnsafeBytes { buf in
        guard let base = buf.baseAddress else { return }
        var start = 0
        var line = 0
        while start < buf.count {
            var end = buf.count
            if let nl = memchr(base + start, 0x0A, buf.count - start) { end = base.distance(to: UnsafeRawPointer(nl)) }
            try body(line, UnsafeRawBufferPointer(rebasing: buf[start..<end]))
            line += 1
            start = end + 1
        }
    }
}

/// True when the line holds only spaces, tabs and carriage returns (or nothing).
fileprivate func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
    line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
}

fileprivate func now(_ clock: clockid_t = CLOCK_MONOTONIC) -> Double {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// CPU time of the process (user + system), for benchmarks on a shared machine.
fileprivate func cpuNow() -> Double { now(CLOCK_PROCESS_CPUTIME_ID) }

/// `sieve dedup run`: runs the four phases in a work directory and prints one line per document.
struct DedupRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the four dedup phases over JSONL files; print {id, duplicate_of, cluster_size} per document.",
        discussion: """
            Files are sorted by path; file i is task i of phase 1. Each line is a JSON object with \
            "text" and optionally "id" (default "FILE_INDEX:LINE") and "language" (or metadata.language). \
            Output: one line per document, in input order: {"id":..,"duplicate_of":id|null,"cluster_size":n}. \
            The kept document of a cluster is the first in input order.
            """
    )

    @OptionGroup fileprivate var options: DedupOptions
    @Option(help: "Work directory for the phase files (default: a temporary directory, removed afterwards).")
    var work: String?
    @Flag(help: "Print phase timings to standard error.") var timings = false
    @Option(help: "Threads for phase 3 (clusters).") var threads: Int = 1
    @Flag(help: "Print only the summary, not one line per document.") var summary = false
    @Argument(help: "JSON Lines files.") var files: [String]

    func run() throws {
        let config = options.config
        let paths = files.sorted()
        let workDir: String
        var temporary = false
        if let work { workDir = work } else {
            workDir = FileManager.default.temporaryDirectory.appendingPathComponent("sieve-dedup-\(getpid())").path
            temporary = true
        }
        defer { if temporary { FileSystem.removeTree(workDir) } }
        var ids: [[String]] = []
        var sigFiles: [[String]] = Array(repeating: [], count: config.buckets)
        let t0 = now(), c0 = cpuNow()
        var docs = 0
        for (fi, path) in paths.enumerated() {
            let bytes: [UInt8]
            do { bytes = try FileSystem.readFile(path) } catch { throw fail("\(error)") }
            let writer = SignatureWriter(directory: FileSystem.join(workDir, "signatures"), task: fi, config: config)
            var fileIds: [String] = []
            do {
                try forEachLine(bytes) { li, line in
                    if line.first != UInt8(ascii: "{") && isBlank(line) { fileIds.append(""); return }
                    guard case .object(let o) = try JSONParser.parse(line),
                          let text = o["text"]?.stringValue else {
                        throw DedupError(path: path, message: "line \(li + 1): expected a JSON object with a string \"text\"")
                    }
                    let id: String
                    switch o["id"] {
                    case .string(let s)?: id = s
                    case .int(let v)?: id = String(v)
                    default: id = "\(fi):\(li)"
                    }
                    fileIds.append(id)
                    let lang = o["language"]?.stringValue ?? o["metadata"]?.objectValue?["language"]?.stringValue
                    writer.add(key: DocKey(file: UInt32(fi), index: UInt32(li)), text: text, language: lang)
                    docs += 1
                }
                for (b, p) in try writer.finish().enumerated() { sigFiles[b].append(p) }
            } catch { throw fail("\(error)") }
            ids.append(fileIds)
        }
        let t1 = now(), c1 = cpuNow()
        var pairFiles: [String] = []
        var pairs = 0
        let result: Clusters.Summary
        let removePath = FileSystem.join(workDir, "clusters.remove")
        var tPairs = t1
        do {
            for b in 0..<config.buckets {
                let out = FileSystem.join(FileSystem.join(workDir, "pairs"), "bucket_\(b).pairs")
                pairs += try BucketPairs.run(bucket: b, signatureFiles: sigFiles[b], output: out)
                pairFiles.append(out)
            }
            tPairs = now()
            result = try Clusters.run(pairFiles: pairFiles, output: removePath, threads: max(1, threads))
        } catch { throw fail("\(error)") }
        let t2 = now(), c2 = cpuNow()
        if timings {
            FileHandle.standardError.write(Data(String(
                format: "docs %d phase1 %.3f s (%.0f docs/s) phase2+3 %.3f s pairs %d removed %d clusters %d cpu1 %.3f s cpu23 %.3f s (phase2 %.3f s phase3 %.3f s)\n",
                docs, t1 - t0, Double(docs) / max(t1 - t0, 1e-9), t2 - t1, pairs, result.removed, result.clusters,
                c1 - c0, c2 - c1, tPairs - t1, t2 - tPairs).utf8))
        }
        if summary {
            print("{\"documents\":\(docs),\"pairs\":\(pairs),\"removed\":\(result.removed),\"clusters\":\(result.clusters)}")
            return
        }
        let index: RemovalIndex
        do { index = try RemovalIndex(path: removePath) } catch { throw fail("\(error)") }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        for (fi, fileIds) in ids.enumerated() {
            for (li, id) in fileIds.enumerated() where !id.isEmpty {
                var o = JSONObject()
                o["id"] = .string(id)
                if let d = index.decision(for: DocKey(file: UInt32(fi), index: UInt32(li))) {
                    if let k = d.kept { o["duplicate_of"] = .string(ids[Int(k.file)][Int(k.index)]) } else { o["duplicate_of"] = .null }
                    o["cluster_size"] = .int(Int64(d.clusterSize))
                } else {
                    o["duplicate_of"] = .null
                    o["cluster_size"] = 1
                }
                JSONWriter.appendObject(o, to: &out)
                out.append(0x0A)
                if out.count >= 1 << 20 { FileHandle.standardOutput.write(Data(out)); out.removeAll(keepingCapacity: true) }
            }
        }
        FileHandle.standardOutput.write(Data(out))
    }
}

/// `sieve dedup minhash`: shingle hashes and MinHash signature per document (for oracles).
struct DedupMinHashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minhash",
        abstract: "Print shingle hashes and the MinHash signature of each JSONL document (stdin → stdout).",
        discussion: """
            Each input line is a JSON object with "text". Each output line is \
            {"words":[...],"shingles":[u64...],"signature":[u64...]|null}; with "shingles" (an array \
            of u64) in the input, the signature is computed from those instead of the text.
            """
    )

    @OptionGroup fileprivate var options: DedupOptions

    func run() throws {
        let hasher = MinHasher(config: options.config)
        let normalizer = TextNormalizer()
        let splitter = SimpleWordSplitter()
        var failure: String?
        var out: [UInt8] = []
        var lineNumber = 0
        StdinLines.forEach { line in
            lineNumber += 1
            if failure != nil || line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
            guard case .object(let o)? = try? JSONParser.parse(line) else {
                failure = "line \(lineNumber): expected a JSON object"
                return
            }
            var r = JSONObject()
            if let given = o["shingles"]?.arrayValue {
                let hs = given.compactMap { v -> UInt64? in
                    if case .int(let i) = v { return UInt64(bitPattern: i) }
                    if case .string(let s) = v { return UInt64(s) }
                    return nil
                }
                let sig = hasher.signature(shingleHashes: hs)
                r["signature"] = sig.map { .array($0.map { .string(String($0)) }) } ?? .null
            } else {
                let text = o["text"]?.stringValue ?? ""
                let norm = normalizer.normalize(text)
                var words: [Range<Int>] = []
                norm.withUnsafeBufferPointer { splitter.split($0, into: &words) }
                r["words"] = .array(words.map { .string(String(decoding: norm[$0], as: UTF8.self)) })
                r["shingles"] = .array(hasher.shingleHashes(text).map { .string(String($0)) })
                let sig = hasher.signature(text)
                r["signature"] = sig.map { .array($0.map { .string(String($0)) }) } ?? .null
            }
            JSONWriter.appendObject(r, to: &out)
            out.append(0x0A)
        }
        FileHandle.standardOutput.write(Data(out))
        if let failure { throw fail(failure) }
    }
}
