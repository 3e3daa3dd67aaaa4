import SieveIO

/// FineWeb's (datatrove's `URLFilter`) word rules on a URL:
/// - **banned word**: a URL word (a maximal run of ASCII letters and digits, case as written) is
///   on the banned list → `hard_blacklisted`;
/// - **soft-banned words**: at least `softWordThreshold` distinct soft words occur as URL words
///   → `soft_blacklisted`;
/// - **banned subword**: the URL with everything but ASCII letters and digits removed, lower-cased,
///   contains a banned subword → `blacklisted_subword`.
///
/// List entries are normalised the same way (non-alphanumerics removed, lower-cased); lines
/// starting with `#` are comments.
public struct URLWordRules: Sendable {
    private let banned: Set<[UInt8]>
    private let soft: Set<[UInt8]>
    private let subwords: [[UInt8]]
    /// Subwords by their first byte (a quick pre-test).
    private let firstBytes: [Bool]
    public let softWordThreshold: Int

    public init(bannedWords: [String], softBannedWords: [String], bannedSubwords: [String], softWordThreshold: Int = 2) {
        // As datatrove's parse_list: entries starting with `#` are comments.
        let entry = { (w: String) in !w.hasPrefix("#") }
        banned = Set(bannedWords.filter(entry).map(URLWordRules.normalize).filter { !$0.isEmpty })
        soft = Set(softBannedWords.filter(entry).map(URLWordRules.normalize).filter { !$0.isEmpty })
        let subs = Set(bannedSubwords.filter(entry).map(URLWordRules.normalize).filter { !$0.isEmpty }).sorted { $0.lexicographicallyPrecedes($1) }
        subwords = subs
        var fb = [Bool](repeating: false, count: 256)
        for s in subs { fb[Int(s[0])] = true }
        firstBytes = fb
        self.softWordThreshold = softWordThreshold
    }

    /// Reads datatrove's three list files (`banned_words.txt`, `soft_banned_words.txt`,
    /// `banned_subwords.txt`) from `directory`.
    public init(directory: String, softWordThreshold: Int = 2) throws {
        func lines(_ name: String) throws -> [String] {
            let path = directory + "/" + name
            guard FileSystem.exists(path) else {
                throw URLBlocklistError(message: "missing \(path): run scripts/setup.sh (it unpacks datatrove's URL lists)")
            }
            return try FileSystem.readText(path).split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }.map(String.init)
        }
        self.init(bannedWords: try lines("banned_words.txt"), softBannedWords: try lines("soft_banned_words.txt"),
                  bannedSubwords: try lines("banned_subwords.txt"), softWordThreshold: softWordThreshold)
    }

    /// datatrove's `normalize`: ASCII letters and digits only, lower-cased.
    static func normalize(_ s: String) -> [UInt8] {
        s.utf8.compactMap { b in
            if b >= 0x41 && b <= 0x5A { return b | 0x20 }
            return (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) ? b : nil
        }
    }

    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    /// The rule `url` breaks (`hard_blacklisted`, `soft_blacklisted`, `blacklisted_subword`) and the
    /// word that broke it, nil when none.
    public func check(url: String) -> (rule: String, word: String)? {
        var u = url
        return u.withUTF8 { p -> (String, String)? in
            // URL words; an empty word exists where the URL starts or ends with a separator
            // (Python's re.split), and the lists hold no empty entry, so it never matches.
            var softSeen: [[UInt8]] = []
            var i = 0
            var word: [UInt8] = []
            while i <= p.count {
                if i < p.count && URLWordRules.isAlnum(p[i]) {
                    word.append(p[i])
                } else if !word.isEmpty {
                    if banned.contains(word) { return ("hard_blacklisted", String(decoding: word, as: UTF8.self)) }
                    if soft.contains(word) && !softSeen.contains(word) { softSeen.append(word) }
                    word.removeAll(keepingCapacity: true)
                }
                i += 1
            }
            if softSeen.count >= softWordThreshold {
                return ("soft_blacklisted", softSeen.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ","))
            }
            guard !subwords.isEmpty else { return nil }
            var norm: [UInt8] = []
            norm.reserveCapacity(p.count)
            for b in p where URLWordRules.isAlnum(b) { norm.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
            for s in 0..<norm.count where firstBytes[Int(norm[s])] {
                for w in subwords where w[0] == norm[s] && s + w.count <= norm.count {
                    var k = 1
                    while k < w.count && norm[s + k] == w[k] { k += 1 }
                    if k == w.count { return ("blacklisted_subword", String(decoding: w, as: UTF8.self)) }
                }
            }
            return nil
        }
    }
}
