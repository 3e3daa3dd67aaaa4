"""Writes a Common Crawl-like WARC (warcinfo, then request/response/metadata triples) of about
TARGET_MB decompressed, as .warc.gz (one gzip member per record, written by warcio) and .warc.
Bodies are HTML of random words (2–120 KB); 10% chunked, 10% gzip Content-Encoding."""
import gzip
import io
import random
import sys

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

out, target_mb = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 10))) for _ in range(5000)]


def page(n):
    paras = []
    size = 0
    while size < n:
        p = "<p>" + " ".join(rng.choice(words) for _ in range(rng.randint(20, 120))) + "</p>\n"
        paras.append(p)
        size += len(p)
    return ("<!doctype html><html><head><title>t</title></head><body>\n" + "".join(paras) + "</body></html>\n").encode()


pool = [page(int(rng.lognormvariate(9.8, 0.9)) % 120_000 + 2000) for _ in range(400)]


def chunk(data, size=4096):
    return b"".join(b"%x\r\n" % len(data[i:i + size]) + data[i:i + size] + b"\r\n" for i in range(0, len(data), size)) + b"0\r\n\r\n"


with open(out + ".warc.gz", "wb") as fgz, open(out + ".warc", "wb") as fplain:
    writers = [WARCWriter(fgz, gzip=True), WARCWriter(fplain, gzip=False)]
    recs = []
    for w in writers:
        w.write_record(w.create_warcinfo_record("bench.warc", {"software": "sieve-bench"}))
    total = 0
    i = 0
    while total < target_mb << 20:
        url = f"http://site{i % 977}.example.com/page/{i}"
        body = pool[i % len(pool)]
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Server", "bench")]
        kind = i % 10
        if kind == 0:
            payload = chunk(body)
            headers.append(("Transfer-Encoding", "chunked"))
        elif kind == 1:
            payload = gzip.compress(body, 6)
            headers.append(("Content-Encoding", "gzip"))
        else:
            payload = body
            headers.append(("Content-Length", str(len(body))))
        for w in writers:
            req = w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=StatusAndHeaders(
                f"GET /page/{i} HTTP/1.1", [("Host", f"site{i % 977}.example.com"), ("User-Agent", "bench/1.0")], is_http_request=True))
            w.write_record(req)
            resp = w.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                        http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"))
            w.write_record(resp)
            w.write_record(w.create_warc_record(url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
                                                warc_content_type="application/warc-fields"))
        total += len(payload) + 1200
        i += 1
