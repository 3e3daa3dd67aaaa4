import SieveIO
import Yams

/// A configuration mistake, located in its file: `pipeline.yaml:12: unknown key 'treshold' in stage
/// 'langid' (did you mean 'threshold'?)`. The CLI exits with code 2 on it.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// The options of one pipeline section (a stage, or a nested map), read with their source lines.
///
/// Each accessor marks its key as known; `finish()` then rejects every key nobody asked for,
/// suggesting the closest known one. Relative paths resolve against the config file's folder.
public final class Options {
    public let file: String
    /// What the options belong to, for messages: `stage 'langid'`.
    public let context: String
    public let baseDirectory: String
    private let entries: [(key: String, node: Node)]
    private let line: Int?
    private var known: [String] = []

    public init(file: String, context: String, baseDirectory: String, node: Node?) throws {
        self.file = file
        self.context = context
        self.baseDirectory = baseDirectory
        line = node?.mark?.line
        switch node {
        case nil: entries = []
        case .scalar(let s)? where s.string.isEmpty || s.string == "null" || s.string == "~": entries = []
        case .mapping(let m)?:
            var out: [(String, Node)] = []
            for (k, v) in m {
                guard let key = k.string else {
                    throw ConfigError(file: file, line: k.mark?.line, "\(context): keys must be plain names")
                }
                out.append((key, v))
            }
            entries = out
        case let other?:
            throw ConfigError(file: file, line: other.mark?.line, "\(context): expected a map of options like `{key: value}`")
        }
    }

    /// An empty option set (a stage written without options).
    public init(file: String, context: String, baseDirectory: String) {
        self.file = file
        self.context = context
        self.baseDirectory = baseDirectory
        entries = []
        line = nil
    }

    public func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    public func node(_ key: String) -> Node? {
        if !known.contains(key) { known.append(key) }
        return entries.first { $0.key == key }?.node
    }

    public func lineOf(_ key: String) -> Int? { entries.first { $0.key == key }?.node.mark?.line ?? line }

    public func error(_ key: String, _ message: String) -> ConfigError {
        ConfigError(file: file, line: lineOf(key), "\(context): \(message)")
    }

    private func typeError(_ key: String, _ expected: String) -> ConfigError {
        let got = node(key).map(describe) ?? "nothing"
        return error(key, "'\(key)' must be \(expected), not \(got)")
    }

    private func describe(_ n: Node) -> String {
        switch n {
        case .scalar(let s): return "'\(s.string)'"
        case .mapping: return "a map"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    public func string(_ key: String) throws -> String? {
        guard let n = node(key) else { return nil }
        guard case .scalar(let s) = n else { throw typeError(key, "a text value") }
        return s.string
    }

    public func string(_ key: String, default d: String) throws -> String { try string(key) ?? d }

    /// A value from a fixed set, e.g. `unavailable: allow|disallow`.
    public func choice<T: RawRepresentable & CaseIterable>(_ key: String, default d: T) throws -> T where T.RawValue == String {
        guard let s = try string(key) else { return d }
        guard let v = T(rawValue: s) else {
            let all = T.allCases.map(\.rawValue)
            let hint = closest(to: s, in: all).map { " (did you mean '\($0)'?)" } ?? ""
            throw error(key, "'\(key)' must be one of \(all.joined(separator: ", ")), not '\(s)'\(hint)")
        }
        return v
    }

    public func int(_ key: String) throws -> Int? {
        guard let n = node(key) else { return nil }
        guard case .scalar(let s) = n, let v = Int(s.string.replacingUnderscores) else { throw typeError(key, "a whole number") }
        return v
    }

    public func int(_ key: String, default d: Int, min: Int? = nil, max: Int? = nil) throws -> Int {
        let v = try int(key) ?? d
        if let min, v < min { throw error(key, "'\(key)' must be at least \(min), not \(v)") }
        if let max, v > max { throw error(key, "'\(key)' must be at most \(max), not \(v)") }
        return v
    }

    public func double(_ key: String) throws -> Double? {
        guard let n = node(key) else { return nil }
        guard case .scalar(let s) = n, let v = Double(s.string.replacingUnderscores) else { throw typeError(key, "a number") }
        return v
    }

    public func double(_ key: String, default d: Double, range: ClosedRange<Double>? = nil) throws -> Double {
        let v = try double(key) ?? d
        if let range, !range.contains(v) {
            throw error(key, "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), not \(v)")
        }
        return v
    }

    public func bool(_ key: String) throws -> Bool? {
        guard let n = node(key) else { return nil }
        guard case .scalar(let s) = n else { throw typeError(key, "true or false") }
        switch s.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw typeError(key, "true or false")
        }
    }

    public func bool(_ key: String, default d: Bool) throws -> Bool { try bool(key) ?? d }

    /// A byte size: a number, or a number with a unit (`10MiB`, `500KiB`, `2GB`).
    public func size(_ key: String) throws -> Int64? {
        guard let s = try string(key) else { return nil }
        guard let v = parseSize(s) else {
            throw error(key, "'\(key)' must be a size such as 500KiB, 10MiB or 1GB, not '\(s)'")
        }
        return v
    }

    public func size(_ key: String, default d: Int64) throws -> Int64 { try size(key) ?? d }

    /// A list of texts; a single text counts as a one-element list.
    public func strings(_ key: String) throws -> [String]? {
        guard let n = node(key) else { return nil }
        switch n {
        case .scalar(let s): return [s.string]
        case .sequence(let seq):
            return try seq.map { item in
                guard case .scalar(let s) = item else { throw typeError(key, "a list of texts") }
                return s.string
            }
        default: throw typeError(key, "a list of texts")
        }
    }

    /// A path, resolved against the config file's folder; it must exist unless `mustExist` is false.
    public func path(_ key: String, mustExist: Bool = true) throws -> String? {
        guard let raw = try string(key) else { return nil }
        let p = resolve(raw)
        if mustExist && !FileSystem.exists(p) {
            throw error(key, "'\(key)': no such file or folder '\(raw)' (relative paths start at \(baseDirectory))")
        }
        return p
    }

    public func resolve(_ raw: String) -> String {
        raw.hasPrefix("/") ? raw : FileSystem.join(baseDirectory, raw)
    }

    /// Nested options (`minhash: {ngrams: 5}`); nil when absent. `true` counts as an empty map.
    public func nested(_ key: String) throws -> Options? {
        guard let n = node(key) else { return nil }
        if case .scalar(let s) = n, ["true", "yes", "on"].contains(s.string.lowercased()) {
            return Options(file: file, context: "\(context) '\(key)'", baseDirectory: baseDirectory)
        }
        return try Options(file: file, context: "\(context) '\(key)'", baseDirectory: baseDirectory, node: n)
    }

    /// Rejects keys that no accessor asked for.
    public func finish() throws {
        for (key, n) in entries where !known.contains(key) {
            let hint = closest(to: key, in: known).map { " (did you mean '\($0)'?)" } ?? ""
            let options = known.isEmpty ? " (it takes no options)" : hint.isEmpty ? " (known: \(known.joined(separator: ", ")))" : hint
            throw ConfigError(file: file, line: n.mark?.line ?? line, "unknown key '\(key)' in \(context)\(options)")
        }
    }

    /// All options as JSON (for run.json), in file order.
    public var json: JSONValue { .object(JSONObject(entries.map { ($0.key, Options.json($0.node)) })) }

    static func json(_ n: Node) -> JSONValue {
        switch n {
        case .scalar(let s):
            if let i = Int64(s.string) { return .int(i) }
            if let d = Double(s.string), s.string.contains(".") { return .double(d) }
            if s.string == "true" { return .bool(true) }
            if s.string == "false" { return .bool(false) }
            if s.string == "null" || s.string == "~" { return .null }
            return .string(s.string)
        case .sequence(let seq): return .array(seq.map(json))
        case .mapping(let m): return .object(JSONObject(m.map { ($0.key.string ?? "", json($0.value)) }))
        case .alias: return .null
        }
    }
}

/// Parses `10MiB`, `500 KiB`, `2GB`, `1000000`.
public func parseSize(_ text: String) -> Int64? {
    let t = text.replacingUnderscores.trimmingSpaces
    var digits = ""
    var unit = ""
    for c in t {
        if unit.isEmpty && (c.isNumber || c == ".") { digits.append(c) } else if c != " " { unit.append(c) }
    }
    guard let v = Double(digits) else { return nil }
    let mult: Double
    switch unit.lowercased() {
    case "", "b": mult = 1
    case "k", "kb": mult = 1e3
    case "kib": mult = 1024
    case "m", "mb": mult = 1e6
    case "mib": mult = 1_048_576
    case "g", "gb": mult = 1e9
    case "gib": mult = Double(1 << 30)
    case "t", "tb": mult = 1e12
    case "tib": mult = Double(1 << 40)
    default: return nil
    }
    return Int64(v * mult)
}

/// The known name nearest to `word` by edit distance, if it is close enough to be a typo.
public func closest(to word: String, in candidates: [String]) -> String? {
    let w = Array(word.lowercased().utf8)
    var best: (String, Int)?
    for c in candidates {
        let d = editDistance(w, Array(c.lowercased().utf8))
        if d <= max(2, w.count / 3), best == nil || d < best!.1 { best = (c, d) }
    }
    return best?.0
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent
/// transpositions ("domian" → "domain") each cost 1.
func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
            }
        }
    }
    return d[a.count][b.count]
}

extension String {
    var replacingUnderscores: String { String(self.filter { $0 != "_" }) }
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
