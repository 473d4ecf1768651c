# Shared shell helpers for hack/ scripts. Source it; it defines no side effects.
# The cache lives outside the repository so a fresh clone (CI) reuses what an earlier run built.
LXCFS_CACHE=${LXCFS_CACHE:-/var/cache/lxcfs-webhook}
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LXCFS_CACHE REPO_ROOT

log() { printf '%s %s\n' "[$(date +%H:%M:%S)]" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# apt_install PKG...: installs only what is missing; runs 'apt-get update' at most once per day.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  mkdir -p "$LXCFS_CACHE"
  local stamp="$LXCFS_CACHE/apt-updated"
  if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440 2>/dev/null)" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && touch "$stamp"
  fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# cpu_times: the machine's aggregate CPU counters (the "cpu" line of /proc/stat, without its label).
cpu_times() { awk '/^cpu / { $1 = ""; print; exit }' /proc/stat; }

# stolen_percent "BEFORE" "AFTER": the share of CPU time between two cpu_times snapshots that the
# hypervisor gave to other guests (steal). A benchmark prints it so that a disturbed run shows as one.
stolen_percent() {
  awk -v a="$1" -v b="$2" 'BEGIN { n = split(a, x); split(b, y); for (i = 1; i <= n; i++) total += y[i] - x[i]
    printf "%.1f", (total > 0 ? 100 * (y[8] - x[8]) / total : 0) }'
}
