#!/usr/bin/env bash
# Language-identification speed: `sieve langid` vs fastText's Python predict (fasttext-numpy2),
# single core, same texts (gflanguages UDHR samples, cycled to N documents), same model lid.176.ftz.
# Sieve is timed end to end (process start, model load, JSON Lines in/out); Python only in its
# predict loop (model loaded, texts in memory), so the ratio is conservative for Sieve. Both are
# measured in CPU time (user + system), which a busy shared machine distorts less than wall time.
# Usage: Benchmarks/langid/run.sh [N=200000]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-200000}
scripts/setup.sh --no-assets >/dev/null
bash scripts/assets/langid.sh
swift build -c release --product sieve 2>&1 | tail -1
MODEL=.assets/langid/lid.176.ftz
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

.venv/bin/python - "$N" "$WORK/docs.jsonl" <<'PY'
import json, pathlib, re, sys
n, out = int(sys.argv[1]), sys.argv[2]
texts = []
pat = re.compile(r'^\s*(tester|poster_md|specimen_16): "((?:[^"\\]|\\.)*)"\s*$', re.M)
for f in sorted(pathlib.Path(".assets/langid/udhr").glob("*.textproto")):
    body = f.read_text(encoding="utf-8")
    if "sample_text" in body:
        for m in pat.finditer(body[body.index("sample_text"):]):
            texts.append(m.group(2).encode().decode("unicode_escape").encode("latin-1").decode("utf-8", "replace"))
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        f.write(json.dumps({"text": texts[i % len(texts)]}, ensure_ascii=False) + "\n")
PY
BYTES=$(stat -c %s "$WORK/docs.jsonl")
echo "documents: $N ($((BYTES / 1000000)) MB of JSON Lines)"

PY_DPS=$(taskset -c 0 .venv/bin/python - "$MODEL" "$WORK/docs.jsonl" <<'PY'
import json, sys, time
import fasttext
m = fasttext.load_model(sys.argv[1])
texts = [json.loads(l)["text"].replace("\n", " ") for l in open(sys.argv[2], encoding="utf-8")]
t = time.process_time()
for s in texts:
    m.predict(s, k=1)
dt = time.process_time() - t
print(f"{len(texts) / dt:.0f}")
PY
)
/usr/bin/time -f "%U %S" -o "$WORK/time" taskset -c 0 .build/release/sieve langid --model "$MODEL" -k 1 \
  < "$WORK/docs.jsonl" > "$WORK/out.jsonl"
SIEVE_DPS=$(awk -v n="$N" '{ printf "%.0f", n / ($1 + $2) }' "$WORK/time")
echo "fastText python predict (k=1, loop only): $PY_DPS docs/s per CPU-second"
echo "sieve langid (k=1, end to end):           $SIEVE_DPS docs/s per CPU-second"
python3 -c "print(f'ratio sieve/fasttext: {$SIEVE_DPS / $PY_DPS:.2f}x')"
