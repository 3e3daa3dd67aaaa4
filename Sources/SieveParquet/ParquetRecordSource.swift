// Parquet files (FineWeb, FineWeb-2, FineWeb-Edu layouts) as a stream of document rows.
import SieveIO

/// Which Parquet columns become which document fields. Defaults fit FineWeb / FineWeb-2 / FineWeb-Edu.
public struct ParquetColumnMapping: Sendable, Equatable {
    /// Column holding the document text (required).
    public var text = "text"
    /// Column holding the document id; rows without one get `NAME:ROW`.
    public var id: String? = "id"
    /// Column holding the crawl date (→ `created`).
    public var created: String? = "date"
    /// Column holding the URL (→ `metadata.url`).
    public var url: String? = "url"
    /// Column holding the language code (`en`, `deu`) (→ `metadata.lang` as `deu_Latn` when possible).
    public var language: String? = "language"
    /// Column holding the ISO 15924 script (`Latn`), FineWeb-2.
    public var languageScript: String? = "language_script"
    /// Other columns copied into `metadata` under their own names; nil: every other flat column.
    public var metadata: [String]? = nil
    /// The documents' `source`.
    public var source = "fineweb"

    public init() {}
}

/// Reads documents from a Parquet file, one row group at a time (only the mapped columns'
/// chunks are read). A damaged row group becomes one `.skipped` item; reading goes on with the
/// next. Optional `rowGroups` restricts reading to a slice of the file (task planning).
public final class ParquetRecordSource: RecordSource {
    public let file: ParquetFile
    public private(set) var skippedCounts: [String: Int] = [:]
    private let mapping: ParquetColumnMapping
    private let options: ReaderOptions
    private let name: String
    private let rowGroups: Range<Int>

    private let textColumn: Int
    private let idColumn: Int?
    private let createdColumn: Int?
    private let urlColumn: Int?
    private let langColumn: Int?
    private let scriptColumn: Int?
    private let metadataColumns: [Int]
    /// Every column to read, ascending.
    private let projection: [Int]

    private var group: Int
    private var row = 0
    private var firstRow: Int64
    private var buffers: [Int: ColumnBuffer] = [:]
    private var groupRows = 0
    private var loaded = false

    /// Opens `path`. Throws when the file is not readable Parquet, the text column is missing, or
    /// a requested column cannot be read (nested, unsupported type).
    public init(path: String, mapping: ParquetColumnMapping = ParquetColumnMapping(), options: ReaderOptions = ReaderOptions(),
                rowGroups: Range<Int>? = nil) throws {
        let file = try ParquetFile(path: path)
        self.file = file
        self.mapping = mapping
        self.options = options
        self.name = file.name
        let all = 0..<file.metadata.rowGroups.count
        self.rowGroups = rowGroups.map { $0.clamped(to: all) } ?? all
        let fileName = file.name

        func flat(_ column: String, required: Bool) throws -> Int? {
            guard let c = file.column(named: column) else {
                if required {
                    let names = file.columns.map(\.name).joined(separator: ", ")
                    throw ParquetError.badFile("\(fileName): no column '\(column)' (columns: \(names)); map it with `parquet: {text: NAME}`")
                }
                return nil
            }
            guard c.isFlat else {
                if required || mapping.metadata != nil {
                    throw ParquetError.unsupported("\(fileName): column '\(column)' is nested or repeated (\(c.typeDescription)); Sieve reads only flat columns")
                }
                return nil
            }
            return c.index
        }
        guard let t = try flat(mapping.text, required: true) else { throw ParquetError.badFile("\(fileName): no text column") }
        textColumn = t
        idColumn = try mapping.id.flatMap { try flat($0, required: false) }
        createdColumn = try mapping.created.flatMap { try flat($0, required: false) }
        urlColumn = try mapping.url.flatMap { try flat($0, required: false) }
        langColumn = try mapping.language.flatMap { try flat($0, required: false) }
        scriptColumn = try mapping.languageScript.flatMap { try flat($0, required: false) }
        let mapped = Set([mapping.text, mapping.id, mapping.created, mapping.url].compactMap { $0 })
        var meta: [Int] = []
        if let names = mapping.metadata {
            for n in names {
                guard let c = try flat(n, required: true) else { continue }
                meta.append(c)
            }
        } else {
            // Every other flat column Sieve can decode; nested ones (lists, maps) and columns in
            // encodings Sieve does not read (DELTA_*, BYTE_STREAM_SPLIT) are left alone.
            for c in file.columns where c.isFlat && !mapped.contains(c.path[0]) && file.isReadable(c.index) {
                meta.append(c.index)
            }
        }
        if let l = langColumn, !meta.contains(l) { meta.append(l) }
        if let s = scriptColumn, !meta.contains(s) { meta.append(s) }
        metadataColumns = meta.sorted()
        projection = Array(Set([t] + [idColumn, createdColumn, urlColumn].compactMap { $0 } + meta)).sorted()
        group = self.rowGroups.lowerBound
        firstRow = file.metadata.rowGroups[..<group].reduce(0) { $0 + $1.numRows }
    }

    /// Names of the columns read.
    public var readColumns: [String] { projection.map { file.columns[$0].name } }

    public func next() throws -> InputItem? {
        while !loaded || row >= groupRows {
            if loaded {
                firstRow += Int64(groupRows)
                group += 1
                loaded = false
            }
            guard group < rowGroups.upperBound else {
                buffers = [:]
                file.releaseBuffers()
                return nil
            }
            let rg = file.metadata.rowGroups[group]
            do {
                // The previous row group's buffers are reused (one allocation per column, not per group).
                for c in projection {
                    let col = file.columns[c]
                    var b = buffers.removeValue(forKey: c)
                        ?? ColumnBuffer(type: col.type, logical: col.element.logicalType, converted: col.element.convertedType)
                    try file.readColumn(rowGroup: group, column: c, into: &b)
                    buffers[c] = b
                }
                groupRows = Int(rg.numRows)
                row = 0
                loaded = true
            } catch let e as ParquetError {
                if case .unsupported = e { throw e }
                let skipped = SkippedRecord(
                    id: "\(name):row_group_\(group)", url: nil, fileOffset: rg.fileOffset ?? 0, reason: "bad_parquet_row_group",
                    detail: ["row_group": .int(Int64(group)), "first_row": .int(firstRow), "rows": .int(rg.numRows),
                             "message": .string("\(e)")])
                skippedCounts["parquet_rows_in_bad_row_groups", default: 0] += Int(rg.numRows)
                firstRow += rg.numRows
                group += 1
                return .skipped(skipped)
            }
        }
        let i = row
        row += 1
        let index = firstRow + Int64(i)
        guard let text = buffers[textColumn] else { return nil }
        let textBytes = text.withBytes(i) { $0.count }
        if Int64(textBytes) > options.maxRecordBytes {
            return .skipped(SkippedRecord(id: string(idColumn, i) ?? "\(name):\(index)", url: string(urlColumn, i),
                                          fileOffset: file.metadata.rowGroups[group].fileOffset ?? 0, reason: "record_too_large",
                                          detail: ["row": .int(index), "limit_bytes": .int(options.maxRecordBytes)]))
        }
        var id = string(idColumn, i) ?? ""
        if id.isEmpty { id = "\(name):\(index)" }
        var metadata = JSONObject()
        if let u = string(urlColumn, i) { metadata["url"] = .string(u) }
        if let l = string(langColumn, i), !l.isEmpty {
            metadata["lang"] = .string(glotLIDLabel(language: l, script: string(scriptColumn, i)))
        }
        for c in metadataColumns {
            guard let b = buffers[c] else { continue }
            metadata[file.columns[c].name] = b.json(i)
        }
        metadata["parquet_file"] = .string(name)
        metadata["parquet_row"] = .int(index)
        let doc = Document(id: id, text: text.string(i) ?? "", source: mapping.source,
                           created: string(createdColumn, i), metadata: metadata)
        return .document(doc)
    }

    private func string(_ column: Int?, _ i: Int) -> String? {
        guard let c = column, let b = buffers[c] else { return nil }
        return b.string(i)
    }
}

/// A GlotLID-style label (`deu_Latn`) from a language code and optional script: FineWeb-2's
/// `deu` + `Latn` → `deu_Latn`; FineWeb's ISO 639-1 `en` → `eng_Latn` for common languages;
/// labels already in that form are kept; anything else is returned as it was.
public func glotLIDLabel(language: String, script: String?) -> String {
    if language.utf8.contains(UInt8(ascii: "_")) { return language }
    var code = language.lowercased()
    let known = iso639_1[code]
    if let known { code = known.code }
    if let s = script, !s.isEmpty { return "\(code)_\(s)" }
    if let known { return "\(code)_\(known.script)" }
    return language
}

/// ISO 639-1 → (ISO 639-3, usual script), for the languages of FineWeb-style `language` columns.
private let iso639_1: [String: (code: String, script: String)] = [
    "en": ("eng", "Latn"), "de": ("deu", "Latn"), "fr": ("fra", "Latn"), "it": ("ita", "Latn"), "es": ("spa", "Latn"),
    "pt": ("por", "Latn"), "nl": ("nld", "Latn"), "pl": ("pol", "Latn"), "sv": ("swe", "Latn"), "da": ("dan", "Latn"),
    "fi": ("fin", "Latn"), "cs": ("ces", "Latn"), "sk": ("slk", "Latn"), "sl": ("slv", "Latn"), "hu": ("hun", "Latn"),
    "ro": ("ron", "Latn"), "tr": ("tur", "Latn"), "ca": ("cat", "Latn"), "et": ("est", "Latn"), "lv": ("lav", "Latn"),
    "lt": ("lit", "Latn"), "hr": ("hrv", "Latn"), "id": ("ind", "Latn"), "vi": ("vie", "Latn"), "rm": ("roh", "Latn"),
    "ru": ("rus", "Cyrl"), "uk": ("ukr", "Cyrl"), "bg": ("bul", "Cyrl"), "sr": ("srp", "Cyrl"), "mk": ("mkd", "Cyrl"),
    "el": ("ell", "Grek"), "he": ("heb", "Hebr"), "ar": ("ara", "Arab"), "fa": ("fas", "Arab"), "hi": ("hin", "Deva"),
    "zh": ("zho", "Hani"), "ja": ("jpn", "Jpan"), "ko": ("kor", "Hang"), "th": ("tha", "Thai"),
]
