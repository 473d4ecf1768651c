#!/bin/sh
# One scenario of the live v2 suite: lays out the pod and container cgroups the way a kubelet
# does, sets the limits, runs tests/v2/container.sh as the init of a new pid namespace inside the
# container cgroup, and removes the cgroups again. Raw data goes to $SUITE_RAW/<name>/.
set -u
name=$1 driver=$2 cgns=$3 pod_mem=$4 ctr_mem=$5 ctr_swap=$6 pod_cpu=$7 ctr_cpu=$8 ctr_cpuset=$9 python=${10}
here=$(cd "$(dirname "$0")" && pwd)
out="$SUITE_RAW/$name"; mkdir -p "$out"
# The scenario index decides the ids (shaped like the kubelet's and containerd's), where on the
# disk its direct writes land and how much it writes. Builtins only: every exec costs under TCG.
index=0
while read -r first _; do
  case "$first" in '#'*|'') continue ;; esac
  index=$((index + 1)); [ "$first" = "$name" ] && break
done < "$here/scenarios.txt"
uid=$(printf '5c3f%04x-1d4b-4d03-8c88-d5b6955c0d42' "$index")
id=$(printf '9a1e7c3b5d2f4a6e8b0c1d3e5f7a9b2c4d6e8f0a1b3c5d7e9f1a2b3c4d5e%04x' "$index")
root=/sys/fs/cgroup
case "$driver" in
  systemd) levels="kubepods.slice kubepods.slice/kubepods-burstable.slice
kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod$(printf '5c3f%04x_1d4b_4d03_8c88_d5b6955c0d42' "$index").slice" ;;
  cgroupfs) levels="kubepods kubepods/burstable kubepods/burstable/pod$uid" ;;
  *) echo "scenario: unknown driver $driver"; exit 2 ;;
esac
for level in $levels; do pod=$level; done
case "$driver" in systemd) ctr="$pod/cri-containerd-$id.scope" ;; *) ctr="$pod/$id" ;; esac

mkdir -p "$root/$ctr"
for level in $levels; do
  echo "+cpuset +cpu +io +memory +pids" > "$root/$level/cgroup.subtree_control" || exit 2
done
set_if() { [ "$2" = "-" ] || echo "$2" > "$1" || { echo "scenario: cannot write $2 to $1"; exit 2; }; }
set_if "$root/$pod/memory.max" "$pod_mem"
set_if "$root/$ctr/memory.max" "$ctr_mem"
set_if "$root/$ctr/memory.swap.max" "$ctr_swap"
[ "$pod_cpu" = "-" ] || set_if "$root/$pod/cpu.max" "$pod_cpu 100000"
[ "$ctr_cpu" = "-" ] || set_if "$root/$ctr/cpu.max" "$ctr_cpu 100000"
set_if "$root/$ctr/cpuset.cpus" "$ctr_cpuset"

# What the evaluator needs about every level, root first: the limits as the kernel holds them.
: > "$out/levels"
for level in $levels $ctr; do
  d="$root/$level"
  read -r mem < "$d/memory.max"; read -r swap < "$d/memory.swap.max"
  read -r quota period < "$d/cpu.max"; read -r cpus < "$d/cpuset.cpus.effective"
  printf '%s\t%s\t%s\t%s,%s\t%s\n' "/$level" "$mem" "$swap" "$quota" "$period" "$cpus" >> "$out/levels"
done
printf 'driver=%s\ncgns=%s\ncgroup=/%s\npython=%s\n' "$driver" "$cgns" "$ctr" "$python" > "$out/meta"

ns_flags="--pid --fork --mount-proc"
[ "$cgns" = yes ] && ns_flags="$ns_flags --cgroup"
# shellcheck disable=SC2086 # ns_flags is a word list
sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' _ "$root/$ctr" \
  unshare $ns_flags sh "$here/container.sh" "$out" "$root/$ctr" "$index" "$python"
rc=$?

# The container's processes are gone with its init; the cgroups can go (leaf first).
for level in $ctr $pod; do rmdir "$root/$level" 2>/dev/null || echo "scenario: cannot remove $level"; done
exit $rc
