#!/usr/bin/env bash
# Dedup benchmark: Sieve's MinHash phases (release build, one core) vs datatrove 0.10.1's four
# MinHash stages (one task/worker) on the same synthetic corpus and machine. Prints phase-1 docs/s
# and phase 2+3 seconds for both, and the ratios. Usage: Benchmarks/dedup/run.sh [BASES] [WORDS]
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

sieve_line=$(taskset -c 0 "$BIN" dedup run --timings --summary --work "$WORK/sieve" "$WORK/corpus.jsonl" 2>&1 >/dev/null)
echo "sieve:     $sieve_line"
s1=$(echo "$sieve_line" | sed -E 's/.*phase1 ([0-9.]+) s.*/\1/')
s23=$(echo "$sieve_line" | sed -E 's/.*phase2\+3 ([0-9.]+) s.*/\1/')

dt_json=$(cd Tests/oracle && taskset -c 0 "../../$PY" dedup_datatrove.py "$WORK/corpus.jsonl" "$WORK/dt" 2>/dev/null | tail -1)
echo "datatrove: $dt_json"
$PY - "$N" "$s1" "$s23" "$dt_json" <<'PYEOF'
import json, sys
n, s1, s23, dt = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), json.loads(sys.argv[4])
print(f"phase 1 (signatures): sieve {n/s1:,.0f} docs/s, datatrove {n/dt['phase1']:,.0f} docs/s "
      f"-> {dt['phase1']/s1:.1f}x")
print(f"phase 2+3 (pairs + clusters): sieve {s23:.2f} s, datatrove {dt['phase23']:.2f} s -> {dt['phase23']/s23:.1f}x")
PYEOF

# Scale check: one cluster of 1M identical documents (exact mode, phases 1-3, bounded time/memory).
$PY -c "
import json
t=json.dumps({'text': 'the same short document repeated many many times over'})
open('$WORK/million.jsonl','w').write((t+'\n')*1000000)"
/usr/bin/time -f "1M copies (exact mode, all phases): %e s, max RSS %M KB" "$BIN" dedup run --exact --summary --work "$WORK/m" "$WORK/million.jsonl"
/usr/bin/time -f "1M copies (MinHash 14x8, all phases): %e s, max RSS %M KB" "$BIN" dedup run --summary --work "$WORK/m2" "$WORK/million.jsonl"
