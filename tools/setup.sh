#!/usr/bin/env bash
# Sets up a fresh machine for the product and its tests: Debian's Chromium (for the demo and
# the browser tests), Debian's Firefox ESR (the Firefox build's browser test), both with their
# French language packs, and the npm dependencies, exactly as locked.
set -euo pipefail
cd "$(dirname "$0")/.."

have_chromium() {
  # chromium-l10n carries the French interface (the extension follows the browser language).
  dpkg -s chromium-l10n >/dev/null 2>&1 || return 1
  [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ] && return 0
  [ -x /usr/lib/chromium/chromium ] || command -v chromium >/dev/null 2>&1
}

have_firefox() {
  dpkg -s firefox-esr-l10n-fr >/dev/null 2>&1 || return 1
  [ -n "${FIREFOX_PATH:-}" ] && [ -x "$FIREFOX_PATH" ] && return 0
  command -v firefox-esr >/dev/null 2>&1
}

packages=()
have_chromium || packages+=(chromium chromium-l10n)
have_firefox || packages+=(firefox-esr firefox-esr-l10n-fr)
if [ "${#packages[@]}" -gt 0 ]; then
  echo "Installing the browsers (Debian packages: ${packages[*]})…"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

npm ci --no-audit --no-fund --loglevel=warn
