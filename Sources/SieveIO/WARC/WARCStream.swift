// A look-ahead byte window over a DecodedFile, for zero-copy parsing of WARC records.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable window of decoded bytes `[start, end)` that a parser reads in place.
///
/// The window holds a whole record (up to the record size limit) so that a parser can look back
/// into it after finding a wrong Content-Length. A decoding error of the underlying file (a
/// truncated or corrupt gzip member / zstd frame) does not throw: it ends the readable data and is
/// kept in `decodeError` until `recover()` drops the window and resynchronises the file.
final class WARCStream {
    let file: DecodedFile
    private(set) var buf: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// First unread byte.
    var start = 0
    /// End of the valid bytes.
    private(set) var end = 0
    /// Decoded offset of `buf[0]`.
    private(set) var base: Int64 = 0
    /// True when the file has no more bytes (or a decoding error stopped it).
    private(set) var eof = false
    /// The decoding error that stopped the data, if any.
    private(set) var decodeError: InputError?

    static let readChunk = 1 << 20

    init(file: DecodedFile, initialCapacity: Int = 4 << 20) {
        self.file = file
        capacity = max(initialCapacity, Self.readChunk * 2)
        buf = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    }

    deinit { buf.deallocate() }

    /// Bytes available from `start`.
    @inline(__always) var available: Int { end - start }
    /// Decoded offset of `start`.
    @inline(__always) var offset: Int64 { base + Int64(start) }
    /// Decoded offset of window position `i`.
    @inline(__always) func decodedOffset(at i: Int) -> Int64 { base + Int64(i) }

    /// Tries to make at least `n` bytes available from `start`. Returns false when the data ends
    /// first (end of file or decoding error); whatever was read stays available.
    @discardableResult
    func ensure(_ n: Int) -> Bool {
        while end - start < n {
            if eof { return false }
            makeRoom(for: n)
            readMore()
        }
        return true
    }

    /// Reads at least one more byte if possible; false at the end of the data.
    func fillMore() -> Bool {
        if eof { return false }
        makeRoom(for: end - start + 1)
        let before = end
        while end == before && !eof { readMore() }
        return end > before
    }

    private func makeRoom(for n: Int) {
        // Keep at least one read chunk of free space after the requested bytes.
        let want = max(n, end - start) + Self.readChunk
        if start + want <= capacity && capacity - end >= Self.readChunk / 4 { return }
        if start > 0 {
            let live = end - start
            if live > 0 { memmove(buf, buf + start, live) }
            base += Int64(start)
            end = live
            start = 0
        }
        if want > capacity {
            var newCap = capacity
            while newCap < want { newCap *= 2 }
            let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: newCap)
            nb.update(from: buf, count: end)
            buf.deallocate()
            buf = nb
            capacity = newCap
        }
    }

    private func readMore() {
        do {
            let n = try file.read(into: UnsafeMutableRawBufferPointer(start: buf + end, count: capacity - end))
            if n == 0 { eof = true }
            end += n
        } catch let e as InputError {
            decodeError = e
            eof = true
        } catch {
            decodeError = InputError(path: file.path, offset: file.fileOffset, message: "\(error)")
            eof = true
        }
    }

    /// Consumes `n` bytes (which may exceed what is buffered: the rest is read and dropped).
    /// Returns how many bytes were consumed (fewer when the data ends).
    @discardableResult
    func skip(_ n: Int64) -> Int64 {
        if n <= Int64(available) {
            start += Int(n)
            return n
        }
        var left = n - Int64(available)
        start = end
        while left > 0 {
            // Drop the window and read straight into it.
            base += Int64(end)
            start = 0
            end = 0
            if eof { break }
            readMore()
            let take = Int(min(left, Int64(end)))
            start = take
            left -= Int64(take)
        }
        return n - left
    }

    /// Drops all buffered bytes up to `end`, keeping the last `keep` bytes (for pattern scans).
    func discard(keeping keep: Int) {
        let k = min(keep, available)
        start = end - k
    }

    /// After a decoding error: drops the window and skips to the next gzip member / zstd frame.
    /// Returns false when nothing readable is left.
    func recover() -> Bool {
        decodeError = nil
        start = 0
        end = 0
        let ok: Bool
        do { ok = try file.resync() } catch { ok = false }
        base = file.decodedOffset
        eof = !ok
        return ok
    }

    /// Searches `[from, end)` for a byte; nil when absent.
    @inline(__always) func find(_ byte: UInt8, from: Int) -> Int? {
        guard from < end else { return nil }
        guard let p = memchr(buf + from, Int32(byte), end - from) else { return nil }
        return UnsafeMutableRawPointer(mutating: p).assumingMemoryBound(to: UInt8.self) - buf
    }
}
