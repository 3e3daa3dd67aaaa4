import SieveIO
import SieveParquet
import Yams

/// A pipeline as written in `pipeline.yaml`, validated.
public struct PipelineConfig: Sendable {
    public struct StageEntry: Sendable {
        public var name: String
        /// Position in the run (folders are numbered by it).
        public var index: Int
        /// Position of the stage's entry in the YAML `stages:` list.
        public var configIndex: Int
        public var tasks: Int
        public var line: Int?
        public var definition: StageDefinition
        /// Set for a phase of a multi-phase stage.
        public var phase: PhaseDefinition?
        /// The stage whose kept documents this one reads; nil: the pipeline's inputs.
        public var inputStage: Int?
        /// Whether kept documents are written for the next stage (false for side phases and
        /// phases that only observe documents).
        public var writesData: Bool
        /// Whether kept documents are written per language (`data/deu_Latn/…`): from `langid`
        /// on, every stage keeps the routing.
        public var routes: Bool
        /// A side phase reads no documents.
        public var isSide: Bool {
            if case .side? = phase?.kind { return true }
            return false
        }
        /// The options as JSON (for run.json); the YAML is re-read when building a stage.
        public var optionsJSON: JSONValue
        /// `01-extract`.
        public var folderName: String {
            (index + 1 < 10 ? "0" : "") + "\(index + 1)-\(name)"
        }
    }

    public var file: String
    public var directory: String
    public var name: String
    /// Input patterns as written (resolved against the config folder).
    public var inputPatterns: [String]
    /// Input files, expanded and sorted.
    public var inputs: [String]
    public var format: InputFormat?
    public var source: String
    /// Column mapping for Parquet inputs (`parquet:` section; FineWeb defaults).
    public var parquet: ParquetColumnMapping
    public var out: String
    public var tasks: Int
    public var stages: [StageEntry]
    public var slurm: JSONValue
    /// The YAML text, for rebuilding stages in each task and for run.json's hash.
    public var yamlText: String
    public var filtersDirectory: String

    static let topLevelKeys = ["name", "inputs", "format", "source", "out", "tasks", "stages", "slurm", "filters", "max_record_bytes", "parquet"]
    public var maxRecordBytes: Int64

    /// Loads and validates `path`. Errors name the file and line.
    public static func load(path: String, outOverride: String? = nil) throws -> PipelineConfig {
        guard FileSystem.exists(path) else {
            throw ConfigError(file: path, line: nil, "no such config file (try `sieve run pipeline.yaml`)")
        }
        let text = try FileSystem.readText(path)
        return try parse(text: text, path: path, outOverride: outOverride)
    }

    public static func parse(text: String, path: String, outOverride: String? = nil) throws -> PipelineConfig {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let e as YamlError {
            throw ConfigError(file: path, line: yamlLine(e), "not valid YAML: \(yamlProblem(e))")
        }
        let dir = absolute(FileSystem.dirname(path))
        let top = try Options(file: path, context: "the pipeline", baseDirectory: dir, node: node)

        let name = try top.string("name", default: "pipeline")
        let tasks = try top.int("tasks", default: 1, min: 1, max: 1_000_000)
        let source = try top.string("source", default: "web")
        let maxRecord = try top.size("max_record_bytes", default: 64 << 20)
        var format: InputFormat?
        if let f = try top.string("format") {
            guard let v = InputFormat(rawValue: f) else {
                throw top.error("format", "'format' must be one of \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")), not '\(f)'")
            }
            format = v
        }
        let parquet = try parseParquetMapping(top)
        let filters = try top.path("filters", mustExist: true) ?? defaultFiltersDirectory(configDirectory: dir)
        guard let patterns = try top.strings("inputs"), !patterns.isEmpty else {
            throw ConfigError(file: path, line: top.lineOf("inputs"),
                              "the pipeline needs `inputs:` (a list of files or globs, e.g. `- Fixtures/web/*.warc.gz`)")
        }
        var inputs: [String] = []
        for p in patterns {
            let matched = Glob.expand(top.resolve(p))
            if matched.isEmpty {
                throw top.error("inputs", "input '\(p)' matches no file")
            }
            for m in matched where format == nil && InputFormat.detect(path: m) == nil {
                throw top.error("inputs", "cannot tell the format of '\(m)' from its name; set `format: warc`, `format: jsonl` or `format: parquet`")
            }
            inputs += matched
        }
        inputs = Array(Set(inputs)).sorted(by: utf8Precedes)
        // A mapping mistake (no such text column) fails now rather than as one audit row per row group.
        if let first = inputs.first(where: { (format ?? InputFormat.detect(path: $0)) == .parquet }),
           let file = try? ParquetFile(path: first), file.column(named: parquet.text) == nil {
            let names = file.columns.map(\.name).joined(separator: ", ")
            throw ConfigError(file: path, line: top.lineOf("parquet") ?? top.lineOf("inputs"),
                              "Parquet input '\(FileSystem.basename(first))' has no column '\(parquet.text)' (columns: \(names)); set `parquet: {text: COLUMN}`")
        }
        let outRaw = try top.string("out", default: "runs/\(name)")
        let out = outOverride.map(absolute) ?? top.resolve(outRaw)

        guard let stagesNode = top.node("stages") else {
            throw ConfigError(file: path, line: nil, "the pipeline needs `stages:` (a list such as `- extract: {}`)")
        }
        guard case .sequence(let seq) = stagesNode else {
            throw ConfigError(file: path, line: stagesNode.mark?.line, "`stages:` must be a list of `- name: {options}` entries")
        }
        var stages: [StageEntry] = []
        let setup = StageSetup(configDirectory: dir, filtersDirectory: filters, forRunning: false)
        var lastDocuments: Int?  // the stage whose kept documents the next stage reads
        var routes = false
        for (configIndex, item) in seq.enumerated() {
            let (stageName, optionsNode, line) = try stageParts(item, path: path)
            guard let def = StageRegistry.definition(named: stageName) else {
                let hint = closest(to: stageName, in: StageRegistry.all.map(\.name)).map { " (did you mean '\($0)'?)" }
                    ?? " (known stages: \(StageRegistry.all.map(\.name).joined(separator: ", ")))"
                throw ConfigError(file: path, line: line, "unknown stage '\(stageName)'\(hint)")
            }
            if stages.contains(where: { $0.definition.name == stageName }) {
                throw ConfigError(file: path, line: line, "stage '\(stageName)' appears twice")
            }
            let opts = try Options(file: path, context: "stage '\(stageName)'", baseDirectory: dir, node: optionsNode)
            let stageTasks = try opts.int("tasks", default: tasks, min: 1, max: 1_000_000)
            routes = routes || def.routesByLanguage
            if let phases = def.phases {
                let source = lastDocuments
                for phase in try phases(opts, setup, stageTasks) {
                    var e = StageEntry(name: phase.name, index: stages.count, configIndex: configIndex, tasks: phase.tasks,
                                       line: line, definition: def, phase: phase, inputStage: nil, writesData: false,
                                       routes: routes, optionsJSON: opts.json)
                    if case .documents(let writes, _) = phase.kind {
                        e.inputStage = source
                        e.writesData = writes
                        if writes { lastDocuments = e.index }
                    }
                    stages.append(e)
                }
            } else {
                _ = try def.make(opts, setup)
                stages.append(StageEntry(name: stageName, index: stages.count, configIndex: configIndex, tasks: stageTasks,
                                         line: line, definition: def, phase: nil, inputStage: lastDocuments,
                                         writesData: true, routes: routes, optionsJSON: opts.json))
                lastDocuments = stages.count - 1
            }
            try opts.finish()
        }
        if stages.isEmpty {
            throw ConfigError(file: path, line: stagesNode.mark?.line, "`stages:` is empty; add at least one stage")
        }
        let hasWeb = inputs.contains { (format ?? InputFormat.detect(path: $0)) == .warc }
        if hasWeb && stages[0].definition.name != "extract" {
            throw ConfigError(file: path, line: stages[0].line,
                              "WARC inputs need `extract` as the first stage (it turns HTML into text)")
        }
        let slurm: JSONValue = top.node("slurm").map(Options.json) ?? .null
        _ = try SlurmSettings.parse(node: top.node("slurm"), file: path, directory: dir, stageNames: stages.map(\.name))
        try top.finish()
        return PipelineConfig(file: path, directory: dir, name: name, inputPatterns: patterns, inputs: inputs,
                              format: format, source: source, parquet: parquet, out: out, tasks: tasks, stages: stages, slurm: slurm,
                              yamlText: text, filtersDirectory: filters, maxRecordBytes: maxRecord)
    }

    /// The `parquet:` section: which columns become which document fields, e.g.
    /// `parquet: {text: text, id: id, created: date, url: url, language: language, metadata: [dump], source: fineweb}`.
    static func parseParquetMapping(_ top: Options) throws -> ParquetColumnMapping {
        var m = ParquetColumnMapping()
        guard let p = try top.nested("parquet") else { return m }
        m.text = try p.string("text", default: m.text)
        func optional(_ key: String, _ current: String?) throws -> String? {
            guard p.has(key) else { return current }
            let v = try p.string(key) ?? ""
            return v.isEmpty ? nil : v
        }
        m.id = try optional("id", m.id)
        m.created = try optional("created", m.created)
        m.url = try optional("url", m.url)
        m.language = try optional("language", m.language)
        m.languageScript = try optional("language_script", m.languageScript)
        m.metadata = try p.strings("metadata")
        m.source = try p.string("source", default: m.source)
        try p.finish()
        return m
    }

    /// What a task runs: a document stage or a side phase.
    public enum Implementation {
        case documents(any DocumentStage)
        case side(any SideStage)
    }

    /// Builds the stage object for running a task.
    public func makeStage(_ entry: StageEntry) throws -> Implementation {
        let setup = StageSetup(configDirectory: directory, filtersDirectory: filtersDirectory, forRunning: true)
        if let phase = entry.phase {
            switch phase.kind {
            case .documents(_, let make): return .documents(try make(setup))
            case .side(let make): return .side(try make(setup))
            }
        }
        let opts = try options(entry)
        _ = try opts.int("tasks")
        return .documents(try entry.definition.make(opts, setup))
    }

    /// The options of a stage, re-read from the YAML.
    func options(_ entry: StageEntry) throws -> Options {
        let node = try Yams.compose(yaml: yamlText)
        let top = try Options(file: file, context: "the pipeline", baseDirectory: directory, node: node)
        guard case .sequence(let seq)? = top.node("stages") else { throw ConfigError(file: file, line: nil, "no stages") }
        let item = seq[seq.index(seq.startIndex, offsetBy: entry.configIndex)]
        let (_, optionsNode, _) = try PipelineConfig.stageParts(item, path: file)
        return try Options(file: file, context: "stage '\(entry.definition.name)'", baseDirectory: directory, node: optionsNode)
    }

    /// Facts each stage records in run.json.
    public func runInfo(_ entry: StageEntry) throws -> JSONObject {
        if entry.phase != nil { return JSONObject() }
        return try entry.definition.runInfo(options(entry))
    }

    static func stageParts(_ item: Node, path: String) throws -> (String, Node?, Int?) {
        switch item {
        case .scalar(let s):
            return (s.string, nil, item.mark?.line)
        case .mapping(let m) where m.count == 1:
            guard let (k, v) = m.first, let name = k.string else { break }
            return (name, v, k.mark?.line)
        default: break
        }
        throw ConfigError(file: path, line: item.mark?.line,
                          "each stage must be `- name: {options}` (one name per list entry)")
    }

    static func yamlLine(_ e: YamlError) -> Int? {
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    static func yamlProblem(_ e: YamlError) -> String {
        switch e {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        default: return "\(e)"
        }
    }

    static func defaultFiltersDirectory(configDirectory: String) -> String {
        // Filters/ next to the config, else next to the executable's repository checkout.
        let candidates = [FileSystem.join(configDirectory, "Filters")] + executableRelativeFilters()
        return candidates.first(where: FileSystem.isDirectory) ?? candidates[0]
    }

    static func executableRelativeFilters() -> [String] {
        guard let exe = try? readSymlink("/proc/self/exe") else { return [] }
        // .build/<config>/sieve → repository root is three levels up.
        var dir = FileSystem.dirname(exe)
        var out: [String] = []
        for _ in 0..<4 {
            out.append(FileSystem.join(dir, "Filters"))
            dir = FileSystem.dirname(dir)
        }
        return out
    }
}

/// An absolute version of `path` (relative paths start at the working directory).
public func absolute(_ path: String) -> String {
    if path.hasPrefix("/") { return normalizePath(path) }
    return normalizePath(FileSystem.join(currentDirectory(), path))
}

/// Removes `.` and `..` components.
public func normalizePath(_ path: String) -> String {
    var parts: [Substring] = []
    for c in path.split(separator: "/") {
        if c == "." || c.isEmpty { continue }
        if c == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
        parts.append(c)
    }
    return "/" + parts.joined(separator: "/")
}
