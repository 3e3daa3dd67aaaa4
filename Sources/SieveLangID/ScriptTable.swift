import CICU

/// ICU's script of every letter of the Basic Multilingual Plane, read once from ICU, so that
/// `LanguageIdentifier.detectScript` can count scripts without a call per character.
///
/// `count` answers exactly as `cicu_dominant_script`, or nil where the table cannot decide alone
/// (supplementary or ill-formed characters, a tie for the most letters, Han text that needs the
/// simplified/traditional test): the caller then asks ICU.
struct ScriptTable: Sendable {
    /// Per BMP code point: 0 when ICU does not count it (not a letter, or Common/Inherited/
    /// Unknown script), else a script class ≥ 1.
    private let classOf: [UInt8]
    /// Per class: the ISO 15924 code.
    private let names: [String]
    /// Classes of the Han, Hiragana, Katakana and Hangul scripts (0 when absent).
    private let han: Int, hiragana: Int, katakana: Int, hangul: Int
    /// The class of every ASCII letter when they share one (Latin), else 0 (no ASCII shortcut).
    private let asciiClass: Int

    /// The table, built on first use (a few milliseconds of ICU calls); nil if ICU misbehaves.
    static let shared: ScriptTable? = ScriptTable()

    private init?() {
        // ICU's script of every BMP code point that `cicu_dominant_script` counts (one pass of
        // property lookups in C), numbered by first appearance.
        var scripts = [Int16](repeating: -1, count: 0x10000)
        _ = scripts.withUnsafeMutableBufferPointer { cicu_bmp_letter_scripts($0.baseAddress!) }
        var out = [CChar](repeating: 0, count: 8)
        var classOf = [UInt8](repeating: 0, count: 0x10000)
        var names = [""]
        var classes: [String: Int] = [:]
        var classOfScript: [Int: Int] = [:]
        for c in 0..<0x10000 where scripts[c] >= 0 {
            let sc = Int(scripts[c])
            if let k = classOfScript[sc] {
                classOf[c] = UInt8(k)
                continue
            }
            let ok = out.withUnsafeMutableBufferPointer { o in cicu_script_of(Int32(c), o.baseAddress, 8) }
            guard ok == 0 else { return nil }
            let name = String(decoding: out.prefix(4).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let k: Int
            if let known = classes[name] {
                k = known
            } else {
                k = names.count
                guard k < 256 else { return nil }
                names.append(name)
                classes[name] = k
            }
            classOfScript[sc] = k
            classOf[c] = UInt8(k)
        }
        self.classOf = classOf
        self.names = names
        han = classes["Hani"] ?? 0
        hiragana = classes["Hira"] ?? 0
        katakana = classes["Kana"] ?? 0
        hangul = classes["Hang"] ?? 0
        let a = Int(classOf[0x61])
        asciiClass = a > 0 && (0..<0x80).allSatisfy { c in
            let letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A
            return Int(classOf[c]) == (letter ? a : 0)
        } ? a : 0
    }

    /// The dominant script of `p[0..<n]` as `cicu_dominant_script` decides it, or nil when ICU
    /// must decide.
    func dominant(_ p: UnsafePointer<UInt8>, _ n: Int) -> String? {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 256) { counts -> String? in
            counts.initialize(repeating: 0)
            let cb = counts.baseAddress.unsafelyUnwrapped
            let raw = UnsafeRawPointer(p)
            let asciiClass = self.asciiClass
            var asciiLetters = 0
            var i = 0
            // Class 0 (not counted) is a bin like the others, so every character costs one
            // unconditional increment; runs of 8 ASCII bytes count their letters at once.
            let decodable = classOf.withUnsafeBufferPointer { tb -> Bool in
                let table = tb.baseAddress.unsafelyUnwrapped
                while i < n {
                    let b0 = Int(p[i])
                    var c: Int
                    if b0 < 0x80 {
                        if asciiClass > 0 && i &+ 8 <= n {
                            let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                            if x & 0x8080_8080_8080_8080 == 0 {
                                // Letter bytes have (b | 0x20) in 0x61...0x7A.
                                let y = x | 0x2020_2020_2020_2020
                                asciiLetters &+= ((y &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(y &+ 0x0505_0505_0505_0505)
                                    & 0x8080_8080_8080_8080).nonzeroBitCount
                                i &+= 8
                                continue
                            }
                        }
                        c = b0
                        i &+= 1
                    } else if b0 >= 0xC2 && b0 <= 0xDF {
                        guard i + 1 < n else { return false }
                        let b1 = Int(p[i + 1])
                        guard b1 & 0xC0 == 0x80 else { return false }
                        c = (b0 & 0x1F) << 6 | (b1 & 0x3F)
                        i &+= 2
                    } else if b0 >= 0xE0 && b0 <= 0xEF {
                        guard i + 2 < n else { return false }
                        let b1 = Int(p[i + 1]), b2 = Int(p[i + 2])
                        guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return false }
                        if b0 == 0xE0 && b1 < 0xA0 { return false }  // overlong
                        if b0 == 0xED && b1 >= 0xA0 { return false }  // surrogate
                        c = (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F)
                        i &+= 3
                    } else {
                        return false  // supplementary or ill-formed: ICU decides
                    }
                    cb[Int(table[c])] &+= 1
                }
                return true
            }
            if asciiClass > 0 { cb[asciiClass] &+= Int32(truncatingIfNeeded: asciiLetters) }
            return decodable ? finish(counts) : nil
        }
    }

    private func finish(_ counts: UnsafeMutableBufferPointer<Int32>) -> String? {
        var best = 0, bestCount: Int32 = 0, tie = false
        for k in 1..<names.count {
            let v = counts[k]
            if v > bestCount {
                best = k
                bestCount = v
                tie = false
            } else if v == bestCount && v > 0 {
                tie = true
            }
        }
        if best == 0 { return "Zyyy" }
        if tie { return nil }  // ICU breaks ties by its script codes
        if best == han || best == hiragana || best == katakana || best == hangul {
            let h = han == 0 ? 0 : counts[han]
            let kana = (hiragana == 0 ? 0 : counts[hiragana]) + (katakana == 0 ? 0 : counts[katakana])
            let hang = hangul == 0 ? 0 : counts[hangul]
            if kana > 0 && kana >= hang && kana + h >= bestCount { return "Jpan" }
            if hang > 0 && hang + h >= bestCount { return "Kore" }
            if best == han { return nil }  // simplified/traditional: ICU's transliterators
        }
        return names[best]
    }
}
