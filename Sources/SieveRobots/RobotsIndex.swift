// Compiled robots index: per host, only the rules the configured agents need; memory-mapped.

import Foundation

/// A compiled, memory-mapped robots snapshot (`sieve robots compile`).
///
/// Layout (little-endian): magic `SVROBIX1`; u32 semantics (0 rfc, 1 protego); u32 agent count;
/// u32 host count; snapshot id (64 ASCII hex); u32 length + snapshot date (0 = unknown); agents
/// (u32 length + UTF-8 each); host table of (u64 key offset, u32 key length, u64 record offset)
/// sorted by key bytes; then keys and records. A record is u8 kind (0 rules, 1 fixed verdict),
/// u8 reason code; for kind 0: u32 rule count, rules (u8 allow, u32 line, u32 pattern length,
/// pattern, u32 text length, text), then per agent u32 count (0xFFFFFFFF = no group) + u32 indices.
final class RobotsIndex: @unchecked Sendable {
    static let magic = Array("SVROBIX1".utf8)
    static let reasons = ["", "no_robots", "http_4xx", "unavailable_5xx", "unreachable", "redirect_loop",
                          "redirect_unresolved"]

    let data: Data
    let semantics: RobotsSemantics
    let agents: [String]
    let snapshotID: String
    let snapshotDate: String?
    let hostCount: Int
    let tableOffset: Int

    static func isIndex(path: String) -> Bool {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
              let h = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? h.close() }
        guard let head = try? h.read(upToCount: 8) else { return false }
        return [UInt8](head) == magic
    }

    init(path: String) throws {
        data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        var r = Reader(data: data, pos: 8)
        guard data.count >= 8, [UInt8](data.prefix(8)) == Self.magic else {
            throw RobotsError("\(path) is not a compiled robots index (run `sieve robots compile`)")
        }
        guard let sem = try? r.u32(), let agentCount = try? r.u32(), let hosts = try? r.u32() else {
            throw RobotsError("\(path): truncated robots index header")
        }
        semantics = sem == 1 ? .protego : .rfc
        hostCount = Int(hosts)
        snapshotID = String(decoding: try r.bytes(64), as: UTF8.self)
        let dateLen = Int(try r.u32())
        snapshotDate = dateLen == 0 ? nil : String(decoding: try r.bytes(dateLen), as: UTF8.self)
        var list: [String] = []
        for _ in 0..<agentCount { list.append(String(decoding: try r.bytes(Int(try r.u32())), as: UTF8.self)) }
        agents = list
        tableOffset = r.pos
        guard tableOffset + hostCount * 20 <= data.count else { throw RobotsError("\(path): truncated robots index") }
    }

    struct Reader {
        let data: Data
        var pos: Int
        mutating func u8() throws -> UInt8 {
            guard pos < data.count else { throw RobotsError("truncated robots index") }
            defer { pos += 1 }
            return data[data.startIndex + pos]
        }
        mutating func u32() throws -> UInt32 {
            var v: UInt32 = 0
            for k in 0..<4 { v |= UInt32(try u8()) << (8 * UInt32(k)) }
            return v
        }
        mutating func u64() throws -> UInt64 {
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(try u8()) << (8 * UInt64(k)) }
            return v
        }
        mutating func bytes(_ n: Int) throws -> [UInt8] {
            guard n >= 0, pos + n <= data.count else { throw RobotsError("truncated robots index") }
            defer { pos += n }
            return [UInt8](data[(data.startIndex + pos)..<(data.startIndex + pos + n)])
        }
    }

    /// Record offset of `key`, by binary search over the sorted host table.
    func recordOffset(_ key: String) -> Int? {
        let k = Array(key.utf8)
        var lo = 0, hi = hostCount
        while lo < hi {
            let mid = (lo + hi) / 2
            var r = Reader(data: data, pos: tableOffset + mid * 20)
            guard let ko = try? r.u64(), let kl = try? r.u32(), let ro = try? r.u64() else { return nil }
            var kr = Reader(data: data, pos: Int(ko))
            guard let candidate = try? kr.bytes(Int(kl)) else { return nil }
            if candidate == k { return Int(ro) }
            if candidate.lexicographicallyPrecedes(k) { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// Decodes a host record for the agents at `agentMap` (index into the compiled agent list).
    func hostRules(key: String, offset: Int, agentMap: [Int], unavailable: UnavailablePolicy) -> RobotsPolicy.HostRules? {
        var r = Reader(data: data, pos: offset)
        guard let kind = try? r.u8(), let code = try? r.u8() else { return nil }
        let reason = Int(code) < Self.reasons.count ? Self.reasons[Int(code)] : "unavailable_5xx"
        if kind == 1 {
            let allowed = (reason == "unavailable_5xx" || reason == "unreachable") ? unavailable == .allow : true
            return RobotsPolicy.HostRules(key: key, file: nil, sets: [], fixedAllowed: allowed, reason: reason)
        }
        do {
            let count = Int(try r.u32())
            var rules: [RobotsRule] = []
            rules.reserveCapacity(count)
            for _ in 0..<count {
                let allow = try r.u8() == 1
                let line = Int32(clamping: try r.u32())
                let pattern = try r.bytes(Int(try r.u32()))
                let text = String(decoding: try r.bytes(Int(try r.u32())), as: UTF8.self)
                rules.append(RobotsRule(allow: allow, pattern: RobotsPattern(normalized: pattern), line: line, text: text))
            }
            var compiledSets: [[Int32]?] = []
            for _ in agents {
                let n = try r.u32()
                if n == UInt32.max { compiledSets.append(nil); continue }
                var idx: [Int32] = []
                for _ in 0..<n {
                    let v = Int32(clamping: try r.u32())
                    guard v >= 0 && Int(v) < rules.count else { return nil }
                    idx.append(v)
                }
                compiledSets.append(idx)
            }
            var file = RobotsFile(semantics: semantics, rules: rules)
            var sets: [Int?] = []
            for a in agentMap {
                if let s = compiledSets[a] {
                    file.sets.append(RobotsAgentSet(name: [], rules: s))
                    sets.append(file.sets.count - 1)
                } else {
                    sets.append(nil)
                }
            }
            return RobotsPolicy.HostRules(key: key, file: file, sets: sets, fixedAllowed: true, reason: nil)
        } catch {
            return nil
        }
    }

    /// Writes the index of `policy`'s snapshot for its agents.
    static func write(policy: RobotsPolicy, to path: String) throws {
        let keys = policy.snapshot.entries.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var head: [UInt8] = magic
        func put32(_ v: UInt32, _ out: inout [UInt8]) { for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(k)))) } }
        func put64(_ v: UInt64, _ out: inout [UInt8]) { for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) } }
        put32(policy.semantics == .protego ? 1 : 0, &head)
        put32(UInt32(policy.agents.count), &head)
        put32(UInt32(keys.count), &head)
        head += Array(policy.snapshotID.utf8)
        let date = Array((policy.snapshotDate ?? "").utf8)
        put32(UInt32(date.count), &head)
        head += date
        for a in policy.agents { let b = Array(a.utf8); put32(UInt32(b.count), &head); head += b }
        let tableStart = head.count
        let blobStart = tableStart + keys.count * 20
        var blob: [UInt8] = []
        var table: [UInt8] = []
        for key in keys {
            let kb = Array(key.utf8)
            put64(UInt64(blobStart + blob.count), &table)
            put32(UInt32(kb.count), &table)
            blob += kb
            put64(UInt64(blobStart + blob.count), &table)
            let h = policy.rules(forKey: key)
            guard let file = h.file else {
                blob.append(1)
                blob.append(UInt8(reasons.firstIndex(of: h.reason ?? "") ?? 3))
                continue
            }
            blob.append(0)
            blob.append(0)
            // Only the rules some configured agent uses, renumbered.
            var used: [Int32: UInt32] = [:]
            var order: [Int32] = []
            for s in h.sets.compactMap({ $0 }) {
                for r in file.sets[s].rules where used[r] == nil { used[r] = UInt32(order.count); order.append(r) }
            }
            put32(UInt32(order.count), &blob)
            for r in order {
                let rule = file.rules[Int(r)]
                blob.append(rule.allow ? 1 : 0)
                put32(UInt32(max(0, rule.line)), &blob)
                put32(UInt32(rule.pattern.bytes.count), &blob)
                blob += rule.pattern.bytes
                let t = Array(rule.text.utf8)
                put32(UInt32(t.count), &blob)
                blob += t
            }
            for s in h.sets {
                guard let s else { put32(UInt32.max, &blob); continue }
                put32(UInt32(file.sets[s].rules.count), &blob)
                for r in file.sets[s].rules { put32(used[r] ?? 0, &blob) }
            }
        }
        let all = head + table + blob
        guard FileManager.default.createFile(atPath: path + ".tmp", contents: Data(all)) else {
            throw RobotsError("cannot write \(path).tmp: check the directory exists and is writable")
        }
        _ = try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: path + ".tmp", toPath: path)
    }
}
