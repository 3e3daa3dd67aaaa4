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
# FineWeb's URL lists from the datatrove==0.10.1 wheel (Apache-2.0): UT1's blocklist (4.56 M
# domains, `domains`) and datatrove's banned / soft-banned / banned-subword lists, into ut1/.
# The urlfilter stage compiles `domains` into `domains.sieveidx` on first use.
if [ ! -f "$OUT/ut1/.complete" ]; then
  whl=$(fetch_pkg datatrove==0.10.1 b0846fc28482b25c9dbeaa09445066ff68266b58d762e9344c64fe5f6d92d14c)
  rm -rf "$OUT/ut1"
  mkdir -p "$OUT/ut1"
  unzip -o -q -j "$whl" 'datatrove/assets/url_filterblacklistsv0_3_0.tar.gz' 'datatrove/assets/banned_words.txt' \
    'datatrove/assets/soft_banned_words.txt' 'datatrove/assets/banned_subwords.txt' -d "$OUT/ut1"
  tar -xzf "$OUT/ut1/url_filterblacklistsv0_3_0.tar.gz" -C "$OUT/ut1" domains urls
  rm -f "$OUT/ut1/url_filterblacklistsv0_3_0.tar.gz"
  n=$(wc -l < "$OUT/ut1/domains")
  if [ "$n" -lt 4500000 ]; then echo "filters assets: UT1 domains has $n lines, expected 4.56 M" >&2; exit 1; fi
  touch "$OUT/ut1/.complete"
fi
# Stop words for 58 languages: stopwordsiso==0.7.1 (MIT), one file per language in stopwords/
# (`{"stop_words": [...]}`), read by the quality stage when Filters/quality has no list.
if [ ! -f "$OUT/stopwords/.complete" ]; then
  whl=$(fetch_pkg stopwordsiso==0.7.1 e23edcffca952f98cd26f54a5c56f93b2fa435c88d3ee60f3beffb4c44279380)
  mkdir -p "$OUT/stopwords"
  unzip -o -q -j "$whl" 'stopwordsiso/stopwords-iso.json' -d "$OUT/stopwords"
  python3 - "$OUT/stopwords" <<'PY'
import json, sys, pathlib
d = pathlib.Path(sys.argv[1])
for lang, words in json.loads((d / "stopwords-iso.json").read_text(encoding="utf-8")).items():
    (d / f"{lang}.json").write_text(json.dumps({"stop_words": words}, ensure_ascii=False) + "\n", encoding="utf-8")
PY
  touch "$OUT/stopwords/.complete"
fi
