// The Thrift structures the writer emits (field ids from apache/parquet-format parquet.thrift):
// PageHeader/DataPageHeader and FileMetaData with its schema, row groups, column chunks,
// statistics and column orders.

enum WriterFooter {
    /// PageHeader { type: DATA_PAGE, sizes, data_page_header: { num_values, PLAIN, RLE, RLE } }.
    static func dataPageHeader(uncompressedSize: Int32, compressedSize: Int32, numValues: Int32) -> [UInt8] {
        var w = ThriftCompactWriter()
        w.beginStruct()
        w.field(1, i32: PageType.dataPage.rawValue)
        w.field(2, i32: uncompressedSize)
        w.field(3, i32: compressedSize)
        w.beginStructField(5)
        w.field(1, i32: numValues)
        w.field(2, i32: Encoding.plain.rawValue)
        w.field(3, i32: Encoding.rle.rawValue)
        w.field(4, i32: Encoding.rle.rawValue)
        w.endStruct()
        w.endStruct()
        return w.bytes
    }

    static func physicalType(_ k: ParquetWriteColumn.Kind) -> Int32 {
        switch k {
        case .string: return ParquetType.byteArray.rawValue
        case .double: return ParquetType.double.rawValue
        case .int64: return ParquetType.int64.rawValue
        }
    }

    /// FileMetaData (version 1) for a flat schema.
    static func fileMetaData(columns: [ParquetWriteColumn], rowGroups: [WriterRowGroupMeta], numRows: Int64,
                             createdBy: String) -> [UInt8] {
        var w = ThriftCompactWriter()
        w.beginStruct()
        w.field(1, i32: 1)
        // 2: schema — the root, then one leaf per column.
        w.beginListField(2, elementType: ThriftType.structure.rawValue, count: columns.count + 1)
        w.beginStruct()
        w.field(4, string: "schema")
        w.field(5, i32: Int32(columns.count))
        w.endStruct()
        for c in columns {
            w.beginStruct()
            w.field(1, i32: physicalType(c.kind))
            w.field(3, i32: c.optional ? Repetition.optional.rawValue : Repetition.required.rawValue)
            w.field(4, string: c.name)
            if c.kind == .string {
                w.field(6, i32: ConvertedType.utf8.rawValue)
                w.beginStructField(10)  // LogicalType union
                w.beginStructField(1)  // STRING: StringType {}
                w.endStruct()
                w.endStruct()
            }
            w.endStruct()
        }
        w.field(3, i64: numRows)
        // 4: row_groups
        w.beginListField(4, elementType: ThriftType.structure.rawValue, count: rowGroups.count)
        for g in rowGroups {
            w.beginStruct()
            w.beginListField(1, elementType: ThriftType.structure.rawValue, count: g.columns.count)
            for m in g.columns { columnChunk(m, into: &w) }
            w.field(2, i64: g.columns.reduce(0) { $0 + $1.uncompressedSize })
            w.field(3, i64: g.numRows)
            w.field(5, i64: g.fileOffset)
            w.field(6, i64: g.columns.reduce(0) { $0 + $1.compressedSize })
            w.field(7, i16: g.ordinal)
            w.endStruct()
        }
        w.field(6, string: createdBy)
        // 7: column_orders — TYPE_ORDER for every leaf (min_value/max_value are meaningful).
        w.beginListField(7, elementType: ThriftType.structure.rawValue, count: columns.count)
        for _ in columns {
            w.beginStruct()
            w.beginStructField(1)
            w.endStruct()
            w.endStruct()
        }
        w.endStruct()
        return w.bytes
    }

    private static func columnChunk(_ m: WriterColumnChunkMeta, into w: inout ThriftCompactWriter) {
        w.beginStruct()
        w.field(2, i64: m.dataPageOffset)
        w.beginStructField(3)  // ColumnMetaData
        w.field(1, i32: physicalType(m.column.kind))
        w.field(2, i32List: [Encoding.plain.rawValue, Encoding.rle.rawValue])
        w.field(3, stringList: [m.column.name])
        w.field(4, i32: m.codec)
        w.field(5, i64: m.numValues)
        w.field(6, i64: m.uncompressedSize)
        w.field(7, i64: m.compressedSize)
        w.field(9, i64: m.dataPageOffset)
        w.beginStructField(12)  // Statistics
        w.field(3, i64: m.nullCount)
        if let mx = m.max, let mn = m.min {
            w.field(5, binary: mx)
            w.field(6, binary: mn)
        }
        w.endStruct()
        w.endStruct()
        w.endStruct()
    }
}
