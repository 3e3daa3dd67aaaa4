#!/usr/bin/env bash
# Assets of the filters area (not committed), into .assets/filters/:
#   wordlists/*.json  glin-profanity==4.1.0 dictionaries (MIT), for the word-list toxicity scorer;
#   languages/*.textproto  gflanguages==0.7.11 language data (Apache-2.0): UDHR sample texts
#                          used as multilingual test documents by the oracle tests.
source "$(dirname "$0")/lib.sh"
OUT="$ASSETS/filters"
if [ ! -f "$OUT/wordlists/english.json" ]; then
  whl=$(fetch_pkg glin-profanity==4.1.0 efdf834c0c29e9473033d497f4cbff5f414d8fe30aa04b1b9322639739889d0d)
  mkdir -p "$OUT/wordlists"
  unzip -o -q -j "$whl" 'glin_profanity/data/dictionaries/*.json' -d "$OUT/wordlists"
  rm -f "$OUT/wordlists/globalWhitelist.json"
fi
if [ ! -f "$OUT/languages/en_Latn.textproto" ]; then
  whl=$(fetch_pkg gflanguages==0.7.11 17173d48d77db0d6d37e81537f54cc45a87faf6d45cf754f6316b9b2adb59f6c)
  mkdir -p "$OUT/languages"
  unzip -o -q -j "$whl" 'gflanguages/data/languages/*.textproto' -d "$OUT/languages"
fi
