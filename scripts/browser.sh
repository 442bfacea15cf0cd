#!/usr/bin/env bash
# Makes sure a Chromium for the browser tests is on this machine and prints its path.
# It comes from Debian's packages (with a CJK font, so Chinese screens render), never
# from a tool's own browser download. CHROMIUM_PATH points at another build.
set -euo pipefail

log() { printf '[browser] %s\n' "$*" >&2; }
die() { printf '[browser] ERROR: %s\n' "$*" >&2; exit 1; }

if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  [[ -x "$CHROMIUM_PATH" ]] || die "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"
  echo "$CHROMIUM_PATH"
  exit 0
fi

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else die "need root to install chromium (install it by hand or set CHROMIUM_PATH)"
  fi
}

packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
# Debian's WenQuanYi Zen Hei: one small font covering Chinese.
[[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]] || packages+=(fonts-wqy-zenhei)
if [[ ${#packages[@]} -gt 0 ]]; then
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install chromium by hand or set CHROMIUM_PATH"
  log "apt-get install -y ${packages[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -q update >&2 \
    || die "apt-get update failed"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -q install -y \
    --no-install-recommends "${packages[@]}" >&2 || die "apt-get install ${packages[*]} failed"
fi
command -v chromium
