import SieveIO
import XCTest
@testable import SieveTokenize

final class MegatronTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = "/tmp/sieve-megatron-tests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileSystem.createDirectories(dir)
    }

    override func tearDown() { FileSystem.removeTree(dir) }

    let docs: [[Int32]] = [[1, 2, 3], [], [65535, 0], Array(0..<1000)]

    func testRoundTripBothDtypes() throws {
        for dtype in [MegatronDType.uint16, .int32] {
            let w = try MegatronWriter(prefix: dir + "/d_\(dtype.name)", dtype: dtype)
            for d in docs { try w.add(document: d) }
            let s = try w.finish()
            XCTAssertEqual(s.documents, 4)
            XCTAssertEqual(s.tokens, 1005)
            let r = try MegatronReader(prefix: s.prefix)
            XCTAssertEqual(r.dtype, dtype)
            XCTAssertEqual(r.documentIndices, [0, 1, 2, 3, 4])
            XCTAssertEqual(try (0..<4).map { try r.document($0) }, docs)
            XCTAssertEqual(FileSystem.size(s.prefix + ".idx"), Int64(42 + 20 * 4))
            XCTAssertEqual(FileSystem.size(s.prefix + ".bin"), Int64(1005 * dtype.itemSize))
        }
        XCTAssertEqual(MegatronDType.optimal(vocabSize: 65499), .uint16)
        XCTAssertEqual(MegatronDType.optimal(vocabSize: 131072), .int32)
    }

    func testUint16RejectsLargeIdsAndUnfinishedWriterLeavesNothing() throws {
        do {
            let w = try MegatronWriter(prefix: dir + "/bad", dtype: .uint16)
            XCTAssertThrowsError(try w.add(document: [70000]))
        }
        XCTAssertFalse(FileSystem.exists(dir + "/bad.bin"))
        XCTAssertFalse(FileSystem.exists(dir + "/bad.bin.tmp"))
    }

    func testShardWriterCutsAtBudgetAndMergeRestoresTheWhole() throws {
        let sw = try ShardWriter(directory: dir + "/shards", basename: "x", dtype: .int32, shardTokens: 5)
        let input: [[Int32]] = [[1, 2], [3, 4, 5], [6], [7, 8, 9, 10, 11, 12, 13], [14]]
        for (i, d) in input.enumerated() { try sw.add(tokens: d, provenance: ["id": .string("d\(i)")]) }
        let shards = try sw.finish()
        XCTAssertEqual(shards.map(\.tokens), [5, 1, 7, 1])
        XCTAssertEqual(shards.map { FileSystem.basename($0.prefix) }, ["x_00000", "x_00001", "x_00002", "x_00003"])
        XCTAssertEqual(try FileSystem.readText(shards[0].prefix + ".provenance.jsonl"), "{\"id\":\"d0\"}\n{\"id\":\"d1\"}\n")
        let merged = try MegatronWriter.merge(output: dir + "/all", inputs: shards.map(\.prefix))
        let r = try MegatronReader(prefix: merged.prefix)
        XCTAssertEqual(try (0..<r.documentCount).map { try r.document($0) }, input)
    }

    func testBlendSortsLanguagesAndWeightsByTokens() throws {
        let a = ShardInfo(prefix: dir + "/shards/fra_Latn/x_00000", documents: 2, tokens: 10, binSHA256: "b", idxSHA256: "i", provenanceSHA256: "p")
        let b = ShardInfo(prefix: dir + "/shards/deu_Latn/x_00000", documents: 1, tokens: 5, binSHA256: "b", idxSHA256: "i", provenanceSHA256: "p")
        let j = Blend.json(["fra_Latn": [a], "deu_Latn": [b]], base: dir + "/shards")
        let o = try XCTUnwrap(j.objectValue)
        XCTAssertEqual(o["total_tokens"], .int(15))
        XCTAssertEqual(o["languages"]?.objectValue?.keys, ["deu_Latn", "fra_Latn"])
        XCTAssertEqual(o["data_path"], .string("5 deu_Latn/x_00000 10 fra_Latn/x_00000"))
    }
}
