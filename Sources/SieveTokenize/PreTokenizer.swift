// Native implementations of the known pre-tokenizer regexes (no regex engine on the hot path).

/// A pre-tokenization pattern this module implements natively.
///
/// Each case reproduces one published regex exactly (leftmost alternative wins, greedy with
/// backtracking, look-ahead `\s+(?!\S)`), over Unicode scalars with general categories.
public enum PreTokenizerPattern: String, Sendable, CaseIterable {
    /// Mistral tekken (`tekken_240718.json`): split-case letter runs, single digits.
    case tekken
    /// OpenAI o200k_base: tekken's letter branches + contraction suffix, digits in groups of 3.
    case o200k
    /// OpenAI cl100k_base as in tiktoken ≥ 0.8 (possessive quantifiers, `\s++$`).
    case cl100k
    /// The cl100k / Llama-3 pattern as written in older releases and Hugging Face ports.
    case cl100kLegacy
    /// GPT-2 (r50k/p50k, Hugging Face `ByteLevel(use_regex: true)`).
    case gpt2

    /// The regex source text of each pattern, as tokenizer files spell it.
    public static let knownSources: [(String, PreTokenizerPattern)] = [
        (#"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"#, .tekken),
        (#"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"#, .o200k),
        (#"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"#, .cl100k),
        (#"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#, .cl100kLegacy),
        (#"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#, .gpt2),
        (#"'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"#, .gpt2),
        (#"'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#, .gpt2),
    ]

    /// The pattern whose regex source is exactly `source`, if it is one this module implements.
    public static func recognize(_ source: String) -> PreTokenizerPattern? {
        knownSources.first { $0.0 == source }?.1
    }
}

/// A text decoded into Unicode scalars: their class flags and UTF-8 byte offsets.
/// The buffers are kept (and only grown) across texts; `count` is the current text's scalars.
struct ScalarText {
    var cls: [UInt8] = []
    /// Byte offset of scalar i; `off[count]` is the byte length.
    var off: [Int32] = []
    /// Number of scalars of the loaded text.
    var count = 0

    /// Decodes valid UTF-8 `bytes` (as produced by `String.utf8`).
    mutating func load(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        if cls.count < n { cls = [UInt8](repeating: 0, count: max(n, 2 * cls.count)) }
        if off.count < n + 1 { off = [Int32](repeating: 0, count: max(n + 1, 2 * off.count)) }
        var k = 0
        CharClass.table.withUnsafeBufferPointer { table in
            cls.withUnsafeMutableBufferPointer { cls in
                off.withUnsafeMutableBufferPointer { off in
                    var i = 0
                    while i < n {
                        let b0 = UInt32(bytes[i])
                        if b0 < 0x80 {
                            cls[k] = table[Int(b0)]
                            off[k] = Int32(i)
                            k += 1
                            i += 1
                            continue
                        }
                        var v: UInt32
                        var len: Int
                        if b0 < 0xE0 {
                            v = (b0 & 0x1F) << 6 | (UInt32(bytes[i + 1]) & 0x3F); len = 2
                        } else if b0 < 0xF0 {
                            v = (b0 & 0x0F) << 12 | (UInt32(bytes[i + 1]) & 0x3F) << 6 | (UInt32(bytes[i + 2]) & 0x3F); len = 3
                        } else {
                            v = (b0 & 0x07) << 18 | (UInt32(bytes[i + 1]) & 0x3F) << 12
                                | (UInt32(bytes[i + 2]) & 0x3F) << 6 | (UInt32(bytes[i + 3]) & 0x3F)
                            len = 4
                        }
                        cls[k] = v < CharClass.tableLimit ? table[Int(v)] : CharClass.compute(v)
                        off[k] = Int32(i)
                        k += 1
                        i += len
                    }
                    off[k] = Int32(n)
                }
            }
        }
        count = k
    }
}

/// Splits a decoded text into pre-tokenization pieces following one `PreTokenizerPattern`.
struct PreTokenizer {
    let pattern: PreTokenizerPattern

    /// Calls `piece(startByte, endByte)` for every piece, in order; the pieces tile the text.
    func split(_ text: ScalarText, _ bytes: UnsafeBufferPointer<UInt8>, _ piece: (Int, Int) -> Void) {
        text.cls.withUnsafeBufferPointer { allCls in
            text.off.withUnsafeBufferPointer { allOff in
                let cls = UnsafeBufferPointer(rebasing: allCls[0..<text.count])
                let off = UnsafeBufferPointer(rebasing: allOff[0...text.count])
                let m = Matcher(cls: cls, off: off, bytes: bytes, n: text.count)
                var i = 0
                while i < m.n {
                    let e: Int
                    switch pattern {
                    case .tekken: e = m.matchSplitCase(i, digits: 1, suffix: false)
                    case .o200k: e = m.matchSplitCase(i, digits: 3, suffix: true)
                    case .cl100k: e = m.matchCl100k(i, endRun: true)
                    case .cl100kLegacy: e = m.matchCl100k(i, endRun: false)
                    case .gpt2: e = m.matchGPT2(i)
                    }
                    piece(Int(off[i]), Int(off[e]))
                    i = e
                }
            }
        }
    }
}

/// The branch matchers over scalar indices. Every `match…` returns the end index (> start).
private struct Matcher {
    let cls: UnsafeBufferPointer<UInt8>
    let off: UnsafeBufferPointer<Int32>
    let bytes: UnsafeBufferPointer<UInt8>
    let n: Int

    @inline(__always) func has(_ i: Int, _ flags: UInt8) -> Bool { i < n && cls[i] & flags != 0 }

    /// `[^\r\n\p{L}\p{N}]`
    @inline(__always) func isPrefix(_ i: Int) -> Bool {
        i < n && cls[i] & (CharClass.letter | CharClass.number | CharClass.newline) == 0
    }

    /// `[^\s\p{L}\p{N}]`
    @inline(__always) func isPunct(_ i: Int) -> Bool {
        i < n && cls[i] & (CharClass.letter | CharClass.number | CharClass.space) == 0
    }

    /// The scalar i is the ASCII byte `c`.
    @inline(__always) func isASCII(_ i: Int, _ c: UInt8) -> Bool {
        i < n && off[i + 1] - off[i] == 1 && bytes[Int(off[i])] == c
    }

    /// Lower-cased ASCII letter of scalar i (U+017F ſ folds to s), or 0.
    @inline(__always) func foldedLetter(_ i: Int) -> UInt8 {
        guard i < n else { return 0 }
        let s = Int(off[i])
        let len = off[i + 1] - off[i]
        if len == 1 {
            let b = bytes[s]
            return (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
        }
        if len == 2 && bytes[s] == 0xC5 && bytes[s + 1] == 0xBF { return UInt8(ascii: "s") }
        return 0
    }

    /// `'s|'t|'re|'ve|'m|'ll|'d` at i (case-insensitive or not); returns the end or nil.
    func contraction(_ i: Int, caseInsensitive: Bool) -> Int? {
        guard isASCII(i, UInt8(ascii: "'")) else { return nil }
        let a: UInt8
        let b: UInt8
        if caseInsensitive {
            a = foldedLetter(i + 1); b = foldedLetter(i + 2)
        } else {
            a = (i + 1 < n && off[i + 2] - off[i + 1] == 1) ? bytes[Int(off[i + 1])] : 0
            b = (i + 2 < n && off[i + 3] - off[i + 2] == 1) ? bytes[Int(off[i + 2])] : 0
        }
        switch a {
        case UInt8(ascii: "s"), UInt8(ascii: "d"), UInt8(ascii: "m"), UInt8(ascii: "t"): return i + 2
        case UInt8(ascii: "l"): return b == UInt8(ascii: "l") ? i + 3 : nil
        case UInt8(ascii: "v"), UInt8(ascii: "r"): return b == UInt8(ascii: "e") ? i + 3 : nil
        default: return nil
        }
    }

    /// `U* W+` from q.
    func branchA(_ q: Int) -> Int? {
        var j = q
        var lastW = -1
        while j < n && cls[j] & CharClass.upper != 0 {
            if cls[j] & CharClass.lower != 0 { lastW = j }
            j += 1
        }
        if has(j, CharClass.lower) {
            var k = j + 1
            while has(k, CharClass.lower) { k += 1 }
            return k
        }
        return lastW >= 0 ? lastW + 1 : nil
    }

    /// `U+ W*` from q.
    func branchB(_ q: Int) -> Int? {
        var j = q
        while has(j, CharClass.upper) { j += 1 }
        if j == q { return nil }
        while has(j, CharClass.lower) { j += 1 }
        return j
    }

    /// ` ?[^\s\p{L}\p{N}]+` followed by a run of CR/LF (and `/` when `slash`); nil if no punctuation.
    func punctuation(_ p: Int, trailing: Bool, slash: Bool) -> Int? {
        var q = p
        if isASCII(p, 0x20) && isPunct(p + 1) { q = p + 1 }
        guard isPunct(q) else { return nil }
        var k = q + 1
        while isPunct(k) { k += 1 }
        if trailing {
            while k < n && (cls[k] & CharClass.newline != 0 || (slash && isASCII(k, UInt8(ascii: "/")))) { k += 1 }
        }
        return k
    }

    /// Whitespace at p: `(\s++$)? | (\s*[\r\n]+)? | \s+(?!\S) | \s+`.
    func whitespace(_ p: Int, endRun: Bool, newlines: Bool) -> Int {
        var r = p
        while has(r, CharClass.space) { r += 1 }
        if r == p { return p + 1 }  // unreachable for the known patterns; keeps progress
        if r == n && endRun { return n }
        if newlines {
            var k = r - 1
            while k >= p {
                if cls[k] & CharClass.newline != 0 { return k + 1 }
                k -= 1
            }
        }
        if r == n { return n }
        return r - p >= 2 ? r - 1 : p + 1
    }

    /// tekken (digits 1, no suffix) and o200k (digits 3, contraction suffix).
    func matchSplitCase(_ p: Int, digits: Int, suffix: Bool) -> Int {
        var end: Int? = nil
        let pre = isPrefix(p)
        if pre, let e = branchA(p + 1) { end = e }
        else if let e = branchA(p) { end = e }
        else if pre, let e = branchB(p + 1) { end = e }
        else if let e = branchB(p) { end = e }
        if let e = end {
            if suffix, let s = contraction(e, caseInsensitive: true) { return s }
            return e
        }
        if has(p, CharClass.number) {
            var k = p + 1
            while k - p < digits && has(k, CharClass.number) { k += 1 }
            return k
        }
        if let e = punctuation(p, trailing: true, slash: true) { return e }
        return whitespace(p, endRun: false, newlines: true)
    }

    /// cl100k_base (tiktoken ≥ 0.8 when `endRun`, else the legacy form).
    func matchCl100k(_ p: Int, endRun: Bool) -> Int {
        if let e = contraction(p, caseInsensitive: true) { return e }
        let q = (isPrefix(p) && has(p + 1, CharClass.letter)) ? p + 1 : p
        if has(q, CharClass.letter) {
            var k = q + 1
            while has(k, CharClass.letter) { k += 1 }
            return k
        }
        if has(p, CharClass.number) {
            var k = p + 1
            while k - p < 3 && has(k, CharClass.number) { k += 1 }
            return k
        }
        if let e = punctuation(p, trailing: true, slash: false) { return e }
        return whitespace(p, endRun: endRun, newlines: true)
    }

    /// GPT-2.
    func matchGPT2(_ p: Int) -> Int {
        if let e = contraction(p, caseInsensitive: false) { return e }
        let sp = isASCII(p, 0x20)
        var q = (sp && has(p + 1, CharClass.letter)) ? p + 1 : p
        if has(q, CharClass.letter) {
            var k = q + 1
            while has(k, CharClass.letter) { k += 1 }
            return k
        }
        q = (sp && has(p + 1, CharClass.number)) ? p + 1 : p
        if has(q, CharClass.number) {
            var k = q + 1
            while has(k, CharClass.number) { k += 1 }
            return k
        }
        if let e = punctuation(p, trailing: false, slash: false) { return e }
        return whitespace(p, endRun: false, newlines: false)
    }
}
