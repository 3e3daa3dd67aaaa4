// Robots snapshot from a WARC of robots.txt fetches (`.warc`, `.warc.gz`, `.warc.zst`).

import SieveIO

extension RobotsSnapshot {
    /// True when `path` names a WARC file (`.warc`, `.warc.gz`, `.warc.zst`, any case).
    public static func isWARC(path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".warc") || lower.hasSuffix(".warc.gz") || lower.hasSuffix(".warc.zst")
    }

    /// The largest decoded robots.txt body kept from a WARC record.
    static let warcBodyLimit = 16 << 20

    /// Loads every `response` record for `SCHEME://HOST[:PORT]/robots.txt`: the HTTP status, the
    /// body (de-chunked, Content-Encoding decoded), the `Location` of 3xx answers and the WARC-Date
    /// as the fetch date. Entries are keyed by host (`host`, `host:port`; default ports dropped).
    /// Several fetches of one host: the newest WARC-Date wins, on ties the later record.
    mutating func loadWARC(_ path: String) throws {
        let reader: WARCRecordReader
        do {
            reader = try WARCRecordReader(path: path)
        } catch {
            throw RobotsError("cannot open robots WARC \(path): \(error)")
        }
        let decoder = ContentDecoder()
        var newest: [String: [UInt8]] = [:]
        while let item = reader.next() {
            let header: WARCRecordHeader
            switch item {
            case .bad(let skipped):
                problems.append("\(path)@\(skipped.fileOffset): \(skipped.reason)")
                continue
            case .record(let h):
                header = h
            }
            guard header.type == "response", let uri = header.targetURI else { continue }
            let sp = RobotsURL.split(Array(uri.utf8))
            guard sp.bytes[sp.rest].elementsEqual("/robots.txt".utf8), let (scheme, host) = RobotsURL.hostKey(sp) else {
                continue
            }
            let where_ = "\(path)@\(header.fileOffset) \(uri)"
            let parsed: Result<RobotsEntry, RobotsError> = reader.withPayload { block in
                guard let head = HTTPPayload.parseResponseHead(block) else {
                    return .failure(RobotsError("\(where_): no HTTP status line"))
                }
                var location = Self.headerValue(block, upTo: head.bodyOffset, name: "location")
                if let loc = location, loc.hasPrefix("/"), !loc.hasPrefix("//") {
                    location = (scheme.isEmpty ? "http" : scheme) + "://" + host + loc
                }
                var body: [UInt8] = []
                if (200..<300).contains(head.status) {
                    let raw = UnsafeRawBufferPointer(rebasing: block[head.bodyOffset...])
                    do {
                        if head.chunked {
                            let plain = HTTPPayload.dechunk(raw)
                            body = try plain.withUnsafeBytes {
                                try decoder.decode($0, encoding: head.contentEncoding, limit: Self.warcBodyLimit)
                            }
                        } else {
                            body = try decoder.decode(raw, encoding: head.contentEncoding, limit: Self.warcBodyLimit)
                        }
                    } catch {
                        return .failure(RobotsError("\(where_): cannot decode the body (\(error))"))
                    }
                }
                return .success(RobotsEntry(status: head.status, body: body, fetched: header.date, location: location))
            }
            switch parsed {
            case .failure(let e):
                problems.append(e.message)
            case .success(let entry):
                let order = Self.dateOrder(header.date)
                if let seen = newest[host], order.lexicographicallyPrecedes(seen) { continue }
                newest[host] = order
                entries[host] = entry
            }
        }
    }

    /// A byte key that orders ISO 8601 UTC dates (`2025-01-15T00:00:00Z`, with or without a
    /// fraction of a second): the digits of date and time, the fraction padded to 9 digits.
    /// A missing date orders first.
    static func dateOrder(_ date: String?) -> [UInt8] {
        guard let date else { return [] }
        var whole: [UInt8] = []
        var fraction: [UInt8] = []
        var inFraction = false
        for b in date.utf8 {
            if b == 0x2E { inFraction = true; continue }
            guard b >= 0x30 && b <= 0x39 else {
                if inFraction { break }
                continue
            }
            if inFraction { fraction.append(b) } else { whole.append(b) }
        }
        while whole.count < 14 { whole.append(0x30) }
        while fraction.count < 9 { fraction.append(0x30) }
        return Array(whole.prefix(14)) + fraction.prefix(9)
    }

    /// The trimmed value of the first header `name` (lowercase) in the HTTP head `block[0..<end]`.
    static func headerValue(_ block: UnsafeRawBufferPointer, upTo end: Int, name: String) -> String? {
        let want = Array(name.utf8)
        let n = min(end, block.count)
        var line = 0
        // Skip the status line.
        while line < n && block[line] != 0x0A { line += 1 }
        line += 1
        while line < n {
            var e = line
            while e < n && block[e] != 0x0A { e += 1 }
            defer { line = e + 1 }
            var colon = line
            while colon < e && block[colon] != 0x3A { colon += 1 }
            guard colon < e else { continue }
            var nameEnd = colon
            while nameEnd > line && (block[nameEnd - 1] == 0x20 || block[nameEnd - 1] == 0x09) { nameEnd -= 1 }
            guard nameEnd - line == want.count else { continue }
            var same = true
            for k in 0..<want.count where asciiLower(block[line + k]) != want[k] { same = false; break }
            guard same else { continue }
            var s = colon + 1, t = e
            while s < t && (block[s] == 0x20 || block[s] == 0x09) { s += 1 }
            while t > s && (block[t - 1] == 0x20 || block[t - 1] == 0x09 || block[t - 1] == 0x0D) { t -= 1 }
            return String(decoding: UnsafeRawBufferPointer(rebasing: block[s..<t]), as: UTF8.self)
        }
        return nil
    }
}
