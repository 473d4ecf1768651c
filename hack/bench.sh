#!/usr/bin/env bash
# Prints benchmark figures measured in one run on this machine, each against references run alongside
# (docs/benchmarks.md explains every table):
#  - per file, the node daemon against Debian's lxcfs and two floors: a do-nothing raw FUSE server in C
#    (bench/native/fuse-floor.c: one thread, direct_io, a constant 16-byte file) and the same constant
#    file served through our own FUSE layer (bench/Lxcfs.Bench FloorServer); latency in alternating
#    rounds and 8-reader throughput, for a reader in a container (its own cgroup with a memory limit and
#    a CFS quota, its own pid namespace) and for a reader in the host's root cgroup and pid namespace;
#  - in the same rounds, "forced": the C floor's read plus the pseudo-file reads each view cannot avoid
#    (bench/native/forced-reads.c, run in the reader's place), the limit below which no server can go;
#  - when the daemon has --metrics-address, a second instance serving metrics, scraped once a second
#    during the container's reads: its latency and throughput against the plain one's, and its memory;
#  - start-up time and memory, ours against lxcfs;
#  - a scale run: N containers alive at once (bench/native/container-readers.c), read round-robin
#    through our mount: per-read cost cold and warm, the floor's in the same run, and the daemon's RSS;
#  - the webhook vs a bare Kestrel (hack/bench-webhook.sh; BENCH_WEBHOOK=0 leaves it out).
# Env: BENCH_FILES (comma-separated, default all eight served files), BENCH_ROUNDS (30), BENCH_READS (reads
# per server per round, 60), BENCH_SECONDS (per throughput measurement, 0.5), BENCH_THREADS (8),
# BENCH_SCALE (container counts, "1 100 1000"), BENCH_SCALE_FILE (proc/meminfo), BENCH_SCALE_READS (reads
# of the file per N at least, 3000; every container reads at least 4 times).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cgroup.sh"
cd "$REPO_ROOT"
bash hack/prereqs.sh >/dev/null
apt_install gcc libc6-dev
bash hack/publish-daemon.sh
dotnet build bench/Lxcfs.Bench -c Release -nologo -v q -clp:ErrorsOnly >&2
bench_dll="$REPO_ROOT/bench/Lxcfs.Bench/bin/Release/net10.0/lxcfs-bench.dll"
native="$REPO_ROOT/artifacts/bench"
mkdir -p "$native"
for tool in fuse-floor container-readers forced-reads; do
  cc -O2 -Wall -Wextra -Werror -o "$native/$tool" "bench/native/$tool.c"
done

files=${BENCH_FILES:-proc/uptime,proc/meminfo,proc/cpuinfo,proc/stat,proc/loadavg,proc/swaps,proc/diskstats,sys/devices/system/cpu/online}
work=$(mktemp -d /tmp/lxcfs-bench.XXXXXX)
group="lxcfs-bench-$$-$RANDOM"
scale_group="$group-scale"
servers_group="$group-servers"
pids=()
running=""
scraper=""
# remove_scale_cgroups: kills whatever is left in the scale run's container cgroups (by pid) and removes them.
remove_scale_cgroups() {
  local d c p left
  for d in $(cg_dirs "$scale_group"); do
    for c in "$d"/c*/; do
      [ -d "$c" ] || continue
      for p in $(cat "$c/cgroup.procs" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
    done
  done
  # A cgroup stays busy for a moment after its last process is reaped.
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    left=0
    for d in $(cg_dirs "$scale_group"); do
      for c in "$d"/c*/; do [ -d "$c" ] && { rmdir "$c" 2>/dev/null || left=1; }; done
    done
    [ "$left" = 0 ] && break
    sleep 0.2
  done
  cg_remove "$scale_group"
}

cleanup() {
  # The measurement in progress first (the scale helper removes its own cgroups when it can), then what
  # is left in the cgroups, then the servers, whose mounts go with them.
  if [ -n "$running" ]; then kill -TERM "$running" 2>/dev/null || true; wait "$running" 2>/dev/null || true; fi
  stop_scraper
  remove_scale_cgroups
  cg_remove "$group"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for m in ours lxcfs floor layer metrics; do mountpoint -q "$work/$m" 2>/dev/null && umount -l "$work/$m"; done
  cg_remove "$servers_group"
  rm -rf "$work"
}
trap cleanup EXIT
# A signal ends the script (and so runs cleanup) without waiting for the measurement in progress,
# which runs in the background for that reason.
trap 'exit 130' INT
trap 'exit 143' TERM

# in_background CMD...: runs CMD in the background, waits for it, returns its status.
in_background() {
  "$@" &
  running=$!
  local status=0
  wait "$running" || status=$?
  running=""
  return "$status"
}

# Every server runs in a cgroup of its own, as the daemon does when deployed (its pod's, or its systemd
# service's), never in a reader's. Sharing the reader's CPU cgroup changes how the scheduler hands the CPU
# back and forth: measured, a reader in the root cgroup with the servers there too made 8.4 context
# switches per read of a multi-threaded server against 6.1 for the one-thread C floor, where each reader
# placement makes 6.1 for both when the servers have their own cgroup (docs/benchmarks.md).
cg_create_plain "$servers_group"

# start_daemon NAME CMD...: starts it in the background in the servers' cgroup, waits until a read of $PROBE (default proc/uptime) works and
# sets started_ms (milliseconds from exec to the first read served) and started_pid.
start_daemon() {
  local name=$1; shift
  mkdir -p "$work/$name"
  local t0; t0=$(date +%s%N)
  (cg_enter "$servers_group" "$BASHPID"; exec "$@") >"$work/$name.log" 2>&1 &
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

# free_port: a TCP port below the ephemeral range (so no outgoing connection takes it meanwhile) that no
# socket on this machine holds, chosen now rather than fixed, so that two runs or another service never clash.
free_port() {
  local low used port hex
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range
  used=" "
  while read -r hex; do used+="$((16#$hex)) "; done < <(awk 'FNR > 1 { split($2, a, ":"); print a[2] }' /proc/net/tcp /proc/net/tcp6 2>/dev/null)
  for _ in $(seq 1 100); do
    port=$(( 10000 + RANDOM % (low - 10000) ))
    case $used in *" $port "*) ;; *) echo "$port"; return 0 ;; esac
  done
  die "no free TCP port found below $low"
}

# scrape_once PORT: one GET of /metrics, as Prometheus makes it; prints the answer's status line. Plain
# bash (/dev/tcp), so the benchmark needs no HTTP client; the daemon answers one request per connection.
scrape_once() {
  local status="no answer"
  exec 3<>"/dev/tcp/127.0.0.1/$1" || { echo "$status"; return 1; }
  printf 'GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$1" >&3
  IFS= read -r status <&3 || true
  while IFS= read -r _ <&3; do :; done
  exec 3<&-
  echo "${status%$'\r'}"
}

# scrape_metrics PORT: scrape_once every second until TERM, each status line appended to $work/scrapes.
# The pause is a child waited for, so that TERM ends it at once and leaves no sleep behind.
scrape_metrics() {
  local sleeper=""
  trap '[ -z "$sleeper" ] || kill "$sleeper" 2>/dev/null; exit 0' TERM
  while :; do
    scrape_once "$1" >>"$work/scrapes" 2>/dev/null || true
    sleep 1 & sleeper=$!
    wait "$sleeper" || true
    sleeper=""
  done
}
stop_scraper() {
  [ -n "$scraper" ] || return 0
  kill -TERM "$scraper" 2>/dev/null || true
  wait "$scraper" 2>/dev/null || true
  scraper=""
}

# enter_root_cgroups PID: moves PID to the root cgroup of every hierarchy in which it is elsewhere (found
# through /proc/PID/cgroup and the cgroup mounts), so that it reads as a process of the host does.
enter_root_cgroups() {
  local pid=$1 hierarchy controllers path dir
  while IFS=: read -r hierarchy controllers path; do
    [ "$path" = / ] && continue
    dir=$(awk -v want="${controllers%%,*}" -v v2="$([ "$hierarchy" = 0 ] && echo 1)" '
      { for (i = 1; $i != "-"; i++); type = $(i + 1); n = split($(i + 3), opts, ",") }
      v2 && type == "cgroup2" && $4 == "/" { print $5; exit }
      !v2 && type == "cgroup" && $4 == "/" { for (k = 1; k <= n; k++) if (opts[k] == want) { print $5; exit } }' /proc/self/mountinfo)
    [ -n "$dir" ] || die "no root of cgroup hierarchy $hierarchy ($controllers) is mounted here"
    echo "$pid" >"$dir/cgroup.procs"
  done <"/proc/$pid/cgroup"
}

# The read benchmark's arguments but the parts and the CPU note, which each caller adds.
read_args=(fuse --ours "$work/ours" --lxcfs "$work/lxcfs" --floor "$work/floor/floor" --layer-floor "$work/layer/floor"
  --forced-reads "$native/forced-reads"
  --files "$files" --rounds "${BENCH_ROUNDS:-30}" --reads "${BENCH_READS:-60}" --seconds "${BENCH_SECONDS:-0.5}"
  --threads "${BENCH_THREADS:-8}")

start_daemon ours artifacts/bin/lxcfs-daemon "$work/ours" --enable-cfs -l -p "$work/ours.pid"
ours_ms=$started_ms; ours_pid=$started_pid
# A second instance of ours serving metrics, if this build has them; measured in the container's tables.
metrics_pid=""; metrics_args=()
daemon_help=$(artifacts/bin/lxcfs-daemon --help 2>&1 || true)
if [[ $daemon_help == *--metrics-address* ]]; then
  metrics_port=$(free_port)
  start_daemon metrics artifacts/bin/lxcfs-daemon "$work/metrics" --enable-cfs -l -p "$work/metrics.pid" --metrics-address "127.0.0.1:$metrics_port"
  metrics_pid=$started_pid; idle_metrics=$(rss_kb "$metrics_pid")
  metrics_args=(--metrics "$work/metrics")
  # The metrics server binds on a thread of its own, maybe after the mount serves.
  for _ in $(seq 1 50); do [[ $(scrape_once "$metrics_port" 2>/dev/null) == *" 200 "* ]] && break; sleep 0.1; done
  [[ $(scrape_once "$metrics_port" 2>/dev/null) == *" 200 "* ]] || { cat "$work/metrics.log" >&2; die "the metrics instance does not answer on 127.0.0.1:$metrics_port"; }
fi
start_daemon lxcfs lxcfs "$work/lxcfs" --enable-cfs -l -p "$work/lxcfs.pid"
lxcfs_ms=$started_ms; lxcfs_pid=$started_pid
idle_ours=$(rss_kb "$ours_pid"); idle_lxcfs=$(rss_kb "$lxcfs_pid")
PROBE=floor start_daemon floor "$native/fuse-floor" "$work/floor"
PROBE=floor start_daemon layer dotnet "$bench_dll" floor "$work/layer"

cpus=$(nproc)
cat <<EOF
== reads: node daemon vs lxcfs $(dpkg-query -W -f='${Version}' lxcfs) (both --enable-cfs -l) vs two floors ==
floor: a do-nothing raw FUSE server in C, one thread, answering OPEN with direct_io|noflush and a constant
  16-byte file: the kernel's round trips and the context switches, which no server can remove.
layer: the same constant file through our own FUSE layer (reader threads, dispatch, handles), so
  layer/floor is our FUSE layer's own cost and ours/layer the cost of rendering the file.
What each server answers to OPEN, which decides the round trips of a read: ours direct_io|noflush
  (OPEN, READ, READ at EOF, async RELEASE), both floors the same, lxcfs direct_io without noflush (one
  more synchronous round trip: FLUSH at close). Names cached 1 h by ours and the floors, 0.5 s by lxcfs.
Placement: every server runs in a cgroup of its own without limits, as the daemon does when deployed (its
  pod's or its systemd service's); readers never share it.
Latency: p50 µs of open + read-to-EOF + close by one reader; the servers alternate in short rounds and a
  ratio is the median over rounds of that round's ratio (robust to the machine's drift). Measured twice:
  with the reader and every server pinned to one CPU (each round trip a same-CPU wakeup: stable, the
  servers' own work), and with nothing pinned (as deployed; on a small shared VM where the scheduler puts
  the one-thread floor relative to the reader moves it for seconds at a time). The goal is ours within
  1.2x the floor for every file; a verdict is printed, the run never fails on it.
forced: in the same rounds, one timed iteration of a C helper run in the reader's place (its cgroups, pid
  namespace and CPU): the C floor's read plus the pseudo-files the file's view cannot avoid reading on
  every read to stay fresh (for a container: its cgroup's usage files and the host's /proc file the view
  is made from; for the host: the host's file), kept open and read again with pread at offset 0 as the
  daemon reads them. ours/forced near 1.0 means the daemon adds nothing beyond what the kernel forces;
  where forced/floor is itself above 1.2x, the goal is past the physical limit for that file on this
  machine, whatever the server ("goal past the limit"). How the daemon checks who reads (on every read of
  a caller seen before, one pidfd_send_signal, so that a recycled pid never gets another container's view)
  is its choice, not forced: timed apart, printed once per placement. A pinned file over the goal also
  says what the forced reads and that check cost through our layer (forced/floor x layer/floor + check/floor):
  the least any server on our layer that guards against recycled pids could cost for that file.
Throughput: whole files/s with ${BENCH_THREADS:-8} concurrent readers, and ours as a fraction of the floor's and lxcfs's.
EOF
if [ -n "$metrics_pid" ]; then
  echo "ours+metrics: a second instance of ours with --metrics-address 127.0.0.1:$metrics_port, its /metrics GET once a"
  echo "  second during the container's reads; in the pinned latency and the throughput table of the container."
else
  echo "(metrics: the daemon was built without --metrics-address; not measured)"
fi
stolen_from=$(cpu_times)

# The pinned latency table's CPU: the first this script may run on.
all_cpus=$(taskset -cp $$ | sed 's/.*: //')
pin_cpu=${all_cpus%%[-,]*}
# servers_on CPULIST: moves every thread of every server there (threads made later inherit it).
servers_on() { local pid; for pid in "${pids[@]}"; do taskset -a -p -c "$1" "$pid" >/dev/null; done; }
# run_reader CMD...: execs CMD, pinned to $pin when set.
run_reader() { if [ -n "$pin" ]; then exec taskset -c "$pin" "$@"; else exec "$@"; fi; }
container_reader() {
  cg_enter "$group" "$BASHPID"
  run_reader unshare --pid --fork dotnet "$bench_dll" "${read_args[@]}" "$@"
}
host_reader() {
  enter_root_cgroups "$BASHPID"
  run_reader dotnet "$bench_dll" "${read_args[@]}" "$@"
}
# measure READER LABEL [ARG...]: latency with the reader and the servers on one CPU (every round trip a
# same-CPU wakeup: the servers' own work and the kernel's, stable), then latency and throughput as
# deployed; ARGs go to the pinned latency and the throughput runs (the metrics instance's column).
# Each table's goal line is kept for the summary at the end, labelled with where its reader was.
measure() {
  local reader=$1 label=$2; shift 2
  servers_on "$pin_cpu"
  pin=$pin_cpu in_background "$reader" --parts view,latency,identify --pinned "$pin_cpu" "$@" >"$work/read.out"
  servers_on "$all_cpus"
  cat "$work/read.out"; keep_goal "$label, pinned"
  echo
  pin="" in_background "$reader" --parts latency >"$work/read.out"
  cat "$work/read.out"; keep_goal "$label, nothing pinned"
  echo
  pin="" in_background "$reader" --parts throughput "$@" >"$work/read.out"
  cat "$work/read.out"
}
keep_goal() { sed -n "s/^goal (every file within \([0-9.]*x\) the floor.*): \(.*\)/  latency within \1 the floor, reader $1: \2/p" "$work/read.out" >>"$work/goals"; }

# The reader's container: 4 GiB and a quota of as many CPUs as the machine has (the client is not throttled).
cg_create "$group" 4294967296 "$(( cpus * 100000 ))" 100000
echo
echo "-- reader in a container (its own cgroup: 4 GiB, $cpus CPUs of quota; its own pid namespace) --"
if [ -n "$metrics_pid" ]; then scrape_metrics "$metrics_port" & scraper=$!; fi
measure container_reader "in a container" "${metrics_args[@]}"
stop_scraper
if [ -n "$metrics_pid" ]; then
  echo "(metrics: $(grep -c ' 200 ' "$work/scrapes" || true) scrapes answered 200, $(grep -vc ' 200 ' "$work/scrapes" || true) otherwise, during these reads)"
fi
echo
echo "-- reader on the host (the root cgroup of every hierarchy, the host's pid namespace: the host's view) --"
measure host_reader "on the host"
echo "(CPU time stolen by the hypervisor during these reads: $(stolen_percent "$stolen_from" "$(cpu_times)")%)"

echo
echo "== start-up and memory: node daemon vs lxcfs =="
printf '%-34s %10s %10s %8s\n' "" "ours" "lxcfs" "ratio"
printf '%-34s %10s %10s %7.2fx\n' "start to first read served (ms)" "$ours_ms" "$lxcfs_ms" "$(echo "$ours_ms / $lxcfs_ms" | bc -l)"
printf '%-34s %10s %10s %7.2fx\n' "RSS idle after start (KiB)" "$idle_ours" "$idle_lxcfs" "$(echo "$idle_ours / $idle_lxcfs" | bc -l)"
printf '%-34s %10s %10s %7.2fx\n' "RSS after the reads (KiB)" "$(rss_kb "$ours_pid")" "$(rss_kb "$lxcfs_pid")" "$(echo "$(rss_kb "$ours_pid") / $(rss_kb "$lxcfs_pid")" | bc -l)"
printf '%-34s %10s %10s %7.2fx\n' "peak RSS (KiB)" "$(hwm_kb "$ours_pid")" "$(hwm_kb "$lxcfs_pid")" "$(echo "$(hwm_kb "$ours_pid") / $(hwm_kb "$lxcfs_pid")" | bc -l)"
if [ -n "$metrics_pid" ]; then
  echo
  echo "== memory: ours serving metrics vs the plain one (read in the container's tables only; ours in all) =="
  printf '%-34s %10s %12s %8s\n' "" "ours" "ours+metrics" "ratio"
  printf '%-34s %10s %12s %7.2fx\n' "RSS idle after start (KiB)" "$idle_ours" "$idle_metrics" "$(echo "$idle_metrics / $idle_ours" | bc -l)"
  printf '%-34s %10s %12s %7.2fx\n' "RSS after the reads (KiB)" "$(rss_kb "$ours_pid")" "$(rss_kb "$metrics_pid")" "$(echo "$(rss_kb "$metrics_pid") / $(rss_kb "$ours_pid")" | bc -l)"
  printf '%-34s %10s %12s %7.2fx\n' "peak RSS (KiB)" "$(hwm_kb "$ours_pid")" "$(hwm_kb "$metrics_pid")" "$(echo "$(hwm_kb "$metrics_pid") / $(hwm_kb "$ours_pid")" | bc -l)"
fi

# The scale run's containers live under one parent cgroup: 1 GiB and one CPU of quota each.
scale_file=${BENCH_SCALE_FILE:-proc/meminfo}
scale_reads=${BENCH_SCALE_READS:-3000}
cg_create "$scale_group" 1099511627776 "$(( cpus * 100000 ))" 100000
echo
cat <<EOF
== scale: N containers alive at once, each reading $scale_file through our mount ==
Each container is a process in its own cgroup (1 GiB, 1 CPU of quota) and the init of its own pid
  namespace. They are visited round-robin, so consecutive reads come from different containers and the
  daemon must keep all N in its caches; each visit reads the file and the C floor's once (order alternating).
The containers, the helper and every server run on CPU $pin_cpu, as in the pinned latency tables.
cold: a container's first read (the daemon resolves it); warm: every later read; floor: the C floor's
  warm reads in the same visits. µs per open + read-to-EOF + close, timed inside the container.
vs first N: warm cost at N over that at the first N (raw, and with each divided by its own run's floor).
setup s / rm s: making the N cgroups and processes / ending them and removing the cgroups.
RSS: the daemon's VmRSS and VmHWM (peak since start) after the N containers are gone.
EOF
stolen_from=$(cpu_times)
servers_on "$pin_cpu"
printf '%6s %6s %7s %5s %8s %8s %8s %8s %8s %8s %9s %9s %9s %9s\n' N reads "setup s" "rm s" "cold p50" "cold avg" "warm p50" "warm avg" "floor50" "floorAvg" "vs first" "/floor vs" "RSS KiB" "HWM KiB"
# field KEY: a value from the scale helper's key=value line.
field() { tr ' ' '\n' <"$work/scale.out" | awk -F= -v k="$1" '$1 == k { print $2 }'; }
first_warm=""; first_norm=""; first_n=""; n=""
for n in ${BENCH_SCALE:-1 100 1000}; do
  rounds=$(( (scale_reads + n - 1) / n )); [ "$rounds" -lt 4 ] && rounds=4
  # shellcheck disable=SC2046 # one argument per controller directory
  in_background taskset -c "$pin_cpu" "$native/container-readers" -n "$n" -r "$rounds" -m 1073741824 -q 100000 -p 100000 \
    "$work/ours/$scale_file" "$work/floor/floor" $(cg_dirs "$scale_group") >"$work/scale.out"
  warm=$(field warm_p50); norm=$(awk -v a="$warm" -v b="$(field floor_p50)" 'BEGIN { print a / b }')
  [ -n "$first_warm" ] || { first_warm=$warm; first_norm=$norm; first_n=$n; }
  raw_ratio=$(awk -v a="$warm" -v b="$first_warm" 'BEGIN { print a / b }')
  norm_ratio=$(awk -v a="$norm" -v b="$first_norm" 'BEGIN { print a / b }')
  printf '%6d %6d %7.1f %5.1f %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f %8.2fx %8.2fx %9d %9d\n' "$n" "$(( n * rounds ))" \
    "$(awk -v ms="$(field setup_ms)" 'BEGIN { print ms / 1000 }')" "$(awk -v ms="$(field teardown_ms)" 'BEGIN { print ms / 1000 }')" "$(field cold_p50)" "$(field cold_mean)" "$warm" \
    "$(field warm_mean)" "$(field floor_p50)" "$(field floor_mean)" "$raw_ratio" "$norm_ratio" "$(rss_kb "$ours_pid")" "$(hwm_kb "$ours_pid")"
  [ "$(field failures)" = 0 ] || echo "       $(field failures) reads failed (last: $(field last_error))"
done
servers_on "$all_cpus"
echo "(CPU time stolen by the hypervisor during the scale run: $(stolen_percent "$stolen_from" "$(cpu_times)")%)"
echo
echo "== goals of issue 16 (verdicts; the run never fails on them) =="
cat "$work/goals"
if [ -n "$first_warm" ] && [ "$n" != "$first_n" ]; then
  awk -v n="$n" -v first="$first_n" -v raw="$raw_ratio" -v per_floor="$norm_ratio" 'BEGIN {
    printf "  scale: warm per-read p50 at %d containers within 1.1x of that at %d: %.2fx raw (%s), %.2fx per floor (%s)\n",
      n, first, raw, raw <= 1.1 ? "within" : "over", per_floor, per_floor <= 1.1 ? "within" : "over" }'
fi

if [ "${BENCH_WEBHOOK:-1}" != 0 ]; then
  echo
  bash hack/bench-webhook.sh
fi
