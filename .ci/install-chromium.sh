#!/usr/bin/env bash
# Installs Debian's Chromium and chromedriver for the console's browser tests when they are absent. Without them (or
# without root and apt) the browser tests are skipped with a message, never silently passed.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "[install-chromium] present: $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "[install-chromium] cannot install (needs root and apt-get); the browser tests will be skipped"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || {
  apt-get update -q >/dev/null
  apt-get install -y -q chromium chromium-driver >/dev/null
}
echo "[install-chromium] installed: $(/usr/bin/chromium --version 2>/dev/null)"
