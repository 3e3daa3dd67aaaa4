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
best() {  # best of 3 wall-clock seconds of a command
  local b=""
  for _ in 1 2 3; do
    local s e t
    s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}
for f in "$DATA/bench-$TARGET_MB.warc.gz" "$DATA/bench-$TARGET_MB.warc"; do
  mb=$(echo "$(zcat -f "$f" | wc -c) / 1048576" | bc -l)
  ts=$(best "$SIEVE" warc index --decode "$f")
  tw=$(best "$VENV/bin/python" Benchmarks/warc/read_py.py warcio "$f")
  tf=$(best "$VENV/bin/python" Benchmarks/warc/read_py.py fastwarc "$f")
  printf '%s (%.0f MB decompressed, %s records)\n' "$(basename "$f")" "$mb" "$("$SIEVE" warc index "$f" | wc -l)"
  printf '  sieve    %7.1f MB/s\n' "$(echo "$mb / $ts" | bc -l)"
  printf '  warcio   %7.1f MB/s   sieve/warcio   %.2fx\n' "$(echo "$mb / $tw" | bc -l)" "$(echo "$tw / $ts" | bc -l)"
  printf '  fastwarc %7.1f MB/s   sieve/fastwarc %.2fx\n' "$(echo "$mb / $tf" | bc -l)" "$(echo "$tf / $ts" | bc -l)"
done
