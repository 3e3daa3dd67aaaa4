// Agent selection and URL matching over a parsed robots.txt.

/// A user agent prepared for matching (lowercased, product token extracted).
public struct RobotsAgent: Sendable, Hashable {
    /// The agent as configured (`CCBot/2.0`).
    public let name: String
    /// Lowercased, trimmed bytes (protego's matching input).
    let lowered: [UInt8]
    /// RFC product token (`ccbot`), or `*`.
    let token: [UInt8]

    public init(_ name: String) {
        self.name = name
        var bytes = Array(name.utf8)
        while let f = bytes.first, f == 0x20 || f == 0x09 { bytes.removeFirst() }
        while let l = bytes.last, l == 0x20 || l == 0x09 { bytes.removeLast() }
        lowered = bytes.map(asciiLower)
        token = Parser.productToken(bytes)
    }
}

/// The result of matching one path.
struct RobotsMatch {
    var allowed: Bool
    /// Index of the deciding rule in `RobotsFile.rules`.
    var rule: Int?
}

extension RobotsFile {
    /// Index of the agent set that applies to `agent`, or nil when no group applies (all allowed).
    func agentSet(for agent: RobotsAgent) -> Int? {
        switch semantics {
        case .rfc:
            var star: Int? = nil
            for (k, s) in sets.enumerated() {
                if s.name == agent.token { return k }
                if s.name == [0x2A] { star = k }
            }
            return star
        case .protego:
            // protego: the rule set with the highest score; `*` scores 1, a name scores its length
            // when it occurs in the agent at a token boundary; first wins on ties.
            var best = 0
            var bestSet: Int? = nil
            for (k, s) in sets.enumerated() {
                let score = s.name == [0x2A] ? 1 : Self.protegoScore(name: s.name, agent: agent.lowered)
                if score > best { best = score; bestSet = k }
            }
            return bestSet
        }
    }

    static func protegoScore(name: [UInt8], agent: [UInt8]) -> Int {
        let m = name.count, n = agent.count
        if m == 0 || m > n { return 0 }
        var i = 0
        while i + m <= n {
            if agent[i] == name[0] && agent[i..<(i + m)].elementsEqual(name) {
                if i == 0 { return m }
                let prev = agent[i - 1]
                let alnum = prev >= 0x80 || (prev >= 0x30 && prev <= 0x39) || (prev >= 0x41 && prev <= 0x5A)
                    || (prev >= 0x61 && prev <= 0x7A)
                if !(alnum || prev == 0x2D || prev == 0x5F) { return m }
            }
            i += 1
        }
        return 0
    }

    /// Matches a normalised path against an agent set's rules.
    func match(path: UnsafeBufferPointer<UInt8>, set: Int) -> RobotsMatch {
        rules.withUnsafeBufferPointer { rp in
            sets[set].rules.withUnsafeBufferPointer { order in
                for r in order where rp[Int(r)].pattern.mayMatch(path) && rp[Int(r)].pattern.matches(path) {
                    return RobotsMatch(allowed: rp[Int(r)].allow, rule: Int(r))
                }
                return RobotsMatch(allowed: true, rule: nil)
            }
        }
    }

    /// Checks one URL (or absolute path) for one agent. Convenience API; `RobotsPolicy` caches more.
    public func check(url: String, agent: String) -> AgentVerdict {
        let a = RobotsAgent(agent)
        guard let target = RobotsURL.pathForMatching(Array(url.utf8), semantics: semantics) else {
            return AgentVerdict(agent: agent, allowed: true)
        }
        if target.isRobotsTxt { return AgentVerdict(agent: agent, allowed: true) }
        guard let set = agentSet(for: a) else { return AgentVerdict(agent: agent, allowed: true) }
        let m = target.path.withUnsafeBufferPointer { match(path: $0, set: set) }
        return verdict(m, agent: agent)
    }

    func verdict(_ m: RobotsMatch, agent: String) -> AgentVerdict {
        guard let r = m.rule else { return AgentVerdict(agent: agent, allowed: m.allowed) }
        return AgentVerdict(agent: agent, allowed: m.allowed, rule: rules[r].text, line: Int(rules[r].line))
    }
}
