"""Deterministic benchmark corpus: the response records of Fixtures/web/crawl-*.warc.gz, copied many
times into new .warc.gz files (one gzip member per record, like Common Crawl).

Copy c of a record gets a new WARC-Record-ID (uuid5 of copy and original id), the URL with `?copy=c`
(or `&copy=c`) appended — same host and path, so urlfilter and robots decide as for the original — and,
for plain HTML bodies, the words of every tag-free `<p>` paragraph shuffled with a seeded RNG (the
last word stays last), so copies are not near-duplicates of each other. Copy c goes to file c mod FILES,
so every file holds whole copies of the fixture set. Every fifth copy reuses the previous copy's shuffle
(exact duplicates for dedup to remove). Pages above 1 MiB are left out (Sieve drops them unread as
page_too_large; datatrove would extract them), as are records whose framing is broken.

Usage: gen.py OUT_DIR TARGET_MB [FILES=8]  → prints one JSON line: files, records, decompressed bytes.
"""
import glob
import gzip
import json
import os
import random
import re
import sys
import uuid
import zlib

out_dir, target_mb = sys.argv[1], float(sys.argv[2])
n_files = int(sys.argv[3]) if len(sys.argv) > 3 else 8
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def members(path):
    """Yields the decompressed gzip members of a file."""
    data = open(path, "rb").read()
    while data:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        yield d.decompress(data) + d.flush()
        data = d.unused_data


records = []  # (warc header lines, http head bytes, http body bytes)
for path in sorted(glob.glob(os.path.join(root, "Fixtures", "web", "crawl-*.warc.gz"))):
    for m in members(path):
        head, sep, block = m.partition(b"\r\n\r\n")
        if not sep:
            continue
        lines = head.split(b"\r\n")
        fields = dict(l.split(b": ", 1) for l in lines[1:] if b": " in l)
        if fields.get(b"WARC-Type") != b"response":
            continue
        length = int(fields.get(b"Content-Length", b"-1"))
        if length != len(block) - 4 or not block.endswith(b"\r\n\r\n") or length > (1 << 20):
            continue
        block = block[:length]
        http_head, sep, body = block.partition(b"\r\n\r\n")
        if not sep:
            continue
        records.append((lines, http_head, body))

PARA = re.compile(rb"(<p(?: [^>]*)?>)([^<]{40,})(</p>)")


def shuffled(body, seed):
    rng = random.Random(seed)

    def one(m):
        words = m.group(2).split()
        head = words[:-1]  # the last word stays last: the paragraph still ends with its punctuation
        rng.shuffle(head)
        return m.group(1) + b" ".join(head + words[-1:]) + m.group(3)
    return PARA.sub(one, body)


os.makedirs(out_dir, exist_ok=True)
target = int(target_mb * 1e6)
outs = [open(os.path.join(out_dir, f"bench-{i:05d}.warc.gz"), "wb") for i in range(n_files)]
total = count = copy = 0
while total < target:
    variant = copy - 1 if copy % 5 == 4 else copy
    for k, (lines, http_head, body) in enumerate(records):
        hl = http_head.split(b"\r\n")
        plain = not any(l.lower().startswith((b"content-encoding:", b"transfer-encoding:")) for l in hl)
        if plain and copy > 0:
            body = shuffled(body, variant * 100003 + k)
        hl = [b"Content-Length: %d" % len(body) if l.lower().startswith(b"content-length:") else l for l in hl]
        block = b"\r\n".join(hl) + b"\r\n\r\n" + body
        out = [lines[0]]
        for l in lines[1:]:
            name, _, value = l.partition(b": ")
            if name in (b"WARC-Block-Digest", b"WARC-Payload-Digest"):
                continue
            if name == b"WARC-Record-ID":
                value = b"<urn:uuid:%s>" % str(uuid.uuid5(uuid.NAMESPACE_URL, f"{copy}/{value.decode()}")).encode()
            elif name == b"WARC-Target-URI" and copy > 0:
                value += (b"&" if b"?" in value else b"?") + b"copy=%d" % copy
            elif name == b"Content-Length":
                value = b"%d" % len(block)
            out.append(name + b": " + value)
        rec = b"\r\n".join(out) + b"\r\n\r\n" + block + b"\r\n\r\n"
        # one gzip member per record
        outs[copy % n_files].write(gzip.compress(rec, compresslevel=1, mtime=0))
        total += len(rec)
        count += 1
    copy += 1
for o in outs:
    o.close()
print(json.dumps({"files": n_files, "records": count, "copies": copy, "bytes": total}))
