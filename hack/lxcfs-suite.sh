#!/usr/bin/env bash
# Runs LXCFS's own upstream test suite (the tests/ directory of its source: main.sh and the tests it
# runs) against our daemon, one test at a time, and prints PASS/FAIL per test with the reason.
#
# The tests are not copied into the repository: the lxcfs source package is fetched from Debian at run
# time (through a private APT configuration, like prereqs.d/30-kubernetes.sh, so the machine's sources
# stay untouched), unpacked and cached under $LXCFS_CACHE/lxcfs-suite. The version is the first of
# LXCFS_SUITE_SOURCES whose source package can be downloaded (default: the bookworm package, then
# trixie's 6.0.4, whose tests differ from 5.0.3's only in --enable-cgroup, a /proc listing check and
# cgroup v2 branches). 7.0 tests cgroup v2 only and is not a candidate on a v1 host. (Debian's
# archive serves bookworm's lxcfs_5.0.3-1+deb12u1.dsc but no longer its lxcfs_5.0.3.orig.tar.gz,
# so today the 6.0.4 tests run.) Debian's own lxcfs 5.0.3 (LXCFS_SUITE_DAEMON=/usr/bin/lxcfs) passes
# every row of the 6.0.4 tests but 'setup' and main.sh (no --enable-cgroup in 5.0).
#
# What runs, in main.sh's order and main.sh's way (each test as the init of a new pid namespace,
# 'unshare -fmp --mount-proc', so the "/proc/1" it reads is itself):
#   setup            our daemon started with main.sh's command line, '--enable-cgroup -p PIDFILE DIR'
#                    (6.x; 5.x has no such flag); if it does not mount, again without the 6.x flag
#   test_readdir     (Stress readdir) 'ls -al DIR/cgroup/cpuset' 1000 times: the cgroupfs emulation
#   test_proc        64 MiB and cpuset 0: uptime, cpuinfo, online, stat, meminfo (and the /proc listing)
#   test_cgroup      writes limits through DIR/cgroup/...: the cgroupfs emulation
#   test_read_proc   tests/test-read: 1024-byte reads of cpuinfo, stat, meminfo a second apart
#   cpusetrange      a unit test of lxcfs's own C cpuset parser (no mount involved)
#   meminfo hier.    MemTotal under a 500000000-byte limit equals MemTotal in a child cgroup
#   test_reload      needs lxcfs's liblxcfs.so and its -DRELOADTEST twin liblxcfstest.so: not run;
#                    an adapted row checks only what applies to any implementation (SIGUSR1, then
#                    the mount still serves /proc/uptime) on a separate instance
#   SIGUSR2          'kill -USR2 PID', test_sigusr2.sh (MemTotal equals the host's under a 64 MiB
#                    limit), 'kill -USR2 PID' again (the daemon must still be there to receive it)
#   defunct          main.sh's final check: no zombie process whose 'ps -ef' line names lxcfs
#   main.sh          upstream's own runner, unmodified except the template variables, with
#                    BUILD_ROOT/lxcfs being our daemon: upstream's single verdict ("FAILED at ...");
#                    for 6.x sources also with 5.x's spawn line (no --enable-cgroup)
# live-upgrade-test.sh and test_confinement.sh (cgmanager's 'cgm') are listed as not run.
#
# The tests create cgroups next to their own (those of /proc/1, i.e. their own shell) and do not
# remove them. So every test starts in cgroups made for this run below the runner's own cgroups
# (lxcfs-suite-PID in memory, cpuset, freezer), and everything below those is removed after each
# test. The suite's cpuset cgroup gets its parent's cpus/mems and cgroup.clone_children=1, as
# Debian's autopkgtest sets on the cpuset root, so the tests' new cpuset cgroups can take tasks.
#
# Environment:
#   LXCFS_SUITE_DAEMON    the binary under test (default: artifacts/bin/lxcfs-daemon, published first);
#                         /usr/bin/lxcfs runs the same suite against Debian's lxcfs, for comparison
#   LXCFS_SUITE_SOURCES   source package versions to try, in order
#   LXCFS_SUITE_ONLY      space-separated row names to run (default: all)
# Exits 0 when every test that ran passed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

[ "$(id -u)" -eq 0 ] || die "run as root: the tests mount, create cgroups and enter namespaces"
grep -q ' - cgroup cgroup ' /proc/self/mountinfo || die "the suite's cgroup v1 paths need a v1 or hybrid host"

LXCFS_SUITE_SOURCES=${LXCFS_SUITE_SOURCES:-"5.0.3-1+deb12u1 6.0.4-1+deb13u1"}
LXCFS_SUITE_ONLY=${LXCFS_SUITE_ONLY:-}
suite_cache="$LXCFS_CACHE/lxcfs-suite"

apt_install gcc libc6-dev dpkg-dev uuid-runtime util-linux procps psmisc

# --- the upstream tests, fetched once -------------------------------------------------------------

# deb-src twins of the system's Debian entries, for bookworm and for trixie (same mirror, same key).
write_source_list() {
  local opts uri suite comps s
  while IFS=$'\t' read -r opts uri suite comps; do
    case "$suite" in bookworm | bookworm-updates | bookworm-security) ;; *) continue ;; esac
    for s in "$suite" "${suite/bookworm/trixie}"; do
      printf 'deb-src %s%s %s %s\n' "${opts:+[$opts] }" "$uri" "$s" "$comps"
    done
  done < <(apt_deb_sources)
}

fetch_sources() {
  local v tree
  for v in $LXCFS_SUITE_SOURCES; do
    tree="$suite_cache/lxcfs-$v"
    if [ -f "$tree/.unpacked" ]; then echo "$v"; return 0; fi
  done
  local work="$suite_cache/apt"
  rm -rf "$work"; mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/parts" "$work/src"
  write_source_list | sort -u >"$work/sources.list"
  [ -s "$work/sources.list" ] || die "no bookworm entry in the system's APT sources to derive deb-src from"
  cat >"$work/apt.conf" <<CONF
Dir::Etc::SourceList "$work/sources.list";
Dir::Etc::SourceParts "$work/parts";
Dir::State::Lists "$work/lists";
Dir::Cache "$work/cache";
CONF
  log "reading the lxcfs source package lists"
  APT_CONFIG="$work/apt.conf" apt-get update -qq >&2
  for v in $LXCFS_SUITE_SOURCES; do
    rm -rf "$work/src"; mkdir -p "$work/src"
    log "fetching the lxcfs source package $v"
    if ! (cd "$work/src" && APT_CONFIG="$work/apt.conf" apt-get source --download-only -qq "lxcfs=$v" >&2); then
      log "lxcfs $v: its source package cannot be downloaded here; trying the next version"
      continue
    fi
    tree="$suite_cache/lxcfs-$v"
    rm -rf "$tree"
    (cd "$work/src" && dpkg-source --no-check -x ./*.dsc "$tree" >&2)
    touch "$tree/.unpacked"
    rm -rf "$work"
    echo "$v"
    return 0
  done
  die "none of the lxcfs source packages ($LXCFS_SUITE_SOURCES) could be downloaded"
}

version=$(fetch_sources)
tree="$suite_cache/lxcfs-$version"
upstream=${version%%-*}
log "upstream tests of lxcfs $upstream (Debian source package $version)"

# --- the daemon under test ------------------------------------------------------------------------

if [ -z "${LXCFS_SUITE_DAEMON:-}" ]; then
  bash hack/publish-daemon.sh
  LXCFS_SUITE_DAEMON="$REPO_ROOT/artifacts/bin/lxcfs-daemon"
fi
daemon=$(readlink -f "$LXCFS_SUITE_DAEMON")
[ -x "$daemon" ] || die "no daemon at $LXCFS_SUITE_DAEMON"

# --- a build root laid out as meson's: BUILD_ROOT/tests/<test>, BUILD_ROOT/lxcfs ---------------------

run_dir=$(mktemp -d /tmp/lxcfs-suite.XXXXXX)
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

# --- cleanup: everything this run started, mounted or created -------------------------------------

daemon_pids=()
mounts=()
suite_cgroups=()
handoff_sockets_before=$(ls /tmp/*.handoff.sock 2>/dev/null || true)

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
    # Processes a test left behind (a pid namespace's init exiting kills its namespace, so normally none).
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
  for pid in "${daemon_pids[@]}"; do stop_pid "$pid"; done
  for m in "${mounts[@]}"; do
    if mountpoint -q "$m" 2>/dev/null || grep -q " $m " /proc/self/mountinfo; then umount -l "$m"; fi
  done
  clean_cgroups remove
  # main.sh and test_reload.sh name their pidfiles with mktemp (/tmp/tmp.XXXXXXXXXX): a daemon of ours
  # killed with -9 leaves the socket beside it, which is the same path for all of them.
  for s in /tmp/*.handoff.sock; do
    [ -S "$s" ] || continue
    grep -qxF "$s" <<<"$handoff_sockets_before" || rm -f "$s"
  done
  rm -f /tmp/lxcfs-iwashere
  rm -rf "$run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

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

# --- results -------------------------------------------------------------------------------------

results=()
failures=0
record() { # NAME RESULT REASON
  results+=("$1"$'\t'"$2"$'\t'"$3")
  if [ "$2" = FAIL ]; then failures=$((failures + 1)); fi
  printf '%-26s %-7s %s\n' "$1" "$2" "$3"
}
wanted() { [ -z "$LXCFS_SUITE_ONLY" ] || [[ " $LXCFS_SUITE_ONLY " == *" $1 "* ]]; }

# why LOG: the command a 'set -eux' test stopped at (its last trace line before its exit trap) and
# the last thing it printed.
why() {
  local log=$1 cmd said
  cmd=$(awk '/^\+ cleanup$/ { exit } /^\+ / { last = $0 } END { print last }' "$log")
  said=$(grep -v '^+' "$log" | grep -v -e '^FAIL$' -e '^==> ' -e '^$' | tail -n 2 | tr '\n' ' ')
  echo "stopped at '${cmd#+ }'${said:+; said: $said}"
}

# A snapshot of what the daemon serves to a container in the cgroups the failed test made last (the
# deepest one in each hierarchy), read by the init of a new pid namespace there, as the test did.
view() {
  local d deepest tasks=""
  for d in "${suite_cgroups[@]}"; do
    deepest=$(find "$d" -mindepth 1 -type d | awk -F/ '{ print NF "\t" $0 }' | sort -n | tail -n1 | cut -f2)
    tasks+="${deepest:-$d}/cgroup.procs "
  done
  SUITE_TASKS=$tasks LXCFSDIR=$1 unshare -fmp --mount-proc bash -c '
    for t in $SUITE_TASKS; do echo $$ >"$t"; done
    m=$LXCFSDIR
    printf "    uptime=[%s] cpuinfo processors=%s online=[%s] stat cpu lines=%s %s\n" \
      "$(cat $m/proc/uptime 2>&1)" "$(grep -c ^processor $m/proc/cpuinfo 2>&1)" \
      "$(cat $m/sys/devices/system/cpu/online 2>&1)" "$(grep -c ^cpu $m/proc/stat 2>&1)" \
      "$(grep ^MemTotal $m/proc/meminfo 2>&1 | tr -s " ")"' 2>&1 || true
}

# run_test NAME unshare|plain CMD...: one upstream test, as main.sh's RUNTEST runs it, with DEBUG=1
# (the tests' 'set -x') so a failure names its command.
run_test() {
  local name=$1 how=$2; shift 2
  local log="$run_dir/logs/$name.log" rc=0
  if [ "$how" = unshare ]; then
    DEBUG=1 LXCFSDIR=$mnt timeout 600 bash -c 'for t in $SUITE_TASKS; do echo $$ >"$t"; done; exec unshare -fmp --mount-proc "$@"' run_test "$@" >"$log" 2>&1 || rc=$?
  else
    DEBUG=1 LXCFSDIR=$mnt timeout 600 "$@" >"$log" 2>&1 || rc=$?
  fi
  if [ "$rc" -eq 0 ]; then
    record "$name" PASS ""
  else
    record "$name" FAIL "exit $rc, $(why "$log")"
    [ "$how" = unshare ] && mountpoint -q "$mnt" && view "$mnt"
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
# shellcheck disable=SC2086
if start_daemon "$mnt" "$pidfile" "$run_dir/logs/daemon.log" $spawn_flags; then
  record setup PASS "mounted by '$(basename "$daemon") $spawn_flags -p PIDFILE DIR'"
else
  record setup FAIL "'$(basename "$daemon") $spawn_flags -p PIDFILE DIR' did not mount: $(head -n 1 "$run_dir/logs/daemon.log")"
  stop_pid "$started_pid"
  [ -n "$spawn_flags" ] || die "the daemon does not mount; nothing to test"
  log "starting the daemon without '$spawn_flags' to run the tests anyway"
  start_daemon "$mnt" "$pidfile" "$run_dir/logs/daemon.log" \
    || die "the daemon does not mount without '$spawn_flags' either: $(tail -n 3 "$run_dir/logs/daemon.log")"
fi
lxcfspid=$started_pid

wanted test_readdir && run_test test_readdir unshare "$build/tests/test_readdir"
wanted test_proc && run_test test_proc unshare "$build/tests/test_proc"
wanted test_cgroup && run_test test_cgroup unshare "$build/tests/test_cgroup"
wanted test_read_proc && run_test test_read_proc unshare "$build/tests/test_read_proc.sh"
wanted cpusetrange && run_test cpusetrange unshare "$build/tests/test-cpusetrange"
wanted meminfo_hierarchy && run_test meminfo_hierarchy unshare "$build/tests/test_meminfo_hierarchy.sh"

if wanted test_reload; then
  record test_reload "NOT RUN" "it 'meson install's lxcfs and swaps liblxcfs.so for the -DRELOADTEST liblxcfstest.so, then expects SIGUSR1 to dlopen it (marker /tmp/lxcfs-iwashere): lxcfs's library, not a mount's behaviour"
  # What of it applies to any lxcfs: after SIGUSR1 (Debian's lxcfs.service: ExecReload=kill -USR1) the
  # mount still serves. On a separate instance, as test_reload.sh uses its own.
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
        state="exited (status $status$( [ "$status" -gt 128 ] && echo ", signal $(kill -l $((status - 128)))"))"
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
    run_test sigusr2 unshare "$build/tests/test_sigusr2.sh"
    if kill -0 "$lxcfspid" 2>/dev/null; then
      kill -USR2 "$lxcfspid"; sleep 0.5
      # Not checked by main.sh: the second signal should bring the per-container view back.
      memsuite=$(printf '%s\n' "${suite_cgroups[@]}" | grep /memory/)
      mkdir "$memsuite/after-sigusr2"
      echo $((64 << 20)) >"$memsuite/after-sigusr2/memory.limit_in_bytes"
      echo "    after the second SIGUSR2, under 64 MiB (65536 kB if the per-container view is back):"
      view "$mnt"
      clean_cgroups
    else
      wait "$lxcfspid" 2>/dev/null && status=0 || status=$?
      record sigusr2:switch-back FAIL "main.sh's second 'kill -USR2 \$LXCFSPID' fails: the daemon exited (status $status$( [ "$status" -gt 128 ] && echo ", signal $(kill -l $((status - 128)))")) at the first SIGUSR2; the mount: $(stat -c %F "$mnt" 2>&1 | tail -n1)"
    fi
  fi
fi

if wanted defunct; then
  n=$(ps -ef | grep lxcfs | grep -c defunct || true)
  if [ "$n" = 0 ]; then record defunct PASS ""; else record defunct FAIL "$n defunct: $(ps -ef | grep lxcfs | grep defunct | head -n 3 | tr '\n' ' ')"; fi
fi

stop_pid "$lxcfspid"; umount -l "$mnt" 2>/dev/null || true

# run_main NAME SCRIPT: upstream's runner, in the suite's cgroups like every test here. It kills its
# lxcfs with -9 and unmounts lazily; its daemon ran in the suite's cgroups, so anything of it still
# there is killed (by pid) with them.
run_main() {
  local name=$1 script=$2 log="$run_dir/logs/$1.log" rc=0 verdict
  timeout 900 bash -c 'for t in $SUITE_TASKS; do echo $$ >"$t"; done; exec "$@"' main "$script" >"$log" 2>&1 || rc=$?
  verdict=$(grep -E '^=> (FAILED at|PASSED)' "$log" | tail -n1)
  if [ "$rc" -eq 0 ]; then record "$name" PASS "$verdict"; else record "$name" FAIL "exit $rc, ${verdict:-no verdict}"; fi
  sed 's/^/    | /' "$log" | tail -n 6
  clean_cgroups
}
wanted main.sh && run_main main.sh "$build/tests/main.sh"
# 5.0.x's main.sh differs from 6.0's only in spawning lxcfs without --enable-cgroup (and reading the
# host pidfile from /run, unused here): its verdict, for 5.0.x's command line.
if wanted main.sh && [ -n "$spawn_flags" ]; then
  sed "s| $spawn_flags -p | -p |" "$build/tests/main.sh" >"$build/tests/main-5.0.sh"
  chmod +x "$build/tests/main-5.0.sh"
  run_main "main.sh(5.0-cmdline)" "$build/tests/main-5.0.sh"
fi

wanted live-upgrade && record live-upgrade-test.sh "NOT RUN" "needs a second lxcfs tree's liblxcfstest.so to reload (SIGUSR1) into; main.sh does not run it"
wanted confinement && record test_confinement.sh "NOT RUN" "needs cgmanager's 'cgm' and the /cgroup emulation; main.sh does not run it"

printf '\n%-26s %-7s %s\n' TEST RESULT REASON
for r in "${results[@]}"; do IFS=$'\t' read -r a b c <<<"$r"; printf '%-26s %-7s %s\n' "$a" "$b" "$c"; done
[ "$failures" -eq 0 ]
