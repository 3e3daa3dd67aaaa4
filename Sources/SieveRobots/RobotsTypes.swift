// SieveRobots — public value types shared by the parser, the matcher and the policy.

/// Which robots.txt semantics to apply.
///
/// - `rfc`: RFC 9309 (groups merged per product token, percent-encoding normalised per §2.2.2,
///   parse limit honoured, BOM stripped).
/// - `protego`: reproduces protego 0.7.0 (the parser Apertus used), quirks included: the best
///   substring-matching user-agent name wins, `Allow: …/index.html` also allows `…/`, a `$` inside a
///   pattern adds a literal `%24` rule, escapes other than `%2F`/`%25` are decoded before comparing.
public enum RobotsSemantics: String, Sendable, CaseIterable {
    case rfc, protego
}

/// What to do with a host whose robots.txt answered 5xx or could not be fetched.
/// Apertus treated such hosts as allowed; RFC 9309 §2.3.1.4 says assume complete disallow.
public enum UnavailablePolicy: String, Sendable, CaseIterable {
    case allow, disallow
}

/// The verdict on one URL for the whole configured agent list.
public struct RobotsVerdict: Sendable, Equatable {
    /// False when at least one configured agent may not fetch the URL.
    public var allowed: Bool
    /// The configured agents that may not fetch the URL, in configuration order.
    public var blockedAgents: [String]
    /// The deciding rule of the first blocking agent (`disallow:/path`), nil when none applies.
    public var rule: String?
    /// 1-based line of `rule` in the host's robots.txt.
    public var line: Int?
    /// The normalised host key the URL was checked against (`example.com`, `example.com:8080`).
    public var host: String?
    /// Why no rule decided: `no_robots`, `http_4xx`, `unavailable_5xx`, `redirect_unresolved`,
    /// `redirect_loop`, `bad_url`, `robots_txt`; nil when rules were consulted.
    public var reason: String?

    public init(allowed: Bool, blockedAgents: [String] = [], rule: String? = nil, line: Int? = nil,
                host: String? = nil, reason: String? = nil) {
        self.allowed = allowed
        self.blockedAgents = blockedAgents
        self.rule = rule
        self.line = line
        self.host = host
        self.reason = reason
    }
}

/// The verdict for one agent.
public struct AgentVerdict: Sendable, Equatable {
    /// The agent as configured.
    public var agent: String
    public var allowed: Bool
    /// The deciding rule (`allow:/x` or `disallow:/x`), nil when no rule matched.
    public var rule: String?
    /// 1-based line of `rule`.
    public var line: Int?

    public init(agent: String, allowed: Bool, rule: String? = nil, line: Int? = nil) {
        self.agent = agent
        self.allowed = allowed
        self.rule = rule
        self.line = line
    }
}

/// An error loading a robots snapshot.
public struct RobotsError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The default agent list (Apertus App. A plus FacebookBot from its code).
public let defaultRobotsAgents: [String] = [
    "AI2Bot", "Applebot-Extended", "Bytespider", "CCBot", "CCBot/2.0", "CCBot/1.0", "ClaudeBot",
    "cohere-training-data-crawler", "Diffbot", "FacebookBot", "Meta-ExternalAgent", "Google-Extended",
    "GPTBot", "PanguBot", "*",
]
