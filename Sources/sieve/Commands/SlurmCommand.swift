#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import SieveIO
import SievePipeline

/// `sieve slurm`: run the pipeline as Slurm array jobs.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Run the pipeline on a Slurm cluster (one array job per stage).",
        subcommands: [SlurmSubmitCommand.self, SlurmCancelCommand.self])
}

/// `sieve slurm submit`: one array job per stage, chained `afterok`; only unfinished tasks.
struct SlurmSubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit one array job per stage, each after the previous one succeeded.",
        discussion: """
            Each array element runs `sieve stage NAME --config CONFIG --out OUT` with this sieve \
            binary. Tasks that already have a completion marker are left out, so running submit \
            again after a failure submits only the missing work. sbatch options come from the \
            config's `slurm:` section (partition, account, qos, time, cpus_per_task, mem or \
            mem_per_cpu, max_array_size, parallel, extra, stages: {STAGE: {...}}). A stage with more \
            tasks than the cluster's MaxArraySize (from `scontrol show config`, unless the config sets \
            max_array_size) becomes several arrays. Scripts go to \
            OUT/slurm/NN-stage.sbatch, job ids to OUT/slurm/jobs.json, logs to \
            OUT/NN-stage/logs/slurm-JOB_INDEX.out. Follow progress with `sieve status OUT`.
            """)

    @Argument(help: "The pipeline file.")
    var config: String = "pipeline.yaml"

    @Option(help: "The run directory (overrides `out:` in the config).")
    var out: String?

    @Flag(help: "Print the batch scripts and sbatch command lines; submit nothing, write nothing.")
    var dryRun = false

    @Option(help: "At most this many tasks of a stage run at once (overrides `slurm: parallel`).")
    var workers: Int?

    @Option(help: ArgumentHelp(
        "Submit only the stages up to this one (a stage, or a phase such as dedup-buckets).",
        discussion: "For clusters that limit how many jobs a user may queue: once these are done, run submit again for the rest.",
        valueName: "stage"))
    var until: String?

    func run() throws {
        try Console.guarded {
            if let w = workers, w < 1 {
                Console.err("error: --workers must be at least 1")
                throw Exit.usage
            }
            // Absolute, as the jobs see it (run.json records it; `sieve verify` works from anywhere).
            let cfg = try PipelineConfig.load(path: absolute(config), outOverride: out)
            let settings = try SlurmSettings.load(config: cfg)
            let limit = try arrayLimit(settings)
            var plan = SlurmPlan.make(config: cfg, settings: settings, sieve: executablePath(), workers: workers,
                                      maxArraySize: limit.size)
            if let until { plan = try plan.until(until, in: cfg) }
            if dryRun {
                Console.out("# arrays of at most \(limit.size) tasks (\(limit.from))")
                printDryRun(plan)
                return
            }
            if case .slurmDefault(let reason) = limit.from {
                Console.err("note: the cluster's MaxArraySize is unknown (\(reason)); arrays hold at most "
                            + "\(limit.size) tasks, Slurm's default (set `slurm: max_array_size` to change it)")
            }
            try RunInfo.prepare(config: cfg, run: plan.run)
            if plan.stages.isEmpty {
                if try Manifest.write(config: cfg, run: plan.run) {
                    Console.err("every task of every stage is done; wrote \(plan.run.manifest)")
                } else if let until {
                    Console.err("every task up to stage '\(until)' is done; nothing to submit (leave out --until to submit the rest)")
                }
                return
            }
            try SlurmSubmitter.checkNoActiveJobs(plan.run)
            var submitter = SlurmSubmitter(plan: plan)
            submitter.onSubmit = { args, id in
                let stage = args.first { $0.hasPrefix("--job-name=") }.map { String($0.dropFirst("--job-name=sieve-".count)) } ?? "?"
                let array = args.first { $0.hasPrefix("--array=") }.map { String($0.dropFirst(8)) } ?? ""
                let dep = args.first { $0.hasPrefix("--dependency=") }.map { " after \($0.dropFirst("--dependency=afterok:".count))" } ?? ""
                Console.err("submitted stage \(stage): job \(id), array \(array)\(dep)")
            }
            let arrays = try submitter.submit()
            Console.out(arrays.map(\.jobID).joined(separator: "\n"))
            Console.err("follow with: sieve status \(shellQuote(plan.run.root))")
        }
    }

    /// How many tasks one array may hold: `max_array_size` from the config, else the cluster's
    /// `MaxArraySize`, else Slurm's default.
    func arrayLimit(_ settings: SlurmSettings) throws -> (size: Int, from: SlurmCluster.Source) {
        if let n = settings.maxArraySize { return (n, .config) }
        switch SlurmCluster.maxArraySize() {
        case .success(let n) where n < 1:
            Console.err("error: this cluster accepts no job arrays (`scontrol show config` says MaxArraySize = \(n)); "
                        + "ask its administrators, or run each task with `sieve stage NAME --task N`")
            throw Exit.failed
        case .success(let n):
            return (n, .cluster)
        case .failure(let f):
            return (SlurmSettings.defaultMaxArraySize, .slurmDefault(reason: f.description))
        }
    }

    func printDryRun(_ plan: SlurmPlan) {
        if plan.stages.isEmpty {
            Console.out("# every task of every stage is done; nothing to submit")
            return
        }
        for s in plan.stages {
            Console.out("# ==== \(s.scriptPath) ====")
            Console.out(s.script)
        }
        Console.out("# ==== sbatch commands (JOB_n = the job id printed by submission n) ====")
        var n = 0
        var previous: [String] = []
        for s in plan.stages {
            var current: [String] = []
            for a in s.arrays {
                n += 1
                let args = plan.sbatchArguments(a, of: s, after: previous)
                Console.out("# JOB_\(n): stage \(s.entry.name), tasks \(rangeList(a.tasks))")
                Console.out((["sbatch"] + args).map(shellQuote).joined(separator: " "))
                current.append("JOB_\(n)")
            }
            previous = current
        }
    }

    /// The absolute path of the running sieve binary (what the jobs run).
    func executablePath() -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        if n > 0 {
            return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return absolute(CommandLine.arguments[0])
    }
}

/// `sieve slurm cancel`: cancel the run's queued and running array jobs (from OUT/slurm/jobs.json).
struct SlurmCancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel the run's queued and running Slurm jobs.",
        discussion: """
            The jobs are those `sieve slurm submit` recorded in OUT/slurm/jobs.json; only the ones \
            Slurm still lists as queued or running are cancelled (with scancel). Finished tasks keep \
            their outputs: a later `sieve slurm submit` runs only the missing work.
            """)

    @Argument(help: "The run directory.")
    var out: String

    @Flag(help: "Print the jobs that would be cancelled; cancel nothing.")
    var dryRun = false

    func run() throws {
        try Console.guarded {
            let record = try RunRecord(directory: out)
            let r = try SlurmCanceller.cancel(record.run, dryRun: dryRun)
            if r.active.isEmpty {
                Console.err("nothing to cancel: none of the \(r.recorded) jobs submitted for \(record.run.root) is queued or running")
                return
            }
            for d in r.details {
                Console.out(d.jobID)
                Console.err("\(dryRun ? "would cancel" : "cancelled") job \(d.jobID) (stage \(d.stage), \(d.elements) queued or running)")
            }
            if dryRun {
                Console.err("dry run: nothing cancelled; the command would be: scancel \(r.active.joined(separator: " "))")
            } else {
                Console.err("resume later with: sieve slurm submit CONFIG --out \(shellQuote(record.run.root))")
            }
        }
    }
}
