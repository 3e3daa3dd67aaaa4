#!/usr/bin/env bash
# What a run with many tasks pays for their number, not for their data: TASKS tiny JSON Lines
# inputs (5 documents each) through urlfilter -> extract -> pii with `tasks: TASKS`, release build.
# Reported per binary:
#   - `sieve run --workers 2`: wall seconds and each stage's sum of task seconds (stats/);
#   - one array element, as Slurm runs it (`sieve stage extract --task 7` after removing that
#     task's marker): mean wall ms of 5, and its system calls by kind (strace -c, when installed).
# With BASELINE (another sieve binary, e.g. a release build of an older commit), the same is
# measured for it and both run directories are compared (`diff -r -x stats -x logs`).
# Usage: Benchmarks/scale/run.sh [TASKS] [BASELINE]      (default 2000)
set -euo pipefail
cd "$(dirname "$0")/../.."
TASKS=${1:-2000}
BASELINE=${2:-}
swift build -c release --product sieve >&2
D=$PWD/.build/bench-scale
rm -rf "$D"; mkdir -p "$D/in"
python3 - "$D/in" "$TASKS" <<'PY'
import json, sys
d, n = sys.argv[1], int(sys.argv[2])
for f in range(n):
    with open(f"{d}/p{f:05d}.jsonl", "w") as fh:
        for i in range(5):
            fh.write(json.dumps({"id": f"{f}-{i}", "text": f"doc {i} of {f} " * 10,
                                 "metadata": {"url": f"https://s{i}.example.org/{f}"}}) + "\n")
PY
cat > "$D/p.yaml" <<YAML
inputs: [in/*.jsonl]
tasks: $TASKS
stages:
  - urlfilter: {domains: [x.example]}
  - extract: {}
  - pii: {kinds: [email]}
YAML

measure() {  # NAME BINARY
  local name=$1 bin=$2 out=$D/run-$1
  local t0 t1
  t0=$(date +%s%N)
  (cd "$D" && "$bin" run p.yaml --out "$out" --workers 2 >/dev/null 2>&1)
  t1=$(date +%s%N)
  python3 - "$name" "$out" "$(( (t1 - t0) / 1000000 ))" <<'PY'
import collections, glob, json, sys
name, out, ms = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = collections.OrderedDict()
for f in sorted(glob.glob(f"{out}/*/stats/*.json")):
    st = f.split("/")[-3]
    s[st] = s.get(st, 0) + json.load(open(f))["seconds"]
print(f"{name:9} sieve run --workers 2: {ms / 1000:7.2f} s wall; task seconds: "
      + ", ".join(f"{k} {v:.1f}" for k, v in s.items()))
PY
  local total=0 i s e
  for i in 1 2 3 4 5; do
    rm -f "$out/02-extract/done/00007.json" "$out/manifest.json"
    s=$(date +%s%N)
    (cd "$D" && "$bin" stage extract --config p.yaml --out "$out" --task 7 2>/dev/null)
    e=$(date +%s%N)
    total=$(( total + (e - s) / 1000 ))
  done
  echo "$name one element (sieve stage extract --task 7): $(python3 -c "print(round($total / 5000, 1))") ms (mean of 5)"
  if command -v strace >/dev/null; then
    rm -f "$out/02-extract/done/00007.json"
    (cd "$D" && strace -f -c -o "$D/strace-$name.txt" "$bin" stage extract --config p.yaml --out "$out" --task 7 2>/dev/null)
    # strace -c columns: % time, seconds, usecs/call, calls, [errors], syscall.
    awk -v n="$name" '$NF ~ /^(newfstatat|statx|stat|openat|getdents64)$/ { printf "%-9s   %s: %s calls\n", n, $NF, $4 }' \
      "$D/strace-$name.txt"
  fi
}

echo "$TASKS tasks of 5 documents each, 3 stages"
measure sieve "$PWD/.build/release/sieve"
if [ -n "$BASELINE" ]; then
  measure baseline "$BASELINE"
  if diff -r -x stats -x logs "$D/run-sieve" "$D/run-baseline" >/dev/null; then echo "outputs: identical"
  else echo "outputs: DIFFER"; exit 1; fi
fi
