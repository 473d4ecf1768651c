#!/usr/bin/env bash
# make e2e: the user's whole path on a one-node cluster built here (hack/node.sh): helm install with
# default values and the images built by hack/images.sh, a labelled namespace, pods that see their own
# limits, the daemon replaced under a reading pod, the webhook down, the node's runtime restarted and
# the node rebooted, and helm uninstall (tests/Lxcfs.Node.Tests). Prints one line per scenario with
# its figures; exits non-zero if any scenario failed. make test runs the same suite.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

bash hack/prereqs.sh
log "building"
dotnet build tests/Lxcfs.Node.Tests/Lxcfs.Node.Tests.csproj -c Release -nologo -v q -clp:ErrorsOnly
rm -f artifacts/e2e/scenarios.txt
status=0
dotnet test tests/Lxcfs.Node.Tests/Lxcfs.Node.Tests.csproj -c Release --no-build -nologo \
  --logger "console;verbosity=normal" || status=1
echo
cat artifacts/e2e/scenarios.txt 2>/dev/null || echo "no scenario reported"
exit "$status"
