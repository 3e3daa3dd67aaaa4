#!/usr/bin/env bash
# `sieve audit why` on a run of 1,000,000 documents (issue 8): generates 1M JSON Lines documents
# (gen.py, 8 files), runs `urlfilter` (drops every tenth) + `quality` (gopher_quality drops every
# twentieth) with 8 tasks, then times `sieve audit why` (release build) for a document dropped by
# urlfilter, one dropped by quality, one kept (the last of the input) and an id that is not in the
# run; best of 3 wall and CPU seconds each. For scale it also times a plain full scan of every
# output (`zstd -dc | grep -F`), what a search without an index or narrowing has to read at least.
# Usage: Benchmarks/audit/run.sh [--reuse] [DOCS]      (default 1000000; --reuse: keep the last run)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
REUSE=0
if [ "${1:-}" = "--reuse" ]; then REUSE=1; shift; fi
N=${1:-1000000}
swift build -c release --product sieve >&2
BIN=$ROOT/.build/release/sieve
D=$ROOT/.build/bench-audit
if [ "$REUSE" = 1 ] && [ -f "$D/run/manifest.json" ]; then
  echo "== reusing $D/run" >&2
else
rm -rf "$D"; mkdir -p "$D/in"
echo "== generating $N documents" >&2
python3 Benchmarks/audit/gen.py "$D/in" "$N" 8
cat > "$D/pipeline.yaml" <<YAML
name: audit-bench
inputs: [in/*.jsonl]
tasks: 8
stages:
  - urlfilter: {domains: [blocked.example.org]}
  - quality:   {filters: [gopher_quality]}
YAML
echo "== sieve run (2 workers)" >&2
/usr/bin/time -f "run: %e s wall, %U s user, %S s sys" "$BIN" run "$D/pipeline.yaml" --out "$D/run" --workers 2 \
  > /dev/null 2> "$D/run.err" || { tail -20 "$D/run.err" >&2; exit 1; }
tail -1 "$D/run.err" >&2
"$BIN" audit summary "$D/run" | head -8 >&2
fi
du -sh "$D/run" >&2

last=$(printf 'doc-%07d' $((N - 1)))
mid=$((N / 2 / 20 * 20))
drop_url=$(printf 'doc-%07d' $((mid + 3)))
drop_quality=$(printf 'doc-%07d' $((mid + 7)))

# best NAME CMD...: best of 3 (wall, user+sys) of CMD.
best() {
  local name=$1; shift
  local b_wall=999999 b_cpu=0
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %U %S" -o "$D/t" "$@" > "$D/$name.out" 2>/dev/null || true
    read -r w u s < <(tail -1 "$D/t")  # after "Command exited with non-zero status" when not found
    if awk "BEGIN{exit !($w < $b_wall)}"; then b_wall=$w; b_cpu=$(awk "BEGIN{print $u + $s}"); fi
  done
  printf '%-34s %7.2f s wall %7.2f s CPU   %s\n' "$name" "$b_wall" "$b_cpu" "$(head -c 100 "$D/$name.out" | head -1)"
}
echo "== sieve audit why (best of 3)"
best "dropped by urlfilter ($drop_url)" "$BIN" audit why "$D/run" "$drop_url"
best "dropped by quality ($drop_quality)" "$BIN" audit why "$D/run" "$drop_quality"
best "kept, last in input ($last)" "$BIN" audit why "$D/run" "$last"
best "not in the run (doc-9999999x)" "$BIN" audit why "$D/run" "doc-9999999x"
best "by URL (kept, $last)" "$BIN" audit why "$D/run" "https://site$(( (N - 1) % 97 )).example.com/page/$((N - 1))"
echo "== for scale: a full scan of every output file"
best "zstd -dc all outputs | grep -F" sh -c "zstd -dc $D/run/*/data/*.zst $D/run/*/removed/*.zst | grep -F -c '\"$last\"'"
