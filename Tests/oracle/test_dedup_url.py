"""URL dedup and the phase-2 hash-range split through the real pipeline (`sieve run`): three
"crawls" of JSONL rows with the same URLs written differently and captured on different dates.
The expected keepers are computed here independently (urllib.parse, datetime), and the run must
be byte-identical whatever `bucket_split` is."""
import datetime
import json
import pathlib
import random
import subprocess
import urllib.parse



def zrows(path):
    out = subprocess.run(["zstd", "-dc", str(path)], capture_output=True, check=True).stdout
    return [json.loads(l) for l in out.decode().split("\n") if l.strip()]


def norm_url(u):
    p = urllib.parse.urlsplit(u.strip())
    host = p.netloc.rsplit("@", 1)[-1].lower()
    if host.startswith("www."):
        host = host[4:]
    if p.scheme.lower() in ("http", "") and host.endswith(":80"):
        host = host[:-3]
    if p.scheme.lower() in ("https", "") and host.endswith(":443"):
        host = host[:-4]
    path = p.path.rstrip("/") or "/"
    return host + path + ("?" + p.query if p.query else "")


def when(created):
    try:
        return datetime.datetime.fromisoformat(created.replace("Z", "+00:00")).timestamp()
    except (AttributeError, ValueError):
        return None


def spellings(rng, host, path):
    """The same URL as different crawls may write it."""
    return rng.choice([f"https://{host}{path}", f"http://www.{host}{path}", f"HTTPS://{host.upper()}:443{path}",
                       f"https://{host}{path}#section-2", f"http://{host}:80{path}/", f"https://user@{host}{path}"])


def make_corpus(tmp_path, seed=4):
    rng = random.Random(seed)
    # Letters only: the normaliser maps digits to 0, so "w1" and "w2" would be the same word.
    vocab = sorted({"".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7)) for _ in range(20000)})
    text = lambda: " ".join(rng.choice(vocab) for _ in range(40))
    files = [[], [], []]
    dates = ["2023-03-01T10:00:00Z", "2024-03-01T10:00:00Z", "2025-03-01T10:00:00Z", "2024-03-01T11:00:00+01:00",
             "2024-03-01T10:00:00.500Z", None, "unknown"]
    n = 0
    for u in range(150):
        host, path = f"site{u % 17}.example", f"/page/{u}" + ("?id=7&x=y" if u % 9 == 0 else "")
        captures = rng.choice([1, 1, 2, 3, 4])
        for c in range(captures):
            f = rng.randrange(3)
            files[f].append({"id": f"d{n}", "text": text(), "created": rng.choice(dates),
                             "metadata": {"url": spellings(rng, host, path)}})
            n += 1
    # Different pages: query and path case matter, so these are not duplicates of each other.
    for i, url in enumerate(["https://case.example/A", "https://case.example/a", "https://case.example/a?q=1",
                             "https://case.example/a?q=2"]):
        files[i % 3].append({"id": f"c{i}", "text": text(), "created": "2024-01-01T00:00:00Z", "metadata": {"url": url}})
    # An old capture that is also an exact copy of a page at another URL: URL dedup removes it,
    # and the other page is kept for the content cluster even though it comes later in input order.
    shared = text()
    files[0].insert(0, {"id": "old", "text": shared, "created": "2020-01-01T00:00:00Z", "metadata": {"url": "https://x.example/p"}})
    files[2].append({"id": "new", "text": text(), "created": "2025-06-01T00:00:00Z", "metadata": {"url": "http://www.x.example/p/"}})
    files[1].append({"id": "mirror", "text": shared, "created": "2021-01-01T00:00:00Z", "metadata": {"url": "https://mirror.example/p"}})
    files[2].append({"id": "mirror2", "text": shared, "created": "2021-01-01T00:00:00Z", "metadata": {"url": "https://mirror2.example/p"}})
    # No URL: never a URL duplicate.
    files[1].append({"id": "nourl", "text": text(), "created": None, "metadata": {}})
    for i, rows in enumerate(files):
        (tmp_path / f"crawl{i}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return files


def expected(files):
    order = [(f, i, r) for f, rows in enumerate(files) for i, r in enumerate(rows)]
    groups = {}
    for f, i, r in order:
        u = r["metadata"].get("url")
        if u:
            groups.setdefault(norm_url(u), []).append((f, i, r))
    url_removed = {}
    for members in groups.values():
        # Newest first; undated or unreadable dates last; ties: first in input order.
        best = min(members, key=lambda m: (when(m[2]["created"]) is None, -(when(m[2]["created"]) or 0), m[0], m[1]))
        for m in members:
            if m is not best:
                url_removed[m[2]["id"]] = (best[2]["id"], best[2]["created"], len(members))
    return url_removed


def run(sieve_bin, tmp_path, out, extra=""):
    cfg = tmp_path / f"p{out}.yaml"
    cfg.write_text("name: urldedup\ninputs: [crawl*.jsonl]\ntasks: 2\nstages:\n"
                   f"  - dedup: {{exact: true, url: {{keep: newest}}{extra}}}\n")
    p = subprocess.run([sieve_bin, "run", str(cfg), "--out", str(tmp_path / out), "--workers", "2"],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    info = json.loads((tmp_path / out / "run.json").read_text())
    folders = {s["name"]: tmp_path / out / s["folder"] for s in info["stages"]}
    kept = [r for f in sorted((folders["dedup"] / "data").rglob("*.jsonl.zst")) for r in zrows(f)]
    removed = [r for f in sorted((folders["dedup"] / "removed").glob("*.jsonl.zst")) for r in zrows(f)]
    remove_file = (folders["dedup-clusters"] / "clusters.remove").read_bytes()
    return kept, removed, remove_file


def test_url_dedup_keeps_the_newest_capture(sieve_bin, tmp_path):
    files = make_corpus(tmp_path)
    want = expected(files)
    assert len(want) > 100 and any(v[2] >= 3 for v in want.values())
    kept, removed, _ = run(sieve_bin, tmp_path, "a")
    by_url = {r["id"]: r for r in removed if r["reason"] == "duplicate_url"}
    assert set(by_url) == set(want)
    created = {r["id"]: r["created"] for rows in files for r in rows}
    for i, (kid, kcreated, captures) in want.items():
        d = by_url[i]["detail"]
        assert d["kept_id"] == kid and d["kept_created"] == kcreated and d["captures"] == captures, (i, d)
        assert d["created"] == created[i] and d["method"] == "url"
    # The content cluster {old, mirror, mirror2}: `old` went by URL, so `mirror` is kept.
    content = {r["id"]: r for r in removed if r["reason"] == "duplicate"}
    assert set(content) == {"mirror2"} and content["mirror2"]["detail"]["kept_id"] == "mirror"
    assert content["mirror2"]["detail"]["cluster_size"] == 2
    kept_ids = {r["id"]: r for r in kept}
    assert kept_ids["mirror"]["metadata"]["dedup_cluster_size"] == 2
    assert {"c0", "c1", "c2", "c3", "nourl", "new"} <= set(kept_ids)
    total = sum(len(rows) for rows in files)
    assert len(kept) + len(removed) == total


def test_bucket_split_is_byte_identical(sieve_bin, tmp_path):
    make_corpus(tmp_path, seed=9)
    a = run(sieve_bin, tmp_path, "whole", ", bucket_tasks: 2, bucket_split: 1")
    b = run(sieve_bin, tmp_path, "split", ", bucket_tasks: 5, bucket_split: 4")
    assert a[2] == b[2] and len(a[2]) > 0
    assert a[0] == b[0] and a[1] == b[1]


def test_url_option_errors(sieve_bin, tmp_path):
    (tmp_path / "in.jsonl").write_text('{"text":"x"}\n')
    (tmp_path / "p.yaml").write_text("inputs: [in.jsonl]\nstages:\n  - dedup: {url: {keep: newst}}\n")
    p = subprocess.run([sieve_bin, "run", str(tmp_path / "p.yaml")], capture_output=True, text=True)
    assert p.returncode == 2
    assert "p.yaml:3:" in p.stderr and "did you mean 'newest'?" in p.stderr, p.stderr
    (tmp_path / "p.yaml").write_text("inputs: [in.jsonl]\nstages:\n  - dedup: {url: {kep: newest}}\n")
    p = subprocess.run([sieve_bin, "run", str(tmp_path / "p.yaml")], capture_output=True, text=True)
    assert p.returncode == 2 and "did you mean 'keep'?" in p.stderr, p.stderr
