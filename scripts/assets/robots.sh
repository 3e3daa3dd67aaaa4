#!/usr/bin/env bash
# robots.txt oracle assets: protego 0.7.0's source archive holds tests/test_data/ with 4,231 real
# robots.txt files. Unpacked into .assets/robots/protego-0.7.0/ (idempotent).
source "$(dirname "$0")/lib.sh"
dest="$ASSETS/robots"
if [ ! -f "$dest/protego-0.7.0/.complete" ]; then
  sdist=$(fetch_pkg protego==0.7.0 2c032d9736a1f4f0c4318f3558353ae34da5cd038f1a5e064ded7548df315e5a sdist)
  rm -rf "$dest/protego-0.7.0"
  mkdir -p "$dest"
  tar -xzf "$sdist" -C "$dest" protego-0.7.0/tests/test_data
  n=$(ls "$dest/protego-0.7.0/tests/test_data" | wc -l)
  if [ "$n" -ne 4231 ]; then echo "robots assets: expected 4231 files, got $n" >&2; exit 1; fi
  touch "$dest/protego-0.7.0/.complete"
fi
