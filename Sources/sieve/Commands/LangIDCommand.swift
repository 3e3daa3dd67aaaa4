import ArgumentParser

/// Placeholder: `sieve langid` is not built yet.
struct LangIDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "langid", abstract: "(not built yet)")
    func run() throws { throw ExitCode(3) }
}
