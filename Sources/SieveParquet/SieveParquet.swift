/// SieveParquet: native Parquet reading and writing (Thrift compact footer, row groups, data pages
/// v1/v2, PLAIN and dictionary encodings, SNAPPY/ZSTD/GZIP codecs) — Debian has no Arrow library.
public enum SieveParquet {}
