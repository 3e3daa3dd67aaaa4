import SieveIO

/// What a stage decided about one document.
public enum Verdict: Sendable, Equatable {
    /// Keep it unchanged (metadata may have been added).
    case keep
    /// Keep it, changed (e.g. PII redacted): recorded as a `modify` audit row.
    case modify(reason: String, detail: JSONObject)
    /// Drop it: recorded as a `drop` audit row with the reason and measured values.
    case drop(reason: String, detail: JSONObject)
}

/// Where a stage task runs: the run directory, the stage's folder, the task.
public struct TaskContext: Sendable {
    public var runDirectory: String
    public var stageDirectory: String
    public var stageName: String
    public var task: Int
    public var tasks: Int
    /// What earlier stages wrote (for phases that read a previous phase's results).
    public var earlier: EarlierOutputs

    /// `00003`: how a task names its files.
    public var taskName: String { TaskContext.name(task) }
    public static func name(_ task: Int) -> String {
        let s = String(task)
        return String(repeating: "0", count: max(0, 5 - s.count)) + s
    }
}

/// A pipeline step that decides about documents one at a time.
///
/// Adding a filter means writing one small type conforming to this protocol and one
/// `StageDefinition` line in `StageRegistry`.
public protocol DocumentStage: AnyObject {
    /// Decides about one document; may change its text or metadata.
    func process(_ doc: inout Document) throws -> Verdict
    /// The same, knowing where the document stands in the stage's input: stages that need a
    /// stable position key (dedup: "the first in input order is kept") implement this one.
    func process(_ doc: inout Document, at position: DocumentPosition) throws -> Verdict
    /// Called before the task's first document (stages that write files of their own open them here).
    func begin(_ context: TaskContext) throws
    /// Called after the task's last document. A stage that writes files of its own (shards)
    /// writes them under `context.stageDirectory` and returns their paths relative to it.
    func finish(_ context: TaskContext) throws -> [String]
    /// Counts to add to the task's completion marker (e.g. `tokens`).
    var counters: [String: Int64] { get }
    /// False for stages that decide without reading `text` (URL, id or position based): their
    /// rows are passed on with the text as read, never decoded and re-encoded. A stage that
    /// says false and reads the text anyway still gets it (decoded on each read). Default true.
    var readsText: Bool { get }
}

/// Where a document stands in a stage's input: the index of its file in the stage's sorted
/// list of input files (over all tasks) and its index inside that file. The same for every
/// task count and worker count.
public struct DocumentPosition: Sendable, Hashable {
    public var file: Int
    public var index: Int
    public init(file: Int, index: Int) {
        self.file = file
        self.index = index
    }
}

extension DocumentStage {
    public func process(_ doc: inout Document, at position: DocumentPosition) throws -> Verdict {
        try process(&doc)
    }
    public func begin(_ context: TaskContext) throws {}
    public func finish(_ context: TaskContext) throws -> [String] { [] }
    public var counters: [String: Int64] { [:] }
    public var readsText: Bool { true }
}

/// A stage that also takes web pages (WARC records before extraction): only `extract`.
public protocol PageStage: DocumentStage {
    /// Turns a page into a document, or says why not.
    func process(page: WebPage, source: String, input: String) -> PageResult
}

public enum PageResult: Sendable {
    case document(Document)
    case drop(id: String, url: String?, reason: String, detail: JSONObject, bytes: Int)
}

/// A phase that reads no documents: it works on files earlier phases wrote (dedup's buckets and
/// clusters). Each task writes under `context.stageDirectory` and returns those paths relative to it.
public protocol SideStage: AnyObject {
    func run(_ context: TaskContext, _ earlier: EarlierOutputs) throws -> [String]
    var counters: [String: Int64] { get }
}

extension SideStage {
    public var counters: [String: Int64] { [:] }
}

/// What earlier stages of the same run wrote, found through their completion markers (never by
/// scanning folders).
public struct EarlierOutputs: Sendable {
    let lookup: @Sendable (String) throws -> [String]
    /// Names of the stages before this one, in run order.
    public var stageNames: [String] = []
    /// Absolute paths of every output (sorted) of the completed stage named `stage`.
    public func outputs(of stage: String) throws -> [String] { try lookup(stage) }
}

/// One phase of a multi-phase stage: it becomes a stage of its own in the run (own folder,
/// own task count, own Slurm array), e.g. `dedup` → signatures, buckets, clusters, filter.
public struct PhaseDefinition: Sendable {
    public enum Kind: Sendable {
        /// Reads the documents the multi-phase stage was given; `writesData` says whether the
        /// kept documents flow on (only the last phase's do).
        case documents(writesData: Bool, make: @Sendable (StageSetup) throws -> any DocumentStage)
        case side(make: @Sendable (StageSetup) throws -> any SideStage)
    }
    public var name: String
    public var tasks: Int
    public var kind: Kind

    public init(name: String, tasks: Int, kind: Kind) {
        self.name = name
        self.tasks = tasks
        self.kind = kind
    }
}

/// How a stage is created from its options. `validate` runs when the config is loaded (fail fast,
/// with file and line); `make` runs in each task.
public struct StageDefinition: Sendable {
    /// The name used in pipeline.yaml.
    public var name: String
    /// One line for `sieve stages` and the README.
    public var summary: String
    /// True when kept documents are written per language (`data/deu_Latn/…`).
    public var routesByLanguage: Bool
    /// Reads the options (marking known keys) and builds a stage.
    public var make: @Sendable (Options, StageSetup) throws -> any DocumentStage
    /// Facts to record in run.json (e.g. the robots snapshot's id and date).
    public var runInfo: @Sendable (Options) throws -> JSONObject
    /// For a multi-phase stage: its phases, from its options and the default task count.
    /// When set, `make` is not used.
    public var phases: (@Sendable (Options, StageSetup, Int) throws -> [PhaseDefinition])?

    public init(name: String, summary: String, routesByLanguage: Bool = false,
                make: @escaping @Sendable (Options, StageSetup) throws -> any DocumentStage,
                runInfo: @escaping @Sendable (Options) throws -> JSONObject = { _ in JSONObject() },
                phases: (@Sendable (Options, StageSetup, Int) throws -> [PhaseDefinition])? = nil) {
        self.phases = phases
        self.name = name
        self.summary = summary
        self.routesByLanguage = routesByLanguage
        self.make = make
        self.runInfo = runInfo
    }
}

/// What a stage knows when it is built.
public struct StageSetup: Sendable {
    /// The folder of the config file (relative paths resolve against it).
    public var configDirectory: String
    /// The repository's `Filters/` folder (resources), or the one next to the config.
    public var filtersDirectory: String
    /// False when only validating the config (do not load big models).
    public var forRunning: Bool
}

/// Every stage Sieve knows, by name.
public enum StageRegistry {
    public static let all: [StageDefinition] = [
        ExtractStage.definition,
        URLFilterStage.definition,
        QualityStage.definition,
        PIIStage.definition,
        ToxicityStage.definition,
        DedupStage.definition,
        TokenizeStage.definition,
        RobotsStage.definition,
        LangIDStage.definition,
        ExportStage.definition,
    ]

    public static func definition(named name: String) -> StageDefinition? {
        all.first { $0.name == name }
    }
}
