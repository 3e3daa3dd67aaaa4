#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import SieveIO
import SievePipeline

/// Exit codes: 0 success; 1 the work failed or is incomplete (a task failed, verify found a
/// difference, status not complete); 2 a usage or configuration error (fix the command or file).
enum Exit {
    static let failed = ExitCode(1)
    static let usage = ExitCode(2)
}

/// Output helpers for the CLI: stdout for results, stderr for messages and progress.
enum Console {
    static func out(_ s: String) { raw(s + "\n", fd: 1) }

    static func err(_ s: String) { raw(s + "\n", fd: 2) }

    /// Writes all bytes to a file descriptor (1 = stdout, 2 = stderr).
    static func raw(_ s: String, fd: Int32) {
        var s = s
        s.withUTF8 { raw(UnsafeRawBufferPointer($0), fd: fd) }
    }

    static func raw(_ p: UnsafeRawBufferPointer, fd: Int32) {
        var off = 0
        while off < p.count {
            let n = write(fd, p.baseAddress! + off, p.count - off)
            if n <= 0 { if errno == EINTR { continue }; return }
            off += n
        }
    }

    static var stderrIsTTY: Bool { isatty(2) == 1 }

    /// Runs `body`, turning known errors into a message and a meaningful exit code.
    static func guarded(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let e as ConfigError {
            err("error: \(e)")
            throw Exit.usage
        } catch let e as ExitCode {
            throw e
        } catch let e as TaskError {
            err("error: \(e)")
            throw Exit.failed
        } catch let e as InputError {
            err("error: \(e)")
            throw Exit.failed
        } catch let e as OutputError {
            err("error: \(e)")
            throw Exit.failed
        }
    }

    /// Writes one JSON object per line to stdout, buffered.
    final class JSONLines {
        private var buf: [UInt8] = []
        init() { buf.reserveCapacity(1 << 20) }
        func write(_ o: JSONObject) {
            JSONWriter.appendObject(o, to: &buf)
            buf.append(0x0A)
            if buf.count >= 1 << 20 { flush() }
        }
        /// Appends bytes that already form one JSON line (with its newline).
        func writeLine(_ bytes: [UInt8]) {
            buf.append(contentsOf: bytes)
            if buf.count >= 1 << 20 { flush() }
        }
        func write(_ v: JSONValue) {
            JSONWriter.append(v, to: &buf)
            buf.append(0x0A)
            if buf.count >= 1 << 20 { flush() }
        }
        func flush() {
            buf.withUnsafeBytes { Console.raw($0, fd: 1) }
            buf.removeAll(keepingCapacity: true)
        }
        deinit { flush() }
    }

    /// Reads JSON Lines from stdin; calls `body` with each object and its line number (blank lines
    /// are skipped; a non-object line is an error naming its line number, exit 2).
    static func eachInputObject(_ body: (JSONObject, Int) throws -> Void) throws {
        var line = 0
        var buf = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        func handle(_ bytes: ArraySlice<UInt8>) throws {
            line += 1
            var b = bytes
            if b.last == 0x0D { b = b.dropLast() }
            if b.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
            guard let o = try? b.withUnsafeBytes({ try JSONParser.parse($0) }).objectValue else {
                err("error: stdin line \(line): not a JSON object (expected one object per line, e.g. {\"text\": \"…\"})")
                throw Exit.usage
            }
            try body(o, line)
        }
        while true {
            let n = read(0, &chunk, chunk.count)
            if n <= 0 { break }
            // The bytes kept from the last chunk hold no newline: search only the new ones.
            var from = buf.count
            buf.append(contentsOf: chunk[0..<n])
            var start = 0
            while let nl = buf[from...].firstIndex(of: 0x0A) {
                try handle(buf[start..<nl])
                start = nl + 1
                from = start
            }
            buf.removeFirst(start)
        }
        if !buf.isEmpty { try handle(buf[...]) }
    }

    /// The string field `key` of the stdin row on `line`; a row without it is an error naming the
    /// line (exit 2).
    static func string(_ key: String, of row: JSONObject, line: Int) throws -> String {
        guard let s = row[key]?.stringValue else {
            err("error: stdin line \(line): no \"\(key)\" string (expected one object per line, e.g. {\"\(key)\": \"…\"})")
            throw Exit.usage
        }
        return s
    }

    /// Reads plain lines from stdin (e.g. URLs).
    static func eachInputLine(_ body: (String) throws -> Void) throws {
        while let l = readLine(strippingNewline: true) {
            let t = l.hasSuffix("\r") ? String(l.dropLast()) : l
            if !t.isEmpty { try body(t) }
        }
    }
}

/// Draws progress: a redrawn line on a TTY, one line per finished task otherwise.
final class ProgressPrinter: @unchecked Sendable {
    private let tty = Console.stderrIsTTY
    private var stage = ""
    private var tasks = 0
    private var finished = 0
    private var docs: Int64 = 0
    private var lastDraw: Int64 = 0

    func handle(_ e: LocalExecutor.ProgressEvent) {
        switch e {
        case .stageStarted(let name, let tasks, let alreadyDone):
            stage = name
            self.tasks = tasks
            finished = 0
            docs = 0
            if !tty { Console.err("stage \(name): \(tasks) tasks (\(alreadyDone) already done)") }
            draw(force: true)
        case .documents(_, let n):
            docs += n
            draw(force: false)
        case .taskFinished(let name, let task, let m, let skipped):
            finished += 1
            if tty { draw(force: true) } else {
                Console.err("stage \(name) task \(task): \(skipped ? "already done" : "done"): "
                    + "\(m.documentsIn) in, \(m.kept) kept, \(m.dropped) dropped, \(m.modified) modified")
            }
        case .taskFailed(let name, let task, let error):
            if tty { Console.raw("\n", fd: 2) }
            Console.err("stage \(name) task \(task) FAILED: \(error)")
        case .stageFinished:
            if tty { Console.raw("\n", fd: 2) }
        }
    }

    private func draw(force: Bool) {
        guard tty else { return }
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let now = Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
        if !force && now - lastDraw < 100 { return }
        lastDraw = now
        let width = 24
        let filled = tasks > 0 ? width * finished / tasks : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        Console.raw("\r\u{1B}[2K\(stage.padding(12)) \(bar) \(finished)/\(tasks) tasks  \(docs) docs", fd: 2)
    }
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
    func leftPadding(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}

/// Thousands separators and binary units for tables.
enum Format {
    static func count(_ n: Int64) -> String {
        let s = String(n)
        var out = ""
        for (i, c) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 && c != "-" { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    static func bytes(_ n: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var v = Double(n)
        var u = 0
        while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
        if u == 0 { return "\(n) B" }
        let r = (v * 10).rounded() / 10
        return "\(r) \(units[u])"
    }
}
