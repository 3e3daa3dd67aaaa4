/// What `sieve slurm submit` asks the cluster itself.
public enum SlurmCluster {
    /// Where the array size limit of a submission comes from.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        /// `max_array_size` in the config's `slurm:` section.
        case config
        /// The controller's `MaxArraySize` (`scontrol show config`).
        case cluster
        /// Slurm's default, because the controller could not be asked (the reason says why).
        case slurmDefault(reason: String)

        public var description: String {
            switch self {
            case .config: return "max_array_size in the config"
            case .cluster: return "the cluster's MaxArraySize"
            case .slurmDefault(let reason): return "Slurm's default; \(reason)"
            }
        }
    }

    /// The cluster's `MaxArraySize`, from `scontrol show config`; the reason when it cannot be read.
    public static func maxArraySize() -> Result<Int, Failure> {
        guard let scontrol = Subprocess.which("scontrol") else { return .failure(Failure("scontrol not found")) }
        guard let r = try? Subprocess.run([scontrol, "show", "config"]) else {
            return .failure(Failure("scontrol could not be run"))
        }
        guard r.status == 0 else { return .failure(Failure("scontrol show config failed (exit \(r.status))")) }
        guard let n = parseMaxArraySize(r.output) else {
            return .failure(Failure("scontrol show config printed no MaxArraySize"))
        }
        return .success(n)
    }

    /// Why the cluster could not be asked.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    /// `MaxArraySize` from `scontrol show config` output (lines `Name = value`).
    static func parseMaxArraySize(_ text: String) -> Int? {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: " \t") == "MaxArraySize" else { continue }
            return Int(parts[1].trimmingCharacters(in: " \t\r"))
        }
        return nil
    }
}
