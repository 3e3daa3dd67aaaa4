import ArgumentParser
import SieveFilters
import SieveIO

/// `sieve urlfilter`: URL blocklist decisions as a JSON Lines filter, and `--compile` of a big list.
struct URLFilterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "urlfilter",
        abstract: "Check URLs against domain blocklists and FineWeb's URL word lists ({\"url\"} in, {\"keep\", …} out).",
        discussion: """
            A host is blocked when it or one of its parent domains is listed. Big lists (UT1: 4.56 M domains,
            .assets/filters/ut1/domains) are compiled once into LIST.sieveidx (sorted 64-bit hashes, mmap);
            --compile does that ahead of time. --words DIR adds datatrove's URLFilter word rules from
            banned_words.txt, soft_banned_words.txt, banned_subwords.txt.
            Output: {"keep": true} or {"keep": false, "reason": "blocklisted_domain", "domain": …} or
            {"keep": false, "reason": "blocklisted_url_word", "rule": hard_blacklisted|soft_blacklisted|blacklisted_subword, "word": …}.
            """
    )

    @Option(name: .customLong("blocklist"), help: "A domain list (one per line); repeatable.")
    var blocklists: [String] = []

    @Option(help: "Folder with banned_words.txt, soft_banned_words.txt, banned_subwords.txt.")
    var words: String?

    @Option(name: .customLong("soft-word-threshold"), help: "Soft-banned words that block a URL.")
    var softWordThreshold = 2

    @Flag(help: "Compile each --blocklist into LIST.sieveidx and exit.")
    var compile = false

    @Flag(help: "Write {\"seconds\": …} (time to open the lists) to standard error.")
    var timing = false

    func run() throws {
        if compile {
            for b in blocklists {
                let t = monotonicSeconds()
                let n = try URLBlocklist.compile(b)
                print("\(b).sieveidx: \(n) domains (\(((monotonicSeconds() - t) * 100).rounded() / 100) s)")
            }
            return
        }
        let t0 = monotonicSeconds()
        var lists: [URLBlocklist] = []
        for b in blocklists {
            do { lists.append(try URLBlocklist(path: b)) } catch { throw ValidationError("\(error)") }
        }
        var rules: URLWordRules?
        if let words {
            do { rules = try URLWordRules(directory: words, softWordThreshold: softWordThreshold) } catch { throw ValidationError("\(error)") }
        }
        let filter = URLFilter(lists: lists, rules: rules)
        let loadSeconds = monotonicSeconds() - t0
        let out = Console.JSONLines()
        try Console.eachInputObject { row, line in
            let url = try Console.string("url", of: row, line: line)
            var result: JSONObject = ["keep": .bool(true)]
            if case .drop(let reason, let detail) = filter.check(url: url) {
                result = ["keep": .bool(false), "reason": .string(reason)]
                for (k, v) in detail { result[k] = v }
            }
            out.write(.object(result))
        }
        out.flush()
        if timing { printTiming(loadSeconds) }
    }
}
