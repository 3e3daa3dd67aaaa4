#!/usr/bin/env bash
# HTML → text: pages/s on one core for Sieve (release) vs trafilatura 2.3.1 and resiliparse,
# on the real pages of scripts/assets/extract.sh (repeated), plus token F1 against trafilatura.
# Rates are per CPU second of the process (the machine may be shared with other jobs).
# Usage: Benchmarks/extract/run.sh [SIEVE_REPEAT=100] [PY_REPEAT=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
SIEVE_REPEAT=${1:-100}
PY_REPEAT=${2:-3}
[ -x .venv/bin/python ] || scripts/setup.sh --no-assets
bash scripts/assets/extract.sh
swift build -c release --product sieve >&2
BIN=.build/release/sieve
PAGES=(.assets/extract/pages/*.html)
echo "pages: ${#PAGES[@]} ($(cat "${PAGES[@]}" | wc -c) bytes); Sieve repeats ${SIEVE_REPEAT}x, Python ${PY_REPEAT}x (1 core each)"

sieve_rate=$(taskset -c 0 "$BIN" html --quiet --repeat "$SIEVE_REPEAT" "${PAGES[@]}" 2>&1 >/dev/null | grep -o "[0-9.]* pages/s" | cut -d" " -f1)
echo "sieve:       $sieve_rate pages/s"

read -r traf_rate resi_rate < <(taskset -c 0 .venv/bin/python - "$PY_REPEAT" "${PAGES[@]}" <<'PY'
import sys, time
import trafilatura
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.encoding import bytes_to_str, detect_encoding
rep = int(sys.argv[1]); data = [open(p, "rb").read() for p in sys.argv[2:]]
def rate(fn, rep):
    t = time.process_time()
    for _ in range(rep):
        for d in data: fn(d)
    return len(data) * rep / (time.process_time() - t)
tr = rate(lambda d: trafilatura.extract(d, favor_precision=True, include_comments=False, deduplicate=True), rep)
rs = rate(lambda d: extract_plain_text(bytes_to_str(d, detect_encoding(d)), main_content=True), rep * 10)
print(f"{tr:.1f} {rs:.1f}")
PY
)
echo "trafilatura: $traf_rate pages/s"
echo "resiliparse: $resi_rate pages/s"
awk -v s="$sieve_rate" -v t="$traf_rate" -v r="$resi_rate" 'BEGIN {
  printf "speed ratio sieve/trafilatura: %.1fx   sieve/resiliparse: %.2fx\n", s/t, s/r }'

echo "token F1 against trafilatura (pages where trafilatura returns text):"
.venv/bin/python - "$BIN" "${PAGES[@]}" <<'PY'
import statistics, sys
sys.path.insert(0, "Benchmarks/extract")
import compare
rows = [r for r in compare.compare(sys.argv[1], sys.argv[2:], with_resiliparse=True) if r["ref_tokens"] > 0]
for k in ("f1_sieve", "f1_resiliparse"):
    v = [r[k] for r in rows]
    print(f"  {k[3:]:12s} mean {statistics.mean(v):.3f}  median {statistics.median(v):.3f}  ({len(v)} pages)")
PY
