#!/usr/bin/env bash
# Installs what Sieve's build, demo and tests need, idempotently:
#   - Debian packages (C libraries, Python venv support, Slurm for the cluster tests);
#   - pinned Python oracles into .venv/ (ignored by git), from Tests/oracle/requirements/*.txt;
#   - pinned, checksummed third-party test assets into .assets/ (scripts/assets/*.sh).
# Usage: scripts/setup.sh [--no-python] [--no-assets]
set -euo pipefail
cd "$(dirname "$0")/.."

want_python=1; want_assets=1
for a in "$@"; do
  case "$a" in
    --no-python) want_python=0 ;;
    --no-assets) want_assets=0 ;;
    *) echo "setup.sh: unknown argument '$a'" >&2; exit 2 ;;
  esac
done

APT_PKGS="libzstd-dev zlib1g-dev libdeflate-dev libxml2-dev libicu-dev libre2-dev libsnappy-dev libssl-dev pkg-config python3-venv zstd unzip gzip iso-codes"
missing=""
for p in $APT_PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing Debian packages:$missing"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ "$want_python" = 1 ]; then
  if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv"
    python3 -m venv .venv
  fi
  req_hash=$(cat Tests/oracle/requirements/*.txt | sha256sum | cut -c1-16)
  if [ "$(cat .venv/.requirements-hash 2>/dev/null)" != "$req_hash" ]; then
    echo "setup: installing pinned Python oracles"
    .venv/bin/pip install -q --disable-pip-version-check $(for f in Tests/oracle/requirements/*.txt; do echo -r "$f"; done)
    echo "$req_hash" > .venv/.requirements-hash
  fi
fi

if [ "$want_assets" = 1 ]; then
  mkdir -p .assets
  for s in scripts/assets/*.sh; do
    [ -e "$s" ] || continue
    bash "$s"
  done
fi
