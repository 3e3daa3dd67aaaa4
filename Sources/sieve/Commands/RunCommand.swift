#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import SievePipeline

/// `sieve run`: the whole pipeline on this machine.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every stage of a pipeline locally.",
        discussion: """
            Runs the stages in order, the tasks of each stage in parallel on --workers threads. \
            Finished tasks (those with a completion marker) are skipped, so a run that was \
            interrupted continues where it stopped. Outputs do not depend on --workers.
            Exit codes: 0 done, 1 a task failed, 2 configuration or usage error.
            """)

    @Argument(help: "The pipeline file.")
    var config: String = "pipeline.yaml"

    @Option(help: "The run directory (overrides `out:` in the config).")
    var out: String?

    @Option(help: "Tasks run at the same time (default: the number of cores).")
    var workers: Int?

    func run() throws {
        try Console.guarded {
            let cfg = try PipelineConfig.load(path: config, outOverride: out)
            let executor = LocalExecutor(config: cfg, workers: workers ?? System.cores)
            let printer = ProgressPrinter()
            executor.report = { printer.handle($0) }
            let failures = try executor.runAll()
            if !failures.isEmpty {
                Console.err("error: \(failures.count) task(s) failed; fix the cause and run the same command again "
                    + "(finished tasks are kept). Failed: "
                    + failures.map { "\($0.stage) task \($0.task)" }.joined(separator: ", "))
                throw Exit.failed
            }
            Console.err("done: \(cfg.out) (see `sieve audit summary \(cfg.out)`)")
        }
    }
}

enum System {
    static var cores: Int {
        #if canImport(Glibc)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 2
        #endif
    }
}
