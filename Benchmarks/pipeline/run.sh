#!/usr/bin/env bash
# End to end: `sieve run` (release, --workers 1, one task per stage) vs datatrove 0.10.1 (one task,
# one worker) on a generated WARC corpus (Fixtures/web/crawl-*.warc.gz replicated with new ids/URLs and
# shuffled paragraphs, gen.py). Prints decompressed MB/s and documents/s per CPU second and the ratio,
# measured on the same subset (datatrove is ~100x slower, so it gets 1 file), plus Sieve on the full corpus.
# Then `sieve audit why` on a run of 1,000,000 JSON Lines documents (extract + urlfilter dropping 10%).
# Usage: Benchmarks/pipeline/run.sh [--small] [--datatrove-full] [--repeat N]
#   default ≈ 100 MB corpus, --small ≈ 16 MB; needs scripts/setup.sh.
#   --datatrove-full: datatrove also on the full corpus (≈ 4-5 CPU min), for the ratio on identical files.
#   --repeat N: Sieve's full-corpus run N times (median reported; this VM's speed drifts by ±30%).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
MB=100; FILES=8; AUDIT_DOCS=1000000; DT_FULL=0; REPEAT=1
while [ $# -gt 0 ]; do
  case "$1" in
    --small) MB=16; FILES=4; AUDIT_DOCS=100000 ;;
    --datatrove-full) DT_FULL=1 ;;
    --repeat) REPEAT=${2:?--repeat needs a count}; shift ;;
    *) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done
PY=.venv/bin/python
[ -x "$PY" ] && [ -f .assets/langid/lid.176.ftz ] && [ -f .assets/tokenize/tekken_240718.json ] \
  || { echo "run scripts/setup.sh first (needs .venv with datatrove and .assets)" >&2; exit 1; }
swift build -c release --product sieve >&2
BIN=$ROOT/.build/release/sieve
D=$ROOT/.build/bench-pipeline
rm -rf "$D"; mkdir -p "$D"

# tekken as a tokenizer.json for datatrove's DocumentTokenizer (same conversion and cache as
# Benchmarks/tokenize).
HF=${HF_TOKENIZER:-.assets/tokenize/bench/tekken_hf_tokenizer.json}  # override: an existing conversion
if [ ! -f "$HF" ]; then
  mkdir -p .assets/tokenize/bench
  echo '{"text": "warm up"}' > "$D/tiny.jsonl"
  $PY Benchmarks/tokenize/bench.py .assets/tokenize/tekken_240718.json "$D/tiny.jsonl" .assets/tokenize/bench >/dev/null
fi

echo "== corpus" >&2
$PY Benchmarks/pipeline/gen.py "$D/full" "$MB" "$FILES" | tee "$D/corpus.json" >&2
mkdir -p "$D/subset"; cp "$D/full/bench-00000.warc.gz" "$D/subset/"
sed -e "s#\.\./\.\./\.build/bench-pipeline/full/#$D/subset/#" -e "s#\.\./\.\./#$ROOT/#g" \
  Benchmarks/pipeline/bench.yaml > "$D/subset.yaml"
sed -e "s#\.\./\.\./#$ROOT/#g" Benchmarks/pipeline/bench.yaml > "$D/full.yaml"

# cpu_run NAME CMD...: runs CMD on core 0, prints {"name","cpu","wall"} (user+sys of the process tree).
cpu_run() {
  local name=$1; shift
  /usr/bin/time -f "{\"name\": \"$name\", \"user\": %U, \"sys\": %S, \"wall\": %e, \"maxrss_kb\": %M}" \
    -o "$D/$name.time" taskset -c 0 "$@" > "$D/$name.out" 2> "$D/$name.err" \
    || { echo "$name failed:" >&2; tail -20 "$D/$name.err" >&2; exit 1; }
  cat "$D/$name.time" >&2
}

echo "== sieve (subset, full) and datatrove (subset), one core each" >&2
cpu_run sieve-subset "$BIN" run "$D/subset.yaml" --out "$D/sieve-subset" --workers 1
"$BIN" audit summary "$D/sieve-subset" --json > "$D/sieve-subset.summary.json"
for k in $(seq 1 "$REPEAT"); do
  rm -rf "$D/sieve-full"
  cpu_run "sieve-full-$k" "$BIN" run "$D/full.yaml" --out "$D/sieve-full" --workers 1
done
# The run with the median CPU time stands for Sieve's full-corpus row.
$PY - "$D" "$REPEAT" <<'PY'
import json, os, shutil, sys
d, n = sys.argv[1], int(sys.argv[2])
runs = sorted((json.load(open(os.path.join(d, f"sieve-full-{k}.time"))) for k in range(1, n + 1)),
              key=lambda t: t["user"] + t["sys"])
json.dump(runs[(n - 1) // 2], open(os.path.join(d, "sieve-full.time"), "w"))
if n > 1:
    print("sieve-full CPU s over %d runs: %s" % (n, ", ".join("%.2f" % (t["user"] + t["sys"]) for t in runs)))
PY
"$BIN" audit summary "$D/sieve-full" --json > "$D/sieve-full.summary.json"
cpu_run datatrove-subset $PY Benchmarks/pipeline/datatrove_pipeline.py "$D/subset" "$D/dt" \
  .assets/langid/lid.176.ftz "$HF"
if [ "$DT_FULL" = 1 ]; then
  cpu_run datatrove-full $PY Benchmarks/pipeline/datatrove_pipeline.py "$D/full" "$D/dt-full" \
    .assets/langid/lid.176.ftz "$HF"
fi

$PY - "$D" <<'PY'
import glob, gzip, json, os, sys
d = sys.argv[1]
def size(folder):
    """(decompressed bytes, response records) of the .warc.gz files in folder."""
    n = b = 0
    for f in glob.glob(os.path.join(folder, "*.warc.gz")):
        data = gzip.open(f).read()
        b += len(data)
        n += data.count(b"\r\nWARC-Type: response\r\n")
    return b, n
def cpu(name):
    t = json.load(open(os.path.join(d, name + ".time")))
    return t["user"] + t["sys"]
def funnel(name):
    s = json.load(open(os.path.join(d, name + ".summary.json")))
    return s
corpus = json.load(open(os.path.join(d, "corpus.json")))
(sub_bytes, sub_docs), full_bytes = size(os.path.join(d, "subset")), corpus["bytes"]
dt = json.loads(open(os.path.join(d, "datatrove-subset.out")).read().strip().splitlines()[-1])
rows = []
for name, b, n in (("sieve-subset", sub_bytes, sub_docs), ("sieve-full", full_bytes, corpus["records"]),
                   ("datatrove-subset", sub_bytes, sub_docs)):
    c = cpu(name)
    rows.append((name, b, n, c))
    print(f"{name:<18} {b / 1e6:8.1f} MB {n:8d} docs  {c:8.1f} CPU s  {b / 1e6 / c:8.2f} MB/s  {n / c:9.1f} docs/s")
s, f, p = rows
print(f"ratio on the same subset (datatrove CPU s / sieve CPU s): {p[3] / s[3]:.1f}x")
print(f"ratio sieve full-corpus rate vs datatrove subset rate:     {(f[1] / f[3]) / (p[1] / p[3]):.1f}x")
print(f"datatrove: {dt['documents_read']} documents read, {dt['documents_tokenized']} tokenized")
if os.path.exists(os.path.join(d, "datatrove-full.time")):
    c = cpu("datatrove-full")
    print(f"{'datatrove-full':<18} {full_bytes / 1e6:8.1f} MB {corpus['records']:8d} docs  {c:8.1f} CPU s  "
          f"{full_bytes / 1e6 / c:8.2f} MB/s  {corpus['records'] / c:9.1f} docs/s")
    print(f"ratio on the same full corpus (datatrove CPU s / sieve CPU s): {c / f[3]:.1f}x")
json.dump({"rows": rows, "datatrove": dt}, open(os.path.join(d, "result.json"), "w"))
PY
for r in sieve-subset sieve-full; do
  $PY - "$D/$r.summary.json" "$r" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(sys.argv[2] + " funnel: " + ", ".join(f"{x['stage']} {x['counts']['documents_in']}->{x['counts']['kept']}"
                                             for x in s["stages"] if x["counts"]["documents_in"]))
import glob, os
d = os.path.join(os.path.dirname(sys.argv[1]), sys.argv[2])
t = [(f.split(os.sep)[-3], json.load(open(f))["seconds"]) for f in sorted(glob.glob(f"{d}/*/stats/*.json"))]
print(sys.argv[2] + " seconds per stage (wall, one task): " + ", ".join(f"{n} {x:.2f}" for n, x in t))
PY
done
$PY -c "import json,sys; d=json.loads(open(sys.argv[1]).read().strip().splitlines()[-1]); print('datatrove-subset funnel: ' + ', '.join(f'{n} {a}->{b}' for n, a, b in d['funnel']))" "$D/datatrove-subset.out"

echo "== audit why on $AUDIT_DOCS documents" >&2
A=$D/audit
mkdir -p "$A"
$PY - "$A/docs.jsonl" "$AUDIT_DOCS" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    for i in range(n):
        host = "blocked.example.org" if i % 10 == 3 else f"host{i % 997}.example.com"
        f.write(f'{{"id": "doc-{i:07d}", "text": "Document number {i} has a short text of a few words.", '
                f'"metadata": {{"url": "https://{host}/page/{i}"}}}}\n')
PY
cat > "$A/audit.yaml" <<EOF
name: audit-bench
inputs:
  - docs.jsonl
out: run
tasks: 1
stages:
  - extract:   {}
  - urlfilter: {domains: [blocked.example.org]}
EOF
cpu_run audit-run "$BIN" run "$A/audit.yaml" --out "$A/run" --workers 1
dropped=doc-$(printf %07d $((AUDIT_DOCS / 2 + 3 - (AUDIT_DOCS / 2) % 10)))
kept=doc-$(printf %07d $((AUDIT_DOCS - 1)))
for id in "$dropped" "$kept"; do
  /usr/bin/time -f "%e s wall, %U+%S s CPU" -o "$A/why.time" "$BIN" audit why "$A/run" "$id" > "$A/why.out"
  echo "audit why $id: $(cat "$A/why.time")   ($(head -c 160 "$A/why.out" | tr '\n' ' '))"
done
