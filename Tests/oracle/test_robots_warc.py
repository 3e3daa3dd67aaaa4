"""Robots snapshots read from a WARC of robots.txt fetches (`--robots X.warc[.gz]`).

1. The fixture WARC (200, 301, 404, 503 fetches) gives the same rows as the fixture JSON Lines
   snapshot for every URL of Fixtures/expected.json, and the expected blocked agents.
2. A warcio-written WARC (newest fetch wins, ties → later record, redirect chains and loops,
   gzip Content-Encoding, chunked bodies, ports, 4xx/5xx, non-robots records) agrees with protego
   applied to the robots.txt an independent resolver in this file picks for each host.
"""
import gzip
import io
import json
import pathlib
import subprocess

from protego import Protego
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIX = ROOT / "Fixtures"
AGENTS = ["GPTBot", "CCBot", "Google-Extended", "*"]


def check(sieve_bin, robots, urls, *extra):
    p = subprocess.run([sieve_bin, "robots", "check", "--robots", str(robots), *extra],
                       input=("\n".join(urls) + "\n").encode(), capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    assert b"warning" not in p.stderr, p.stderr.decode(errors="replace")
    return [json.loads(l) for l in p.stdout.decode().splitlines()]


def test_fixture_warc_matches_jsonl_snapshot(sieve_bin):
    expected = json.loads((FIX / "expected.json").read_text(encoding="utf-8"))
    urls = [r["url"] for r in expected["robots_blocked"]] + [r["url"] for r in expected["robots_unavailable"]]
    urls += [r["url"] for r in expected["records"] if r.get("url")]
    urls = list(dict.fromkeys(urls))
    assert len(urls) > 50
    from_warc = check(sieve_bin, FIX / "robots/robots.warc.gz", urls)
    from_jsonl = check(sieve_bin, FIX / "robots/snapshot.jsonl", urls)
    assert len(from_warc) == len(from_jsonl) == 15 * len(urls)
    assert from_warc == from_jsonl
    blocked = {}
    for r in from_warc:
        if not r["allowed"]:
            blocked.setdefault(r["url"], []).append(r["agent"])
    assert blocked == {r["url"]: r["agents"] for r in expected["robots_blocked"]}
    by_url = {r["url"]: r for r in from_warc}
    for r in expected["robots_unavailable"]:
        assert by_url[r["url"]]["reason"] == "unavailable_5xx"
    # The redirected host resolves through the 301 to the target's rules.
    redirected = [r for r in from_warc if r["url"].startswith("https://www.example-redirect.nl/nieuws/")]
    assert redirected and all(r["allowed"] == (r["agent"] != "GPTBot") for r in redirected)


def http_block(status, headers, body):
    reason = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found", 503: "Service Unavailable"}
    return StatusAndHeaders(f"{status} {reason.get(status, 'X')}", headers, protocol="HTTP/1.1"), body


# (target URI, WARC-Date, status, extra headers, body bytes, content-encoding)
FETCHES = [
    ("https://a.example/robots.txt", "2024-06-01T00:00:00Z", 200, [], b"User-agent: *\nDisallow: /\n", None),
    ("https://a.example/robots.txt", "2025-01-01T00:00:00Z", 200, [], b"User-agent: *\nDisallow: /x\n", None),
    ("https://a.example/robots.txt", "2024-12-31T23:59:59.900Z", 200, [], b"User-agent: *\nDisallow: /y\n", None),
    ("https://b.example/robots.txt", "2025-01-01T00:00:00Z", 200, [], b"User-agent: *\nDisallow: /\n", None),
    ("https://b.example/robots.txt", "2025-01-01T00:00:00Z", 404, [], b"not found", None),
    ("http://c.example:8080/robots.txt", "2025-01-01T00:00:00Z", 200, [], b"User-agent: GPTBot\nDisallow: /c\n", None),
    ("https://d.example/robots.txt", "2025-01-01T00:00:00Z", 301, [("Location", "https://e.example/robots.txt")], b"", None),
    ("https://e.example/robots.txt", "2025-01-01T00:00:00Z", 302, [("Location", "https://f.example/robots.txt")], b"", None),
    ("https://f.example/robots.txt", "2025-01-01T00:00:00Z", 200, [], b"User-agent: CCBot\nDisallow: /f\n", None),
    ("https://g.example/robots.txt", "2025-01-01T00:00:00Z", 503, [], b"down", None),
    ("https://h.example/robots.txt", "2025-01-01T00:00:00Z", 200, [],
     b"User-agent: *\nDisallow: /gz\nAllow: /gz/ok\n", "gzip"),
    ("https://i.example/page.html", "2025-01-01T00:00:00Z", 200, [], b"User-agent: *\nDisallow: /\n", None),
    ("https://l1.example/robots.txt", "2025-01-01T00:00:00Z", 301, [("Location", "https://l2.example/robots.txt")], b"", None),
    ("https://l2.example/robots.txt", "2025-01-01T00:00:00Z", 301, [("Location", "/robots.txt")], b"", None),
    ("https://m.example/robots.txt", "2025-01-01T00:00:00Z", 301, [("Location", "https://nowhere.example/robots.txt")], b"", None),
    ("https://n.example/robots.txt", "2025-01-01T00:00:00Z", 200, [("Transfer-Encoding", "chunked")],
     b"User-agent: Google-Extended\nDisallow: /n\n", "chunked"),
]
URLS = ["https://a.example/", "https://a.example/x1", "https://a.example/y1",
        "https://b.example/", "http://c.example:8080/c/1", "http://c.example/c/1",
        "https://d.example/f/1", "https://d.example/g", "https://g.example/any",
        "https://h.example/gz/1", "https://h.example/gz/ok/2", "https://h.example/other",
        "https://i.example/x", "https://l1.example/x", "https://m.example/x",
        "https://n.example/n/1", "https://n.example/m"]


def write_warc(path, gz):
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gz)
        for uri, date, status, headers, body, enc in FETCHES:
            payload = body
            hdrs = list(headers)
            if enc == "gzip":
                payload = gzip.compress(body)
                hdrs.append(("Content-Encoding", "gzip"))
            elif enc == "chunked":
                payload = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 7]), body[i:i + 7])
                                   for i in range(0, len(body), 7)) + b"0\r\n\r\n"
            hdrs.append(("Content-Length", str(len(payload))))
            http, data = http_block(status, hdrs, payload)
            # A request record for the same URI must be ignored.
            req = w.create_warc_record(uri, "request", payload=io.BytesIO(b"GET /robots.txt HTTP/1.1\r\n\r\n"),
                                       warc_headers_dict={"WARC-Date": date})
            w.write_record(req)
            rec = w.create_warc_record(uri, "response", payload=io.BytesIO(data), http_headers=http,
                                       warc_headers_dict={"WARC-Date": date})
            w.write_record(rec)


def resolve_oracle():
    """host → (status, body, location), newest fetch wins (ties: later record); robots.txt URIs only."""
    def order(date):
        whole, _, frac = date.rstrip("Z").partition(".")
        return whole, frac.ljust(9, "0")
    best = {}
    for uri, date, status, headers, body, _enc in FETCHES:
        scheme, rest = uri.split("://", 1)
        host, _, path = rest.partition("/")
        if path != "robots.txt":
            continue
        if host not in best or order(date) >= best[host][0]:
            loc = dict(headers).get("Location")
            if loc and loc.startswith("/"):
                loc = f"{scheme}://{host}{loc}"
            best[host] = (order(date), status, body, loc)
    return {h: v[1:] for h, v in best.items()}


def oracle_rows(url, unavailable):
    table = resolve_oracle()
    host = url.split("://", 1)[1].split("/", 1)[0]
    entry, hops = table.get(host), 0
    if entry is None:
        return {a: (True, "no_robots") for a in AGENTS}
    while 300 <= entry[0] < 400:
        hops += 1
        if hops > 5:
            return {a: (True, "redirect_loop") for a in AGENTS}
        entry = table.get(entry[2].split("://", 1)[1].split("/", 1)[0])
        if entry is None:
            return {a: (True, "redirect_unresolved") for a in AGENTS}
    status, body, _ = entry
    if 400 <= status < 500:
        return {a: (True, "http_4xx") for a in AGENTS}
    if status >= 500:
        return {a: (unavailable == "allow", "unavailable_5xx") for a in AGENTS}
    rp = Protego.parse(body.decode())
    return {a: (rp.can_fetch(url, a), None) for a in AGENTS}


def test_warcio_written_warc(sieve_bin, tmp_path):
    agent_args = [x for a in AGENTS for x in ("--agent", a)]
    for gz, name in ((True, "robots.warc.gz"), (False, "robots.warc")):
        path = tmp_path / name
        write_warc(path, gz)
        for unavailable in ("allow", "disallow"):
            rows = check(sieve_bin, path, URLS, *agent_args, "--unavailable", unavailable)
            assert len(rows) == len(URLS) * len(AGENTS)
            for r in rows:
                want = oracle_rows(r["url"], unavailable)[r["agent"]]
                assert (r["allowed"], r["reason"]) == want, (name, unavailable, r)
            by = {(r["url"], r["agent"]): r for r in rows}
            # Spot checks of the resolution rules themselves.
            assert by[("https://a.example/x1", "*")]["allowed"] is False       # newest of three
            assert by[("https://a.example/y1", "*")]["allowed"] is True
            assert by[("https://b.example/", "*")]["reason"] == "http_4xx"      # tie → later record
            assert by[("https://d.example/f/1", "CCBot")]["allowed"] is False  # 2 hops
            assert by[("https://l1.example/x", "*")]["reason"] == "redirect_loop"
            assert by[("https://m.example/x", "*")]["reason"] == "redirect_unresolved"
            assert by[("https://i.example/x", "*")]["reason"] == "no_robots"
            assert by[("https://h.example/gz/1", "*")]["allowed"] is False
            assert by[("https://n.example/n/1", "Google-Extended")]["allowed"] is False


def test_summary_counts_match_rows(sieve_bin):
    """`--summary` counts through `check(url:)` (the pipeline's path), rows through `checkEach`:
    both must agree, on URLs that take the in-place fast path and ones that need normalising."""
    expected = json.loads((FIX / "expected.json").read_text(encoding="utf-8"))
    urls = [r["url"] for r in expected["records"] if r.get("url")]
    urls += ["https://www.mairie-exemple.example.fr/docs/a%2Fb.pdf", " https://shop.allblocked.fr/x",
             "https://blog.ccbot-block.de/priv\tate/x", "HTTPS://Blog.CCBot-Block.DE:443/private/y",
             "https://www.tagblatt-beispiel.ch/caf\u00e9", "https://news.example-optout.ch", "nohost"]
    for robots in ("robots/robots.warc.gz", "robots/snapshot.jsonl"):
        for sem in ("rfc", "protego"):
            rows = check(sieve_bin, FIX / robots, urls, "--semantics", sem)
            summary = check(sieve_bin, FIX / robots, urls, "--semantics", sem, "--summary")
            assert summary == [{"urls": len(urls), "checks": len(rows),
                                "blocked": sum(not r["allowed"] for r in rows)}]
            assert sum(not r["allowed"] for r in rows) > 100
