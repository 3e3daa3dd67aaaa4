#!/usr/bin/env bash
# Single-core robots.txt URL checks per second: Sieve (release) vs protego 0.7.0, same robots files
# (4,231 real ones from protego's archive), same URLs, same 15 agents; both parse every file and check
# every URL for every agent. Needs scripts/setup.sh (venv + assets).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x .venv/bin/python ] || { echo "run scripts/setup.sh first" >&2; exit 1; }
bash scripts/assets/robots.sh
swift build -c release --product sieve >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
py=$(taskset -c 0 .venv/bin/python Benchmarks/robots/bench_protego.py .assets "$work")
echo "$py"
agents=(); for a in AI2Bot Applebot-Extended Bytespider CCBot CCBot/2.0 CCBot/1.0 ClaudeBot \
  cohere-training-data-crawler Diffbot FacebookBot Meta-ExternalAgent Google-Extended GPTBot PanguBot '*'; do
  agents+=(--agent "$a"); done
for sem in protego rfc; do
  start=$(date +%s.%N)
  out=$(taskset -c 0 .build/release/sieve robots check --robots "$work/snapshot" --semantics "$sem" \
        --max-bytes 0 --summary "${agents[@]}" < "$work/urls.txt")
  end=$(date +%s.%N)
  python3 - "$out" "$py" "$start" "$end" "$sem" <<'PY'
import json, sys
s, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
dt = float(sys.argv[4]) - float(sys.argv[3])
rate = s["checks"] / dt
print(json.dumps({"tool": f"sieve --semantics {sys.argv[5]}", "checks": s["checks"], "blocked": s["blocked"],
                  "seconds": round(dt, 3), "checks_per_s": round(rate),
                  "ratio_vs_protego": round(rate / p["checks_per_s"], 1)}))
PY
done
