#!/usr/bin/env bash
# Dedup benchmark: Sieve's MinHash phases (release build, one core) vs datatrove 0.10.1's four
# MinHash stages (one task/worker) and datasketch's MinHash (signatures only) on the same synthetic
# corpus and machine. Prints phase-1 docs/s and phase 2+3 seconds, and the ratios. Usage: Benchmarks/dedup/run.sh [BASES] [WORDS]
# (defaults 8000 base documents of 300 words → ≈ 20k documents ≈ 25 MB). Needs scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
BASES=${1:-8000}
WORDS=${2:-300}
PY=.venv/bin/python
[ -x "$PY" ] || { echo "run scripts/setup.sh first (needs .venv with datatrove)" >&2; exit 1; }
swift build -c release --product sieve >/dev/null
BIN=.build/release/sieve
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
N=$($PY Benchmarks/dedup/gen.py "$WORK/corpus.jsonl" "$BASES" "$WORDS")
echo "corpus: $N documents, $(du -h "$WORK/corpus.jsonl" | cut -f1)"

# All four phases (phase 4 = the per-document output) under /usr/bin/time: wall and peak RSS.
taskset -c 0 /usr/bin/time -o "$WORK/sieve.time" -f "%e %M" "$BIN" dedup run --timings --work "$WORK/sieve" \
    "$WORK/corpus.jsonl" 2>"$WORK/sieve.err" >/dev/null
sieve_line=$(grep phase1 "$WORK/sieve.err")
echo "sieve:     $sieve_line"
(cd Tests/oracle && taskset -c 0 /usr/bin/time -o "$WORK/dt.time" -f "%e %M" "../../$PY" dedup_datatrove.py \
    "$WORK/corpus.jsonl" "$WORK/dt" 2>/dev/null | tail -1) > "$WORK/dt.json"
echo "datatrove: $(cat "$WORK/dt.json")"
taskset -c 0 $PY Benchmarks/dedup/datasketch_signatures.py "$WORK/corpus.jsonl" > "$WORK/ds.json"
echo "datasketch: $(cat "$WORK/ds.json")"
$PY - "$N" "$sieve_line" "$WORK/dt.json" "$WORK/sieve.time" "$WORK/dt.time" "$WORK/ds.json" <<'PYEOF'
import json, re, sys
n, line = int(sys.argv[1]), sys.argv[2]
dt = json.load(open(sys.argv[3]))
ds = json.load(open(sys.argv[6]))
g = lambda pat: float(re.search(pat, line).group(1))
s1, s23, c1, c23 = g(r"phase1 ([0-9.]+) s"), g(r"phase2\+3 ([0-9.]+) s"), g(r"cpu1 ([0-9.]+) s"), g(r"cpu23 ([0-9.]+) s")
sw, sm = map(float, open(sys.argv[4]).read().split()[-2:])
dw, dm = map(float, open(sys.argv[5]).read().split()[-2:])
print(f"phase 1 (signatures), wall: sieve {n/s1:,.0f} docs/s, datatrove {n/dt['phase1']:,.0f} docs/s -> {dt['phase1']/s1:.1f}x")
print(f"phase 1 (signatures), CPU:  sieve {n/c1:,.0f} docs/s/core, datatrove {n/dt['cpu1']:,.0f} docs/s/core -> {dt['cpu1']/c1:.1f}x")
print(f"signatures, CPU: sieve phase 1 {c1:.2f} s, datasketch MinHash(112).update_batch {ds['cpu']:.2f} s -> {ds['cpu']/c1:.1f}x")
print(f"phase 2+3 (pairs + clusters): wall sieve {s23:.2f} s, datatrove {dt['phase23']:.2f} s -> {dt['phase23']/s23:.1f}x; "
      f"CPU {c23:.2f} s vs {dt['cpu23']:.2f} s -> {dt['cpu23']/max(c23, 1e-3):.1f}x")
print(f"all four phases, wall: sieve {sw:.1f} s (peak RSS {sm/1024:.0f} MB), datatrove {dw:.1f} s "
      f"(peak RSS {dm/1024:.0f} MB) -> {dw/sw:.1f}x")
PYEOF

# Scale check: one cluster of 1M identical documents (exact mode, phases 1-3, bounded time/memory).
$PY -c "
import json
t=json.dumps({'text': 'the same short document repeated many many times over'})
open('$WORK/million.jsonl','w').write((t+'\n')*1000000)"
/usr/bin/time -f "1M copies (exact mode, all phases): %e s, max RSS %M KB" "$BIN" dedup run --exact --summary --work "$WORK/m" "$WORK/million.jsonl"
/usr/bin/time -f "1M copies (MinHash 14x8, all phases): %e s, max RSS %M KB" "$BIN" dedup run --summary --work "$WORK/m2" "$WORK/million.jsonl"
