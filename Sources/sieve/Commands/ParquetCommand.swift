#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import SieveIO
import SieveParquet

/// `sieve parquet`: tools for Parquet files.
struct ParquetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parquet",
        abstract: "Inspect, scan and write Parquet files natively (no Arrow).",
        subcommands: [
            ParquetInspectCommand.self,
            ParquetScanCommand.self,
            ParquetWrite.self,
        ]
    )
}

/// `sieve parquet inspect FILE...`: schema, row groups, codecs, encodings and sizes.
struct ParquetInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a Parquet file's schema, row groups, codecs, encodings and sizes.",
        discussion: """
            With --json, one JSON object per file: {"file","size","footer_bytes","created_by","rows","columns":[{"name",\
            "type","repetition","max_definition_level","max_repetition_level","flat"}],"row_groups":[{"rows",\
            "total_byte_size","columns":[{"name","codec","encodings","values","compressed_bytes","uncompressed_bytes",\
            "offset"}]}]}.
            """
    )

    @Argument(help: "Parquet files.")
    var files: [String]

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        for path in files {
            let file: ParquetFile
            do { file = try ParquetFile(path: path) } catch {
                Console.err("error: \(error)")
                throw Exit.failed
            }
            let o = describe(file)
            if json {
                Console.out(JSONWriter.string(.object(o)))
            } else {
                printText(file)
            }
        }
    }

    private func describe(_ file: ParquetFile) -> JSONObject {
        var o = JSONObject()
        o["file"] = .string(file.path)
        o["size"] = .int(file.size)
        o["footer_bytes"] = .int(Int64(file.footerLength))
        o["created_by"] = file.metadata.createdBy.map { .string($0) } ?? .null
        o["rows"] = .int(file.metadata.numRows)
        o["columns"] = .array(file.columns.map { c in
            [
                "name": .string(c.name), "type": .string(c.typeDescription),
                "repetition": .string(c.element.repetition.map { "\($0)" } ?? "REQUIRED"),
                "max_definition_level": .int(Int64(c.maxDefinitionLevel)),
                "max_repetition_level": .int(Int64(c.maxRepetitionLevel)), "flat": .bool(c.isFlat),
            ] as JSONObject
        }.map { .object($0) })
        o["row_groups"] = .array(file.metadata.rowGroups.map { rg in
            var g = JSONObject()
            g["rows"] = .int(rg.numRows)
            g["total_byte_size"] = .int(rg.totalByteSize)
            g["columns"] = .array(zip(file.columns, rg.columns).map { col, chunk in
                var c = JSONObject()
                c["name"] = .string(col.name)
                if let m = chunk.metaData {
                    c["codec"] = .string(m.unknownCodec.map { "codec \($0)" } ?? "\(m.codec)")
                    c["encodings"] = .array(m.encodings.map { .string("\($0)") })
                    c["values"] = .int(m.numValues)
                    c["compressed_bytes"] = .int(m.totalCompressedSize)
                    c["uncompressed_bytes"] = .int(m.totalUncompressedSize)
                    c["offset"] = .int(m.dictionaryPageOffset.flatMap { $0 > 0 && $0 < m.dataPageOffset ? $0 : nil } ?? m.dataPageOffset)
                }
                return .object(c)
            })
            return .object(g)
        })
        return o
    }

    private func printText(_ file: ParquetFile) {
        let m = file.metadata
        Console.out("\(file.path): \(m.numRows) rows, \(m.rowGroups.count) row groups, \(file.size) bytes (footer \(file.footerLength))")
        if let c = m.createdBy { Console.out("created by: \(c)") }
        Console.out("columns:")
        for c in file.columns {
            let rep = c.element.repetition.map { "\($0)" } ?? "REQUIRED"
            Console.out("  \(c.name): \(c.typeDescription) \(rep)\(c.isFlat ? "" : " (nested: not read)")")
        }
        for (i, rg) in m.rowGroups.enumerated() {
            Console.out("row group \(i): \(rg.numRows) rows, \(rg.totalByteSize) bytes uncompressed")
            for (col, chunk) in zip(file.columns, rg.columns) {
                guard let md = chunk.metaData else { continue }
                let codec = md.unknownCodec.map { "codec \($0)" } ?? "\(md.codec)"
                Console.out("  \(col.name): \(codec), \(md.encodings.map { "\($0)" }.joined(separator: "/")), "
                    + "\(md.numValues) values, \(md.totalCompressedSize) → \(md.totalUncompressedSize) bytes")
            }
        }
    }
}

/// `sieve parquet scan FILE...`: decodes columns (for timing and checking), prints counts.
struct ParquetScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Decode columns of Parquet files row group by row group and print row and byte counts.",
        discussion: """
            Prints one JSON object per file: {"file","rows","bytes","seconds","rows_per_second","mb_per_second"} where bytes \
            is the size of the decoded values (string bytes; 4 or 8 per number) and MB/s counts decoded bytes per \
            wall-clock second (cpu_seconds: the process's CPU time for the same work). \
            Damaged row groups are reported on stderr and skipped.
            """
    )

    @Argument(help: "Parquet files.")
    var files: [String]

    @Option(name: .long, parsing: .upToNextOption, help: "Columns to decode (default: text).")
    var columns: [String] = ["text"]

    func run() throws {
        for path in files {
            let started = ContinuousClock.now
            let cpuStarted = processCPUSeconds()
            var rows: Int64 = 0, bytes: Int64 = 0
            do {
                let file = try ParquetFile(path: path)
                var ids: [Int] = []
                for name in columns {
                    guard let c = file.column(named: name) else {
                        throw ValidationError("\(file.name): no column '\(name)' (columns: \(file.columns.map(\.name).joined(separator: ", ")))")
                    }
                    ids.append(c.index)
                }
                var buffers: [Int: ColumnBuffer] = [:]
                for g in 0..<file.metadata.rowGroups.count {
                    do {
                        for c in ids {
                            if var b = buffers.removeValue(forKey: c) {
                                try file.readColumn(rowGroup: g, column: c, into: &b)
                                buffers[c] = b
                            } else {
                                buffers[c] = try file.readColumn(rowGroup: g, column: c)
                            }
                            bytes += Int64(buffers[c]?.decodedBytes ?? 0)
                        }
                        rows += file.metadata.rowGroups[g].numRows
                    } catch let e as ParquetError {
                        if case .unsupported = e { throw e }
                        Console.err("warning: \(e)")
                    }
                }
            } catch let e as ParquetError {
                Console.err("error: \(e)")
                throw Exit.failed
            }
            let d = ContinuousClock.now - started
            let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            var o = JSONObject()
            o["file"] = .string(path)
            o["rows"] = .int(rows)
            o["bytes"] = .int(bytes)
            o["seconds"] = .double(seconds)
            o["cpu_seconds"] = .double(processCPUSeconds() - cpuStarted)
            o["rows_per_second"] = .double(seconds > 0 ? Double(rows) / seconds : 0)
            o["mb_per_second"] = .double(seconds > 0 ? Double(bytes) / 1e6 / seconds : 0)
            Console.out(JSONWriter.string(.object(o)))
        }
    }
}

/// CPU time of this process (user + system), in seconds.
private func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
