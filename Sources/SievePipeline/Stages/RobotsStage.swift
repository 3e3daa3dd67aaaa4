import SieveIO
import SieveRobots

/// `robots`: retroactive robots.txt compliance. A document is dropped when any configured agent
/// may not fetch its URL according to the snapshot (applied to crawls of any date).
///
/// Options: `snapshot` (a folder of HOST.txt files, a JSON Lines or WARC snapshot, or a compiled
/// index), `agents` (default: Filters/robots-agents.txt, Apertus' list), `unavailable`
/// (`allow`, as Apertus, or `disallow`, as RFC 9309 says for 5xx), `semantics` (`rfc` or
/// `protego`, to reproduce Apertus exactly), `max_bytes` (parse limit, default 500KiB).
final class RobotsStage: DocumentStage {
    static let definition = StageDefinition(
        name: "robots",
        summary: "drop documents whose site opts out of AI crawling in its robots.txt (any listed agent disallowed)",
        make: { opts, setup in
            let policy = try makePolicy(opts, setup)
            return RobotsStage(policy: policy)
        },
        runInfo: { opts in
            // run.json records which snapshot was applied: its id (sha256) and date.
            let policy = try makePolicy(opts, StageSetup(configDirectory: opts.baseDirectory, filtersDirectory: "", forRunning: true))
            var o = JSONObject()
            o["snapshot_id"] = .string(policy.snapshotID)
            o["snapshot_date"] = policy.snapshotDate.map(JSONValue.string) ?? .null
            o["hosts"] = .int(Int64(policy.hostCount))
            o["agents"] = .array(policy.agents.map(JSONValue.string))
            return o
        })

    static func makePolicy(_ opts: Options, _ setup: StageSetup) throws -> RobotsPolicy {
        guard let snapshot = try opts.path("snapshot") else {
            throw opts.error("snapshot", "stage 'robots' needs `snapshot:` (a folder of HOST.txt files, a .jsonl or a .warc.gz of robots.txt fetches)")
        }
        var agents = try opts.strings("agents") ?? []
        if agents.isEmpty {
            let file = FileSystem.join(setup.filtersDirectory, "robots-agents.txt")
            if let text = try? FileSystem.readText(file) {
                agents = text.split(separator: "\n").map { $0.trimmingCharacters(in: " \t\r") }
                    .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            }
            if agents.isEmpty { agents = defaultAgents }
        }
        let unavailable = try opts.choice("unavailable", default: UnavailablePolicy.allow)
        let semantics = try opts.choice("semantics", default: RobotsSemantics.rfc)
        let maxBytes = Int(try opts.size("max_bytes", default: 500 * 1024))
        if maxBytes < 500 * 1024 {
            throw opts.error("max_bytes", "'max_bytes' must be at least 500KiB (RFC 9309 §2.5)")
        }
        do {
            return try RobotsPolicy(snapshot: snapshot, agents: agents, unavailable: unavailable,
                                    semantics: semantics, maxBytes: maxBytes)
        } catch {
            throw opts.error("snapshot", "cannot read the robots snapshot: \(error)")
        }
    }

    static let defaultAgents = [
        "AI2Bot", "Applebot-Extended", "Bytespider", "CCBot", "CCBot/2.0", "CCBot/1.0", "ClaudeBot",
        "cohere-training-data-crawler", "Diffbot", "FacebookBot", "Meta-ExternalAgent", "Google-Extended",
        "GPTBot", "PanguBot", "*",
    ]

    let policy: RobotsPolicy
    init(policy: RobotsPolicy) { self.policy = policy }

    /// Decides on the URL alone: rows pass through with their text undecoded.
    var readsText: Bool { false }

    func process(_ doc: inout Document) throws -> Verdict {
        guard let url = doc.url else { return .keep }
        let v = policy.check(url: url)
        if v.allowed { return .keep }
        var detail = JSONObject()
        detail["agents"] = .array(v.blockedAgents.map(JSONValue.string))
        detail["rule"] = v.rule.map(JSONValue.string) ?? .null
        detail["line"] = v.line.map { .int(Int64($0)) } ?? .null
        detail["robots"] = v.host.map { .string("\($0)/robots.txt") } ?? .null
        if let r = v.reason { detail["cause"] = .string(r) }
        detail["snapshot"] = .string(policy.snapshotID)
        doc.setMetadataValue(detail["agents"], forKey: "disallowed_user_agents")
        return .drop(reason: v.reason == "unavailable_5xx" ? "robots_unavailable" : "robots_disallowed", detail: detail)
    }
}
