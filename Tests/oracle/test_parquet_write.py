"""Parquet files written by Sieve's native writer (`sieve parquet write`, the `export` stage),
read back by two independent Parquet implementations: pyarrow (Arrow C++) and DuckDB. They must
return exactly the rows Sieve was given, with the row groups, codec, row counts and column
statistics Sieve announced in the footer."""
import hashlib
import json
import math
import pathlib
import subprocess

import pytest

try:
    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError as e:  # never skip silently
    raise ImportError(f"{e}: the Parquet oracles need pyarrow and duckdb; run scripts/setup.sh") from e

CODEC_NAMES = {"zstd": "ZSTD", "none": "UNCOMPRESSED", "snappy": "SNAPPY"}
DOC_COLUMNS = ["id", "text", "source", "created", "url", "lang", "lang_score", "metadata", "extra"]
PROMOTED = {"url": str, "lang": str}


def expected_document(row, line):
    """The Parquet row Sieve should write for a JSON Lines document (independent of Sieve's code)."""
    meta = dict(row.get("metadata") or {})
    out = {"id": row.get("id") or f"stdin:{line}", "text": row["text"], "source": row.get("source", "stdin"),
           "created": row.get("created")}
    for k in ("url", "lang"):
        out[k] = meta.pop(k) if isinstance(meta.get(k), str) else None
    score = meta.get("lang_score")
    out["lang_score"] = float(meta.pop("lang_score")) if isinstance(score, (int, float)) and not isinstance(score, bool) else None
    out["metadata"] = meta or None
    extra = {k: v for k, v in row.items() if k not in ("id", "text", "source", "created", "metadata")}
    out["extra"] = extra or None
    return out


def normalise(rows):
    """JSON columns compared as values, not as text."""
    for r in rows:
        for k in ("metadata", "extra"):
            if r.get(k) is not None:
                r[k] = json.loads(r[k])
    return rows


def sample_rows():
    rows = [
        {"id": "a", "text": "héllo wörld — ünïcödé 🙂 中文 العربية", "metadata": {"url": "https://a.example/x", "lang": "deu_Latn", "lang_score": 0.93, "k": [1, {"z": None}]}},
        {"id": "b", "text": "", "source": "", "created": ""},
        {"id": "c", "text": "nul \u0000 inside and \u2028 separators\r\n", "metadata": {"lang": "eng_Latn", "lang_score": 1}},
        {"text": "no id: the line number names it", "added": "2024-01-01", "version": "v1"},
        {"id": "big", "text": "x" * (3 << 20) + "é" * 300_000, "metadata": {"url": "https://big.example/"}},
        {"id": "e", "text": "url is not a string", "metadata": {"url": 5, "lang_score": "high"}},
    ]
    for i in range(60):
        meta = {}
        if i % 3:
            meta["url"] = f"https://site{i % 7}.example/p/{i}"
        if i % 4:
            meta["lang"] = ["fra_Latn", "jpn_Jpan", "rus_Cyrl"][i % 3]
            meta["lang_score"] = round(0.5 + i / 200, 4) if i % 5 else 0.0
        rows.append({"id": f"doc-{i:03d}", "text": ("Zeile %d " % i) * (i % 9), "created": None if i % 2 else "2023-0%d" % (1 + i % 9), "metadata": meta})
    return rows


def write(sieve_bin, path, rows, *args):
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    p = subprocess.run([sieve_bin, "parquet", "write", str(path), *args], input=data, capture_output=True, timeout=300)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    return path


def python_stats(values):
    present = [v for v in values if v is not None]
    return len(values) - len(present), (min(present) if present else None), (max(present) if present else None)


@pytest.mark.parametrize("compression", ["zstd", "none", "snappy"])
def test_documents_read_back_by_pyarrow_and_duckdb(sieve_bin, tmp_path, compression):
    rows = sample_rows()
    out = write(sieve_bin, tmp_path / "docs.parquet", rows, "--row-group-rows", "7", "--compression", compression)
    expected = [expected_document(r, i + 1) for i, r in enumerate(rows)]

    table = pq.read_table(out)
    assert table.column_names == DOC_COLUMNS
    assert table.schema.field("id").type == pa.string() and not table.schema.field("id").nullable
    assert table.schema.field("lang_score").type == pa.float64()
    assert normalise(table.to_pylist()) == expected

    got = duckdb.sql(f"SELECT {', '.join(DOC_COLUMNS)} FROM read_parquet('{out}')").fetchall()
    assert normalise([dict(zip(DOC_COLUMNS, r)) for r in got]) == expected
    # Filters that DuckDB answers with the row groups' min/max statistics.
    for lang in ("deu_Latn", "jpn_Jpan", "zzz"):
        n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}') WHERE lang = '{lang}'").fetchall()[0][0]
        assert n == sum(1 for e in expected if e["lang"] == lang)
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}') WHERE id > 'doc-050'").fetchall()[0][0]
    assert n == sum(1 for e in expected if e["id"].encode() > b"doc-050")

    md = pq.ParquetFile(out).metadata
    assert md.num_rows == len(rows)
    assert md.num_row_groups == math.ceil(len(rows) / 7)
    assert md.created_by.startswith("sieve ")
    start = 0
    for g in range(md.num_row_groups):
        rg = md.row_group(g)
        assert rg.num_rows == min(7, len(rows) - start)
        part = table.slice(start, rg.num_rows)
        for c in range(rg.num_columns):
            col = rg.column(c)
            assert col.compression == CODEC_NAMES[compression]
            assert col.num_values == rg.num_rows
            name = col.path_in_schema
            nulls, lo, hi = python_stats(part.column(name).to_pylist())
            st = col.statistics
            assert st is not None and st.null_count == nulls, (g, name)
            if st.has_min_max:  # (a zero double bound is written as -0.0 / +0.0, equal to 0.0)
                assert (st.min, st.max) == (lo, hi), (g, name)
            elif name in ("id", "url", "lang", "lang_score") and lo is not None:
                pytest.fail(f"row group {g} column {name}: no min/max statistics")
        start += rg.num_rows


def test_statistics_equal_the_ones_pyarrow_writes(sieve_bin, tmp_path):
    rows = sample_rows()
    out = write(sieve_bin, tmp_path / "docs.parquet", rows, "--row-group-rows", "10")
    table = pq.read_table(out)
    ref = tmp_path / "ref.parquet"
    pq.write_table(table, ref, row_group_size=10, compression="zstd")
    a, b = pq.ParquetFile(out).metadata, pq.ParquetFile(ref).metadata
    assert a.num_row_groups == b.num_row_groups
    compared = 0
    for g in range(a.num_row_groups):
        for c in range(a.num_columns):
            sa, sb = a.row_group(g).column(c).statistics, b.row_group(g).column(c).statistics
            assert sa.null_count == sb.null_count
            if sa.has_min_max and sb.has_min_max:
                assert (sa.min, sa.max) == (sb.min, sb.max), (g, a.row_group(g).column(c).path_in_schema)
                compared += 1
    assert compared >= 3 * a.num_row_groups


def test_row_groups_bounded_by_bytes_and_pages_by_size(sieve_bin, tmp_path):
    rows = [{"id": f"r{i}", "text": ("%05d " % i) * 6000} for i in range(40)]  # ~36 KB each
    out = write(sieve_bin, tmp_path / "b.parquet", rows, "--row-group-rows", "0", "--row-group-bytes", "200KiB")
    md = pq.ParquetFile(out).metadata
    assert md.num_row_groups == math.ceil(40 / 6)  # 6 rows reach 200 KiB (6 × 36,004 bytes)
    assert sum(md.row_group(g).num_rows for g in range(md.num_row_groups)) == 40
    assert [r["text"] for r in pq.read_table(out).to_pylist()] == [r["text"] for r in rows]


def test_many_pages_in_one_chunk(sieve_bin, tmp_path):
    rows = [{"id": f"r{i}", "text": "y" * 300_000 + str(i)} for i in range(12)]  # 3.6 MB: several 1 MiB pages
    out = write(sieve_bin, tmp_path / "p.parquet", rows, "--row-group-rows", "100")
    md = pq.ParquetFile(out).metadata
    assert md.num_row_groups == 1
    col = md.row_group(0).column(1)
    assert col.total_uncompressed_size > 3_600_000
    assert duckdb.sql(f"SELECT count(*), sum(length(text)) FROM read_parquet('{out}')").fetchall()[0] == (12, 12 * 300_000 + 10 + 2 * 2)
    assert [r["text"] for r in pq.read_table(out).to_pylist()] == [r["text"] for r in rows]


def test_empty_input_gives_an_empty_readable_file(sieve_bin, tmp_path):
    out = write(sieve_bin, tmp_path / "e.parquet", [])
    t = pq.read_table(out)
    assert t.num_rows == 0 and t.column_names == DOC_COLUMNS
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}')").fetchall()[0] == (0,)


def test_audit_rows(sieve_bin, tmp_path):
    rows = [{"id": f"x{i}", "url": None if i % 3 == 0 else f"http://u{i}/", "stage": ["robots", "quality"][i % 2],
             "action": ["drop", "modify"][i % 2], "reason": "r%d" % (i % 4), "detail": {"v": i, "s": "é"},
             "bytes": i * 1_000_000_007} for i in range(25)]
    out = write(sieve_bin, tmp_path / "a.parquet", rows, "--audit", "--row-group-rows", "4")
    t = pq.read_table(out)
    assert t.schema.field("bytes").type == pa.int64()
    got = t.to_pylist()
    for r in got:
        r["detail"] = json.loads(r["detail"])
    assert got == rows
    assert duckdb.sql(f"SELECT sum(bytes) FROM read_parquet('{out}')").fetchall()[0][0] == sum(r["bytes"] for r in rows)


def test_same_rows_same_bytes(sieve_bin, tmp_path):
    rows = sample_rows()
    a = write(sieve_bin, tmp_path / "1.parquet", rows, "--row-group-rows", "9")
    b = write(sieve_bin, tmp_path / "2.parquet", rows, "--row-group-rows", "9")
    assert a.read_bytes() == b.read_bytes()
    assert not list(tmp_path.glob("*.tmp.*"))


def test_a_row_without_text_is_a_located_error(sieve_bin, tmp_path):
    data = '{"id":"a","text":"ok"}\n{"id":"b"}\n'
    p = subprocess.run([sieve_bin, "parquet", "write", str(tmp_path / "x.parquet")], input=data, capture_output=True, text=True)
    assert p.returncode == 2 and "row 2" in p.stderr and "text" in p.stderr
    assert not (tmp_path / "x.parquet").exists() and not list(tmp_path.glob("x.parquet.tmp.*"))


# --- the export stage -------------------------------------------------------------------------

def pipeline(tmp_path, inputs, export_options, tasks=3):
    cfg = tmp_path / "p.yaml"
    cfg.write_text(f"name: t\ninputs: {json.dumps([str(p) for p in inputs])}\nout: {tmp_path / 'out'}\ntasks: {tasks}\n"
                   f"stages:\n  - export: {export_options}\n")
    return cfg


def test_export_stage_in_a_pipeline(sieve_bin, tmp_path):
    rows = [r for r in sample_rows() if r.get("id") != "big"]  # large values: tested above, slow in a debug run
    inputs = []
    for k in range(4):
        f = tmp_path / f"in{k}.jsonl"
        part = [dict(r, id=r.get("id") or f"noid{k}") for r in rows[k::4]]
        f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part))
        inputs.append((f, part))
    cfg = pipeline(tmp_path, [f for f, _ in inputs], "{compression: zstd, row_group_rows: 5}")
    digests = []
    for workers in (1, 3):
        out = tmp_path / f"out{workers}"
        p = subprocess.run([sieve_bin, "run", str(cfg), "--out", str(out), "--workers", str(workers)], capture_output=True, text=True)
        assert p.returncode == 0, p.stderr
        digests.append(json.loads((out / "manifest.json").read_text())["files"])
        stage = out / "01-export"
        # Each task's Parquet files hold its input files' documents, in order, split by metadata.lang.
        for t in range(3):
            marker = json.loads((stage / "done" / f"{t:05d}.json").read_text())
            docs = [r for f, part in inputs if str(f) in marker["inputs"] for r in part]
            by_route = {}
            for r in docs:
                lang = (r.get("metadata") or {}).get("lang")
                by_route.setdefault(lang if isinstance(lang, str) else "", []).append(r)
            written = {}
            for rel in marker["outputs"]:
                if rel.startswith("01-export/data/"):
                    route = rel.split("/")[2] if rel.count("/") == 3 else ""
                    written[route] = pq.read_table(out / rel).to_pylist()
            assert set(written) == set(by_route)
            for route, expect in by_route.items():
                source = "web"  # the pipeline's default source name
                want = [dict(expected_document(r, 0), source=r.get("source", source)) for r in expect]
                assert normalise(written[route]) == want, route
        # Every output is in the manifest and verify checks it.
        man = json.loads((out / "manifest.json").read_text())["files"]
        assert sorted(str(p.relative_to(out)) for p in stage.rglob("*.parquet")) == sorted(k for k in man if k.endswith(".parquet"))
        v = subprocess.run([sieve_bin, "verify", str(out)], capture_output=True, text=True)
        assert v.returncode == 0, v.stdout + v.stderr
    assert digests[0] == digests[1]


def test_export_config_errors_are_located(sieve_bin, tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text('{"id":"a","text":"t"}\n')
    cfg = pipeline(tmp_path, [f], "{row_group_row: 5}")
    p = subprocess.run([sieve_bin, "run", str(cfg)], capture_output=True, text=True)
    assert p.returncode == 2
    assert f"{cfg}:6:" in p.stderr and "did you mean 'row_group_rows'" in p.stderr
    cfg = pipeline(tmp_path, [f], "{compression: zstdd}")
    p = subprocess.run([sieve_bin, "run", str(cfg)], capture_output=True, text=True)
    assert p.returncode == 2 and "did you mean 'zstd'" in p.stderr


def test_export_bounds_the_row_groups_buffered_over_languages(sieve_bin, tmp_path):
    rows = [{"id": f"d{i}", "text": f"document {i} " * 200, "metadata": {"lang": ["a", "b", "c"][i % 3]}} for i in range(90)]
    f = tmp_path / "in.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in rows))
    cfg = pipeline(tmp_path, [f], "{row_group_rows: 1000, max_buffer_bytes: 20KiB}", tasks=1)
    p = subprocess.run([sieve_bin, "run", str(cfg), "--workers", "1"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    for k, lang in enumerate("abc"):
        path = tmp_path / "out" / "01-export" / "data" / lang / "00000.parquet"
        assert pq.read_table(path).column("id").to_pylist() == [r["id"] for r in rows[k::3]]
        assert pq.ParquetFile(path).metadata.num_row_groups > 1  # ended early: 30 × 2.6 KB > 20 KiB / 3


def test_long_null_patterns_in_one_page(sieve_bin, tmp_path):
    # Alternating, random and long runs of nulls: bit-packed and RLE definition-level runs.
    import random
    rnd = random.Random(7)
    pattern = [i % 2 for i in range(3000)] + [rnd.random() < 0.3 for _ in range(3000)] + [1] * 500 + [0] * 700
    rows = [{"id": str(i), "text": "t", "created": "c%d" % i if p else None} for i, p in enumerate(pattern)]
    out = write(sieve_bin, tmp_path / "n.parquet", rows, "--row-group-rows", "100000")
    assert pq.read_table(out).column("created").to_pylist() == [r["created"] for r in rows]
    got = duckdb.sql(f"SELECT created FROM read_parquet('{out}')").fetchall()
    assert [g[0] for g in got] == [r["created"] for r in rows]
