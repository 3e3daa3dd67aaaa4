"""Prepares the benchmark workload (the 4,231 robots.txt of protego's archive, URLs generated from
their own rules, as in Tests/oracle/test_robots_protego.py) and times protego on it, single core,
in CPU seconds: parsing every file, then checking every URL for every agent.
Usage: bench_protego.py ASSETS WORKDIR → writes WORKDIR/snapshot/, urls.txt, first.txt; prints JSON."""
import json
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "oracle"))
import test_robots_protego as corpus  # noqa: E402
from protego import Protego  # noqa: E402

assets, work = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
snap, files = corpus.build_corpus(assets, work)
with open(work / "urls.txt", "w") as f, open(work / "first.txt", "w") as g:
    for _, _, urls, _ in files:
        g.write(urls[0] + "\n")
        for u in urls:
            f.write(u + "\n")
t0 = time.process_time()
parsers = [(Protego.parse(text), urls) for _, text, urls, _ in files]
t1 = time.process_time()
checks = blocked = 0
for rp, urls in parsers:
    for u in urls:
        for a in corpus.AGENTS:
            checks += 1
            if not rp.can_fetch(u, a):
                blocked += 1
t2 = time.process_time()
print(json.dumps({"tool": "protego", "checks": checks, "blocked": blocked, "parse_cpu_s": round(t1 - t0, 3),
                  "check_cpu_s": round(t2 - t1, 3), "checks_per_cpu_s": round(checks / (t2 - t1)),
                  "end_to_end_checks_per_cpu_s": round(checks / (t2 - t0))}))
