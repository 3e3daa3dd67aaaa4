#!/usr/bin/env bash
# WARC test assets: the real crawl samples of pywb 2.10.0 (sample_archive/warcs/, GPL-3.0: a
# downloaded test input only, never committed) → .assets/warc/warcs/.
# pywb's source archive only downloads with --no-build-isolation and `wheel` installed
# (its metadata step needs bdist_wheel); Tests/oracle/requirements/warc.txt pins wheel.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SPEC=pywb==2.10.0
SHA=5ae43c9b2a5321e39b9c8e16538bfbc0146eeb6fe26713232e45378b774a1a96
OUT="$ASSETS/warc/warcs"
if [ -f "$OUT/.done-$SHA" ]; then exit 0; fi
# A pip whose Python has `wheel` (the project venv, or a small private one without it).
if [ -x "$ASSETS/../.venv/bin/pip" ]; then
  PIP="$ASSETS/../.venv/bin/pip"
else
  [ -x "$ASSETS/warc/pipvenv/bin/pip" ] || python3 -m venv "$ASSETS/warc/pipvenv"
  PIP="$ASSETS/warc/pipvenv/bin/pip"
fi
"$(dirname "$PIP")/python" -c "import wheel" 2>/dev/null || "$PIP" install -q --disable-pip-version-check wheel==0.45.1 >&2
dir="$ASSETS/pkgs/pywb-2.10.0-sdist"
f=$(ls "$dir"/*.tar.gz 2>/dev/null | head -1 || true)
if [ -z "$f" ]; then
  mkdir -p "$dir"
  "$PIP" download -q --disable-pip-version-check --no-deps --no-binary :all: --no-build-isolation -d "$dir" "$SPEC" >&2
  f=$(ls "$dir"/*.tar.gz | head -1)
fi
got=$(sha256sum "$f" | cut -d' ' -f1)
if [ "$got" != "$SHA" ]; then
  echo "asset $SPEC: sha256 $got, expected $SHA" >&2
  rm -rf "$dir"
  exit 1
fi
rm -rf "$OUT"
mkdir -p "$OUT"
tar xzf "$f" -C "$OUT" --strip-components=3 pywb-2.10.0/sample_archive/warcs/
touch "$OUT/.done-$SHA"
echo "warc assets: $(ls "$OUT" | wc -l) files in $OUT"
