import Foundation
import XCTest
@testable import SievePipeline
import SieveIO

final class ConfigTests: XCTestCase {
    var dir = ""

    override func setUp() {
        dir = NSTemporaryDirectory() + "sieve-config-\(getpid())-\(abs(name.hashValue))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir + "/in.jsonl", contents: Data("{\"text\":\"x\"}\n".utf8))
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func parse(_ yaml: String) throws -> PipelineConfig {
        try PipelineConfig.parse(text: yaml, path: dir + "/pipeline.yaml")
    }

    func assertConfigError(_ yaml: String, line: Int?, contains text: String, file: StaticString = #filePath, lineNo: UInt = #line) {
        XCTAssertThrowsError(try parse(yaml), file: file, line: lineNo) { e in
            guard let e = e as? ConfigError else { return XCTFail("not a ConfigError: \(e)", file: file, line: lineNo) }
            XCTAssertEqual(e.line, line, "\(e)", file: file, line: lineNo)
            XCTAssertTrue(e.description.contains(text), "\(e)", file: file, line: lineNo)
            XCTAssertTrue(e.description.hasPrefix(dir + "/pipeline.yaml"), "\(e)", file: file, line: lineNo)
        }
    }

    /// The folder-listing path of `Glob.expand` gives what glob(3) gives (folders left out),
    /// on dot files, folders, links to folders and files, odd names and relative patterns.
    func testGlobListingMatchesGlob3() throws {
        let g = dir + "/g"
        let fm = FileManager.default
        try fm.createDirectory(atPath: g + "/sub.x", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: g + "/d2", withIntermediateDirectories: true)
        for n in ["a.x", "b.x", ".hidden.x", "c.y", "with space.x", "[br].x", "ab", "d2/a.x"] {
            fm.createFile(atPath: g + "/" + n, contents: Data("x".utf8))
        }
        try fm.createSymbolicLink(atPath: g + "/link-dir.x", withDestinationPath: g + "/d2")
        try fm.createSymbolicLink(atPath: g + "/link-file.x", withDestinationPath: g + "/a.x")
        try fm.createSymbolicLink(atPath: g + "/dangling.x", withDestinationPath: g + "/nothing")
        let patterns = ["*.x", "*", ".*", "?.x", "[ab]*", "[!a]*.x", "\\[br\\].x", "*.none", "*/a.x", "d2/*"]
        for p in patterns {
            XCTAssertEqual(Glob.expand(g + "/" + p), Glob.glob3(g + "/" + p), p)
        }
        XCTAssertEqual(Glob.expand(g + "/*.x").map { FileSystem.basename($0) },
                       ["[br].x", "a.x", "b.x", "dangling.x", "link-file.x", "with space.x"])
        let cwd = fm.currentDirectoryPath
        defer { fm.changeCurrentDirectoryPath(cwd) }
        fm.changeCurrentDirectoryPath(g)
        XCTAssertEqual(Glob.expand("*.x"), Glob.glob3("*.x"))
        XCTAssertEqual(Glob.expand("*.x").first, "[br].x", "relative patterns give relative paths")
        XCTAssertEqual(Glob.expand("d2/*.x"), ["d2/a.x"])
    }

    func testValidConfig() throws {
        let c = try parse("""
            name: t
            inputs: [in.jsonl]
            tasks: 3
            stages:
              - urlfilter: {domains: [a.com], tasks: 2}
              - extract
            """)
        XCTAssertEqual(c.stages.map(\.name), ["urlfilter", "extract"])
        XCTAssertEqual(c.stages.map(\.tasks), [2, 3])
        XCTAssertEqual(c.stages[0].folderName, "01-urlfilter")
        XCTAssertEqual(c.inputs, [dir + "/in.jsonl"])
    }

    func testUnknownKeySuggestsTheRightOne() {
        assertConfigError("""
            inputs: [in.jsonl]
            stages:
              - extract: {max_page_bytes: 1MiB}
              - urlfilter:
                  domians: [a.com]
            """, line: 5, contains: "unknown key 'domians' in stage 'urlfilter' (did you mean 'domains'?)")
    }

    func testUnknownMinHashHashing() {
        assertConfigError("""
            inputs: [in.jsonl]
            stages:
              - dedup:
                  minhash: {hashing: one_permutaton}
            """, line: 4, contains: "'hashing' must be one of one_permutation, permutations, not 'one_permutaton' (did you mean 'one_permutation'?)")
    }

    func testUnknownStageAndTopLevelKey() {
        assertConfigError("inputs: [in.jsonl]\nstages:\n  - extrct: {}\n", line: 3, contains: "unknown stage 'extrct' (did you mean 'extract'?)")
        assertConfigError("inputs: [in.jsonl]\ntask: 3\nstages: [extract]\n", line: 2, contains: "unknown key 'task' in the pipeline (did you mean 'tasks'?)")
    }

    func testWrongTypesAndMissingFiles() {
        assertConfigError("inputs: [in.jsonl]\ntasks: many\nstages: [extract]\n", line: 2, contains: "'tasks' must be a whole number, not 'many'")
        assertConfigError("inputs: [in.jsonl]\nstages:\n  - extract: {max_page_bytes: lots}\n", line: 3, contains: "must be a size")
        assertConfigError("inputs: [missing/*.warc.gz]\nstages: [extract]\n", line: 1, contains: "matches no file")
        assertConfigError("inputs: [in.jsonl]\nstages:\n  - urlfilter: {blocklist: nope.txt}\n", line: 3, contains: "no such file or folder 'nope.txt'")
        assertConfigError("inputs: [in.jsonl]\ntasks: 0\nstages: [extract]\n", line: 2, contains: "at least 1")
    }

    /// Without per-language thresholds the quality stage would judge every language by the
    /// English defaults: a `filters:` folder lacking `quality/` is a config error naming the fix.
    func testQualityNeedsItsThresholdsFolder() throws {
        try FileManager.default.createDirectory(atPath: dir + "/EmptyFilters", withIntermediateDirectories: true)
        assertConfigError("inputs: [in.jsonl]\nfilters: EmptyFilters\nstages:\n  - quality: {}\n", line: 4,
                          contains: "set the top-level `filters: PATH/TO/Filters`")
    }

    func testBrokenYAMLNamesTheLine() {
        assertConfigError("inputs: [in.jsonl\nstages: [extract]\n", line: 2, contains: "not valid YAML")
    }

    func testStagesAreRequired() {
        assertConfigError("inputs: [in.jsonl]\n", line: nil, contains: "needs `stages:`")
        assertConfigError("stages: [extract]\n", line: 1, contains: "needs `inputs:`")
    }

    func testSizes() {
        XCTAssertEqual(parseSize("10MiB"), 10 << 20)
        XCTAssertEqual(parseSize("500 KiB"), 500 * 1024)
        XCTAssertEqual(parseSize("1_000_000"), 1_000_000)
        XCTAssertEqual(parseSize("2GB"), 2_000_000_000)
        XCTAssertNil(parseSize("ten"))
    }
}
