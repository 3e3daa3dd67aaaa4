"""Text agreement of Sieve's HTML extractor (and resiliparse) with trafilatura, per page.

Usage: python compare.py SIEVE_BIN PAGE... [--resiliparse] [--show]
Prints per-page token F1 and the mean/median. Also imported by Tests/oracle/test_extract.py.
"""
import collections
import json
import statistics
import subprocess
import sys


def tokens(text):
    return (text or "").split()


def f1(a, b):
    """Token-level F1 of two texts: whitespace tokens, multiset overlap."""
    ta, tb = collections.Counter(tokens(a)), collections.Counter(tokens(b))
    na, nb = sum(ta.values()), sum(tb.values())
    if na == 0 and nb == 0:
        return 1.0
    if na == 0 or nb == 0:
        return 0.0
    common = sum((ta & tb).values())
    if common == 0:
        return 0.0
    p, r = common / na, common / nb
    return 2 * p * r / (p + r)


def trafilatura_text(data: bytes) -> str:
    """As FineWeb (datatrove's Trafilatura extractor) calls it."""
    import trafilatura
    return trafilatura.extract(data, favor_precision=True, include_comments=False, deduplicate=True) or ""


def resiliparse_text(data: bytes) -> str:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    return extract_plain_text(bytes_to_str(data, detect_encoding(data)), main_content=True)


def sieve_texts(sieve_bin, pages):
    p = subprocess.run([sieve_bin, "html", *pages], capture_output=True, timeout=600)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.decode(errors="replace"))
    rows = [json.loads(l) for l in p.stdout.decode().splitlines() if l.strip()]
    return {r["file"]: r.get("text", "") for r in rows}


def compare(sieve_bin, pages, with_resiliparse=False):
    sv = sieve_texts(sieve_bin, pages)
    out = []
    for page in pages:
        data = open(page, "rb").read()
        ref = trafilatura_text(data)
        row = {"page": page, "ref_tokens": len(tokens(ref)), "sieve_tokens": len(tokens(sv[page])),
               "f1_sieve": f1(sv[page], ref)}
        if with_resiliparse:
            row["f1_resiliparse"] = f1(resiliparse_text(data), ref)
        out.append(row)
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rows = compare(args[0], args[1:], "--resiliparse" in sys.argv)
    for r in rows:
        extra = f"  resiliparse {r['f1_resiliparse']:.3f}" if "f1_resiliparse" in r else ""
        print(f"{r['f1_sieve']:.3f}{extra}  ref {r['ref_tokens']:6d} sieve {r['sieve_tokens']:6d}  {r['page'].split('/')[-1]}")
    for k in ("f1_sieve", "f1_resiliparse"):
        if k in rows[0]:
            v = [r[k] for r in rows]
            print(f"{k}: mean {statistics.mean(v):.3f} median {statistics.median(v):.3f} over {len(v)} pages")


if __name__ == "__main__":
    main()
