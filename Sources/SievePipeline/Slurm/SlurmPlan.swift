import SieveIO

/// What `sieve slurm submit` submits: for each stage with unfinished tasks, one batch script and
/// one or more array jobs (a stage with more tasks than the cluster's MaxArraySize is split into
/// several arrays; each array element adds its array's `RUN_OFFSET` to `$SLURM_ARRAY_TASK_ID`).
/// Tasks with a completion marker are left out, so a re-submit runs only the missing work.
public struct SlurmPlan: Sendable {
    /// One `sbatch --array=...` submission.
    public struct ArrayJob: Sendable {
        public var stage: String
        public var folder: String
        /// Added to `$SLURM_ARRAY_TASK_ID` to get the task index.
        public var runOffset: Int
        /// The task indices this array runs (ascending).
        public var tasks: [Int]
        /// The `--array` value, e.g. `0-999%64` or `1,3,5-7`.
        public var arraySpec: String
    }

    /// The jobs of one stage.
    public struct StageJobs: Sendable {
        public var entry: PipelineConfig.StageEntry
        public var scriptPath: String
        public var script: String
        public var arrays: [ArrayJob]
        public var options: SlurmSettings.Fields
    }

    public var run: RunDirectory
    /// Stages with unfinished tasks, in pipeline order. Empty when the run is complete.
    public var stages: [StageJobs]
    /// The sieve executable the jobs run.
    public var sieve: String
    public var configPath: String

    /// `OUT/slurm/`: batch scripts and `jobs.json` (not part of the manifest).
    public static func slurmDirectory(_ run: RunDirectory) -> String { FileSystem.join(run.root, "slurm") }

    /// Plans the submission of `config`'s unfinished tasks. `workers` (from the command line)
    /// overrides every stage's `parallel`; `maxArraySize` applies when the config sets none
    /// (the cluster's `MaxArraySize`; Slurm's default 1001 when nil).
    public static func make(config: PipelineConfig, settings: SlurmSettings, sieve: String, workers: Int? = nil,
                            maxArraySize: Int? = nil) -> SlurmPlan {
        let run = RunDirectory(config.out)
        let configPath = absolute(config.file)
        var stages: [StageJobs] = []
        for entry in config.stages {
            let missing = (0..<entry.tasks).filter { !FileSystem.exists(run.marker(entry, task: $0)) }
            if missing.isEmpty { continue }
            var opts = settings.options(for: entry)
            if let workers { opts.parallel = workers }
            let size = Swift.max(1, settings.maxArraySize ?? maxArraySize ?? SlurmSettings.defaultMaxArraySize)
            var arrays: [ArrayJob] = []
            var chunk: [Int] = []
            var chunkStart = (missing[0] / size) * size
            func flush() {
                guard !chunk.isEmpty else { return }
                let indices = chunk.map { $0 - chunkStart }
                var spec = rangeList(indices)
                if let p = opts.parallel, p < indices.count { spec += "%\(p)" }
                arrays.append(ArrayJob(stage: entry.name, folder: entry.folderName, runOffset: chunkStart,
                                       tasks: chunk, arraySpec: spec))
                chunk = []
            }
            for t in missing {
                let start = (t / size) * size
                if start != chunkStart { flush(); chunkStart = start }
                chunk.append(t)
            }
            flush()
            let scriptPath = FileSystem.join(slurmDirectory(run), "\(entry.folderName).sbatch")
            let script = SlurmScript.make(pipeline: config.name, entry: entry, options: opts, sieve: sieve,
                                          config: configPath, out: run.root)
            stages.append(StageJobs(entry: entry, scriptPath: scriptPath, script: script, arrays: arrays, options: opts))
        }
        return SlurmPlan(run: run, stages: stages, sieve: sieve, configPath: configPath)
    }

    /// The plan cut after stage `name` (a pipeline.yaml stage name, covering all its phases, or
    /// one phase's name), for clusters that limit how many jobs a user may queue: the rest is
    /// submitted by running submit again once these are done.
    public func until(_ name: String, in config: PipelineConfig) throws -> SlurmPlan {
        guard let last = config.stages.last(where: { $0.name == name || $0.definition.name == name }) else {
            let names = SlurmSettings.stageNames(config)
            let hint = closest(to: name, in: names).map { " (did you mean '\($0)'?)" } ?? " (its stages: \(names.joined(separator: ", ")))"
            throw ConfigError(file: config.file, line: nil, "--until names '\(name)', which is not a stage of this pipeline\(hint)")
        }
        var cut = self
        cut.stages = stages.filter { $0.entry.index <= last.index }
        return cut
    }

    /// The sbatch arguments (after `sbatch`) submitting `array`, after the given jobs succeed.
    public func sbatchArguments(_ array: ArrayJob, of stage: StageJobs, after dependencies: [String]) -> [String] {
        let logs = FileSystem.join(FileSystem.join(run.root, stage.entry.folderName), "logs")
        var args = ["--parsable",
                    "--job-name=sieve-\(stage.entry.name)",
                    "--array=\(array.arraySpec)",
                    // `%` is Slurm's filename-pattern character: a literal one is written `%%`.
                    "--output=\(escapePercent(logs))/slurm-%A_%a.out",
                    "--chdir=\(run.root)",
                    "--export=ALL,RUN_OFFSET=\(array.runOffset)"]
        if !dependencies.isEmpty {
            args.append("--dependency=afterok:" + dependencies.joined(separator: ":"))
            args.append("--kill-on-invalid-dep=yes")
        }
        args.append(stage.scriptPath)
        return args
    }

    /// The folders the jobs write their logs to (sbatch does not create them).
    public func logDirectories() -> [String] {
        stages.map { FileSystem.join(FileSystem.join(run.root, $0.entry.folderName), "logs") }
    }

    func escapePercent(_ s: String) -> String {
        var out = ""
        for ch in s { if ch == "%" { out += "%%" } else { out.append(ch) } }
        return out
    }
}

/// `[0,1,2,5,7,8]` → `0-2,5,7-8`.
public func rangeList(_ sorted: [Int]) -> String {
    var parts: [String] = []
    var i = 0
    while i < sorted.count {
        var j = i
        while j + 1 < sorted.count && sorted[j + 1] == sorted[j] + 1 { j += 1 }
        parts.append(j == i ? "\(sorted[i])" : "\(sorted[i])-\(sorted[j])")
        i = j + 1
    }
    return parts.joined(separator: ",")
}

/// The batch script of one stage. Every path and name is a single-quoted shell word; only the
/// `extra` lines of the config are copied verbatim.
public enum SlurmScript {
    /// Seconds before the time limit (or on preemption) at which Slurm sends USR1; the script
    /// then requeues the task, which restarts cleanly (partial outputs are never read).
    public static let signalLeadSeconds = 120
    /// Time limits shorter than this get no USR1: Slurm may send it up to 60 s early, so with the
    /// lead above it could arrive at the start and requeue the task every time. Such a task is
    /// stopped at its limit instead (status shows it; a re-submit runs it again).
    public static let minimumSignalledLimit = 600
    /// A task requeues itself on USR1 only while Slurm counts fewer restarts than this: a task
    /// that needs more than its time limit would otherwise start over forever.
    public static let maximumRequeues = 3

    /// Whether the script asks for USR1 before the time limit: always, unless the limit is known
    /// to be short.
    static func requestsSignal(_ o: SlurmSettings.Fields) -> Bool {
        guard let t = o.time, let seconds = SlurmSettings.timeLimitSeconds(t) else { return true }
        return seconds >= minimumSignalledLimit
    }

    public static func make(pipeline: String, entry: PipelineConfig.StageEntry, options o: SlurmSettings.Fields,
                            sieve: String, config: String, out: String) -> String {
        var l: [String] = ["#!/bin/bash"]
        l.append("#SBATCH --ntasks=1")
        if let v = o.partition { l.append("#SBATCH --partition=\(v)") }
        if let v = o.account { l.append("#SBATCH --account=\(v)") }
        if let v = o.qos { l.append("#SBATCH --qos=\(v)") }
        if let v = o.time { l.append("#SBATCH --time=\(v)") }
        l.append("#SBATCH --cpus-per-task=\(o.cpusPerTask ?? 1)")
        if let v = o.mem { l.append("#SBATCH --mem=\(v)") }
        if let v = o.memPerCPU { l.append("#SBATCH --mem-per-cpu=\(v)") }
        let signalled = requestsSignal(o)
        let stage = shellQuote(entry.name)
        if signalled { l.append("#SBATCH --signal=B:USR1@\(signalLeadSeconds)") }
        l.append("#SBATCH --requeue")
        l.append("#SBATCH --open-mode=append")
        // sbatch reads directives only before the first command: extra #SBATCH lines go first.
        l += o.extra.filter { isDirective($0) }
        l.append("#")
        l.append("# Sieve: stage '\(oneLine(entry.name))' (\(entry.folderName), \(entry.tasks) tasks) of pipeline '\(oneLine(pipeline))'.")
        l.append("# Written by `sieve slurm submit`; one array element runs one task:")
        l.append("# task = SLURM_ARRAY_TASK_ID + RUN_OFFSET (set by sbatch --export when a stage is split).")
        l.append("")
        if signalled {
            l += [
                "# Near the time limit or on preemption Slurm sends USR1 (see --signal): put the task back",
                "# in the queue; it restarts from scratch (completion markers are written last). After",
                "# \(maximumRequeues) restarts it stops instead: a task that needs more than its time limit would",
                "# otherwise start over forever.",
                "child=''",
                "stop_child() { if [ -n \"$child\" ]; then kill -TERM \"$child\" 2>/dev/null; wait \"$child\" 2>/dev/null; fi; }",
                "requeue() {",
                "  if [ \"${SLURM_RESTART_COUNT:-0}\" -ge \(maximumRequeues) ]; then",
                "    echo \"sieve: USR1 received (time limit near, or preemption) after ${SLURM_RESTART_COUNT} restarts:\" \\",
                "         \"not requeueing again. Give stage\" \(stage) \"more time\" \\",
                "         \"(slurm: stages: {\"\(stage)\": {time: ...}}) and re-submit.\" >&2",
                "    stop_child",
                "    exit 1",
                "  fi",
                "  echo \"sieve: USR1 received: requeueing job ${SLURM_JOB_ID:-?}\" >&2",
                "  stop_child",
                "  scontrol requeue \"${SLURM_JOB_ID}\"",
                "  exit 0",
                "}",
                "trap requeue USR1",
            ]
        } else {
            l += [
                "# No USR1 before the time limit: it is under \(minimumSignalledLimit / 60) minutes, and Slurm may send the",
                "# signal up to 60 s early. A task past its limit is stopped; a re-submit runs it again.",
                "child=''",
            ]
        }
        let others = o.extra.filter { !isDirective($0) }
        if !others.isEmpty {
            l.append("")
            l.append("# extra lines from the config's `slurm:` section")
            l += others
        }
        l += [
            "",
            "set -u",
            "unset VIRTUAL_ENV PYTHONHOME PYTHONPATH",
            "SIEVE=\(shellQuote(sieve))",
            "CONFIG=\(shellQuote(config))",
            "OUT=\(shellQuote(out))",
            "STAGE=\(stage)",
            "export RUN_OFFSET=\"${RUN_OFFSET:-0}\"",
            "",
            "echo \"sieve: stage $STAGE task $(( ${SLURM_ARRAY_TASK_ID:-0} + RUN_OFFSET )) on $(hostname) (job ${SLURM_JOB_ID:-?})\" >&2",
            "\"$SIEVE\" stage \"$STAGE\" --config \"$CONFIG\" --out \"$OUT\" &",
            "child=$!",
            "wait \"$child\"",
            "status=$?",
            "child=''",
            "exit \"$status\"",
            "",
        ]
        return l.joined(separator: "\n")
    }

    static func isDirective(_ line: String) -> Bool {
        var s = Substring(line)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        return s.hasPrefix("#SBATCH")
    }

    /// A value safe inside a `#` comment line.
    static func oneLine(_ s: String) -> String {
        String(s.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
