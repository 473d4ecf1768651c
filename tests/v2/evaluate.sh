#!/usr/bin/env bash
# Turns the raw captures of tests/v2/suite.sh into one line per check:
#   scenario <TAB> file <TAB> check <TAB> expected <TAB> ours <TAB> lxcfs
# "expected" is computed from the cgroup files the kernel held while the daemons were read: an exact
# value, or "lo..hi" when it moves (memory, CPU time, uptime), bracketed by the snapshots taken just
# before and just after both daemons' reads, or alternatives "a|b" where either is right.
# Self-consistency checks expect "ok".
# Runs on the host after the VM (TCG is slow); plain bash + awk.
#   tests/v2/evaluate.sh RAW_DIR > results.tsv
set -uo pipefail
raw=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/evaluate-lib.sh"

printf 'scenario\tfile\tcheck\texpected\tours\tlxcfs\n'
host_mem_kb=$(kv_meminfo "$raw/host/meminfo" MemTotal)
host_swap_kb=$(kv_meminfo "$raw/host/meminfo" SwapTotal)
host_cpus=$(cpu_count "$(cat "$raw/host/online")")
vda=$(cat "$raw/host/vda-dev")

# Split each snapshot (busybox head output) back into one file per cgroup/proc file.
find "$raw" -path '*/snap/*' -name '*.txt' | while read -r snap; do
  split_snapshot "$snap" "${snap%.txt}"
done

while read -r name _; do
  case "$name" in '#'*|'') continue ;; esac
  dir="$raw/$name"
  [ -d "$dir" ] || { row "$name" scenario ran yes no no; continue; }
  evaluate_scenario "$name" "$dir"
done < "$here/scenarios.txt"
evaluate_moved "$raw/moved"
evaluate_root "$raw/root"
