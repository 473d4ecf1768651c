#!/usr/bin/env bash
# The main job: mount the node daemon, start a transient "container" (its own cgroup with 512 MiB and
# 1.5 CPUs, its own pid and mount namespaces, the daemon's files bound over /proc and /sys, exactly
# what the admission webhook makes the kubelet do) and print what ordinary tools report inside it
# next to what they report on the host. Everything it creates is removed at the end.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cgroup.sh"
cd "$REPO_ROOT"
[ "$(id -u)" = 0 ] || die "run as root (sudo make demo): it mounts FUSE and creates a cgroup"

# Only what the demo runs: procps and util-linux (its tools), and the daemon; make test installs the rest.
bash hack/prereqs.d/10-host-tools.sh
bash hack/publish-daemon.sh

work=$(mktemp -d /tmp/lxcfs-demo.XXXXXX)
mnt=$work/lxcfs
group="lxcfs-demo-$$"
daemon_pid=""
cleanup() {
  cg_remove "$group"
  if [ -n "$daemon_pid" ]; then kill -TERM "$daemon_pid" 2>/dev/null || true; wait "$daemon_pid" 2>/dev/null || true; fi
  mountpoint -q "$mnt" 2>/dev/null && umount -l "$mnt"
  rm -rf "$work"
}
trap cleanup EXIT

artifacts/bin/lxcfs-daemon "$mnt" --enable-cfs -l -p "$work/lxcfs.pid" 2>"$work/daemon.log" &
daemon_pid=$!
for _ in $(seq 1 300); do cat "$mnt/proc/uptime" >/dev/null 2>&1 && break; sleep 0.02; done
cat "$mnt/proc/uptime" >/dev/null || { cat "$work/daemon.log" >&2; die "the daemon did not start"; }

cat > "$work/report.sh" <<'REPORT'
section() { printf '\n%s\n' "$1"; }
section '$ free -m';                             free -m
section '$ head -3 /proc/meminfo';                head -3 /proc/meminfo
section '$ nproc   (affinity: cpuset only)';      nproc
section '$ grep -c processor /proc/cpuinfo';      grep -c processor /proc/cpuinfo
section '$ cat /sys/devices/system/cpu/online';   cat /sys/devices/system/cpu/online
section '$ grep -c "^cpu[0-9]" /proc/stat';      grep -c '^cpu[0-9]' /proc/stat
section '$ uptime';                               uptime
section '$ python3 -c "import os; print(os.cpu_count())"'; python3 -c 'import os; print(os.cpu_count())'
section '$ top -bn1 | head -5';                   top -bn1 | head -5 | cut -c1-60
REPORT

# The container: enter the cgroup, then new pid + mount namespaces; bind the daemon's files over the
# real ones inside (private propagation, so the host never sees these binds).
cat > "$work/container.sh" <<CONTAINER
set -e
for f in cpuinfo meminfo stat uptime swaps diskstats loadavg; do mount --bind "$mnt/proc/\$f" "/proc/\$f"; done
mount --bind "$mnt/sys/devices/system/cpu/online" /sys/devices/system/cpu/online
exec sh "$work/report.sh"
CONTAINER

mem=$((512 * 1024 * 1024))
cg_create "$group" "$mem" 150000 100000
sh "$work/report.sh" > "$work/host.txt" 2>&1
sh -c "echo \$\$ > /dev/null; $(declare -f cg_dirs cg_is_v2 cg_enter); cg_enter '$group' \$\$; exec unshare --pid --fork --mount --propagation private --mount-proc sh '$work/container.sh'" > "$work/container.txt" 2>&1

echo "Node daemon serving $mnt (pid $daemon_pid, flags --enable-cfs -l); container cgroup '$group': 512 MiB, 1.5 CPUs"
echo "The container sees ceil(1.5) = 2 CPUs at most, capped by the host's $(nproc --all); its memory, uptime and load are its own."
echo
width=$(( $(tput cols 2>/dev/null || echo 160) / 2 - 2 ))
[ "$width" -ge 60 ] || width=78
printf "%-${width}s  %s\n" "HOST" "CONTAINER (cgroup + pid/mount namespaces, lxcfs files bound)"
printf "%-${width}s  %s\n" "$(printf '%*s' "$width" '' | tr ' ' '-')" "$(printf '%*s' "$width" '' | tr ' ' '-')"
awk -v w="$width" 'NR == FNR { left[FNR] = $0; n = FNR; next }
  { right[FNR] = $0; if (FNR > m) m = FNR }
  END { for (i = 1; i <= (n > m ? n : m); i++) printf "%-" w "." w "s  %s\n", left[i], right[i] }' "$work/host.txt" "$work/container.txt"
