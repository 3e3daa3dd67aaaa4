import ArgumentParser
import Foundation
import SieveExtract
import SieveIO

/// `sieve html FILE...`: extracts the main text of local HTML files, one JSON line per file.
/// A tool for tests and benchmarks of the extractor; the pipeline stage is `sieve extract`.
struct HTMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "html",
        abstract: "Extract the main text of HTML files (one JSON line per file: file, text, charset).",
        shouldDisplay: false)

    @Option(help: "Charset to assume, as an HTTP header would give it (default: detect).")
    var charset: String?

    @Option(name: .customLong("content-type"), help: "Content type to assume (default: text/html).")
    var contentType: String = "text/html"

    @Option(name: .customLong("max-page-bytes"), help: "Reject pages larger than this.")
    var maxPageBytes: Int?

    @Option(help: "Extract every file this many times (benchmarking); prints the rate to stderr.")
    var `repeat`: Int = 1

    @Flag(help: "Print nothing but the rate (with --repeat).")
    var quiet = false

    @Argument(help: "HTML files.")
    var files: [String]

    /// CPU time of this process (the machine may be shared: wall time would measure the neighbours).
    static func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    func run() throws {
        var options = ExtractOptions()
        if let m = maxPageBytes { options.maxPageBytes = m }
        let extractor = HTMLExtractor(options: options)
        var pages: [(String, WebPage)] = []
        for f in files {
            guard let data = FileManager.default.contents(atPath: f) else {
                throw ValidationError("cannot read \(f): check the path")
            }
            pages.append((f, WebPage(id: f, url: "file://" + f, date: nil, fileOffset: 0, recordType: "resource",
                                     httpStatus: nil, contentType: contentType, charset: charset, body: [UInt8](data))))
        }
        var out: [UInt8] = []
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = Self.cpuSeconds()
        var bytes = 0
        for r in 0..<max(1, `repeat`) {
            for (f, page) in pages {
                let outcome = extractor.extract(page)
                bytes += page.body.count
                guard r == 0, !quiet else { continue }
                var row = JSONObject()
                row["file"] = .string(f)
                switch outcome {
                case .text(let text, let meta):
                    row["text"] = .string(text)
                    row["charset"] = meta["charset"] ?? .null
                    if let t = meta["title"] { row["title"] = t }
                case .rejected(let reason, let detail):
                    row["rejected"] = .string(reason)
                    row["detail"] = .object(detail)
                }
                JSONWriter.appendObject(row, to: &out)
                out.append(10)
                if out.count > 1 << 16 { FileHandle.standardOutput.write(Data(out)); out.removeAll(keepingCapacity: true) }
            }
        }
        FileHandle.standardOutput.write(Data(out))
        if `repeat` > 1 {
            let secs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let cpu = Self.cpuSeconds() - cpuStart
            let n = pages.count * `repeat`
            // Fields: pages, CPU s, pages per CPU s, MB per CPU s, wall s.
            FileHandle.standardError.write(Data(String(format: "%d pages in %.3f CPU s: %.1f pages/s, %.1f MB/s (wall %.3f s)\n",
                                                       n, cpu, Double(n) / cpu, Double(bytes) / cpu / 1e6, secs).utf8))
        }
    }
}
