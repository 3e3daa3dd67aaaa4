"""Sieve's native Parquet reader against pyarrow: pyarrow writes the files (every codec, plain and
dictionary encodings, data pages v1 and v2, nulls, several row groups, large and non-ASCII
strings, extra columns of other types), `sieve extract FILE.parquet` must return exactly the rows
pyarrow wrote. Damaged files give a clear error or an audit row, never a crash or a hang."""
import datetime
import json
import pathlib
import subprocess

import pytest

pa = pytest.importorskip("pyarrow", reason="pyarrow missing: run scripts/setup.sh")
import pyarrow.parquet as pq  # noqa: E402

N = 700
WORDS = ["Grüezi", "wälder", "Straße", "東京", "Москва", "naïve", "data", "ß", "🙂", "text", "ελληνικά", "x"]


def sample_table(n=N, large=False):
    texts = []
    for i in range(n):
        k = (i * 7919) % 97 + 1
        texts.append(" ".join(WORDS[(i + j) % len(WORDS)] for j in range(k)) + f" #{i}")
    if large:
        texts[3] = "A" * (3 << 20) + "é"  # one 3 MB string (several pages)
        texts[n - 2] = "Ω" * (1 << 20)
    text_type = pa.large_string() if large else pa.string()
    return pa.table({
        "text": pa.array(texts, text_type),
        "id": [None if i % 11 == 0 else f"<urn:uuid:{i:08d}>" for i in range(n)],
        "dump": ["CC-MAIN-2024-10" if i % 3 else "CC-MAIN-2023-50" for i in range(n)],
        "url": [None if i % 5 == 0 else f"https://example.org/p/{i}?q=ü" for i in range(n)],
        "date": [f"2024-02-{i % 28 + 1:02d}T10:00:00Z" for i in range(n)],
        "language": ["en" if i % 2 else "de" for i in range(n)],
        "language_score": [None if i % 13 == 0 else 0.5 + i / 10000 for i in range(n)],
        "token_count": pa.array([i * 3 for i in range(n)], pa.int64()),
        "small": pa.array([i % 100 - 50 for i in range(n)], pa.int32()),
        "ratio": pa.array([i / 7 for i in range(n)], pa.float32()),
        "flag": [None if i % 17 == 0 else i % 3 == 0 for i in range(n)],
        # Not read (nested) or read as ISO text:
        "top_langs": [[{"lang": "en", "score": 0.9}] if i % 2 else [] for i in range(n)],
        "tags": [["a", "b"][: i % 3] for i in range(n)],
        "crawled": pa.array([datetime.datetime(2024, 1, 1, 12, 30, i % 60) for i in range(n)], pa.timestamp("us")),
    })


def extract(sieve_bin, path, check=True):
    p = subprocess.run([sieve_bin, "extract", str(path)], capture_output=True, timeout=120)
    if check:
        assert p.returncode == 0, p.stderr.decode(errors="replace")
    rows = [json.loads(l) for l in p.stdout.decode().split("\n") if l.strip()]
    return p, rows


def expected_rows(table, name):
    out = []
    for i, r in enumerate(table.to_pylist()):
        out.append(r | {"_id": r["id"] or f"{name}:{i}"})
    return out


def assert_same(rows, table, name):
    exp = expected_rows(table, name)
    assert len(rows) == len(exp)
    for got, e in zip(rows, exp):
        assert got["text"] == e["text"]
        assert got["id"] == e["_id"]
        assert got["created"] == e["date"]
        m = got["metadata"]
        assert m.get("url") == e["url"]
        assert m["dump"] == e["dump"]
        assert m["language"] == e["language"]
        assert m["lang"] == ("eng_Latn" if e["language"] == "en" else "deu_Latn")
        if e["language_score"] is None:
            assert m["language_score"] is None
        else:
            assert m["language_score"] == pytest.approx(e["language_score"], rel=0, abs=0)
        assert m["token_count"] == e["token_count"]
        assert m["small"] == e["small"]
        assert m["ratio"] == pytest.approx(e["ratio"], rel=1e-7)
        assert m["flag"] == e["flag"]
        assert m["crawled"] == e["crawled"].strftime("%Y-%m-%dT%H:%M:%SZ")
        assert "top_langs" not in m and "tags" not in m  # nested: not read
        assert m["parquet_file"] == name


@pytest.mark.parametrize("codec", ["snappy", "zstd", "gzip", "none"])
@pytest.mark.parametrize("dictionary", [True, False])
@pytest.mark.parametrize("page_version", ["1.0", "2.0"])
def test_rows_match_pyarrow(sieve_bin, tmp_path, codec, dictionary, page_version):
    t = sample_table()
    path = tmp_path / "t.parquet"
    pq.write_table(t, path, compression=codec, use_dictionary=dictionary, data_page_version=page_version,
                   row_group_size=250, data_page_size=4096)
    assert pq.ParquetFile(path).num_row_groups == 3
    _, rows = extract(sieve_bin, path)
    assert_same(rows, t, "t.parquet")


def test_large_strings_and_many_pages(sieve_bin, tmp_path):
    t = sample_table(n=300, large=True)
    path = tmp_path / "large.parquet"
    pq.write_table(t, path, compression="snappy", row_group_size=128, data_page_size=1 << 16)
    assert pq.read_schema(path).field("text").type == pa.large_string()
    _, rows = extract(sieve_bin, path)
    assert_same(rows, t, "large.parquet")
    assert len(rows[3]["text"]) == (3 << 20) + 1


def test_null_text_and_required_columns(sieve_bin, tmp_path):
    schema = pa.schema([pa.field("text", pa.string(), nullable=False), pa.field("id", pa.string(), nullable=False)])
    t = pa.table({"text": ["a", "", "c"], "id": ["x", "y", "z"]}, schema=schema)
    path = tmp_path / "req.parquet"
    pq.write_table(t, path)
    _, rows = extract(sieve_bin, path)
    assert [(r["id"], r["text"]) for r in rows] == [("x", "a"), ("y", ""), ("z", "c")]


def test_fineweb2_language_script(sieve_bin, tmp_path):
    t = pa.table({"text": ["Grüezi mitenand", "Привет"], "id": ["a", "b"], "language": ["gsw", "rus"],
                  "language_script": ["Latn", "Cyrl"], "minhash_cluster_size": [3, 1]})
    path = tmp_path / "fw2.parquet"
    pq.write_table(t, path)
    _, rows = extract(sieve_bin, path)
    assert [r["metadata"]["lang"] for r in rows] == ["gsw_Latn", "rus_Cyrl"]
    assert [r["metadata"]["minhash_cluster_size"] for r in rows] == [3, 1]


def test_delta_encoding_in_unread_column_is_skipped_and_in_text_is_a_clear_error(sieve_bin, tmp_path):
    t = pa.table({"text": ["one", "two", "three"], "id": ["a", "b", "c"], "n": pa.array([1, 2, 3], pa.int64())})
    ok = tmp_path / "delta_other.parquet"
    pq.write_table(t, ok, use_dictionary=False, column_encoding={"n": "DELTA_BINARY_PACKED"})
    _, rows = extract(sieve_bin, ok)
    assert [r["text"] for r in rows] == ["one", "two", "three"]
    assert all("n" not in r["metadata"] for r in rows)
    bad = tmp_path / "delta_text.parquet"
    pq.write_table(t, bad, use_dictionary=False, column_encoding={"text": "DELTA_LENGTH_BYTE_ARRAY"})
    p, rows = extract(sieve_bin, bad, check=False)
    err = p.stderr.decode()
    assert p.returncode == 1 and rows == []
    assert "delta_text.parquet" in err and "'text'" in err and "DELTA_LENGTH_BYTE_ARRAY" in err


def test_inspect_json(sieve_bin, tmp_path):
    t = sample_table(n=100)
    path = tmp_path / "i.parquet"
    pq.write_table(t, path, compression="zstd", row_group_size=40)
    p = subprocess.run([sieve_bin, "parquet", "inspect", "--json", str(path)], capture_output=True, text=True, check=True)
    info = json.loads(p.stdout)
    md = pq.ParquetFile(path).metadata
    assert info["rows"] == md.num_rows == 100
    assert [g["rows"] for g in info["row_groups"]] == [md.row_group(i).num_rows for i in range(md.num_row_groups)]
    names = [c["name"] for c in info["columns"]]
    assert names == [md.schema.column(i).path for i in range(md.num_columns)]
    for gi, g in enumerate(info["row_groups"]):
        for ci, c in enumerate(g["columns"]):
            cc = md.row_group(gi).column(ci)
            assert c["codec"] == cc.compression
            assert c["compressed_bytes"] == cc.total_compressed_size
            assert c["uncompressed_bytes"] == cc.total_uncompressed_size
            assert c["values"] == cc.num_values
            assert sorted(c["encodings"]) == sorted(cc.encodings)


# ---------------------------------------------------------------- damaged files


def write_plain(path, rows=600, groups=200, codec="snappy"):
    t = pa.table({"text": [f"document {i} " + "ü" * (i % 50) for i in range(rows)], "id": [f"d{i}" for i in range(rows)]})
    pq.write_table(t, path, compression=codec, row_group_size=groups, use_dictionary=False)
    return t


def test_truncated_and_bad_footer_are_clear_errors(sieve_bin, tmp_path):
    good = tmp_path / "good.parquet"
    write_plain(good)
    data = good.read_bytes()
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(data[: len(data) // 2])
    p, rows = extract(sieve_bin, cut, check=False)
    assert p.returncode == 1 and rows == []
    assert "cut.parquet" in p.stderr.decode() and "PAR1" in p.stderr.decode()
    bad = tmp_path / "badfooter.parquet"
    flen = int.from_bytes(data[-8:-4], "little")
    start = len(data) - 8 - flen
    bad.write_bytes(data[:start] + bytes([0xFF]) * flen + data[-8:])
    p, rows = extract(sieve_bin, bad, check=False)
    assert p.returncode == 1 and rows == []
    assert "badfooter.parquet" in p.stderr.decode() and "footer" in p.stderr.decode()
    # Every cut point: an error or fewer rows, never a crash or a hang.
    for k in range(1, 60):
        n = len(data) * k // 60
        cut.write_bytes(data[:n])
        p = subprocess.run([sieve_bin, "extract", str(cut)], capture_output=True, timeout=30)
        assert p.returncode in (0, 1), (n, p.returncode, p.stderr[-300:])


def corrupt_chunk(src, dst, group, column, how):
    md = pq.ParquetFile(src).metadata.row_group(group).column(column)
    start = md.dictionary_page_offset or md.data_page_offset
    data = bytearray(src.read_bytes())
    if how == "header":
        data[start:start + 16] = bytes([0xFF]) * 16
    else:  # page body: zero the compressed bytes after the header
        for i in range(start + 40, start + md.total_compressed_size):
            data[i] = 0
    dst.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["header", "body"])
def test_corrupted_page_skips_its_row_group(sieve_bin, tmp_path, how):
    good = tmp_path / "good.parquet"
    t = write_plain(good, rows=600, groups=200)
    bad = tmp_path / "bad.parquet"
    corrupt_chunk(good, bad, 1, 0, how)
    p, rows = extract(sieve_bin, bad, check=False)
    assert p.returncode == 0, p.stderr.decode()
    exp = t.to_pylist()
    assert [r["id"] for r in rows] == [r["id"] for r in exp[:200] + exp[400:]]
    assert [r["text"] for r in rows] == [r["text"] for r in exp[:200] + exp[400:]]
    assert "bad_parquet_row_group" in p.stderr.decode()


# ---------------------------------------------------------------- pipeline


def test_pipeline_splits_parquet_by_row_group(sieve_bin, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    ta = write_plain(inputs / "a.parquet", rows=500, groups=100)  # 5 row groups
    tb = write_plain(inputs / "b.parquet", rows=150, groups=100)  # 2 row groups
    bad = inputs / "c.parquet"
    corrupt_chunk(inputs / "a.parquet", bad, 2, 0, "header")  # row group 2 damaged
    cfg = tmp_path / "p.yaml"
    cfg.write_text(f"name: pq\ninputs: [{inputs}/*.parquet]\nout: {tmp_path}/run\ntasks: 4\n"
                   "parquet: {source: fineweb-test, metadata: []}\nstages:\n  - extract: {}\n")
    p = subprocess.run([sieve_bin, "run", str(cfg), "--workers", "2"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    run = tmp_path / "run"
    stage = run / "01-extract"
    markers = [json.loads(f.read_text()) for f in sorted((stage / "done").glob("*.json"))]
    units = [u for m in markers for u in m["inputs"]]
    # 5 + 2 + 5 row groups = 12 units over 4 tasks, dealt round-robin in input order.
    assert len(markers) == 4 and len(units) == 12
    assert [len(m["inputs"]) for m in markers] == [3, 3, 3, 3]
    assert markers[0]["inputs"][1].endswith("a.parquet#row_groups=4..<5")
    assert markers[3]["inputs"][0].endswith("a.parquet#row_groups=3..<4")
    data = [r for f in sorted((stage / "data").glob("*.jsonl.zst")) for r in zrows(f)]
    got = sorted((r["metadata"]["parquet_file"], r["metadata"]["parquet_row"], r["id"], r["text"]) for r in data)
    exp = [("a.parquet", i, r["id"], r["text"]) for i, r in enumerate(ta.to_pylist())]
    exp += [("b.parquet", i, r["id"], r["text"]) for i, r in enumerate(tb.to_pylist())]
    exp += [("c.parquet", i, r["id"], r["text"]) for i, r in enumerate(ta.to_pylist()) if not 200 <= i < 300]
    assert got == sorted(exp)
    assert {r["source"] for r in data} == {"fineweb-test"}
    removed = [r for f in sorted((stage / "removed").glob("*.jsonl.zst")) for r in zrows(f)]
    assert len(removed) == 1 and removed[0]["reason"] == "bad_parquet_row_group"
    assert removed[0]["detail"]["file"] == "c.parquet" and removed[0]["detail"]["row_group"] == 2
    # The split depends on the inputs only: one worker gives the same units.
    p = subprocess.run([sieve_bin, "run", str(cfg), "--workers", "1", "--out", str(tmp_path / "run1")],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    again = [json.loads(f.read_text()) for f in sorted((tmp_path / "run1/01-extract/done").glob("*.json"))]
    assert [m["inputs"] for m in again] == [m["inputs"] for m in markers]


def zrows(path):
    out = subprocess.run(["zstd", "-dc", str(path)], capture_output=True, check=True).stdout
    return [json.loads(l) for l in out.decode().split("\n") if l.strip()]


def test_config_errors_name_the_line(sieve_bin, tmp_path):
    write_plain(tmp_path / "a.parquet", rows=10, groups=5)
    cfg = tmp_path / "p.yaml"
    cfg.write_text("name: t\ninputs: [a.parquet]\nparquet: {txt: body}\nstages:\n  - extract: {}\n")
    p = subprocess.run([sieve_bin, "run", str(cfg)], capture_output=True, text=True)
    assert p.returncode == 2 and "p.yaml:3" in p.stderr and "unknown key 'txt'" in p.stderr
    cfg.write_text("name: t\ninputs: [a.parquet]\nparquet: {text: body}\nstages:\n  - extract: {}\n")
    p = subprocess.run([sieve_bin, "run", str(cfg)], capture_output=True, text=True)
    assert p.returncode == 2 and "no column 'body'" in p.stderr and "text, id" in p.stderr
