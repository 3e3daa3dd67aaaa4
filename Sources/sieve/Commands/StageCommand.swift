#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import SievePipeline

/// `sieve stage`: one task of one stage — what a Slurm array element runs.
struct StageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage",
        abstract: "Run one task of one stage (what a Slurm array element runs).",
        discussion: """
            --task defaults to $SLURM_ARRAY_TASK_ID (plus $RUN_OFFSET when a large array was split). \
            A task with a completion marker is not run again. When the last task of the last stage \
            finishes, manifest.json is written.
            """)

    @Argument(help: "The stage name, as in pipeline.yaml.")
    var name: String

    @Option(help: "The pipeline file.")
    var config: String = "pipeline.yaml"

    @Option(help: "The run directory (overrides `out:` in the config).")
    var out: String?

    @Option(help: "The task index (0-based).")
    var task: Int?

    @Option(help: "The task count; must match the stage's `tasks` in the config.")
    var tasks: Int?

    func run() throws {
        try Console.guarded {
            let cfg = try PipelineConfig.load(path: config, outOverride: out)
            guard let entry = cfg.stages.first(where: { $0.name == name }) else {
                Console.err("error: no stage '\(name)' in \(config) (stages: \(cfg.stages.map(\.name).joined(separator: ", ")))")
                throw Exit.usage
            }
            let env = { (k: String) -> Int? in getenv(k).flatMap { Int(String(cString: $0)) } }
            guard let t = task ?? env("SLURM_ARRAY_TASK_ID").map({ $0 + (env("RUN_OFFSET") ?? 0) }) else {
                Console.err("error: no task given: pass --task I (or run inside a Slurm array job)")
                throw Exit.usage
            }
            let n = tasks ?? entry.tasks
            guard n == entry.tasks else {
                Console.err("error: --tasks \(n) differs from the \(entry.tasks) tasks of stage '\(name)' in \(config); "
                    + "change `tasks:` in the config instead, so that every run splits the work the same way")
                throw Exit.usage
            }
            guard t >= 0 && t < n else {
                Console.err("error: task \(t) is out of range 0..<\(n) for stage '\(name)'")
                throw Exit.usage
            }
            // Input paths only: submit (or the run that wrote run.json) checked their sizes.
            try RunInfo.prepare(config: cfg, run: RunDirectory(cfg.out), inputSizes: false)
            let runner = TaskRunner(config: cfg, run: RunDirectory(cfg.out))
            switch try runner.runTask(entry, task: t) {
            case .alreadyDone: Console.err("stage \(name) task \(t): already done")
            case .ran(let m):
                Console.err("stage \(name) task \(t): \(m.documentsIn) in, \(m.kept) kept, \(m.dropped) dropped, \(m.modified) modified")
            }
            // The last stage's last task to finish writes the manifest. Reading every marker of
            // every stage is left to a task that finds its whole stage done (one folder listing),
            // not done by each of the stage's tasks.
            let run = RunDirectory(cfg.out)
            if entry.index == cfg.stages.count - 1 && run.firstUnfinishedTask(entry) == nil {
                try Manifest.write(config: cfg, run: run)
            }
        }
    }
}
