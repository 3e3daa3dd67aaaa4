import SieveIO

/// `sieve verify`: rebuilds a run from its run.json in a scratch folder and compares every
/// sha256 with manifest.json — the rebuild's and the run directory's own files.
public enum Verifier {
    public struct Result: Sendable {
        public var identical: Bool
        /// Human-readable differences: changed inputs, missing/extra/different files.
        public var differences: [String]
        public var filesCompared: Int
    }

    public static func verify(directory: String, workers: Int, scratch: String? = nil) throws -> Result {
        let record = try RunRecord(directory: directory)
        guard FileSystem.exists(record.run.manifest) else {
            throw TaskError("\(directory) has no manifest.json: the run is not complete (see `sieve status`)")
        }
        guard let yaml = record.info["config_yaml"]?.stringValue, let file = record.info["config_file"]?.stringValue else {
            throw TaskError("run.json lacks the config; it was not written by `sieve run`")
        }
        var differences: [String] = []
        for input in record.info["inputs"]?.arrayValue ?? [] {
            guard let o = input.objectValue, let p = o["path"]?.stringValue else { continue }
            if !FileSystem.exists(p) {
                differences.append("input \(p) is missing")
            } else if let sha = o["sha256"]?.stringValue, try FileSystem.sha256(of: p) != sha {
                differences.append("input \(p) changed since the run (sha256 differs)")
            }
        }
        if !differences.isEmpty { return Result(identical: false, differences: differences, filesCompared: 0) }

        let scratchDir = scratch ?? FileSystem.join(record.run.root, ".verify")
        FileSystem.removeTree(scratchDir)
        let config = try PipelineConfig.parse(text: yaml, path: file, outOverride: scratchDir)
        let executor = LocalExecutor(config: config, workers: workers)
        let failures = try executor.runAll()
        if let f = failures.first {
            return Result(identical: false, differences: ["rebuild failed: stage \(f.stage) task \(f.task): \(f.error)"], filesCompared: 0)
        }
        let want = try JSONParser.parse(FileSystem.readFile(record.run.manifest)).objectValue?["files"]?.objectValue ?? JSONObject()
        let got = try JSONParser.parse(FileSystem.readFile(executor.run.manifest)).objectValue?["files"]?.objectValue ?? JSONObject()
        var wantMap: [String: String] = [:]
        for (k, v) in want { wantMap[k] = v.stringValue }
        var gotMap: [String: String] = [:]
        for (k, v) in got { gotMap[k] = v.stringValue }
        for k in wantMap.keys.sorted() {
            guard let g = gotMap[k] else { differences.append("\(k): missing in the rebuild"); continue }
            if g != wantMap[k] { differences.append("\(k): sha256 \(g) in the rebuild, \(wantMap[k]!) in manifest.json") }
        }
        for k in gotMap.keys.sorted() where wantMap[k] == nil { differences.append("\(k): only in the rebuild") }
        // The run's own files must still be what manifest.json says (nothing changed them since).
        for k in wantMap.keys.sorted() {
            let p = record.run.absolutePath(k)
            if !FileSystem.exists(p) {
                differences.append("\(k): missing in \(record.run.root)")
            } else if let sha = try? FileSystem.sha256(of: p), sha != wantMap[k] {
                differences.append("\(k): sha256 \(sha) in \(record.run.root), \(wantMap[k]!) in manifest.json (changed after the run)")
            }
        }
        if differences.isEmpty { FileSystem.removeTree(scratchDir) }
        return Result(identical: differences.isEmpty, differences: differences, filesCompared: wantMap.count)
    }
}
