import ArgumentParser

/// Placeholder: `sieve tokenize` is not built yet.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokenize", abstract: "(not built yet)")
    func run() throws { throw ExitCode(3) }
}
