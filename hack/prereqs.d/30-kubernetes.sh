#!/usr/bin/env bash
# Kubernetes v1.20.2 for the end-to-end tests: kube-apiserver and etcd (the webhook's and the chart's
# tests), and the node's kubelet, kube-controller-manager, kube-scheduler and kube-proxy (hack/node.sh).
# No prebuilt binary is reachable, so all five are built once from Debian bookworm's source package and
# cached outside the repository: a warm run only checks that the binaries exist.
#  - sources come through a private APT configuration (deb-src lines derived from the system's own
#    bookworm entries), so the machine's sources.list and package lists are never touched;
#  - 1.20 builds in GOPATH mode only (module mode asks for go.mod updates);
#  - the vendored reflect2 v1.0.1 crashes with Go >= 1.18: Debian's v1.0.2 replaces it;
#  - the generated OpenAPI file is not in the tarball: 'make gen_openapi' produces it;
#  - the version is stamped with -ldflags, or clients report v0.0.0.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

K8S_SOURCE_VERSION=${K8S_SOURCE_VERSION:-1.20.5+really1.20.2-1.1+deb12u1}
K8S_GIT_VERSION=v1.20.2
out_dir="$LXCFS_CACHE/kubernetes"
# Static like upstream, except the kubelet, which upstream builds with cgo.
STATIC_COMMANDS="kube-apiserver kube-controller-manager kube-scheduler kube-proxy"

# What hack/kube-rig.sh needs to run the server, cached or not.
apt_install etcd-server openssl curl python3
# Debian enables an etcd service on install; the rig starts its own instances on free ports.
if systemctl is-enabled etcd >/dev/null 2>&1; then systemctl disable --now etcd >/dev/null 2>&1 || true; fi
# Bump when the build recipe changes, so a cached binary from an older recipe is rebuilt.
recipe="$K8S_GIT_VERSION recipe 3: the node's binaries too"
if [ "$(cat "$out_dir/recipe" 2>/dev/null)" = "$recipe" ]; then
  log "kubernetes binaries cached in $out_dir"
  exit 0
fi
apt_install golang-go golang-github-modern-go-reflect2-dev rsync make dpkg-dev gcc libc6-dev

work="$LXCFS_CACHE/kubernetes-build"
rm -rf "$work"; mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/apt/parts" "$work/src"

# deb-src twins of the system's bookworm and bookworm-security entries.
write_source_list() {
  local opts uri suite comps
  while IFS=$'\t' read -r opts uri suite comps; do
    printf 'deb-src %s%s %s %s\n' "${opts:+[$opts] }" "$uri" "$suite" "$comps"
  done < <(apt_deb_sources)
}
write_source_list | grep -E ' bookworm(-security)? ' | sort -u >"$work/apt/sources.list"
[ -s "$work/apt/sources.list" ] || die "no bookworm entry in the system's APT sources to derive deb-src from"

cat >"$work/apt/apt.conf" <<CONF
Dir::Etc::SourceList "$work/apt/sources.list";
Dir::Etc::SourceParts "$work/apt/parts";
Dir::State::Lists "$work/apt/lists";
Dir::Cache "$work/apt/cache";
CONF
# The system's apt.conf.d still applies on top (proxies, validity checks).
export APT_CONFIG="$work/apt/apt.conf"
log "fetching the kubernetes source package $K8S_SOURCE_VERSION"
apt-get update -qq >&2
(cd "$work/src" && apt-get source --download-only -qq "kubernetes=$K8S_SOURCE_VERSION" >&2)
unset APT_CONFIG

log "unpacking"
(cd "$work/src" && dpkg-source --no-check -x ./*.dsc tree >&2)
gopath="$work/gopath"
mkdir -p "$gopath/src/k8s.io"
mv "$work/src/tree" "$gopath/src/k8s.io/kubernetes"
tree="$gopath/src/k8s.io/kubernetes"

reflect2="$tree/vendor/github.com/modern-go/reflect2"
find "$reflect2" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' \) -delete
cp /usr/share/gocode/src/github.com/modern-go/reflect2/*.go "$reflect2/"
find /usr/share/gocode/src/github.com/modern-go/reflect2 -maxdepth 1 -name '*.s' -exec cp {} "$reflect2/" \;
rm -f "$reflect2"/*_test.go

export GOPATH="$gopath" GO111MODULE=off GOFLAGS= GOCACHE="$LXCFS_CACHE/go-build-cache" CGO_ENABLED=0
log "generating the OpenAPI definitions (make gen_openapi)"
make -C "$tree" gen_openapi >&2

log "building $STATIC_COMMANDS and kubelet (cold: about 10 minutes on 2 cores)"
# /version is served from client-go's version package, --version from component-base's: stamp both,
# or clients (helm's kubeVersion check) see v0.0.0.
ldflags=""
for pkg in k8s.io/kubernetes/vendor/k8s.io/component-base/version k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$K8S_GIT_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=20 -X $pkg.gitTreeState=clean"
done
rm -rf "$out_dir"; mkdir -p "$out_dir/tmp"
packages=()
for command in $STATIC_COMMANDS; do packages+=("k8s.io/kubernetes/cmd/$command"); done
(cd "$tree" && go build -trimpath -ldflags "$ldflags" -o "$out_dir/tmp/" "${packages[@]}")
(cd "$tree" && CGO_ENABLED=1 go build -trimpath -ldflags "$ldflags" -o "$out_dir/tmp/kubelet" k8s.io/kubernetes/cmd/kubelet)
mv "$out_dir"/tmp/* "$out_dir/"
rmdir "$out_dir/tmp"
echo "$recipe" > "$out_dir/recipe"
"$out_dir/kube-apiserver" --version >&2
"$out_dir/kubelet" --version >&2
rm -rf "$work" "$LXCFS_CACHE/kube-apiserver" "$LXCFS_CACHE/kube-apiserver-build"
log "kubernetes built in $out_dir"
