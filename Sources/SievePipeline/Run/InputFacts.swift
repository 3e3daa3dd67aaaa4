#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import SieveIO
import SieveParquet

/// What run.json records about each pipeline input: its size, its sha256 and, for a Parquet
/// file, its number of row groups (the first stage splits such a file into one unit per group).
///
/// Gathered once, when run.json is written, several inputs at a time: hashing reads every input
/// in full, which for a large crawl is the longest part of starting a run. Recording the row
/// groups spares every task of the first stage from opening every Parquet footer (T tasks × N
/// inputs reads otherwise).
public struct InputFacts: Sendable, Equatable {
    public var size: Int64
    public var sha256: String?
    /// Row groups of a readable Parquet footer; nil for other inputs and unreadable footers.
    public var rowGroups: Int?

    /// The facts of each input, in order. `hash: false` skips the sha256 and the Parquet footers
    /// (the cheap check of an existing run.json). The first error, in input order, is thrown.
    public static func gather(_ inputs: [String], format: InputFormat?, hash: Bool,
                              threads: Int = defaultThreads) throws -> [InputFacts] {
        let box = Results(inputs.count)
        let work: @Sendable (Int) -> Void = { i in
            let path = inputs[i]
            let r = Result { () throws -> InputFacts in
                var f = InputFacts(size: FileSystem.size(path) ?? -1)
                guard hash else { return f }
                f.sha256 = try FileSystem.sha256(of: path)
                if (format ?? InputFormat.detect(path: path)) == .parquet {
                    f.rowGroups = try? ParquetFile(path: path).metadata.rowGroups.count
                }
                return f
            }
            box.set(i, r)
        }
        let t = hash ? min(max(1, threads), inputs.count) : 1
        if t <= 1 {
            for i in inputs.indices { work(i) }
        } else {
            // Inputs are handed out one at a time, so a few large files do not leave threads idle.
            let next = Counter()
            DispatchQueue.concurrentPerform(iterations: t) { _ in
                while let i = next.take(below: inputs.count) { work(i) }
            }
        }
        return try box.values.enumerated().map { i, r in
            guard let r else { throw TaskError("internal error: input \(inputs[i]) was not examined") }
            return try r.get()
        }
    }

    init(size: Int64, sha256: String? = nil, rowGroups: Int? = nil) {
        self.size = size
        self.sha256 = sha256
        self.rowGroups = rowGroups
    }

    /// Up to 8 inputs at a time (reading is what it waits for), at most one per core.
    public static var defaultThreads: Int { min(8, max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))) }

    private final class Results: @unchecked Sendable {
        private let lock = NSLockLite()
        private(set) var values: [Result<InputFacts, Error>?]
        init(_ n: Int) { values = Array(repeating: nil, count: n) }
        func set(_ i: Int, _ r: Result<InputFacts, Error>) {
            lock.lock()
            values[i] = r
            lock.unlock()
        }
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLockLite()
        private var next = 0
        func take(below n: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < n else { return nil }
            next += 1
            return next - 1
        }
    }
}
