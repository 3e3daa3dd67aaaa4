"""`sieve report` on the demo run (pipeline.yaml over Fixtures/): the page is self-contained
(no scripts, stylesheets, fonts or remote resources), its funnel equals `sieve audit summary
--json`, and its robots opt-outs per agent and per host equal what Python counts from the
robots stage's audit rows. The HTML is read with Python's own html.parser."""
import collections
import json
import pathlib
import subprocess
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def zrows(path):
    out = subprocess.run(["zstd", "-dc", str(path)], capture_output=True, check=True).stdout
    return [json.loads(l) for l in out.decode().splitlines() if l.strip()]


class Page(HTMLParser):
    """Collects every start tag, and every table's rows as (tr attrs, [(td attrs, text)])."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.tables = {}
        self.stack = []  # open table ids
        self.row = None
        self.cell = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "table":
            self.stack.append(a.get("id"))
            self.tables.setdefault(a.get("id"), [])
        elif tag == "tr" and self.stack:
            self.row = (a, [])
            self.tables[self.stack[-1]].append(self.row)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = [a, ""]
            self.row[1].append(self.cell)

    def handle_endtag(self, tag):
        if tag == "table" and self.stack:
            self.stack.pop()
        elif tag in ("td", "th"):
            self.cell = None
        elif tag == "tr":
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[1] += data


def keyed(rows):
    """{data-key: {data-name: int(data-value)}} for a count table."""
    out = {}
    for attrs, cells in rows:
        if "data-key" in attrs:
            out[attrs["data-key"]] = {c[0]["data-name"]: int(c[0]["data-value"]) for c in cells if "data-name" in c[0]}
    return out


@pytest.fixture(scope="module")
def demo(sieve_bin, tmp_path_factory):
    out = tmp_path_factory.mktemp("report-demo")
    p = subprocess.run([sieve_bin, "run", "pipeline.yaml", "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr + "\n(the demo needs .assets/langid/lid.176.ftz: run scripts/setup.sh)"
    p = subprocess.run([sieve_bin, "report", str(out)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    page.close()
    summary = json.loads(subprocess.run([sieve_bin, "audit", "summary", str(out), "--json"],
                                        capture_output=True, text=True, check=True).stdout)
    return out, html, page, summary


def test_self_contained(demo):
    out, html, page, _ = demo
    assert html.startswith("<!DOCTYPE html>")
    tags = [t for t, _ in page.tags]
    assert "script" not in tags and "link" not in tags and "iframe" not in tags and "img" not in tags
    for tag, attrs in page.tags:
        for k in ("src", "href", "srcset", "data", "action"):
            v = attrs.get(k) or ""
            assert not v.lower().startswith(("http:", "https:", "//")), (tag, attrs)
    assert "@import" not in html and "url(" not in html and "@font-face" not in html
    assert str(out) not in html and str(ROOT) not in html, "no local paths in the report"


def test_reproducible(demo, sieve_bin, tmp_path):
    out, html, _, _ = demo
    other = tmp_path / "again.html"
    subprocess.run([sieve_bin, "report", str(out), "-o", str(other)], capture_output=True, check=True)
    assert other.read_text(encoding="utf-8") == html


def test_header_facts(demo):
    out, _, page, _ = demo
    info = json.loads((out / "run.json").read_text())
    facts = {cells[0][1]: cells[1][1] for _, cells in page.tables["facts"] if len(cells) == 2}
    assert facts["run name"] == info["name"] == "demo"
    assert facts["config sha256"] == info["config_sha256"]
    assert facts["inputs"].startswith(f"{len(info['inputs'])} files")
    stages = {s["name"]: s.get("info", {}) for s in info["stages"]}
    assert facts["robots: snapshot_id"] == stages["robots"]["snapshot_id"]
    assert facts["robots: snapshot_date"] == stages["robots"]["snapshot_date"]
    assert facts["langid: model_sha256"] == stages["langid"]["model_sha256"]


def test_funnel_equals_audit_summary(demo):
    _, _, page, summary = demo
    rows = [(a, cells) for a, cells in page.tables["funnel"] if "data-stage" in a]
    assert [a["data-stage"] for a, _ in rows] == [s["stage"] for s in summary["stages"]]
    for (a, cells), st in zip(rows, summary["stages"]):
        got = {c[0]["data-name"]: int(c[0]["data-value"]) for c in cells if "data-name" in c[0]}
        assert got == {k: st["counts"][k] for k in got}, st["stage"]
        assert set(got) == {"documents_in", "kept", "dropped", "modified", "bytes_in", "bytes_kept", "bytes_dropped"}


def test_languages_and_reasons_equal_audit_summary(demo):
    _, _, page, summary = demo
    langs = next(s["kept_by_language"] for s in reversed(summary["stages"]) if s.get("kept_by_language"))
    assert keyed(page.tables["languages-table"]) == langs
    want = collections.Counter()
    for st in summary["stages"]:
        for action, rs in st["reasons"].items():
            for reason, v in rs.items():
                want[(st["stage"], action, reason)] = (v["documents"], v["bytes"])
    got = {}
    for _, cells in page.tables["reasons-table"][1:]:
        vals = {c[0]["data-name"]: int(c[0]["data-value"]) for c in cells if "data-name" in c[0]}
        got[(cells[0][1], cells[1][1], cells[2][1])] = (vals["documents"], vals["bytes"])
    assert got == dict(want) and got
    docs = [v[0] for v in got.values()]  # dict keeps page order: most documents first
    assert docs == sorted(docs, reverse=True)


def test_robots_opt_outs_equal_audit_rows(demo):
    out, _, page, _ = demo
    info = json.loads((out / "run.json").read_text())
    folder = next(s["folder"] for s in info["stages"] if s["name"] == "robots")
    agents = collections.defaultdict(lambda: {"documents": 0, "bytes": 0})
    hosts = collections.defaultdict(lambda: {"documents": 0, "bytes": 0})
    for f in sorted((out / folder / "removed").glob("*.jsonl.zst")):
        for r in zrows(f):
            if r["action"] != "drop":
                continue
            for a in set(r["detail"]["agents"]):
                agents[a]["documents"] += 1
                agents[a]["bytes"] += r["bytes"]
            h = urlsplit(r["url"]).hostname
            hosts[h]["documents"] += 1
            hosts[h]["bytes"] += r["bytes"]
    assert agents, "the demo has robots opt-outs (Fixtures/expected.json)"
    assert keyed(page.tables["robots-agents"]) == dict(agents)
    top = sorted(hosts.items(), key=lambda kv: (-kv[1]["documents"], -kv[1]["bytes"], kv[0]))[:20]
    assert list(keyed(page.tables["robots-hosts"]).items()) == top


def stage_rows(out, folder, kind, markers):
    """Rows of a stage's audit files (kind "removed") or of the data files its markers list."""
    if kind == "removed":
        files = sorted((out / folder / "removed").glob("*.jsonl.zst"))
    else:
        files = [out / f for m in markers for f in m["data"]]
    return [r for f in files for r in zrows(f)]


def test_audit_why_traces_every_document(demo, sieve_bin):
    """`sieve audit why --json` for every document of the demo run equals the trace Python builds
    from the raw files: each stage's audit rows for the id, `keep` where the stage's data holds
    it, until the stage that drops it; kept documents end at their shard and index."""
    out, _, _, _ = demo
    info = json.loads((out / "run.json").read_text())
    stages = []
    for s in info["stages"]:
        markers = [json.loads(p.read_text()) for p in sorted((out / s["folder"] / "done").glob("*.json"))]
        removed = collections.defaultdict(list)
        for r in stage_rows(out, s["folder"], "removed", markers):
            removed[r["id"]].append(r)
        data = {r["id"] for r in stage_rows(out, s["folder"], "data", markers)}
        stages.append((s["name"], removed, data, any(m["data"] for m in markers)))
    shard = {}
    for p in sorted((out / "shards").rglob("*.provenance.jsonl")):
        for i, line in enumerate(p.read_text().splitlines()):
            shard[json.loads(line)["id"]] = (str(p.relative_to(out))[: -len(".provenance.jsonl")], i)
    first_removed, first_data = stages[0][1], stages[0][2]
    ids = sorted(set(first_data) | {i for i, rows in first_removed.items() if len(rows) == 1})
    assert len(ids) > 50
    kept_to_the_end = 0
    for key in ids:
        want = []
        for name, removed, data, writes in stages:
            rows = removed.get(key, [])
            want += [(name, r["action"], r["reason"]) for r in rows]
            if any(r["action"] == "drop" for r in rows):
                break
            if not writes:
                continue
            if key not in data:
                break
            want.append((name, "keep", None))
        if want[-1][1] == "keep" and key in shard:
            want.append(("shards", "keep", shard[key]))
            kept_to_the_end += 1
        p = subprocess.run([sieve_bin, "audit", "why", str(out), key, "--json"], capture_output=True, text=True)
        assert p.returncode == 0, p.stderr
        got = []
        for line in p.stdout.splitlines():
            r = json.loads(line)
            extra = (r["shard"], r["document_index"]) if r["stage"] == "shards" else r.get("reason")
            got.append((r["stage"], r["action"], extra))
        assert got == want, key
    assert kept_to_the_end == sum(len(p.read_text().splitlines()) for p in (out / "shards").rglob("*.provenance.jsonl"))


def test_audit_why_unknown_id_fails(demo, sieve_bin):
    out, _, _, _ = demo
    p = subprocess.run([sieve_bin, "audit", "why", str(out), "no-such-document"], capture_output=True, text=True)
    assert p.returncode == 1 and "no document" in p.stderr and p.stdout == ""


def test_audit_summary_languages_match_the_shards(demo):
    """Per language: documents and bytes kept, and tokens, against the shards' provenance and the
    Megatron .idx files (int32 sizes, read with Python's struct)."""
    import struct
    out, _, _, summary = demo
    langs = summary["languages"]
    last = next(s["kept_by_language"] for s in reversed(summary["stages"]) if s.get("kept_by_language"))
    assert {l: (v["documents"], v["bytes"]) for l, v in langs.items()} == \
        {l: (v["documents"], v["bytes"]) for l, v in last.items()}
    for lang, v in langs.items():
        docs = tokens = 0
        for idx in sorted((out / "shards" / lang).glob("*.idx")):
            b = idx.read_bytes()
            assert b[:9] == b"MMIDIDX\x00\x00"
            n = struct.unpack_from("<Q", b, 18)[0]
            sizes = struct.unpack_from(f"<{n}i", b, 34)
            docs += n
            tokens += sum(sizes)
        assert (docs, tokens) == (v["documents"], v["tokens"]), lang


def test_audit_sample_json_and_text(demo, sieve_bin):
    out, _, _, summary = demo
    st = next(s for s in summary["stages"] if s["stage"] == "quality")
    reason, count = max(((r, v["documents"]) for r, v in st["reasons"].get("drop", {}).items()), key=lambda x: x[1])
    folder = st["folder"]
    rows = [r for f in sorted((out / folder / "removed").glob("*.jsonl.zst")) for r in zrows(f) if r["reason"] == reason]
    p = subprocess.run([sieve_bin, "audit", "sample", str(out), "--stage", "quality", "--reason", reason, "-n", "3",
                        "--json"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    got = [json.loads(l) for l in p.stdout.splitlines()]
    assert [g["id"] for g in got] == [r["id"] for r in rows[:3]]
    assert all(g["text_preview"] for g in got), "each example shows the start of its text"
    text = subprocess.run([sieve_bin, "audit", "sample", str(out), "--stage", "quality", "--reason", reason, "-n", "3"],
                          capture_output=True, text=True)
    assert text.returncode == 0 and text.stdout.count(f"drop {reason}") == min(3, count)
