// PLACEHOLDER until the extraction module lands: passes text/plain through, rejects the rest.
import SieveIO

public struct ExtractOptions: Sendable {
    public var maxPageBytes: Int = 10 << 20
    public init() {}
}

public enum ExtractOutcome: Sendable {
    case text(String, metadata: JSONObject)
    case rejected(reason: String, detail: JSONObject)
}

public struct HTMLExtractor: Sendable {
    public var options: ExtractOptions
    public init(options: ExtractOptions = .init()) { self.options = options }
    public func extract(_ page: WebPage) -> ExtractOutcome {
        if page.body.count > options.maxPageBytes {
            return .rejected(reason: "page_too_large", detail: ["bytes": .int(Int64(page.body.count)), "limit": .int(Int64(options.maxPageBytes))])
        }
        return .text(String(decoding: page.body, as: UTF8.self), metadata: JSONObject())
    }
}
