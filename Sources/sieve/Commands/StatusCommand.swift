import ArgumentParser
import SieveIO
import SievePipeline

/// `sieve status`: per stage, tasks done / failed / pending.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show per stage how many tasks are done, failed or pending.",
        discussion: "Exit code 0 when every stage is complete, 1 otherwise.")

    @Argument(help: "The run directory.")
    var out: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        try Console.guarded {
            let record = try RunRecord(directory: out)
            var complete = true
            var rows: [JSONValue] = []
            var failedLines: [String] = []
            for s in record.stages {
                var done = 0, failed = 0
                for t in 0..<s.tasks {
                    if try record.marker(s, task: t) != nil { done += 1 } else if let e = record.failure(s, task: t) {
                        failed += 1
                        failedLines.append("  \(s.name) task \(t): \(e)")
                    }
                }
                if done < s.tasks { complete = false }
                rows.append(["stage": .string(s.name), "tasks": .int(Int64(s.tasks)), "done": .int(Int64(done)),
                             "failed": .int(Int64(failed)), "pending": .int(Int64(s.tasks - done - failed))])
            }
            if json {
                Console.out(JSONWriter.string(["complete": .bool(complete), "stages": .array(rows)]))
            } else {
                Console.out("stage".padding(16) + "done".leftPadding(8) + "failed".leftPadding(8) + "pending".leftPadding(9))
                for r in rows {
                    let o = r.objectValue!
                    Console.out((o["stage"]!.stringValue!).padding(16)
                        + "\(o["done"]!.intValue!)/\(o["tasks"]!.intValue!)".leftPadding(8)
                        + "\(o["failed"]!.intValue!)".leftPadding(8) + "\(o["pending"]!.intValue!)".leftPadding(9))
                }
                if !failedLines.isEmpty { Console.out("failed tasks:\n" + failedLines.joined(separator: "\n")) }
                Console.out(complete ? "complete" : "incomplete")
            }
            if !complete { throw Exit.failed }
        }
    }
}
