# Creates and removes a transient "container" cgroup on cgroup v1/hybrid or v2. Source it.
# cg_create NAME MEM_BYTES QUOTA_US PERIOD_US: makes the cgroup(s) with those limits; cg_create_plain NAME without.
# cg_enter NAME PID: moves PID in.   cg_remove NAME: kills what is left inside (by pid) and removes it.
# cg_memory_peak_mb NAME, cg_memory_now_mb NAME, cg_oom_kills NAME: the most memory it was charged and
# what it is charged now (MiB), and its OOM kills.
cg_is_v2() { [ -f /sys/fs/cgroup/cgroup.controllers ]; }

cg_dirs() {
  local name=$1
  if cg_is_v2; then echo "/sys/fs/cgroup/$name"; else
    local c; for c in memory cpu cpuacct cpuset pids; do
      [ -d "/sys/fs/cgroup/$c" ] && echo "/sys/fs/cgroup/$c/$name"
    done
  fi
}

# cg_create_plain NAME: makes the cgroup(s) without limits, as a pod or a service of its own is.
cg_create_plain() {
  local name=$1 d
  for d in $(cg_dirs "$name"); do mkdir -p "$d"; done
  if cg_is_v2; then
    local parent c; parent=$(dirname "/sys/fs/cgroup/$name")
    for c in cpu memory cpuset; do echo "+$c" > "$parent/cgroup.subtree_control" 2>/dev/null || true; done
  else
    # A v1 cpuset cgroup starts empty: give it its parent's CPUs and memory nodes.
    local cs=/sys/fs/cgroup/cpuset/$name
    cat "$(dirname "$cs")/cpuset.cpus" > "$cs/cpuset.cpus"
    cat "$(dirname "$cs")/cpuset.mems" > "$cs/cpuset.mems"
  fi
}

cg_create() {
  local name=$1 mem=$2 quota=$3 period=$4
  cg_create_plain "$name"
  if cg_is_v2; then
    echo "$mem" > "/sys/fs/cgroup/$name/memory.max"
    echo "$quota $period" > "/sys/fs/cgroup/$name/cpu.max"
  else
    echo "$mem" > "/sys/fs/cgroup/memory/$name/memory.limit_in_bytes"
    echo "$period" > "/sys/fs/cgroup/cpu/$name/cpu.cfs_period_us"
    echo "$quota" > "/sys/fs/cgroup/cpu/$name/cpu.cfs_quota_us"
  fi
}

cg_enter() {
  local name=$1 pid=$2 d
  for d in $(cg_dirs "$name"); do echo "$pid" > "$d/cgroup.procs"; done
}

cg_remove() {
  local name=$1 d p
  for d in $(cg_dirs "$name"); do
    [ -d "$d" ] || continue
    for p in $(cat "$d/cgroup.procs" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
  done
  for d in $(cg_dirs "$name"); do
    for _ in 1 2 3 4 5 6 7 8 9 10; do [ -d "$d" ] || break; rmdir "$d" 2>/dev/null && break; sleep 0.1; done
  done
}

# cg_memory_peak_mb NAME: the most memory the cgroup was ever charged, in MiB.
cg_memory_peak_mb() {
  local bytes
  if cg_is_v2; then bytes=$(cat "/sys/fs/cgroup/$1/memory.peak"); else bytes=$(cat "/sys/fs/cgroup/memory/$1/memory.max_usage_in_bytes"); fi
  echo $((bytes >> 20))
}

# cg_oom_kills NAME: how many processes the kernel killed in the cgroup for want of memory.
cg_oom_kills() {
  if cg_is_v2; then awk '$1 == "oom_kill" { print $2 }' "/sys/fs/cgroup/$1/memory.events"
  else awk '$1 == "oom_kill" { print $2 }' "/sys/fs/cgroup/memory/$1/memory.oom_control"; fi
}

# cg_memory_now_mb NAME: the memory the cgroup is charged now, in MiB.
cg_memory_now_mb() {
  local bytes
  if cg_is_v2; then bytes=$(cat "/sys/fs/cgroup/$1/memory.current"); else bytes=$(cat "/sys/fs/cgroup/memory/$1/memory.usage_in_bytes"); fi
  echo $((bytes >> 20))
}
