// A robots.txt snapshot: host key → fetched robots.txt (status, body, date).

import Foundation
import SieveIO

/// One fetched robots.txt.
public struct RobotsEntry: Sendable {
    /// HTTP status; 0 = unreachable (network error, DNS, timeout).
    public var status: Int
    public var body: [UInt8]
    /// When it was fetched (ISO 8601 as given), if known.
    public var fetched: String?
    /// Redirect target for 3xx answers.
    public var location: String?

    public init(status: Int, body: [UInt8], fetched: String? = nil, location: String? = nil) {
        self.status = status
        self.body = body
        self.fetched = fetched
        self.location = location
    }
}

/// A set of robots.txt files keyed by normalised host (`example.com`, `example.com:8080`, or with
/// a scheme, `https://example.com`, when the source said so).
///
/// Sources: a folder of `HOST.txt` files (also `HOST:PORT.txt`, `HOST_PORT.txt`), JSON Lines
/// (plain, .gz, .zst) with `{"host","status","body","fetched","location"}` rows, or a WARC
/// (`.warc`, `.warc.gz`, `.warc.zst`) of robots.txt fetches (`response` records for
/// `SCHEME://HOST[:PORT]/robots.txt`; the newest fetch of a host wins).
public struct RobotsSnapshot: Sendable {
    public internal(set) var entries: [String: RobotsEntry] = [:]
    /// Lines or files that could not be used, with the reason (for the CLI to report).
    public internal(set) var problems: [String] = []

    public init() {}

    /// Loads a snapshot from a folder, a JSON Lines file or a WARC of robots.txt fetches.
    public init(path: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw RobotsError("robots snapshot \(path) does not exist: give a folder of HOST.txt files, a .jsonl file or a .warc[.gz|.zst] of robots.txt fetches")
        }
        if isDir.boolValue {
            try loadFolder(path)
        } else if Self.isWARC(path: path) {
            try loadWARC(path)
        } else {
            try loadJSONL(path)
        }
    }

    /// Adds or replaces one entry. `host` may be `host`, `host:port`, or `scheme://host[:port]`.
    @discardableResult
    public mutating func add(host: String, entry: RobotsEntry) -> Bool {
        guard let key = Self.entryKey(host) else { return false }
        entries[key] = entry
        return true
    }

    /// The normalised key for a snapshot host field.
    public static func entryKey(_ host: String) -> String? {
        if host.contains("://") {
            guard let (scheme, h) = RobotsURL.hostKey(host) else { return nil }
            return scheme.isEmpty ? h : "\(scheme)://\(h)"
        }
        var bytes = Array(host.utf8)
        // HOST_443 (file-name friendly) → HOST:443
        if let u = bytes.lastIndex(of: 0x5F), u + 1 < bytes.count,
           bytes[(u + 1)...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            bytes[u] = 0x3A
        }
        return RobotsURL.normalizeAuthority(bytes, scheme: "")
    }

    mutating func loadFolder(_ path: String) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        for name in names where !name.hasPrefix(".") {
            let full = (path as NSString).appendingPathComponent(name)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue else { continue }
            let host = name.hasSuffix(".txt") ? String(name.dropLast(4)) : name
            guard let data = FileManager.default.contents(atPath: full) else {
                problems.append("\(full): unreadable")
                continue
            }
            if !add(host: host, entry: RobotsEntry(status: 200, body: [UInt8](data))) {
                problems.append("\(full): file name is not a host")
            }
        }
    }

    mutating func loadJSONL(_ path: String) throws {
        let reader = try ByteReader(path: path)
        var lineNo = 0
        while let line = try reader.readLine() {
            lineNo += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard let value = try? JSONParser.parse(line), let obj = value.objectValue else {
                problems.append("\(path):\(lineNo): not a JSON object")
                continue
            }
            guard let host = obj["host"]?.stringValue else {
                problems.append("\(path):\(lineNo): no \"host\"")
                continue
            }
            let body = obj["body"]?.stringValue.map { Array($0.utf8) } ?? []
            var status = 200
            if let s = obj["status"], s != .null {
                status = Int(s.intValue ?? 0)
            } else if obj["body"]?.stringValue == nil {
                status = 0
            }
            let entry = RobotsEntry(status: status, body: body, fetched: obj["fetched"]?.stringValue,
                                    location: obj["location"]?.stringValue)
            if !add(host: host, entry: entry) { problems.append("\(path):\(lineNo): bad host \(host)") }
        }
    }

    /// SHA-256 over the sorted entries (key, status, location, body): the same content gives the
    /// same id whatever the source format or order.
    public var contentID: String {
        var h = SHA256()
        for key in entries.keys.sorted() {
            guard let e = entries[key] else { continue }
            h.update(Array(key.utf8))
            h.update([0])
            h.update(Array("\(e.status)".utf8))
            h.update([0])
            h.update(Array((e.location ?? "").utf8))
            h.update([0])
            h.update(Array("\(e.body.count)".utf8))
            h.update([0])
            h.update(e.body)
        }
        return h.hexDigest()
    }

    /// The newest `fetched` date, if any entry has one.
    public var newestFetched: String? {
        entries.values.compactMap(\.fetched).max()
    }
}
