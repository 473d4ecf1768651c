#!/bin/sh
# A container whose cgroup goes away under it. Its init (of a new pid namespace) moves itself into
# cgroup A and reads both daemons' meminfo, then moves to cgroup B, removes A and reads at once
# (a daemon may still hold A, now vanished: the host's file or B's, never an error) and again after
# 1.5 s (by then it must follow the init to B).
#   moved.sh OUT_DIR CGROUP_A CGROUP_B
set -u
out=$1 a=$2 b=$3
read_all() { # suffix
  for d in ours lxcfs; do
    /bin/busybox cat "/run/lxcfs-v2/$d/proc/meminfo" > "$out/$d/meminfo-$1" 2>>"$out/$d/errors"
  done
}
for d in ours lxcfs; do mkdir -p "$out/$d"; : > "$out/$d/errors"; done
echo 0 > "$a/cgroup.procs" || { echo "moved: cannot enter $a" > "$out/rig-error"; exit 1; }
read_all a
echo 0 > "$b/cgroup.procs" && rmdir "$a" || { echo "moved: cannot move to $b and remove $a" > "$out/rig-error"; exit 1; }
read_all b-now
sleep 1.5
read_all b-later
