#!/usr/bin/env bash
# Installs or builds everything the demo and the tests need, idempotently, with a cache outside the
# repository. Each concern is one script in hack/prereqs.d/, run in name order.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || die "run as root: the daemon mounts FUSE and the tests create cgroups"
for step in "$REPO_ROOT"/hack/prereqs.d/*.sh; do
  log "prereq: $(basename "$step")"
  bash "$step"
done
