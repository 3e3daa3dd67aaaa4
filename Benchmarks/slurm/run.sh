#!/usr/bin/env bash
# Overhead of the Slurm path vs a local run on the same data (issue 8). The Benchmarks/pipeline
# corpus (gen.py, ~16 MB of WARC, 4 files) goes through the whole pipeline (Benchmarks/pipeline/
# bench.yaml with 4 tasks per stage) twice, release build:
#   local:  sieve run --workers 1
#   Slurm:  sieve slurm submit --workers 1 on the single-node test cluster (scripts/slurm/), so one
#           array element runs at a time, like the local run's one worker.
# Reported: the sum of per-task seconds (NN-stage/stats/TASK.json: the task itself, model loading
# included) in both runs; for Slurm also each element's wall time from the batch script's start to
# its completion marker (process start, config load, task), and the rest of the Slurm run's wall time
# (scheduling, queueing, job launch), measured from `sbatch` to the last marker.
# Needs root or sudo (to start the test cluster) and scripts/setup.sh (assets).
# Usage: Benchmarks/slurm/run.sh [MB]     (default 16)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
MB=${1:-16}
[ -f .assets/langid/lid.176.ftz ] && [ -f .assets/tokenize/tekken_240718.json ] \
  || { echo "run scripts/setup.sh first (needs .assets)" >&2; exit 1; }
swift build -c release --product sieve >&2
BIN=$ROOT/.build/release/sieve
D=$ROOT/.build/bench-slurm
rm -rf "$D"; mkdir -p "$D"

if ! sinfo -h >/dev/null 2>&1; then
  scripts/slurm/start-local-slurm.sh >&2
  trap 'scripts/slurm/stop-local-slurm.sh >/dev/null 2>&1 || true' EXIT
fi

echo "== corpus" >&2
python3 Benchmarks/pipeline/gen.py "$D/in" "$MB" 4 >&2
sed -e "s#\.\./\.\./\.build/bench-pipeline/full/#$D/in/#" -e "s#\.\./\.\./#$ROOT/#g" \
    -e "s#^tasks: 1#tasks: 4#" -e "s#bucket_tasks: 1#bucket_tasks: 2#" -e "/^out:/d" \
    Benchmarks/pipeline/bench.yaml > "$D/bench.yaml"
cat >> "$D/bench.yaml" <<'YAML'
slurm:
  extra: ['echo "sieve-bench-start $(date +%s.%N)"']
YAML

echo "== local: sieve run --workers 1" >&2
t0=$(date +%s.%N)
"$BIN" run "$D/bench.yaml" --out "$D/local" --workers 1 > /dev/null 2> "$D/local.err" \
  || { tail -20 "$D/local.err" >&2; exit 1; }
t1=$(date +%s.%N)
echo "$t0 $t1" > "$D/local.wall"

echo "== Slurm: sieve slurm submit --workers 1" >&2
t0=$(date +%s.%N)
"$BIN" slurm submit "$D/bench.yaml" --out "$D/slurm" --workers 1 > /dev/null 2> "$D/submit.err" \
  || { cat "$D/submit.err" >&2; exit 1; }
t_sub=$(date +%s.%N)
until "$BIN" status "$D/slurm" > "$D/status.txt" 2>&1; do
  if grep -q "^failed tasks" "$D/status.txt"; then cat "$D/status.txt" >&2; exit 1; fi
  sinfo -h >/dev/null 2>&1 || { echo "the Slurm cluster went away (stopped by another test run?)" >&2; exit 1; }
  sleep 0.5
done
echo "$t0 $t_sub" > "$D/slurm.wall"
cmp "$D/local/manifest.json" "$D/slurm/manifest.json" && echo "outputs identical (manifest.json)" >&2

python3 - "$D" <<'PY'
import glob, json, os, re, sys
d = sys.argv[1]
def tasks(run):
    info = json.load(open(os.path.join(run, "run.json")))
    for s in info["stages"]:
        for t in range(s["tasks"]):
            name = f"{t:05d}"
            stats = json.load(open(os.path.join(run, s["folder"], "stats", name + ".json")))
            marker = os.path.join(run, s["folder"], "done", name + ".json")
            yield s["folder"], t, stats["seconds"], os.stat(marker).st_mtime
local = list(tasks(os.path.join(d, "local")))
slurm = list(tasks(os.path.join(d, "slurm")))
l0, l1 = map(float, open(os.path.join(d, "local.wall")).read().split())
s0, s_sub = map(float, open(os.path.join(d, "slurm.wall")).read().split())
# Element start times from the batch scripts' logs (the config's `extra` line runs first).
starts = {}
for f in glob.glob(os.path.join(d, "slurm", "*", "logs", "slurm-*.out")):
    text = open(f).read()
    folder = f.split(os.sep)[-3]
    task = int(re.search(r"sieve: stage \S+ task (\d+)", text).group(1))
    starts[(folder, task)] = float(re.search(r"sieve-bench-start (\S+)", text).group(1))
elements = [end - starts[(f, t)] for f, t, _, end in slurm]
s_end = max(end for *_, end in slurm)
sum_l, sum_s, sum_e = sum(x[2] for x in local), sum(x[2] for x in slurm), sum(elements)
n = len(slurm)
print(f"tasks: {n} (array elements), {len({x[0] for x in slurm})} stage folders")
print(f"local  sieve run --workers 1: wall {l1 - l0:7.2f} s, sum of task seconds {sum_l:7.2f} s")
print(f"Slurm  one element at a time: wall {s_end - s0:7.2f} s (sbatch calls {s_sub - s0:.2f} s), "
      f"sum of task seconds {sum_s:7.2f} s, sum of element seconds {sum_e:7.2f} s")
print(f"task seconds, Slurm / local:                 {sum_s / sum_l:6.3f}")
print(f"per element, process start + config load:    {(sum_e - sum_s) / n * 1000:6.1f} ms "
      f"(elements {sum_e:.2f} s - tasks {sum_s:.2f} s, over {n})")
print(f"Slurm run without scheduling/queue, / local: {sum_e / (l1 - l0):6.3f}   "
      f"(sum of element seconds / local wall)")
print(f"scheduling + queue + launch:                 {s_end - s0 - sum_e:6.2f} s "
      f"({(s_end - s0 - sum_e) / n * 1000:.0f} ms per element)")
PY
