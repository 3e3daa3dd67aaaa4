import ArgumentParser

/// Placeholder: `sieve stage` is not built yet.
struct StageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stage", abstract: "(not built yet)")
    func run() throws { throw ExitCode(3) }
}
