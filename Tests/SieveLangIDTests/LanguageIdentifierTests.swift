import Foundation
import XCTest
@testable import SieveLangID

final class LanguageIdentifierTests: XCTestCase {
    static let filters = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Filters").path

    func testScriptDetection() {
        let cases: [(String, String)] = [
            ("Alle Menschen sind frei", "Latn"), ("Все люди рождаются свободными", "Cyrl"),
            ("جميع الناس يولدون أحرارا", "Arab"), ("सभी मनुष्यों को गौरव", "Deva"),
            ("すべての人間は、生まれながらにして自由", "Jpan"), ("カタカナだけ", "Jpan"),
            ("모든 인간은 태어날 때부터 자유로우며", "Kore"), ("大韓民國 국민", "Kore"),
            ("人人生而自由，在尊严和权利上一律平等", "Hans"), ("人人生而自由，在尊嚴和權利上一律平等", "Hant"),
            ("人人生而自由", "Hani"), ("12345 !!! 😀", "Zyyy"), ("", "Zyyy"),
            ("Hello мир world again", "Latn"), ("Ελληνικά", "Grek"),
        ]
        for (text, script) in cases {
            XCTAssertEqual(LanguageIdentifier.detectScript(text), script, text)
        }
        // Invalid UTF-8 is skipped, not fatal.
        let bad: [UInt8] = [0xFF, 0xFE, 0x61, 0x62, 0xC3]
        XCTAssertEqual(bad.withUnsafeBytes { LanguageIdentifier.detectScript($0) }, "Latn")
    }

    func testLatinFastPathAgreesWithICU() {
        // Random mixtures of ASCII letters, digits, punctuation, accented Latin, other scripts and
        // broken UTF-8, around the point where ASCII letters and other letters balance.
        let pieces: [[UInt8]] = ["a", "Z", "q", "1", " ", ".", "é", "ß", "ж", "Ж", "α", "ا", "न", "中", "か", "カ", "한", "😀",
                                 "\u{301}", "国", "國", "々", "〇", "ー", "א", "ก", "ა", "Ա", "Ꮳ", "ｱ", "Ａ", "\u{FFFE}", "ª"].map { Array($0.utf8) }
            + [[0xC3], [0x80], [0xFF], [0xE4, 0xB8], [0xED, 0xA0, 0x80], [0xE0, 0x80, 0x80], [0xC0, 0xAF]]
        var seed: UInt64 = 42
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(seed >> 33) % n
        }
        for round in 0..<6000 {
            var bytes: [UInt8] = []
            let weightASCII = next(4)
            // Half the rounds draw from well-formed BMP pieces only, so the table path decides.
            let pool = round % 2 == 0 ? pieces.count : pieces.count - 7
            for _ in 0..<next(40) {
                let p = next(4) < weightASCII ? pieces[next(6)] : pieces[next(pool)]
                bytes += p
            }
            bytes.withUnsafeBytes { b in
                XCTAssertEqual(LanguageIdentifier.detectScript(b), LanguageIdentifier.detectScriptICU(b), "\(bytes)")
            }
        }
    }

    func testScriptTableAgreesWithICUOnEveryBMPLetter() throws {
        let table = try XCTUnwrap(ScriptTable.shared)
        var decided = 0
        for c in 0x80..<0x10000 where !(0xD800...0xDFFF).contains(c) {
            let s = String(UnicodeScalar(UInt32(c))!)
            for text in [s, s + s + "x"] {
                var t = text
                let bytes = t.withUTF8 { Array($0) }
                let fast = bytes.withUnsafeBufferPointer { table.dominant($0.baseAddress!, $0.count) }
                if let fast {
                    decided += 1
                    let icu = bytes.withUnsafeBytes { LanguageIdentifier.detectScriptICU($0) }
                    if fast != icu { XCTFail("U+\(String(c, radix: 16)) in \(bytes): \(fast) vs \(icu)"); return }
                }
            }
        }
        XCTAssertGreaterThan(decided, 60_000)  // all but Han (simplified/traditional is ICU's)
    }

    func testGlotLabelParsing() {
        XCTAssertEqual(LanguageIdentifier.parseGlotLabel("deu_Latn"), LanguageLabel(code: "deu", script: "Latn"))
        XCTAssertNil(LanguageIdentifier.parseGlotLabel("de"))
        XCTAssertNil(LanguageIdentifier.parseGlotLabel("deu_latn"))
        XCTAssertEqual(LanguageLabel(code: "zho", script: "Hans").label, "zho_Hans")
    }

    func testTablesCoverLid176AndIso6393() throws {
        let langs = try LanguageIdentifier.readTSV(Self.filters + "/languages.tsv", columns: 2)
        XCTAssertGreaterThan(langs.count, 7800)
        let codes = Set(langs.map { $0[0] })
        let map = try LanguageIdentifier.readTSV(Self.filters + "/lid176-labels.tsv", columns: 2)
        XCTAssertEqual(map.count, 176)
        for r in map { XCTAssertTrue(codes.contains(r[1]), "\(r[0]) → \(r[1]) is not ISO 639-3") }
        XCTAssertTrue(map.contains { $0[0] == "de" && $0[1] == "deu" })
    }

    func testIdentifyMapsLabelsAndThresholds() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sieve-langid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        for f in ["languages.tsv", "lid176-labels.tsv"] {
            try FileManager.default.copyItem(atPath: Self.filters + "/" + f, toPath: dir.appendingPathComponent(f).path)
        }
        try "# comment\ndeu_Latn\t0.8\nzho\t0.5\n".write(to: dir.appendingPathComponent("langid-thresholds.tsv"),
                                                       atomically: true, encoding: .utf8)
        let bytes = ModelWriter.dense(dim: 2, loss: 3, words: ["</s>", "hallo", "你好"],
                                      labels: [("__label__de", 9), ("__label__zh", 3)],
                                      input: [0, 0, 2, -2, -2, 2], output: [1, 0, 0, 1])
        let model = dir.appendingPathComponent("m.bin").path
        _ = FileManager.default.createFile(atPath: model, contents: Data(bytes))
        let li = try LanguageIdentifier(modelPath: model, filtersDir: dir.path)
        let r = li.identify("hallo\nhallo", k: 2)
        XCTAssertEqual(r.best.label, "deu_Latn")
        XCTAssertEqual(r.top.map(\.label), ["deu_Latn", "zho_Latn"])
        XCTAssertEqual(li.identify("你好 简体字", k: 1).best.label, "zho_Hans")
        XCTAssertEqual(li.threshold(for: "deu_Latn"), 0.8)
        XCTAssertEqual(li.threshold(for: "zho_Hant"), 0.5)
        XCTAssertNil(li.threshold(for: "fra_Latn"))
        XCTAssertNil(li.threshold(for: "deu"))
        XCTAssertEqual(li.threshold(for: "zho"), 0.5)
        XCTAssertEqual(li.threshold(for: "zho_Hans_X"), 0.5)  // longer than 8 bytes: the String path
        XCTAssertNil(li.threshold(for: "deu_latn"))
        XCTAssertNil(li.threshold(for: "_Latn"))
        XCTAssertEqual(li.languageName("deu"), "German")
    }
}
