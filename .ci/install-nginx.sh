#!/usr/bin/env bash
# Installs Debian's nginx for the test that runs two servers behind a load balancer, when it is absent. The package's
# own service is not started: the test runs its own nginx with its own configuration on free ports. Without nginx (or
# without root and apt) that test is skipped with a message, except under CI, where it fails.
set -euo pipefail
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
  echo "[install-nginx] present: $(/usr/sbin/nginx -v 2>&1)"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "[install-nginx] cannot install (needs root and apt-get); the load-balancer test will be skipped"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# keep the package from starting its service on port 80 (policy-rc.d: 101 = action forbidden)
policy=/usr/sbin/policy-rc.d
made_policy=no
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  made_policy=yes
fi
trap '[ "$made_policy" = yes ] && rm -f "$policy"' EXIT
apt-get install -y -q nginx-light >/dev/null 2>&1 || {
  apt-get update -q >/dev/null
  apt-get install -y -q nginx-light >/dev/null
}
echo "[install-nginx] installed: $(/usr/sbin/nginx -v 2>&1)"
