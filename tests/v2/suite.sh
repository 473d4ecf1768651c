#!/bin/sh
# Guest job of the live cgroup v2 suite (runs as a child of the VM's PID 1, see hack/vm/guest-init.sh).
# Starts our daemon and Debian's lxcfs side by side, then runs every scenario of scenarios.txt:
# a kubelet-shaped cgroup with limits, a container (init of a new pid namespace) doing a burst of
# work and reading both daemons' files, and real tools over bind mounts. It only captures raw data
# under $LXCFS_WORK/raw; tests/v2/evaluate.sh computes expected values outside the VM (TCG is slow).
# Exit status: 0 when lxcfs (the reference) served and every scenario ran; our daemon failing to
# mount is recorded (raw/ours.mounted = no) so the checks fail one by one instead.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$LXCFS_WORK/env"
raw="$LXCFS_WORK/raw"
rm -rf "$raw"; mkdir -p "$raw/host"
export SUITE_RAW="$raw"
t0=$(cut -d' ' -f1 /proc/uptime)

# Swap on the second disk, so memory.swap.max and SwapTotal mean something.
mkswap /dev/vdb >/dev/null && swapon /dev/vdb || echo "suite: no swap"
# I/O from outside every container, so a daemon that shows the host's diskstats cannot look right.
dd if=/dev/zero of=/dev/vda bs=4k count=3 seek=16000 oflag=direct 2>/dev/null

start_daemon() { # name binary
  mnt="/run/lxcfs-v2/$1"; mkdir -p "$mnt"
  "$2" "$mnt" --enable-cfs -l -p "/run/lxcfs-v2/$1.pid" > "$LXCFS_WORK/daemon-$1.log" 2>&1 &
  echo $! > "/run/lxcfs-v2/$1.launcher"
  i=0
  while [ $i -lt 120 ]; do
    if grep -q " $mnt fuse" /proc/mounts && [ -r "$mnt/proc/meminfo" ]; then echo yes > "$raw/$1.mounted"; return 0; fi
    kill -0 "$(cat "/run/lxcfs-v2/$1.launcher")" 2>/dev/null || break
    sleep 0.25; i=$((i + 1))
  done
  echo no > "$raw/$1.mounted"; echo "suite: $1 did not mount (see daemon-$1.log)"; return 1
}
stop_daemon() { # name
  pid=$(cat "/run/lxcfs-v2/$1.launcher" 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null
  i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 40 ]; do sleep 0.25; i=$((i + 1)); done
  kill -9 "$pid" 2>/dev/null
  umount -l "/run/lxcfs-v2/$1" 2>/dev/null
  return 0
}

mkdir -p /run/lxcfs-v2
start_daemon lxcfs "$LXCFS_REF_BIN" || { stop_daemon lxcfs; exit 3; }
start_daemon ours "$LXCFS_DAEMON_BIN"
t1=$(cut -d' ' -f1 /proc/uptime)

for f in meminfo swaps cpuinfo stat uptime loadavg diskstats; do cat "/proc/$f" > "$raw/host/$f"; done
cat /sys/devices/system/cpu/online > "$raw/host/online"
cat /sys/block/vda/dev > "$raw/host/vda-dev"

status=0
grep -v '^#' "$here/scenarios.txt" | while read -r name driver cgns pod_mem ctr_mem ctr_swap pod_cpu ctr_cpu ctr_cpuset python; do
  [ -n "$name" ] || continue
  if [ -n "${SUITE_ONLY:-}" ]; then case " $SUITE_ONLY " in *" $name "*) ;; *) continue ;; esac; fi
  s0=$(cut -d' ' -f1 /proc/uptime)
  sh "$here/scenario.sh" "$name" "$driver" "$cgns" "$pod_mem" "$ctr_mem" "$ctr_swap" "$pod_cpu" "$ctr_cpu" "$ctr_cpuset" "$python" \
    || echo "suite: scenario $name failed"
  echo "$name $s0 $(cut -d' ' -f1 /proc/uptime)" >> "$raw/timing"
done

# A container whose cgroup vanishes: the launcher (unshare's parent) waits in B, the init moves
# from A to B and removes A (see moved.sh).
moved=/sys/fs/cgroup/lxcfs-v2-moved
mkdir -p "$moved/a" "$moved/b" "$raw/moved"
echo "+memory" > "$moved/cgroup.subtree_control"
echo 100663296 > "$moved/a/memory.max"; echo 150994944 > "$moved/b/memory.max"
sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' _ "$moved/b" \
  unshare --pid --fork --mount-proc sh "$here/moved.sh" "$raw/moved" "$moved/a" "$moved/b" || echo "suite: moved-cgroup failed"
rmdir "$moved/a" "$moved/b" "$moved" 2>/dev/null

# Readers in the root cgroup (the VM's own processes) get the host's files.
for d in ours lxcfs; do
  mkdir -p "$raw/root/$d"
  for f in meminfo cpuinfo stat; do cat "/run/lxcfs-v2/$d/proc/$f" > "$raw/root/$d/$f" 2>>"$raw/root/$d/errors"; done
  cat "/run/lxcfs-v2/$d/sys/devices/system/cpu/online" > "$raw/root/$d/online" 2>>"$raw/root/$d/errors"
done

stop_daemon ours; stop_daemon lxcfs
for d in /sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice /sys/fs/cgroup/kubepods.slice \
         /sys/fs/cgroup/kubepods/burstable /sys/fs/cgroup/kubepods; do rmdir "$d" 2>/dev/null; done
swapoff /dev/vdb 2>/dev/null
echo "start $t0 daemons-up $t1 end $(cut -d' ' -f1 /proc/uptime)" >> "$raw/timing"
echo "suite: done"
exit $status
