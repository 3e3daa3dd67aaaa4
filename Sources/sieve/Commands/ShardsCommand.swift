import ArgumentParser

/// Placeholder: `sieve shards` is not built yet.
struct ShardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "shards", abstract: "(not built yet)")
    func run() throws { throw ExitCode(3) }
}
