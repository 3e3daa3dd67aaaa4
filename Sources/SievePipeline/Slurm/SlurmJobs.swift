#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SieveIO

/// `OUT/slurm/jobs.json`: every array job submitted for this run, oldest first. `sieve status`
/// asks Slurm about them; a task's state comes from the latest array that ran it.
public struct SlurmJobs: Sendable {
    public struct Record: Sendable {
        public var stage: String
        public var folder: String
        public var jobID: String
        public var runOffset: Int
        public var tasks: [Int]
        public var arraySpec: String
        public var dependsOn: [String]
        /// 1 for the first `sieve slurm submit` of this run, 2 for the next, ...
        public var submission: Int
    }

    public var arrays: [Record] = []

    public init() {}

    public static func path(_ run: RunDirectory) -> String {
        FileSystem.join(SlurmPlan.slurmDirectory(run), "jobs.json")
    }

    /// The recorded jobs; nil when nothing was ever submitted to Slurm for this run.
    public static func load(_ run: RunDirectory) throws -> SlurmJobs? {
        let p = path(run)
        guard FileSystem.exists(p) else { return nil }
        var r = SlurmJobs()
        let v = try JSONParser.parse(FileSystem.readFile(p))
        for a in v.objectValue?["arrays"]?.arrayValue ?? [] {
            guard let o = a.objectValue, let stage = o["stage"]?.stringValue, let job = o["job_id"]?.stringValue else { continue }
            r.arrays.append(Record(stage: stage, folder: o["folder"]?.stringValue ?? "",
                                  jobID: job, runOffset: Int(o["run_offset"]?.intValue ?? 0),
                                  tasks: (o["tasks"]?.arrayValue ?? []).compactMap { $0.intValue.map(Int.init) },
                                  arraySpec: o["array"]?.stringValue ?? "",
                                  dependsOn: (o["depends_on"]?.arrayValue ?? []).compactMap(\.stringValue),
                                  submission: Int(o["submission"]?.intValue ?? 1)))
        }
        return r
    }

    public var lastSubmission: Int { arrays.map(\.submission).max() ?? 0 }

    public func save(_ run: RunDirectory) throws {
        let list: [JSONValue] = arrays.map { a in
            .object(JSONObject([
                ("stage", .string(a.stage)), ("folder", .string(a.folder)), ("job_id", .string(a.jobID)),
                ("submission", .int(Int64(a.submission))), ("array", .string(a.arraySpec)),
                ("run_offset", .int(Int64(a.runOffset))), ("tasks", .array(a.tasks.map { .int(Int64($0)) })),
                ("depends_on", .array(a.dependsOn.map(JSONValue.string))),
            ]))
        }
        try OutputFile.writeAtomically(SlurmJobs.path(run), JSONWriter.pretty(.object(["arrays": .array(list)])) + "\n")
    }

    /// For each stage folder and task: the latest array that ran it and the task's array index.
    public func latest() -> [String: [Int: (array: Record, index: Int)]] {
        var r: [String: [Int: (array: Record, index: Int)]] = [:]
        for a in arrays {
            for t in a.tasks { r[a.folder, default: [:]][t] = (a, t - a.runOffset) }
        }
        return r
    }

    /// The log file of one array element (`NN-stage/logs/slurm-JOB_INDEX.out`).
    public static func logPath(_ run: RunDirectory, folder: String, jobID: String, index: Int) -> String {
        FileSystem.join(run.root, "\(folder)/logs/slurm-\(jobID)_\(index).out")
    }
}

/// What Slurm says about array elements, from `squeue` (all states still in the controller's memory).
public enum SlurmQueue {
    /// A job element's state (`PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, `CANCELLED`, ...) and reason.
    public struct ElementState: Sendable, Equatable {
        public var state: String
        public var reason: String
    }

    /// States by array job id and array index; nil when `squeue` is not available or fails.
    public static func states(jobIDs: [String]) -> [String: [Int: ElementState]]? {
        guard !jobIDs.isEmpty else { return [:] }
        guard let squeue = Subprocess.which("squeue") else { return nil }
        var result: [String: [Int: ElementState]] = [:]
        // squeue rejects the whole list when one id is unknown (purged after MinJobAge): ask per job then.
        var batches = [jobIDs]
        var i = 0
        while i < batches.count {
            let ids = batches[i]
            i += 1
            guard let r = try? Subprocess.run([squeue, "-h", "-r", "-t", "all", "-j", ids.joined(separator: ","),
                                               "-o", "%F|%K|%T|%r"]) else { return nil }
            if r.status != 0 {
                // An unknown (purged) id is expected; anything else means Slurm cannot be asked now.
                guard r.errorOutput.lowercased().contains("invalid job id") else { return nil }
                if ids.count > 1 { batches += ids.map { [$0] } }
                continue
            }
            for line in r.output.split(separator: "\n") {
                let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                guard f.count >= 4, let idx = Int(f[1]) else { continue }
                result[f[0], default: [:]][idx] = ElementState(state: f[2], reason: f[3])
            }
        }
        return result
    }

    /// Whether any of the given jobs still has a pending or running element.
    public static func active(_ states: [String: [Int: ElementState]]) -> [String] {
        states.keys.sorted().filter { id in
            states[id]!.values.contains { activeStates.contains($0.state) }
        }
    }

    static let activeStates: Set<String> = ["PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED",
                                            "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESIZING", "SIGNALING",
                                            "STAGE_OUT", "RESV_DEL_HOLD", "STOPPED"]
}

/// The last `lines` lines of a (log) file; empty when it does not exist.
public func tailLines(_ path: String, lines: Int, maxBytes: Int = 16 << 10) -> [String] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return [] }
    defer { close(fd) }
    let size = lseek(fd, 0, SEEK_END)
    guard size > 0 else { return [] }
    let start = max(0, Int(size) - maxBytes)
    var buf = [UInt8](repeating: 0, count: Int(size) - start)
    let n = pread(fd, &buf, buf.count, off_t(start))
    guard n > 0 else { return [] }
    let text = String(decoding: buf[0..<n], as: UTF8.self)
    var all = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if all.last == "" { all.removeLast() }
    if start > 0 && !all.isEmpty { all.removeFirst() }  // a partial first line
    return Swift.Array(all.suffix(lines))
}
