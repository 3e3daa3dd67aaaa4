#!/usr/bin/env bash
# Tokenizer test assets (never committed) for SieveTokenize's oracle tests and benchmark:
#   .assets/tokenize/tekken_240718.json        mistral-common==1.13.1 (Apache-2.0)
#   .assets/tokenize/tiktoken_cache/<sha1>     cl100k_base, o200k_base, p50k_base rank files from litellm==1.109.1,
#                                              named as tiktoken's cache expects (TIKTOKEN_CACHE_DIR)
#   .assets/tokenize/{cl100k_base,o200k_base,p50k_base}.tiktoken   the same files under readable names
#   .assets/tokenize/anthropic_tokenizer.json  HF tokenizer.json (byte-level BPE, NFKC), from litellm
#   .assets/tokenize/languages/*.textproto     UDHR samples, gflanguages==0.7.11 (Apache-2.0)
#   .venv-tokenize/                            mistral-common's own venv: it pins numpy<2.4, which conflicts
#                                              with the shared .venv
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
D="$ASSETS/tokenize"
mkdir -p "$D/tiktoken_cache"

# extract WHEEL DEST PREFIX...: copies the members whose names start with a PREFIX into DEST, flat.
extract() {
  python3 - "$@" <<'PY'
import os, sys, zipfile
whl, dest, prefixes = sys.argv[1], sys.argv[2], sys.argv[3:]
os.makedirs(dest, exist_ok=True)
with zipfile.ZipFile(whl) as z:
    for name in z.namelist():
        if any(name.startswith(p) for p in prefixes) and not name.endswith("/"):
            with z.open(name) as src, open(os.path.join(dest, os.path.basename(name)), "wb") as out:
                out.write(src.read())
PY
}

mc=$(fetch_pkg mistral-common==1.13.1 98b4d0755b8d90bf4691fa8f1b70cb3b4a8cd4dc1653c4ed08ef3d1c7d2c29af)
[ -s "$D/tekken_240718.json" ] || extract "$mc" "$D" mistral_common/data/tekken_240718.json

if [ ! -s "$D/o200k_base.tiktoken" ] || [ ! -s "$D/p50k_base.tiktoken" ] || [ ! -s "$D/anthropic_tokenizer.json" ]; then
  ll=$(fetch_pkg litellm==1.109.1 1c8b4dd671fa0cd0850aa751678704ff77e595fb1e6085b2dc3be39ee19bdaaf)
  extract "$ll" "$D/tiktoken_cache" litellm/litellm_core_utils/tokenizers/
  mv -f "$D/tiktoken_cache/anthropic_tokenizer.json" "$D/tiktoken_cache/deepseek_tokenizer.json" "$D/"
  rm -f "$D/tiktoken_cache/__init__.py" "$D/tiktoken_cache/deepseek_tokenizer_LICENSE"
  cp "$D/tiktoken_cache/9b5ad71b2ce5302211f9c61530b329a4922fc6a4" "$D/cl100k_base.tiktoken"
  cp "$D/tiktoken_cache/fb374d419588a4632f3f557e76b4b70aebbca790" "$D/o200k_base.tiktoken"
  cp "$D/tiktoken_cache/ec7223a39ce59f226a68acc30dc1af2788490e15" "$D/p50k_base.tiktoken"
fi

if [ ! -d "$D/languages" ]; then
  gf=$(fetch_pkg gflanguages==0.7.11 17173d48d77db0d6d37e81537f54cc45a87faf6d45cf754f6316b9b2adb59f6c)
  rm -rf "$D/languages.tmp"
  extract "$gf" "$D/languages.tmp" gflanguages/data/languages/
  mv "$D/languages.tmp" "$D/languages"
fi

V="$ROOT/.venv-tokenize"
if [ ! -f "$V/.ok-mistral-common-1.13.1" ]; then
  echo "assets/tokenize: creating .venv-tokenize (mistral-common==1.13.1)" >&2
  python3 -m venv "$V"
  "$V/bin/pip" install -q --disable-pip-version-check mistral-common==1.13.1 >&2
  touch "$V/.ok-mistral-common-1.13.1"
fi
