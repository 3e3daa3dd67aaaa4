// WARC 1.0/1.1 reader — PLACEHOLDER, to be implemented (see issue 2).

/// Streaming reader of WARC/WET files (.warc, .warc.gz, .warc.zst).
public final class WARCReader: RecordSource {
    public let path: String
    public private(set) var skippedCounts: [String: Int] = [:]

    public init(path: String, options: ReaderOptions = ReaderOptions()) throws {
        self.path = path
    }

    public func next() throws -> InputItem? { nil }
}
