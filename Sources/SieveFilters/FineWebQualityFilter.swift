import SieveIO

/// FineWeb's quality rules, computed as datatrove's `FineWebQualityFilter` does: share of
/// lines ending in terminal punctuation (Unicode Sentence_Terminal), share of short lines,
/// characters in duplicated lines, newlines per word.
public struct FineWebQualityFilter: ScanningFilter {
    public let name = "fineweb_quality"
    public let thresholds: QualityThresholds
    public let segmenter: WordSegmenter

    public init(thresholds: QualityThresholds = QualityThresholds(), segmenter: WordSegmenter = WordSegmenter()) {
        self.thresholds = thresholds
        self.segmenter = segmenter
    }

    public func check(_ text: String, language: String?) -> FilterResult {
        withBytes(text) { check(bytes: $0, language: language) }
    }

    /// The same check on UTF-8 bytes.
    public func check(bytes p: UnsafeBufferPointer<UInt8>, language: String?) -> FilterResult {
        check(scan: DocumentScan(p, language: language, segmenter: segmenter))
    }

    func check(scan: DocumentScan) -> FilterResult {
        let p = scan.p
        let t = thresholds
        let lines = Lines.splitNewline(p).filter { !Lines.strip(p, $0).isEmpty }
        if lines.isEmpty { return .drop(reason: "empty", detail: JSONObject()) }
        let nLines = Double(lines.count)

        if let m = t.linePunctThreshold {
            var ending = 0
            for l in lines where !l.isEmpty {
                let (_, v) = scalarBefore(p, l.upperBound)
                if CharClass.isSentenceTerminal(v) { ending += 1 }
            }
            let r = Double(ending) / nLines
            if r < m && !(r == 0 && t.linePunctExcludeZero) { return .drop("line_punct_ratio", value: r, threshold: m) }
        }
        if let m = t.shortLineThreshold {
            var short = 0
            for l in lines where scalarCount(p, l.lowerBound, l.upperBound) <= t.shortLineLength { short += 1 }
            let r = Double(short) / nLines
            if r > m { return .drop("short_line_ratio", value: r, threshold: m) }
        }
        let newlines = Lines.newlineCount(p)
        if let m = t.charDuplicatesRatio {
            let dupChars = GopherRepetitionFilter.findDuplicates(p, lines, scan.slots).chars
            let r = Double(dupChars) / Double(scalarCount(p, 0, p.count) - newlines)
            if r > m { return .drop("char_dup_ratio", value: r, threshold: m) }
        }
        if let m = t.newLineRatio {
            let words = scan.tokens.count
            let r = Double(newlines) / Double(words)
            if r > m { return .drop("list_ratio", value: r, threshold: m) }
        }
        return .keep
    }
}
