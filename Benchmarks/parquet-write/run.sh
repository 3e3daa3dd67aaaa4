#!/usr/bin/env bash
# Parquet writing benchmark: Sieve's native writer (`sieve parquet write`, release build, one core,
# zstd level 3, 10k-row groups) vs pyarrow.parquet.write_table(compression="zstd") on the same rows,
# timing only the writing. Usage: Benchmarks/parquet-write/run.sh [N] (default 100000 documents
# ≈ 200 MB of text). Needs scripts/setup.sh (.venv with pyarrow and numpy).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-100000}
PY=.venv/bin/python
[ -x "$PY" ] || { echo "run scripts/setup.sh first (needs .venv with pyarrow)" >&2; exit 1; }
swift build -c release --product sieve >/dev/null
BIN=.build/release/sieve
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
$PY Benchmarks/parquet-write/gen.py "$WORK/docs.jsonl" "$N" >/dev/null
TEXT=$($PY -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1], encoding='utf-8')))" "$WORK/docs.jsonl")
echo "input: $N documents, $TEXT bytes of text, $(du -h "$WORK/docs.jsonl" | cut -f1) of JSON Lines"
best=""
for _ in 1 2; do
  s=$(taskset -c 0 "$BIN" parquet write "$WORK/sieve.parquet" --row-group-rows 10000 --compression zstd --zstd-level 3 --timings \
      < "$WORK/docs.jsonl" 2>&1 >/dev/null | sed -n 's/^write_seconds //p')
  if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; fi
done
SIZE=$(stat -c %s "$WORK/sieve.parquet")
PYRES=$(taskset -c 0 $PY Benchmarks/parquet-write/pyarrow_write.py "$WORK/sieve.parquet" "$WORK/docs.jsonl" "$WORK")
$PY - "$TEXT" "$best" "$SIZE" "$PYRES" <<'PYEOF'
import json, sys
text, s, size, py = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), json.loads(sys.argv[4])
mb = text / 1e6
print(f"sieve (PLAIN, zstd 3):           {s:6.2f} s  {mb / s:7.1f} MB/s of text  file {size / 1e6:7.1f} MB")
for name, r in py.items():
    print(f"{name:32s} {r['seconds']:6.2f} s  {mb / r['seconds']:7.1f} MB/s of text  file {r['bytes'] / 1e6:7.1f} MB"
          f"  -> sieve {r['seconds'] / s:.2f}x its speed")
PYEOF
