// Unicode classes used by the pre-tokenizer patterns, cached in a table for speed.

/// Bit flags describing one Unicode scalar for the pre-tokenizer patterns.
///
/// `upper` is the set U = {Lu, Lt, Lm, Lo, M} and `lower` is W = {Ll, Lm, Lo, M} used by the
/// tekken/o200k letter branches; `space` is the Unicode White_Space property (the regex `\s`).
enum CharClass {
    static let letter: UInt8 = 1      // \p{L}
    static let number: UInt8 = 2      // \p{N}
    static let mark: UInt8 = 4        // \p{M}
    static let space: UInt8 = 8       // \s (White_Space)
    static let upper: UInt8 = 16      // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
    static let lower: UInt8 = 32      // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
    static let newline: UInt8 = 64    // [\r\n]

    /// Scalars below this value are looked up in `table`; the rest are computed on demand.
    static let tableLimit: UInt32 = 0x40000

    /// Classes of the scalars below `tableLimit` (built once, on first use).
    static let table: [UInt8] = {
        var t = [UInt8](repeating: 0, count: Int(tableLimit))
        t.withUnsafeMutableBufferPointer { p in
            for v in 0..<tableLimit { p[Int(v)] = compute(v) }
        }
        return t
    }()

    /// The Unicode version of the references' property tables (tiktoken 0.14's Rust `regex`
    /// crate): scalars assigned later are treated as unassigned, as the references see them.
    static let unicodeVersion = (major: 16, minor: 0)

    /// The class flags of scalar value `v` (0 for surrogates and unassigned code points).
    static func compute(_ v: UInt32) -> UInt8 {
        guard let s = Unicode.Scalar(v) else { return 0 }
        if v == 0x0A || v == 0x0D { return space | newline }
        let props = s.properties
        guard let age = props.age, (age.major, age.minor) <= unicodeVersion else { return 0 }
        var c: UInt8 = props.isWhitespace ? space : 0
        switch props.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: c |= letter | upper
        case .lowercaseLetter: c |= letter | lower
        case .modifierLetter, .otherLetter: c |= letter | upper | lower
        case .nonspacingMark, .spacingMark, .enclosingMark: c |= mark | upper | lower
        case .decimalNumber, .letterNumber, .otherNumber: c |= number
        default: break
        }
        return c
    }
}
