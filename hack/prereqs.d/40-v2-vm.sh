#!/usr/bin/env bash
# The live cgroup v2 suite's throwaway VM: QEMU (TCG), the tools that build its initramfs, what
# runs inside it (lxcfs as the differential oracle, procps and python3 as real readers), and the
# cached kernel + initramfs under $LXCFS_CACHE/vm/ (built once; see hack/vm/build.sh).
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
apt_install qemu-system-x86 kmod busybox-static cpio gzip lxcfs procps python3 util-linux coreutils
# Debian enables lxcfs.service on install; the suite starts its own instances inside the VM.
if systemctl is-enabled lxcfs >/dev/null 2>&1; then systemctl disable --now lxcfs >/dev/null 2>&1 || true; fi
bash "$REPO_ROOT/hack/vm/build.sh" >/dev/null
