import ArgumentParser
import SieveIO
import SievePipeline

/// `sieve status`: per stage, tasks done / failed / pending; with running and cancelled tasks
/// too when the run was submitted with `sieve slurm submit` (Slurm is asked about its jobs).
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show per stage how many tasks are done, failed or pending.",
        discussion: "Exit code 0 when every stage is complete, 1 otherwise.")

    @Argument(help: "The run directory.")
    var out: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        try Console.guarded {
            let record = try RunRecord(directory: out)
            if let slurm = try SlurmStatus.build(record) {
                try printSlurm(slurm)
                return
            }
            var complete = true
            var rows: [JSONValue] = []
            var failedLines: [String] = []
            for s in record.stages {
                var done = 0, failed = 0, running = 0
                let live = record.runningTasks(s)
                for t in 0..<s.tasks {
                    if try record.marker(s, task: t) != nil { done += 1 } else if live.contains(t) {
                        running += 1
                    } else if let e = record.failure(s, task: t) {
                        failed += 1
                        failedLines.append("  \(s.name) task \(t): \(e)")
                        let log = FileSystem.join(record.stageDirectory(s), "logs/\(TaskContext.name(t)).log")
                        let tail = tailLines(log, lines: 10)
                        if !tail.isEmpty { failedLines.append("    log: \(log)") }
                        for l in tail { failedLines.append("    | \(l)") }
                    }
                }
                if done < s.tasks { complete = false }
                rows.append(.object(JSONObject([
                    ("stage", .string(s.name)), ("tasks", .int(Int64(s.tasks))), ("done", .int(Int64(done))),
                    ("running", .int(Int64(running))), ("failed", .int(Int64(failed))),
                    ("pending", .int(Int64(s.tasks - done - failed - running)))])))
            }
            if json {
                Console.out(JSONWriter.string(["complete": .bool(complete), "stages": .array(rows)]))
            } else {
                Console.out("stage".padding(20) + "done".leftPadding(8) + "running".leftPadding(9) + "failed".leftPadding(8)
                    + "pending".leftPadding(9))
                for r in rows {
                    let o = r.objectValue ?? JSONObject()
                    let n = { (k: String) in o[k]?.intValue ?? 0 }
                    Console.out((o["stage"]?.stringValue ?? "?").padding(20) + "\(n("done"))/\(n("tasks"))".leftPadding(8)
                        + "\(n("running"))".leftPadding(9) + "\(n("failed"))".leftPadding(8) + "\(n("pending"))".leftPadding(9))
                }
                if !failedLines.isEmpty { Console.out("failed tasks:\n" + failedLines.joined(separator: "\n")) }
                Console.out(complete ? "complete" : "incomplete")
            }
            if !complete { throw Exit.failed }
        }
    }

    /// The table of a run submitted to Slurm: markers plus what squeue says about its jobs.
    func printSlurm(_ st: SlurmStatus) throws {
        if json {
            let rows: [JSONValue] = st.stages.map { s in
                .object(JSONObject([
                    ("stage", .string(s.name)), ("tasks", .int(Int64(s.tasks))), ("done", .int(Int64(s.done))),
                    ("running", .int(Int64(s.running))), ("failed", .int(Int64(s.failed.count))),
                    ("cancelled", .int(Int64(s.cancelled))), ("pending", .int(Int64(s.pending))),
                    ("unsubmitted", .int(Int64(s.unsubmitted))),
                    ("reasons", .array(s.reasons.map(JSONValue.string))),
                    ("failed_tasks", .array(s.failed.map { f in
                        .object(JSONObject([("task", .int(Int64(f.task))), ("error", .string(f.message)),
                                            ("slurm_job", f.slurmJob.map(JSONValue.string) ?? .null),
                                            ("log", f.log.map(JSONValue.string) ?? .null)]))
                    })),
                ]))
            }
            Console.out(JSONWriter.string(["complete": .bool(st.complete), "slurm": .bool(st.slurmAvailable),
                                           "stages": .array(rows)]))
        } else {
            Console.out("stage".padding(20) + "done".leftPadding(8) + "running".leftPadding(9) + "failed".leftPadding(8)
                + "cancelled".leftPadding(11) + "pending".leftPadding(9))
            for s in st.stages {
                var line = s.name.padding(20) + "\(s.done)/\(s.tasks)".leftPadding(8) + "\(s.running)".leftPadding(9)
                    + "\(s.failed.count)".leftPadding(8) + "\(s.cancelled)".leftPadding(11) + "\(s.pending)".leftPadding(9)
                if !s.reasons.isEmpty { line += "  (" + s.reasons.joined(separator: ", ") + ")" }
                Console.out(line)
            }
            if !st.slurmAvailable { Console.out("(squeue not available: running and queued tasks are shown as pending)") }
            let unsubmitted = st.stages.filter { $0.unsubmitted > 0 && $0.failed.isEmpty && $0.cancelled == 0 }
            if st.slurmAvailable && !unsubmitted.isEmpty {
                // Pending but not in Slurm's queue: left out by `--until`, or never submitted.
                Console.out("not submitted: " + unsubmitted.map { "\($0.name) (\($0.unsubmitted))" }.joined(separator: ", ")
                    + "; once the stages before them are done, `sieve slurm submit` again sends them")
            }
            for s in st.stages where !s.failed.isEmpty {
                Console.out("failed tasks of stage \(s.name):")
                for f in s.failed {
                    Console.out("  task \(f.task)" + (f.slurmJob.map { " (job \($0))" } ?? "") + ": \(f.message)")
                    if let log = f.log {
                        let tail = tailLines(log, lines: 10)
                        Console.out("    log: \(log)" + (tail.isEmpty ? " (empty or missing)" : ""))
                        for l in tail { Console.out("    | \(l)") }
                    }
                }
            }
            Console.out(st.complete ? "complete" : "incomplete")
        }
        if !st.complete { throw Exit.failed }
    }
}
