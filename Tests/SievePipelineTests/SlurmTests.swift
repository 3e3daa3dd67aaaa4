import Foundation
import XCTest
@testable import SievePipeline
import SieveIO

/// The `slurm:` options parser, the array planning and the batch script (no cluster needed; the
/// real-Slurm tests are in Tests/oracle/test_slurm.py).
final class SlurmTests: XCTestCase {
    var dir = ""

    override func setUp() {
        dir = NSTemporaryDirectory() + "sieve-slurm-\(getpid())-\(abs(name.hashValue))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir + "/in.jsonl", contents: Data("{\"text\":\"x\"}\n".utf8))
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func config(_ slurm: String, tasks: Int = 7, out: String? = nil) throws -> PipelineConfig {
        try PipelineConfig.parse(text: "inputs: [in.jsonl]\ntasks: \(tasks)\nstages: [extract, urlfilter]\n" + slurm,
                                 path: dir + "/pipeline.yaml", outOverride: out)
    }

    func assertError(_ slurm: String, line: Int, contains text: String, file: StaticString = #filePath, l: UInt = #line) {
        XCTAssertThrowsError(try config(slurm), file: file, line: l) { e in
            guard let e = e as? ConfigError else { return XCTFail("not a ConfigError: \(e)", file: file, line: l) }
            XCTAssertEqual(e.line, line, "\(e)", file: file, line: l)
            XCTAssertTrue(e.description.contains(text), "\(e)", file: file, line: l)
        }
    }

    func testOptionsWithStageOverrides() throws {
        let c = try config("""
            slurm:
              partition: normal
              account: a-b1
              time: "04:00:00"
              mem_per_cpu: 2GiB
              parallel: 8
              extra: ["#SBATCH --constraint=mc", "module load x"]
              stages: {urlfilter: {cpus_per_task: 8, mem: 16G, time: "1-00:00:00", extra: ["echo hi"]}}
            """)
        let s = try SlurmSettings.load(config: c)
        let e = s.options(for: "extract"), u = s.options(for: "urlfilter")
        XCTAssertEqual(e.partition, "normal")
        XCTAssertEqual(e.memPerCPU, "2G")
        XCTAssertNil(e.cpusPerTask)
        XCTAssertEqual(u.cpusPerTask, 8)
        XCTAssertEqual(u.mem, "16G")
        XCTAssertNil(u.memPerCPU, "a stage's mem replaces the global mem_per_cpu")
        XCTAssertEqual(u.time, "1-00:00:00")
        XCTAssertEqual(u.extra, ["#SBATCH --constraint=mc", "module load x", "echo hi"])
        XCTAssertNil(s.maxArraySize, "unset: submit asks the cluster")
    }

    func testAStageNameCoversEveryPhaseAndAPhaseNameOnlyItself() throws {
        let c = try PipelineConfig.parse(text: """
            inputs: [in.jsonl]
            tasks: 2
            stages: [extract, {dedup: {exact: true}}]
            slurm:
              time: "1:00:00"
              stages: {dedup: {cpus_per_task: 4}, dedup-signatures: {mem: 8G, time: "2:00:00"}}
            """, path: dir + "/pipeline.yaml")
        let s = try SlurmSettings.load(config: c)
        let plan = SlurmPlan.make(config: c, settings: s, sieve: "/opt/sieve")
        let phases = plan.stages.filter { $0.entry.definition.name == "dedup" }
        XCTAssertGreaterThan(phases.count, 1, "dedup runs in several phases")
        for p in phases {
            XCTAssertEqual(p.options.cpusPerTask, 4, p.entry.name)
            XCTAssertTrue(p.script.contains("\n#SBATCH --cpus-per-task=4\n"), p.entry.name)
            let own = p.entry.name == "dedup-signatures"
            XCTAssertEqual(p.options.mem, own ? "8G" : nil, p.entry.name)
            XCTAssertEqual(p.options.time, own ? "2:00:00" : "1:00:00", p.entry.name)
        }
        let extract = try XCTUnwrap(plan.stages.first { $0.entry.name == "extract" })
        XCTAssertNil(extract.options.cpusPerTask)
        XCTAssertTrue(extract.script.contains("\n#SBATCH --cpus-per-task=1\n"))
    }

    func testMistakesNameTheLine() {
        assertError("slurm:\n  partiton: normal\n", line: 5, contains: "unknown key 'partiton' in the `slurm:` section (did you mean 'partition'?)")
        assertError("slurm:\n  stages:\n    extrct: {time: \"1:00\"}\n", line: 6, contains: "names 'extrct', which is not a stage of this pipeline (did you mean 'extract'?)")
        assertError("slurm:\n  stages: {urlfilter: {cpu_per_task: 2}}\n", line: 5, contains: "unknown key 'cpu_per_task'")
        assertError("slurm:\n  partition: \"a; rm -rf /\"\n", line: 5, contains: "'partition' must be a plain name")
        assertError("slurm:\n  time: \"$(reboot)\"\n", line: 5, contains: "Slurm time limit")
        assertError("slurm:\n  mem: 4G\n  mem_per_cpu: 1G\n", line: 6, contains: "not both")
        assertError("slurm:\n  mem: lots\n", line: 5, contains: "memory size")
        assertError("slurm:\n  max_array_size: 0\n", line: 5, contains: "at least 1")
    }

    func testSplitArraysAndResubmitOnlyMissingTasks() throws {
        let out = dir + "/run dir"
        let c = try config("slurm: {max_array_size: 3, parallel: 2}\n", out: out)
        let s = try SlurmSettings.load(config: c)
        var plan = SlurmPlan.make(config: c, settings: s, sieve: "/opt/sieve")
        XCTAssertEqual(plan.stages.map(\.entry.name), ["extract", "urlfilter"])
        XCTAssertEqual(plan.stages[0].arrays.map(\.arraySpec), ["0-2%2", "0-2%2", "0"])
        XCTAssertEqual(plan.stages[0].arrays.map(\.runOffset), [0, 3, 6])
        XCTAssertEqual(plan.stages[0].arrays.map(\.tasks), [[0, 1, 2], [3, 4, 5], [6]])

        // Tasks 0, 2, 3, 4, 6 of extract are done: only 1 and 5 are left, in their own arrays.
        let run = RunDirectory(out)
        for t in [0, 2, 3, 4, 6] { _ = try OutputFile.writeAtomically(run.marker(c.stages[0], task: t), "{}") }
        plan = SlurmPlan.make(config: c, settings: s, sieve: "/opt/sieve", workers: 1)
        XCTAssertEqual(plan.stages[0].arrays.map(\.arraySpec), ["1", "2"])
        XCTAssertEqual(plan.stages[0].arrays.map(\.runOffset), [0, 3])
        XCTAssertEqual(plan.stages[1].arrays.map(\.arraySpec), ["0-2%1", "0-2%1", "0"])
        let args = plan.sbatchArguments(plan.stages[1].arrays[1], of: plan.stages[1], after: ["11", "12"])
        XCTAssertTrue(args.contains("--export=ALL,RUN_OFFSET=3"))
        XCTAssertTrue(args.contains("--dependency=afterok:11:12"))
        XCTAssertTrue(args.contains("--kill-on-invalid-dep=yes"))
        XCTAssertTrue(args.contains("--output=\(out)/02-urlfilter/logs/slurm-%A_%a.out"))
        XCTAssertEqual(args.last, out + "/slurm/02-urlfilter.sbatch")
    }

    func testTheConfigsArraySizeWinsOverTheClustersAndSlurmsDefaultComesLast() throws {
        let set = try config("slurm: {max_array_size: 2}\n", out: dir + "/a")
        var plan = SlurmPlan.make(config: set, settings: try SlurmSettings.load(config: set), sieve: "/s", maxArraySize: 5)
        XCTAssertEqual(plan.stages[0].arrays.map(\.tasks), [[0, 1], [2, 3], [4, 5], [6]])
        let unset = try config("", out: dir + "/b")
        plan = SlurmPlan.make(config: unset, settings: try SlurmSettings.load(config: unset), sieve: "/s", maxArraySize: 5)
        XCTAssertEqual(plan.stages[0].arrays.map(\.tasks), [[0, 1, 2, 3, 4], [5, 6]])
        plan = SlurmPlan.make(config: unset, settings: try SlurmSettings.load(config: unset), sieve: "/s")
        XCTAssertEqual(plan.stages[0].arrays.map(\.arraySpec), ["0-6"], "Slurm's default, 1001")
    }

    func testMaxArraySizeFromScontrolShowConfig() {
        // The layout of `scontrol show config` (Slurm 22.05): padded names, " = ", values.
        let text = """
            Configuration data as of 2026-12-07T01:00:00
            AccountingStorageBackupHost = (null)
            MaxArraySize            = 3
            MaxJobCount             = 10000
            """
        XCTAssertEqual(SlurmCluster.parseMaxArraySize(text), 3)
        XCTAssertNil(SlurmCluster.parseMaxArraySize("MaxJobCount = 10000\n"))
    }

    func testRangeListAndPercentEscape() throws {
        XCTAssertEqual(rangeList([0, 1, 2, 5, 7, 8]), "0-2,5,7-8")
        XCTAssertEqual(rangeList([4]), "4")
        let c = try config("", tasks: 1, out: dir + "/100%done")
        let plan = SlurmPlan.make(config: c, settings: try SlurmSettings.load(config: c), sieve: "/s")
        let args = plan.sbatchArguments(plan.stages[0].arrays[0], of: plan.stages[0], after: [])
        XCTAssertTrue(args.contains("--output=\(dir)/100%%done/01-extract/logs/slurm-%A_%a.out"), "\(args)")
    }

    /// Every quoted path reaches the shell as exactly the same bytes, and runs nothing.
    func testScriptQuotingIsShellSafe() throws {
        let nasty = dir + "/run $HOME 'a' \"b\"; touch INJECTED `id` \\ end"
        let c = try config("", tasks: 1, out: nasty)
        let plan = SlurmPlan.make(config: c, settings: try SlurmSettings.load(config: c), sieve: "/x/it's sieve")
        let script = plan.stages[0].script
        let vars = script.split(separator: "\n").filter { $0.hasPrefix("SIEVE=") || $0.hasPrefix("OUT=") || $0.hasPrefix("STAGE=") }
        XCTAssertEqual(vars.count, 3)
        let probe = vars.joined(separator: "\n") + "\nprintf '%s\\n' \"$SIEVE\" \"$OUT\" \"$STAGE\"\n"
        let r = try Subprocess.run(["/bin/sh", "-c", probe])
        XCTAssertEqual(r.status, 0, r.errorOutput)
        XCTAssertEqual(r.output, "/x/it's sieve\n\(nasty)\nextract\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/INJECTED"))
        XCTAssertTrue(script.contains("#SBATCH --signal=B:USR1@120\n#SBATCH --requeue"))
        XCTAssertEqual(shellQuote("plain/path-1.x"), "plain/path-1.x")
        XCTAssertEqual(shellQuote(""), "''")
    }

    func testUntilCutsThePlanAfterAStageOrAPhase() throws {
        let c = try PipelineConfig.parse(text: """
            inputs: [in.jsonl]
            tasks: 2
            stages: [extract, {dedup: {exact: true}}, urlfilter]
            """, path: dir + "/pipeline.yaml", outOverride: dir + "/u")
        let plan = SlurmPlan.make(config: c, settings: try SlurmSettings.load(config: c), sieve: "/s")
        let all = plan.stages.map(\.entry.name)
        XCTAssertEqual(try plan.until("extract", in: c).stages.map(\.entry.name), ["extract"])
        let dedup = try plan.until("dedup", in: c).stages.map(\.entry.name)
        XCTAssertEqual(dedup, Array(all.dropLast()), "a stage's name covers all its phases")
        XCTAssertEqual(try plan.until("dedup-buckets", in: c).stages.last?.entry.name, "dedup-buckets")
        XCTAssertEqual(try plan.until("urlfilter", in: c).stages.map(\.entry.name), all)
        XCTAssertThrowsError(try plan.until("dedupe", in: c)) { e in
            XCTAssertTrue("\(e)".contains("did you mean 'dedup'?"), "\(e)")
        }
    }

    func testTimeLimitForms() {
        let cases: [(String, Int?)] = [
            ("30", 1800), ("30:15", 1815), ("4:00:00", 14400), ("1-12", 129600), ("1-0:30", 88200),
            ("2-01:02:03", 176523), ("0:59", 59),
            ("", nil), ("1:2:3:4", nil), ("1-", nil), ("-5", nil), ("1-2:3:4:5", nil), ("a", nil), ("1::2", nil), ("1-2-3", nil),
        ]
        for (text, seconds) in cases { XCTAssertEqual(SlurmSettings.timeLimitSeconds(text), seconds, text) }
        assertError("slurm:\n  time: \"1:2:3:4\"\n", line: 5, contains: "Slurm time limit")
    }

    /// USR1 (and the self-requeue on it) only when the time limit leaves room for Slurm's early
    /// signal; the requeue stops after a few restarts.
    func testSignalOnlyWithRoomBeforeTheLimitAndRequeuesAreCapped() throws {
        func script(_ slurm: String) throws -> String {
            let c = try config(slurm, tasks: 1, out: dir + "/s")
            return SlurmPlan.make(config: c, settings: try SlurmSettings.load(config: c), sieve: "/s").stages[0].script
        }
        for (slurm, signalled) in [("", true), ("slurm: {time: \"10:00\"}\n", true), ("slurm: {time: \"1-0\"}\n", true),
                                   ("slurm: {time: INFINITE}\n", true),
                                   ("slurm: {time: \"9:59\"}\n", false), ("slurm: {time: \"2\"}\n", false)] {
            let s = try script(slurm)
            XCTAssertEqual(s.contains("#SBATCH --signal=B:USR1@120"), signalled, slurm)
            XCTAssertEqual(s.contains("trap requeue USR1"), signalled, slurm)
            XCTAssertTrue(s.contains("#SBATCH --requeue"), "node failures and preemption still requeue")
        }
        XCTAssertTrue(try script("").contains("if [ \"${SLURM_RESTART_COUNT:-0}\" -ge 3 ]; then"))
    }

    func testChangingOnlyTheSlurmSectionKeepsTheRun() throws {
        let out = dir + "/run"
        try RunInfo.prepare(config: try config("slurm: {time: \"1:00:00\"}\n", out: out), run: RunDirectory(out))
        try RunInfo.prepare(config: try config("slurm: {time: \"4:00:00\", partition: big}\n", out: out), run: RunDirectory(out))
        let info = try JSONParser.parse(FileSystem.readFile(out + "/run.json")).objectValue
        XCTAssertTrue(info?["config_yaml"]?.stringValue?.contains("partition: big") == true, "run.json follows the new slurm: section")
        XCTAssertThrowsError(try RunInfo.prepare(config: try config("", tasks: 3, out: out), run: RunDirectory(out)))
        XCTAssertTrue(SlurmSettings.differOnlyInSlurm("a: 1\nslurm: {x: 1}\n", "a: 1\n"))
        XCTAssertFalse(SlurmSettings.differOnlyInSlurm("a: 1\nslurm: {x: 1}\n", "a: 2\nslurm: {x: 1}\n"))
    }
}
