// Documents and audit rows as Parquet: fixed flat schemas over ParquetFileWriter.
import SieveIO

/// Writes Dolma documents as Parquet with a flat schema:
///
/// | column | type | |
/// |---|---|---|
/// | `id` | string | required |
/// | `text` | string | required |
/// | `source` | string | optional |
/// | `created` | string | optional |
/// | `url` | string | optional — `metadata.url` when it is a string |
/// | `lang` | string | optional — `metadata.lang` when it is a string |
/// | `lang_score` | double | optional — `metadata.lang_score` when it is a number |
/// | `metadata` | string | optional — the rest of `metadata` as a JSON object (null when empty) |
/// | `extra` | string | optional — other top-level fields (Dolma's `added`, `version`…) as a JSON object (null when empty) |
///
/// The promoted columns make the common filters (`WHERE lang = 'deu_Latn'`) cheap; nothing of
/// the row is lost (metadata and extra keep the rest, in their order).
public final class DocumentParquetWriter {
    public static let columns: [ParquetWriteColumn] = [
        ParquetWriteColumn("id", .string, optional: false),
        ParquetWriteColumn("text", .string, optional: false),
        ParquetWriteColumn("source", .string, optional: true),
        ParquetWriteColumn("created", .string, optional: true),
        ParquetWriteColumn("url", .string, optional: true),
        ParquetWriteColumn("lang", .string, optional: true),
        ParquetWriteColumn("lang_score", .double, optional: true),
        ParquetWriteColumn("metadata", .string, optional: true),
        ParquetWriteColumn("extra", .string, optional: true),
    ]

    public let writer: ParquetFileWriter
    private var json: [UInt8] = []

    public init(path: String, options: ParquetWriteOptions = ParquetWriteOptions()) throws {
        writer = try ParquetFileWriter(path: path, columns: Self.columns, options: options)
    }

    /// Documents written so far.
    public var rowCount: Int64 { writer.rowCount }

    public func write(_ doc: Document) throws {
        let w = writer
        w.set(0, string: doc.id)
        w.set(1, string: doc.text)
        w.set(2, string: doc.source)
        w.set(3, optionalString: doc.created)
        var rest = JSONObject()
        var url: String?
        var lang: String?
        var score: Double?
        for (k, v) in doc.metadata {
            switch (k, v) {
            case ("url", .string(let s)) where url == nil: url = s
            case ("lang", .string(let s)) where lang == nil: lang = s
            case ("lang_score", .double(let d)) where score == nil: score = d
            case ("lang_score", .int(let i)) where score == nil: score = Double(i)
            default: rest[k] = v
            }
        }
        w.set(4, optionalString: url)
        w.set(5, optionalString: lang)
        if let score { w.set(6, double: score) } else { w.setNull(6) }
        setJSON(7, rest)
        setJSON(8, doc.extra)
        try w.endRow()
    }

    private func setJSON(_ column: Int, _ o: JSONObject) {
        if o.isEmpty {
            writer.setNull(column)
            return
        }
        json.removeAll(keepingCapacity: true)
        JSONWriter.appendObject(o, to: &json)
        json.withUnsafeBytes { writer.set(column, bytes: $0) }
    }

    /// Writes the footer and renames the file into place; returns its SHA-256.
    @discardableResult
    public func close() throws -> String { try writer.close() }
}

/// Writes audit rows as Parquet: `id` (string), `url` (optional string), `stage`, `action`,
/// `reason` (strings), `detail` (the detail object as JSON), `bytes` (int64).
public final class AuditParquetWriter {
    public static let columns: [ParquetWriteColumn] = [
        ParquetWriteColumn("id", .string, optional: false),
        ParquetWriteColumn("url", .string, optional: true),
        ParquetWriteColumn("stage", .string, optional: false),
        ParquetWriteColumn("action", .string, optional: false),
        ParquetWriteColumn("reason", .string, optional: false),
        ParquetWriteColumn("detail", .string, optional: false),
        ParquetWriteColumn("bytes", .int64, optional: false),
    ]

    public let writer: ParquetFileWriter
    private var json: [UInt8] = []

    public init(path: String, options: ParquetWriteOptions = ParquetWriteOptions()) throws {
        writer = try ParquetFileWriter(path: path, columns: Self.columns, options: options)
    }

    public var rowCount: Int64 { writer.rowCount }

    public func write(_ row: AuditRow) throws {
        let w = writer
        w.set(0, string: row.id)
        w.set(1, optionalString: row.url)
        w.set(2, string: row.stage)
        w.set(3, string: row.action.rawValue)
        w.set(4, string: row.reason)
        json.removeAll(keepingCapacity: true)
        JSONWriter.appendObject(row.detail, to: &json)
        json.withUnsafeBytes { w.set(5, bytes: $0) }
        w.set(6, int64: Int64(row.bytes))
        try w.endRow()
    }

    @discardableResult
    public func close() throws -> String { try writer.close() }
}
