#!/usr/bin/env bash
# Debian packages the daemon's tests, demo and benchmarks use: the lxcfs oracle, procps tools,
# util-linux (unshare, nsenter), python3 for a reader that is not ours.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
apt_install lxcfs procps util-linux psmisc python3 bc
# Debian starts lxcfs.service on install; tests and benchmarks mount their own instances.
if systemctl is-enabled lxcfs >/dev/null 2>&1; then systemctl disable --now lxcfs >/dev/null 2>&1 || true; fi
