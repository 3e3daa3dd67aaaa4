#!/usr/bin/env bash
# Single-core throughput of Sieve's quality filters and PII redaction vs datatrove 0.10.1 on the
# same documents and machine. Needs scripts/setup.sh (venv with datatrove, .assets/filters).
# Usage: Benchmarks/filters/run.sh [number of documents, default 4000]
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product sieve >/dev/null
exec .venv/bin/python Benchmarks/filters/bench.py .build/release/sieve "${1:-4000}"
