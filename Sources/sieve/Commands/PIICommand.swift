import ArgumentParser
import SieveFilters
import SieveIO

/// `sieve pii`: redacts personal data as a JSON Lines filter.
struct PIICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pii",
        abstract: "Redact emails, IP addresses, IBANs (and optionally phone and card numbers) in JSON Lines.",
        discussion: """
            Reads {"text": …} rows on standard input and writes {"text": redacted, "counts": {"email": 1, …}}
            (other fields kept). Placeholders: <email-pii>, <ip-pii>, <iban-pii>, <phone-pii>, <card-pii>.
            """
    )

    @Option(help: "Comma-separated kinds: email, ip, iban, phone, card.")
    var kinds = "email,ip,iban"

    @Flag(help: "Also write the replaced byte spans of the original text (\"spans\": [[kind, start, end], …]).")
    var spans = false

    @Flag(help: .hidden)
    var timing = false

    func run() throws {
        var selected: [PIIRedactor.Kind] = []
        for k in kinds.split(separator: ",") {
            guard let kind = PIIRedactor.Kind(rawValue: k.trimmingCharacters()) else {
                throw ValidationError("unknown PII kind '\(k)': use email, ip, iban, phone or card")
            }
            selected.append(kind)
        }
        let redactor = try PIIRedactor(kinds: selected)
        let out = Console.JSONLines()
        var seconds = 0.0
        try Console.eachInputObject { input, line in
            var row = input
            let text = try Console.string("text", of: row, line: line)
            let t0 = timing ? monotonicSeconds() : 0
            let r = redactor.redact(text)
            if timing { seconds += monotonicSeconds() - t0 }
            row["text"] = .string(r.text)
            var counts = JSONObject()
            for k in redactor.kinds { counts[k.rawValue] = .int(Int64(r.counts[k] ?? 0)) }
            row["counts"] = .object(counts)
            if spans {
                row["spans"] = .array(r.spans.map { .array([.string($0.kind.rawValue), .int(Int64($0.start)), .int(Int64($0.end))]) })
            }
            out.write(.object(row))
        }
        out.flush()
        if timing { printTiming(seconds) }
    }
}
