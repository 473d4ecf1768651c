#!/usr/bin/env bash
# LXCFS's own upstream tests (Debian's lxcfs source package) and the tools to build and run them, for
# hack/lxcfs-suite.sh and the test that runs it (tests/Lxcfs.Daemon.Tests/UpstreamSuiteTests.cs).
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
tree=$(bash "$REPO_ROOT/hack/lxcfs-suite-sources.sh")
log "lxcfs upstream tests in $tree"
