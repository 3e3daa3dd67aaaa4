import SieveIO

/// The run directory's layout (DESIGN.md, "The run directory"):
/// `OUT/run.json`, `OUT/NN-stage/{data,removed,done,failed,logs,stats}/`, `OUT/manifest.json`.
public struct RunDirectory: Sendable {
    public let root: String

    public init(_ root: String) { self.root = root }

    public var runJSON: String { FileSystem.join(root, "run.json") }
    public var manifest: String { FileSystem.join(root, "manifest.json") }

    public func stage(_ entry: PipelineConfig.StageEntry) -> String { FileSystem.join(root, entry.folderName) }
    public func marker(_ entry: PipelineConfig.StageEntry, task: Int) -> String {
        FileSystem.join(stage(entry), "done/\(TaskContext.name(task)).json")
    }
    public func failure(_ entry: PipelineConfig.StageEntry, task: Int) -> String {
        FileSystem.join(stage(entry), "failed/\(TaskContext.name(task)).json")
    }
    public func log(_ entry: PipelineConfig.StageEntry, task: Int) -> String {
        FileSystem.join(stage(entry), "logs/\(TaskContext.name(task)).log")
    }

    /// The first task of `entry` without a completion marker, nil when every task has one: one
    /// listing of `done/`, not a file check per task (thousands of tasks ask this).
    public func firstUnfinishedTask(_ entry: PipelineConfig.StageEntry) -> Int? {
        let done = Set(FileSystem.entries(FileSystem.join(stage(entry), "done")).map(\.name))
        return (0..<entry.tasks).first { !done.contains(TaskContext.name($0) + ".json") }
    }

    /// Path relative to the run directory (how markers and the manifest name files).
    public func relative(_ path: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    public func absolutePath(_ relative: String) -> String { FileSystem.join(root, relative) }
}

/// A task's completion marker (`done/TASK.json`): counts, reasons and the sha256 of each output.
/// Written last and atomically; its presence means the task is complete.
public struct TaskMarker: Sendable {
    public var stage: String
    public var task: Int
    public var tasks: Int
    public var inputs: [String]
    public var documentsIn: Int64 = 0
    public var bytesIn: Int64 = 0
    public var kept: Int64 = 0
    public var bytesKept: Int64 = 0
    public var dropped: Int64 = 0
    public var bytesDropped: Int64 = 0
    public var modified: Int64 = 0
    /// action → reason → (documents, bytes)
    public var reasons: [String: [String: (documents: Int64, bytes: Int64)]] = [:]
    /// Per-language kept documents (when the stage routes by language).
    public var keptByRoute: [String: (documents: Int64, bytes: Int64)] = [:]
    /// Records in the inputs that are not documents (e.g. `warc_request`).
    public var nonDocuments: [String: Int64] = [:]
    public var counters: [String: Int64] = [:]
    /// Kept documents, for the next stage (relative paths).
    public var data: [String] = []
    /// Every output file (relative path → sha256): data, audit rows, stage files.
    public var outputs: [(path: String, sha256: String)] = []

    public init(stage: String, task: Int, tasks: Int, inputs: [String]) {
        self.stage = stage
        self.task = task
        self.tasks = tasks
        self.inputs = inputs
    }

    public mutating func count(_ action: String, _ reason: String, bytes: Int64) {
        var r = reasons[action] ?? [:]
        let old = r[reason] ?? (0, 0)
        r[reason] = (old.documents + 1, old.bytes + bytes)
        reasons[action] = r
    }

    public var json: JSONValue {
        func pairs(_ d: [String: (documents: Int64, bytes: Int64)]) -> JSONValue {
            .object(JSONObject(d.keys.sorted().map { k in
                (k, .object(["documents": .int(d[k]!.documents), "bytes": .int(d[k]!.bytes)]))
            }))
        }
        var o = JSONObject()
        o["stage"] = .string(stage)
        o["task"] = .int(Int64(task))
        o["tasks"] = .int(Int64(tasks))
        o["inputs"] = .array(inputs.map(JSONValue.string))
        o["counts"] = .object([
            "documents_in": .int(documentsIn), "bytes_in": .int(bytesIn),
            "kept": .int(kept), "bytes_kept": .int(bytesKept),
            "dropped": .int(dropped), "bytes_dropped": .int(bytesDropped),
            "modified": .int(modified),
        ])
        o["reasons"] = .object(JSONObject(reasons.keys.sorted().map { ($0, pairs(reasons[$0]!)) }))
        if !keptByRoute.isEmpty { o["kept_by_language"] = pairs(keptByRoute) }
        o["non_documents"] = .object(JSONObject(nonDocuments.keys.sorted().map { ($0, .int(nonDocuments[$0]!)) }))
        o["counters"] = .object(JSONObject(counters.keys.sorted().map { ($0, .int(counters[$0]!)) }))
        o["data"] = .array(data.map(JSONValue.string))
        o["outputs"] = .object(JSONObject(outputs.map { ($0.path, .string($0.sha256)) }))
        return .object(o)
    }

    public init(json v: JSONValue) throws {
        guard let o = v.objectValue, let stage = o["stage"]?.stringValue, let task = o["task"]?.intValue,
              let tasks = o["tasks"]?.intValue, let counts = o["counts"]?.objectValue
        else { throw InputError(path: "done marker", offset: 0, message: "not a completion marker") }
        self.init(stage: stage, task: Int(task), tasks: Int(tasks),
                  inputs: o["inputs"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        documentsIn = counts["documents_in"]?.intValue ?? 0
        bytesIn = counts["bytes_in"]?.intValue ?? 0
        kept = counts["kept"]?.intValue ?? 0
        bytesKept = counts["bytes_kept"]?.intValue ?? 0
        dropped = counts["dropped"]?.intValue ?? 0
        bytesDropped = counts["bytes_dropped"]?.intValue ?? 0
        modified = counts["modified"]?.intValue ?? 0
        func readPairs(_ v: JSONValue?) -> [String: (documents: Int64, bytes: Int64)] {
            var d: [String: (documents: Int64, bytes: Int64)] = [:]
            for (k, e) in v?.objectValue ?? JSONObject() {
                d[k] = (e.objectValue?["documents"]?.intValue ?? 0, e.objectValue?["bytes"]?.intValue ?? 0)
            }
            return d
        }
        for (action, r) in o["reasons"]?.objectValue ?? JSONObject() { reasons[action] = readPairs(r) }
        keptByRoute = readPairs(o["kept_by_language"])
        for (k, n) in o["non_documents"]?.objectValue ?? JSONObject() { nonDocuments[k] = n.intValue ?? 0 }
        for (k, n) in o["counters"]?.objectValue ?? JSONObject() { counters[k] = n.intValue ?? 0 }
        data = o["data"]?.arrayValue?.compactMap(\.stringValue) ?? []
        outputs = (o["outputs"]?.objectValue ?? JSONObject()).map { ($0.key, $0.value.stringValue ?? "") }
    }

    /// Reads a marker; nil when the task is not complete.
    public static func read(_ path: String) throws -> TaskMarker? {
        guard FileSystem.exists(path) else { return nil }
        return try TaskMarker(json: JSONParser.parse(FileSystem.readFile(path)))
    }
}
