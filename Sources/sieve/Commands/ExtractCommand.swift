import ArgumentParser
import SieveExtract
import SieveIO
import SieveParquet

/// `sieve extract`: WARC/WET/JSONL/Parquet → document rows on stdout.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Read WARC/WET/JSON Lines/Parquet files and print one document row per line.",
        discussion: "Records that are not documents, or that cannot be read, are counted on stderr.")

    @Argument(help: "Input files (.warc[.gz|.zst], .wet.gz, .jsonl[.gz|.zst], .parquet with FineWeb columns).")
    var files: [String]

    @Option(help: "Pages larger than this many bytes are skipped.")
    var maxPageBytes: Int = 10 << 20

    func run() throws {
        var o = ExtractOptions()
        o.maxPageBytes = maxPageBytes
        let extractor = HTMLExtractor(options: o)
        let out = Console.JSONLines()
        var rejected: [String: Int] = [:]
        var line: [UInt8] = []
        for f in files {
            let src: RecordSource
            do {
                src = InputFormat.detect(path: f) == .parquet ? try ParquetRecordSource(path: f) : try openInput(path: f)
            } catch {
                Console.err("error: \(error)")
                throw Exit.failed
            }
            while let item = try nextItem(src) {
                var doc: Document
                switch item {
                case .document(let d): doc = d
                case .page(let p):
                    switch extractor.extract(p) {
                    case .rejected(let reason, _):
                        rejected[reason, default: 0] += 1
                        continue
                    case .text(let text, let meta):
                        var m = JSONObject()
                        m["url"] = .string(p.url)
                        m["warc_file"] = .string(FileSystem.basename(f))
                        m["warc_offset"] = .int(p.fileOffset)
                        for (k, v) in meta { m[k] = v }
                        doc = Document(id: p.id, text: text, source: "web", created: p.date, metadata: m)
                    }
                case .skipped(let s):
                    rejected[s.reason, default: 0] += 1
                    if s.reason == "bad_parquet_row_group" { Console.err("warning: \(s.detail["message"]?.stringValue ?? s.reason)") }
                    continue
                }
                line.removeAll(keepingCapacity: true)
                doc.appendJSONLine(to: &line)
                out.writeLine(line)
            }
            for (k, n) in src.skippedCounts { rejected[k, default: 0] += n }
        }
        out.flush()
        if !rejected.isEmpty {
            Console.err("not extracted: " + rejected.keys.sorted().map { "\($0) \(rejected[$0]!)" }.joined(separator: ", "))
        }
    }

    /// The next item; a reader error (e.g. an unsupported Parquet encoding) exits with a message.
    private func nextItem(_ src: RecordSource) throws -> InputItem? {
        do { return try src.next() } catch {
            Console.err("error: \(error)")
            throw Exit.failed
        }
    }
}
