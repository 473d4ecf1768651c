#!/usr/bin/env bash
# Publishes the daemon as a Native AOT single binary to artifacts/bin/lxcfs-daemon (skipped when up to date).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
out="$REPO_ROOT/artifacts/bin"
bin="$out/lxcfs-daemon"
newest=$(find "$REPO_ROOT/src/Lxcfs.Daemon" "$REPO_ROOT/src/Lxcfs.Fuse" "$REPO_ROOT/src/Lxcfs.Proc" "$REPO_ROOT/src/Lxcfs.Buffers" "$REPO_ROOT/src/Lxcfs.Interop" "$REPO_ROOT/Directory.Build.props" "$REPO_ROOT/Directory.Packages.props" \
  \( -name bin -o -name obj \) -prune -o -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -newer "$bin" -print 2>/dev/null | head -n1 || true)
if [ -x "$bin" ] && [ -z "$newest" ]; then exit 0; fi
log "publishing the daemon (Native AOT)"
dotnet publish "$REPO_ROOT/src/Lxcfs.Daemon/Lxcfs.Daemon.csproj" -c Release -r linux-x64 -o "$out" -nologo -v q >&2
rm -f "$out"/*.dbg
[ -x "$bin" ] || die "publish produced no $bin"
# An unchanged binary is not copied again, so its time alone would not say the sources were published.
touch "$bin"
