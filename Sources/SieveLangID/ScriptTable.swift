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

    /// The table, built on first use (a few milliseconds of ICU calls); nil if ICU misbehaves.
    static let shared: ScriptTable? = ScriptTable()

    private init?() {
        var counted = [Bool](repeating: false, count: 0x10000)
        // Which code points ICU counts, a block at a time: one call answers a block where all
        // or none count (most of them); mixed blocks are halved. Enough "a"s make Latin win, so
        // Han never reaches the transliterators.
        var utf8: [UInt8] = []
        var out = [CChar](repeating: 0, count: 8)
        func letters(_ range: Range<Int>) -> Int {
            utf8.removeAll(keepingCapacity: true)
            var n = 0
            for c in range where !(0xD800...0xDFFF).contains(c) {
                ScriptTable.encode(c, into: &utf8)
                n += 1
            }
            for _ in 0...n { utf8.append(0x61) }
            let got = utf8.withUnsafeBufferPointer { u in
                out.withUnsafeMutableBufferPointer { o in
                    cicu_dominant_script(u.baseAddress, Int32(u.count), 0, o.baseAddress, 8)
                }
            }
            return Int(got) - (n + 1)
        }
        func mark(_ range: Range<Int>) -> Bool {
            let n = letters(range)
            let size = range.filter { !(0xD800...0xDFFF).contains($0) }.count
            guard n >= 0, n <= size else { return false }
            if n == 0 { return true }
            if n == size {
                for c in range where !(0xD800...0xDFFF).contains(c) { counted[c] = true }
                return true
            }
            let mid = (range.lowerBound + range.upperBound) / 2
            return mark(range.lowerBound..<mid) && mark(mid..<range.upperBound)
        }
        for block in stride(from: 0, to: 0x10000, by: 512) {
            guard mark(block..<(block + 512)) else { return nil }
        }
        var classOf = [UInt8](repeating: 0, count: 0x10000)
        var names = [""]
        var classes: [String: Int] = [:]
        for c in 0..<0x10000 where counted[c] {
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
            classOf[c] = UInt8(k)
        }
        self.classOf = classOf
        self.names = names
        han = classes["Hani"] ?? 0
        hiragana = classes["Hira"] ?? 0
        katakana = classes["Kana"] ?? 0
        hangul = classes["Hang"] ?? 0
    }

    private static func encode(_ c: Int, into out: inout [UInt8]) {
        switch c {
        case ..<0x80: out.append(UInt8(c))
        case ..<0x800: out += [UInt8(0xC0 | c >> 6), UInt8(0x80 | c & 0x3F)]
        default: out += [UInt8(0xE0 | c >> 12), UInt8(0x80 | (c >> 6) & 0x3F), UInt8(0x80 | c & 0x3F)]
        }
    }

    /// The dominant script of `p[0..<n]` as `cicu_dominant_script` decides it, or nil when ICU
    /// must decide.
    func dominant(_ p: UnsafePointer<UInt8>, _ n: Int) -> String? {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 256) { counts -> String? in
            counts.initialize(repeating: 0)
            var i = 0
            let decodable = classOf.withUnsafeBufferPointer { table -> Bool in
                while i < n {
                    let b0 = Int(p[i])
                    var c: Int
                    if b0 < 0x80 {
                        c = b0
                        i += 1
                    } else if b0 >= 0xC2 && b0 <= 0xDF {
                        guard i + 1 < n else { return false }
                        let b1 = Int(p[i + 1])
                        guard b1 & 0xC0 == 0x80 else { return false }
                        c = (b0 & 0x1F) << 6 | (b1 & 0x3F)
                        i += 2
                    } else if b0 >= 0xE0 && b0 <= 0xEF {
                        guard i + 2 < n else { return false }
                        let b1 = Int(p[i + 1]), b2 = Int(p[i + 2])
                        guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return false }
                        if b0 == 0xE0 && b1 < 0xA0 { return false }  // overlong
                        if b0 == 0xED && b1 >= 0xA0 { return false }  // surrogate
                        c = (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F)
                        i += 3
                    } else {
                        return false  // supplementary or ill-formed: ICU decides
                    }
                    let k = Int(table[c])
                    if k != 0 { counts[k] &+= 1 }
                }
                return true
            }
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
