import ArgumentParser
import Foundation
import SieveIO
import SieveTokenize

/// `sieve shards`: inspect and merge Megatron indexed datasets (.bin/.idx).
struct ShardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shards",
        abstract: "Inspect or merge Megatron indexed datasets (PREFIX.bin + PREFIX.idx).",
        subcommands: [Inspect.self, Merge.self]
    )

    /// One JSON object describing a dataset.
    static func summary(_ r: MegatronReader) -> String {
        var o = JSONObject()
        o["prefix"] = .string(r.prefix)
        o["dtype"] = .string(r.dtype.name)
        o["documents"] = .int(Int64(r.documentCount))
        o["sequences"] = .int(Int64(r.sequenceCount))
        o["tokens"] = .int(Int64(r.tokenCount))
        o["bin_bytes"] = .int(r.binBytes)
        o["min_sequence_tokens"] = .int(Int64(r.sequenceLengths.min() ?? 0))
        o["max_sequence_tokens"] = .int(Int64(r.sequenceLengths.max() ?? 0))
        return JSONWriter.string(.object(o))
    }

    static func prefix(_ p: String) -> String {
        p.hasSuffix(".idx") || p.hasSuffix(".bin") ? String(p.dropLast(4)) : p
    }

    static func fail(_ command: String, _ error: Error) -> ExitCode {
        FileHandle.standardError.write(Data("sieve shards \(command): \(error)\n".utf8))
        return ExitCode(2)
    }

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print {\"prefix\",\"dtype\",\"documents\",\"sequences\",\"tokens\",...} for each dataset.")

        @Argument(help: "Dataset path without .bin/.idx (a path ending in .idx or .bin is accepted).")
        var prefixes: [String]

        func run() throws {
            for p in prefixes {
                do { print(ShardsCommand.summary(try MegatronReader(prefix: ShardsCommand.prefix(p)))) } catch {
                    throw ShardsCommand.fail("inspect", error)
                }
            }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Concatenate datasets of one dtype into OUT.bin/.idx (like Megatron's add_index).")

        @Argument(help: "Output prefix.")
        var output: String

        @Argument(help: "Input prefixes, in order.")
        var inputs: [String]

        func run() throws {
            do {
                let s = try MegatronWriter.merge(output: ShardsCommand.prefix(output), inputs: inputs.map(ShardsCommand.prefix))
                print(ShardsCommand.summary(try MegatronReader(prefix: s.prefix)))
            } catch {
                throw ShardsCommand.fail("merge", error)
            }
        }
    }
}
