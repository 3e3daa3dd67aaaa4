"""Oracle test of Sieve's HTML → text extractor (`sieve html`) against trafilatura 2.3.1, the
extractor FineWeb used (called as datatrove does: favor_precision, no comments, deduplicate),
on real news/blog pages shipped in the source archives of newspaper4k, trafilatura and inscriptis
(fetched by scripts/assets/extract.sh)."""
import json
import pathlib
import statistics
import subprocess
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Benchmarks" / "extract"))
import compare  # noqa: E402  (token F1 and the reference calls, shared with the benchmark)

# Measured on the 39 pages (mean 0.880, median 0.974 over the 36 pages where trafilatura returns
# text; resiliparse 2.0.1 scores mean 0.72, median 0.84 there); floors sit a bit below.
MEAN_F1_FLOOR = 0.85
MEDIAN_F1_FLOOR = 0.94


@pytest.fixture(scope="module")
def pages(assets):
    d = assets / "extract" / "pages"
    files = sorted(str(p) for p in d.glob("*.html"))
    if len(files) < 30:
        pytest.fail(f"extractor test pages missing in {d}: run scripts/setup.sh")
    return files


@pytest.fixture(scope="module")
def rows(sieve_bin, pages):
    return compare.compare(sieve_bin, pages)


def test_agreement_with_trafilatura(rows):
    scored = [r for r in rows if r["ref_tokens"] > 0]
    f1s = [r["f1_sieve"] for r in scored]
    mean, median = statistics.mean(f1s), statistics.median(f1s)
    print(f"\nSieve vs trafilatura token F1 over {len(f1s)} pages: mean {mean:.3f}, median {median:.3f}")
    assert len(scored) >= 30
    assert mean >= MEAN_F1_FLOOR, [(r["page"], round(r["f1_sieve"], 3)) for r in scored]
    assert median >= MEDIAN_F1_FLOOR
    # No page may be lost entirely when trafilatura finds a real article.
    lost = [r["page"] for r in scored if r["ref_tokens"] >= 200 and r["f1_sieve"] < 0.5]
    assert not lost, lost


def test_every_page_gives_a_row_and_charset(sieve_bin, pages):
    p = subprocess.run([sieve_bin, "html", *pages], capture_output=True, timeout=300)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    out = [json.loads(l) for l in p.stdout.decode().splitlines()]
    assert [r["file"] for r in out] == pages
    for r in out:
        assert "text" in r or r.get("rejected") == "no_text", r
        if "text" in r:
            assert r["charset"], r
            assert "\ufffd" not in r["text"][:2000], (r["file"], r["charset"])


def test_bad_input(sieve_bin, tmp_path):
    garbage = tmp_path / "garbage.html"
    garbage.write_bytes(bytes(range(256)) * 4000)
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    deep = tmp_path / "deep.html"
    deep.write_bytes(b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000 + b"</body></html>")
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"word " * (10 << 20) + b"</p>")  # 50 MB
    p = subprocess.run([sieve_bin, "html", str(garbage), str(empty), str(deep), str(big)],
                       capture_output=True, timeout=300)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    out = {pathlib.Path(r["file"]).name: r for r in map(json.loads, p.stdout.decode().splitlines())}
    assert out["empty.html"]["rejected"] == "no_text"
    assert out["deep.html"].get("text") == "deep"
    assert out["big.html"]["rejected"] == "page_too_large"
    assert out["big.html"]["detail"] == {"bytes": 3 + 5 * (10 << 20) + 4, "limit": 10 << 20}
    assert "garbage.html" in out
