// Buffered line and block reading over a DecodedFile.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered reader of decoded bytes: lines, fixed-size blocks, skips; knows its offset.
public final class ByteReader {
    public let file: DecodedFile
    private var buf: [UInt8]
    private var start = 0
    private var end = 0
    private var eof = false
    /// Decoded offset of the next unread byte.
    public private(set) var offset: Int64 = 0

    public init(_ file: DecodedFile, bufferSize: Int = 1 << 20) {
        self.file = file
        buf = [UInt8](repeating: 0, count: bufferSize)
    }

    public convenience init(path: String) throws {
        self.init(try DecodedFile(path: path))
    }

    /// True when every byte has been read.
    public func atEnd() throws -> Bool {
        if start < end { return false }
        try fill()
        return start == end
    }

    /// Reads more bytes into the buffer; returns false at the end of the file.
    @discardableResult
    private func fill() throws -> Bool {
        if eof { return false }
        if start > 0 {
            if start < end {
                buf.withUnsafeMutableBytes { b in
                    b.baseAddress!.copyMemory(from: b.baseAddress! + start, byteCount: end - start)
                }
            }
            end -= start
            start = 0
        }
        if end == buf.count { buf.append(contentsOf: [UInt8](repeating: 0, count: buf.count)) }
        let n = try buf.withUnsafeMutableBytes { b in
            try file.read(into: UnsafeMutableRawBufferPointer(rebasing: b[end...]))
        }
        if n == 0 { eof = true; return false }
        end += n
        return true
    }

    /// Reads one line, without its `\n` (a trailing `\r` is kept; callers strip it).
    /// Returns nil at the end of the file. A line longer than `maxLength` is consumed in full
    /// but returned truncated to `maxLength` bytes, with `truncated` set.
    public func readLine(maxLength: Int = .max, truncated: UnsafeMutablePointer<Bool>? = nil) throws -> [UInt8]? {
        var collected: [UInt8] = []
        return try readLine(into: &collected, maxLength: maxLength, truncated: truncated) ? collected : nil
    }

    /// `readLine` into a buffer the caller reuses (its old contents are removed, its capacity
    /// kept). Returns false at the end of the file.
    public func readLine(into collected: inout [UInt8], maxLength: Int = .max,
                         truncated: UnsafeMutablePointer<Bool>? = nil) throws -> Bool {
        truncated?.pointee = false
        collected.removeAll(keepingCapacity: true)
        var sawBytes = false
        var searchFrom = start
        func take(_ upTo: Int) {
            let room = max(0, maxLength - collected.count)
            let n = upTo - start
            let keep = min(room, n)
            if keep > 0 {
                buf.withUnsafeBufferPointer { collected.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<(start + keep)])) }
            }
            if n > room { truncated?.pointee = true }
            offset += Int64(n)
            start = upTo
        }
        while true {
            let nl: Int? = buf.withUnsafeBytes { b in
                guard searchFrom < end else { return nil }
                guard let p = memchr(b.baseAddress! + searchFrom, 0x0A, end - searchFrom) else { return nil }
                return UnsafeRawPointer(p) - b.baseAddress!
            }
            if let nl {
                take(nl)
                start += 1
                offset += 1
                return true
            }
            if start < end { sawBytes = true }
            // No newline yet: hand very long partial lines over to `collected` to bound the buffer.
            if end - start >= (1 << 22) { take(end) }
            let scanned = end - start
            if try !fill() {
                if start < end { take(end) }
                return sawBytes
            }
            searchFrom = start + scanned
        }
    }

    /// Reads exactly `count` bytes, or fewer if the file ends first.
    public func read(count: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(min(count, 1 << 26))
        while out.count < count {
            if start == end, try !fill() { break }
            let n = min(count - out.count, end - start)
            out.append(contentsOf: buf[start..<(start + n)])
            start += n
            offset += Int64(n)
        }
        return out
    }

    /// Skips `count` bytes; returns how many were skipped (fewer if the file ends).
    @discardableResult
    public func skip(count: Int64) throws -> Int64 {
        var left = count
        while left > 0 {
            if start == end, try !fill() { break }
            let n = Int(min(left, Int64(end - start)))
            start += n
            offset += Int64(n)
            left -= Int64(n)
        }
        return count - left
    }

    /// The next byte without consuming it; nil at the end.
    public func peek() throws -> UInt8? {
        if start == end, try !fill() { return nil }
        return buf[start]
    }

    /// Drops buffered data and resynchronises the underlying file at its next member/frame
    /// (see `DecodedFile.resync`). The offset continues from the decoded position.
    public func resync() throws -> Bool {
        start = 0
        end = 0
        eof = false
        let ok = try file.resync()
        offset = file.decodedOffset
        return ok
    }
}
