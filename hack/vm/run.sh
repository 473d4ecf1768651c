#!/usr/bin/env bash
# Boots the throwaway pure-cgroup-v2 VM (QEMU TCG, Debian's kernel, host / read-only under a tmpfs
# overlay), runs one job script in it and exits with the job's exit status.
#   hack/vm/run.sh WORK_DIR JOB_SCRIPT
# WORK_DIR is shared read-write at the same path in the guest (results go there) and receives
# console.log (the serial console), disk.img (a raw virtio disk, /dev/vda in the guest) and
# guest-status. Environment: VM_TIMEOUT (s, default 540), VM_SMP (4), VM_MEM_MB (1024), VM_DISK_MB (64),
# VM_EXTRA_DISK_MB (0 = none; else a second raw disk, /dev/vdb).
# Exit: the job's status; 124 when the VM had to be killed at the timeout; 125 when the guest
# powered off without a status (boot failure: read console.log).
# The kernel boots with psi=1: the suite reads cgroups' *.pressure, which a kernel built with
# CONFIG_PSI_DEFAULT_DISABLED leaves out otherwise.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
[ $# -eq 2 ] || die "usage: $0 WORK_DIR JOB_SCRIPT"
work=$(realpath "$1"); job=$(realpath "$2")
[ -d "$work" ] || die "no work dir $work"
[ -f "$job" ] || die "no job script $job"
timeout_s=${VM_TIMEOUT:-540}
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (run hack/prereqs.d/40-v2-vm.sh)"
boot=$(bash "$REPO_ROOT/hack/vm/build.sh")

rm -f "$work/guest-status" "$work/console.log"
truncate -s "${VM_DISK_MB:-64}M" "$work/disk.img"
# Optional second disk (/dev/vdb), e.g. for swap.
extra_disk=()
if [ "${VM_EXTRA_DISK_MB:-0}" -gt 0 ]; then
  truncate -s "${VM_EXTRA_DISK_MB}M" "$work/disk2.img"
  extra_disk=(-drive "file=$work/disk2.img,if=virtio,format=raw,cache=none")
fi
qemu_pid=
cleanup() {
  if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
    kill "$qemu_pid" 2>/dev/null; sleep 1; kill -9 "$qemu_pid" 2>/dev/null || true
  fi
  rm -f "$work/disk.img" "$work/disk2.img"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start=$(date +%s.%N)
# Nested KVM does not work on this machine kind, so TCG: correct, slow, never a timing oracle.
qemu-system-x86_64 -accel tcg,thread=multi -cpu max -smp "${VM_SMP:-4}" -m "${VM_MEM_MB:-1024}" \
  -nodefaults -display none -no-reboot -no-user-config \
  -kernel "$boot/vmlinuz" -initrd "$boot/initramfs.cpio.gz" \
  -append "console=ttyS0 panic=-1 quiet loglevel=4 psi=1 lxcfs_init=$REPO_ROOT/hack/vm/guest-init.sh lxcfs_work=$work lxcfs_job=$job lxcfs_job_timeout=$((timeout_s - 30))" \
  -serial "file:$work/console.log" \
  -virtfs "local,path=/,mount_tag=hostroot,security_model=passthrough,readonly=on,multidevs=remap" \
  -virtfs "local,path=$work,mount_tag=work,security_model=passthrough,multidevs=remap" \
  -drive "file=$work/disk.img,if=virtio,format=raw,cache=none" "${extra_disk[@]}" \
  </dev/null >"$work/qemu.log" 2>&1 &
qemu_pid=$!

deadline=$(( $(date +%s) + timeout_s ))
while kill -0 "$qemu_pid" 2>/dev/null; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    log "VM still running after ${timeout_s}s: killing it (console: $work/console.log)"
    exit 124
  fi
  sleep 0.5
done
wait "$qemu_pid" || log "qemu exited with $? ($(tr '\n' ' ' < "$work/qemu.log"))"
qemu_pid=
elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
[ -f "$work/guest-status" ] || { log "guest powered off without a status after ${elapsed}s; console: $work/console.log"; tail -n 30 "$work/console.log" >&2; exit 125; }
status=$(cat "$work/guest-status")
log "VM done in ${elapsed}s, job status $status"
exit "$status"
