"""Shared fixtures for the oracle tests: they run the built `sieve` binary on real data and
compare its output with an independent implementation (warcio, protego, fastText, tiktoken…)."""
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
ASSETS = ROOT / ".assets"


@pytest.fixture(scope="session")
def sieve_bin():
    path = os.environ.get("SIEVE_BIN", str(ROOT / ".build" / "debug" / "sieve"))
    if not os.path.exists(path):
        pytest.fail(f"sieve binary not found at {path}: run `swift build` (make test does)")
    return path


@pytest.fixture(scope="session")
def assets():
    return ASSETS


def run_jsonl(sieve_bin, args, rows, timeout=600):
    """Runs `sieve ARGS` as a JSON Lines filter: one input row per line, returns output rows."""
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    p = subprocess.run([sieve_bin, *args], input=data.encode(), capture_output=True, timeout=timeout)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    # Split on "\n" only: str.splitlines() also breaks at U+2028 and \x1c inside JSON strings.
    return [json.loads(l) for l in p.stdout.decode().split("\n") if l.strip()]
