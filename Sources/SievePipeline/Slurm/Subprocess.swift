#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a finished child process printed and how it ended.
public struct ProcessResult: Sendable {
    /// The exit code, or 128 + the signal number when a signal ended it.
    public var status: Int32
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    public var output: String { String(decoding: stdout, as: UTF8.self) }
    public var errorOutput: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs external commands (sbatch, squeue, scontrol) with an argument vector — never through a
/// shell, so no argument is ever interpreted as shell code.
public enum Subprocess {
    /// The first executable called `name` on `$PATH`.
    public static func which(_ name: String) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        guard let p = getenv("PATH") else { return nil }
        for dir in String(cString: p).split(separator: ":") where !dir.isEmpty {
            let c = "\(dir)/\(name)"
            if access(c, X_OK) == 0 { return c }
        }
        return nil
    }

    /// Runs `argv` (argv[0] looked up on `$PATH`) with stdin from /dev/null; waits for it.
    public static func run(_ argv: [String]) throws -> ProcessResult {
        precondition(!argv.isEmpty)
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0 else { throw TaskError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        guard pipe(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw TaskError("cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in [outPipe[0], outPipe[1], errPipe[0], errPipe[1]] { posix_spawn_file_actions_addclose(&actions, fd) }
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        var pid = pid_t()
        let rc = posix_spawnp(&pid, argv[0], &actions, nil, &cargs, environ)
        close(outPipe[1])
        close(errPipe[1])
        guard rc == 0 else {
            close(outPipe[0]); close(errPipe[0])
            throw TaskError("cannot run \(argv[0]): \(String(cString: strerror(rc)))")
        }
        var fds = [pollfd(fd: outPipe[0], events: Int16(POLLIN), revents: 0),
                   pollfd(fd: errPipe[0], events: Int16(POLLIN), revents: 0)]
        var out: [[UInt8]] = [[], []]
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        var open = 2
        while open > 0 {
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for i in 0..<2 where fds[i].fd >= 0 && fds[i].revents != 0 {
                let n = read(fds[i].fd, &buf, buf.count)
                if n > 0 {
                    out[i] += buf[0..<n]
                } else if n == 0 || errno != EINTR {
                    close(fds[i].fd)
                    fds[i].fd = -1
                    open -= 1
                }
            }
        }
        for f in fds where f.fd >= 0 { close(f.fd) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return ProcessResult(status: code, stdout: out[0], stderr: out[1])
    }
}

/// `text` as one POSIX shell word: unchanged when it holds only safe characters, else in single
/// quotes (a `'` inside becomes `'\''`). Nothing in the result is expanded by the shell.
public func shellQuote(_ text: String) -> String {
    let safe = !text.isEmpty && text.utf8.allSatisfy { c in
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
            || c == 0x5F || c == 0x2D || c == 0x2E || c == 0x2F || c == 0x3A || c == 0x2C || c == 0x3D || c == 0x40
            || c == 0x2B || c == 0x25
    }
    if safe { return text }
    var out = "'"
    for ch in text {
        if ch == "'" { out += "'\\''" } else { out.append(ch) }
    }
    return out + "'"
}
