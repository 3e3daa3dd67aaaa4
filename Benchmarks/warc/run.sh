#!/usr/bin/env bash
# WARC reading speed: Sieve (`sieve warc index --decode`, release) vs warcio 1.8.1 and fastwarc 2.0.0
# (auto_decode="all"), iterating every record with its decoded payload, on a generated
# Common Crawl-like WARC (~200 MB decompressed; .warc.gz and .warc). Prints decompressed MB/s and ratios.
# Usage: Benchmarks/warc/run.sh [TARGET_MB]
set -euo pipefail
cd "$(dirname "$0")/../.."
TARGET_MB=${1:-200}
VENV=.venv-warc-bench
DATA=.build/bench-warc
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
"$VENV/bin/pip" install -q --disable-pip-version-check warcio==1.8.1 fastwarc==2.0.0
swift build -c release --product sieve >&2
SIEVE=$(swift build -c release --show-bin-path)/sieve
mkdir -p "$DATA"
if [ ! -f "$DATA/bench-$TARGET_MB.warc" ]; then
  echo "generating ~${TARGET_MB} MB WARC…" >&2
  "$VENV/bin/python" Benchmarks/warc/gen.py "$DATA/bench-$TARGET_MB" "$TARGET_MB"
fi
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
for f in "$DATA/bench-$TARGET_MB.warc.gz" "$DATA/bench-$TARGET_MB.warc"; do
  mb=$(echo "$(zcat -f "$f" | wc -c) / 1048576" | bc -l)
  read -r sw sc <<<"$(measure "$SIEVE" warc index --decode "$f")"
  read -r ww wc <<<"$(measure "$VENV/bin/python" Benchmarks/warc/read_py.py warcio "$f")"
  read -r fw fc <<<"$(measure "$VENV/bin/python" Benchmarks/warc/read_py.py fastwarc "$f")"
  printf '%s (%.0f MB decompressed, %s records); MB/s by wall clock and by CPU time\n' \
    "$(basename "$f")" "$mb" "$("$SIEVE" warc index "$f" | wc -l)"
  printf '  sieve    wall %7.1f  cpu %7.1f\n' "$(rate "$mb" "$sw")" "$(rate "$mb" "$sc")"
  printf '  warcio   wall %7.1f  cpu %7.1f   sieve/warcio   wall %.2fx cpu %.2fx\n' \
    "$(rate "$mb" "$ww")" "$(rate "$mb" "$wc")" "$(rate "$ww" "$sw")" "$(rate "$wc" "$sc")"
  printf '  fastwarc wall %7.1f  cpu %7.1f   sieve/fastwarc wall %.2fx cpu %.2fx\n' \
    "$(rate "$mb" "$fw")" "$(rate "$mb" "$fc")" "$(rate "$fw" "$sw")" "$(rate "$fc" "$sc")"
done
