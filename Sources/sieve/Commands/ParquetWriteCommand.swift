#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import SieveIO
import SieveParquet
import SievePipeline

/// `sieve parquet write OUT.parquet`: JSON Lines documents (or audit rows) on stdin → one Parquet file.
struct ParquetWrite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Write JSON Lines documents from stdin as a Parquet file.",
        discussion: """
            Each line is a Dolma row {"id","text","source","created","metadata":{...}}; the file has the columns
            id, text, source, created, url, lang, lang_score, metadata (JSON), extra (JSON). With --audit, each line
            is an audit row {"id","url","stage","action","reason","detail","bytes"}. The file is written as
            OUT.tmp.PID and renamed into place when complete; the same rows and options give the same bytes.
            """
    )

    @Argument(help: "The Parquet file to write.")
    var output: String

    @Option(name: .customLong("row-group-rows"), help: "Rows per row group (0: no row limit).")
    var rowGroupRows = 10_000

    @Option(name: .customLong("row-group-bytes"), help: "Row group size limit of the uncompressed values, e.g. 128MiB (0: none).")
    var rowGroupBytes = "128MiB"

    @Option(help: "Page compression: zstd, snappy or none.")
    var compression = "zstd"

    @Option(name: .customLong("zstd-level"), help: "zstd compression level (1-19).")
    var zstdLevel: Int32 = 3

    @Flag(help: "The rows are audit rows, not documents.")
    var audit = false

    @Flag(help: ArgumentHelp("Print the seconds spent writing (excluding reading and parsing stdin) on stderr.", visibility: .hidden))
    var timings = false

    func run() throws {
        var options = ParquetWriteOptions()
        guard let c = ParquetWriteCompression(rawValue: compression == "uncompressed" ? "none" : compression) else {
            throw ValidationError("--compression must be zstd, snappy or none, not '\(compression)'")
        }
        options.compression = c
        guard rowGroupRows >= 0 else { throw ValidationError("--row-group-rows must be at least 0") }
        options.rowGroupRows = rowGroupRows
        guard let bytes = parseSize(rowGroupBytes) else {
            throw ValidationError("--row-group-bytes must be a size such as 64MiB, not '\(rowGroupBytes)'")
        }
        options.rowGroupBytes = bytes
        guard (1...22).contains(zstdLevel) else { throw ValidationError("--zstd-level must be between 1 and 22") }
        options.zstdLevel = zstdLevel
        options.createdBy = "sieve \(sieveVersion)"
        var line = 0
        var writeSeconds = 0.0
        func timed(_ body: () throws -> Void) rethrows {
            guard timings else { return try body() }
            var a = timespec(), b = timespec()
            clock_gettime(CLOCK_MONOTONIC, &a)
            try body()
            clock_gettime(CLOCK_MONOTONIC, &b)
            writeSeconds += Double(b.tv_sec - a.tv_sec) + Double(b.tv_nsec - a.tv_nsec) / 1e9
        }
        do {
            let rows: Int64
            if audit {
                let w = try AuditParquetWriter(path: output, options: options)
                try Console.eachInputObject { o, _ in
                    line += 1
                    guard let row = try? AuditRow(row: o) else {
                        Console.err("error: stdin row \(line): not an audit row (needs \"id\", \"stage\", \"action\" drop|modify|skip, \"reason\")")
                        throw Exit.usage
                    }
                    try timed { try w.write(row) }
                }
                rows = w.rowCount
                try timed { try w.close() }
            } else {
                let w = try DocumentParquetWriter(path: output, options: options)
                try Console.eachInputObject { o, _ in
                    line += 1
                    do {
                        let doc = try Document(row: o, fallbackID: "stdin:\(line)", defaultSource: "stdin")
                        try timed { try w.write(doc) }
                    } catch let e as DocumentRowError {
                        Console.err("error: stdin row \(line): \(e)")
                        throw Exit.usage
                    }
                }
                rows = w.rowCount
                try timed { try w.close() }
            }
            Console.err("sieve parquet write: \(rows) rows → \(output)")
            if timings { Console.err("write_seconds \(writeSeconds)") }
        } catch let e as ParquetWriteError {
            Console.err("error: \(output): \(e)")
            throw Exit.failed
        } catch let e as OutputError {
            Console.err("error: \(e)")
            throw Exit.failed
        }
    }
}
