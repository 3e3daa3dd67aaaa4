"""`sieve robots check` row format, single-file mode vs protego, and odd input through the CLI."""
import json
import subprocess

from protego import Protego

ROBOTS = """\ufeffUser-agent: GPTBot
Disallow: /
Allow: /public/

User-agent: *
Disallow: /private  # comment
Disallow: /*.pdf$
Allow: /private/ok
Sitemap: https://example.com/sitemap.xml
"""
URLS = ["https://example.com/", "https://example.com/public/a", "https://example.com/private/x",
        "https://example.com/private/ok/1", "https://example.com/doc.pdf", "https://example.com/doc.pdf?x",
        "https://example.com/%7Euser", "https://example.com/caf%C3%A9", "https://example.com/robots.txt"]


def run(sieve_bin, args, stdin):
    p = subprocess.run([sieve_bin, "robots", "check", *args], input=stdin.encode(), capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    return [json.loads(l) for l in p.stdout.decode().splitlines()]


def test_rows_and_rules(sieve_bin, tmp_path):
    f = tmp_path / "robots.txt"
    f.write_text(ROBOTS, encoding="utf-8")
    rows = run(sieve_bin, ["--robots", str(f), "--agent", "GPTBot", "--agent", "CCBot"], "\n".join(URLS) + "\n")
    assert len(rows) == 2 * len(URLS)
    assert all(set(r) == {"url", "allowed", "agent", "rule", "line"} for r in rows)
    by = {(r["url"], r["agent"]): r for r in rows}
    assert by[("https://example.com/", "GPTBot")] == {
        "url": "https://example.com/", "allowed": False, "agent": "GPTBot", "rule": "disallow:/", "line": 2}
    assert by[("https://example.com/public/a", "GPTBot")]["rule"] == "allow:/public/"
    assert by[("https://example.com/private/x", "CCBot")]["line"] == 6
    assert by[("https://example.com/private/ok/1", "CCBot")]["allowed"] is True
    assert by[("https://example.com/doc.pdf", "CCBot")]["rule"] == "disallow:/*.pdf$"
    assert by[("https://example.com/doc.pdf?x", "CCBot")]["allowed"] is True
    assert by[("https://example.com/robots.txt", "GPTBot")]["allowed"] is True
    # RFC mode agrees with protego on the BOM-less text; protego mode with protego on the text as is
    # (protego reads a BOM-prefixed first line as an unknown directive).
    for sem, text in (("rfc", ROBOTS.lstrip("\ufeff")), ("protego", ROBOTS)):
        rp = Protego.parse(text)
        for r in run(sieve_bin, ["--robots", str(f), "--agent", "GPTBot", "--agent", "CCBot", "--semantics", sem],
                     "\n".join(URLS) + "\n"):
            assert r["allowed"] == rp.can_fetch(r["url"], r["agent"]), (sem, r)


def test_odd_input_gets_a_verdict(sieve_bin, tmp_path):
    snap = tmp_path / "snap"
    snap.mkdir()
    (snap / "example.com.txt").write_bytes(b"User-agent: *\nDisallow: /a\n" + bytes(range(256)) * 100)
    (snap / "xn--bcher-kva.example.txt").write_text("User-agent: *\nDisallow: /\n")
    urls = ["http://example.com/a%2fb", "http://EXAMPLE.com:80/a", "http://example.com/%7E", "/no/host", "::",
            "http://bücher.example/x", "http://example.com/\u00e9?q=%ff", "http://other.org/"]
    rows = run(sieve_bin, ["--robots", str(snap), "--agent", "GPTBot"], "\n".join(urls) + "\n")
    assert [r["url"] for r in rows] == urls
    by = {r["url"]: r for r in rows}
    assert by["http://EXAMPLE.com:80/a"]["allowed"] is False
    assert by["/no/host"]["reason"] == "bad_url"
    assert by["http://bücher.example/x"]["allowed"] is False
    assert by["http://other.org/"]["reason"] == "no_robots"


def test_bad_options_fail_clearly(sieve_bin, tmp_path):
    p = subprocess.run([sieve_bin, "robots", "check", "--robots", str(tmp_path / "missing")],
                       input=b"", capture_output=True, timeout=60)
    assert p.returncode != 0 and b"does not exist" in p.stderr
    p = subprocess.run([sieve_bin, "robots", "check", "--robots", str(tmp_path), "--semantics", "google"],
                       input=b"", capture_output=True, timeout=60)
    assert p.returncode != 0 and b"rfc or protego" in p.stderr
