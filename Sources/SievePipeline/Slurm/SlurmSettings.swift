import SieveIO
import Yams

/// The `slurm:` section of `pipeline.yaml`: sbatch options for every stage, with per-stage
/// overrides under `stages:`.
///
/// ```yaml
/// slurm:
///   partition: normal
///   time: "04:00:00"
///   cpus_per_task: 1
///   mem_per_cpu: 2G          # or mem: 8G (per node); exclusive
///   max_array_size: 1001     # default: the cluster's MaxArraySize; larger stages are split
///   parallel: 64             # at most 64 tasks of a stage at once (--array=...%64)
///   extra: ["#SBATCH --constraint=gpu", "module load foo"]
///   stages: {tokenize: {cpus_per_task: 8, time: "12:00:00"}}
/// ```
/// Values that end up in `#SBATCH` lines are checked against the characters Slurm accepts, so a
/// config value never becomes shell code; `extra` lines are copied verbatim (that is their purpose).
public struct SlurmSettings: Sendable {
    /// The options of one stage (global values with that stage's overrides applied).
    public struct Fields: Sendable, Equatable {
        public var partition: String?
        public var account: String?
        public var qos: String?
        public var time: String?
        public var cpusPerTask: Int?
        public var mem: String?
        public var memPerCPU: String?
        public var parallel: Int?
        /// Script lines: `#SBATCH ...` directives and commands such as `module load x`.
        public var extra: [String] = []

        public init() {}

        /// `self` with the values set in `o` replacing ours; `extra` lines are appended.
        func overridden(by o: Fields) -> Fields {
            var r = self
            if let v = o.partition { r.partition = v }
            if let v = o.account { r.account = v }
            if let v = o.qos { r.qos = v }
            if let v = o.time { r.time = v }
            if let v = o.cpusPerTask { r.cpusPerTask = v }
            if o.mem != nil || o.memPerCPU != nil { r.mem = o.mem; r.memPerCPU = o.memPerCPU }
            if let v = o.parallel { r.parallel = v }
            r.extra += o.extra
            return r
        }
    }

    /// Options for every stage.
    public var global: Fields
    /// Per-stage overrides, by stage name.
    public var stages: [String: Fields]
    /// Array indices stay below this; bigger stages become several arrays. nil when the config
    /// does not set it: `sieve slurm submit` then uses the cluster's `MaxArraySize`.
    public var maxArraySize: Int?

    /// Slurm's default `MaxArraySize`, used when neither the config nor the cluster says.
    public static let defaultMaxArraySize = 1001
    static let keys = ["partition", "account", "qos", "time", "cpus_per_task", "mem", "mem_per_cpu", "parallel", "extra"]

    public init(global: Fields = Fields(), stages: [String: Fields] = [:], maxArraySize: Int? = nil) {
        self.global = global
        self.stages = stages
        self.maxArraySize = maxArraySize
    }

    /// The effective options of stage `name`.
    public func options(for name: String) -> Fields {
        stages[name].map { global.overridden(by: $0) } ?? global
    }

    /// The effective options of one stage of the run: the global ones, then those set for its
    /// pipeline.yaml name (`dedup` applies to every dedup phase), then those set for the phase
    /// itself (`dedup-signatures`, `shards`).
    public func options(for entry: PipelineConfig.StageEntry) -> Fields {
        var r = options(for: entry.definition.name)
        if entry.name != entry.definition.name, let f = stages[entry.name] { r = r.overridden(by: f) }
        return r
    }

    /// Reads the `slurm:` section of a loaded pipeline (re-reading its YAML, for line numbers).
    public static func load(config: PipelineConfig) throws -> SlurmSettings {
        let node = try Yams.compose(yaml: config.yamlText)
        let top = try Options(file: config.file, context: "the pipeline", baseDirectory: config.directory, node: node)
        return try parse(node: top.node("slurm"), file: config.file, directory: config.directory,
                         stageNames: stageNames(config))
    }

    /// The names `stages:` may use: each stage's pipeline.yaml name and each phase's name.
    static func stageNames(_ config: PipelineConfig) -> [String] {
        var names: [String] = []
        for e in config.stages {
            for n in [e.definition.name, e.name] where !names.contains(n) { names.append(n) }
        }
        return names
    }

    /// Parses and validates a `slurm:` node (nil or empty: all defaults). Errors name file and line.
    public static func parse(node: Node?, file: String, directory: String, stageNames: [String]) throws -> SlurmSettings {
        let o = try Options(file: file, context: "the `slurm:` section", baseDirectory: directory, node: node)
        let global = try fields(o)
        let maxArray = !o.has("max_array_size") ? nil : try o.int("max_array_size", default: defaultMaxArraySize, min: 1, max: 100_000_000)
        var stages: [String: Fields] = [:]
        if let sn = o.node("stages") {
            switch sn {
            case .scalar(let s) where s.string.isEmpty || s.string == "null" || s.string == "~": break
            case .mapping(let m):
                for (k, v) in m {
                    guard let name = k.string, stageNames.contains(name) else {
                        let n = k.string ?? "?"
                        let hint = closest(to: n, in: stageNames).map { " (did you mean '\($0)'?)" }
                            ?? " (the pipeline's stages: \(stageNames.joined(separator: ", ")))"
                        throw ConfigError(file: file, line: k.mark?.line,
                                          "the `slurm:` section: `stages:` names '\(n)', which is not a stage of this pipeline\(hint)")
                    }
                    let so = try Options(file: file, context: "the `slurm:` options of stage '\(name)'",
                                         baseDirectory: directory, node: v)
                    stages[name] = try fields(so)
                    try so.finish()
                }
            default:
                throw ConfigError(file: file, line: sn.mark?.line,
                                  "the `slurm:` section: `stages:` must be a map such as `{tokenize: {cpus_per_task: 8}}`")
            }
        }
        try o.finish()
        return SlurmSettings(global: global, stages: stages, maxArraySize: maxArray)
    }

    /// Whether two pipeline texts say the same thing apart from their `slurm:` sections (which do
    /// not change any output, so a run may be re-submitted with, say, a longer time limit).
    public static func differOnlyInSlurm(_ a: String?, _ b: String) -> Bool {
        guard let a, case .mapping(let ma)? = (try? Yams.compose(yaml: a)) ?? nil,
              case .mapping(let mb)? = (try? Yams.compose(yaml: b)) ?? nil else { return false }
        func withoutSlurm(_ m: Node.Mapping) -> JSONValue {
            .object(JSONObject(m.compactMap { k, v in k.string == "slurm" ? nil : (k.string ?? "", Options.json(v)) }))
        }
        return withoutSlurm(ma) == withoutSlurm(mb)
    }

    static func fields(_ o: Options) throws -> Fields {
        var f = Fields()
        f.partition = try name(o, "partition")
        f.account = try name(o, "account")
        f.qos = try name(o, "qos")
        if let t = try o.string("time") {
            guard timeLimitSeconds(t) != nil || ["INFINITE", "UNLIMITED"].contains(t.uppercased()) else {
                throw o.error("time", "'time' must be a Slurm time limit such as \"04:00:00\" or \"1-00:00:00\" (quote it), not '\(t)'")
            }
            f.time = t
        }
        if o.has("cpus_per_task") { f.cpusPerTask = try o.int("cpus_per_task", default: 1, min: 1, max: 1_000_000) }
        f.mem = try memory(o, "mem")
        f.memPerCPU = try memory(o, "mem_per_cpu")
        if f.mem != nil && f.memPerCPU != nil {
            throw o.error("mem_per_cpu", "set either 'mem' (per node) or 'mem_per_cpu', not both (sbatch accepts only one)")
        }
        if o.has("parallel") { f.parallel = try o.int("parallel", default: 1, min: 1, max: 100_000_000) }
        for line in try o.strings("extra") ?? [] {
            if line.contains("\n") || line.contains("\r") {
                throw o.error("extra", "each 'extra' entry is one script line (such as \"#SBATCH --constraint=mc\" or \"module load x\"); split multi-line entries")
            }
            f.extra.append(line)
        }
        return f
    }

    /// The seconds of a Slurm time limit in one of its forms (M, M:S, H:M:S, D-H, D-H:M, D-H:M:S);
    /// nil when `text` is none of them.
    public static func timeLimitSeconds(_ text: String) -> Int? {
        func number(_ s: Substring) -> Int? {
            guard !s.isEmpty, s.count <= 9, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return Int(s)
        }
        let dayParts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let clock = dayParts.last.map { $0.split(separator: ":", omittingEmptySubsequences: false) } ?? []
        var fields: [Int] = []
        for c in clock {
            guard let v = number(c) else { return nil }
            fields.append(v)
        }
        if dayParts.count == 2 {
            guard let days = number(dayParts[0]), (1...3).contains(fields.count) else { return nil }
            let (h, m, sec) = (fields[0], fields.count > 1 ? fields[1] : 0, fields.count > 2 ? fields[2] : 0)
            return ((days * 24 + h) * 60 + m) * 60 + sec
        }
        switch fields.count {
        case 1: return fields[0] * 60
        case 2: return fields[0] * 60 + fields[1]
        case 3: return (fields[0] * 60 + fields[1]) * 60 + fields[2]
        default: return nil
        }
    }

    /// A partition, account or QoS name: letters, digits and `_ . - + :`, commas between several.
    static func name(_ o: Options, _ key: String) throws -> String? {
        guard let v = try o.string(key) else { return nil }
        let ok = !v.isEmpty && v.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == 0x5F || c == 0x2E || c == 0x2D || c == 0x2B || c == 0x3A || c == 0x2C
        }
        guard ok else {
            throw o.error(key, "'\(key)' must be a plain name (letters, digits, _ . - + :, commas between several), not '\(v)'")
        }
        return v
    }

    /// A Slurm memory size: `4000` (MiB), `4G`, `512M`; `4GiB`/`4GB` are accepted and written `4G`.
    static func memory(_ o: Options, _ key: String) throws -> String? {
        guard let v = try o.string(key) else { return nil }
        var digits = Substring(v)
        while let l = digits.last, !(l >= "0" && l <= "9") { digits.removeLast() }
        let unit = v.dropFirst(digits.count).uppercased()
        let units = ["": "", "K": "K", "M": "M", "G": "G", "T": "T", "KB": "K", "MB": "M", "GB": "G", "TB": "T",
                     "KIB": "K", "MIB": "M", "GIB": "G", "TIB": "T"]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }), let u = units[unit] else {
            throw o.error(key, "'\(key)' must be a memory size such as 4000 (MiB), 512M or 8G, not '\(v)'")
        }
        return String(digits) + u
    }
}
