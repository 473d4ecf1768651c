#!/usr/bin/env bash
# Builds, once, the daemon of the last commit that speaks only hand-off format 1 (the first release's,
# before node ids went by path), so that the upgrade tests hand off from it and roll back to it.
# Prints the binary's path. Cached outside the repository by commit.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
commit=c0a3245642fa7d12e01d0aacdcf2b88de539c2b0
dest="$LXCFS_CACHE/daemon-$commit/lxcfs-daemon"
if [ ! -x "$dest" ]; then
  git -C "$REPO_ROOT" cat-file -e "$commit^{commit}" 2>/dev/null \
    || die "commit $commit (the format-1 daemon the upgrade tests start) is not in this clone's history: clone without --depth"
  log "building the format-1 daemon of ${commit:0:7} (Native AOT, once)"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  git -C "$REPO_ROOT" archive "$commit" src .editorconfig Directory.Build.props Directory.Packages.props global.json | tar -x -C "$work"
  dotnet publish "$work/src/Lxcfs.Daemon/Lxcfs.Daemon.csproj" -c Release -r linux-x64 -o "$work/out" -nologo -v q >&2
  install -D -m 0755 "$work/out/lxcfs-daemon" "$dest"
fi
echo "$dest"
