import ArgumentParser
import SieveIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `sieve warc`: tools for WARC files.
struct WARCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warc",
        abstract: "Inspect WARC/WET files (.warc, .warc.gz, .warc.zst).",
        subcommands: [WARCIndexCommand.self]
    )
}

/// `sieve warc index FILE...`: one JSON line per record, like a CDX index.
struct WARCIndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Print one JSON line per WARC record (a CDX-like index), including damaged records.",
        discussion: """
            Each record: {"offset","type","id","uri","date","status","content_type","length"} where offset \
            is the file offset of the record (of its gzip member / zstd frame in compressed files, as warcio's \
            get_record_offset()), status the HTTP status of response records, content_type the HTTP media type \
            of response records (the WARC Content-Type otherwise) and length the WARC Content-Length. \
            With --payload-hash, page records (response, resource, conversion) also get "payload_sha256": the \
            SHA-256 of the body after de-chunking and Content-Encoding decoding (or "payload_error").
            Each damaged part: {"offset","error":REASON} (plus "id"/"uri" when known); reading resumes at the \
            next record. With several files, each line also has "file".
            """
    )

    @Argument(help: "WARC files (.warc, .warc.gz, .warc.zst, .wet.gz).")
    var files: [String]

    @Flag(name: .long, help: "Decode page payloads and print their SHA-256.")
    var payloadHash = false

    @Flag(name: .long, help: "Decode page payloads (de-chunk, Content-Encoding) without printing anything more (for timing).")
    var decode = false

    @Option(name: .long, help: "Records larger than this (bytes) are reported as record_too_large.")
    var maxRecordBytes: Int64 = 64 << 20

    func run() throws {
        var options = ReaderOptions()
        options.maxRecordBytes = maxRecordBytes
        let out = Console.JSONLines()
        let decoder = ContentDecoder()
        let (hashing, decoding) = (payloadHash, payloadHash || decode)
        for path in files {
            let reader: WARCRecordReader
            do { reader = try WARCRecordReader(path: path, options: options) } catch {
                throw ValidationError("\(error) (check the path)")
            }
            let fileName: String? = files.count > 1 ? path : nil
            while let entry = reader.next() {
                var o = JSONObject()
                if let fileName { o["file"] = .string(fileName) }
                switch entry {
                case .bad(let s):
                    o["offset"] = .int(s.fileOffset)
                    o["error"] = .string(s.reason)
                    if let id = s.id { o["id"] = .string(id) }
                    if let url = s.url { o["uri"] = .string(url) }
                case .record(let h):
                    o["offset"] = .int(h.fileOffset)
                    o["type"] = .string(h.type)
                    o["id"] = h.id.map { .string($0) } ?? .null
                    o["uri"] = h.targetURI.map { .string($0) } ?? .null
                    o["date"] = h.date.map { .string($0) } ?? .null
                    let summary = reader.withPayload { block in
                        WARCRecordSummary(header: h, block: block, decodeBody: decoding, hashBody: hashing,
                                          decoder: decoder,
                                          limit: options.maxRecordBytes)
                    }
                    o["status"] = summary.status.map { .int(Int64($0)) } ?? .null
                    o["content_type"] = summary.contentType.map { .string($0) } ?? .null
                    o["length"] = .int(h.contentLength)
                    if hashing {
                        if let d = summary.bodySHA256 { o["payload_sha256"] = .string(d) }
                        if let e = summary.bodyError { o["payload_error"] = .string(e) }
                    }
                }
                out.write(o)
            }
        }
        out.flush()
    }
}

