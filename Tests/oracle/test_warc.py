"""WARC reader oracle tests: `sieve warc index` against warcio 1.8.1 (an independent reader and
writer) on WARCs written by warcio (every record type, plain / gzip / zstd) and on real crawl
samples (pywb 2.10.0 sample_archive), plus damaged inputs with known expected reports."""
import gzip
import hashlib
import io
import json
import shutil
import subprocess
import zlib

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PAGE_TYPES = ("response", "resource", "conversion")
HTML = b"<html><head><title>t</title></head><body>" + b"<p>hello world</p>\n" * 300 + b"</body></html>"


def index(sieve_bin, path, *extra):
    p = subprocess.run([sieve_bin, "warc", "index", "--payload-hash", *extra, str(path)],
                       capture_output=True, timeout=300)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    return [json.loads(l) for l in p.stdout.decode().splitlines() if l.strip()]


def warcio_rows(path):
    rows = []
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        for r in it:
            status = None
            if r.http_headers is not None and r.rec_type in ("response", "revisit"):
                code = r.http_headers.get_statuscode()
                status = int(code) if code and code.isdigit() else None
            body = r.content_stream().read()
            rows.append({
                "offset": it.get_record_offset(),
                "type": r.rec_type,
                "id": r.rec_headers.get_header("WARC-Record-ID"),
                "uri": r.rec_headers.get_header("WARC-Target-URI"),
                "date": r.rec_headers.get_header("WARC-Date"),
                "status": status,
                "length": int(r.rec_headers.get_header("Content-Length")),
                "payload_sha256": hashlib.sha256(body).hexdigest() if r.rec_type in PAGE_TYPES else None,
            })
    return rows


def comparable(row):
    keys = ("offset", "type", "id", "uri", "date", "status", "length", "payload_sha256")
    return {k: row.get(k) for k in keys}


def chunked(data, size=257):
    out = b""
    for i in range(0, len(data), size):
        c = data[i:i + size]
        out += b"%x\r\n" % len(c) + c + b"\r\n"
    return out + b"0\r\n\r\n"


def make_records():
    """One warcio-written record per entry (plain bytes), covering every record type."""
    specs = []

    def rec(fn):
        specs.append(fn)

    rec(lambda w: w.create_warcinfo_record("test.warc", {"software": "sieve-test", "format": "WARC 1.1"}))
    rec(lambda w: w.create_warc_record("http://example.com/", "response", payload=io.BytesIO(chunked(gzip.compress(HTML))),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=UTF-8"), ("Transfer-Encoding", "chunked"),
                                                 ("Content-Encoding", "gzip")], protocol="HTTP/1.1")))
    rec(lambda w: w.create_warc_record("http://example.com/", "request", payload=io.BytesIO(b""),
        http_headers=StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)))
    rec(lambda w: w.create_warc_record("http://example.com/deflate", "response", payload=io.BytesIO(zlib.compress(HTML)),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "deflate")], protocol="HTTP/1.1")))
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = raw_deflate.compress(HTML) + raw_deflate.flush()
    rec(lambda w: w.create_warc_record("http://example.com/rawdeflate", "response", payload=io.BytesIO(raw),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html;charset=ISO-8859-1"), ("Content-Encoding", "deflate")],
                                      protocol="HTTP/1.1")))
    rec(lambda w: w.create_warc_record("http://example.com/old", "response", payload=io.BytesIO(b"<a href=/new>moved</a>"),
        http_headers=StatusAndHeaders("301 Moved Permanently", [("Location", "http://example.com/new"), ("Content-Type", "text/html")],
                                      protocol="HTTP/1.0")))
    rec(lambda w: w.create_warc_record("http://example.com/missing", "response", payload=io.BytesIO(b"not found"),
        http_headers=StatusAndHeaders("404 Not Found", [("Content-Type", "text/plain")], protocol="HTTP/1.1")))
    rec(lambda w: w.create_revisit_record("http://example.com/", digest="sha1:B2LTWWPUOYAH7UIPQ7ZUPQ4VMBSVC36A",
                                          refers_to_uri="http://example.com/", refers_to_date="2024-01-01T00:00:00Z"))
    rec(lambda w: w.create_warc_record("http://example.com/", "metadata", payload=io.BytesIO(b"outlinks: http://example.com/a\r\n"),
                                       warc_content_type="application/warc-fields"))
    rec(lambda w: w.create_warc_record("http://example.com/file.txt", "resource", payload=io.BytesIO("résumé text".encode("latin-1")),
                                       warc_content_type="text/plain; charset=ISO-8859-1"))
    rec(lambda w: w.create_warc_record("http://example.com/", "conversion", payload=io.BytesIO("Plain text of the page ✓\n".encode()),
                                       warc_content_type="text/plain"))
    big = (b"x" * 99 + b"\n") * 60  # 6000 bytes, for the size limit test
    rec(lambda w: w.create_warc_record("http://example.com/big", "response", payload=io.BytesIO(big),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")))
    rec(lambda w: w.create_warc_record("http://example.com/last", "response", payload=io.BytesIO(b"<p>last</p>"),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")))
    out = []
    for fn in specs:
        buf = io.BytesIO()
        w = WARCWriter(buf, gzip=False)
        w.write_record(fn(w))
        out.append(buf.getvalue())
    return out


def record_id(plain):
    for line in plain.split(b"\r\n"):
        if line.lower().startswith(b"warc-record-id:"):
            return line.split(b":", 1)[1].strip().decode()
    raise AssertionError("no id")


@pytest.fixture(scope="module")
def records():
    return make_records()


def write(path, chunks):
    path.write_bytes(b"".join(chunks))
    offsets, pos = [], 0
    for c in chunks:
        offsets.append(pos)
        pos += len(c)
    return offsets


def gz(data):
    return gzip.compress(data, mtime=0)


@pytest.mark.parametrize("kind", ["plain", "gzip"])
def test_warcio_written_files_match_warcio(sieve_bin, tmp_path, records, kind):
    path = tmp_path / ("t.warc" if kind == "plain" else "t.warc.gz")
    write(path, records if kind == "plain" else [gz(r) for r in records])
    expected = warcio_rows(path)
    got = index(sieve_bin, path)
    assert len(expected) == len(records) == len(got)
    assert [comparable(r) for r in got] == expected
    by_uri = {r["uri"]: r for r in got}
    assert by_uri["http://example.com/old"]["status"] == 301
    assert by_uri["http://example.com/rawdeflate"]["content_type"] == "text/html"
    assert by_uri["http://example.com/rawdeflate"]["payload_sha256"] == hashlib.sha256(HTML).hexdigest()


def test_zstd_frames_and_dictionary(sieve_bin, tmp_path, records):
    zstd = shutil.which("zstd")
    assert zstd, "the zstd command is missing: run scripts/setup.sh"
    plain = tmp_path / "t.warc"
    write(plain, records)
    expected = warcio_rows(plain)

    def compress(data, *args):
        return subprocess.run([zstd, "-q", "-c", *args], input=data, capture_output=True, check=True).stdout

    frames = [compress(r) for r in records]
    path = tmp_path / "t.warc.zst"
    offsets = write(path, frames)
    got = index(sieve_bin, path)
    assert [r["offset"] for r in got] == offsets
    assert [{**comparable(r), "offset": 0} for r in got] == [{**e, "offset": 0} for e in expected]

    # IIPC .warc.zst: a skippable frame (magic 0x184D2A5D) holding the dictionary, then frames
    # compressed with it. A raw-content dictionary made of record bytes is enough for zstd.
    dict_path = tmp_path / "dict"
    dict_path.write_bytes(records[1] + records[3])
    dict_frame = (0x184D2A5D).to_bytes(4, "little") + len(compress(dict_path.read_bytes())).to_bytes(4, "little") + \
        compress(dict_path.read_bytes())
    frames = [compress(r, "-D", str(dict_path)) for r in records]
    path = tmp_path / "d.warc.zst"
    offsets = write(path, [dict_frame] + frames)
    got = index(sieve_bin, path)
    assert [r["offset"] for r in got] == offsets[1:]
    assert [{**comparable(r), "offset": 0} for r in got] == [{**e, "offset": 0} for e in expected]


def test_real_crawl_samples_match_warcio(sieve_bin, assets):
    d = assets / "warc" / "warcs"
    if not (d / "iana.warc.gz").exists():
        pytest.fail(f"{d}/iana.warc.gz missing: run scripts/setup.sh (scripts/assets/warc.sh)")
    files = sorted(p for p in d.iterdir() if p.name.endswith((".warc", ".warc.gz")))
    assert len(files) >= 12
    total = 0
    for path in files:
        expected = warcio_rows(path)
        got = index(sieve_bin, path)
        assert [comparable(r) for r in got] == expected, path.name
        total += len(got)
        if path.name == "iana.warc.gz":
            assert len(got) == 343
    assert total >= 400


# Damaged inputs: each problem is reported with its reason and offset, and the following
# records are still read.

def ids_read(rows):
    return [r["id"] for r in rows if "error" not in r]


def errors(rows):
    return [(r["offset"], r["error"]) for r in rows if "error" in r]


def test_empty_files(sieve_bin, tmp_path):
    for name in ("e.warc", "e.warc.gz"):
        (tmp_path / name).write_bytes(b"")
        assert index(sieve_bin, tmp_path / name) == [{"offset": 0, "error": "empty_file"}]


@pytest.mark.parametrize("kind", ["plain", "gzip"])
@pytest.mark.parametrize("delta", [+60, -60])
def test_wrong_content_length(sieve_bin, tmp_path, records, kind, delta):
    recs = list(records)
    head, _, rest = recs[3].partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    for i, l in enumerate(lines):
        if l.startswith(b"Content-Length:"):
            lines[i] = b"Content-Length: %d" % (int(l.split(b":")[1]) + delta)
    recs[3] = b"\r\n".join(lines) + b"\r\n\r\n" + rest
    chunks = recs if kind == "plain" else [gz(r) for r in recs]
    path = tmp_path / ("c.warc" if kind == "plain" else "c.warc.gz")
    offsets = write(path, chunks)
    rows = index(sieve_bin, path)
    assert errors(rows) == [(offsets[3], "bad_content_length")]
    assert ids_read(rows) == [record_id(r) for i, r in enumerate(records) if i != 3]
    assert [r["offset"] for r in rows] == offsets


@pytest.mark.parametrize("kind", ["plain", "gzip"])
def test_garbage_between_records(sieve_bin, tmp_path, records, kind):
    junk = b"garbage \x00\x01that is not a record\r\nWARCish line\r\n" * 3
    if kind == "plain":
        chunks = records[:2] + [junk] + records[2:]
    else:
        chunks = [gz(r) for r in records[:2]] + [junk] + [gz(r) for r in records[2:]]
    path = tmp_path / ("g.warc" if kind == "plain" else "g.warc.gz")
    offsets = write(path, chunks)
    rows = index(sieve_bin, path)
    assert errors(rows) == [(offsets[2], "garbage_skipped")]
    assert ids_read(rows) == [record_id(r) for r in records]
    assert [r["offset"] for r in rows] == offsets


def test_truncated_gzip_member(sieve_bin, tmp_path, records):
    members = [gz(r) for r in records]
    members[4] = members[4][: len(members[4]) // 2]
    path = tmp_path / "t.warc.gz"
    offsets = write(path, members)
    rows = index(sieve_bin, path)
    errs = errors(rows)
    # warcio writes random record ids and the current date, so where the cut falls inside the
    # record varies: the defect may show as broken gzip or as the header/length it cut through.
    # Either way it is reported once, at the member's offset, and every other record is read.
    assert len(errs) == 1 and errs[0][0] == offsets[4]
    assert errs[0][1] in ("truncated_gzip", "corrupt_gzip", "bad_warc_header", "bad_content_length", "truncated_record")
    assert ids_read(rows) == [record_id(r) for i, r in enumerate(records) if i != 4]
    # Cut inside the last member: the file ends inside it.
    members = [gz(r) for r in records]
    members[-1] = members[-1][:-30]
    offsets = write(path, members)
    rows = index(sieve_bin, path)
    assert errors(rows) == [(offsets[-1], "truncated_gzip")]
    assert ids_read(rows) == [record_id(r) for r in records[:-1]]


def test_truncated_plain_file(sieve_bin, tmp_path, records):
    path = tmp_path / "t.warc"
    offsets = write(path, records)
    path.write_bytes(path.read_bytes()[:-40])
    rows = index(sieve_bin, path)
    assert errors(rows) == [(offsets[-1], "truncated_record")]
    assert ids_read(rows) == [record_id(r) for r in records[:-1]]


@pytest.mark.parametrize("kind", ["plain", "gzip"])
def test_bad_headers(sieve_bin, tmp_path, records, kind):
    recs = list(records)
    recs[2] = recs[2].split(b"\r\n", 1)[1]  # no WARC/1.x version line
    recs[5] = recs[5].replace(b"\r\nWARC-Date:", b"\r\nthis line is not a header\r\nWARC-Date:", 1)
    chunks = recs if kind == "plain" else [gz(r) for r in recs]
    path = tmp_path / ("h.warc" if kind == "plain" else "h.warc.gz")
    offsets = write(path, chunks)
    rows = index(sieve_bin, path)
    assert errors(rows) == [(offsets[2], "bad_warc_header"), (offsets[5], "bad_warc_header")]
    assert ids_read(rows) == [record_id(r) for i, r in enumerate(records) if i not in (2, 5)]


@pytest.mark.parametrize("kind", ["plain", "gzip"])
def test_record_over_the_limit(sieve_bin, tmp_path, records, kind):
    chunks = records if kind == "plain" else [gz(r) for r in records]
    path = tmp_path / ("l.warc" if kind == "plain" else "l.warc.gz")
    offsets = write(path, chunks)
    rows = index(sieve_bin, path, "--max-record-bytes", "5000")
    big = [i for i, r in enumerate(records) if b"http://example.com/big" in r]
    assert errors(rows) == [(offsets[big[0]], "record_too_large")]
    assert [r for r in rows if "error" in r][0]["id"] == record_id(records[big[0]])
    assert ids_read(rows) == [record_id(r) for i, r in enumerate(records) if i != big[0]]


@pytest.mark.parametrize("kind", ["plain", "gzip"])
def test_random_damage_never_crashes(sieve_bin, tmp_path, records, kind):
    """Random byte flips, cuts and insertions: the reader exits cleanly, reports offsets in
    order, and (gzip) every record it reads as well-formed is one of the originals."""
    import random
    rng = random.Random(5)
    good = b"".join(records) if kind == "plain" else b"".join(gz(r) for r in records)
    known = {record_id(r) for r in records}
    path = tmp_path / ("f.warc" if kind == "plain" else "f.warc.gz")
    for _ in range(25):
        data = bytearray(good)
        for _ in range(rng.randint(1, 4)):
            p, op = rng.randrange(len(data)), rng.random()
            if op < 0.4:
                data[p] = rng.randrange(256)
            elif op < 0.7:
                del data[p:p + rng.randint(1, 300)]
            else:
                data[p:p] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 60)))
        path.write_bytes(bytes(data))
        rows = index(sieve_bin, path)
        offsets = [r["offset"] for r in rows]
        assert offsets == sorted(offsets)
        if kind == "gzip":  # damaged members fail their CRC: what is read is intact
            assert all(r["id"] in known for r in rows if "error" not in r)
