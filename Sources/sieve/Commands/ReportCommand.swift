import ArgumentParser
import SieveIO
import SievePipeline

/// `sieve report`: one self-contained HTML page about a run (opens offline, no scripts).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report of a run (funnel, languages, reasons, robots opt-outs).",
        discussion: """
            The page has inline CSS only (no scripts, fonts or remote resources) and no timestamps or \
            local paths: the same run gives the same bytes. It is not part of the run's manifest.
            """)

    @Argument(help: "The run directory.")
    var out: String

    @Option(name: .shortAndLong, help: "Where to write the page (default: OUT/report.html; `-` for standard output).")
    var output: String?

    func run() throws {
        try Console.guarded {
            let html = try HTMLReport.build(RunRecord(directory: out))
            let path = output ?? FileSystem.join(out, "report.html")
            if path == "-" { Console.out(html); return }
            try OutputFile.writeAtomically(path, html)
            Console.err("wrote \(path)")
        }
    }
}
