#!/usr/bin/env bash
# Single-core robots.txt URL checks per second: Sieve (release) vs protego 0.7.0, same robots files
# (4,231 real ones from protego's archive), same URLs, same 15 agents, CPU time (the machine may be
# shared). "check" rates exclude parsing (protego: timed apart; Sieve: a run over the URL list
# repeated 10 times (so that the check time is well above the noise of the subtraction) minus a run
# that parses every file and checks one URL per host); "end_to_end" rates include parsing (URL list
# once, like protego). Sieve counts with `--summary`, i.e. through `RobotsPolicy.check(url:)`, the
# pipeline's path. Needs scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x .venv/bin/python ] || { echo "run scripts/setup.sh first" >&2; exit 1; }
bash scripts/assets/robots.sh
swift build -c release --product sieve >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
py=$(taskset -c 0 .venv/bin/python Benchmarks/robots/bench_protego.py .assets "$work")
echo "$py"
for _ in 1 2 3 4 5 6 7 8 9 10; do cat "$work/urls.txt"; done > "$work/urls10.txt"
.venv/bin/python - "$py" "$work" <<'PY'
import json, resource, subprocess, sys
p, work = json.loads(sys.argv[1]), sys.argv[2]

def cpu_run(sem, urls):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(f"{work}/{urls}", "rb") as f:
        out = subprocess.run(["taskset", "-c", "0", ".build/release/sieve", "robots", "check", "--robots",
                              f"{work}/snapshot", "--semantics", sem, "--max-bytes", "0", "--summary"],
                             stdin=f, capture_output=True, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return json.loads(out), cpu

for sem in ("protego", "rfc"):
    full, cpu_full = min((cpu_run(sem, "urls.txt") for _ in range(3)), key=lambda r: r[1])
    many, cpu_many = min((cpu_run(sem, "urls10.txt") for _ in range(3)), key=lambda r: r[1])
    first, cpu_first = min((cpu_run(sem, "first.txt") for _ in range(3)), key=lambda r: r[1])
    assert many["checks"] == 10 * full["checks"] and many["blocked"] == 10 * full["blocked"]
    check_rate = (many["checks"] - first["checks"]) / max(cpu_many - cpu_first, 1e-9)
    e2e = full["checks"] / cpu_full
    print(json.dumps({"tool": f"sieve --semantics {sem}", "checks": full["checks"], "blocked": full["blocked"],
                      "cpu_s": round(cpu_full, 3), "parse_and_load_cpu_s": round(cpu_first, 3),
                      "checks_per_cpu_s": round(check_rate), "end_to_end_checks_per_cpu_s": round(e2e),
                      "check_ratio_vs_protego": round(check_rate / p["checks_per_cpu_s"], 1),
                      "end_to_end_ratio_vs_protego": round(e2e / p["end_to_end_checks_per_cpu_s"], 1)}))
PY
