"""Parity of `sieve robots check` with protego 0.7.0 (the parser Apertus used) on the 4,231 real
robots.txt files of protego's source archive (scripts/assets/robots.sh).

For every file, URLs are generated from its own Allow/Disallow values (wildcards filled, `$`
dropped, a shorter prefix and an extended variant), plus `/` and a deterministic pseudo-random
path; each URL is checked for every agent of the default list. One `sieve` run covers all files
(a snapshot folder of synthetic HOST.txt files).

- `--semantics protego` must agree with protego on every check.
- `--semantics rfc` may differ only where protego departs from RFC 9309; every disagreement is
  put into a named class (first matching cause), and none may be left unexplained.
"""
import collections
import hashlib
import json
import pathlib
import re
import subprocess
import sys

import pytest

AGENTS = ["AI2Bot", "Applebot-Extended", "Bytespider", "CCBot", "CCBot/2.0", "CCBot/1.0", "ClaudeBot",
          "cohere-training-data-crawler", "Diffbot", "FacebookBot", "Meta-ExternalAgent", "Google-Extended",
          "GPTBot", "PanguBot", "*"]
MAX_VALUES = 5             # rule values sampled per file (evenly spaced)
RFC_LIMIT = 500 * 1024     # sieve's default parse limit
RULE_RE = re.compile(r"^\s*(allow|disallow)\s*:?\s*(.*)$", re.I)


def corpus_dir(assets):
    d = pathlib.Path(assets) / "robots" / "protego-0.7.0" / "tests" / "test_data"
    if not d.is_dir() or len(list(d.iterdir())) != 4231:
        pytest.fail(f"robots corpus missing at {d}: run scripts/setup.sh (scripts/assets/robots.sh)")
    return d


def rule_values(text):
    vals = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        m = RULE_RE.match(line)
        if m and m.group(2).strip():
            vals.append(m.group(2).strip())
    seen, out = set(), []
    for v in vals:
        if v not in seen:
            seen.add(v)
            out.append(v)
    if len(out) > MAX_VALUES:
        step = len(out) / MAX_VALUES
        out = [out[int(i * step)] for i in range(MAX_VALUES)]
    return out


def concrete(value):
    p = value.rstrip("$").replace("*", "x7")
    if not p.startswith("/"):
        p = "/" + p
    return p


def urls_for(host, text, name):
    paths = ["/", "/" + hashlib.sha256(name.encode()).hexdigest()[:10] + "/page.html"]
    for v in rule_values(text):
        c = concrete(v)
        paths += [c, c[:-1] if len(c) > 2 else c + "a", c + "x.html"]
    seen, out = set(), []
    for p in paths:
        u = f"http://{host}{p}"
        if u not in seen and "\n" not in u and "\r" not in u:
            seen.add(u)
            out.append(u)
    return out


def build_corpus(assets, tmp):
    """Writes the snapshot folder; returns [(host, text, urls, raw_bytes)]."""
    snap = tmp / "snapshot"
    snap.mkdir()
    files = []
    for i, f in enumerate(sorted(corpus_dir(assets).iterdir())):
        raw = f.read_bytes()
        host = f"h{i:05d}.test"
        (snap / f"{host}.txt").write_bytes(raw)
        text = raw.decode("utf-8", "replace")
        files.append((host, text, urls_for(host, text, f.name), raw))
    return snap, files


def protego_blocked(files):
    from protego import Protego
    blocked = set()
    for host, text, urls, _ in files:
        rp = Protego.parse(text)
        # can_fetch(u, a) depends on `a` only through the rule set protego picks for it, so agents
        # sharing a rule set share the answer of one real can_fetch call.
        groups = collections.defaultdict(list)
        for a in AGENTS:
            groups[id(rp._get_matching_rule_set(a))].append(a)
        for u in urls:
            for agents in groups.values():
                if not rp.can_fetch(u, agents[0]):
                    blocked.update((u, a) for a in agents)
    return blocked


def sieve_blocked(sieve_bin, snap, files, semantics, extra=()):
    data = "".join(u + "\n" for _, _, urls, _ in files for u in urls).encode()
    cmd = [sieve_bin, "robots", "check", "--robots", str(snap), "--semantics", semantics, "--only-blocked", *extra]
    for a in AGENTS:
        cmd += ["--agent", a]
    p = subprocess.run(cmd, input=data, capture_output=True, timeout=600)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    out = set()
    rows = {}
    for line in p.stdout.decode().splitlines():
        r = json.loads(line)
        assert r["allowed"] is False
        out.add((r["url"], r["agent"]))
        rows[(r["url"], r["agent"])] = r
    return out, rows


# ---- disagreement classes (RFC mode vs protego) -------------------------------------------------

def rfc_token(value):
    v = value.strip()
    if v.startswith("*") and (len(v) == 1 or v[1] in " \t"):
        return "*"
    m = re.match(r"[A-Za-z0-9_-]*", v)
    return m.group(0).lower()


def file_features(text, raw):
    lines = text.splitlines()
    tokens = set()
    names_with_extra = False
    group_split = False
    prev = None
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.match(r"^\s*(user[- ]?agent)\s*:?\s*(.*)$", line, re.I)
        if m:
            val = m.group(2).strip()
            tokens.add(rfc_token(val))
            if val.lower() != rfc_token(val) and val != "*":
                names_with_extra = True
            if prev not in (None, "ua", "rule"):
                group_split = True
            prev = "ua"
        elif RULE_RE.match(line):
            prev = "rule"
        elif re.match(r"^\s*(sitemap|sitemaps|site-map|host)\b", line, re.I):
            pass
        else:
            prev = "other"
    return {
        "tokens": tokens,
        "extra": names_with_extra,
        "group_split": group_split,
        "bom": raw.startswith(b"\xef\xbb\xbf"),
        "big": len(raw) > RFC_LIMIT,
        "breaks": any(c in text for c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"),
        "bad_utf8": "\ufffd" in text,
        "index_html": "index.htm" in text.lower(),
        "dollar": "$" in text,
        "absolute": bool(re.search(r"(?im)^\s*(dis)?allow\s*:?\s*https?://", text)),
    }


SAFE_PATH = re.compile(r"^[A-Za-z0-9._~/*$-]*$")


def classify(url, agent, feats, rp, text):
    """First matching cause of an RFC-mode disagreement, or 'unexplained'."""
    rs = rp._get_matching_rule_set(agent)
    pname = rs.user_agent if rs else None
    tok = rfc_token(agent)
    rfc_name = tok if tok in feats["tokens"] else ("*" if "*" in feats["tokens"] else None)
    if pname != rfc_name:
        # protego picked a group by substring (e.g. "applebot" for Applebot-Extended, "google" for
        # Google-Extended), or missed the agent's product-token group (e.g. "CCBot/1.0" lines for
        # CCBot/2.0, "GPTBot/1.1", "User-agent: GPTBot ClaudeBot"), which RFC 9309 §2.2.1 matches.
        if pname not in (None, "*") and pname != tok:
            return "agent_substring_match"
        return "agent_product_token"
    if feats["bom"]:
        return "bom"
    if feats["big"]:
        return "parse_limit"
    if feats["group_split"]:
        return "group_boundary"
    if feats["breaks"]:
        return "line_breaks"
    if feats["bad_utf8"]:
        return "invalid_utf8"
    path = url.split("/", 3)[3] if url.count("/") >= 3 else ""
    if feats["absolute"] and "http" in path:
        return "absolute_url_pattern"
    if not SAFE_PATH.match(path):
        return "percent_encoding"
    if feats["index_html"] and url.endswith("/"):
        return "index_html"
    if feats["dollar"]:
        return "dollar_literal"
    return "unexplained"


@pytest.fixture(scope="module")
def corpus(assets, tmp_path_factory):
    snap, files = build_corpus(assets, tmp_path_factory.mktemp("robots"))
    return snap, files, protego_blocked(files)


def test_corpus_shape(corpus):
    snap, files, pblocked = corpus
    n_urls = sum(len(u) for _, _, u, _ in files)
    assert len(files) == 4231
    assert n_urls > 50_000
    assert len(pblocked) > 10_000  # the test exercises blocking, not just allowing


def test_protego_mode_matches_protego(sieve_bin, corpus):
    snap, files, pblocked = corpus
    sblocked, _ = sieve_blocked(sieve_bin, snap, files, "protego", ["--max-bytes", "0"])
    only_sieve = sorted(sblocked - pblocked)
    only_protego = sorted(pblocked - sblocked)
    checks = sum(len(u) for _, _, u, _ in files) * len(AGENTS)
    print(f"\nprotego mode: {checks} checks, {len(only_sieve) + len(only_protego)} disagreements")
    assert not only_sieve, f"sieve blocks where protego allows: {only_sieve[:10]}"
    assert not only_protego, f"protego blocks where sieve allows: {only_protego[:10]}"


def test_rfc_mode_disagreements_are_classified(sieve_bin, corpus):
    from protego import Protego
    snap, files, pblocked = corpus
    sblocked, _ = sieve_blocked(sieve_bin, snap, files, "rfc")
    diff = sblocked ^ pblocked
    by_host = collections.defaultdict(list)
    for u, a in diff:
        by_host[u.split("/")[2]].append((u, a))
    classes = collections.Counter()
    direction = collections.Counter()
    examples = {}
    for host, text, urls, raw in files:
        if host not in by_host:
            continue
        feats = file_features(text, raw)
        rp = Protego.parse(text)
        for u, a in sorted(by_host[host]):
            c = classify(u, a, feats, rp, text)
            classes[c] += 1
            direction[(c, "rfc_blocks" if (u, a) in sblocked else "protego_blocks")] += 1
            examples.setdefault(c, (u, a))
    checks = sum(len(u) for _, _, u, _ in files) * len(AGENTS)
    print(f"\nrfc mode: {checks} checks, {len(diff)} disagreements "
          f"({100 * (1 - len(diff) / checks):.3f}% agreement)")
    for c, n in classes.most_common():
        print(f"  {c}: {n} (rfc blocks {direction[(c, 'rfc_blocks')]}, "
              f"protego blocks {direction[(c, 'protego_blocks')]}) e.g. {examples[c]}")
    assert classes["unexplained"] == 0, f"unexplained disagreements, e.g. {examples.get('unexplained')}"
    assert len(diff) < checks * 0.05
