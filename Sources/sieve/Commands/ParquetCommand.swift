import ArgumentParser

/// `sieve parquet`: Parquet files without Arrow (write; the reader adds its subcommands here).
struct ParquetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parquet",
        abstract: "Write Parquet files natively (zstd/snappy/uncompressed).",
        subcommands: [ParquetWrite.self]
    )
}
