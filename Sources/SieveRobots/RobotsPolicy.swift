// The robots.txt policy the pipeline stage calls: snapshot + agents → per-URL verdicts.

import Foundation

/// Retroactive robots.txt compliance against a snapshot, for a fixed list of agents.
///
/// A URL is allowed when every configured agent may fetch it. Hosts are parsed on first use and
/// cached; `check(url:)` is thread-safe.
public final class RobotsPolicy: @unchecked Sendable {
    public let agents: [String]
    public let unavailable: UnavailablePolicy
    public let semantics: RobotsSemantics
    public let maxBytes: Int
    let prepared: [RobotsAgent]
    let snapshot: RobotsSnapshot
    let index: RobotsIndex?
    /// For a compiled index: position of each configured agent in the index's agent list.
    let agentMap: [Int]
    /// Problems met while loading the snapshot (unusable lines or files).
    public var loadProblems: [String] { snapshot.problems }
    /// Number of hosts in the snapshot.
    public var hostCount: Int { index?.hostCount ?? snapshot.entries.count }

    private let lock = NSLock()
    private var cache: [String: HostRules] = [:]
    private var id: String?

    /// Loads a snapshot (folder of HOST.txt, JSON Lines, or an index from `sieve robots compile`)
    /// for `agents`. A compiled index must have been compiled with the same semantics and with every
    /// agent asked for.
    public init(snapshot path: String, agents: [String], unavailable: UnavailablePolicy = .allow,
                semantics: RobotsSemantics = .rfc, maxBytes: Int = 500 * 1024) throws {
        if RobotsIndex.isIndex(path: path) {
            let idx = try RobotsIndex(path: path)
            guard idx.semantics == semantics else {
                throw RobotsError("\(path) was compiled with --semantics \(idx.semantics.rawValue), not \(semantics.rawValue): recompile it")
            }
            var map: [Int] = []
            for a in agents {
                guard let k = idx.agents.firstIndex(of: a) else {
                    throw RobotsError("\(path) was not compiled for agent '\(a)': recompile it with --agent '\(a)'")
                }
                map.append(k)
            }
            index = idx
            agentMap = map
            snapshot = RobotsSnapshot()
            id = idx.snapshotID
        } else {
            snapshot = try RobotsSnapshot(path: path)
            index = nil
            agentMap = []
        }
        self.agents = agents
        self.unavailable = unavailable
        self.semantics = semantics
        self.maxBytes = maxBytes
        prepared = agents.map(RobotsAgent.init)
    }

    /// Builds a policy over an in-memory snapshot.
    public init(snapshot: RobotsSnapshot, agents: [String], unavailable: UnavailablePolicy = .allow,
                semantics: RobotsSemantics = .rfc, maxBytes: Int = 500 * 1024) {
        self.snapshot = snapshot
        index = nil
        agentMap = []
        self.agents = agents
        self.unavailable = unavailable
        self.semantics = semantics
        self.maxBytes = maxBytes
        prepared = agents.map(RobotsAgent.init)
    }

    /// SHA-256 of the snapshot content (deterministic, independent of source format and order).
    /// Computed on first use (hashing a large snapshot takes a moment).
    public var snapshotID: String {
        lock.lock()
        defer { lock.unlock() }
        if let id { return id }
        let computed = snapshot.contentID
        id = computed
        return computed
    }

    /// The newest `fetched` date in the snapshot, if known.
    public var snapshotDate: String? { index.map { $0.snapshotDate } ?? snapshot.newestFetched }

    /// Writes a compiled index of this policy's snapshot for its agents and semantics
    /// (`sieve robots compile`); `RobotsPolicy(snapshot:)` loads it memory-mapped.
    public func compile(to path: String) throws {
        guard index == nil else { throw RobotsError("the snapshot is already a compiled index") }
        try RobotsIndex.write(policy: self, to: path)
    }

    /// What a host resolved to.
    final class HostRules: @unchecked Sendable {
        let key: String
        let file: RobotsFile?
        /// Agent set per configured agent (nil: no group applies).
        let sets: [Int?]
        /// When there are no rules: allowed or not, and why.
        let fixedAllowed: Bool
        let reason: String?
        /// The distinct agent sets, and for each configured agent its position there (-1: none).
        let distinct: [Int]
        let slot: [Int]

        init(key: String, file: RobotsFile?, sets: [Int?], fixedAllowed: Bool, reason: String?) {
            self.key = key
            self.file = file
            self.sets = sets
            self.fixedAllowed = fixedAllowed
            self.reason = reason
            var distinct: [Int] = []
            var slot: [Int] = []
            for s in sets {
                guard let s else { slot.append(-1); continue }
                if let k = distinct.firstIndex(of: s) { slot.append(k) } else { distinct.append(s); slot.append(distinct.count - 1) }
            }
            self.distinct = distinct
            self.slot = slot
        }
    }

    func lookup(scheme: String, host: String) -> (String, RobotsEntry)? {
        if !scheme.isEmpty, let e = snapshot.entries["\(scheme)://\(host)"] { return ("\(scheme)://\(host)", e) }
        if let e = snapshot.entries[host] { return (host, e) }
        return nil
    }

    func resolve(scheme: String, host: String) -> HostRules {
        let cacheKey = scheme + "://" + host
        lock.lock()
        if let h = cache[cacheKey] { lock.unlock(); return h }
        lock.unlock()
        let h = build(scheme: scheme, host: host)
        lock.lock()
        cache[cacheKey] = h
        lock.unlock()
        return h
    }

    func build(scheme: String, host: String) -> HostRules {
        func fixed(_ allowed: Bool, _ reason: String) -> HostRules {
            HostRules(key: host, file: nil, sets: [], fixedAllowed: allowed, reason: reason)
        }
        if let index {
            for key in (scheme.isEmpty ? [host] : ["\(scheme)://\(host)", host]) {
                if let off = index.recordOffset(key),
                   let h = index.hostRules(key: key, offset: off, agentMap: agentMap, unavailable: unavailable) {
                    return h
                }
            }
            return fixed(true, "no_robots")
        }
        guard var (key, entry) = lookup(scheme: scheme, host: host) else { return fixed(true, "no_robots") }
        var hops = 0
        var curScheme = scheme
        while (300..<400).contains(entry.status) {
            hops += 1
            if hops > 5 { return fixed(true, "redirect_loop") }
            guard let loc = entry.location, let (s, h) = RobotsURL.hostKey(loc) else {
                return fixed(true, "redirect_unresolved")
            }
            curScheme = s.isEmpty ? curScheme : s
            guard let next = lookup(scheme: curScheme, host: h) else { return fixed(true, "redirect_unresolved") }
            (key, entry) = next
        }
        switch entry.status {
        case 200..<300:
            let file = RobotsFile(bytes: entry.body, semantics: semantics, maxBytes: maxBytes)
            let sets = prepared.map { file.agentSet(for: $0) }
            return HostRules(key: key, file: file, sets: sets, fixedAllowed: true, reason: nil)
        case 400..<500:
            return fixed(true, "http_4xx")
        case 0:
            return fixed(unavailable == .allow, "unreachable")
        default:
            return fixed(unavailable == .allow, "unavailable_5xx")
        }
    }

    /// A scheme + authority as written in URLs, with what it resolved to (cached, so that a known
    /// host costs no normalisation and no allocation).
    final class RawHost: @unchecked Sendable {
        /// Scheme bytes, `:`, authority bytes, as written.
        let raw: [UInt8]
        /// The normalised host key (`example.com`, `example.com:8080`).
        let host: String
        /// Nil when the authority is not a usable host (`bad_url`).
        let rules: HostRules?

        init(raw: [UInt8], host: String, rules: HostRules?) {
            self.raw = raw
            self.host = host
            self.rules = rules
        }

        @inline(__always)
        func matches(_ b: UnsafeBufferPointer<UInt8>, _ scheme: Range<Int>, _ authority: Range<Int>) -> Bool {
            guard raw.count == scheme.count + 1 + authority.count else { return false }
            return raw.withUnsafeBufferPointer { r in
                var k = 0
                for i in scheme { if r[k] != b[i] { return false }; k += 1 }
                if r[k] != 0x3A { return false }
                k += 1
                for i in authority { if r[k] != b[i] { return false }; k += 1 }
                return true
            }
        }
    }

    private var rawCache: [UInt64: [RawHost]] = [:]
    private var lastRaw: RawHost?

    @inline(__always)
    static func rawHash(_ b: UnsafeBufferPointer<UInt8>, _ scheme: Range<Int>, _ authority: Range<Int>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in scheme { h = (h ^ UInt64(b[i])) &* 0x100_0000_01b3 }
        h = (h ^ 0x3A) &* 0x100_0000_01b3
        for i in authority { h = (h ^ UInt64(b[i])) &* 0x100_0000_01b3 }
        return h
    }

    /// The cached resolution of a URL's scheme + authority; nil when the URL has no authority.
    func rawHost(_ b: UnsafeBufferPointer<UInt8>, _ sp: RobotsURL.RawSplit) -> RawHost? {
        guard let authority = sp.authority else { return nil }
        let scheme = sp.scheme ?? 0..<0
        lock.lock()
        if let last = lastRaw, last.matches(b, scheme, authority) {
            lock.unlock()
            return last
        }
        let h = Self.rawHash(b, scheme, authority)
        if let list = rawCache[h] {
            for e in list where e.matches(b, scheme, authority) {
                lastRaw = e
                lock.unlock()
                return e
            }
        }
        lock.unlock()
        // First time this spelling is met: normalise, resolve, cache.
        let schemeName = String(decoding: b[scheme].map(asciiLower), as: UTF8.self)
        var raw: [UInt8] = Array(b[scheme])
        raw.append(0x3A)
        raw.append(contentsOf: b[authority])
        let entry: RawHost
        if let host = RobotsURL.normalizeAuthority(Array(b[authority]), scheme: schemeName) {
            entry = RawHost(raw: raw, host: host, rules: resolve(scheme: schemeName, host: host))
        } else {
            entry = RawHost(raw: raw, host: "", rules: nil)
        }
        lock.lock()
        rawCache[h, default: []].append(entry)
        lastRaw = entry
        lock.unlock()
        return entry
    }

    /// Calls `body` with the URL's bytes as `split` would clean them (in place when already clean).
    @inline(__always)
    static func withCleanBytes<R>(_ url: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var u = url
        return u.withUTF8 { buf in
            if RobotsURL.needsCleaning(buf) {
                return RobotsURL.split(Array(buf)).bytes.withUnsafeBufferPointer(body)
            }
            return body(buf)
        }
    }

    /// Per-agent verdicts for one URL, in configuration order, plus the host-level verdict.
    public func checkEach(url: String) -> (verdict: RobotsVerdict, agents: [AgentVerdict]) {
        Self.withCleanBytes(url) { buf in
            let sp = RobotsURL.rawSplit(buf)
            guard let raw = rawHost(buf, sp), let rules = raw.rules else {
                return (RobotsVerdict(allowed: true, reason: "bad_url"),
                        agents.map { AgentVerdict(agent: $0, allowed: true) })
            }
            let host = raw.host
            guard let file = rules.file else {
                let per = agents.map { AgentVerdict(agent: $0, allowed: rules.fixedAllowed) }
                return (RobotsVerdict(allowed: rules.fixedAllowed, blockedAgents: rules.fixedAllowed ? [] : agents,
                                      host: host, reason: rules.reason), per)
            }
            let rest = UnsafeBufferPointer(rebasing: buf[sp.rest])
            if RobotsURL.isRobotsTxt(rest) {
                return (RobotsVerdict(allowed: true, host: host, reason: "robots_txt"),
                        agents.map { AgentVerdict(agent: $0, allowed: true) })
            }
            return RobotsURL.withNormalizedPath(rest, semantics: semantics) { path in
                withMatches(file, rules, path) { matches in
                    var per: [AgentVerdict] = []
                    per.reserveCapacity(agents.count)
                    for (k, agent) in agents.enumerated() {
                        let s = rules.slot[k]
                        per.append(s < 0 ? AgentVerdict(agent: agent, allowed: true) : file.verdict(matches[s], agent: agent))
                    }
                    var verdict = RobotsVerdict(allowed: true, host: host)
                    for v in per where !v.allowed {
                        if verdict.allowed {
                            verdict.allowed = false
                            verdict.rule = v.rule
                            verdict.line = v.line
                        }
                        verdict.blockedAgents.append(v.agent)
                    }
                    return (verdict, per)
                }
            }
        }
    }

    /// Matches `path` once per distinct agent set of `rules` (no heap allocation).
    @inline(__always)
    func withMatches<R>(_ file: RobotsFile, _ rules: HostRules, _ path: UnsafeBufferPointer<UInt8>,
                        _ body: (UnsafeMutableBufferPointer<RobotsMatch>) -> R) -> R {
        let n = rules.distinct.count
        return withUnsafeTemporaryAllocation(of: RobotsMatch.self, capacity: max(n, 1)) { m in
            rules.distinct.withUnsafeBufferPointer { d in
                for i in 0..<n { (m.baseAddress! + i).initialize(to: file.match(path: path, set: d[i])) }
            }
            return body(m)
        }
    }

    /// The verdict for one URL over all configured agents. Thread-safe.
    public func check(url: String) -> RobotsVerdict {
        Self.withCleanBytes(url) { buf in
            let sp = RobotsURL.rawSplit(buf)
            guard let raw = rawHost(buf, sp), let rules = raw.rules else {
                return RobotsVerdict(allowed: true, reason: "bad_url")
            }
            guard let file = rules.file else {
                return RobotsVerdict(allowed: rules.fixedAllowed, blockedAgents: rules.fixedAllowed ? [] : agents,
                                     host: raw.host, reason: rules.reason)
            }
            let rest = UnsafeBufferPointer(rebasing: buf[sp.rest])
            if RobotsURL.isRobotsTxt(rest) { return RobotsVerdict(allowed: true, host: raw.host, reason: "robots_txt") }
            return RobotsURL.withNormalizedPath(rest, semantics: semantics) { path in
                withMatches(file, rules, path) { matches in
                    var verdict = RobotsVerdict(allowed: true, host: raw.host)
                    rules.slot.withUnsafeBufferPointer { slot in
                        for k in 0..<slot.count {
                            let s = slot[k]
                            guard s >= 0, !matches[s].allowed else { continue }
                            if verdict.allowed, let r = matches[s].rule {
                                verdict.rule = file.rules[r].text
                                verdict.line = Int(file.rules[r].line)
                            }
                            if verdict.allowed { verdict.blockedAgents.reserveCapacity(slot.count - k) }
                            verdict.allowed = false
                            verdict.blockedAgents.append(agents[k])
                        }
                    }
                    return verdict
                }
            }
        }
    }

    /// Parsed robots.txt for a snapshot key (for statistics), nil when the host has no usable file.
    func rules(forKey key: String) -> HostRules {
        if let r = key.range(of: "://") {
            return resolve(scheme: String(key[..<r.lowerBound]), host: String(key[r.upperBound...]))
        }
        return resolve(scheme: "", host: key)
    }

    /// Per agent: how many hosts block it fully (`/` disallowed) and partly (some rule disallows).
    public func stats() -> [(agent: String, full: Int, partial: Int)] {
        var full = Array(repeating: 0, count: agents.count)
        var partial = Array(repeating: 0, count: agents.count)
        let root: [UInt8] = [0x2F]
        for key in snapshot.entries.keys.sorted() {
            let h = rules(forKey: key)
            guard let file = h.file else {
                if !h.fixedAllowed { for k in agents.indices { full[k] += 1 } }
                continue
            }
            for k in agents.indices {
                guard let set = h.sets[k] else { continue }
                let rootBlocked = root.withUnsafeBufferPointer { !file.match(path: $0, set: set).allowed }
                if rootBlocked {
                    full[k] += 1
                } else if file.sets[set].rules.contains(where: { !file.rules[Int($0)].allow }) {
                    partial[k] += 1
                }
            }
        }
        return agents.indices.map { (agents[$0], full[$0], partial[$0]) }
    }
}
