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

# free_port: a TCP port on loopback that nothing listens on now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# cpu_times: the machine's aggregate CPU counters (the "cpu" line of /proc/stat, without its label).
cpu_times() { awk '/^cpu / { $1 = ""; print; exit }' /proc/stat; }

# stolen_percent "BEFORE" "AFTER": the share of CPU time between two cpu_times snapshots that the
# hypervisor gave to other guests (steal). A benchmark prints it so that a disturbed run shows as one.
stolen_percent() {
  awk -v a="$1" -v b="$2" 'BEGIN { n = split(a, x); split(b, y); for (i = 1; i <= n; i++) total += y[i] - x[i]
    printf "%.1f", (total > 0 ? 100 * (y[8] - x[8]) / total : 0) }'
}

# The 'deb' entries of the system's APT sources (one-line and deb822 formats), one line per suite:
# OPTIONS<TAB>URI<TAB>SUITE<TAB>COMPONENTS, OPTIONS being the one-line options without brackets.
apt_deb_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '
      $1 != "deb" { next }
      {
        opts = ""; i = 2
        if ($2 ~ /^\[/) {
          for (; i <= NF; i++) { opts = opts (opts == "" ? "" : " ") $i; if ($i ~ /\]$/) { i++; break } }
          gsub(/^\[|\]$/, "", opts)
        }
        uri = $i; suite = $(i + 1); comps = ""
        for (j = i + 2; j <= NF && $j !~ /^#/; j++) comps = comps (comps == "" ? "" : " ") $j
        if (uri != "" && suite != "") printf "%s\t%s\t%s\t%s\n", opts, uri, suite, comps
      }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && enabled != "no" && uris != "" && suites != "") {
          n = split(uris, u, " "); m = split(suites, s, " ")
          for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
            printf "%s\t%s\t%s\t%s\n", (key != "" ? "signed-by=" key : ""), u[i], s[j], comps
        }
        types = uris = suites = comps = key = enabled = ""
      }
      /^[[:space:]]*$/ { flush(); next }
      /^#/ { next }
      /^Types:/ { sub(/^Types:[[:space:]]*/, ""); types = $0 }
      /^Enabled:/ { sub(/^Enabled:[[:space:]]*/, ""); enabled = tolower($0) }
      /^URIs:/ { sub(/^URIs:[[:space:]]*/, ""); uris = $0 }
      /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
      /^Components:/ { sub(/^Components:[[:space:]]*/, ""); comps = $0 }
      /^Signed-By:/ { sub(/^Signed-By:[[:space:]]*/, ""); key = $0 }
      END { flush() }' "$f"
  done
}
