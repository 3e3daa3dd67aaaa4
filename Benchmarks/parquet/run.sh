#!/usr/bin/env bash
# Parquet reading speed: Sieve (`sieve parquet scan --columns text`, release) vs pyarrow single thread
# (`ParquetFile.iter_batches(columns=["text"], use_threads=False)`), decoding the text column of a
# generated FineWeb-shaped file (~200 MB of text; snappy and zstd). Prints rows/s, MB/s and ratios.
# Usage: Benchmarks/parquet/run.sh [TARGET_MB]
set -euo pipefail
cd "$(dirname "$0")/../.."
TARGET_MB=${1:-200}
PY=.venv/bin/python
DATA=.build/bench-parquet
[ -x "$PY" ] || { echo "run scripts/setup.sh first (.venv with pyarrow)" >&2; exit 2; }
swift build -c release --product sieve >&2
SIEVE=$(swift build -c release --show-bin-path)/sieve
mkdir -p "$DATA"
for codec in snappy zstd; do
  f="$DATA/bench-$TARGET_MB-$codec.parquet"
  [ -f "$f" ] || "$PY" Benchmarks/parquet/gen.py "$f" "$TARGET_MB" "$codec"
done
measure() {  # best of 3: "WALL_SECONDS CPU_SECONDS" (CPU = user + sys; the machine may be shared)
  local bw="" bcpu="" out w u s c
  for _ in 1 2 3; do
    out=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>&1 )
    read -r w u s <<<"$out"
    c=$(echo "$u + $s" | bc -l)
    if [ -z "$bw" ] || [ "$(echo "$w < $bw" | bc -l)" = 1 ]; then bw=$w; fi
    if [ -z "$bcpu" ] || [ "$(echo "$c < $bcpu" | bc -l)" = 1 ]; then bcpu=$c; fi
  done
  echo "$bw $bcpu"
}
rate() { echo "$1 / $2" | bc -l; }
for codec in snappy zstd; do
  f="$DATA/bench-$TARGET_MB-$codec.parquet"
  read -r rows bytes _ <<<"$("$PY" Benchmarks/parquet/read_py.py "$f")"
  srows=$("$SIEVE" parquet scan "$f" --columns text | sed 's/.*"rows":\([0-9]*\).*/\1/')
  [ "$srows" = "$rows" ] || { echo "row counts differ: sieve $srows, pyarrow $rows" >&2; exit 1; }
  mb=$(echo "$bytes / 1000000" | bc -l)
  read -r sw sc <<<"$(measure "$SIEVE" parquet scan "$f" --columns text)"
  read -r pw pc <<<"$(measure "$PY" Benchmarks/parquet/read_py.py "$f")"
  printf '%s: %s rows, %.0f MB of text, file %.0f MB; by wall clock and by CPU time\n' \
    "$(basename "$f")" "$rows" "$mb" "$(echo "$(stat -c %s "$f") / 1000000" | bc -l)"
  printf '  sieve    rows/s wall %9.0f cpu %9.0f   MB/s wall %7.1f cpu %7.1f\n' \
    "$(rate "$rows" "$sw")" "$(rate "$rows" "$sc")" "$(rate "$mb" "$sw")" "$(rate "$mb" "$sc")"
  printf '  pyarrow  rows/s wall %9.0f cpu %9.0f   MB/s wall %7.1f cpu %7.1f\n' \
    "$(rate "$rows" "$pw")" "$(rate "$rows" "$pc")" "$(rate "$mb" "$pw")" "$(rate "$mb" "$pc")"
  printf '  sieve/pyarrow  wall %.2fx  cpu %.2fx   (whole processes: pyarrow pays ~0.3 s CPU for Python + import)\n' \
    "$(echo "$pw / $sw" | bc -l)" "$(echo "$pc / $sc" | bc -l)"
  # The reading loop alone, best of 3: CPU seconds around pyarrow's iter_batches and Sieve's scan.
  best_p="" best_s=""
  for _ in 1 2 3; do
    read -r _ _ t <<<"$("$PY" Benchmarks/parquet/read_py.py "$f")"
    s=$("$SIEVE" parquet scan "$f" --columns text | sed 's/.*"cpu_seconds":\([0-9.e-]*\).*/\1/')
    if [ -z "$best_p" ] || [ "$(echo "$t < $best_p" | bc -l)" = 1 ]; then best_p=$t; fi
    if [ -z "$best_s" ] || [ "$(echo "$s < $best_s" | bc -l)" = 1 ]; then best_s=$s; fi
  done
  printf '  reading loop only (CPU): sieve %.1f MB/s, pyarrow %.1f MB/s   sieve/pyarrow %.2fx\n' \
    "$(rate "$mb" "$best_s")" "$(rate "$mb" "$best_p")" "$(echo "$best_p / $best_s" | bc -l)"
done
