import ArgumentParser

/// Placeholder: `sieve verify` is not built yet.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "(not built yet)")
    func run() throws { throw ExitCode(3) }
}
