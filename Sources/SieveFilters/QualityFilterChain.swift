import SieveIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The quality filters a stage runs, in order, with thresholds per language loaded once from
/// `filtersDir/quality/` and cached. Thread-safe.
public final class QualityFilterChain: @unchecked Sendable {
    /// The filter names this chain knows.
    public static let knownFilters = ["gopher_quality", "gopher_repetition", "fineweb_quality"]

    public let names: [String]
    public let filtersDir: String?
    /// Stop-word lists for languages whose thresholds file has none (`<code>.json`).
    public let stopWordsDir: String?
    private var cache: [String: [ScanningFilter]] = [:]
    /// Scratch memory of finished checks, handed to the next ones.
    private var pool: [ScanScratch] = []
    private let lock: UnsafeMutablePointer<pthread_mutex_t>

    /// `names` from `knownFilters`; `filtersDir` nil = datatrove's defaults (English stop words
    /// for English, the stop-word check off for other languages). `stopWordsDir`: extra
    /// stop-word lists (see `QualityThresholds.load`).
    public init(names: [String] = QualityFilterChain.knownFilters, filtersDir: String?, stopWordsDir: String? = nil) throws {
        for n in names where !QualityFilterChain.knownFilters.contains(n) {
            throw QualityConfigError(path: "filters", message: "unknown filter '\(n)': use \(QualityFilterChain.knownFilters.joined(separator: ", "))")
        }
        self.names = names
        self.filtersDir = filtersDir
        self.stopWordsDir = stopWordsDir
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    /// The filters for `language` (thresholds loaded on first use).
    public func filters(language: String?) throws -> [DocumentFilter] {
        try scanningFilters(language: language)
    }

    /// The filters for `language`, as the chain runs them (on one shared `DocumentScan`).
    func scanningFilters(language: String?) throws -> [ScanningFilter] {
        let key = language ?? ""
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if let f = cache[key] { return f }
        let t = try QualityThresholds.load(filtersDir: filtersDir ?? "/nonexistent", language: language, stopWordsDir: stopWordsDir)
        let f: [ScanningFilter] = names.map {
            switch $0 {
            case "gopher_quality": return GopherQualityFilter(thresholds: t)
            case "gopher_repetition": return GopherRepetitionFilter(thresholds: t)
            default: return FineWebQualityFilter(thresholds: t)
            }
        }
        cache[key] = f
        return f
    }

    /// Runs the filters in order; returns nil when all keep, else the dropping filter's name
    /// and its result.
    public func check(_ text: String, language: String?) throws -> (filter: String, result: FilterResult)? {
        let filters = try scanningFilters(language: language)
        // One scan per document: the filters share its tokens instead of segmenting three times.
        pthread_mutex_lock(lock)
        let scratch = pool.popLast() ?? ScanScratch()
        pthread_mutex_unlock(lock)
        defer {
            pthread_mutex_lock(lock)
            pool.append(scratch)
            pthread_mutex_unlock(lock)
        }
        return withBytes(text) { p -> (filter: String, result: FilterResult)? in
            let scan = DocumentScan(p, language: language, scratch: scratch)
            for f in filters {
                let r = f.check(scan: scan)
                if !r.isKeep { return (f.name, r) }
            }
            return nil
        }
    }
}
