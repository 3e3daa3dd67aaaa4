import ArgumentParser

/// The `sieve` command: web dumps → compliant, deduplicated, tokenized training shards.
@main
struct Sieve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sieve",
        abstract: "Turn web dumps into compliant, deduplicated, tokenized training shards.",
        discussion: "Run the whole pipeline with `sieve run pipeline.yaml`; see README.md.",
        version: sieveVersion,
        subcommands: [
            RunCommand.self, StageCommand.self, SlurmCommand.self, StatusCommand.self, AuditCommand.self, VerifyCommand.self,
            ExtractCommand.self, HTMLCommand.self, WARCCommand.self, RobotsCommand.self, LangIDCommand.self,
            TokenizeCommand.self, ShardsCommand.self, QualityCommand.self, PIICommand.self, ToxicityCommand.self, ReportCommand.self,
            DedupCommand.self, ParquetCommand.self, URLFilterCommand.self, CalibrateCommand.self,
        ]
    )
}

let sieveVersion = "0.1.0"
