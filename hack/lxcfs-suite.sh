#!/usr/bin/env bash
# Runs LXCFS's own upstream test suite (the tests/ directory of its source: main.sh and the tests it
# runs) against our daemon, one test at a time, and prints one line per test:
#
#   RESULT <name> PASS|FAIL|N/A <reason>
#
# (what tests/Lxcfs.Daemon.Tests/UpstreamSuiteTests.cs reads), then a table of the same. N/A is a test
# that does not apply to the daemon under test, with the reason; it is reported, never dropped.
#
# The tests come from Debian's lxcfs source package, fetched once and cached by
# hack/lxcfs-suite-sources.sh (see there for which version and why).
#
# What runs, in main.sh's order and main.sh's way (each test as the init of a new pid namespace,
# 'unshare -fmp --mount-proc', so the "/proc/1" it reads is itself):
#   setup            the daemon started with main.sh's command line, '--enable-cgroup -p PIDFILE DIR'
#                    (6.x; 5.x has no such flag); if it does not mount, again without the 6.x flag
#   test_readdir     (Stress readdir) 'ls -al DIR/cgroup/cpuset' 1000 times: the cgroupfs emulation.
#                    N/A when the mount has no /cgroup (LXCFS 7.0 removed it; this daemon never had it)
#   test_proc        64 MiB and cpuset 0: uptime, cpuinfo, online, stat, meminfo (and the /proc listing)
#   test_cgroup      writes limits through DIR/cgroup/...: the cgroupfs emulation; N/A as test_readdir
#   test_read_proc   tests/test-read: 1024-byte reads of cpuinfo, stat, meminfo a second apart
#   cpusetrange      a unit test of lxcfs's own C cpuset parser (no mount involved)
#   meminfo_hierarchy  MemTotal under a 500000000-byte limit equals MemTotal in a child cgroup
#   test_reload      N/A: it 'meson install's lxcfs and swaps liblxcfs.so for its -DRELOADTEST twin,
#                    then expects SIGUSR1 to dlopen it. test_reload:adapted checks what applies to any
#                    implementation (SIGUSR1, as Debian's packaging sends it, then the mount still
#                    serves /proc/uptime) on a separate instance
#   sigusr2          'kill -USR2 PID', test_sigusr2.sh (MemTotal equals the host's under a 64 MiB
#                    limit); sigusr2:switch-back: 'kill -USR2 PID' again, and a container limited to
#                    64 MiB sees 65536 kB again (main.sh only checks that the daemon is still there)
#   defunct          main.sh's final check: no zombie process whose 'ps -ef' line names lxcfs
#   main.sh          upstream's own runner, unmodified except the template variables and the steps that
#                    do not apply (named in its reason), with BUILD_ROOT/lxcfs being our daemon:
#                    upstream's single verdict. When the daemon needed 5.x's command line at setup, also
#                    main.sh(5.0-cmdline), spawning it without --enable-cgroup
#   live-upgrade-test.sh, test_confinement.sh: N/A (main.sh runs neither; reasons below)
#
# The tests create cgroups next to their own (those of /proc/1, i.e. their own shell) and do not
# remove them. So every test starts in cgroups made for this run below the runner's own cgroups
# (lxcfs-suite-PID in memory, cpuset, freezer), and everything below those is removed after each
# test. The suite's cpuset cgroup gets its parent's cpus/mems and cgroup.clone_children=1, as
# Debian's autopkgtest sets on the cpuset root, so the tests' new cpuset cgroups can take tasks.
# Everything the run starts, mounts or creates is removed on exit, whatever the outcome, and on
# SIGTERM/SIGINT too: every long step runs in the background under a timeout and the script waits
# for it, so a signal is handled at once.
#
# Environment:
#   LXCFS_SUITE_DAEMON    the binary under test (default: LXCFS_DAEMON_BIN, else artifacts/bin/lxcfs-daemon,
#                         published first); /usr/bin/lxcfs runs the same suite against Debian's lxcfs
#   LXCFS_SUITE_FETCH     'no': install and download nothing; a missing prerequisite is one line
#                         'MISSING <what>' and exit 2 (the test run's mode; 'make test' fetches first)
#   LXCFS_SUITE_SOURCES   source package versions to try, in order (hack/lxcfs-suite-sources.sh)
#   LXCFS_SUITE_ONLY      space-separated row names to run (default: all)
#   LXCFS_SUITE_TIMEOUT   seconds one test may take (default 180; main.sh gets twice as long)
# Exits 0 when every test that applies passed, 1 when one failed, 2 when a prerequisite is missing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

LXCFS_SUITE_FETCH=${LXCFS_SUITE_FETCH:-yes}
LXCFS_SUITE_ONLY=${LXCFS_SUITE_ONLY:-}
LXCFS_SUITE_TIMEOUT=${LXCFS_SUITE_TIMEOUT:-180}
NOT_CGROUPFS="not applicable: /cgroup emulation (removed in LXCFS 7.0)"

missing() { echo "MISSING $*"; exit 2; }

[ "$(id -u)" -eq 0 ] || missing "root: the tests mount, create cgroups and enter namespaces"
grep -q ' - cgroup cgroup ' /proc/self/mountinfo || missing "a cgroup v1 or hybrid host: the suite's paths are cgroup v1's"

# --- the upstream tests, fetched once ------------------------------------------------------------

sources_err=$(mktemp)
sources_rc=0
sources_args=()
[ "$LXCFS_SUITE_FETCH" = no ] && sources_args=(--cached)
tree=$(bash hack/lxcfs-suite-sources.sh "${sources_args[@]}" 2>"$sources_err") || sources_rc=$?
if [ "$sources_rc" -ne 0 ]; then
  why=$(tail -n 1 "$sources_err"); rm -f "$sources_err"
  [ "$sources_rc" -eq 2 ] && missing "$why"
  die "fetching LXCFS's upstream tests failed: $why"
fi
rm -f "$sources_err"
version=${tree##*/lxcfs-}
upstream=${version%%-*}
log "upstream tests of lxcfs $upstream (Debian source package $version)"

# --- the daemon under test ------------------------------------------------------------------------

LXCFS_SUITE_DAEMON=${LXCFS_SUITE_DAEMON:-${LXCFS_DAEMON_BIN:-}}
if [ -z "$LXCFS_SUITE_DAEMON" ]; then
  [ "$LXCFS_SUITE_FETCH" = no ] && missing "the daemon under test: set LXCFS_SUITE_DAEMON or LXCFS_DAEMON_BIN (hack/publish-daemon.sh builds it)"
  bash hack/publish-daemon.sh
  LXCFS_SUITE_DAEMON="$REPO_ROOT/artifacts/bin/lxcfs-daemon"
fi
daemon=$(readlink -f "$LXCFS_SUITE_DAEMON" || true)
if [ -z "$daemon" ] || [ ! -x "$daemon" ]; then missing "the daemon under test at $LXCFS_SUITE_DAEMON"; fi

# --- cleanup: everything this run started, mounted or created -------------------------------------

run_dir=$(mktemp -d /tmp/lxcfs-suite.XXXXXX)
daemon_pids=()
mounts=()
suite_cgroups=()
child=""
handoff_sockets_before=$(ls /tmp/tmp.handoff.sock /tmp/tmp.*.handoff.sock 2>/dev/null || true)
records_before=$(ls /tmp/tmp.*.connections 2>/dev/null || true)

stop_pid() {
  local pid=$1 _
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

# Removes every cgroup below the suite's own (deepest first); the suite's own stay unless told.
clean_cgroups() {
  local keep=${1:-keep} d p _
  for d in "${suite_cgroups[@]}"; do
    [ -d "$d" ] || continue
    # Processes a test left behind (a pid namespace's init exiting kills its namespace, so normally
    # none; a test stopped by its timeout can leave its namespace's init), killed by pid.
    find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null | while read -r p; do kill -KILL "$p" 2>/dev/null || true; done
    for _ in $(seq 1 30); do
      find "$d" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null || true
      [ -z "$(find "$d" -mindepth 1 -type d)" ] && break
      sleep 0.1
    done
    [ "$keep" = keep ] || rmdir "$d" 2>/dev/null || log "could not remove $d"
  done
}

cleanup() {
  set +e
  local pid m s
  # A step still running (the run was signalled): its timeout passes the TERM on to the test.
  [ -n "$child" ] && stop_pid "$child"
  for pid in "${daemon_pids[@]}"; do stop_pid "$pid"; done
  for m in "${mounts[@]}"; do
    if mountpoint -q "$m" 2>/dev/null || grep -q " $m " /proc/self/mountinfo; then umount -l "$m"; fi
  done
  clean_cgroups remove
  # main.sh names its pidfile with mktemp (/tmp/tmp.XXXXXXXXXX) and kills its lxcfs with -9, which
  # leaves our daemon's hand-off socket beside the pidfile it removed: those made during this run
  # (/tmp/tmp.handoff.sock from daemons older than the .pid-only naming). So does the record of the
  # mount's connections, which the daemon keeps beside its pidfile on purpose.
  for s in /tmp/tmp.handoff.sock /tmp/tmp.*.handoff.sock; do
    if [ ! -S "$s" ] || [ -e "${s%.handoff.sock}" ]; then continue; fi
    grep -qxF "$s" <<<"$handoff_sockets_before" || rm -f "$s"
  done
  for s in /tmp/tmp.*.connections; do
    if [ ! -f "$s" ] || [ -e "${s%.connections}" ]; then continue; fi
    grep -qxF "$s" <<<"$records_before" || rm -f "$s"
  done
  rm -f /tmp/lxcfs-iwashere
  rm -rf "$run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# bounded SECONDS CMD...: runs CMD under a timeout, in the background so that a signal to this script
# is handled at once (bash runs traps only between foreground commands); returns CMD's status.
bounded() {
  local secs=$1 rc=0; shift
  timeout "$secs" "$@" &
  child=$!
  wait "$child" || rc=$?
  child=""
  return "$rc"
}

# --- a build root laid out as meson's: BUILD_ROOT/tests/<test>, BUILD_ROOT/lxcfs ---------------------

build="$run_dir/build"
mkdir -p "$build/tests" "$run_dir/logs"
# The tests' only need from meson's config.h is _GNU_SOURCE.
printf '#define _GNU_SOURCE 1\n' >"$build/config.h"
gcc -O1 -I"$build" -o "$build/tests/test-read" "$tree/tests/test-read.c"
gcc -O1 -I"$build" -I"$tree/src" -o "$build/tests/test-cpusetrange" "$tree/tests/cpusetrange.c" "$tree/src/cpuset_parse.c"
# The jinja templates use three variables; meson would render them from config.h the same way.
for f in "$tree"/tests/*.in; do
  out="$build/tests/$(basename "$f" .in)"
  sed -e "s|{{LXCFS_BUILD_ROOT}}|$build|g" -e 's|{{DEFAULT_RUNTIME_PATH}}|/run|g' \
    -e 's|{{RUNTIME_PATH}}|/run|g' -e 's|{{LIBDIR}}|usr/lib/x86_64-linux-gnu|g' "$f" >"$out"
  chmod +x "$out"
done
ln -s "$daemon" "$build/lxcfs"

# main.sh's command line for lxcfs: 6.x gives --enable-cgroup, 5.x has no such flag.
spawn_flags=$(grep -o '\${lxcfs} .*-p \${pidfile}' "$build/tests/main.sh" | head -n1 | sed -e 's/^\${lxcfs} //' -e 's/ *-p \${pidfile}$//')

# --- the suite's cgroups, below the runner's own ---------------------------------------------------

for ctrl in memory cpuset freezer; do
  [ -d "/sys/fs/cgroup/$ctrl" ] || continue
  own=$(awk -F: -v c="$ctrl" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3 }' /proc/self/cgroup)
  d="/sys/fs/cgroup/$ctrl${own%/}/lxcfs-suite-$$"
  mkdir "$d"
  suite_cgroups+=("$d")
  if [ "$ctrl" = cpuset ]; then
    cat "$(dirname "$d")/cpuset.cpus" >"$d/cpuset.cpus"
    cat "$(dirname "$d")/cpuset.mems" >"$d/cpuset.mems"
    echo 1 >"$d/cgroup.clone_children"
  fi
done
suite_tasks=""
for d in "${suite_cgroups[@]}"; do suite_tasks+="$d/cgroup.procs "; done
export SUITE_TASKS=$suite_tasks
memsuite=$(printf '%s\n' "${suite_cgroups[@]}" | grep /memory/ || true)
[ -n "$memsuite" ] || missing "the cgroup v1 memory hierarchy"

# --- results -------------------------------------------------------------------------------------

results=()
failures=0
record() { # NAME PASS|FAIL|N/A REASON
  results+=("$1"$'\t'"$2"$'\t'"$3")
  if [ "$2" = FAIL ]; then failures=$((failures + 1)); fi
  printf 'RESULT %s %s %s\n' "$1" "$2" "$3"
}
wanted() { [ -z "$LXCFS_SUITE_ONLY" ] || [[ " $LXCFS_SUITE_ONLY " == *" $1 "* ]]; }
status_text() { # STATUS: '(status N)' or '(status N, signal NAME)'
  echo "status $1$([ "$1" -gt 128 ] && echo ", signal $(kill -l $(($1 - 128)))")"
}

# why LOG: the command a 'set -eux' test stopped at (its last trace line before its exit trap) and
# the last thing it printed.
why() {
  local log=$1 cmd said
  cmd=$(awk '/^\+ cleanup$/ { exit } /^\+ / { last = $0 } END { print last }' "$log")
  said=$(grep -v '^+' "$log" | grep -v -e '^FAIL$' -e '^==> ' -e '^$' | tail -n 2 | tr '\n' ' ')
  echo "stopped at '${cmd#+ }'${said:+; said: $said}"
}

# in_container TASKS SCRIPT: SCRIPT (sh) as the init of a new pid namespace whose shell first joins
# the cgroups whose cgroup.procs files TASKS names; LXCFSDIR is the mount.
in_container() {
  SUITE_TASKS=$1 LXCFSDIR=$mnt bounded 60 unshare -fmp --mount-proc sh -c 'for t in $SUITE_TASKS; do echo $$ >"$t"; done; '"$2"
}

# A snapshot of what the daemon serves to a container in the cgroups the failed test made last (the
# deepest one in each hierarchy), read as the test did.
view() {
  local d deepest tasks=""
  for d in "${suite_cgroups[@]}"; do
    deepest=$(find "$d" -mindepth 1 -type d | awk -F/ '{ print NF "\t" $0 }' | sort -n | tail -n1 | cut -f2)
    tasks+="${deepest:-$d}/cgroup.procs "
  done
  in_container "$tasks" '
    m=$LXCFSDIR
    printf "    uptime=[%s] cpuinfo processors=%s online=[%s] stat cpu lines=%s %s\n" \
      "$(cat $m/proc/uptime 2>&1)" "$(grep -c ^processor $m/proc/cpuinfo 2>&1)" \
      "$(cat $m/sys/devices/system/cpu/online 2>&1)" "$(grep -c ^cpu $m/proc/stat 2>&1)" \
      "$(grep ^MemTotal $m/proc/meminfo 2>&1 | tr -s " ")"' 2>&1 || true
}

# run_test NAME CMD...: one upstream test, as main.sh's RUNTEST runs it (the init of a new pid
# namespace, in the suite's cgroups), with DEBUG=1 (the tests' 'set -x') so a failure names its command.
run_test() {
  local name=$1 log="$run_dir/logs/$1.log" rc=0; shift
  DEBUG=1 LXCFSDIR=$mnt bounded "$LXCFS_SUITE_TIMEOUT" bash -c 'for t in $SUITE_TASKS; do echo $$ >"$t"; done; exec unshare -fmp --mount-proc "$@"' run_test "$@" >"$log" 2>&1 || rc=$?
  if [ "$rc" -eq 0 ]; then
    record "$name" PASS ""
  else
    record "$name" FAIL "exit $rc$([ "$rc" -eq 124 ] && echo " (timed out after ${LXCFS_SUITE_TIMEOUT}s)"), $(why "$log")"
    mountpoint -q "$mnt" && view
    sed 's/^/    | /' "$log" | tail -n 8
  fi
  clean_cgroups
}

# start_daemon DIR PIDFILE LOG FLAGS...: sets started_pid; returns 1 if DIR is not mounted within
# main.sh's 5 seconds.
start_daemon() {
  local dir=$1 pidfile=$2 dlog=$3 count=1; shift 3
  mounts+=("$dir")
  "$daemon" "$@" -p "$pidfile" "$dir" >"$dlog" 2>&1 &
  started_pid=$!
  daemon_pids+=("$started_pid")
  while ! mountpoint -q "$dir"; do
    sleep 1
    if [ $count -gt 5 ] || ! kill -0 "$started_pid" 2>/dev/null; then return 1; fi
    count=$((count + 1))
  done
}

printf '\nupstream tests: lxcfs %s (Debian %s)\ndaemon under test: %s\n\n' "$upstream" "$version" "$daemon"

# --- setup, as main.sh ---------------------------------------------------------------------------

mnt="$run_dir/mnt"; mkdir -p "$mnt"
pidfile="$run_dir/lxcfs.pid"
setup_flags=$spawn_flags
# shellcheck disable=SC2086
if start_daemon "$mnt" "$pidfile" "$run_dir/logs/daemon.log" $spawn_flags; then
  record setup PASS "mounted by '$(basename "$daemon") $spawn_flags -p PIDFILE DIR'"
else
  record setup FAIL "'$(basename "$daemon") $spawn_flags -p PIDFILE DIR' did not mount: $(head -n 1 "$run_dir/logs/daemon.log")"
  stop_pid "$started_pid"
  [ -n "$spawn_flags" ] || die "the daemon does not mount; nothing to test"
  log "starting the daemon without '$spawn_flags' to run the tests anyway"
  setup_flags=""
  start_daemon "$mnt" "$pidfile" "$run_dir/logs/daemon.log" \
    || die "the daemon does not mount without '$spawn_flags' either: $(tail -n 3 "$run_dir/logs/daemon.log")"
fi
lxcfspid=$started_pid
# Whether the tests of the cgroupfs emulation apply: LXCFS 5.0 serves /cgroup, 6.0 with
# --enable-cgroup; LXCFS 7.0 and this daemon do not.
cgroupfs=no
[ -d "$mnt/cgroup" ] && cgroupfs=yes

cgroupfs_test() { # NAME CMD...
  if [ "$cgroupfs" = yes ]; then run_test "$@"; else record "$1" N/A "$NOT_CGROUPFS"; fi
}

wanted test_readdir && cgroupfs_test test_readdir "$build/tests/test_readdir"
wanted test_proc && run_test test_proc "$build/tests/test_proc"
wanted test_cgroup && cgroupfs_test test_cgroup "$build/tests/test_cgroup"
wanted test_read_proc && run_test test_read_proc "$build/tests/test_read_proc.sh"
wanted cpusetrange && run_test cpusetrange "$build/tests/test-cpusetrange"
wanted meminfo_hierarchy && run_test meminfo_hierarchy "$build/tests/test_meminfo_hierarchy.sh"

if wanted test_reload; then
  record test_reload N/A "not applicable: it 'meson install's lxcfs and swaps its liblxcfs.so for the -DRELOADTEST liblxcfstest.so, then expects SIGUSR1 to dlopen it (marker /tmp/lxcfs-iwashere): lxcfs's library, not a mount's behaviour; test_reload:adapted checks what applies"
  # What of it applies to any lxcfs: after SIGUSR1 (Debian's lxcfs packaging sends it on configure and
  # reload) the mount still serves. On a separate instance, as test_reload.sh uses its own.
  rmnt="$run_dir/reload-mnt"; mkdir -p "$rmnt"
  if ! start_daemon "$rmnt" "$run_dir/reload.pid" "$run_dir/logs/reload-daemon.log"; then
    record test_reload:adapted FAIL "the second instance did not mount"
  else
    rpid=$started_pid
    before=$(cat "$rmnt/proc/uptime" 2>&1) || true
    kill -USR1 "$rpid"; sleep 1
    if after=$(cat "$rmnt/proc/uptime" 2>&1) && kill -0 "$rpid" 2>/dev/null; then
      record test_reload:adapted PASS "uptime before [$before], after SIGUSR1 [$after]"
    else
      state="stayed"
      if ! kill -0 "$rpid" 2>/dev/null; then
        wait "$rpid" 2>/dev/null && status=0 || status=$?
        state="exited ($(status_text "$status"))"
      fi
      record test_reload:adapted FAIL "after SIGUSR1 the daemon $state and 'cat proc/uptime' said: $after"
    fi
    stop_pid "$rpid"; umount -l "$rmnt" 2>/dev/null || true
  fi
fi

if wanted sigusr2; then
  # main.sh: 'kill -USR2 $LXCFSPID', RUNTEST test_sigusr2.sh, 'kill -USR2 $LXCFSPID' under 'set -e'.
  if ! kill -USR2 "$lxcfspid"; then
    record sigusr2 FAIL "the daemon was gone before SIGUSR2"
  else
    sleep 0.5
    run_test sigusr2 "$build/tests/test_sigusr2.sh"
    if kill -0 "$lxcfspid" 2>/dev/null; then
      kill -USR2 "$lxcfspid"; sleep 0.5
      # Not checked by main.sh: the second signal brings the per-container view back.
      mkdir "$memsuite/after-sigusr2"
      echo $((64 << 20)) >"$memsuite/after-sigusr2/memory.limit_in_bytes"
      seen=$(in_container "$memsuite/after-sigusr2/cgroup.procs" 'grep "^MemTotal:" $LXCFSDIR/proc/meminfo' 2>&1 | tr -s ' ') || true
      if [ "$seen" = "MemTotal: 65536 kB" ]; then
        record sigusr2:switch-back PASS "after the second SIGUSR2 a container limited to 64 MiB reads '$seen'"
      else
        record sigusr2:switch-back FAIL "after the second SIGUSR2 a container limited to 64 MiB reads '$seen', not 'MemTotal: 65536 kB'"
      fi
      clean_cgroups
    else
      wait "$lxcfspid" 2>/dev/null && status=0 || status=$?
      record sigusr2:switch-back FAIL "main.sh's second 'kill -USR2 \$LXCFSPID' fails: the daemon exited ($(status_text "$status")) at the first SIGUSR2; the mount: $(stat -c %F "$mnt" 2>&1 | tail -n1)"
    fi
  fi
fi

if wanted defunct; then
  n=$(ps -ef | grep lxcfs | grep -c defunct || true)
  if [ "$n" = 0 ]; then record defunct PASS ""; else record defunct FAIL "$n defunct: $(ps -ef | grep lxcfs | grep defunct | head -n 3 | tr '\n' ' ')"; fi
fi

stop_pid "$lxcfspid"; umount -l "$mnt" 2>/dev/null || true

# run_main NAME SCRIPT NOTE: upstream's runner, in the suite's cgroups like every test here. It kills
# its lxcfs with -9 and unmounts lazily; its daemon ran in the suite's cgroups, so anything of it
# still there is killed (by pid) with them.
run_main() {
  local name=$1 script=$2 note=$3 log="$run_dir/logs/$1.log" rc=0 verdict
  bounded $((2 * LXCFS_SUITE_TIMEOUT)) bash -c 'for t in $SUITE_TASKS; do echo $$ >"$t"; done; exec "$@"' main "$script" >"$log" 2>&1 || rc=$?
  verdict=$(grep -E '^=> (FAILED at|PASSED)' "$log" | tail -n1)
  if [ "$rc" -eq 0 ]; then record "$name" PASS "$verdict$note"; else record "$name" FAIL "exit $rc, ${verdict:-no verdict}$note"; fi
  sed 's/^/    | /' "$log" | tail -n 6
  clean_cgroups
}

if wanted main.sh; then
  # The steps that cannot apply, taken out of main.sh (its RUNTEST line and the TESTCASE line before
  # it): test_reload.sh needs a meson-built lxcfs tree (any installed lxcfs fails it), and without
  # /cgroup the two cgroupfs tests.
  drop=("test_reload.sh")
  [ "$cgroupfs" = yes ] || drop+=("test_readdir" "test_cgroup")
  # One expression: a TESTCASE line joined to the next is deleted when that line runs a dropped test.
  alternatives=$(IFS='|'; echo "${drop[*]}")
  sed -E "/^TESTCASE=/{N;/RUNTEST \\\$\\{dirname\\}\\/($alternatives)\$/d}" "$build/tests/main.sh" >"$build/tests/main-applicable.sh"
  chmod +x "$build/tests/main-applicable.sh"
  for t in "${drop[@]}"; do
    if grep -q "RUNTEST \${dirname}/$t\$" "$build/tests/main-applicable.sh"; then die "could not take $t out of main.sh"; fi
  done
  note=" (left out, as not applicable: ${drop[*]})"
  run_main main.sh "$build/tests/main-applicable.sh" "$note"
  # A daemon that needed 5.x's command line at setup: main.sh's verdict for that command line too.
  if [ -n "$spawn_flags" ] && [ -z "$setup_flags" ]; then
    sed "s| $spawn_flags -p | -p |" "$build/tests/main-applicable.sh" >"$build/tests/main-5.0.sh"
    chmod +x "$build/tests/main-5.0.sh"
    run_main "main.sh(5.0-cmdline)" "$build/tests/main-5.0.sh" "$note"
  fi
fi

wanted live-upgrade && record live-upgrade-test.sh N/A "not applicable: it reloads (SIGUSR1) into a second lxcfs build's liblxcfstest.so; main.sh does not run it"
wanted confinement && record test_confinement.sh N/A "not applicable: it needs cgmanager's 'cgm' and the /cgroup emulation; main.sh does not run it"

printf '\n%-26s %-7s %s\n' TEST RESULT REASON
for r in "${results[@]}"; do IFS=$'\t' read -r a b c <<<"$r"; printf '%-26s %-7s %s\n' "$a" "$b" "$c"; done
[ "$failures" -eq 0 ]
