#!/usr/bin/env bash
# Runs every test of the project: prerequisites, build, the Native AOT daemon, then all xunit suites
# (unit, real FUSE mounts, real cgroups, LXCFS's own upstream tests, podman, helm, a real kube-apiserver,
# the cgroup v2 VM, and the user's path on a one-node cluster built here).
# Ends with one line 'N passed, N failed' summed over all test projects; exits non-zero on any failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

bash hack/prereqs.sh
bash hack/publish-daemon.sh
export LXCFS_DAEMON_BIN="$REPO_ROOT/artifacts/bin/lxcfs-daemon"
LXCFS_PREVIOUS_DAEMON_BIN=$(bash hack/previous-daemon.sh)
export LXCFS_PREVIOUS_DAEMON_BIN

results="$REPO_ROOT/artifacts/test-results"
rm -rf "$results" "$REPO_ROOT/artifacts/e2e"; mkdir -p "$results"

log "building"
dotnet build LxcfsWebhook.sln -c Release -nologo -v q -clp:ErrorsOnly

status=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  log "testing $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" || status=1
done

passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); total=$((total + ${t:-0}))
done
skipped=$((total - passed - failed))
if [ -f "$REPO_ROOT/artifacts/e2e/scenarios.txt" ]; then
  log "the one-node cluster's scenarios"
  cat "$REPO_ROOT/artifacts/e2e/scenarios.txt"
fi
if [ "$failed" -gt 0 ]; then
  # CI shows the end of this output: the failures' own messages go here, next to the counts.
  log "failed tests"
  python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for trx in sorted(glob.glob(sys.argv[1] + "/*.trx")):
    for result in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult[@outcome='Failed']", ns):
        message = result.findtext(".//t:Message", default="", namespaces=ns).strip().splitlines()
        print(f"FAILED {result.get('testName')}")
        for line in message[:20]:
            print("  " + line[:400])
PY
fi
[ "$total" -gt 0 ] || { log "no test ran"; status=1; }
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
