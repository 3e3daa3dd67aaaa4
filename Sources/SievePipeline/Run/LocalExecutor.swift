#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import SieveIO

/// Runs every stage of a pipeline on this machine with W workers: stage after stage, the tasks
/// of a stage in parallel. Outputs do not depend on W (tasks are independent and each task's
/// share of the inputs depends only on the task count).
public final class LocalExecutor {
    public let config: PipelineConfig
    public let run: RunDirectory
    public let workers: Int
    /// Receives human-readable progress lines (the CLI draws them).
    public var report: (ProgressEvent) -> Void = { _ in }

    public enum ProgressEvent {
        case stageStarted(name: String, tasks: Int, alreadyDone: Int)
        case documents(stage: String, count: Int64)
        case taskFinished(stage: String, task: Int, marker: TaskMarker, skipped: Bool)
        case taskFailed(stage: String, task: Int, error: String)
        case stageFinished(name: String)
    }

    public init(config: PipelineConfig, workers: Int) {
        self.config = config
        run = RunDirectory(config.out)
        self.workers = max(1, workers)
    }

    /// Runs the pipeline. Returns the failures (empty on success). Writes run.json first and
    /// manifest.json when every stage is complete.
    @discardableResult
    public func runAll() throws -> [(stage: String, task: Int, error: String)] {
        try RunInfo.prepare(config: config, run: run)
        for entry in config.stages {
            let failures = runStage(entry, tasks: Array(0..<entry.tasks))
            if !failures.isEmpty { return failures.map { (entry.name, $0.task, $0.error) } }
            report(.stageFinished(name: entry.name))
        }
        try Manifest.write(config: config, run: run)
        return []
    }

    /// Runs the given tasks of one stage with the configured workers.
    public func runStage(_ entry: PipelineConfig.StageEntry, tasks: [Int]) -> [(task: Int, error: String)] {
        let runner = TaskRunner(config: config, run: run)
        let done = tasks.filter { FileSystem.exists(run.marker(entry, task: $0)) }.count
        report(.stageStarted(name: entry.name, tasks: entry.tasks, alreadyDone: done))
        let shared = SharedProgress(tasks: tasks, report: report)
        DispatchQueue.concurrentPerform(iterations: min(workers, max(1, tasks.count))) { _ in
            while let task = shared.take() {
                do {
                    let outcome = try runner.runTask(entry, task: task) { n in
                        shared.emit(.documents(stage: entry.name, count: n))
                    }
                    switch outcome {
                    case .ran(let m): shared.emit(.taskFinished(stage: entry.name, task: task, marker: m, skipped: false))
                    case .alreadyDone(let m): shared.emit(.taskFinished(stage: entry.name, task: task, marker: m, skipped: true))
                    }
                } catch {
                    shared.fail(task, "\(error)")
                    shared.emit(.taskFailed(stage: entry.name, task: task, error: "\(error)"))
                }
            }
        }
        return shared.failures.sorted { $0.task < $1.task }
    }
}

/// The work queue and progress sink shared by a stage's worker threads.
final class SharedProgress: @unchecked Sendable {
    private let lock = NSLockLite()
    private let tasks: [Int]
    private var next = 0
    private let report: (LocalExecutor.ProgressEvent) -> Void
    private(set) var failures: [(task: Int, error: String)] = []

    init(tasks: [Int], report: @escaping (LocalExecutor.ProgressEvent) -> Void) {
        self.tasks = tasks
        self.report = report
    }

    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < tasks.count else { return nil }
        next += 1
        return tasks[next - 1]
    }

    func emit(_ e: LocalExecutor.ProgressEvent) {
        lock.lock()
        report(e)
        lock.unlock()
    }

    func fail(_ task: Int, _ error: String) {
        lock.lock()
        failures.append((task, error))
        lock.unlock()
    }
}

/// A small mutex over pthread (Foundation-free).
final class NSLockLite: @unchecked Sendable {
    private var m = pthread_mutex_t()
    init() { pthread_mutex_init(&m, nil) }
    deinit { pthread_mutex_destroy(&m) }
    func lock() { pthread_mutex_lock(&m) }
    func unlock() { pthread_mutex_unlock(&m) }
}

/// `run.json`: the resolved config and its hash, tool version, inputs (path, size, sha256),
/// task counts and what each stage records (e.g. the robots snapshot). Deterministic.
public enum RunInfo {
    public static let version = "0.1.0"

    /// `stageInfo: false` leaves out what each stage records (hashes of models and tokenizers,
    /// the robots snapshot's id): the cheap check of an existing run.json does not compare it.
    public static func build(config: PipelineConfig, hashInputs: Bool = true, stageInfo: Bool = true,
                             inputSizes: Bool = true) throws -> JSONObject {
        var o = JSONObject()
        o["name"] = .string(config.name)
        o["sieve_version"] = .string(version)
        // Absolute, so `sieve verify` can resolve the config's relative paths from any folder.
        o["config_file"] = .string(absolute(config.file))
        o["config_sha256"] = .string(SHA256.hexDigest(Array(config.yamlText.utf8)))
        o["config_yaml"] = .string(config.yamlText)
        let facts = inputSizes || hashInputs
            ? try InputFacts.gather(config.inputs, format: config.format, hash: hashInputs)
            : config.inputs.map { _ in InputFacts(size: -1) }
        o["inputs"] = .array(zip(config.inputs, facts).map { p, f in
            var i: JSONObject = ["path": .string(p), "size": .int(f.size)]
            if let h = f.sha256 { i["sha256"] = .string(h) }
            if let g = f.rowGroups { i["row_groups"] = .int(Int64(g)) }
            return .object(i)
        })
        o["stages"] = .array(try config.stages.map { e in
            var s = JSONObject()
            s["name"] = .string(e.name)
            s["folder"] = .string(e.folderName)
            s["tasks"] = .int(Int64(e.tasks))
            s["options"] = e.optionsJSON
            if stageInfo {
                let info = try config.runInfo(e)
                if !info.isEmpty { s["info"] = .object(info) }
            }
            return .object(s)
        })
        o["slurm"] = config.slurm
        return o
    }

    /// Row groups of the Parquet inputs, by path, as run.json records them; empty when it does not.
    public static func recordedRowGroups(_ run: RunDirectory) -> [String: Int] {
        guard let bytes = try? FileSystem.readFile(run.runJSON), let o = try? JSONParser.parse(bytes).objectValue else { return [:] }
        var out: [String: Int] = [:]
        for v in o["inputs"]?.arrayValue ?? [] {
            guard let i = v.objectValue, let p = i["path"]?.stringValue, let g = i["row_groups"]?.intValue else { continue }
            out[p] = Int(g)
        }
        return out
    }

    /// Writes run.json, or checks that an existing one was made by the same config and inputs.
    ///
    /// An existing run.json is checked cheaply (config hash, input paths and sizes) so that
    /// each of thousands of Slurm tasks does not hash every input again. `inputSizes: false`
    /// (what an array element asks, after `sieve slurm submit` checked the sizes) compares the
    /// paths only, sparing one `stat` per input per element on a shared filesystem.
    public static func prepare(config: PipelineConfig, run: RunDirectory, inputSizes: Bool = true) throws {
        if FileSystem.exists(run.runJSON) {
            var old = try JSONParser.parse(FileSystem.readFile(run.runJSON)).objectValue ?? JSONObject()
            // Neither inputs nor models are hashed again: every Slurm task runs this check.
            var light = try build(config: config, hashInputs: false, stageInfo: false, inputSizes: inputSizes)
            let strip = { (v: JSONValue) -> JSONValue in
                var o = v.objectValue ?? JSONObject()
                o["sha256"] = nil
                o["row_groups"] = nil
                if !inputSizes { o["size"] = nil }
                return .object(o)
            }
            let oldInputs = (old["inputs"]?.arrayValue ?? []).map(strip)
            light["inputs"] = .array((light["inputs"]?.arrayValue ?? []).map(strip))
            let sameConfig = old["config_sha256"] == light["config_sha256"]
            // Only the `slurm:` section changed (e.g. a longer time limit before a re-submit): same outputs.
            let slurmOnly = !sameConfig && SlurmSettings.differOnlyInSlurm(old["config_yaml"]?.stringValue, config.yamlText)
            if (!sameConfig && !slurmOnly) || .array(oldInputs) != light["inputs"] {
                throw TaskError("\(run.root) holds a run of another config or other inputs (run.json differs); "
                    + "choose another --out or delete that folder")
            }
            if slurmOnly {
                for key in ["config_sha256", "config_yaml", "slurm"] { old[key] = light[key] }
                try OutputFile.writeAtomically(run.runJSON, JSONWriter.pretty(.object(old)) + "\n")
            }
            return
        }
        try FileSystem.createDirectories(run.root)
        try OutputFile.writeAtomically(run.runJSON, JSONWriter.pretty(.object(build(config: config))) + "\n")
    }
}

/// `manifest.json`: the sha256 of every output listed in the completion markers (documents,
/// audit rows, shards — never logs, stats or timings).
public enum Manifest {
    public static func build(config: PipelineConfig, run: RunDirectory) throws -> JSONObject? {
        var files: [(String, JSONValue)] = []
        for entry in config.stages {
            for t in 0..<entry.tasks {
                guard let m = try TaskMarker.read(run.marker(entry, task: t)) else { return nil }
                files += m.outputs.map { ($0.path, .string($0.sha256)) }
            }
        }
        files.sort { utf8Precedes($0.0, $1.0) }
        var o = JSONObject()
        o["name"] = .string(config.name)
        o["config_sha256"] = .string(SHA256.hexDigest(Array(config.yamlText.utf8)))
        o["files"] = .object(JSONObject(files))
        return o
    }

    /// Writes manifest.json if every task of every stage is complete; returns whether it did.
    @discardableResult
    public static func write(config: PipelineConfig, run: RunDirectory) throws -> Bool {
        guard let m = try build(config: config, run: run) else { return false }
        try OutputFile.writeAtomically(run.manifest, JSONWriter.pretty(.object(m)) + "\n")
        return true
    }
}
