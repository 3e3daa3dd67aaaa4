"""Oracle checks of Fixtures/ (written by scripts/make-fixtures.py).

warcio, an independent WARC reader, must read every record of the good WARC files with the ids,
types, offsets and digests listed in Fixtures/expected.json; the good records of the broken file
must each be readable at their offsets; and re-running the generator must give identical bytes.
"""
import gzip
import hashlib
import html
import io
import json
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIX = ROOT / "Fixtures"
GOOD_FILES = ["web/crawl-00000.warc.gz", "web/crawl-00001.warc.gz", "web/crawl-00002.warc.gz",
              "web/extra.warc", "robots/robots.warc.gz"]


def archive_iterator():
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        pytest.fail("warcio is not installed: run scripts/setup.sh (Tests/oracle/requirements/fixtures.txt)")
    return ArchiveIterator


@pytest.fixture(scope="module")
def expected():
    path = FIX / "expected.json"
    if not path.exists():
        pytest.fail("Fixtures/expected.json missing: run python3 scripts/make-fixtures.py")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", GOOD_FILES)
def test_warcio_reads_every_record(name, expected):
    ArchiveIterator = archive_iterator()
    want = [r for r in expected["records"] + expected["robots_records"] if r["file"] == name]
    assert want, name
    got = []
    with open(FIX / name, "rb") as f:
        it = ArchiveIterator(f, check_digests="raise")
        for rec in it:
            body = rec.content_stream().read()
            rec_id = rec.rec_headers.get_header("WARC-Record-ID")
            got.append((rec.rec_type, rec_id, rec.rec_headers.get_header("WARC-Target-URI"), it.get_record_offset()))
            info = next(r for r in want if r["id"] == rec_id)
            if rec.rec_type == "response":
                assert rec.http_headers.get_statuscode() == str(info["status"]), info["url"]
                if "body_sha1" in info:
                    assert hashlib.sha1(body).hexdigest() == info["body_sha1"], info["url"]
    assert got == [(r["type"], r["id"], r["url"], r["offset"]) for r in want]
    assert got[0][0] == "warcinfo"


def test_main_text_decodes_with_declared_charset(expected):
    """Each page's first paragraph is in its body once decoded with the declared charset label."""
    ArchiveIterator = archive_iterator()
    pages = {r["id"]: r for r in expected["records"] if r.get("kind") == "page" or r["id"] in expected["legacy_charset"]}
    titles_seen = 0
    for name in GOOD_FILES[:4]:
        with open(FIX / name, "rb") as f:
            for rec in ArchiveIterator(f):
                rec_id = rec.rec_headers.get_header("WARC-Record-ID")
                if rec.rec_type != "response" or rec_id not in pages:
                    continue
                text = rec.content_stream().read().decode(pages[rec_id]["charset"])
                assert "<h1>%s</h1>" % html.escape(pages[rec_id]["title"], quote=False) in text or \
                    html.escape(pages[rec_id]["title"], quote=False) in text
                titles_seen += 1
    assert titles_seen == len(pages)
    for rec_id, label in expected["legacy_charset"].items():
        assert label.lower() != "utf-8"


def test_planted_case_inventory(expected):
    langs = expected["languages"]
    assert 80 <= len([r for r in expected["records"] if r["type"] == "response"]) <= 130
    assert len(set(langs.values())) >= 14
    assert len({l.split("_")[1] for l in langs.values()}) >= 8
    ids = {r["id"] for r in expected["records"]}
    for cluster in expected["duplicates"]:
        assert len(cluster) >= 2 and set(cluster) <= ids
    for cluster, jac in zip(expected["near_duplicates"], expected["near_duplicate_jaccard"], strict=True):
        assert 0.8 <= jac < 1.0 and len(cluster) >= 2 and set(cluster) <= ids
    assert len(expected["duplicates"]) + len(expected["near_duplicates"]) >= 3
    assert sum(c["iban"] for c in expected["pii"].values()) >= 2
    assert sum(c["ip"] for c in expected["pii"].values()) >= 3
    assert {"windows-1252", "Shift_JIS", "GB18030", "koi8-r", "windows-1251"} <= set(expected["legacy_charset"].values())
    statuses = {v["status"] for v in expected["robots_hosts"].values()}
    assert {200, 301, 404, 503} <= statuses
    huge = expected["huge"][0]["body_bytes"]
    assert huge > 1_400_000


def test_broken_file_good_records_are_readable(expected):
    ArchiveIterator = archive_iterator()
    data = (FIX / "web/broken.warc.gz").read_bytes()
    good = expected["broken_good_records"]
    assert [r["id"] for r in good] == expected["broken_good_ids"]
    for r in good:
        rec = next(iter(ArchiveIterator(io.BytesIO(data[r["offset"]:]), check_digests="raise")))
        assert rec.rec_headers.get_header("WARC-Record-ID") == r["id"]
        rec.content_stream().read()
    defects = sorted(d["offset"] for d in expected["broken"])
    offsets = sorted(r["offset"] for r in good)
    assert len(defects) == 5
    # every defect lies strictly between two good records
    for d in defects:
        assert any(o < d for o in offsets) and any(o > d for o in offsets)
    # a plain (non-resyncing) reader does not get through the file
    delivered = []
    with pytest.raises(Exception):
        for rec in ArchiveIterator(io.BytesIO(data)):
            delivered.append(rec.rec_headers.get_header("WARC-Record-ID"))
            rec.content_stream().read()
    assert len(delivered) < len(good)


def test_robots_snapshot_forms_agree(expected):
    rows = [json.loads(l) for l in (FIX / "robots/snapshot.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["host"] for r in rows] == sorted(expected["robots_hosts"])
    for row in rows:
        path = FIX / "robots" / ("%s.txt" % row["host"])
        if row["status"] == 200:
            assert path.read_bytes() == row["body"].encode("utf-8"), row["host"]
            assert row["fetched"].startswith("2025-01-15")
        else:
            assert not path.exists() and row["status"] in (404, 503)


def test_jsonl_samples(expected):
    lines = gzip.decompress((FIX / "jsonl/sample.jsonl.gz").read_bytes()).decode("utf-8").splitlines()
    info = expected["jsonl"]["sample.jsonl.gz"]
    assert len(lines) == info["lines"]
    ok = 0
    for n, line in enumerate(lines, 1):
        if n == info["malformed_line"]:
            with pytest.raises(json.JSONDecodeError):
                json.loads(line)
            continue
        row = json.loads(line)
        ok += 1
        assert ("id" in row) == (n != info["row_without_id_line"])
        assert row["text"] and row["metadata"]["url"].startswith("https://")
    assert ok == info["valid_rows"]
    plain = [json.loads(l) for l in (FIX / "jsonl/plain.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(plain) == expected["jsonl"]["plain.jsonl"]["lines"]
    assert plain[0]["text"] == plain[1]["text"]


def test_generator_is_deterministic(tmp_path):
    out = tmp_path / "fixtures"
    p = subprocess.run([sys.executable, str(ROOT / "scripts/make-fixtures.py"), "--out", str(out)],
                       capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    mine = sorted(str(x.relative_to(out)) for x in out.rglob("*") if x.is_file())
    committed = sorted(str(x.relative_to(FIX)) for x in FIX.rglob("*") if x.is_file())
    assert mine == committed
    for rel in mine:
        assert (out / rel).read_bytes() == (FIX / rel).read_bytes(), "%s differs: re-run scripts/make-fixtures.py" % rel


EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
IPV4 = r"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?!\d)(?!\.\d)"
IBAN = r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b"


def pii_counts(text):
    import re

    def iban_ok(s):
        s = s.replace(" ", "")
        return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1
    return {
        "email": len(re.findall(EMAIL, text)),
        "ip": sum(1 for m in re.finditer(IPV4, text) if all(int(g) <= 255 for g in m.groups())),
        "iban": sum(1 for m in re.finditer(IBAN, text) if iban_ok(m.group(0))),
    }


def test_pii_counts_cover_whole_pages(expected):
    """The planted PII counts hold for the whole HTML (none hides in boilerplate), zero elsewhere."""
    ArchiveIterator = archive_iterator()
    by_id = {r["id"]: r for r in expected["records"]}
    seen = 0
    for name in GOOD_FILES[:4]:
        with open(FIX / name, "rb") as f:
            for rec in ArchiveIterator(f):
                rec_id = rec.rec_headers.get_header("WARC-Record-ID")
                info = by_id[rec_id]
                if rec.rec_type != "response" or info.get("kind") in ("non_html", "http_301", "invalid_utf8"):
                    continue
                text = html.unescape(rec.content_stream().read().decode(info.get("charset", "utf-8")))
                want = {k: v for k, v in expected["pii"].get(rec_id, {"email": 0, "ip": 0, "iban": 0}).items()
                        if k != "phone"}
                assert pii_counts(text) == want, info["url"]
                seen += rec_id in expected["pii"]
    assert seen == len(expected["pii"])
    rows = [json.loads(l) for l in gzip.decompress((FIX / "jsonl/sample.jsonl.gz").read_bytes()).decode().splitlines()
            if l.endswith("}")]
    for row in rows:
        want = expected["jsonl"]["sample.jsonl.gz"]["pii"].get(row.get("id"), {"email": 0, "ip": 0, "iban": 0})
        assert pii_counts(row["text"]) == {k: v for k, v in want.items() if k != "phone"}, row.get("id")
    plain = [json.loads(l) for l in (FIX / "jsonl/plain.jsonl").read_text(encoding="utf-8").splitlines()]
    for row in plain:
        want = expected["jsonl"]["plain.jsonl"]["pii"].get(row["id"], {"email": 0, "ip": 0, "iban": 0})
        assert pii_counts(row["text"]) == {k: v for k, v in want.items() if k != "phone"}, row["id"]
