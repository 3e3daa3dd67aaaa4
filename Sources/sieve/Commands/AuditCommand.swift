import ArgumentParser

/// Placeholder: `sieve audit` is not built yet.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "(not built yet)")
    func run() throws { throw ExitCode(3) }
}
