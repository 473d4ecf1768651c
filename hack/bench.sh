#!/usr/bin/env bash
# Prints benchmark figures measured in one run on this machine, each against a reference run alongside:
#  - the node daemon vs Debian's lxcfs, both mounted side by side, read by the same client in a new pid
#    namespace inside a cgroup with a memory limit and a CFS quota (a container, so both servers do a
#    container's work): latency, throughput, start-up time and memory;
#  - the webhook vs a bare Kestrel endpoint (hack/bench-webhook.sh; BENCH_WEBHOOK=0 leaves it out).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cgroup.sh"
cd "$REPO_ROOT"
bash hack/prereqs.sh >/dev/null
bash hack/publish-daemon.sh
dotnet build bench/Lxcfs.Bench -c Release -nologo -v q -clp:ErrorsOnly >&2
bench_dll="$REPO_ROOT/bench/Lxcfs.Bench/bin/Release/net10.0/lxcfs-bench.dll"

work=$(mktemp -d /tmp/lxcfs-bench.XXXXXX)
group="lxcfs-bench-$$-$RANDOM"
pids=()
cleanup() {
  cg_remove "$group"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for m in "$work/ours" "$work/lxcfs" "$work/floor"; do mountpoint -q "$m" 2>/dev/null && umount -l "$m"; done
  rm -rf "$work"
}
trap cleanup EXIT

# start_daemon NAME CMD...: starts it in the background, waits until a read of $PROBE (default proc/uptime) works and
# sets started_ms (milliseconds from exec to the first read served) and started_pid.
start_daemon() {
  local name=$1; shift
  mkdir -p "$work/$name"
  local t0; t0=$(date +%s%N)
  "$@" >"$work/$name.log" 2>&1 &
  started_pid=$!
  pids+=("$started_pid")
  for _ in $(seq 1 500); do
    if cat "$work/$name/${PROBE:-proc/uptime}" >/dev/null 2>&1; then
      started_ms=$(( ($(date +%s%N) - t0) / 1000000 )); return 0
    fi
    sleep 0.01
  done
  cat "$work/$name.log" >&2; die "$name did not start"
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }

start_daemon ours artifacts/bin/lxcfs-daemon "$work/ours" --enable-cfs -l -p "$work/ours.pid"
ours_ms=$started_ms; ours_pid=$started_pid
start_daemon lxcfs lxcfs "$work/lxcfs" --enable-cfs -l -p "$work/lxcfs.pid"
lxcfs_ms=$started_ms; lxcfs_pid=$started_pid
idle_ours=$(rss_kb "$ours_pid"); idle_lxcfs=$(rss_kb "$lxcfs_pid")
# The floor: a constant file through the same FUSE layer, so the kernel's share of each figure shows.
PROBE=floor start_daemon floor dotnet "$bench_dll" floor "$work/floor"

# The reader's container: 4 GiB and a quota of as many CPUs as the machine has (the client is not throttled).
cg_create "$group" 4294967296 "$(( $(nproc) * 100000 ))" 100000
daemon_start=$(cpu_times)
echo "== node daemon vs lxcfs $(dpkg-query -W -f='${Version}' lxcfs) (same flags: --enable-cfs -l; reader in its own pid namespace and cgroup: 4 GiB, $(nproc) CPUs) =="
(
  cg_enter "$group" "$BASHPID"
  exec unshare --pid --fork dotnet "$bench_dll" fuse --ours "$work/ours" --lxcfs "$work/lxcfs" \
    --floor "$work/floor/floor" --files "${BENCH_FILES:-proc/uptime,proc/meminfo,proc/cpuinfo,proc/stat}" \
    --iterations "${BENCH_ITERATIONS:-3000}" --seconds "${BENCH_SECONDS:-3}" --threads "${BENCH_THREADS:-8}"
)
echo "(CPU time stolen by the hypervisor during these rounds: $(stolen_percent "$daemon_start" "$(cpu_times)")%)"
printf '%-34s %10s %10s %8s\n' "" "ours" "lxcfs" "ratio"
printf '%-34s %10s %10s %7.2fx\n' "start to first read served (ms)" "$ours_ms" "$lxcfs_ms" "$(echo "$ours_ms / $lxcfs_ms" | bc -l)"
printf '%-34s %10s %10s %7.2fx\n' "RSS idle after start (KiB)" "$idle_ours" "$idle_lxcfs" "$(echo "$idle_ours / $idle_lxcfs" | bc -l)"
printf '%-34s %10s %10s %7.2fx\n' "RSS after the run (KiB)" "$(rss_kb "$ours_pid")" "$(rss_kb "$lxcfs_pid")" "$(echo "$(rss_kb "$ours_pid") / $(rss_kb "$lxcfs_pid")" | bc -l)"
printf '%-34s %10s %10s %7.2fx\n' "peak RSS (KiB)" "$(hwm_kb "$ours_pid")" "$(hwm_kb "$lxcfs_pid")" "$(echo "$(hwm_kb "$ours_pid") / $(hwm_kb "$lxcfs_pid")" | bc -l)"

if [ "${BENCH_WEBHOOK:-1}" != 0 ]; then
  echo
  bash hack/bench-webhook.sh
fi
