#!/usr/bin/env bash
# Sets up a fresh machine for the product and its tests: Debian's Chromium (for the demo and
# the browser tests) and the npm dependencies, exactly as locked.
set -euo pipefail
cd "$(dirname "$0")/.."

have_chromium() {
  # chromium-l10n carries the French interface (the extension follows the browser language).
  dpkg -s chromium-l10n >/dev/null 2>&1 || return 1
  [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ] && return 0
  [ -x /usr/lib/chromium/chromium ] || command -v chromium >/dev/null 2>&1
}

if ! have_chromium; then
  echo "Installing Chromium (Debian package 'chromium')…"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends chromium chromium-l10n >/dev/null
fi

npm ci --no-audit --no-fund --loglevel=warn
