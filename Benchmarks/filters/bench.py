"""Times `sieve quality` / `sieve pii` / `sieve toxicity` / `sieve urlfilter` (one process, one core) against datatrove's filters and
PIIFormatter in one Python process on identical documents, and prints ratios."""
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "oracle"))
from filters_docs import make_docs, udhr_samples  # noqa: E402
from test_filters_quality import SieveRuleTokenizer  # noqa: E402

from datatrove.data import Document  # noqa: E402
from datatrove.pipeline.filters import FineWebQualityFilter, GopherQualityFilter, GopherRepetitionFilter  # noqa: E402
from datatrove.pipeline.formatters import PIIFormatter  # noqa: E402


def time_sieve(binary, args, path):
    """(end-to-end seconds, seconds inside the library calls), best of 3."""
    best = None
    for _ in range(3):
        with open(path, "rb") as f:
            t = time.perf_counter()
            p = subprocess.run(["taskset", "-c", "0", binary, *args, "--timing"], stdin=f, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, check=True)
            d = time.perf_counter() - t
        lib = json.loads(p.stderr.decode().strip().splitlines()[-1])["seconds"]
        if best is None or d < best[0]:
            best = (d, lib)
    return best


def main():
    binary, n = sys.argv[1], int(sys.argv[2])
    os.sched_setaffinity(0, {0})
    docs = make_docs(udhr_samples(ROOT / ".assets"), n, seed=11)
    pii_lines = []
    for i, d in enumerate(docs):
        pii_lines.append(d["text"] + f"\nContact user{i}@example.org from 203.0.113.{i % 250} or IBAN DE89 3704 0044 0532 0130 00.")
    mb_q = sum(len(d["text"].encode()) for d in docs) / 1e6
    mb_p = sum(len(t.encode()) for t in pii_lines) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        qpath, ppath = f"{tmp}/q.jsonl", f"{tmp}/p.jsonl"
        with open(qpath, "w") as f:
            for d in docs:
                f.write(json.dumps({"text": d["text"]}, ensure_ascii=False) + "\n")
        with open(ppath, "w") as f:
            for t in pii_lines:
                f.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")

        # Each filter on every document (no short-circuit between filters), as in a pipeline
        # where all filters see the same documents.
        print(f"{len(docs)} documents, {mb_q:.1f} MB (quality), {mb_p:.1f} MB (PII); one core")
        print(f"{'task':28} {'sieve (lib)':>12} {'sieve (CLI)':>12} {'datatrove':>12} {'ratio lib':>9} {'ratio CLI':>9}")
        tok = SieveRuleTokenizer()
        for name, mk in [("gopher_quality", lambda: GopherQualityFilter(language=tok)),
                         ("gopher_repetition", lambda: GopherRepetitionFilter(language=tok)),
                         ("fineweb_quality", lambda: FineWebQualityFilter(language=tok))]:
            s = time_sieve(binary, ["quality", "--language", "en", "--filters", name], qpath)
            f = mk()
            t = time.perf_counter()
            for i, d in enumerate(docs):
                # datatrove caches split_into_words per text (lru_cache(5)); vary nothing.
                try:
                    f.filter(Document(text=d["text"], id=str(i)))
                except ZeroDivisionError:
                    pass
            p = time.perf_counter() - t
            print(f"{name + ' docs/s':28} {len(docs) / s[1]:12.0f} {len(docs) / s[0]:12.0f} {len(docs) / p:12.0f}"
                  f" {p / s[1]:8.1f}x {p / s[0]:8.1f}x")
        s = time_sieve(binary, ["pii", "--kinds", "email,ip"], ppath)
        f = PIIFormatter(only_remove_public_ips=False, email_replacement="<email-pii>", ip_replacement="<ip-pii>")
        t = time.perf_counter()
        for x in pii_lines:
            f.format(x)
        p = time.perf_counter() - t
        print(f"{'pii email+ip MB/s':28} {mb_p / s[1]:12.1f} {mb_p / s[0]:12.1f} {mb_p / p:12.1f} {p / s[1]:8.1f}x {p / s[0]:8.1f}x")
        s = time_sieve(binary, ["pii", "--kinds", "email,ip,iban,phone,card"], ppath)
        print(f"{'pii all kinds MB/s':28} {mb_p / s[1]:12.1f} {mb_p / s[0]:12.1f} {'n/a':>12}")
        pipeline_stages(binary, docs, tmp)
        urlfilter(binary, tmp)
    print("sieve (lib) = time inside the filter/redactor calls; sieve (CLI) = whole process incl. JSON")
    print("reading/writing; datatrove = the filter/format calls only, in one Python process.")
    print("datatrove runs with a regex tokenizer implementing Sieve's rule (its NLTK/spaCy tokenizers are slower).")


def pipeline_stages(binary, docs, tmp):
    """The quality and toxicity stages as `sieve run` runs them (one task, one worker): seconds per
    phase from each stage's stats/ (reading and writing zstd JSON Lines included)."""
    langs = ["en", "de", "fr", "es", "it", "nl", "pl", "pt"]
    with open(f"{tmp}/docs.jsonl", "w") as f:
        for i, d in enumerate(docs):
            f.write(json.dumps({"id": f"d{i}", "text": d["text"], "metadata": {"lang": langs[i % len(langs)]}},
                               ensure_ascii=False) + "\n")
    root = str(ROOT)
    for name, stage in [("quality", "quality: {filters: [gopher_quality, gopher_repetition, fineweb_quality]}"),
                        ("toxicity", f"toxicity: {{drop_top_percent: 10, word_lists: {root}/.assets/filters/wordlists}}")]:
        cfg = f"{tmp}/{name}.yaml"
        with open(cfg, "w") as f:
            f.write(f"inputs: [{tmp}/docs.jsonl]\ntasks: 1\nstages:\n  - {stage}\n")
        best = None
        for _ in range(2):
            out = f"{tmp}/run-{name}"
            subprocess.run(["rm", "-rf", out], check=True)
            subprocess.run(["taskset", "-c", "0", binary, "run", cfg, "--out", out, "--workers", "1"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            run = json.load(open(f"{out}/run.json"))
            secs = {}
            for st in run["stages"]:
                for sf in sorted(pathlib.Path(out, st["folder"], "stats").glob("*.json")):
                    secs[st["folder"]] = secs.get(st["folder"], 0) + json.load(open(sf))["seconds"]
            if best is None or sum(secs.values()) < sum(best.values()):
                best = secs
        print(f"stage {name} over {len(docs)} documents (s per phase): " +
              ", ".join(f"{k} {v:.2f}" for k, v in best.items()))
    s = time_sieve(binary, ["toxicity", "--word-lists", f"{root}/.assets/filters/wordlists", "--language", "en", "--timing"],
                   f"{tmp}/q.jsonl")
    print(f"{'toxicity (words) docs/s':28} {len(docs) / s[1]:12.0f} {len(docs) / s[0]:12.0f}")


def urlfilter(binary, tmp):
    """UT1 (4.56 M domains): compile time, open time, URLs/s."""
    lst = ROOT / ".assets" / "filters" / "ut1" / "domains"
    import random
    import shutil
    work = pathlib.Path(tmp) / "domains"
    shutil.copy(lst, work)
    t = time.perf_counter()
    subprocess.run([binary, "urlfilter", "--blocklist", str(work), "--compile"], check=True, stdout=subprocess.DEVNULL)
    compile_s = time.perf_counter() - t
    rng = random.Random(1)
    hosts = work.read_text().split()
    urls = [f"https://www.{rng.choice(hosts) if i % 10 == 0 else f'site{i}.example.org'}/p/{i}" for i in range(200_000)]
    with open(f"{tmp}/urls.jsonl", "w") as f:
        for u in urls:
            f.write(json.dumps({"url": u}) + "\n")
    with open(f"{tmp}/urls.jsonl", "rb") as f:
        t = time.perf_counter()
        p = subprocess.run(["taskset", "-c", "0", binary, "urlfilter", "--blocklist", str(work), "--words",
                            str(lst.parent), "--timing"], stdin=f, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           check=True)
        d = time.perf_counter() - t
    open_s = json.loads(p.stderr.decode().strip().splitlines()[-1])["seconds"]
    print(f"urlfilter UT1: compile {compile_s:.2f} s once; open {open_s * 1000:.2f} ms per task; "
          f"{len(urls) / d:,.0f} URLs/s (CLI, domains + word rules)")


main()
