import ArgumentParser
import Foundation
import SieveIO
import SieveRobots

/// `sieve robots`: retroactive robots.txt checks against a snapshot.
struct RobotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "robots",
        abstract: "Check URLs against a robots.txt snapshot (RFC 9309 or protego semantics).",
        subcommands: [RobotsCheckCommand.self, RobotsStatsCommand.self, RobotsCompileCommand.self]
    )
}

/// Options shared by the robots subcommands.
struct RobotsOptions: ParsableArguments {
    @Option(name: .customLong("agent"), help: "User agent to check (repeatable). Default: the Apertus list (Filters/robots-agents.txt).")
    var agents: [String] = []

    @Option(name: .customLong("agents-file"), help: "File with one user agent per line (# comments allowed).")
    var agentsFile: String?

    @Option(help: "Semantics: rfc (RFC 9309) or protego (reproduces protego 0.7.0).")
    var semantics: String = "rfc"

    @Option(help: "Verdict for hosts whose robots.txt answered 5xx or was unreachable: allow (Apertus) or disallow (RFC).")
    var unavailable: String = "allow"

    @Option(name: .customLong("max-bytes"), help: "Parse limit per robots.txt in bytes (RFC: at least 500 KiB).")
    var maxBytes: Int = 500 * 1024

    func resolvedAgents() throws -> [String] {
        var list = agents
        if let f = agentsFile {
            guard let data = FileManager.default.contents(atPath: f) else {
                throw ValidationError("cannot read --agents-file \(f)")
            }
            for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
                let t = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                let agent = t.trimmingCharacters(in: .whitespaces)
                if !agent.isEmpty { list.append(agent) }
            }
        }
        return list.isEmpty ? defaultRobotsAgents : list
    }

    func resolvedSemantics() throws -> RobotsSemantics {
        guard let s = RobotsSemantics(rawValue: semantics) else {
            throw ValidationError("--semantics must be rfc or protego, not '\(semantics)'")
        }
        return s
    }

    func resolvedUnavailable() throws -> UnavailablePolicy {
        guard let u = UnavailablePolicy(rawValue: unavailable) else {
            throw ValidationError("--unavailable must be allow or disallow, not '\(unavailable)'")
        }
        return u
    }

    func validateLimit() throws {
        if maxBytes < 500 * 1024 && maxBytes != 0 {
            throw ValidationError("--max-bytes must be at least 512000 (RFC 9309 §2.5), or 0 for no limit")
        }
    }
}


/// `sieve robots check`: URLs on stdin, one JSON object per URL per agent on stdout.
struct RobotsCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check URLs (stdin, one per line) against a robots.txt file or snapshot.",
        discussion: """
        Prints one JSON object per URL per agent: {"url","allowed","agent","rule","line"}.
        --robots is a robots.txt file (every URL is checked against it), a folder of HOST.txt files,
        a JSON Lines snapshot ({"host","status","body","fetched"}), or a WARC of robots.txt fetches
        (.warc, .warc.gz, .warc.zst; the newest fetch per host wins); with a snapshot each URL is
        checked against its own host's file and rows also carry "host" and "reason".
        """
    )

    @Option(help: "robots.txt file, folder of HOST.txt files, JSON Lines snapshot, or WARC of robots.txt fetches.")
    var robots: String

    @OptionGroup var options: RobotsOptions

    @Flag(help: "Print only a summary object (URLs, checks, blocked) instead of one row per check.")
    var summary = false

    @Flag(name: .customLong("only-blocked"), help: "Print only the rows of agents that may not fetch the URL.")
    var onlyBlocked = false

    func run() throws {
        try options.validateLimit()
        let agents = try options.resolvedAgents()
        let semantics = try options.resolvedSemantics()
        let unavailable = try options.resolvedUnavailable()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: robots, isDirectory: &isDir) else {
            throw ValidationError("--robots \(robots) does not exist")
        }
        let isSnapshot = isDir.boolValue || robots.hasSuffix(".jsonl") || robots.hasSuffix(".robotsidx") || robots.hasSuffix(".jsonl.gz")
            || robots.hasSuffix(".jsonl.zst") || robots.hasSuffix(".json") || RobotsSnapshot.isWARC(path: robots)
        let out = Console.JSONLines()
        var urls = 0, checks = 0, blocked = 0
        // Property-wrapper getters are slow in a per-URL loop: read the flags once.
        let summary = self.summary, onlyBlocked = self.onlyBlocked

        func emit(_ url: String, _ v: AgentVerdict, host: String?, reason: String?, snapshot: Bool) {
            checks += 1
            if !v.allowed { blocked += 1 }
            if summary || (onlyBlocked && v.allowed) { return }
            var o = JSONObject()
            o["url"] = .string(url)
            o["allowed"] = .bool(v.allowed)
            o["agent"] = .string(v.agent)
            o["rule"] = v.rule.map { .string($0) } ?? .null
            o["line"] = v.line.map { .int(Int64($0)) } ?? .null
            if snapshot {
                o["host"] = host.map { .string($0) } ?? .null
                o["reason"] = reason.map { .string($0) } ?? .null
            }
            out.write(o)
        }

        if isSnapshot {
            let policy = try RobotsPolicy(snapshot: robots, agents: agents, unavailable: unavailable,
                                          semantics: semantics, maxBytes: options.maxBytes)
            for p in policy.loadProblems.prefix(20) { FileHandle.standardError.write(Data("warning: \(p)\n".utf8)) }
            while let line = readLine(strippingNewline: true) {
                let url = line.hasSuffix("\r") ? String(line.dropLast()) : line
                if url.isEmpty { continue }
                urls += 1
                if summary {
                    // Counts only: the pipeline's path (one verdict per URL, no per-agent rows).
                    let v = policy.check(url: url)
                    checks += agents.count
                    blocked += v.blockedAgents.count
                    continue
                }
                let (verdict, per) = policy.checkEach(url: url)
                for v in per { emit(url, v, host: verdict.host, reason: verdict.reason, snapshot: true) }
            }
        } else {
            guard let data = FileManager.default.contents(atPath: robots) else {
                throw ValidationError("cannot read --robots \(robots)")
            }
            let file = RobotsFile(bytes: [UInt8](data), semantics: semantics, maxBytes: options.maxBytes)
            while let line = readLine(strippingNewline: true) {
                let url = line.hasSuffix("\r") ? String(line.dropLast()) : line
                if url.isEmpty { continue }
                urls += 1
                for agent in agents { emit(url, file.check(url: url, agent: agent), host: nil, reason: nil, snapshot: false) }
            }
        }
        if summary {
            var o = JSONObject()
            o["urls"] = .int(Int64(urls))
            o["checks"] = .int(Int64(checks))
            o["blocked"] = .int(Int64(blocked))
            out.write(o)
        }
        out.flush()
    }
}

/// `sieve robots stats`: per agent, how many hosts block it fully or partly.
struct RobotsStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Per agent: hosts of a snapshot that block it fully (Disallow: / effective) or partly."
    )

    @Argument(help: "Snapshot: folder of HOST.txt files or JSON Lines.")
    var snapshot: String

    @OptionGroup var options: RobotsOptions

    func run() throws {
        try options.validateLimit()
        let policy = try RobotsPolicy(snapshot: snapshot, agents: try options.resolvedAgents(),
                                      unavailable: try options.resolvedUnavailable(),
                                      semantics: try options.resolvedSemantics(), maxBytes: options.maxBytes)
        let out = Console.JSONLines()
        for s in policy.stats() {
            var o = JSONObject()
            o["agent"] = .string(s.agent)
            o["hosts"] = .int(Int64(policy.hostCount))
            o["full"] = .int(Int64(s.full))
            o["partial"] = .int(Int64(s.partial))
            out.write(o)
        }
        var o = JSONObject()
        o["snapshot_id"] = .string(policy.snapshotID)
        o["snapshot_date"] = policy.snapshotDate.map { .string($0) } ?? .null
        out.write(o)
        out.flush()
    }
}

/// `sieve robots compile`: a memory-mappable index of a snapshot for the configured agents.
struct RobotsCompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a snapshot into a compact index (rules of the configured agents only).",
        discussion: "The index (conventionally NAME.robotsidx) is accepted wherever a snapshot is."
    )

    @Argument(help: "Snapshot: folder of HOST.txt files or JSON Lines.")
    var snapshot: String

    @Option(name: .shortAndLong, help: "Output index file.")
    var output: String

    @OptionGroup var options: RobotsOptions

    func run() throws {
        try options.validateLimit()
        let policy = try RobotsPolicy(snapshot: snapshot, agents: try options.resolvedAgents(),
                                      unavailable: try options.resolvedUnavailable(),
                                      semantics: try options.resolvedSemantics(), maxBytes: options.maxBytes)
        try policy.compile(to: output)
        var o = JSONObject()
        o["index"] = .string(output)
        o["hosts"] = .int(Int64(policy.hostCount))
        o["snapshot_id"] = .string(policy.snapshotID)
        let out = Console.JSONLines()
        out.write(o)
        out.flush()
    }
}
