import Foundation
import XCTest
@testable import SievePipeline
import SieveIO

/// Runs real pipelines on generated JSON Lines inputs.
final class ExecutorTests: XCTestCase {
    var dir = ""

    override func setUp() {
        dir = NSTemporaryDirectory() + "sieve-exec-\(getpid())-\(abs(name.hashValue))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for f in 0..<5 {
            var text = ""
            for i in 0..<200 {
                let host = i % 7 == 0 ? "spam.example" : "site\(i % 3).example.org"
                text += "{\"id\":\"f\(f)-\(i)\",\"text\":\"document \(i) of file \(f)\",\"metadata\":{\"url\":\"https://\(host)/p\(i)\"}}\n"
            }
            if f == 2 { text += "{broken json\n" }
            FileManager.default.createFile(atPath: dir + "/in\(f).jsonl", contents: Data(text.utf8))
        }
        let yaml = """
            name: exec
            inputs: [in*.jsonl]
            tasks: 3
            stages:
              - urlfilter: {domains: [spam.example]}
              - extract: {tasks: 2}
            """
        FileManager.default.createFile(atPath: dir + "/p.yaml", contents: Data(yaml.utf8))
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// A retried task removes the `.tmp.PID` files of its own outputs that killed attempts left,
    /// and nothing else: not its own process's, not other files', not look-alikes.
    func testLeftoversOfKilledAttemptsAreRemovedAndNothingElse() throws {
        let d = dir + "/leftovers"
        try FileSystem.createDirectories(d)
        let names = ["00001.jsonl.zst", "00001.jsonl.zst.tmp.123", "00001.jsonl.zst.tmp.\(getpid())",
                     "00002.jsonl.zst.tmp.77", "00001.jsonl.zst.tmpx", "00001.jsonl.zst.tmp.12a", "x00001.jsonl.zst.tmp.9"]
        for n in names { _ = try OutputFile.writeAtomically(d + "/" + n, "x") }
        XCTAssertEqual(TaskRunner.removeLeftovers(besides: [d + "/00001.jsonl.zst", dir + "/missing/00001.json"]), 1)
        XCTAssertEqual(FileSystem.list(d), names.filter { $0 != "00001.jsonl.zst.tmp.123" }.sorted())
        let t = OutputFile.temporaryName("a.tmp.b.jsonl.zst.tmp.42")
        XCTAssertEqual(t.map { String($0.name) }, "a.tmp.b.jsonl.zst")
        XCTAssertEqual(t?.pid, 42)
        for other in ["x.tmp.", "x.tmp.0", ".tmp", "tmp.5", "x.tmpx.5", "x.jsonl.zst"] { XCTAssertNil(OutputFile.temporaryName(other), other) }
        XCTAssertEqual(OutputFile.temporaryPath("d/x.zst", pid: 7), "d/x.zst.tmp.7")
    }

    /// run.json records each Parquet input's row groups; the first stage's tasks split by that
    /// record, without opening the footers again (here the file is cut after run.json was written).
    func testFirstStageUnitsComeFromRunJSONAndInputsAreHashedInParallel() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/parquet/fineweb-sample.parquet").path
        let copy = dir + "/sample.parquet"
        try FileManager.default.copyItem(atPath: fixture, toPath: copy)
        let inputs = [copy] + (0..<5).map { dir + "/in\($0).jsonl" }
        let one = try InputFacts.gather(inputs, format: nil, hash: true, threads: 1)
        XCTAssertEqual(try InputFacts.gather(inputs, format: nil, hash: true, threads: 4), one)
        XCTAssertEqual(one[0].rowGroups, 3)
        XCTAssertEqual(one[1].rowGroups, nil)
        XCTAssertEqual(one[1].sha256, try FileSystem.sha256(of: inputs[1]))
        XCTAssertThrowsError(try InputFacts.gather(inputs + [dir + "/missing"], format: nil, hash: true, threads: 4))

        let yaml = "inputs: [sample.parquet]\ntasks: 2\nstages: [urlfilter]\n"
        FileManager.default.createFile(atPath: dir + "/pq.yaml", contents: Data(yaml.utf8))
        let cfg = try PipelineConfig.load(path: dir + "/pq.yaml", outOverride: dir + "/pq")
        let run = RunDirectory(cfg.out)
        try RunInfo.prepare(config: cfg, run: run)
        XCTAssertEqual(RunInfo.recordedRowGroups(run), [copy: 3])
        let size = FileSystem.size(copy) ?? 0
        XCTAssertEqual(truncate(copy, off_t(size / 2)), 0)  // the footer is gone
        let units = TaskRunner(config: cfg, run: run).firstStageUnits()
        XCTAssertEqual(units.map(\.rowGroups), [0..<1, 1..<2, 2..<3])
    }

    /// An existing run.json refuses another set of inputs: a changed size (what `sieve run` and
    /// `sieve slurm submit` check) or another list of paths (what each array element checks).
    func testRunJSONRefusesOtherInputs() throws {
        let cfg = try PipelineConfig.load(path: dir + "/p.yaml", outOverride: dir + "/r")
        let run = RunDirectory(cfg.out)
        try RunInfo.prepare(config: cfg, run: run)
        try RunInfo.prepare(config: cfg, run: run)
        let h = try XCTUnwrap(FileHandle(forWritingAtPath: dir + "/in3.jsonl"))
        h.seekToEndOfFile()
        h.write(Data("{\"text\":\"one more\"}\n".utf8))
        h.closeFile()
        XCTAssertThrowsError(try RunInfo.prepare(config: cfg, run: run)) { e in
            XCTAssertTrue("\(e)".contains("holds a run of another config or other inputs"), "\(e)")
        }
        XCTAssertNoThrow(try RunInfo.prepare(config: cfg, run: run, inputSizes: false), "an element compares paths only")
        FileManager.default.createFile(atPath: dir + "/in9.jsonl", contents: Data("{\"text\":\"x\"}\n".utf8))
        let more = try PipelineConfig.load(path: dir + "/p.yaml", outOverride: dir + "/r")
        XCTAssertThrowsError(try RunInfo.prepare(config: more, run: run, inputSizes: false))
    }

    func run(out: String, workers: Int) throws -> JSONObject {
        let cfg = try PipelineConfig.load(path: dir + "/p.yaml", outOverride: dir + "/" + out)
        let failures = try LocalExecutor(config: cfg, workers: workers).runAll()
        XCTAssertTrue(failures.isEmpty, "\(failures)")
        return try JSONParser.parse(FileSystem.readFile(dir + "/\(out)/manifest.json")).objectValue?["files"]?.objectValue ?? [:]
    }

    func testOutputsAreIdenticalWithOneOrTwoWorkers() throws {
        let a = try run(out: "a", workers: 1)
        let b = try run(out: "b", workers: 2)
        XCTAssertFalse(a.isEmpty)
        XCTAssertEqual(a, b)
        XCTAssertEqual(try FileSystem.readFile(dir + "/a/run.json"), try FileSystem.readFile(dir + "/b/run.json"))
    }

    func testEveryDocumentIsAccountedFor() throws {
        _ = try run(out: "a", workers: 2)
        let summary = try AuditSummary.build(RunRecord(directory: dir + "/a"))
        let first = try XCTUnwrap(summary["stages"]?.arrayValue?.first?.objectValue?["counts"]?.objectValue)
        XCTAssertEqual(first["documents_in"]?.intValue, 1001)  // 5 × 200 + one broken line
        XCTAssertEqual(first["kept"]?.intValue, 5 * (200 - 29))
        XCTAssertEqual((first["kept"]?.intValue ?? 0) + (first["dropped"]?.intValue ?? 0), 1001)
        let reasons = summary["stages"]?.arrayValue?.first?.objectValue?["reasons"]?.objectValue?["drop"]?.objectValue
        XCTAssertEqual(reasons?["blocklisted_domain"]?.objectValue?["documents"]?.intValue, 5 * 29)
        XCTAssertEqual(reasons?["bad_json_line"]?.objectValue?["documents"]?.intValue, 1)
        let second = try XCTUnwrap(summary["stages"]?.arrayValue?.last?.objectValue?["counts"]?.objectValue)
        XCTAssertEqual(second["documents_in"]?.intValue, first["kept"]?.intValue)
    }

    func testRerunSkipsFinishedTasksAndVerifyMatches() throws {
        let a = try run(out: "a", workers: 2)
        let marker = dir + "/a/02-extract/done/00001.json"
        let before = try FileSystem.readFile(marker)
        XCTAssertEqual(try run(out: "a", workers: 1), a)
        XCTAssertEqual(try FileSystem.readFile(marker), before)
        let v = try Verifier.verify(directory: dir + "/a", workers: 2)
        XCTAssertTrue(v.identical, "\(v.differences)")
        XCTAssertEqual(v.filesCompared, a.count)
    }

    func testVerifyNamesAChangedOutput() throws {
        _ = try run(out: "a", workers: 2)
        // Tamper with a recorded hash: verify must name that file.
        let path = dir + "/a/manifest.json"
        var text = try FileSystem.readText(path)
        let key = "01-urlfilter/removed/00000.jsonl.zst\": \""
        let r = try XCTUnwrap(text.range(of: key))
        text.replaceSubrange(r.upperBound..<text.index(r.upperBound, offsetBy: 4), with: "0000")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let v = try Verifier.verify(directory: dir + "/a", workers: 2)
        XCTAssertFalse(v.identical)
        XCTAssertTrue(v.differences.contains { $0.hasPrefix("01-urlfilter/removed/00000.jsonl.zst") }, "\(v.differences)")
    }

    func testAuditWhyFollowsADocument() throws {
        _ = try run(out: "a", workers: 2)
        let record = try RunRecord(directory: dir + "/a")
        let dropped = try AuditQuery.why(record, key: "f1-7")
        XCTAssertEqual(dropped.count, 1)
        XCTAssertEqual(dropped.first?["reason"], "blocklisted_domain")
        let kept = try AuditQuery.why(record, key: "https://site1.example.org/p1")
        XCTAssertEqual(kept.map { $0["action"]?.stringValue }, ["keep", "keep"])
        let sample = try AuditQuery.sample(record, stage: "urlfilter", reason: "blocklisted_domain", n: 3)
        XCTAssertEqual(sample.count, 3)
    }
}
