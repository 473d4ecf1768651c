#!/bin/sh
# The "container" of a live v2 scenario: init (pid 1) of its own pid namespace, in its own mount
# namespace, inside the container cgroup. Does a burst of real work (two CPU spinners, memory
# charged through a tmpfs file, direct writes to the virtio disk), then reads every file of both
# daemons, file by file bracketed by snapshots of the cgroup files the expected values come from, then runs
# real tools with each daemon's files bound over /proc and /sys.
#   container.sh OUT_DIR CGROUP_DIR INDEX PYTHON(yes|no)
set -u
out=$1 cg=$2 index=$3 python=$4
files="meminfo swaps cpuinfo stat uptime loadavg diskstats"
daemons="ours lxcfs"
mnt() { echo "/run/lxcfs-v2/$1"; }
# Builtins where the reader does not matter (every exec costs a lot under TCG).
mark() { read -r up _ < /proc/uptime; echo "$1 $up" >> "$out/marks"; }
copy() { while IFS= read -r l || [ -n "$l" ]; do printf '%s\n' "$l"; done < "$1" > "$2"; }
# The daemons' files are read by a separate process of the container, as a real reader would.
fetch() { /bin/busybox cat "$1" > "$2" 2>>"$3"; }
mark start

echo $$ > "$out/init-pid"
copy /proc/self/cgroup "$out/self-cgroup"
for d in $daemons; do
  mkdir -p "$out/$d"
  # The first loadavg read makes lxcfs start tracking this cgroup; stat0 is the monotonicity baseline.
  : > "$out/$d/errors"
  fetch "$(mnt "$d")/proc/loadavg" "$out/$d/loadavg0" "$out/$d/errors"
  fetch "$(mnt "$d")/proc/stat" "$out/$d/stat0" "$out/$d/errors"
done

mark primed
# Memory (a tmpfs file is charged to the writer's cgroup) and direct I/O first: under a 0.5 CPU
# quota the spinners would otherwise starve them.
dd if=/dev/zero of="/tmp/alloc-$index" bs=1M count=$((8 + 4 * index)) 2>/dev/null
dd if=/dev/zero of=/dev/vda bs=1M count=$((2 * index)) seek=$((10 * index)) oflag=direct 2>/dev/null
mark io-done
spin() { while :; do :; done; }
spin & s1=$!
spin & s2=$!
# Long enough for both daemons' 5 s load samplers to see the spinners at least once.
sleep 7
mark slept
for d in $daemons; do fetch "$(mnt "$d")/proc/loadavg" "$out/$d/loadavg" "$out/$d/errors"; done
kill "$s1" "$s2"; wait "$s1" "$s2" 2>/dev/null

mark loadavg-read
# One exec per snapshot: busybox head prints every file under a "==> path <==" header;
# tests/v2/evaluate.sh splits them again.
snapshot() { # file
  mkdir -p "${1%/*}"
  /bin/busybox head -n 100000 "$cg/memory.current" "$cg/memory.stat" "$cg/memory.swap.current" \
    "$cg/cpu.stat" "$cg/io.stat" "$cg/cpu.pressure" "$cg/memory.pressure" /proc/uptime /proc/1/stat > "$1"
}
# File by file, both daemons read between two snapshots, so each expected value has a tight bracket.
for f in $files online possible present pressure-cpu pressure-memory; do
  snapshot "$out/snap/$f/before.txt"
  for d in $daemons; do
    case $f in
      online|possible|present) src="$(mnt "$d")/sys/devices/system/cpu/$f" ;;
      # lxcfs 5.0.3 serves no /proc/pressure (7.0 does): its reader would only log a missing file.
      pressure-*) [ "$d" = lxcfs ] && continue; src="$(mnt "$d")/proc/pressure/${f#pressure-}" ;;
      *) src="$(mnt "$d")/proc/$f" ;;
    esac
    fetch "$src" "$out/$d/$f" "$out/$d/errors"
  done
  snapshot "$out/snap/$f/after.txt"
done
mark files-read
snapshot "$out/snap/tools/before.txt"
for d in $daemons; do
  m=$(mnt "$d")
  # busybox for the plumbing (static: cheaper to exec under TCG); procps, glibc, python as readers,
  # by absolute path (busybox's own shell would run its applets of the same names).
  /bin/busybox unshare -m /bin/sh -c '
    m=$1 o=$2 py=$3
    for f in meminfo stat uptime loadavg swaps cpuinfo diskstats; do /bin/busybox mount -o bind "$m/proc/$f" "/proc/$f" || exit 1; done
    for f in online possible present; do /bin/busybox mount -o bind "$m/sys/devices/system/cpu/$f" "/sys/devices/system/cpu/$f" || exit 1; done
    /usr/bin/free -b > "$o/tool-free" 2>&1
    COLUMNS=200 /usr/bin/top -bn1 > "$o/tool-top" 2>&1
    /usr/bin/uptime > "$o/tool-uptime" 2>&1
    /usr/bin/getconf _NPROCESSORS_ONLN > "$o/tool-getconf" 2>&1
    /usr/bin/getconf _NPROCESSORS_CONF > "$o/tool-getconf-conf" 2>&1
    if [ "$py" = yes ]; then /usr/bin/python3 -S -c "import os; print(os.cpu_count())" > "$o/tool-python" 2>&1; fi
  ' _ "$m" "$out/$d" "$python" 2>>"$out/$d/errors" || echo "container: binding $d's files failed" >> "$out/$d/errors"
done
snapshot "$out/snap/tools/after.txt"
mark tools-done
rm -f "/tmp/alloc-$index"
