// Record-level WARC reading: headers, payload window, recovery from damaged input.

/// The WARC header fields of one record that Sieve uses.
public struct WARCRecordHeader: Sendable {
    /// `WARC-Type`, lowercased (`response`, `request`, `conversion`, …).
    public var type: String
    /// `WARC-Record-ID` as written (e.g. `<urn:uuid:…>`).
    public var id: String?
    /// `WARC-Target-URI`, without surrounding `<>`.
    public var targetURI: String?
    /// `WARC-Date`.
    public var date: String?
    /// The WARC `Content-Type` as written (e.g. `application/http; msgtype=response`).
    public var contentType: String?
    /// `WARC-Identified-Payload-Type`, if present.
    public var identifiedPayloadType: String?
    /// `Content-Length` of the record block.
    public var contentLength: Int64
    /// File offset of the record: the gzip member / zstd frame holding it in compressed files,
    /// the `WARC/` line in plain files (what warcio reports as `get_record_offset()`).
    public var fileOffset: Int64
}

/// One entry read from a WARC file.
public enum WARCEntry: Sendable {
    /// A well-formed record; its block is available through `WARCRecordReader.withPayload`
    /// until the next call of `next()`.
    case record(WARCRecordHeader)
    /// A damaged or oversized record, or skipped garbage; reading continues after it.
    case bad(SkippedRecord)
}

/// Streaming reader of the records of a WARC file (`.warc`, `.warc.gz`, `.warc.zst`), all types.
///
/// Damaged input never throws: each problem comes back as `.bad` with a short reason
/// (`truncated_gzip`, `corrupt_gzip`, `truncated_record`, `bad_warc_header`, `bad_content_length`,
/// `garbage_skipped`, `record_too_large`, `empty_file`) and the reader resumes at the next record
/// (the next `WARC/` line at a line start, or the next gzip member / zstd frame).
/// Memory is bounded by `ReaderOptions.maxRecordBytes` (plus the read buffer), not by file size.
public final class WARCRecordReader {
    public let path: String
    public let options: ReaderOptions
    private let stream: WARCStream
    private var started = false
    private var payloadStart = 0
    private var payloadLength = 0
    /// The largest WARC header block accepted.
    public static let maxHeaderBytes = 1 << 20
    /// How many bytes after a block's declared end (up to a line end) are tolerated.
    public static let toleratedRemainder = 8

    /// Opens `path`; throws only when the file cannot be opened.
    public init(path: String, options: ReaderOptions = ReaderOptions()) throws {
        self.path = path
        self.options = options
        stream = WARCStream(file: try DecodedFile(path: path))
    }

    /// The compression of the file.
    public var compression: Compression { stream.file.compression }

    /// Calls `body` with the block (payload) of the record last returned by `next()`.
    public func withPayload<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: stream.buf + payloadStart, count: payloadLength))
    }

    private func fileOffset(_ decoded: Int64) -> Int64 { stream.file.fileOffset(forDecoded: decoded) }

    private func bad(_ reason: String, at offset: Int64, header: WARCRecordHeader? = nil,
                     detail: JSONObject = JSONObject()) -> WARCEntry {
        .bad(SkippedRecord(id: header?.id, url: header?.targetURI, fileOffset: offset, reason: reason, detail: detail))
    }

    private func decodeErrorReason(_ e: InputError) -> String {
        let kind = compression == .zstd ? "zstd" : "gzip"
        return e.message.hasPrefix("truncated") ? "truncated_\(kind)" : "corrupt_\(kind)"
    }

    @inline(__always) private func byte(_ i: Int) -> UInt8 { stream.buf[i] }

    /// True when a record header starts at window position `i` (`WARC/` + digit); needs 6 bytes.
    private func isRecordStart(_ i: Int) -> Bool {
        guard stream.end - i >= 6 else { return false }
        let b = stream.buf + i
        return b[0] == 0x57 && b[1] == 0x41 && b[2] == 0x52 && b[3] == 0x43 && b[4] == 0x2F && b[5] >= 0x30 && b[5] <= 0x39
    }

    /// Skips CR/LF bytes (and spaces/tabs on blank lines) at the current position.
    private func skipBlankLines() {
        while true {
            while stream.start < stream.end {
                let c = byte(stream.start)
                if c == 0x0A || c == 0x0D || c == 0x20 || c == 0x09 { stream.start += 1 } else { return }
            }
            if !stream.fillMore() { return }
        }
    }

    /// Moves to the next line start where a record header begins (checking the current position
    /// first when `checkCurrent`). Returns the number of bytes passed over; at the end of the
    /// data the window is empty.
    @discardableResult
    private func scanToRecordStart(checkCurrent: Bool) -> Int64 {
        var passed: Int64 = 0
        if checkCurrent {
            stream.ensure(6)
            if isRecordStart(stream.start) { return 0 }
        }
        while true {
            if let nl = stream.find(0x0A, from: stream.start) {
                passed += Int64(nl + 1 - stream.start)
                stream.start = nl + 1
                stream.ensure(6)
                if isRecordStart(stream.start) { return passed }
            } else {
                passed += Int64(stream.available)
                stream.start = stream.end
                if !stream.fillMore() { return passed }
            }
        }
    }

    /// File offset of the last damaged part reported, so one defect is reported once even when
    /// it shows up twice (a wrong length seen first, then the broken gzip member around it).
    private var lastBadOffset: Int64 = -1

    /// The next entry, or nil at the end of the file.
    public func next() -> WARCEntry? {
        while let entry = nextEntry() {
            if case .bad(let s) = entry {
                if s.fileOffset == lastBadOffset { continue }
                lastBadOffset = s.fileOffset
            }
            return entry
        }
        return nil
    }

    private func nextEntry() -> WARCEntry? {
        payloadLength = 0
        if !started {
            started = true
            if stream.file.fileSize == 0 { return bad("empty_file", at: 0) }
        }
        skipBlankLines()
        let recordDecoded = stream.offset
        if stream.available == 0 {
            if let e = stream.decodeError {
                // A decoding error between records: a damaged member/frame or garbage bytes.
                // Bytes that do not even start a member/frame are garbage; else the member is damaged.
                let notAMember = e.message.contains("incorrect header check") || e.message.contains("Unknown frame descriptor")
                let reason = notAMember ? "garbage_skipped" : decodeErrorReason(e)
                _ = stream.recover()
                return bad(reason, at: e.offset, detail: ["message": .string(e.message)])
            }
            return nil
        }
        stream.ensure(6)
        if !isRecordStart(stream.start) {
            let offset = fileOffset(recordDecoded)
            let looksLikeHeader = stream.available >= 5 && byte(stream.start) == 0x57 && byte(stream.start + 1) == 0x41
                && byte(stream.start + 2) == 0x52 && byte(stream.start + 3) == 0x43 && byte(stream.start + 4) == 0x2D
            let n = scanToRecordStart(checkCurrent: false)
            return bad(looksLikeHeader ? "bad_warc_header" : "garbage_skipped", at: offset,
                       detail: ["bytes": .int(n)])
        }
        let recordOffset = fileOffset(recordDecoded)

        // Find the end of the header block: an empty line.
        var headerLength = -1
        var lineStart = stream.start
        while headerLength < 0 {
            if let nl = stream.find(0x0A, from: lineStart) {
                let len = nl - lineStart
                if lineStart > stream.start && (len == 0 || onlyCR(lineStart, nl)) {
                    headerLength = nl + 1 - stream.start
                } else {
                    lineStart = nl + 1
                }
            } else {
                if stream.available > Self.maxHeaderBytes { break }
                let rel = lineStart - stream.start
                if !stream.fillMore() { break }
                lineStart = stream.start + rel
            }
        }
        if headerLength < 0 {
            if let e = stream.decodeError {
                _ = stream.recover()
                return bad(decodeErrorReason(e), at: recordOffset, detail: ["message": .string(e.message)])
            }
            stream.start += 1
            scanToRecordStart(checkCurrent: false)
            return bad(stream.eof && stream.available == 0 ? "truncated_record" : "bad_warc_header", at: recordOffset)
        }

        // Parse the header fields.
        guard var header = parseHeader(from: stream.start, length: headerLength, fileOffset: recordOffset) else {
            stream.start += 1
            scanToRecordStart(checkCurrent: false)
            return bad("bad_warc_header", at: recordOffset)
        }
        if header.contentLength < 0 {
            header.contentLength = 0
            stream.start += headerLength
            scanToRecordStart(checkCurrent: true)
            return bad("bad_content_length", at: recordOffset, header: header)
        }
        let length = header.contentLength
        if length > options.maxRecordBytes {
            if compression == .none && stream.offset + Int64(headerLength) + length > stream.file.fileSize {
                // Longer than the rest of the file: the length is wrong; do not skip to the end.
                stream.start += headerLength
                scanToRecordStart(checkCurrent: true)
                return bad("bad_content_length", at: recordOffset, header: header, detail: ["content_length": .int(length)])
            }
            stream.skip(Int64(headerLength) + length)
            return bad("record_too_large", at: recordOffset, header: header,
                       detail: ["content_length": .int(length), "limit_bytes": .int(options.maxRecordBytes)])
        }
        let len = Int(length)
        let complete = stream.ensure(headerLength + len + Self.toleratedRemainder + 8)
        let pStart = stream.start + headerLength
        if !complete && stream.available < headerLength + len {
            // The data ends inside the payload: a truncated record or member, or a wrong length.
            let decodeError = stream.decodeError
            stream.start = pStart
            scanToRecordStart(checkCurrent: true)
            if stream.available == 0, let e = decodeError {
                _ = stream.recover()
                return bad(decodeErrorReason(e), at: recordOffset, header: header, detail: ["message": .string(e.message)])
            }
            return bad(stream.available > 0 ? "bad_content_length" : "truncated_record", at: recordOffset, header: header,
                       detail: ["content_length": .int(length)])
        }
        // The block should be followed by CRLF CRLF. Tolerated, as in real archives: any run of
        // blank lines (or none) up to the end of the data or the next record; and, like warcio,
        // the rest of the line where the block ends when short (a Content-Length off by a few
        // bytes). Anything else means the length is wrong.
        let t = pStart + len
        var rel = t - stream.start  // positions relative to `stream.start` survive buffer moves
        if t < stream.end, byte(t) != 0x0D && byte(t) != 0x0A,
           let nl = stream.find(0x0A, from: t), nl - t <= Self.toleratedRemainder {
            rel = nl + 1 - stream.start
        }
        var next = rel
        var trailerOK = false
        var endsTheData = false
        while true {
            if stream.start + rel >= stream.end {
                if !stream.ensure(rel + 6) && stream.start + rel >= stream.end {
                    trailerOK = true
                    endsTheData = true
                    break
                }
                continue
            }
            let c = byte(stream.start + rel)
            if c == 0x0D || c == 0x0A || c == 0x20 || c == 0x09 { rel += 1; continue }
            stream.ensure(rel + 6)
            trailerOK = isRecordStart(stream.start + rel)
            break
        }
        if !trailerOK {
            // A proper CRLF CRLF at the declared end means the length is right and garbage follows
            // (reported by the next call).
            let e = stream.start + headerLength + len
            if stream.end - e >= 4 && byte(e) == 0x0D && byte(e + 1) == 0x0A && byte(e + 2) == 0x0D && byte(e + 3) == 0x0A {
                trailerOK = true
                next = headerLength + len + 4
            } else if stream.end - e >= 2 && byte(e) == 0x0A && byte(e + 1) == 0x0A {
                trailerOK = true
                next = headerLength + len + 2
            }
        }
        if !trailerOK {
            stream.start += headerLength
            scanToRecordStart(checkCurrent: true)
            return bad("bad_content_length", at: recordOffset, header: header, detail: ["content_length": .int(length)])
        }
        if endsTheData, let e = stream.decodeError, e.offset == recordOffset {
            // The member/frame holding this record failed to decode (e.g. its CRC): not intact.
            stream.start = stream.end
            _ = stream.recover()
            return bad(decodeErrorReason(e), at: recordOffset, detail: ["message": .string(e.message)])
        }
        payloadStart = stream.start + headerLength
        payloadLength = len
        stream.start += next
        return .record(header)
    }

    /// Parses the header block at window position `p` (`length` bytes, ending with the empty line).
    /// Returns nil when a line is not a header; `contentLength` is -1 when missing or invalid.
    private func parseHeader(from p: Int, length: Int, fileOffset: Int64) -> WARCRecordHeader? {
        var header = WARCRecordHeader(type: "", id: nil, targetURI: nil, date: nil, contentType: nil,
                                      identifiedPayloadType: nil, contentLength: -1, fileOffset: fileOffset)
        let end = p + length
        var line = p
        var first = true
        var haveType = false
        var lastField = -1
        while line < end {
            guard let nl = stream.find(0x0A, from: line), nl < end else { break }
            var e = nl
            while e > line && byte(e - 1) == 0x0D { e -= 1 }
            defer { line = nl + 1 }
            if first { first = false; continue }
            if e == line { break }
            let c0 = byte(line)
            if c0 == 0x20 || c0 == 0x09 {
                // A folded continuation line: only long URIs matter in practice.
                if lastField == 1, let uri = header.targetURI {
                    header.targetURI = uri + stringOf(trimmed(line, e))
                }
                continue
            }
            guard let colon = memchrIndex(0x3A, line, e) else { return nil }
            var (vs, ve) = trimmed(colon + 1, e)
            let field = fieldCode(line, colon)
            lastField = field
            switch field {
            case 0:
                header.type = stringOf((vs, ve)).lowercased()
                haveType = true
            case 1:
                if ve - vs >= 2 && byte(vs) == 0x3C && byte(ve - 1) == 0x3E { vs += 1; ve -= 1 }
                header.targetURI = stringOf((vs, ve))
            case 2: header.id = stringOf((vs, ve))
            case 3: header.date = stringOf((vs, ve))
            case 4: header.contentType = stringOf((vs, ve))
            case 5:
                var n: Int64 = 0
                var ok = vs < ve && ve - vs <= 18
                var i = vs
                while ok && i < ve {
                    let d = byte(i)
                    if d >= 0x30 && d <= 0x39 { n = n * 10 + Int64(d - 0x30) } else { ok = false }
                    i += 1
                }
                header.contentLength = ok ? n : -1
            case 6: header.identifiedPayloadType = stringOf((vs, ve))
            default: break
            }
        }
        return haveType ? header : nil
    }

    private func onlyCR(_ s: Int, _ e: Int) -> Bool {
        for i in s..<e where byte(i) != 0x0D { return false }
        return true
    }

    private func memchrIndex(_ b: UInt8, _ from: Int, _ to: Int) -> Int? {
        guard let i = stream.find(b, from: from), i < to else { return nil }
        return i
    }

    private func trimmed(_ s: Int, _ e: Int) -> (Int, Int) {
        var s = s, e = e
        while s < e && (byte(s) == 0x20 || byte(s) == 0x09) { s += 1 }
        while e > s && (byte(e - 1) == 0x20 || byte(e - 1) == 0x09) { e -= 1 }
        return (s, e)
    }

    private func stringOf(_ r: (Int, Int)) -> String {
        String(decoding: UnsafeBufferPointer(start: stream.buf + r.0, count: r.1 - r.0), as: UTF8.self)
    }

    private static let fieldNames: [[UInt8]] = [
        "warc-type", "warc-target-uri", "warc-record-id", "warc-date", "content-type", "content-length",
        "warc-identified-payload-type",
    ].map { Array($0.utf8) }

    /// Index of the header name in `fieldNames` (case-insensitive), or -1.
    private func fieldCode(_ s: Int, _ colon: Int) -> Int {
        var e = colon
        while e > s && (byte(e - 1) == 0x20 || byte(e - 1) == 0x09) { e -= 1 }
        let n = e - s
        for (k, name) in Self.fieldNames.enumerated() where name.count == n {
            var same = true
            for i in 0..<n {
                var c = byte(s + i)
                if c >= 0x41 && c <= 0x5A { c |= 0x20 }
                if c != name[i] { same = false; break }
            }
            if same { return k }
        }
        return -1
    }
}
