#!/usr/bin/env bash
# The live cgroup v2 suite (make e2e-v2): boots the throwaway pure-v2 VM once, runs tests/v2/suite.sh
# in it against our Native AOT daemon and Debian's lxcfs side by side, then evaluates the raw
# captures into WORK_DIR/results.tsv (scenario, file, check, expected, ours, lxcfs) and prints it.
#   hack/e2e-v2.sh [WORK_DIR]
# Exit: the VM's status when the run itself failed; otherwise 1 if any check of ours differs from
# its expected value, else 0. Without WORK_DIR a temp dir is used and removed on success.
# LXCFS_DAEMON_BIN picks the daemon (default artifacts/bin/lxcfs-daemon, published if missing).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || die "run as root (QEMU's 9p export of / must read every file)"
bash "$REPO_ROOT/hack/prereqs.d/40-v2-vm.sh"
if [ -z "${LXCFS_DAEMON_BIN:-}" ]; then
  bash "$REPO_ROOT/hack/publish-daemon.sh"
  LXCFS_DAEMON_BIN="$REPO_ROOT/artifacts/bin/lxcfs-daemon"
fi
[ -x "$LXCFS_DAEMON_BIN" ] || die "no daemon binary at $LXCFS_DAEMON_BIN"

own_work=
if [ $# -ge 1 ]; then work=$1; mkdir -p "$work"; else work=$(mktemp -d /tmp/lxcfs-e2e-v2.XXXXXX); own_work=1; fi
work=$(realpath "$work")
# The guest sees the host's / read-only, but with fresh tmpfs on /tmp and /run: a checkout or a
# binary under /tmp (CI clones there) would vanish. Stage the job and the daemon in the shared work
# directory, which the guest mounts at the same path.
rm -rf "$work/stage"; mkdir -p "$work/stage"
cp -r "$REPO_ROOT/tests/v2" "$work/stage/v2"
cp "$LXCFS_DAEMON_BIN" "$work/stage/lxcfs-daemon"
cat > "$work/env" <<ENV
LXCFS_DAEMON_BIN=$work/stage/lxcfs-daemon
LXCFS_REF_BIN=$(command -v lxcfs)
ENV

rm -f "$work/results.tsv" "$work/suite-time"
start=$(date +%s)
set +e
VM_DISK_MB=${VM_DISK_MB:-128} VM_EXTRA_DISK_MB=${VM_EXTRA_DISK_MB:-128} bash "$REPO_ROOT/hack/vm/run.sh" "$work" "$work/stage/v2/suite.sh"
vm_status=$?
set -e
echo "vm_seconds=$(( $(date +%s) - start ))" > "$work/suite-time"
if [ "$vm_status" -ne 0 ]; then
  log "VM run failed with status $vm_status; console log: $work/console.log"
  exit "$vm_status"
fi

bash "$REPO_ROOT/tests/v2/evaluate.sh" "$work/raw" > "$work/results.tsv"
column -t -s $'\t' "$work/results.tsv" 2>/dev/null || cat "$work/results.tsv"
# Expected: exact, "lo..hi", or alternatives "a|b" (the same rules as the xunit suite's CheckResult).
bad=$(awk -F'\t' 'NR > 1 && !any($4, $5) { n++ } END { print n + 0 }
  function any(e, v,   alt, i, n) { n = split(e, alt, "|"); for (i = 1; i <= n; i++) if (one(alt[i], v)) return 1; return 0 }
  function one(e, v,   r) { if (e == v) return 1; if (index(e, "..") == 0 || v !~ /^-?[0-9.]+$/) return 0
    split(e, r, /\.\./); return v + 0 >= r[1] + 0 && v + 0 <= r[2] + 0 }' "$work/results.tsv")
log "$(($(wc -l < "$work/results.tsv") - 1)) checks, $bad where ours differs from expected; VM part took $(( $(date +%s) - start )) s"
[ -n "$own_work" ] && [ "$bad" -eq 0 ] && rm -rf "$work"
[ "$bad" -eq 0 ]
