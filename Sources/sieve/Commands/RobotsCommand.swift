import ArgumentParser

/// Placeholder: `sieve robots` is not built yet.
struct RobotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "robots", abstract: "(not built yet)")
    func run() throws { throw ExitCode(3) }
}
