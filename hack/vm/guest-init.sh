#!/bin/sh
# PID 1 of the throwaway VM after switch_root (root = host / read-only under a tmpfs overlay).
# Mounts the kernel file systems and a pure cgroup2 hierarchy with the controllers the daemon
# reads, mounts the shared work directory at the host's path, runs the job and writes its exit
# status to <work>/guest-status, then powers off. Parameters come from the kernel command line:
# lxcfs_work=<host path of the work dir>, lxcfs_job=<job script>, lxcfs_job_timeout=<seconds>.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb LANG=C.UTF-8
off() { sync; /bin/busybox poweroff -f; }
say() { echo "guest-init: $*" > /dev/console; }

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup || { say "cannot mount cgroup2"; off; }
echo "+cpuset +cpu +io +memory +pids" > /sys/fs/cgroup/cgroup.subtree_control || { say "cannot enable controllers"; off; }
hostname lxcfs-v2-vm 2>/dev/null

work= job= job_timeout=600
for arg in $(cat /proc/cmdline); do
  case "$arg" in
    lxcfs_work=*) work=${arg#lxcfs_work=} ;;
    lxcfs_job=*) job=${arg#lxcfs_job=} ;;
    lxcfs_job_timeout=*) job_timeout=${arg#lxcfs_job_timeout=} ;;
  esac
done
[ -n "$work" ] && [ -n "$job" ] || { say "lxcfs_work= and lxcfs_job= are required"; off; }
mkdir -p "$work"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 work "$work" || { say "cannot mount the work dir"; off; }

say "up after $(cut -d' ' -f1 /proc/uptime) s; running $job"
export LXCFS_WORK="$work"
# The job's own set -e / exit code is the verdict; timeout keeps a stuck job from hanging the VM.
timeout -k 5 "$job_timeout" sh "$job" > /dev/console 2>&1 < /dev/null
status=$?
say "job exited with $status after $(cut -d' ' -f1 /proc/uptime) s"
echo "$status" > "$work/guest-status"
sync
umount "$work" 2>/dev/null
off
