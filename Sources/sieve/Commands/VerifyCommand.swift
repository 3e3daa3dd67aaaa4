import ArgumentParser
import SievePipeline

/// `sieve verify`: rebuild from run.json and compare with manifest.json.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Rebuild a run from its run.json in a scratch folder and compare every sha256 with manifest.json.",
        discussion: "Exit code 0 when every output is identical, 1 when anything differs (each difference is named).")

    @Argument(help: "The run directory.")
    var out: String

    @Option(help: "Tasks run at the same time.")
    var workers: Int?

    @Option(help: "Scratch folder for the rebuild (default OUT/.verify; removed when identical).")
    var scratch: String?

    func run() throws {
        try Console.guarded {
            let r = try Verifier.verify(directory: out, workers: workers ?? System.cores, scratch: scratch)
            if r.identical {
                Console.out("identical: \(r.filesCompared) files match manifest.json")
            } else {
                Console.out("DIFFERENT:")
                for d in r.differences { Console.out("  \(d)") }
                throw Exit.failed
            }
        }
    }
}
