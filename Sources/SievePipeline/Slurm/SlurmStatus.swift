import SieveIO

/// Per stage: tasks done, running, failed, cancelled and pending, combining the completion
/// markers with what Slurm reports about the jobs recorded in `OUT/slurm/jobs.json`.
public struct SlurmStatus: Sendable {
    public struct Failed: Sendable {
        public var task: Int
        /// The error (from the task's failure record) or Slurm's state (`TIMEOUT`, `OUT_OF_MEMORY`...).
        public var message: String
        /// The log of the array element that ran it, if known.
        public var log: String?
        public var slurmJob: String?
    }

    public struct Stage: Sendable {
        public var name: String
        public var tasks: Int
        public var done = 0
        public var running = 0
        public var queued = 0
        public var cancelled = 0
        public var failed: [Failed] = []
        /// Not done, not known to Slurm: never submitted, or its job is gone.
        public var unsubmitted = 0
        /// Slurm's reasons for cancelled or blocked elements (e.g. `DependencyNeverSatisfied`).
        public var reasons: [String] = []
        /// Queued + unsubmitted (what a plain status calls pending).
        public var pending: Int { queued + unsubmitted }
        public var complete: Bool { done == tasks }
    }

    public var stages: [Stage]
    /// False when `squeue` could not be asked (states come from the markers only).
    public var slurmAvailable: Bool
    public var complete: Bool { stages.allSatisfy(\.complete) }

    /// Nil when the run was never submitted to Slurm.
    public static func build(_ record: RunRecord) throws -> SlurmStatus? {
        guard let jobs = try SlurmJobs.load(record.run) else { return nil }
        let latest = jobs.latest()
        let states = SlurmQueue.states(jobIDs: Array(Set(jobs.arrays.map(\.jobID))).sorted())
        var out: [Stage] = []
        for s in record.stages {
            var st = Stage(name: s.name, tasks: s.tasks)
            for t in 0..<s.tasks {
                if try record.marker(s, task: t) != nil { st.done += 1; continue }
                let job = latest[s.folder]?[t]
                let el = job.flatMap { states?[$0.array.jobID]?[$0.index] }
                let log = job.map { SlurmJobs.logPath(record.run, folder: s.folder, jobID: $0.array.jobID, index: $0.index) }
                let jobName = job.map { "\($0.array.jobID)_\($0.index)" }
                switch el?.state {
                case "RUNNING"?, "COMPLETING"?, "CONFIGURING"?, "SIGNALING"?, "STAGE_OUT"?:
                    st.running += 1
                case "PENDING"?, "REQUEUED"?, "REQUEUE_HOLD"?, "REQUEUE_FED"?, "SUSPENDED"?, "RESV_DEL_HOLD"?, "STOPPED"?, "PREEMPTED"?:
                    st.queued += 1
                    if let r = el?.reason, r == "DependencyNeverSatisfied", !st.reasons.contains(r) { st.reasons.append(r) }
                case "CANCELLED"? where record.failure(s, task: t) == nil:
                    st.cancelled += 1
                    if let r = el?.reason, !r.isEmpty, r != "None", !st.reasons.contains(r) { st.reasons.append(r) }
                case let state?:
                    // FAILED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, COMPLETED without a marker, ...
                    let why = record.failure(s, task: t) ?? "no error recorded (see the log)"
                    st.failed.append(Failed(task: t, message: state == "FAILED" ? why : "\(state): \(why)",
                                            log: log, slurmJob: jobName))
                case nil:
                    if let e = record.failure(s, task: t) {
                        st.failed.append(Failed(task: t, message: e, log: log, slurmJob: jobName))
                    } else if let jobName, states != nil {
                        // Submitted, gone from Slurm's memory (MinJobAge), and no marker: it ended badly.
                        st.failed.append(Failed(task: t, message: "job \(jobName) ended without a completion marker "
                            + "(Slurm no longer lists it; see the log)", log: log, slurmJob: jobName))
                    } else {
                        st.unsubmitted += 1
                    }
                }
            }
            out.append(st)
        }
        return SlurmStatus(stages: out, slurmAvailable: states != nil)
    }
}
