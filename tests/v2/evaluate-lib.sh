# Functions of tests/v2/evaluate.sh (sourced). Values that a daemon did not produce read "missing".
# Memory slack: the reading processes themselves are charged to the cgroup between the snapshots.
SLACK_KB=1024

split_snapshot() { # file dir: "==> /path <==" sections -> dir/<name> (/proc/1/stat -> init-stat)
  mkdir -p "$2"
  awk -v dir="$2" '/^==> .* <==$/ { if (out) close(out); p = $2; n = p; sub(/.*\//, "", n)
      if (p == "/proc/1/stat") n = "init-stat"; out = dir "/" n; printf "" > out; blank = 0; next }
    /^$/ { blank++; next }
    { while (blank > 0) { print "" > out; blank-- } print > out }' "$1"
}

row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@"; }
orm() { [ -n "$1" ] && printf '%s' "$1" || printf missing; } # value or "missing"

kv_meminfo() { awk -v k="$2:" '$1 == k { print $2; exit }' "$1" 2>/dev/null || true; }
kv() { awk -v k="$2" '$1 == k { print $2; exit }' "$1" 2>/dev/null || true; }
cpu_count() { # "0-2,5" -> 4
  awk -v s="$1" 'BEGIN { n = split(s, t, ","); c = 0
    for (i = 1; i <= n; i++) { if (t[i] == "") continue; if (split(t[i], r, "-") == 2) c += r[2] - r[1] + 1; else c++ }
    print c }'
}
ids_of() { # "0-2,5" n -> the first n ids, comma-separated: "0,1"
  awk -v s="$1" -v n="$2" 'BEGIN { k = split(s, t, ","); c = 0
    for (i = 1; i <= k && c < n; i++) { if (split(t[i], r, "-") != 2) r[2] = r[1] = t[i]
      for (j = r[1]; j <= r[2] && c < n; j++) printf "%s%d", (c++ ? "," : ""), j } }'; }
list_of() { # "0,1,2,5" -> "0-2,5", the kernel's CPU list format
  awk -v s="$1" 'BEGIN { k = split(s, t, ","); out = ""; i = 1
    while (i <= k) { j = i; while (j < k && t[j + 1] == t[j] + 1) j++
      out = out (out == "" ? "" : ",") (j > i ? t[i] "-" t[j] : t[i]); i = j + 1 }
    print out }'; }

# One value at the two snapshots bracketing both daemons' reads of a file: snaps DIR VIEW CGFILE FN [ARGS]
snaps() { local d=$1 v=$2 f=$3 x=$4; shift 4; for s in before after; do "$x" "$d/snap/$v/$s/$f" "$@"; done; }
minmax() { awk 'NF { v = $1 + 0; if (!n++ || v < lo) lo = v; if (n == 1 || v > hi) hi = v } END { printf "%.0f %.0f\n", lo, hi }'; }
memstat_sum() { awk -v keys="$2" 'BEGIN { n = split(keys, k, " "); for (i = 1; i <= n; i++) want[k[i]] = 1 }
  ($1 in want) { s += $2 } END { printf "%.0f\n", s }' "$1"; }
first_line() { head -n1 "$1"; }
# Age of the container's init in seconds at a snapshot: uptime - starttime/CLK_TCK (100).
init_age() { awk 'NR == FNR { up = $1; next } { sub(/.*\) /, ""); printf "%.2f\n", up - $20 / 100 }' "$1/uptime" "$1/init-stat"; }
usage_usec() { kv "$1" usage_usec; }
some_total() { awk '$1 == "some" { for (i = 2; i <= NF; i++) if ($i ~ /^total=/) print substr($i, 7) }' "$1" 2>/dev/null; }
io_field() { # io.stat file, device, key
  awk -v dev="$2" -v key="$3" '$1 == dev { for (i = 2; i <= NF; i++) { split($i, kvp, "="); if (kvp[1] == key) v = kvp[2] } } END { print v + 0 }' "$1" 2>/dev/null || echo 0; }

# limits: the minimum over the levels of one column of "levels" (numbers only; "max" = none).
min_limit() { awk -F'\t' -v c="$2" '$c ~ /^[0-9]+$/ { if (m == "" || $c + 0 < m + 0) m = $c } END { print m }' "$1"; }
min_quota() { awk -F'\t' '{ split($4, q, ","); if (q[1] ~ /^[0-9]+$/) { r = q[1] / q[2]; if (m == "" || r < m) m = r } } END { print m }' "$1"; }
expected_cpus() { # levels file
  local cpuset quota n
  cpuset=$(tail -n1 "$1" | cut -f5)
  n=$(cpu_count "$cpuset")
  quota=$(min_quota "$1")
  [ -n "$quota" ] && n=$(awk -v n="$n" -v q="$quota" 'BEGIN { c = int(q); if (c < q) c++; if (c < 1) c = 1; print (c < n ? c : n) }')
  echo "$n"
}

# --- what a daemon showed -------------------------------------------------------------------
shown_swaps_size() { [ -s "$1" ] || { echo missing; return; }; awk 'NR > 1 && NF >= 3 { print $3; f = 1; exit } END { if (!f) print "none" }' "$1"; }
shown_processors() { [ -s "$1" ] || { echo missing; return; }; grep -c '^processor' "$1" || true; }
shown_processor_ids() { awk -F: '/^processor/ { gsub(/[ \t]/, "", $2); s = s (s == "" ? "" : ",") $2 } END { print (s == "" ? "none" : s) }' "$1" 2>/dev/null || echo missing; }
shown_stat_cpus() { awk '$1 ~ /^cpu[0-9]+$/ { n++ } END { print n + 0 }' "$1"; }
shown_stat_ids() { awk '$1 ~ /^cpu[0-9]+$/ { s = s (s == "" ? "" : ",") substr($1, 4) } END { print (s == "" ? "none" : s) }' "$1"; }
# user+nice+system+irq+softirq+steal of the cpuN lines, in USER_HZ ticks.
shown_stat_busy() { awk '$1 ~ /^cpu[0-9]+$/ { s += $2 + $3 + $4 + $7 + $8 + $9; n++ } END { if (n) printf "%.0f\n", s; else print "missing" }' "$1"; }
shown_stat_sum_ok() { # the "cpu" line is the sum of the cpuN lines, field by field
  awk '$1 == "cpu" { for (i = 2; i <= NF; i++) agg[i] = $i; nf = NF; has = 1 }
       $1 ~ /^cpu[0-9]+$/ { for (i = 2; i <= NF; i++) sum[i] += $i }
       END { if (!has) { print "missing"; exit } for (i = 2; i <= nf; i++) if (agg[i] != sum[i]) { printf "field %d: %s vs sum %s\n", i - 1, agg[i], sum[i]; exit } print "ok" }' "$1"; }
shown_stat_monotonic() { # no cpuN field went down between stat0 and stat
  awk 'NR == FNR { if ($1 ~ /^cpu/) for (i = 2; i <= NF; i++) old[$1, i] = $i; next }
       $1 ~ /^cpu/ { for (i = 2; i <= NF; i++) if (($1, i) in old && $i + 0 < old[$1, i] + 0) { printf "%s field %d: %s < %s\n", $1, i - 1, $i, old[$1, i]; bad = 1; exit } }
       END { if (!bad) print "ok" }' "$1" "$2"; }
shown_disk() { # diskstats, device name, field index (4 = reads completed … per the kernel's order)
  awk -v d="$2" -v f="$3" '$3 == d { print $f; found = 1; exit } END { if (!found) print "absent" }' "$1"; }
shown_top_mem() { sed -n 's/^MiB Mem : *\([0-9.]*\) total.*/\1/p' "$1" | head -n1; }
# procps uptime's "up" part in minutes: "5 min", "1:02", "3 days,  1:02", "3 days, 5 min".
shown_uptime_minutes() { sed -n 's/.* up \(.*\), *[0-9]* users*,.*/\1/p' "$1" | head -n1 |
  awk '{ m = 0; if (match($0, /[0-9]+ days?/)) m += substr($0, RSTART, RLENGTH) * 1440
         if (match($0, /[0-9]+:[0-9]+/)) { split(substr($0, RSTART, RLENGTH), t, ":"); m += t[1] * 60 + t[2] }
         else if (match($0, /[0-9]+ min/)) m += substr($0, RSTART, RLENGTH) + 0
         print m }'; }
field() { [ -s "$1" ] && awk -v n="$2" '{ print $n; exit }' "$1" || true; }

# --- one scenario ---------------------------------------------------------------------------
evaluate_scenario() {
  local s=$1 d=$2 levels=$2/levels
  local mem_limit swap_limit total_kb swap_kb cpus ids cur lo hi extra cached sw age usage plo phi r
  mem_limit=$(min_limit "$levels" 2)
  total_kb=$host_mem_kb
  [ -n "$mem_limit" ] && [ $((mem_limit / 1024)) -lt "$total_kb" ] && total_kb=$((mem_limit / 1024))
  swap_limit=$(min_limit "$levels" 3)
  swap_kb=$host_swap_kb
  [ -n "$swap_limit" ] && [ $((swap_limit / 1024)) -lt "$swap_kb" ] && swap_kb=$((swap_limit / 1024))
  cpus=$(expected_cpus "$levels")
  # The container's CPUs by their own ids: the first $cpus of its effective cpuset.
  ids=$(ids_of "$(tail -n1 "$levels" | cut -f5)" "$cpus")

  both() { # file check expected extractor [args…]: the extractor gets the daemon's dir first
    local f=$1 c=$2 e=$3 x=$4; shift 4
    row "$s" "$f" "$c" "$e" "$(orm "$("$x" "$d/ours" "$@")")" "$(orm "$("$x" "$d/lxcfs" "$@")")"
  }
  mi() { kv_meminfo "$1/meminfo" "$2"; }

  # /proc/meminfo
  read -r lo hi < <(snaps "$d" meminfo memory.current first_line | minmax)
  both meminfo MemTotal "$total_kb" mi MemTotal
  both meminfo MemFree "$(( (total_kb - hi / 1024) - SLACK_KB ))..$(( (total_kb - lo / 1024) + SLACK_KB ))" mi MemFree
  read -r elo ehi < <(snaps "$d" meminfo memory.stat memstat_sum "active_file inactive_file slab_reclaimable" | minmax)
  both meminfo MemAvailable "$(( total_kb - hi / 1024 + elo / 1024 - SLACK_KB ))..$(( total_kb - lo / 1024 + ehi / 1024 + SLACK_KB ))" mi MemAvailable
  read -r clo chi < <(snaps "$d" meminfo memory.stat kv file | minmax)
  both meminfo Cached "$(( clo / 1024 - SLACK_KB ))..$(( chi / 1024 + SLACK_KB ))" mi Cached
  both meminfo SwapTotal "$swap_kb" mi SwapTotal
  read -r slo shi < <(snaps "$d" meminfo memory.swap.current first_line | minmax)
  both meminfo SwapFree "$(( swap_kb - shi / 1024 ))..$(( swap_kb - slo / 1024 ))" mi SwapFree

  # /proc/swaps
  local swaps_exp=none; [ "$swap_kb" -gt 0 ] && swaps_exp=$swap_kb
  sz() { shown_swaps_size "$1/swaps"; }
  both swaps "entry size" "$swaps_exp" sz

  # CPU count: cpuinfo, stat, online
  pc() { shown_processors "$1/cpuinfo"; }; pid() { shown_processor_ids "$1/cpuinfo"; }
  both cpuinfo processors "$cpus" pc
  both cpuinfo "processor numbers" "$ids" pid
  sc() { shown_stat_cpus "$1/stat"; }; sid() { shown_stat_ids "$1/stat"; }
  both stat "cpuN lines" "$cpus" sc
  both stat "cpuN numbers" "$ids" sid
  on() { field "$1/online" 1; }
  both online content "$(list_of "$ids")" on
  pos() { field "$1/possible" 1; }; pre() { field "$1/present" 1; }
  both possible content "$(list_of "$ids")" pos
  both present content "$(list_of "$ids")" pre

  # /proc/pressure: the container's own *.pressure (its stall total, read between two reads of the cgroup's)
  for r in cpu memory; do
    read -r plo phi < <(snaps "$d" "pressure-$r" "$r.pressure" some_total | minmax)
    pt() { some_total "$1/pressure-$r"; }
    both "pressure/$r" "some total" "$plo..$phi" pt
  done

  # /proc/stat times follow cpu.stat
  read -r ulo uhi < <(snaps "$d" stat cpu.stat usage_usec | minmax)
  busy() { shown_stat_busy "$1/stat"; }
  both stat "cpuN busy ticks = cpu.stat usage" "$(( ulo / 10000 - 2 * cpus - 1 ))..$(( uhi / 10000 + 2 ))" busy
  ssum() { shown_stat_sum_ok "$1/stat"; }
  both stat "cpu line = sum of cpuN" ok ssum
  mono() { shown_stat_monotonic "$1/stat0" "$1/stat"; }
  both stat "never goes backwards" ok mono

  # /proc/uptime: the container's age; idle = cpus × age − usage
  local alo ahi
  read -r ulo uhi < <(snaps "$d" uptime cpu.stat usage_usec | minmax)
  read -r alo ahi < <(for x in before after; do init_age "$d/snap/uptime/$x"; done |
    awk '{ if (!n++ || $1 < lo) lo = $1; if (n == 1 || $1 > hi) hi = $1 } END { print lo, hi }')
  up() { field "$1/uptime" 1; }; idle() { field "$1/uptime" 2; }
  both uptime uptime "$(awk -v a="$alo" -v b="$ahi" 'BEGIN { printf "%.2f..%.2f", a - 0.02, b + 0.02 }')" up
  both uptime idle "$(awk -v a="$alo" -v b="$ahi" -v n="$cpus" -v ul="$ulo" -v uh="$uhi" 'BEGIN {
    lo = n * a - uh / 1e6 - 0.05; if (lo < 0) lo = 0; printf "%.2f..%.2f", lo, n * b - ul / 1e6 + 0.05 }')" idle

  # /proc/loadavg (-l): a fresh container has no load yet (whatever the host's, which the previous
  # scenario's spinners raised); after two spinners ran for 7 s it has some, far from saturation.
  l0() { field "$1/loadavg0" 1; }; l1() { field "$1/loadavg" 1; }
  both loadavg "1-min load of a fresh container" "0..0.10" l0
  both loadavg "1-min load after 7 s of two spinners" "0.05..2.00" l1

  # /proc/diskstats follows io.stat for the disk the container wrote to
  local io=$d/snap/diskstats/after/io.stat
  dk() { shown_disk "$1/diskstats" vda "$2"; }
  both diskstats "vda reads" "$(io_field "$io" "$vda" rios)" dk 4
  both diskstats "vda sectors read" "$(( $(io_field "$io" "$vda" rbytes) / 512 ))" dk 6
  both diskstats "vda writes" "$(io_field "$io" "$vda" wios)" dk 8
  both diskstats "vda sectors written" "$(( $(io_field "$io" "$vda" wbytes) / 512 ))" dk 10

  both "all files" "read errors" none read_errors

  # the container's own view of its cgroup (pid namespace, and cgroup namespace when asked)
  local own; own=$(grep '^cgroup=' "$d/meta" | cut -d= -f2-)
  local cgexp="0::$own"; grep -q '^cgns=yes' "$d/meta" && cgexp="0::/"
  local cgseen; cgseen=$(head -n1 "$d/self-cgroup")
  row "$s" container "/proc/self/cgroup" "$cgexp" "$cgseen" "$cgseen"
  row "$s" container "init pid" 1 "$(cat "$d/init-pid")" "$(cat "$d/init-pid")"

  # real tools with the daemon's files bound over /proc and /sys
  fm() { awk '$1 == "Mem:" { print $2 }' "$1/tool-free"; }; fs() { awk '$1 == "Swap:" { print $2 }' "$1/tool-free"; }
  both "tool free -b" "Mem total" "$((total_kb * 1024))" fm
  both "tool free -b" "Swap total" "$((swap_kb * 1024))" fs
  tm() { shown_top_mem "$1/tool-top"; }
  both "tool top -bn1" "MiB Mem total" "$(awk -v k="$total_kb" 'BEGIN { printf "%.1f", k / 1024 }')" tm
  local tlo thi
  read -r tlo thi < <(for x in before after; do init_age "$d/snap/tools/$x"; done |
    awk '{ m = int($1 / 60); if (!n++ || m < lo) lo = m; if (n == 1 || m > hi) hi = m } END { print lo, hi }')
  ut() { shown_uptime_minutes "$1/tool-uptime"; }
  both "tool uptime" "up (minutes)" "$tlo..$thi" ut
  gc() { field "$1/tool-getconf" 1; }
  both "tool getconf" _NPROCESSORS_ONLN "$cpus" gc
  gcc() { field "$1/tool-getconf-conf" 1; }
  both "tool getconf" _NPROCESSORS_CONF "$cpus" gcc
  if grep -q '^python=yes' "$d/meta"; then
    py() { field "$1/tool-python" 1; }
    both "tool python3" "os.cpu_count()" "$cpus" py
  fi
}

# --- readers in the root cgroup get the host's files ----------------------------------------
evaluate_root() {
  local d=$1
  [ -d "$d" ] || { row root scenario ran yes no no; return; }
  local s=root-cgroup
  both() { local f=$1 c=$2 e=$3 x=$4; shift 4; row "$s" "$f" "$c" "$e" "$(orm "$("$x" "$d/ours" "$@")")" "$(orm "$("$x" "$d/lxcfs" "$@")")"; }
  rmt() { kv_meminfo "$1/meminfo" MemTotal; }
  both meminfo MemTotal "$host_mem_kb" rmt
  rpc() { shown_processors "$1/cpuinfo"; }
  both cpuinfo processors "$host_cpus" rpc
  rsc() { shown_stat_cpus "$1/stat"; }
  both stat "cpuN lines" "$host_cpus" rsc
  ron() { field "$1/online" 1; }
  both online content "$(cat "$raw/host/online")" ron
  both "all files" "read errors" none read_errors
}

read_errors() { [ -f "$1/errors" ] || { echo missing; return; }; [ -s "$1/errors" ] && head -n1 "$1/errors" || echo none; }

# --- a container whose cgroup is removed after its init moved on ----------------------------
evaluate_moved() {
  local d=$1 s=moved-cgroup
  [ -d "$d" ] || { row "$s" scenario ran yes no no; return; }
  [ -f "$d/rig-error" ] && { row "$s" scenario ran yes "$(cat "$d/rig-error")" "$(cat "$d/rig-error")"; return; }
  both() { local f=$1 c=$2 e=$3 x=$4; shift 4; row "$s" "$f" "$c" "$e" "$(orm "$("$x" "$d/ours" "$@")")" "$(orm "$("$x" "$d/lxcfs" "$@")")"; }
  mt() { kv_meminfo "$1/meminfo-$2" MemTotal; }
  both meminfo "MemTotal in A" $((100663296 / 1024)) mt a
  both meminfo "MemTotal just after A was removed" $((150994944 / 1024)) mt b-now
  both meminfo "MemTotal 1.5 s after moving to B" $((150994944 / 1024)) mt b-later
  both "all files" "read errors" none read_errors
}
