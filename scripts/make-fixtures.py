#!/usr/bin/env python3
"""Generates Sieve's own test inputs under Fixtures/ (Python 3 standard library; pyarrow for the Parquet file).

    scripts/make-fixtures.py [--out DIR]      (default: Fixtures/ next to scripts/)

Writes a small web dump (WARC/1.1 files, gzip member per record, plus one plain .warc and one
deliberately broken file), a robots.txt snapshot (folder of HOST.txt, JSON Lines, WARC), JSON Lines
samples, Fixtures/expected.json (machine-readable list of every planted case) and Fixtures/README.md.

Deterministic: gzip mtime 0, record ids are UUIDv5 of fixed names, dates are fixed, the only
"random" text comes from a fixed linear congruential generator. Re-running gives identical bytes
(with the same zlib; Debian's zlib1g is what CI uses).
"""
import argparse
import base64
import datetime
import gzip
import hashlib
import html
import json
import os
import pathlib
import re
import struct
import sys
import uuid
import zlib

sys.dont_write_bytecode = True  # keep scripts/ clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixtures_texts as T  # noqa: E402

NS = uuid.UUID("6f1c2a9e-5b7d-4c1e-9a43-5e7a0c3d2b10")
AGENTS = ["AI2Bot", "Applebot-Extended", "Bytespider", "CCBot", "CCBot/2.0", "CCBot/1.0", "ClaudeBot",
          "cohere-training-data-crawler", "Diffbot", "FacebookBot", "Meta-ExternalAgent", "Google-Extended",
          "GPTBot", "PanguBot", "*"]
CRAWLER_UA = "SieveFixtureBot/1.0 (+https://sieve.example.org/bot)"


# ----------------------------------------------------------------------------- helpers

def rid(*parts):
    return "<urn:uuid:%s>" % uuid.uuid5(NS, "|".join(parts))


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def sha1_b32(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date(t):
    return t.strftime("%a, %d %b %Y %H:%M:%S GMT")


def iban(country, bban):
    """Returns a mod-97-valid IBAN (compact) for a country code and BBAN."""
    digits = "".join(str(int(c, 36)) for c in (bban + country + "00"))
    check = 98 - int(digits) % 97
    return "%s%02d%s" % (country, check, bban)


def iban_valid(s):
    s = s.replace(" ", "")
    digits = "".join(str(int(c, 36)) for c in (s[4:] + s[:4]))
    return int(digits) % 97 == 1


def group4(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


IBAN_CH = iban("CH", "04835012345678009")
IBAN_DE = iban("DE", "500105175407324931")
assert iban_valid(IBAN_CH) and iban_valid(IBAN_DE)


def lcg_words(words, n, seed):
    """Deterministic word salad (no dependence on Python's random module)."""
    out, x = [], seed
    for _ in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        out.append(words[(x >> 33) % len(words)])
    return out


def site_name(host):
    labels = [l for l in host.split(".") if l not in ("www", "news", "blog", "shop", "forum", "portal", "presse", "food")]
    name = labels[0] if labels else host
    return " ".join(p.capitalize() for p in name.split("-"))


# ----------------------------------------------------------------------------- robots

ROBOTS = {
    # host: (status, body, note)
    "news.example-optout.ch": (200,
        "# Robots policy of news.example-optout.ch\n"
        "# We do not permit our journalism to be used for training AI models.\n\n"
        "User-agent: GPTBot\nDisallow: /\n\n"
        "User-agent: *\nDisallow: /suche\nDisallow: /admin/\nAllow: /\n\n"
        "Sitemap: https://news.example-optout.ch/sitemap.xml\n", "GPTBot disallowed everywhere"),
    "blog.ccbot-block.de": (200,
        "# blog.ccbot-block.de\n"
        "User-agent: CCBot\nDisallow: /private/\nAllow: /private/public-notes/\n\n"
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n",
        "CCBot disallowed under /private/ except /private/public-notes/"),
    "shop.allblocked.fr": (200, "User-agent: *\nDisallow: /\n", "everything disallowed for every agent"),
    "www.tagblatt-beispiel.ch": (200,
        "# KI-Crawler sind auf dieser Website nicht erwuenscht.\n"
        "User-agent: GPTBot\nUser-agent: ClaudeBot\nUser-agent: CCBot\nUser-agent: Google-Extended\n"
        "User-agent: Applebot-Extended\nUser-agent: Bytespider\nUser-agent: Meta-ExternalAgent\nDisallow: /\n\n"
        "User-agent: *\nCrawl-delay: 5\nDisallow: /intern/\n", "seven AI agents disallowed in one group"),
    "wanderfreunde.example.ch": (200, "User-agent: *\nDisallow:\n", "allows everything"),
    "www.mairie-exemple.example.fr": (200,
        "\ufeffUser-agent: *\r\nDisallow: /docs/*.pdf$\r\nDisallow: /recherche?\r\n\r\n"
        "User-agent: Google-Extended\r\nDisallow: /avis/\r\n",
        "BOM + CRLF; PDFs disallowed for *, Google-Extended has its own group (/avis/ only)"),
    "redirect-target.example.nl": (200,
        "User-agent: GPTBot\nDisallow: /nieuws/\n\nUser-agent: *\nAllow: /\n",
        "target of www.example-redirect.nl's robots.txt redirect"),
    "www.example-redirect.nl": (301, None, "robots.txt 301 -> https://redirect-target.example.nl/robots.txt"),
    "forum.example.org": (404, "", "no robots.txt (404): everything allowed"),
    "portal.example-down.it": (503, "", "robots.txt fetch failed with 503 (unavailable)"),
}
ROBOTS_REDIRECT = {"www.example-redirect.nl": "redirect-target.example.nl"}


def robots_groups(body):
    """Parses robots.txt into [(agents, [(allow, pattern)])] (RFC 9309 grouping)."""
    groups, cur, in_agents = [], None, False
    for raw in body.lstrip("\ufeff").splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, val = (x.strip() for x in line.split(":", 1))
        key = key.lower()
        if key == "user-agent":
            if not in_agents:
                cur = ([], [])
                groups.append(cur)
                in_agents = True
            cur[0].append(val.lower())
        elif key in ("allow", "disallow"):
            in_agents = False
            if cur is not None and val:
                cur[1].append((key == "allow", val))
        else:
            in_agents = False
    return groups


def robots_allowed(body, agent, path):
    token = agent.split("/", 1)[0].lower()
    groups = robots_groups(body)
    rules = [r for a, rs in groups if token in a for r in rs] if token != "*" else []
    if not any(token in a for a, _ in groups) or token == "*":
        rules = [r for a, rs in groups if "*" in a for r in rs]
    best = None
    for allow, pat in rules:
        rx = "^" + "".join(".*" if c == "*" else re.escape(c) for c in pat.rstrip("$")) + ("$" if pat.endswith("$") else "")
        if re.match(rx, path):
            key = (len(pat), allow)
            if best is None or key > best[0]:
                best = (key, allow)
    return True if best is None else best[1]


def blocked_agents(url):
    m = re.match(r"https?://([^/]+)(/.*)?$", url)
    host, path = m.group(1), m.group(2) or "/"
    host = ROBOTS_REDIRECT.get(host, host)
    status, body, _ = ROBOTS.get(host, (404, "", ""))
    if status != 200:
        return []
    return [a for a in AGENTS if not robots_allowed(body, a, path)]


# ----------------------------------------------------------------------------- WARC

class Warc:
    """Accumulates WARC/1.1 records; one gzip member per record when compressed."""

    def __init__(self, name, compress=True, start=None):
        self.name, self.compress = name, compress
        self.data = bytearray()
        self.records = []
        self.clock = start or datetime.datetime(2025, 1, 15, 8, 0, 0)
        self.warcinfo_id = None

    def tick(self, seconds=17):
        self.clock += datetime.timedelta(seconds=seconds)
        return self.clock

    @staticmethod
    def serialize(headers, block):
        head = "WARC/1.1\r\n" + "".join("%s: %s\r\n" % kv for kv in headers)
        head += "Content-Length: %d\r\n\r\n" % len(block)
        return head.encode("utf-8") + block + b"\r\n\r\n"

    def raw(self, blob):
        off = len(self.data)
        self.data += blob
        return off

    def add(self, wtype, uri, block, content_type, extra=(), rec_id=None, date=None, info=None):
        date = date or self.tick()
        rec_id = rec_id or rid(self.name, wtype, uri or "", iso(date))
        headers = [("WARC-Type", wtype), ("WARC-Record-ID", rec_id), ("WARC-Date", iso(date))]
        if uri:
            headers.append(("WARC-Target-URI", uri))
        if self.warcinfo_id and wtype != "warcinfo":
            headers.append(("WARC-Warcinfo-ID", self.warcinfo_id))
        headers += list(extra)
        headers.append(("WARC-Block-Digest", sha1_b32(block)))
        headers.append(("Content-Type", content_type))
        rec = self.serialize(headers, block)
        off = self.raw(gz(rec) if self.compress else rec)
        entry = {"file": self.name, "offset": off, "type": wtype, "id": rec_id, "url": uri, "date": iso(date)}
        entry.update(info or {})
        self.records.append(entry)
        return rec_id, date

    def warcinfo(self, description):
        fields = ("software: sieve scripts/make-fixtures.py\r\nformat: WARC File Format 1.1\r\n"
                  "conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
                  "isPartOf: sieve-fixtures\r\ndescription: %s\r\nrobots: classic\r\n"
                  "http-header-user-agent: %s\r\n" % (description, CRAWLER_UA)).encode()
        rec_id, _ = self.add("warcinfo", None, fields, "application/warc-fields",
                             extra=[("WARC-Filename", self.name)])
        self.warcinfo_id = rec_id
        return rec_id

    def write(self, root):
        path = root / self.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(self.data))


def http_response(status, reason, headers, body, chunked=False, gzipped=False):
    """Returns (http_head_bytes, transmitted_body_bytes)."""
    headers = list(headers)
    if gzipped:
        body = gz(body)
        headers.append(("Content-Encoding", "gzip"))
    if chunked:
        out, step = bytearray(), 1000
        for i in range(0, len(body), step):
            piece = body[i:i + step]
            out += b"%x\r\n" % len(piece) + piece + b"\r\n"
        out += b"0\r\n\r\n"
        body = bytes(out)
        headers.append(("Transfer-Encoding", "chunked"))
    else:
        headers.append(("Content-Length", str(len(body))))
    headers.append(("Connection", "close"))
    head = "HTTP/1.1 %d %s\r\n" % (status, reason) + "".join("%s: %s\r\n" % kv for kv in headers) + "\r\n"
    return head.encode("latin-1"), body


# ----------------------------------------------------------------------------- HTML

def render_html(lang, title, paras, host, template, related, charset_meta=None, extra_main=""):
    nav, cookie, accept, rights, related_h, footer, code = T.BOILERPLATE[lang]
    esc = lambda s: html.escape(s, quote=False)
    site = site_name(host)
    dir_attr = ' dir="rtl"' if lang == "arb_Arab" else ""
    meta = ""
    if charset_meta == "utf-8":
        meta = '<meta charset="utf-8">\n'
    elif charset_meta:
        meta = '<meta http-equiv="Content-Type" content="text/html; charset=%s">\n' % charset_meta
    body_paras = "\n".join("<p>%s</p>" % esc(p) for p in paras) + extra_main
    rel = "\n".join('<li><a href="/artikel/%d">%s</a></li>' % (i + 1, esc(t)) for i, t in enumerate(related))
    foot = " | ".join('<a href="/%s">%s</a>' % (re.sub(r"\W+", "-", f.lower(), flags=re.UNICODE).strip("-") or "x", esc(f))
                      for f in footer)
    navs = "\n".join('<li><a href="/%s/">%s</a></li>' % (i, esc(n)) for i, n in enumerate(nav))
    if template == "portal":
        return ('<!DOCTYPE html>\n<html lang="%s"%s>\n<head>\n%s<title>%s | %s</title>\n'
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                '<link rel="stylesheet" href="/static/css/main.css">\n'
                '<style>body{font-family:Georgia,serif;margin:0}.cookie{position:fixed;bottom:0;background:#222;color:#fff}'
                ' nav li{display:inline-block;padding:0 8px}</style>\n'
                '<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}'
                'gtag("js",new Date());</script>\n</head>\n<body>\n'
                '<div class="cookie" id="cookie-banner"><p>%s</p><button type="button">%s</button></div>\n'
                '<header class="site-header"><a class="logo" href="/">%s</a>\n<nav><ul>\n%s\n</ul></nav></header>\n'
                '<main>\n<article>\n<h1>%s</h1>\n<p class="byline"><time datetime="2025-01-14">14.01.2025</time></p>\n'
                '%s\n</article>\n</main>\n'
                '<aside class="sidebar"><h2>%s</h2><ul>\n%s\n</ul></aside>\n'
                '<footer><p>&copy; 2025 %s. %s</p><p>%s</p></footer>\n'
                '<script src="/static/js/app.min.js" defer></script>\n</body>\n</html>\n') % (
            code, dir_attr, meta, esc(title), esc(site), esc(cookie), esc(accept), esc(site), navs, esc(title),
            body_paras, esc(related_h), rel, esc(site), esc(rights), foot)
    if template == "blog":
        return ('<!DOCTYPE html>\n<html lang="%s"%s>\n<head>\n%s<title>%s</title>\n'
                '<link rel="alternate" type="application/rss+xml" href="/feed/">\n'
                '<script async src="/wp-includes/js/analytics.js"></script>\n</head>\n'
                '<body class="single-post">\n<div id="wrapper">\n<div id="top-bar">%s &middot; <a href="/">%s</a></div>\n'
                '<div id="menu"><ul>\n%s\n</ul></div>\n'
                '<div id="content"><div class="post">\n<h2 class="entry-title">%s</h2>\n'
                '<div class="entry-meta">Posted on 2025-01-14 &middot; 3 comments</div>\n'
                '<div class="entry-content">\n%s\n</div>\n'
                '<div class="tags">Tags: <a href="/tag/a">%s</a>, <a href="/tag/b">%s</a></div>\n</div></div>\n'
                '<div id="sidebar"><h3>%s</h3><ul>\n%s\n</ul></div>\n'
                '<div id="footer">&copy; 2025 %s &middot; %s<br>%s</div>\n</div>\n'
                '<div class="cookie-consent">%s <a href="#" class="btn">%s</a></div>\n</body>\n</html>\n') % (
            code, dir_attr, meta, esc(title), esc(cookie), esc(site), navs, esc(title), body_paras, esc(nav[1]),
            esc(nav[2]), esc(related_h), rel, esc(site), esc(rights), foot, esc(cookie), esc(accept))
    # "plain": a table layout typical of older shop, forum and press pages
    return ('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<html lang="%s"%s>\n<head>\n%s'
            '<title>%s - %s</title>\n<style type="text/css">td{font-size:13px}</style>\n</head>\n'
            '<body bgcolor="#ffffff">\n<table width="100%%"><tr><td class="logo">%s</td><td align="right">%s</td></tr></table>\n'
            '<table width="100%%"><tr>\n<td class="menu" valign="top" width="180"><ul>\n%s\n</ul>\n'
            '<b>%s</b><ul>\n%s\n</ul></td>\n<td class="content" valign="top">\n<div class="breadcrumb">'
            '<a href="/">%s</a> &gt; %s</div>\n<h1>%s</h1>\n%s\n</td>\n</tr></table>\n'
            '<div class="footer">&copy; 2025 %s &ndash; %s &nbsp; %s</div>\n'
            '<div id="consent">%s [%s]</div>\n<script type="text/javascript">var _q=_q||[];_q.push(["track"]);</script>\n'
            '</body>\n</html>\n') % (
        code, dir_attr, meta, esc(title), esc(site), esc(site), esc(nav[-1]), navs, esc(related_h), rel,
        esc(nav[0]), esc(title), esc(title), body_paras, esc(site), esc(rights), foot, esc(cookie), esc(accept))


def png_bytes():
    w = h = 24
    raw = b"".join(b"\x00" + b"".join(bytes((x * 10, y * 10, 128, 255)) for x in range(w)) for y in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def pdf_bytes():
    stream = b"BT /F1 14 Tf 72 720 Td (Bulletin municipal - janvier 2025) Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


# ----------------------------------------------------------------------------- build

class Build:
    def __init__(self):
        self.expected = {
            "records": [], "duplicates": [], "near_duplicates": [], "near_duplicate_jaccard": [], "pii": {}, "pii_decoys": [],
            "robots_blocked": [], "robots_unavailable": [], "robots_hosts": {}, "legacy_charset": {}, "invalid_utf8": [],
            "broken": [], "broken_good_ids": [], "languages": {}, "non_html": [], "low_quality": [], "low_quality_defects": {},
            "toxic": [], "huge": [], "http_status": {}, "revisit": [], "metadata": [], "jsonl": {},
        }
        self.payload_digest = {}  # record id -> WARC-Payload-Digest of the body as sent
        self.texts = {}  # record id -> main text (paragraphs joined by blank line)
        self.titles_by_lang = {}
        for lang, pages in T.PAGES.items():
            self.titles_by_lang.setdefault(lang, []).extend(t for _, t, _ in pages)

    def related(self, lang, title):
        return [t for t in self.titles_by_lang.get(lang, []) if t != title][:4]

    def page(self, w, lang, url, title, paras, template="portal", codec="utf-8", label="utf-8",
             declared="both", chunked=False, gzipped=False, request=False, status=(200, "OK"),
             kind="page", body_override=None, extra_main="", lang_known=True):
        host = re.match(r"https?://([^/]+)", url).group(1)
        charset_meta = label if declared in ("meta", "both") else None
        if body_override is not None:
            body = body_override
        else:
            doc = render_html(lang, title, paras, host, template, self.related(lang, title), charset_meta, extra_main)
            body = doc.encode(codec)
        ctype = "text/html; charset=%s" % label if declared in ("header", "both") else "text/html"
        date = w.tick()
        rec_id = rid(w.name, "response", url, iso(date))
        if request:
            path = url.split(host, 1)[1] or "/"
            req = ("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nAccept: text/html,application/xhtml+xml\r\n"
                   "Accept-Encoding: gzip\r\nAccept-Language: *\r\n\r\n" % (path, host, CRAWLER_UA)).encode()
            w.add("request", url, req, "application/http; msgtype=request",
                  extra=[("WARC-Concurrent-To", rec_id)], date=date)
        hdrs = [("Date", http_date(date)), ("Server", "nginx"), ("Content-Type", ctype),
                ("Last-Modified", "Tue, 14 Jan 2025 09:30:00 GMT"), ("Cache-Control", "max-age=600")]
        head, sent = http_response(status[0], status[1], hdrs, body, chunked=chunked, gzipped=gzipped)
        extra = []
        self.payload_digest[rec_id] = sha1_b32(sent)
        if not chunked:
            extra.append(("WARC-Payload-Digest", sha1_b32(sent)))
        extra.append(("WARC-Identified-Payload-Type", "text/html"))
        text = "\n\n".join(paras)
        info = {"kind": kind, "lang": lang, "title": title, "status": status[0], "charset": label,
                "charset_declared": declared, "chunked": chunked, "gzip": gzipped,
                "body_sha1": hashlib.sha1(body).hexdigest(), "body_bytes": len(body)}
        w.add("response", url, head + sent, "application/http; msgtype=response", extra=extra,
              rec_id=rec_id, date=date, info=info)
        self.texts[rec_id] = text
        if lang_known and status[0] == 200:
            self.expected["languages"][rec_id] = lang
        if status[0] != 200:
            self.expected["http_status"][rec_id] = status[0]
        self.robots_note(rec_id, url)
        return rec_id

    def robots_note(self, rec_id, url):
        blocked = blocked_agents(url)
        if blocked:
            self.expected["robots_blocked"].append({"id": rec_id, "url": url, "agents": blocked})
        host = re.match(r"https?://([^/]+)", url).group(1)
        if ROBOTS.get(host, (0,))[0] >= 500:
            self.expected["robots_unavailable"].append({"id": rec_id, "url": url, "status": ROBOTS[host][0]})

    def binary(self, w, url, ctype, body):
        date = w.tick()
        head, sent = http_response(200, "OK", [("Date", http_date(date)), ("Server", "nginx"), ("Content-Type", ctype)], body)
        rec_id, _ = w.add("response", url, head + sent, "application/http; msgtype=response",
                          extra=[("WARC-Payload-Digest", sha1_b32(sent)), ("WARC-Identified-Payload-Type", ctype)],
                          date=date, info={"kind": "non_html", "status": 200, "mime": ctype,
                                           "body_sha1": hashlib.sha1(body).hexdigest(), "body_bytes": len(body)})
        self.expected["non_html"].append(rec_id)
        self.robots_note(rec_id, url)
        return rec_id

    # ------------------------------------------------------------------ web files
    def web(self, root):
        w0 = Warc("web/crawl-00000.warc.gz", start=datetime.datetime(2025, 1, 14, 6, 0, 0))
        w1 = Warc("web/crawl-00001.warc.gz", start=datetime.datetime(2025, 1, 14, 9, 0, 0))
        w2 = Warc("web/crawl-00002.warc.gz", start=datetime.datetime(2025, 1, 14, 12, 0, 0))
        w3 = Warc("web/extra.warc", compress=False, start=datetime.datetime(2025, 1, 14, 15, 0, 0))
        w0.warcinfo("Sieve fixtures, part 1: Latin-script European pages, robots opt-out hosts")
        w1.warcinfo("Sieve fixtures, part 2: other scripts, legacy charsets, non-HTML responses")
        w2.warcinfo("Sieve fixtures, part 3: PII, low quality, toxic, huge page, 404 and 301")
        w3.warcinfo("Sieve fixtures, uncompressed WARC: Portuguese, Dutch, Polish pages")
        templates = ["portal", "blog", "plain"]
        first = ["deu_Latn", "fra_Latn", "ita_Latn", "roh_Latn", "eng_Latn"]
        second = ["spa_Latn", "rus_Cyrl", "ell_Grek", "arb_Arab", "hin_Deva", "tha_Thai", "cmn_Hani",
                  "jpn_Jpan", "swh_Latn", "kor_Hang"]
        third = ["por_Latn", "nld_Latn", "pol_Latn"]
        revisit_of = None
        n = 0
        for lang in first:
            for url, title, paras in T.PAGES[lang]:
                rec = self.page(w0, lang, url, title, paras, template=templates[n % 3], request=(n % 3 == 0))
                if url.endswith("ridge-loop-autumn.html"):
                    revisit_of = (rec, url, w0.records[-1])
                if url.endswith("replacing-a-bike-chain/8812"):
                    date = w0.tick(2)
                    meta = ("via: https://forum.example.org/latest\r\nhopsFromSeed: L\r\nfetchTimeMs: 412\r\n"
                            "outlink: https://forum.example.org/t/replacing-a-bike-chain/8812?page=2 L a/@href\r\n"
                            "charset-detected: UTF-8\r\nlanguages-cld2: {\"reliable\":true,\"languages\":[{\"code\":\"en\",\"text-covered\":0.97}]}\r\n").encode()
                    mid, _ = w0.add("metadata", url, meta, "application/warc-fields",
                                    extra=[("WARC-Refers-To", rec), ("WARC-Concurrent-To", rec)], date=date)
                    self.expected["metadata"].append({"id": mid, "refers_to": rec, "url": url})
                n += 1
        # revisit of the ridge-loop page, identical payload
        orig_id, orig_url, orig = revisit_of
        rdate = w0.tick(3600)
        rhead = ("HTTP/1.1 200 OK\r\nDate: %s\r\nServer: nginx\r\nContent-Type: text/html; charset=utf-8\r\n"
                 "Content-Length: %d\r\nConnection: close\r\n\r\n" % (http_date(rdate), orig["body_bytes"])).encode()
        orig_body_digest = self.payload_digest[orig_id]
        rv_id, _ = w0.add("revisit", orig_url, rhead, "application/http; msgtype=response",
                          extra=[("WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"),
                                 ("WARC-Refers-To", orig_id), ("WARC-Refers-To-Target-URI", orig_url),
                                 ("WARC-Refers-To-Date", orig["date"]), ("WARC-Payload-Digest", orig_body_digest)],
                          date=rdate)
        self.expected["revisit"].append({"id": rv_id, "refers_to": orig_id, "url": orig_url})
        # legacy charset pages
        for lang, url, title, paras, codec, label, declared in T.LEGACY:
            w = w0 if lang in first else w1
            rec = self.page(w, lang, url, title, paras, template="plain", codec=codec, label=label, declared=declared)
            self.expected["legacy_charset"][rec] = label
        n = 0
        for lang in second:
            for url, title, paras in T.PAGES[lang]:
                self.page(w1, lang, url, title, paras, template=templates[n % 3], request=(n % 4 == 0),
                          declared="meta" if lang in ("cmn_Hani", "kor_Hang") else "both",
                          chunked=(n in (0, 7, 14)), gzipped=(n in (3, 10, 14)))
                n += 1
        for lang in third:
            for url, title, paras in T.PAGES[lang]:
                self.page(w3, lang, url, title, paras, template=templates[n % 3], request=(n % 2 == 0))
                n += 1
        # exact duplicates across three files, different templates
        for spec, writers in ((T.DUP_PRESS, (w0, w1, w2)), (T.DUP_RECIPE, (w0, w2))):
            lang, title, paras, urls = spec
            ids = [self.page(w, lang, u, title, paras, template=templates[i % 3], kind="duplicate")
                   for i, (u, w) in enumerate(zip(urls, writers))]
            self.expected["duplicates"].append(ids)
        # near duplicates
        for spec, writers in ((T.NEAR_BRIDGE, (w0, w1)), (T.NEAR_COFFEE, (w1, w2))):
            lang, title, paras, variants = spec
            ids, texts = [], []
            for i, ((u, changes), w) in enumerate(zip(variants, writers)):
                ps = list(paras)
                for old, new in changes:
                    hit = [j for j, p in enumerate(ps) if old in p]
                    assert len(hit) == 1, old
                    ps[hit[0]] = ps[hit[0]].replace(old, new, 1)
                ids.append(self.page(w, lang, u, title, ps, template=templates[(i + 1) % 3], kind="near_duplicate"))
                texts.append("\n\n".join(ps))
            self.expected["near_duplicates"].append(ids)
            self.expected["near_duplicate_jaccard"].append(round(jaccard5(*texts), 3))
        # mislabeled charset: declared utf-8, bytes are latin-1
        doc = render_html("fra_Latn", "Informations pratiques", [
            "Notre boutique est ouverte du mardi au samedi, de neuf heures à midi et de quatorze heures à dix-huit heures trente. "
            "Pendant les fêtes de fin d'année, les horaires sont prolongés jusqu'à vingt heures, et la boutique est également "
            "ouverte le dimanche précédant Noël.",
            "Les commandes passées sur le site peuvent être retirées gratuitement au magasin dès le lendemain. Pour les livraisons "
            "à domicile, comptez deux à quatre jours ouvrés. Les retours sont acceptés pendant quatorze jours, à condition que "
            "l'article soit rendu dans son emballage d'origine."], "www.alte-seite.example.fr", "plain", [], "utf-8")
        rec = self.page(w1, "fra_Latn", "https://www.alte-seite.example.fr/infos-pratiques.html", "Informations pratiques",
                        [], body_override=doc.encode("latin-1"), kind="invalid_utf8")
        self.texts[rec] = ""
        self.expected["invalid_utf8"].append(rec)
        # non-HTML
        self.binary(w1, "https://www.tagblatt-beispiel.ch/media/logo.png", "image/png", png_bytes())
        self.binary(w1, "https://www.mairie-exemple.example.fr/docs/bulletin-2025-01.pdf", "application/pdf", pdf_bytes())
        # PII
        for lang, url, title, paras, counts in T.PII_PAGES:
            ps = [p.format(IBAN_CH_GROUPED=group4(IBAN_CH), IBAN_DE_COMPACT=IBAN_DE) for p in paras]
            rec = self.page(w2, lang, url, title, ps, template="blog" if "forum" in url else "portal", kind="pii",
                            request=True)
            if any(counts.values()):
                self.expected["pii"][rec] = counts
            else:
                self.expected["pii_decoys"].append({"id": rec, "counts": counts, "decoys": [
                    "CH00 1234 5678 9012 3456 7 (invalid check digits)", "999.300.12.1 (octets > 255)",
                    "4.12.7 / 16.2 (version numbers)", "info at example dot org (obfuscated, not an address)"]})
        # toxic
        for lang, url, title, paras in T.TOXIC_PAGES:
            self.expected["toxic"].append(self.page(w2, lang, url, title, paras, template="blog", kind="toxic"))
        # low quality
        links = ["Hotels Berlin günstig", "Flüge nach Mallorca", "Mietwagen Vergleich", "Ferienwohnung Ostsee",
                 "Last Minute Türkei", "Kreuzfahrt Angebote", "Reiseversicherung", "Camping Italien",
                 "Städtereisen Paris", "Wellness Wochenende", "Skiurlaub Österreich", "Billigflüge London",
                 "Hotel Wien Zentrum", "Rundreise Schottland", "Pauschalreise Kreta", "Ferienhaus Dänemark",
                 "Busreisen 2025", "Zugreisen Europa", "Fähre Korsika", "Jugendherberge Hamburg"]
        lq = []
        lq.append(self.page(w2, "deu_Latn", "https://www.linkverzeichnis.example.de/kategorien/reisen.html",
                            "Reisen - Linkverzeichnis", [], template="plain", kind="low_quality", lang_known=False,
                            extra_main="<ul>\n" + "\n".join('<li><a href="/go/%d">%s</a></li>' % (i, html.escape(l))
                                                            for i, l in enumerate(links * 2)) + "\n</ul>"))
        self.texts[lq[-1]] = "\n".join(links * 2)
        rep = ["Best deals on cheap watches. Click here now!", "Free shipping today only!", "Buy now, limited offer."]
        lq.append(self.page(w2, "eng_Latn", "https://www.spam-beispiel.example.com/best-deals.html", "Best Deals",
                            rep * 12, template="plain", kind="low_quality", lang_known=False))
        lq.append(self.page(w2, "eng_Latn", "https://www.kurz.example.org/index.html", "Coming soon",
                            ["Coming soon."], template="portal", kind="low_quality", lang_known=False))
        salad = lcg_words(T.LOREM_WORDS, 360, seed=20250115)
        salad_paras = [" ".join(salad[i:i + 90]).capitalize() + "." for i in range(0, 360, 90)]
        lq.append(self.page(w2, "eng_Latn", "https://www.seo-garden.example.net/lorem.html", "Lorem ipsum best deals",
                            salad_paras, template="blog", kind="low_quality", lang_known=False))
        self.expected["low_quality"] = lq
        self.expected["low_quality_defects"] = dict(zip(lq, [
            "mostly links / short lines", "the same three lines repeated 12 times",
            "very short main text (2 words)", "lorem-ipsum word salad"]))
        # huge page
        huge_paras = [T.HUGE_PARAGRAPH] * 5200
        hid = self.page(w2, "deu_Latn", "https://www.endlos-text.example.org/archiv/gesamtausgabe.html",
                        "Gesamtausgabe der Dorfchronik", huge_paras, template="plain", kind="huge", lang_known=False)
        self.expected["huge"].append({"id": hid, "body_bytes": w2.records[-1]["body_bytes"]})
        self.texts[hid] = "(%d x HUGE_PARAGRAPH)" % len(huge_paras)
        # 404 and 301
        nf = render_html("deu_Latn", "Seite nicht gefunden", ["Die angeforderte Seite existiert leider nicht mehr."],
                         "www.stadtanzeiger.example.ch", "portal", [], "utf-8")
        self.page(w2, "deu_Latn", "https://www.stadtanzeiger.example.ch/alt/seite-gibt-es-nicht.html",
                  "Seite nicht gefunden", [], status=(404, "Not Found"), body_override=nf.encode(), kind="http_404")
        date = w2.tick()
        body = b'<html><body><a href="https://www.stadtanzeiger.example.ch/kultur/">Moved</a></body></html>\n'
        head, sent = http_response(301, "Moved Permanently", [
            ("Date", http_date(date)), ("Server", "nginx"), ("Location", "https://www.stadtanzeiger.example.ch/kultur/"),
            ("Content-Type", "text/html")], body)
        r301, _ = w2.add("response", "https://www.stadtanzeiger.example.ch/kultur", head + sent,
                         "application/http; msgtype=response", extra=[("WARC-Payload-Digest", sha1_b32(sent))],
                         date=date, info={"kind": "http_301", "status": 301,
                                          "location": "https://www.stadtanzeiger.example.ch/kultur/",
                                          "body_sha1": hashlib.sha1(body).hexdigest(), "body_bytes": len(body)})
        self.expected["http_status"][r301] = 301
        for w in (w0, w1, w2, w3):
            w.write(root)
            self.expected["records"] += w.records

    # ------------------------------------------------------------------ broken file
    def broken(self, root):
        w = Warc("web/broken.warc.gz", start=datetime.datetime(2025, 1, 14, 18, 0, 0))
        w.warcinfo("Sieve fixtures: broken records between good ones")
        good = []

        def good_page(i):
            url, title, para = T.BROKEN_PAGES[i]
            lang = "deu_Latn" if "wetter" in url else "eng_Latn"
            good.append(self.page(w, lang, url, title, [para], template="portal", kind="broken_file_good",
                                  lang_known=False))

        def member_for(i, mutate):
            url, title, para = T.BROKEN_PAGES[i]
            lang = "deu_Latn" if "wetter" in url else "eng_Latn"
            date = w.tick()
            body = render_html(lang, title, [para], re.match(r"https?://([^/]+)", url).group(1), "portal", [], "utf-8").encode()
            head, sent = http_response(200, "OK", [("Date", http_date(date)), ("Content-Type", "text/html; charset=utf-8")], body)
            block = head + sent
            rec_id = rid(w.name, "response", url, iso(date))
            headers = [("WARC-Type", "response"), ("WARC-Record-ID", rec_id), ("WARC-Date", iso(date)),
                       ("WARC-Target-URI", url), ("Content-Type", "application/http; msgtype=response")]
            return rec_id, mutate(headers, block)

        good_page(0)
        # 1. truncated gzip member
        rec_id, rec = member_for(1, lambda h, b: Warc.serialize(h, b))
        member = gz(rec)
        off = w.raw(member[: len(member) * 3 // 5])
        self.expected["broken"].append({"file": w.name, "offset": off, "id": rec_id,
                                        "defect": "truncated gzip member (first 60% of its bytes), next member follows"})
        good_page(2)
        # 2. Content-Length too large
        def too_large(h, b):
            head = "WARC/1.1\r\n" + "".join("%s: %s\r\n" % kv for kv in h) + "Content-Length: %d\r\n\r\n" % (len(b) + 500)
            return head.encode() + b + b"\r\n\r\n"
        rec_id, rec = member_for(3, too_large)
        off = w.raw(gz(rec))
        self.expected["broken"].append({"file": w.name, "offset": off, "id": rec_id,
                                        "defect": "Content-Length 500 bytes larger than the block in its gzip member"})
        good_page(4)
        # 3. garbage between members
        garbage = b"\x00GARBAGE-BETWEEN-RECORDS\xff\xfe" + bytes(range(32, 96)) + b"\r\n\r\n"
        off = w.raw(garbage)
        self.expected["broken"].append({"file": w.name, "offset": off, "id": None, "length": len(garbage),
                                        "defect": "non-gzip garbage bytes between two members"})
        good_page(5)
        # 4. malformed WARC header
        def malformed(h, b):
            head = ("WARC/1.1\r\nWARC-Type response\r\nthis line is not a header field\r\n"
                    + "".join("%s: %s\r\n" % kv for kv in h[1:]) + "Content-Length: twelve\r\n\r\n")
            return head.encode() + b + b"\r\n\r\n"
        rec_id, rec = member_for(6, malformed)
        off = w.raw(gz(rec))
        self.expected["broken"].append({"file": w.name, "offset": off, "id": rec_id,
                                        "defect": "malformed WARC header (line without colon, Content-Length not a number)"})
        good_page(7)
        # 5. Content-Length too small
        def too_small(h, b):
            head = "WARC/1.1\r\n" + "".join("%s: %s\r\n" % kv for kv in h) + "Content-Length: %d\r\n\r\n" % (len(b) - 200)
            return head.encode() + b + b"\r\n\r\n"
        rec_id, rec = member_for(8, too_small)
        off = w.raw(gz(rec))
        self.expected["broken"].append({"file": w.name, "offset": off, "id": rec_id,
                                        "defect": "Content-Length 200 bytes smaller than the block in its gzip member"})
        # a final good record after the last defect
        url = "https://weather-diary.example.org/2025/01/15.html"
        good.append(self.page(w, "eng_Latn", url, "Weather on January 15", [
            "Bright sunshine after a frosty start, with light winds and excellent visibility across the whole region."],
            kind="broken_file_good", lang_known=False))
        w.write(root)
        self.expected["broken_good_ids"] = [w.records[0]["id"]] + good
        self.expected["broken_good_records"] = w.records

    # ------------------------------------------------------------------ robots
    def robots(self, root):
        d = root / "robots"
        d.mkdir(parents=True, exist_ok=True)
        fetched = datetime.datetime(2025, 1, 15, 0, 0, 0)
        w = Warc("robots/robots.warc.gz", start=fetched)
        w.warcinfo("Sieve fixtures: robots.txt fetches of the fixture hosts on 2025-01-15")
        rows = []
        for i, host in enumerate(sorted(ROBOTS)):
            status, body, note = ROBOTS[host]
            date = fetched + datetime.timedelta(minutes=i)
            url = "https://%s/robots.txt" % host
            hdrs = [("Date", http_date(date)), ("Server", "nginx")]
            if status == 200:
                b = body.encode("utf-8")
                head, sent = http_response(200, "OK", hdrs + [("Content-Type", "text/plain; charset=utf-8")], b)
                (d / ("%s.txt" % host)).write_bytes(b)
            elif status == 301:
                target = ROBOTS_REDIRECT[host]
                b = b"<html><body>Moved</body></html>\n"
                head, sent = http_response(301, "Moved Permanently", hdrs + [
                    ("Location", "https://%s/robots.txt" % target), ("Content-Type", "text/html")], b)
                (d / ("%s.txt" % host)).write_bytes(ROBOTS[target][1].encode("utf-8"))
            elif status == 404:
                b = b"<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n"
                head, sent = http_response(404, "Not Found", hdrs + [("Content-Type", "text/html")], b)
            else:
                b = b"<html><body><h1>503 Service Unavailable</h1></body></html>\n"
                head, sent = http_response(503, "Service Unavailable", hdrs + [
                    ("Retry-After", "3600"), ("Content-Type", "text/html")], b)
            rec_id, _ = w.add("response", url, head + sent, "application/http; msgtype=response",
                              extra=[("WARC-Payload-Digest", sha1_b32(sent))], date=date,
                              info={"status": status, "host": host})
            row = {"host": host, "status": status,
                   "body": body if status == 200 else (ROBOTS[ROBOTS_REDIRECT[host]][1] if status == 301 else ""),
                   "fetched": iso(date)}
            if status == 301:
                row["status"] = 200
                row["redirected_from_status"] = 301
                row["final_url"] = "https://%s/robots.txt" % ROBOTS_REDIRECT[host]
            rows.append(row)
            self.expected["robots_hosts"][host] = {"status": status, "note": note, "record_id": rec_id,
                                                   "folder_file": ("%s.txt" % host) if status in (200, 301) else None}
        with open(d / "snapshot.jsonl", "w", encoding="utf-8", newline="\n") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")
        w.write(root)
        self.expected["robots_records"] = w.records
        self.expected["robots_agents"] = AGENTS
        hosts = sorted({re.match(r"https?://([^/]+)", r["url"]).group(1) for r in self.expected["records"] if r["url"]})
        self.expected["hosts_not_in_robots_snapshot"] = [h for h in hosts if h not in ROBOTS]

    # ------------------------------------------------------------------ JSON Lines
    def parquet(self, root):
        parquet_fixture(root, self.expected)

    def jsonl(self, root):
        d = root / "jsonl"
        d.mkdir(parents=True, exist_ok=True)
        lines, langs, pii = [], {}, {}
        n = 0
        for lang in sorted(T.PAGES):
            url, title, paras = T.PAGES[lang][-1]
            n += 1
            rid_ = "sample-%04d" % n
            row = {"id": rid_, "text": title + "\n\n" + "\n\n".join(paras), "source": "sieve-fixtures",
                   "created": "2025-01-14T10:%02d:00Z" % n, "metadata": {"url": url}}
            lines.append(json.dumps(row, ensure_ascii=False))
            langs[rid_] = lang
        n += 1
        pii_text = ("Kontakt für Rückfragen: anna.beispiel@example.ch oder Telefon +41 31 555 02 46. Spenden bitte auf "
                    "IBAN %s (Stiftung Beispiel). Der Server unter 198.51.100.23 ist ab Montag abgeschaltet."
                    % group4(iban("CH", "09000000123456789")))
        lines.append(json.dumps({"id": "sample-%04d" % n, "text": pii_text, "source": "sieve-fixtures",
                                 "created": "2025-01-14T11:00:00Z", "metadata": {"url": "https://stiftung.example.ch/kontakt"}},
                                ensure_ascii=False))
        pii["sample-%04d" % n] = {"email": 1, "ip": 1, "iban": 1, "phone": 1}
        langs["sample-%04d" % n] = "deu_Latn"
        malformed_line = len(lines) + 1
        lines.append('{"id": "sample-%04d", "text": "Dieser Datensatz ist abgeschnitten und hat kein schliessendes' % (n + 1))
        noid_line = len(lines) + 1
        lines.append(json.dumps({"text": "Dieser Datensatz hat keine id. Die Pipeline vergibt eine aus Dateiname und Zeilennummer.",
                                 "source": "sieve-fixtures", "created": "2025-01-14T11:05:00Z",
                                 "metadata": {"url": "https://ohne-id.example.de/seite"}}, ensure_ascii=False))
        data = ("\n".join(lines) + "\n").encode("utf-8")
        (d / "sample.jsonl.gz").write_bytes(gz(data))
        plain = [
            {"id": "plain-01", "text": T.DUP_RECIPE[2][0]},
            {"id": "plain-02", "text": T.DUP_RECIPE[2][0]},
            {"id": "plain-03", "text": "Write to jane.placeholder@example.net or call +41 44 555 01 23. Server 203.0.113.45."},
            {"id": "plain-04", "text": T.TOXIC_PAGES[0][3][0]},
            {"id": "plain-05", "text": ""},
            {"id": "plain-06", "text": T.PAGES["ell_Grek"][0][2][0]},
            {"id": "plain-07", "text": "Zahlung an %s bitte bis Freitag." % IBAN_DE},
            {"id": "plain-08", "text": T.PAGES["jpn_Jpan"][0][2][0]},
        ]
        with open(d / "plain.jsonl", "w", encoding="utf-8", newline="\n") as f:
            for i, row in enumerate(plain):
                # row 6 is written with \\u escapes to exercise the JSON parser
                f.write(json.dumps(row, ensure_ascii=(i == 5)) + "\n")
        self.expected["jsonl"] = {
            "sample.jsonl.gz": {"lines": len(lines), "valid_rows": len(lines) - 1, "malformed_line": malformed_line,
                                "row_without_id_line": noid_line, "languages": langs, "pii": pii},
            "plain.jsonl": {"lines": len(plain), "duplicates": [["plain-01", "plain-02"]],
                            "pii": {"plain-03": {"email": 1, "ip": 1, "iban": 0, "phone": 1},
                                    "plain-07": {"email": 0, "ip": 0, "iban": 1, "phone": 0}},
                            "toxic": ["plain-04"], "empty_text": ["plain-05"], "unicode_escaped": ["plain-06"],
                            "languages": {"plain-01": "eng_Latn", "plain-06": "ell_Grek", "plain-08": "jpn_Jpan"}},
        }


def parquet_fixture(root, expected):
    """A FineWeb-shaped Parquet file (pyarrow, snappy, 3 row groups): text, id, dump, url, date,
    file_path, language, language_score, token_count, as the FineWeb releases lay them out."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        sys.exit("make-fixtures.py: the Parquet fixture needs pyarrow (Tests/oracle/requirements/parquet.txt); "
                 "run scripts/setup.sh and use .venv/bin/python")
    d = root / "parquet"
    d.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, (lang, url, text) in enumerate(T.PARQUET_DOCS):
        rows.append({
            "text": text, "id": "<urn:uuid:%s>" % uuid.uuid5(NS, "parquet|%d" % i),
            "dump": "CC-MAIN-2024-10", "url": url, "date": "2024-02-%02dT0%d:15:00Z" % (20 + i % 5, i % 10),
            "file_path": "s3://commoncrawl/crawl-data/CC-MAIN-2024-10/segments/0000/warc/CC-MAIN-%05d.warc.gz" % i,
            "language": {"eng": "en", "deu": "de", "fra": "fr", "ita": "it", "spa": "es"}[lang.split("_")[0]], "language_score": round(0.9 + i / 100, 4),
            "token_count": len(text.split()) * 4 // 3,
        })
    schema = pa.schema([("text", pa.string()), ("id", pa.string()), ("dump", pa.string()), ("url", pa.string()),
                        ("date", pa.string()), ("file_path", pa.string()), ("language", pa.string()),
                        ("language_score", pa.float64()), ("token_count", pa.int64())])
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, d / "fineweb-sample.parquet", compression="snappy", row_group_size=3)
    expected["parquet"] = {"fineweb-sample.parquet": {
        "rows": len(rows), "row_groups": (len(rows) + 2) // 3, "ids": [r["id"] for r in rows],
        "languages": {r["id"]: lang for r, (lang, _, _) in zip(rows, T.PARQUET_DOCS)}}}


def jaccard5(a, b):
    def sh(t):
        w = t.split()
        return {tuple(w[i:i + 5]) for i in range(len(w) - 4)}
    x, y = sh(a), sh(b)
    return len(x & y) / len(x | y)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(pathlib.Path(__file__).resolve().parent.parent / "Fixtures"))
    args = ap.parse_args()
    root = pathlib.Path(args.out)
    root.mkdir(parents=True, exist_ok=True)
    b = Build()
    b.web(root)
    b.broken(root)
    b.robots(root)
    b.jsonl(root)
    b.parquet(root)
    write_expected(b, root)
    write_readme(b, root)


def write_expected(b, root):
    e = b.expected
    with open(root / "expected.json", "w", encoding="utf-8", newline="\n") as f:
        json.dump(e, f, ensure_ascii=False, indent=1)
        f.write("\n")


README_INTRO = """# Fixtures

Small inputs the Sieve project made itself: a web dump with planted cases, a robots.txt snapshot
and JSON Lines samples. Every text here was written for this project (no third-party content);
hosts are fictional (`*.example.*`, `*.example-optout.ch`, ...), persons are placeholders and the
IP addresses are from the documentation ranges (RFC 5737).

**Do not edit by hand.** Everything in this folder, this README included, is written by
`scripts/make-fixtures.py` (Python 3 standard library; pyarrow for the Parquet file, so run it with `.venv/bin/python`):

    .venv/bin/python scripts/make-fixtures.py            # rewrites Fixtures/
    .venv/bin/python scripts/make-fixtures.py --out DIR  # writes elsewhere (the oracle test compares bytes)

The output is deterministic: gzip members have mtime 0, record ids are UUIDv5 of fixed names,
dates are fixed (crawl 2025-01-14, robots fetch 2025-01-15), the word salad uses a fixed LCG.
`Tests/oracle/test_fixtures.py` checks that warcio reads every record of the good files with the
ids listed in `expected.json` (digests verified) and that a re-run gives identical bytes.

## Layout

| path | what |
| --- | --- |
| `web/crawl-00000.warc.gz` | WARC/1.1, one gzip member per record: warcinfo, German/French/Italian/Romansh/English pages, request records before some responses, one `metadata` and one `revisit` record, windows-1252 pages |
| `web/crawl-00001.warc.gz` | other scripts (Cyrillic, Greek, Arabic, Devanagari, Thai, Han, Japanese, Hangul) plus Spanish and Swahili; Shift_JIS, GB18030, KOI8-R, windows-1251 pages; chunked and gzip-encoded HTTP bodies; PNG and PDF responses; a page declared UTF-8 whose bytes are Latin-1 |
| `web/crawl-00002.warc.gz` | PII, low-quality, toxic pages, the huge page, a 404 and a 301 |
| `web/extra.warc` | uncompressed WARC: Portuguese, Dutch and Polish pages |
| `web/broken.warc.gz` | good records with defects between them (see *Broken records*) |
| `robots/HOST.txt` | robots.txt bodies of the hosts whose fetch gave 200 (a redirected host's file holds its target's body) |
| `robots/snapshot.jsonl` | the same snapshot as rows `{"host","status","body","fetched"}`, including the 404 and 503 hosts |
| `robots/robots.warc.gz` | the robots.txt fetches as WARC response records (200, 301, 404, 503) |
| `jsonl/sample.jsonl.gz` | Dolma-style rows `{"id","text","source","created","metadata":{"url"}}`, one malformed line, one row without id |
| `jsonl/plain.jsonl` | `{"id","text"}` rows: duplicates, PII, toxic, empty, `\\u`-escaped |
| `parquet/fineweb-sample.parquet` | FineWeb-shaped Parquet (pyarrow, snappy, 3 row groups of 3 rows): `text, id, dump, url, date, file_path, language, language_score, token_count` |
| `expected.json` | machine-readable list of every record and planted case (keys below) |

Pages carry realistic boilerplate (cookie banner, navigation, sidebar of related titles, footer,
inline script and style) around 2-3 paragraphs of main text. Three page templates (`portal`,
`blog`, `plain` table layout) alternate, so duplicates differ in boilerplate.

## expected.json keys

- `records`: every record of the web files `{file, offset, type, id, url, date, kind, lang, title,
  status, charset, charset_declared, chunked, gzip, body_sha1, body_bytes}` (`body_sha1` is of the
  entity body after removing chunked and gzip transfer/content encodings, before charset decoding).
- `languages` `{id: "deu_Latn"}`: pages with reliable main text (not low-quality, huge, broken-file pages).
- `duplicates` `[[id...]]` exact main-text duplicates, first in input order first;
  `near_duplicates` `[[id...]]` with `near_duplicate_jaccard` (word 5-gram Jaccard per cluster).
- `pii` `{id: {email, ip, iban, phone}}`: counts in the main text (none in boilerplate);
  `pii_decoys`: a page of look-alikes that should count 0 (invalid IBAN check digits, octets > 255,
  version numbers, obfuscated address).
- `robots_blocked` `[{id, url, agents}]`: which of `robots_agents` (the default list of DESIGN.md)
  are disallowed, computed with RFC 9309 rules (group by product token, `CCBot/2.0` -> `CCBot`;
  longest match; allow wins a tie; `*` and `$` patterns; redirects followed). `robots_unavailable`:
  pages whose host's robots.txt fetch gave 5xx (RFC 9309: disallow all; the pipeline's
  `unavailable: allow` allows them). `robots_hosts`: per host status, note and record id.
- `legacy_charset` `{id: label}`, `invalid_utf8` `[id]`, `non_html` `[id]`, `http_status` `{id: code}`,
  `low_quality` `[id]` with `low_quality_defects` `{id: defect}`, `toxic` `[id]`, `huge` `[{id, body_bytes}]`, `revisit`, `metadata`.
- `broken` `[{file, offset, id, defect}]` and `broken_good_ids` / `broken_good_records`: the records of
  `web/broken.warc.gz` that a resyncing reader must still deliver.
- `jsonl`: line counts, the malformed line, the row without id, languages, PII counts of the JSON Lines files.

"""


def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    out += ["| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(out) + "\n"


def write_readme(b, root):
    e = b.expected
    by_id = {r["id"]: r for r in e["records"]}
    by_id.update({r["id"]: r for r in e["broken_good_records"]})
    url = lambda i: by_id[i]["url"] if i in by_id else "-"
    fname = lambda i: by_id[i]["file"] if i in by_id else "web/broken.warc.gz"
    parts = [README_INTRO]
    parts.append("## Records per file\n\n")
    rows = []
    for f in sorted({r["file"] for r in e["records"]} | {"web/broken.warc.gz", "robots/robots.warc.gz"}):
        recs = [r for r in e["records"] + e["broken_good_records"] + e["robots_records"] if r["file"] == f]
        types = {}
        for r in recs:
            types[r["type"]] = types.get(r["type"], 0) + 1
        rows.append((f, len(recs), ", ".join("%s %d" % kv for kv in sorted(types.items()))))
    parts.append(md_table(["file", "readable records", "by type"], rows))
    langs = {}
    for i, l in e["languages"].items():
        langs.setdefault(l, []).append(i)
    parts.append("\n## Languages (%d pages, %d languages, %d scripts)\n\n" % (
        len(e["languages"]), len(langs), len({l.split("_")[1] for l in langs})))
    parts.append(md_table(["label", "pages", "example URL"],
                          [(l, len(ids), url(ids[0])) for l, ids in sorted(langs.items())]))
    parts.append("\n## Exact duplicates (same main text, different boilerplate)\n\n")
    parts.append(md_table(["cluster", "WARC-Record-ID", "file", "URL"],
                          [(n + 1, i, fname(i), url(i)) for n, c in enumerate(e["duplicates"]) for i in c]))
    parts.append("\n## Near duplicates (a few words changed)\n\n")
    parts.append(md_table(["cluster", "word 5-gram Jaccard", "WARC-Record-ID", "URL"],
                          [(n + 1, e["near_duplicate_jaccard"][n], i, url(i)) for n, c in enumerate(e["near_duplicates"]) for i in c]))
    parts.append("\n## PII (counts in main text)\n\n")
    parts.append(md_table(["WARC-Record-ID", "URL", "email", "ip", "iban", "phone"],
                          [(i, url(i), c["email"], c["ip"], c["iban"], c["phone"]) for i, c in e["pii"].items()]
                          + [(d["id"], url(d["id"]), 0, 0, 0, 0) for d in e["pii_decoys"]]))
    parts.append("\nIBANs are mod-97 valid: `%s` (grouped) and `%s` (compact). The last row is the decoy page: %s.\n"
                 % (group4(IBAN_CH), IBAN_DE, "; ".join(e["pii_decoys"][0]["decoys"])))
    parts.append("\n## robots.txt snapshot (fetched 2025-01-15)\n\n")
    parts.append(md_table(["host", "status", "note", "folder file"],
                          [(h, v["status"], v["note"], v["folder_file"] or "-") for h, v in sorted(e["robots_hosts"].items())]))
    parts.append("\n%d other hosts with pages are absent from the snapshot (no robots.txt known: allowed), "
                 "e.g. %s.\n" % (len(e["hosts_not_in_robots_snapshot"]),
                                 ", ".join("`%s`" % h for h in e["hosts_not_in_robots_snapshot"][:4])))
    parts.append("\n### Pages disallowed for some of the default agents\n\n")
    allset = set(AGENTS)
    rows = []
    for r in e["robots_blocked"]:
        ag = r["agents"]
        txt = "all agents" if set(ag) == allset else (
            "all but " + ", ".join(sorted(allset - set(ag))) if len(ag) > 8 else ", ".join(ag))
        rows.append((r["id"], r["url"], txt))
    parts.append(md_table(["WARC-Record-ID", "URL", "disallowed for"], rows))
    parts.append("\nrobots.txt unavailable (503; allowed under `unavailable: allow`): %s\n"
                 % ", ".join("`%s`" % r["url"] for r in e["robots_unavailable"]))
    parts.append("\n## Charsets and encodings\n\n")
    rows = [(i, url(i), lab, by_id[i]["charset_declared"]) for i, lab in e["legacy_charset"].items()]
    rows += [(i, url(i), "declared utf-8, bytes Latin-1", "both") for i in e["invalid_utf8"]]
    parts.append(md_table(["WARC-Record-ID", "URL", "charset", "declared in"], rows))
    ch = [r for r in e["records"] if r.get("chunked")]
    gzr = [r for r in e["records"] if r.get("gzip")]
    meta = [r for r in e["records"] if r.get("charset_declared") == "meta" and r["id"] not in e["legacy_charset"]]
    parts.append("\n`Transfer-Encoding: chunked`: %s. `Content-Encoding: gzip`: %s. UTF-8 declared only in `<meta>`: %s.\n" % (
        ", ".join("`%s`" % r["url"] for r in ch), ", ".join("`%s`" % r["url"] for r in gzr),
        ", ".join("`%s`" % r["url"] for r in meta)))
    parts.append("\n## Other planted cases\n\n")
    rows = [("non-HTML (%s)" % by_id[i]["mime"], i, url(i)) for i in e["non_html"]]
    rows += [("HTTP %d" % c, i, url(i)) for i, c in e["http_status"].items()]
    rows += [("low quality: " + e["low_quality_defects"][i], i, url(i)) for i in e["low_quality"]]
    rows += [("toxic / profane", i, url(i)) for i in e["toxic"]]
    rows += [("huge page (%d bytes of HTML)" % d["body_bytes"], d["id"], url(d["id"])) for d in e["huge"]]
    rows += [("revisit of " + d["refers_to"], d["id"], d["url"]) for d in e["revisit"]]
    rows += [("metadata for " + d["refers_to"], d["id"], d["url"]) for d in e["metadata"]]
    parts.append(md_table(["case", "WARC-Record-ID", "URL"], rows))
    parts.append("\n## Broken records (`web/broken.warc.gz`)\n\n")
    rows = [(d["offset"], d["defect"], d["id"] or "-") for d in e["broken"]]
    parts.append(md_table(["byte offset", "defect", "WARC-Record-ID of the damaged record"], rows))
    parts.append("\nGood records (offset, id) that a resyncing reader must deliver: %s. "
                 "warcio stops at the first defect.\n" % ", ".join(
                     "%d `%s`" % (r["offset"], r["id"]) for r in e["broken_good_records"]))
    j = e["jsonl"]
    parts.append("\n## JSON Lines\n\n")
    s_ = j["sample.jsonl.gz"]
    parts.append("- `jsonl/sample.jsonl.gz`: %d lines; line %d is malformed (cut off), line %d has no `id`; "
                 "languages and PII counts per id in `expected.json`.\n" % (s_["lines"], s_["malformed_line"], s_["row_without_id_line"]))
    p_ = j["plain.jsonl"]
    parts.append("- `jsonl/plain.jsonl`: %d rows; duplicates %s; PII %s; toxic %s; empty text %s; `\\u`-escaped %s.\n" % (
        p_["lines"], p_["duplicates"], sorted(p_["pii"]), p_["toxic"], p_["empty_text"], p_["unicode_escaped"]))
    with open(root / "README.md", "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(parts))


if __name__ == "__main__":
    main()
