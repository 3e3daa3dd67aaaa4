// JSON values with ordered objects, a byte-level writer and a byte-level parser.
//
// Output must be deterministic (DESIGN.md, principle 2), so objects keep their keys in
// insertion order and numbers are printed in Swift's shortest round-trip form.

/// A JSON value. Objects keep their key order.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var objectValue: JSONObject? { if case .object(let o) = self { return o } else { return nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9e18: return Int64(d)
        default: return nil
        }
    }
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
    public init(nilLiteral: ()) { self = .null }
}

/// A JSON object that keeps its keys in insertion order.
public struct JSONObject: Sendable, Equatable, Sequence {
    public private(set) var entries: [(key: String, value: JSONValue)]

    public init() { entries = [] }
    public init(_ pairs: [(String, JSONValue)]) {
        entries = []
        entries.reserveCapacity(pairs.count)
        if pairs.count <= 16 {
            for (k, v) in pairs { self[k] = v }
            return
        }
        // Large objects (e.g. a tokenizer vocab): index the keys so duplicates stay linear-time.
        var index: [String: Int] = [:]
        index.reserveCapacity(pairs.count)
        for (k, v) in pairs {
            if let i = index[k] { entries[i].value = v } else {
                index[k] = entries.count
                entries.append((k, v))
            }
        }
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }
    public var keys: [String] { entries.map(\.key) }

    /// Reading returns nil for a missing key; assigning nil removes the key; assigning to an
    /// existing key replaces its value in place (order kept).
    public subscript(key: String) -> JSONValue? {
        get {
            for e in entries where e.key == key { return e.value }
            return nil
        }
        set {
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> { entries.makeIterator() }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.entries.count == b.entries.count
            && zip(a.entries, b.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

// MARK: - Writing

/// Appends compact JSON to a byte buffer.
public enum JSONWriter {
    public static func append(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): appendDouble(d, to: &out)
        case .string(let s): appendString(s, to: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                append(v, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o): appendObject(o, to: &out)
        }
    }

    public static func appendObject(_ o: JSONObject, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for (k, v) in o {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            appendString(k, to: &out)
            out.append(UInt8(ascii: ":"))
            append(v, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    public static func appendDouble(_ d: Double, to out: inout [UInt8]) {
        guard d.isFinite else { out.append(contentsOf: "null".utf8); return }
        if d == d.rounded(), abs(d) < 1e15 {
            // Integral doubles print as "3.0" in Swift; keep them JSON-numeric and short.
            out.append(contentsOf: String(Int64(d)).utf8)
            out.append(contentsOf: ".0".utf8)
        } else {
            out.append(contentsOf: d.description.utf8)
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes a JSON string literal. Works on UTF-8 bytes; only `"`, `\` and control
    /// characters are escaped (non-ASCII stays as UTF-8, like Python's `ensure_ascii=False`).
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { appendString(bytes: $0, to: &out) }
    }

    public static func appendString(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        guard let base = bytes.baseAddress else {
            out.append(UInt8(ascii: "\""))
            return
        }
        let raw = UnsafeRawPointer(base)
        var runStart = 0
        let n = bytes.count
        var i = JSONBytes.firstSpecial(raw, from: 0, count: n)
        while i < n {
            if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
            let b = bytes[i]
            out.append(0x5C)
            switch b {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            default:
                out.append(UInt8(ascii: "u"))
                out.append(0x30)
                out.append(0x30)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            }
            runStart = i + 1
            i = JSONBytes.firstSpecial(raw, from: runStart, count: n)
        }
        if runStart < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<n])) }
        out.append(UInt8(ascii: "\""))
    }

    /// Compact JSON text of a value.
    public static func string(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Indented JSON (2 spaces), for files people read (run.json, manifest.json).
    public static func pretty(_ value: JSONValue, indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1)
        let close = String(repeating: "  ", count: indent)
        switch value {
        case .array(let a) where !a.isEmpty:
            if a.allSatisfy({ if case .object = $0 { return false }; if case .array = $0 { return false }; return true }) {
                return string(value)
            }
            return "[\n" + a.map { pad + pretty($0, indent: indent + 1) }.joined(separator: ",\n") + "\n" + close + "]"
        case .object(let o) where !o.isEmpty:
            return "{\n" + o.map { pad + string(.string($0.key)) + ": " + pretty($0.value, indent: indent + 1) }
                .joined(separator: ",\n") + "\n" + close + "}"
        default:
            return string(value)
        }
    }
}

// MARK: - Parsing

/// A JSON syntax error with the byte offset where it was found.
public struct JSONParseError: Error, CustomStringConvertible, Sendable {
    public var offset: Int
    public var message: String
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

/// A strict JSON parser over UTF-8 bytes. Invalid UTF-8 inside strings is repaired with
/// U+FFFD rather than rejected (web text is messy; the document is kept).
public struct JSONParser {
    private let p: UnsafeRawBufferPointer
    private var i = 0
    private var depth = 0
    /// Set for bytes known to be valid UTF-8 (rows Sieve wrote itself): strings are then built
    /// without validating their bytes again. Invalid UTF-8 would make invalid Strings, so it is
    /// never set for input files.
    private var trustedUTF8 = false
    public static let maxDepth = 512

    private init(_ p: UnsafeRawBufferPointer) { self.p = p }

    public static func parse(_ bytes: UnsafeRawBufferPointer) throws -> JSONValue {
        try parse(bytes, trustedUTF8: false)
    }

    /// Parses as `parse` does, for bytes that are valid UTF-8 — a row Sieve wrote itself and read
    /// back: strings are not validated again (the caller vouches for the bytes; JSON escapes
    /// are still decoded, lone surrogates still become U+FFFD).
    public static func parseTrusted(_ bytes: UnsafeRawBufferPointer) throws -> JSONValue {
        try parse(bytes, trustedUTF8: true)
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer, trustedUTF8: Bool) throws -> JSONValue {
        var parser = JSONParser(bytes)
        parser.trustedUTF8 = trustedUTF8
        parser.skipWS()
        let v = try parser.value()
        parser.skipWS()
        if parser.i != bytes.count { throw parser.error("unexpected data after the value") }
        return v
    }

    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try bytes.withUnsafeBytes { try parse($0) }
    }

    public static func parse(_ text: String) throws -> JSONValue {
        var t = text
        return try t.withUTF8 { try parse(UnsafeRawBufferPointer($0)) }
    }

    private func error(_ m: String) -> JSONParseError { JSONParseError(offset: i, message: m) }

    /// A row of JSON Lines read without building its two large parts: the byte ranges of the
    /// `text` string literal and of the `metadata` object literal, and the other fields parsed.
    public struct RowFields {
        /// The top-level fields other than a string `text` and an object `metadata`.
        public var object: JSONObject
        /// The `text` literal (quotes included) and its decoded UTF-8 size, if `text` is a string.
        public var text: (range: Range<Int>, decodedCount: Int)?
        /// The `metadata` literal (braces included), if `metadata` is an object.
        public var metadata: Range<Int>?
    }

    /// Parses a top-level object as `parse` would (same errors), leaving a string `text` and an
    /// object `metadata` unparsed but checked (see `RowFields`).
    public static func parseRow(_ bytes: UnsafeRawBufferPointer) throws -> RowFields {
        var parser = JSONParser(bytes)
        parser.skipWS()
        guard parser.i < bytes.count, bytes[parser.i] == UInt8(ascii: "{") else {
            _ = try parse(bytes)  // a syntax error, else valid JSON that is not an object
            throw DocumentRowError.notAnObject
        }
        var fields: RowFields? = RowFields(object: JSONObject(), text: nil, metadata: nil)
        let object = try parser.object(row: &fields)
        parser.skipWS()
        if parser.i != bytes.count { throw parser.error("unexpected data after the value") }
        var row = fields ?? RowFields(object: object, text: nil, metadata: nil)
        row.object = object
        return row
    }

    /// The value of `key` in the object literal `bytes` (valid JSON, as `parseRow` checked it),
    /// parsing no other value; the last of duplicate keys wins, as in `JSONObject`. Nil if the
    /// key is absent or the bytes are not an object.
    public static func value(forKey key: String, inObject bytes: UnsafeRawBufferPointer) -> JSONValue? {
        var key = key
        return key.withUTF8 { k -> JSONValue? in
            var parser = JSONParser(bytes)
            parser.skipWS()
            guard parser.i < bytes.count, bytes[parser.i] == UInt8(ascii: "{") else { return nil }
            parser.i += 1
            parser.skipWS()
            var found: JSONValue?
            while parser.i < bytes.count, bytes[parser.i] == UInt8(ascii: "\"") {
                let start = parser.i
                guard let (r, decoded) = try? parser.rawString() else { return nil }
                var matches: Bool
                if decoded == r.count - 2 {
                    // No escapes: the bytes between the quotes are the key.
                    matches = decoded == k.count
                        && UnsafeRawBufferPointer(rebasing: bytes[(r.lowerBound + 1)..<(r.upperBound - 1)]).elementsEqual(k)
                } else {
                    parser.i = start
                    guard let name = try? parser.string() else { return nil }
                    matches = name.utf8.elementsEqual(k)
                }
                parser.skipWS()
                guard parser.i < bytes.count, bytes[parser.i] == UInt8(ascii: ":") else { return nil }
                parser.i += 1
                parser.skipWS()
                if matches {
                    guard let v = try? parser.value() else { return nil }
                    found = v
                } else {
                    guard (try? parser.skipValue()) != nil else { return nil }
                }
                parser.skipWS()
                guard parser.i < bytes.count, bytes[parser.i] == UInt8(ascii: ",") else { break }
                parser.i += 1
                parser.skipWS()
            }
            return found
        }
    }

    /// Checks the string literal at `i` without decoding it; returns its range (quotes
    /// included) and decoded UTF-8 size (as `string()` would decode it).
    private mutating func rawString() throws -> (range: Range<Int>, decodedCount: Int) {
        let open = i
        guard let base = p.baseAddress else { throw error("unterminated string") }
        var pos = i + 1
        var decoded = 0
        while true {
            let next = JSONBytes.firstSpecial(base, from: pos, count: p.count)
            guard next < p.count else { i = next; throw error("unterminated string") }
            decoded += next - pos
            let c = p[next]
            if c == UInt8(ascii: "\"") {
                i = next + 1
                return (open..<i, decoded)
            }
            if c < 0x20 { i = next; throw error("control character in string") }
            guard next + 1 < p.count else { i = next; throw error("unterminated string") }
            switch p[next + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                 UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                decoded += 1
                pos = next + 2
            case UInt8(ascii: "u"):
                guard var cp = Self.hex4(p, at: next + 2, end: p.count) else {
                    i = next + 2
                    throw error("invalid \\u escape")
                }
                pos = next + 6
                if (0xD800..<0xDC00).contains(cp), pos + 6 <= p.count, p[pos] == UInt8(ascii: "\\"),
                   p[pos + 1] == UInt8(ascii: "u"), let lo = Self.hex4(p, at: pos + 2, end: p.count),
                   (0xDC00..<0xE000).contains(lo)
                {
                    cp = 0x10000
                    pos += 6
                }
                if (0xD800..<0xE000).contains(cp) { cp = 0xFFFD }
                decoded += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
            default:
                i = next + 1
                throw error("invalid escape")
            }
        }
    }

    /// Checks the value at `i` as `value()` would (same errors) without building it.
    private mutating func skipValue() throws {
        guard i < p.count else { throw error("unexpected end of input") }
        switch p[i] {
        case UInt8(ascii: "{"):
            depth += 1
            defer { depth -= 1 }
            if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth)") }
            i += 1
            skipWS()
            if i < p.count, p[i] == UInt8(ascii: "}") { i += 1; return }
            while true {
                skipWS()
                guard i < p.count, p[i] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                _ = try rawString()
                skipWS()
                guard i < p.count, p[i] == UInt8(ascii: ":") else { throw error("expected ':'") }
                i += 1
                skipWS()
                try skipValue()
                skipWS()
                guard i < p.count else { throw error("unexpected end of input in object") }
                if p[i] == UInt8(ascii: ",") { i += 1; continue }
                if p[i] == UInt8(ascii: "}") { i += 1; break }
                throw error("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            depth += 1
            defer { depth -= 1 }
            if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth)") }
            i += 1
            skipWS()
            if i < p.count, p[i] == UInt8(ascii: "]") { i += 1; return }
            while true {
                skipWS()
                try skipValue()
                skipWS()
                guard i < p.count else { throw error("unexpected end of input in array") }
                if p[i] == UInt8(ascii: ",") { i += 1; continue }
                if p[i] == UInt8(ascii: "]") { i += 1; break }
                throw error("expected ',' or ']'")
            }
        case UInt8(ascii: "\""): _ = try rawString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try number()
        }
    }

    private mutating func skipWS() {
        while i < p.count {
            let c = p[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
        }
    }

    private mutating func value() throws -> JSONValue {
        guard i < p.count else { throw error("unexpected end of input") }
        switch p[i] {
        case UInt8(ascii: "{"): return .object(try object())
        case UInt8(ascii: "["): return .array(try array())
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try number()
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard i + n <= p.count else { throw error("unexpected end of input") }
        for k in 0..<n where p[i + k] != word.utf8Start[k] { throw error("invalid literal") }
        i += n
    }

    private mutating func object() throws -> JSONObject {
        var none: RowFields?
        return try object(row: &none)
    }

    /// Parses an object; with `row`, leaves a string `text` and an object `metadata` unparsed
    /// (checked) and records their ranges in `row` (the last duplicate key wins, as in JSONObject).
    private mutating func object(row: inout RowFields?) throws -> JSONObject {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth)") }
        i += 1
        var entries: [(String, JSONValue)] = []
        skipWS()
        if i < p.count, p[i] == UInt8(ascii: "}") { i += 1; return JSONObject() }
        while true {
            skipWS()
            guard i < p.count, p[i] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let k = try string()
            skipWS()
            guard i < p.count, p[i] == UInt8(ascii: ":") else { throw error("expected ':'") }
            i += 1
            skipWS()
            var taken = false
            if row != nil, i < p.count {
                if k == "text" {
                    if p[i] == UInt8(ascii: "\"") {
                        row?.text = try rawString()
                        taken = true
                    } else { row?.text = nil }
                } else if k == "metadata" {
                    if p[i] == UInt8(ascii: "{") {
                        let start = i
                        try skipValue()
                        row?.metadata = start..<i
                        taken = true
                    } else { row?.metadata = nil }
                }
            }
            if taken {
                entries.removeAll { $0.0 == k }
            } else {
                entries.append((k, try value()))
            }
            skipWS()
            guard i < p.count else { throw error("unexpected end of input in object") }
            if p[i] == UInt8(ascii: ",") { i += 1; continue }
            if p[i] == UInt8(ascii: "}") { i += 1; break }
            throw error("expected ',' or '}'")
        }
        return JSONObject(entries)
    }

    private mutating func array() throws -> [JSONValue] {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth)") }
        i += 1
        var out: [JSONValue] = []
        skipWS()
        if i < p.count, p[i] == UInt8(ascii: "]") { i += 1; return out }
        while true {
            skipWS()
            out.append(try value())
            skipWS()
            guard i < p.count else { throw error("unexpected end of input in array") }
            if p[i] == UInt8(ascii: ",") { i += 1; continue }
            if p[i] == UInt8(ascii: "]") { i += 1; break }
            throw error("expected ',' or ']'")
        }
        return out
    }

    private mutating func string() throws -> String {
        i += 1
        let start = i
        guard let base = p.baseAddress else { throw error("unterminated string") }
        // Fast path: no escapes — one scan (eight bytes at a time) and one copy.
        let first = JSONBytes.firstSpecial(base, from: i, count: p.count)
        guard first < p.count else { i = first; throw error("unterminated string") }
        if p[first] == UInt8(ascii: "\"") {
            i = first + 1
            let raw = UnsafeRawBufferPointer(rebasing: p[start..<first])
            return trustedUTF8 ? String(knownValidUTF8: raw.assumingMemoryBound(to: UInt8.self))
                : String(decoding: raw, as: UTF8.self)
        }
        if p[first] < 0x20 { i = first; throw error("control character in string") }
        // Escapes: find the closing quote first, so the string is decoded straight into its own
        // storage (decoded text is never longer than the escaped text).
        var end = first
        while true {
            end = JSONBytes.firstSpecial(base, from: end, count: p.count)
            guard end < p.count else { i = end; throw error("unterminated string") }
            let c = p[end]
            if c == UInt8(ascii: "\"") { break }
            if c < 0x20 { i = end; throw error("control character in string") }
            end += 2  // a backslash and the byte it escapes
        }
        var failure: JSONParseError?
        let s: String
        if trustedUTF8 {
            // Valid UTF-8 with escapes decoded is valid UTF-8: no validation, one more copy.
            let bytes = [UInt8](unsafeUninitializedCapacity: max(1, end - start)) {
                $1 = Self.decodeEscapes(p, base, from: start, to: end, into: $0, failure: &failure)
            }
            s = bytes.withUnsafeBufferPointer { String(knownValidUTF8: $0) }
        } else {
            s = String(unsafeUninitializedCapacity: max(1, end - start)) {
                Self.decodeEscapes(p, base, from: start, to: end, into: $0, failure: &failure)
            }
        }
        if let failure { i = failure.offset; throw failure }
        i = end + 1
        return s
    }

    /// Decodes the escaped string literal body `start..<end` of `p` (quotes and control bytes
    /// already ruled out) into `dst` (room for `end - start` bytes); returns the bytes written.
    /// Sets `failure` and stops at an invalid escape.
    private static func decodeEscapes(_ p: UnsafeRawBufferPointer, _ base: UnsafeRawPointer, from start: Int, to end: Int,
                                      into dst: UnsafeMutableBufferPointer<UInt8>, failure: inout JSONParseError?) -> Int {
        var pos = start
        var o = 0
        func put(_ b: UInt8) { dst[o] = b; o += 1 }
        while pos < end {
            let next = JSONBytes.firstSpecial(base, from: pos, count: end)
            if next > pos {
                let n = next - pos
                UnsafeMutableRawPointer(dst.baseAddress! + o).copyMemory(from: base + pos, byteCount: n)
                o += n
                pos = next
                if pos >= end { break }
            }
            // p[pos] is a backslash (quotes and control bytes were ruled out above).
            pos += 1
            guard pos < end else { failure = JSONParseError(offset: pos, message: "invalid escape"); return o }
            let e = p[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): put(0x22)
            case UInt8(ascii: "\\"): put(0x5C)
            case UInt8(ascii: "/"): put(0x2F)
            case UInt8(ascii: "b"): put(0x08)
            case UInt8(ascii: "f"): put(0x0C)
            case UInt8(ascii: "n"): put(0x0A)
            case UInt8(ascii: "r"): put(0x0D)
            case UInt8(ascii: "t"): put(0x09)
            case UInt8(ascii: "u"):
                guard var cp = Self.hex4(p, at: pos, end: end) else {
                    failure = JSONParseError(offset: pos, message: "invalid \\u escape")
                    return o
                }
                pos += 4
                if (0xD800..<0xDC00).contains(cp), pos + 6 <= end, p[pos] == UInt8(ascii: "\\"),
                   p[pos + 1] == UInt8(ascii: "u"), let lo = Self.hex4(p, at: pos + 2, end: end),
                   (0xDC00..<0xE000).contains(lo)
                {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                    pos += 6
                }
                if (0xD800..<0xE000).contains(cp) { cp = 0xFFFD }  // lone surrogate → U+FFFD
                if cp < 0x80 {
                    put(UInt8(cp))
                } else if cp < 0x800 {
                    put(UInt8(0xC0 | (cp >> 6)))
                    put(UInt8(0x80 | (cp & 0x3F)))
                } else if cp < 0x10000 {
                    put(UInt8(0xE0 | (cp >> 12)))
                    put(UInt8(0x80 | ((cp >> 6) & 0x3F)))
                    put(UInt8(0x80 | (cp & 0x3F)))
                } else {
                    put(UInt8(0xF0 | (cp >> 18)))
                    put(UInt8(0x80 | ((cp >> 12) & 0x3F)))
                    put(UInt8(0x80 | ((cp >> 6) & 0x3F)))
                    put(UInt8(0x80 | (cp & 0x3F)))
                }
            default:
                failure = JSONParseError(offset: pos - 1, message: "invalid escape")
                return o
            }
        }
        return o
    }

    /// Four hex digits at `at` (before `end`), or nil.
    private static func hex4(_ p: UnsafeRawBufferPointer, at: Int, end: Int) -> UInt32? {
        guard at + 4 <= end else { return nil }
        var v: UInt32 = 0
        for k in at..<(at + 4) {
            let c = p[k]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    private mutating func number() throws -> JSONValue {
        let start = i
        var isInt = true
        if i < p.count, p[i] == UInt8(ascii: "-") { i += 1 }
        guard i < p.count, (0x30...0x39).contains(p[i]) else { throw error("unexpected character") }
        while i < p.count {
            let c = p[i]
            if (0x30...0x39).contains(c) { i += 1; continue }
            if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") || c == UInt8(ascii: "+")
                || c == UInt8(ascii: "-")
            {
                isInt = false
                i += 1
                continue
            }
            break
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
        if isInt, let v = Int64(text) { return .int(v) }
        guard let d = Double(text) else { throw JSONParseError(offset: start, message: "invalid number") }
        return .double(d)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }
}

/// Byte scanning shared by the JSON writer and parser.
enum JSONBytes {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let high: UInt64 = 0x8080_8080_8080_8080

    /// Index of the first byte in `from..<count` that is `"`, `\` or a control byte (< 0x20), or
    /// `count`. Eight bytes at a time: the lowest flagged byte of a word is always a true match.
    @inline(__always)
    static func firstSpecial(_ p: UnsafeRawPointer, from: Int, count: Int) -> Int {
        var i = from
        while i + 8 <= count {
            let w = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let q = w ^ (ones &* 0x22)
            let b = w ^ (ones &* 0x5C)
            let m = ((q &- ones) & ~q | (b &- ones) & ~b | (w &- ones &* 0x20) & ~w) & high
            if m != 0 { return i + (m.trailingZeroBitCount >> 3) }
            i += 8
        }
        while i < count {
            let c = p.load(fromByteOffset: i, as: UInt8.self)
            if c == 0x22 || c == 0x5C || c < 0x20 { return i }
            i += 1
        }
        return count
    }
}
