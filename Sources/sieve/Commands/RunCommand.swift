import ArgumentParser

/// Placeholder: `sieve run` is not built yet.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "(not built yet)")
    func run() throws { throw ExitCode(3) }
}
