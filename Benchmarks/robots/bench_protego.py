"""Prepares the benchmark workload (the 4,231 robots.txt of protego's archive, URLs generated from
their own rules, as in Tests/oracle/test_robots_protego.py) and times protego on it, single core.
Usage: bench_protego.py ASSETS WORKDIR → writes WORKDIR/snapshot/, WORKDIR/urls.txt, prints JSON."""
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
with open(work / "urls.txt", "w") as f:
    for _, _, urls, _ in files:
        for u in urls:
            f.write(u + "\n")
checks = blocked = 0
t0 = time.perf_counter()
for _, text, urls, _ in files:
    rp = Protego.parse(text)
    for u in urls:
        for a in corpus.AGENTS:
            checks += 1
            if not rp.can_fetch(u, a):
                blocked += 1
dt = time.perf_counter() - t0
print(json.dumps({"tool": "protego", "checks": checks, "blocked": blocked, "seconds": round(dt, 3),
                  "checks_per_s": round(checks / dt)}))
