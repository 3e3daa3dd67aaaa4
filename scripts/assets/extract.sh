#!/usr/bin/env bash
# Real web pages for the extractor's oracle test and benchmark (SieveExtract):
#   .assets/extract/pages/*.html — news/blog pages shipped as test data in the source archives of
#   newspaper4k (30 pages, many languages), trafilatura (its own test pages) and inscriptis (3 pages).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
OUT="$ASSETS/extract/pages"
STAMP="$ASSETS/extract/.done-v1"
[ -f "$STAMP" ] && exit 0
rm -rf "$ASSETS/extract"; mkdir -p "$OUT"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

f=$(fetch_pkg newspaper4k==0.9.6 a3f2f0e017dddb6f1019ee77aaa8980e13e6ecea0b949abc7167aae4770d2d0e sdist)
tar xzf "$f" -C "$tmp" newspaper4k-0.9.6/tests/data/html
for p in "$tmp"/newspaper4k-0.9.6/tests/data/html/*.html; do cp "$p" "$OUT/np4k_$(basename "$p")"; done

f=$(fetch_pkg trafilatura==2.3.1 2e5557aeab32d33b9da7ff0debbb677a676c5b648a927e50d91b8277011e1105 sdist)
tar xzf "$f" -C "$tmp" trafilatura-2.3.1/tests/resources
r="$tmp/trafilatura-2.3.1/tests/resources"
for p in mozilla.org.firefox.developer.html utf8.html scam.html exotic_tags.html apache.html; do cp "$r/$p" "$OUT/traf_$p"; done
gzip -dc "$r/webpage.html.gz" > "$OUT/traf_webpage.html"

f=$(fetch_pkg inscriptis==2.7.6 b8fe23c5ae4db33c9d1c5e1b7d000dbfa1decbea7b605ac87e0f5d8f8abc3ce6 sdist)
tar xzf "$f" -C "$tmp" inscriptis-2.7.6/tests/html/real-world
for p in "$tmp"/inscriptis-2.7.6/tests/html/real-world/*.html; do cp "$p" "$OUT/insc_$(basename "$p")"; done

touch "$STAMP"
echo "extract: $(ls "$OUT" | wc -l) pages in $OUT" >&2
