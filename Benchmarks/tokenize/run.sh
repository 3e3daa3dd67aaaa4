#!/usr/bin/env bash
# Single-core tokenization speed with tekken: Sieve vs tiktoken (tekken as a tiktoken Encoding) and
# Hugging Face tokenizers (tekken converted to tokenizer.json), on the same texts: the 755 UDHR
# samples of gflanguages plus seeded fuzz, repeated to ~REPEAT× (default 8). Encode time only
# (load and I/O excluded on every side). Prints MB/s and ratios. Needs scripts/setup.sh first.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPEAT=${REPEAT:-8}
T=.assets/tokenize
[ -f "$T/tekken_240718.json" ] || { echo "run scripts/setup.sh first (tokenizer assets missing)" >&2; exit 1; }
swift build -c release --product sieve >&2
BIN=.build/release/sieve
W=$T/bench
mkdir -p "$W"
.venv/bin/python - "$T/languages" "$W/data.jsonl" "$REPEAT" <<'PY'
import json, sys
sys.path.insert(0, "Tests/oracle")
from tokenize_corpus import udhr_texts, fuzz_texts
texts = udhr_texts(sys.argv[1]) + fuzz_texts()
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for _ in range(int(sys.argv[3])):
        for t in texts:
            f.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")
PY
echo "data: $(wc -l < "$W/data.jsonl") texts, $(stat -c %s "$W/data.jsonl") bytes of JSONL" >&2
taskset -c 0 "$BIN" tokenize --tokenizer "$T/tekken_240718.json" --timing < "$W/data.jsonl" > "$W/sieve.out" 2> "$W/sieve.timing"
taskset -c 0 .venv/bin/python Benchmarks/tokenize/bench.py "$T/tekken_240718.json" "$W/data.jsonl" "$W" > "$W/py.json"
.venv/bin/python - "$W/sieve.timing" "$W/py.json" "$W/sieve.out" <<'PY'
import json, sys
s = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
py = [json.loads(l) for l in open(sys.argv[2]) if '"impl"' in l]
sieve_tokens = sum(len(json.loads(l)["ids"]) for l in open(sys.argv[3]))
print(f"sieve          {s['mb_per_s']:8.2f} MB/s  ({s['bytes']} bytes, {sieve_tokens} tokens, load {s['load_seconds']:.2f}s)")
for p in py:
    print(f"{p['impl']:<14} {p['mb_per_s']:8.2f} MB/s  ({p['tokens']} tokens)   sieve/{p['impl']} = {s['mb_per_s'] / p['mb_per_s']:.2f}x")
    if p["tokens"] != sieve_tokens:
        print(f"  WARNING: token count differs from sieve ({p['tokens']} vs {sieve_tokens})")
PY
