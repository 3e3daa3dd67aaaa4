import SieveIO

/// Submits a `SlurmPlan` with `sbatch`: writes the batch scripts, submits each stage's arrays
/// after all arrays of the previous stage (`afterok`, with `--kill-on-invalid-dep=yes` so a failed
/// task cancels its dependents instead of leaving them pending forever), and records the job ids
/// in `OUT/slurm/jobs.json`. Nothing is printed; the caller reports.
public struct SlurmSubmitter {
    public let plan: SlurmPlan
    /// Called after each submission with the sbatch arguments and the new job id.
    public var onSubmit: ([String], String) -> Void = { _, _ in }

    public init(plan: SlurmPlan) { self.plan = plan }

    /// Refuses to submit while jobs of an earlier submit of this run are queued or running (they
    /// would run the same tasks twice).
    public static func checkNoActiveJobs(_ run: RunDirectory) throws {
        guard let jobs = try SlurmJobs.load(run), !jobs.arrays.isEmpty else { return }
        let ids = jobs.arrays.map(\.jobID)
        guard let states = SlurmQueue.states(jobIDs: ids) else { return }
        let active = SlurmQueue.active(states)
        if !active.isEmpty {
            throw TaskError("jobs \(active.joined(separator: ", ")) of an earlier submit of \(run.root) are still queued or running; "
                + "wait for them (`sieve status \(run.root)`) or cancel them (`scancel \(active.joined(separator: " "))`), then submit again")
        }
    }

    /// Writes the scripts and submits. Returns the submitted arrays (also appended to jobs.json).
    /// When an sbatch fails, the arrays submitted so far in this call are cancelled.
    public func submit() throws -> [SlurmJobs.Record] {
        guard let sbatch = Subprocess.which("sbatch") else {
            throw TaskError("sbatch not found on PATH: run `sieve slurm submit` on a Slurm login node (or add --dry-run to see the jobs)")
        }
        try FileSystem.createDirectories(SlurmPlan.slurmDirectory(plan.run))
        for dir in plan.logDirectories() { try FileSystem.createDirectories(dir) }
        for s in plan.stages { try OutputFile.writeAtomically(s.scriptPath, s.script) }

        var jobs = try SlurmJobs.load(plan.run) ?? SlurmJobs()
        let submission = jobs.lastSubmission + 1
        var submitted: [SlurmJobs.Record] = []
        var previous: [String] = []
        for stage in plan.stages {
            var current: [String] = []
            for a in stage.arrays {
                let args = plan.sbatchArguments(a, of: stage, after: previous)
                let r: ProcessResult
                do { r = try Subprocess.run([sbatch] + args) } catch {
                    cancel(submitted)
                    throw error
                }
                let id = r.output.split(separator: "\n").first.map { String($0.split(separator: ";")[0]) } ?? ""
                guard r.status == 0, !id.isEmpty, id.allSatisfy({ $0 >= "0" && $0 <= "9" }) else {
                    cancel(submitted)
                    let msg = r.errorOutput.isEmpty ? r.output : r.errorOutput
                    // Slurm's words for a per-user or per-QOS limit on queued jobs.
                    let limited = msg.contains("MaxSubmit") || msg.contains("submit limit")
                    throw TaskError("sbatch failed for stage '\(stage.entry.name)' (exit \(r.status)): "
                        + msg.trimmingSpaces + (submitted.isEmpty ? "" : " (cancelled the \(submitted.count) arrays submitted before it)")
                        + (limited ? ". The cluster limits how many jobs you may queue: submit the first stages with "
                            + "`--until STAGE`, and the rest once they are done" : ""))
                }
                onSubmit(args, id)
                current.append(id)
                submitted.append(SlurmJobs.Record(stage: stage.entry.name, folder: stage.entry.folderName, jobID: id,
                                                  runOffset: a.runOffset, tasks: a.tasks, arraySpec: a.arraySpec,
                                                  dependsOn: previous, submission: submission))
            }
            previous = current
        }
        jobs.arrays += submitted
        try jobs.save(plan.run)
        return submitted
    }

    private func cancel(_ arrays: [SlurmJobs.Record]) {
        guard !arrays.isEmpty, let scancel = Subprocess.which("scancel") else { return }
        _ = try? Subprocess.run([scancel] + arrays.map(\.jobID))
    }
}

/// `sieve slurm cancel`: cancels the run's array jobs that Slurm still lists as queued or running,
/// found from what `sieve slurm submit` recorded in `OUT/slurm/jobs.json`. Nothing is printed.
public enum SlurmCanceller {
    /// What a cancel found (and, unless it was a dry run, cancelled).
    public struct Result: Sendable {
        /// Array job ids with queued or running elements, ascending.
        public var active: [String]
        /// Per active job: its stage and how many of its elements are queued or running.
        public var details: [(jobID: String, stage: String, elements: Int)]
        /// How many jobs jobs.json records for this run.
        public var recorded: Int
    }

    /// Finds the run's active jobs; cancels them with `scancel` unless `dryRun`.
    /// Throws when nothing was ever submitted, or Slurm cannot be asked.
    public static func cancel(_ run: RunDirectory, dryRun: Bool) throws -> Result {
        guard let jobs = try SlurmJobs.load(run), !jobs.arrays.isEmpty else {
            throw TaskError("\(run.root) was never submitted to Slurm (no slurm/jobs.json): nothing to cancel")
        }
        let ids = jobs.arrays.map(\.jobID)
        guard let states = SlurmQueue.states(jobIDs: Array(Set(ids)).sorted()) else {
            throw TaskError("cannot ask Slurm about the run's jobs (squeue missing or failing); run this on a login node")
        }
        let active = SlurmQueue.active(states)
        var details: [(String, String, Int)] = []
        for id in active {
            let stage = jobs.arrays.first { $0.jobID == id }?.stage ?? "?"
            let n = states[id]?.values.filter { SlurmQueue.activeStates.contains($0.state) }.count ?? 0
            details.append((id, stage, n))
        }
        if !dryRun && !active.isEmpty {
            guard let scancel = Subprocess.which("scancel") else {
                throw TaskError("scancel not found on PATH: run `sieve slurm cancel` on a Slurm login node")
            }
            let r = try Subprocess.run([scancel] + active)
            guard r.status == 0 else {
                throw TaskError("scancel \(active.joined(separator: " ")) failed (exit \(r.status)): "
                    + (r.errorOutput.isEmpty ? r.output : r.errorOutput).trimmingSpaces)
            }
        }
        return Result(active: active, details: details, recorded: Set(ids).count)
    }
}
