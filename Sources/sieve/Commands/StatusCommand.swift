import ArgumentParser

/// Placeholder: `sieve status` is not built yet.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "(not built yet)")
    func run() throws { throw ExitCode(3) }
}
