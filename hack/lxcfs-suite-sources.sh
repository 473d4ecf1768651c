#!/usr/bin/env bash
# LXCFS's upstream tests: the lxcfs source package from Debian, unpacked once under
# $LXCFS_CACHE/lxcfs-suite, and the tools that build and run them. Prints the unpacked tree's
# directory. Idempotent: a warm run only checks what is there.
#
# The tests are not copied into the repository. The version is the first of LXCFS_SUITE_SOURCES whose
# source package can be downloaded (default: the bookworm package, then trixie's 6.0.4, whose tests
# differ from 5.0.3's only in --enable-cgroup, a /proc listing check and cgroup v2 branches). 7.0 tests
# cgroup v2 only and is not a candidate on a v1 host. (Debian's archive serves bookworm's
# lxcfs_5.0.3-1+deb12u1.dsc but no longer its lxcfs_5.0.3.orig.tar.gz, so today the 6.0.4 tests run.)
# Sources come through a private APT configuration (like prereqs.d/30-kubernetes.sh), so the machine's
# sources and package lists stay untouched.
#
# --cached: download and install nothing; exit 2 with one line saying what is missing instead (what
# the test run uses: 'make test' fetches through hack/prereqs.d/70-lxcfs-suite.sh first).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

LXCFS_SUITE_SOURCES=${LXCFS_SUITE_SOURCES:-"5.0.3-1+deb12u1 6.0.4-1+deb13u1"}
suite_cache="$LXCFS_CACHE/lxcfs-suite"
tools="gcc libc6-dev dpkg-dev uuid-runtime util-linux procps psmisc"

cached_tree() {
  local v
  for v in $LXCFS_SUITE_SOURCES; do
    if [ -f "$suite_cache/lxcfs-$v/.unpacked" ]; then echo "$suite_cache/lxcfs-$v"; return 0; fi
  done
  return 1
}

if [ "${1:-}" = --cached ]; then
  missing=()
  for p in $tools; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] || { echo "Debian packages ${missing[*]} (hack/prereqs.d/70-lxcfs-suite.sh installs them)" >&2; exit 2; }
  cached_tree || { echo "LXCFS's upstream tests, one of lxcfs $LXCFS_SUITE_SOURCES unpacked in $suite_cache (hack/prereqs.d/70-lxcfs-suite.sh fetches them)" >&2; exit 2; }
  exit 0
fi

# shellcheck disable=SC2086
apt_install $tools
cached_tree && exit 0

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

work="$suite_cache/apt"
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
  echo "$tree"
  exit 0
done
die "none of the lxcfs source packages ($LXCFS_SUITE_SOURCES) could be downloaded"
