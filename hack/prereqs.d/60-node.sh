#!/usr/bin/env bash
# The one-node cluster's runtime (hack/node.sh): containerd and runc, the CNI plugins (bridge,
# host-local, loopback), iptables and conntrack for kube-proxy, and a C compiler for the sandbox
# ("pause") image, which no registry can give us here. The Kubernetes binaries themselves come from
# 30-kubernetes.sh and the images from hack/images.sh.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
apt_install containerd runc containernetworking-plugins iptables conntrack gcc libc6-dev
# Debian enables a containerd service on install; the node starts its own instance with its own state.
if systemctl is-enabled containerd >/dev/null 2>&1; then systemctl disable --now containerd >/dev/null 2>&1 || true; fi
