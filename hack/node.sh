#!/usr/bin/env bash
# A one-node Kubernetes cluster on this machine, from Debian packages and the v1.20.2 binaries built by
# hack/prereqs.d/30-kubernetes.sh: etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
# kube-proxy (iptables), kubelet (cgroupfs driver) and containerd + runc, pods on a CNI bridge whose
# only routes lead to the node itself. The project's images are loaded into containerd under the
# references the chart's default values name, so `helm install` needs no --set.
#   hack/node.sh up STATEDIR       start (preparing STATEDIR the first time); the last line printed is
#                                  the path of a cluster-admin kubeconfig
#   hack/node.sh stop STATEDIR     a power cut: every process killed, the daemon's FUSE mount and the
#                                  pods' mounts and network namespaces gone; state kept for 'up'
#   hack/node.sh restart STATEDIR containerd|kubelet
#                                  stop and start one component; running containers stay
#   hack/node.sh down STATEDIR     stop, then remove everything 'up' made: processes (by pid), mounts,
#                                  cgroups, network devices, iptables chains, sysctls, files
set -euo pipefail
. "$(dirname "$0")/lib.sh"

K8S_BIN=${K8S_BIN:-$LXCFS_CACHE/kubernetes}
NODE_NAME=lxcfs-node
BRIDGE=lxcfsbr0
# Private ranges that stay inside the machine: the bridge's, and the Services', which a blackhole
# route keeps from ever leaving it when no kube-proxy rule translates an address.
POD_CIDR=${NODE_POD_CIDR:-10.244.0.0/24}
NODE_IP=${NODE_IP:-10.244.0.1}
SERVICE_CIDR=${NODE_SERVICE_CIDR:-10.96.0.0/24}
SERVICE_IP=${NODE_SERVICE_IP:-10.96.0.1}
MOUNT_ROOT=/var/lib/lxcfs
PAUSE_IMAGE=localhost/lxcfs-node/pause:1
# What the kubelet and kube-proxy change on a node, put back by 'down'.
SYSCTLS="net.ipv4.ip_forward net.ipv4.conf.all.route_localnet net.bridge.bridge-nf-call-iptables
vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys
kernel.keys.root_maxbytes net.netfilter.nf_conntrack_max"
# Host paths the node's parts create outside STATEDIR (the kubelet's pod logs are at a fixed place in
# 1.20, runc and the shims keep their sockets under /run/containerd, the daemon records its mount's
# connections beside its pidfile, which outlives its pods): removed by 'down' unless they were there before.
HOST_PATHS="$MOUNT_ROOT /run/lxcfs /run/lxcfs/lxcfs.pid.connections /run/containerd /run/netns /var/log/pods /var/log/containers"

# ---- preparation, once per state directory -------------------------------------------------------

make_certs() {
  local d=$state/pki
  mkdir -p "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 7 -subj "/CN=lxcfs-node-ca" \
    -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
  # serving: the API server (reached by the node's address, by the kubernetes Service from pods, and
  # by loopback); client: the API server's identity towards the kubelet (exec, logs).
  sign "$d" apiserver "/CN=kube-apiserver" \
    "subjectAltName=IP:$NODE_IP,IP:$SERVICE_IP,IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:localhost
extendedKeyUsage=serverAuth"
  sign "$d" apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "extendedKeyUsage=clientAuth"
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
}

sign() {
  local d=$1 name=$2 subject=$3 ext=$4
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "$subject" -keyout "$d/$name.key" -out "$d/$name.csr" 2>/dev/null
  printf '%s\n' "$ext" >"$d/$name.ext"
  openssl x509 -req -sha256 -days 7 -in "$d/$name.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
    -extfile "$d/$name.ext" -out "$d/$name.crt" 2>/dev/null
}

write_kubeconfig() {
  local file=$1 token=$2
  cat >"$file" <<CFG
apiVersion: v1
kind: Config
clusters:
- name: $NODE_NAME
  cluster:
    server: https://$NODE_IP:$API_PORT
    certificate-authority-data: $(base64 -w0 "$state/pki/ca.crt")
users:
- name: user
  user:
    token: $token
contexts:
- name: $NODE_NAME
  context: {cluster: $NODE_NAME, user: user}
current-context: $NODE_NAME
CFG
}

write_configs() {
  mkdir -p "$state/cni/net.d" "$state/containerd" "$state/kubelet" "$state/logs"
  # Pods get the node's address as gateway and routes to the pod and Service ranges only: no
  # default route, so nothing a pod sends can leave the machine.
  cat >"$state/cni/net.d/10-lxcfs-node.conflist" <<CNI
{
  "cniVersion": "0.4.0",
  "name": "lxcfs-node",
  "plugins": [
    {
      "type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "isDefaultGateway": false,
      "ipMasq": false, "hairpinMode": true,
      "ipam": {
        "type": "host-local", "dataDir": "$state/cni/ipam",
        "ranges": [[{"subnet": "$POD_CIDR", "gateway": "$NODE_IP"}]],
        "routes": [{"dst": "$POD_CIDR"}, {"dst": "$SERVICE_CIDR"}]
      }
    },
    {"type": "loopback"}
  ]
}
CNI
  cat >"$state/containerd/config.toml" <<TOML
version = 2
root = "$state/containerd/root"
state = "$state/containerd/state"
[grpc]
  address = "$state/containerd/containerd.sock"
[plugins."io.containerd.internal.v1.opt"]
  path = "$state/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # The kubelet asks for oom_score_adj -998, which needs CAP_SYS_RESOURCE: absent here, and runc
  # then fails every sandbox. Keep the adjustment within what the runtime may set.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$state/cni/net.d"
TOML
  cat >"$state/kubelet/config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# pid 1 is not systemd here.
cgroupDriver: cgroupfs
failSwapOn: false
address: $NODE_IP
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $KUBELET_HEALTHZ_PORT
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $state/pki/ca.crt}
authorization: {mode: Webhook}
# The disk and memory of a shared build machine: never evict the test's pods.
evictionHard: {memory.available: "50Mi", nodefs.available: "1%", imagefs.available: "1%"}
imageGCHighThresholdPercent: 100
serializeImagePulls: false
volumePluginDir: $state/kubelet/volume-plugins
YAML
}

prepare() {
  mkdir -p "$state"
  API_PORT=$(free_port); ETCD_CLIENT_PORT=$(free_port); ETCD_PEER_PORT=$(free_port)
  KUBELET_PORT=$(free_port); KUBELET_HEALTHZ_PORT=$(free_port)
  SCHEDULER_PORT=$(free_port); CONTROLLER_MANAGER_PORT=$(free_port)
  PROXY_HEALTHZ_PORT=$(free_port); PROXY_METRICS_PORT=$(free_port)
  local token
  token=$(openssl rand -hex 24)
  echo "$token,admin,admin,system:masters" >"$state/tokens.csv"
  make_certs
  write_kubeconfig "$state/kubeconfig" "$token"
  write_configs
  # Recorded before anything runs, so 'down' puts the machine back as it found it.
  for s in $SYSCTLS; do
    v=$(sysctl -n "$s" 2>/dev/null) && printf '%s=%s\n' "$s" "$v"
  done >"$state/sysctls.saved"
  local p
  for p in $HOST_PATHS; do [ -e "$p" ] || echo "$p"; done >"$state/host-paths.created"
  for p in iptables ip6tables; do
    if "$p" -S 2>/dev/null | grep -q '^-N KUBE-'; then echo "$p"; fi
  done >"$state/kube-chains.existed"
  {
    for v in API_PORT ETCD_CLIENT_PORT ETCD_PEER_PORT KUBELET_PORT KUBELET_HEALTHZ_PORT SCHEDULER_PORT \
             CONTROLLER_MANAGER_PORT PROXY_HEALTHZ_PORT PROXY_METRICS_PORT; do
      echo "$v=${!v}"
    done
  } >"$state/node.env"
}

# ---- images ---------------------------------------------------------------------------------------

# The sandbox container: waits for signals and reaps what it inherits, like upstream's pause.
build_pause_image() {
  if ctr_ images ls -q | grep -qxF "$PAUSE_IMAGE"; then return 0; fi
  local work
  work=$(mktemp -d /tmp/lxcfs-pause.XXXXXX)
  cat >"$work/pause.c" <<'C'
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
static void quit(int sig) { (void)sig; _exit(0); }
static void reap(int sig) { (void)sig; while (waitpid(-1, NULL, WNOHANG) > 0) {} }
int main(void) {
  struct sigaction q = { .sa_handler = quit }, r = { .sa_handler = reap, .sa_flags = SA_NOCLDSTOP };
  sigaction(SIGINT, &q, NULL); sigaction(SIGTERM, &q, NULL); sigaction(SIGCHLD, &r, NULL);
  for (;;) pause();
}
C
  mkdir -p "$work/rootfs"
  gcc -static -Os -o "$work/rootfs/pause" "$work/pause.c"
  import_rootfs "$work/rootfs" "$PAUSE_IMAGE" 'ENTRYPOINT ["/pause"]'
  rm -rf "$work"
}

# The chart's `helm test` pod runs busybox's sh, awk and grep: Debian's static busybox, every applet
# linked, tagged with its own version.
build_busybox_image() {
  local version work reference
  version=$(busybox 2>&1 | sed -n '1s/^BusyBox v\([0-9.]*\).*/\1/p')
  [ -n "$version" ] || die "no busybox version (apt-get install busybox-static)"
  reference=docker.io/lxcfs-e2e/busybox:$version
  if ctr_ images ls -q | grep -qxF "$reference"; then return 0; fi
  work=$(mktemp -d /tmp/lxcfs-busybox.XXXXXX)
  mkdir -p "$work/rootfs/bin" "$work/rootfs/tmp"
  cp "$(command -v busybox)" "$work/rootfs/bin/busybox"
  for applet in $(busybox --list); do [ -e "$work/rootfs/bin/$applet" ] || ln -s busybox "$work/rootfs/bin/$applet"; done
  import_rootfs "$work/rootfs" "$reference" 'CMD ["sh"]'
  rm -rf "$work"
}

# import_rootfs DIR REFERENCE CHANGE: a root file system into containerd as a one-layer image; podman
# writes the image archive and keeps nothing.
import_rootfs() {
  local dir=$1 reference=$2 change=$3
  tar -C "$dir" -cf "$dir.tar" .
  podman import --quiet --change "$change" "$dir.tar" "$reference" >/dev/null
  podman save --quiet --format docker-archive -o "$dir.image.tar" "$reference"
  podman rmi --force "$reference" >/dev/null 2>&1 || true
  ctr_ images import "$dir.image.tar" >/dev/null
  rm -f "$dir.tar" "$dir.image.tar"
}

load_images() {
  build_pause_image
  build_busybox_image
  local dir
  dir=$(mktemp -d /tmp/lxcfs-node-images.XXXXXX)
  bash "$REPO_ROOT/hack/images.sh" save "$dir" >&2
  local archive
  for archive in "$dir"/*.tar; do
    ctr_ images import "$archive" >/dev/null
  done
  rm -rf "$dir"
  log "images in containerd: $(ctr_ images ls -q | grep -v '^sha256:' | tr '\n' ' ')"
}

ctr_() { ctr --address "$state/containerd/containerd.sock" -n k8s.io "$@"; }

# ---- processes ------------------------------------------------------------------------------------

# start NAME CMD...: in its own session, its pid in <state>/NAME.pid, its output in <state>/logs.
start() {
  local name=$1; shift
  setsid "$@" >>"$state/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$state/$name.pid"
}

running() {
  local pidfile="$state/$1.pid" pid
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$state"
}

# Kill a recorded pid only while its command line names our state dir (pid reuse guard).
stop_component() {
  local name=$1 signal=${2:-TERM} pid i
  if running "$name"; then
    pid=$(cat "$state/$name.pid")
    kill "-$signal" "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$state/$name.pid"
}

wait_for() {
  local what=$1 seconds=$2 component=$3; shift 3
  local i
  for i in $(seq 1 $((seconds * 2))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    running "$component" || { tail -n 40 "$state/logs/$component.log" >&2; die "$component exited while waiting for $what"; }
    sleep 0.5
  done
  tail -n 40 "$state/logs/$component.log" >&2
  die "$what not ready after $seconds s"
}

api_ready() { [ "$(curl -s --max-time 2 --cacert "$state/pki/ca.crt" -H "Authorization: Bearer $(cut -d, -f1 "$state/tokens.csv")" "https://$NODE_IP:$API_PORT/readyz")" = ok ]; }
node_ready() { [ "$(kubectl_ get node "$NODE_NAME" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')" = True ]; }
kubectl_() { "$LXCFS_CACHE/bin/kubectl" --kubeconfig "$state/kubeconfig" "$@"; }

network_up() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
  fi
  ip addr replace "$NODE_IP/${POD_CIDR#*/}" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  ip route replace blackhole "$SERVICE_CIDR"
}

# The daemon mounts MOUNT_ROOT from inside its pod, through its parent directory shared with
# mountPropagation: Bidirectional, which needs that directory on a shared mount. systemd makes /
# shared on real nodes; here / is private, so share only the parent, by binding it onto itself.
share_mount_root_parent() {
  local parent
  parent=$(dirname "$MOUNT_ROOT")
  if ! awk -v m="$parent" '$5 == m && $0 ~ / shared:/ { found = 1 } END { exit !found }' /proc/self/mountinfo; then
    mount --rbind "$parent" "$parent"
    mount --make-rshared "$parent"
    echo "$parent" >"$state/shared-bind"
  fi
}

start_all() {
  network_up
  share_mount_root_parent
  running etcd || start etcd etcd --name "$NODE_NAME" --data-dir "$state/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "$NODE_NAME=http://127.0.0.1:$ETCD_PEER_PORT" --log-level warn
  # --enable-aggregator-routing: admission webhooks are dialled at their endpoints' pod addresses,
  # which the node routes to, not at a Service address, which only kube-proxy's rules translate.
  running kube-apiserver || start kube-apiserver "$K8S_BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --bind-address "$NODE_IP" --advertise-address "$NODE_IP" --secure-port "$API_PORT" --insecure-port 0 \
    --tls-cert-file "$state/pki/apiserver.crt" --tls-private-key-file "$state/pki/apiserver.key" \
    --client-ca-file "$state/pki/ca.crt" --token-auth-file "$state/tokens.csv" \
    --kubelet-client-certificate "$state/pki/apiserver-kubelet-client.crt" \
    --kubelet-client-key "$state/pki/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types InternalIP \
    --authorization-mode RBAC --allow-privileged=true --enable-aggregator-routing=true \
    --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$state/pki/sa.pub" \
    --service-account-signing-key-file "$state/pki/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" --cert-dir "$state/pki"
  wait_for "kube-apiserver" 90 kube-apiserver api_ready

  running containerd || start containerd containerd --config "$state/containerd/config.toml"
  wait_for "containerd" 30 containerd ctr_ version

  running kube-controller-manager || start kube-controller-manager "$K8S_BIN/kube-controller-manager" \
    --kubeconfig "$state/kubeconfig" --leader-elect=false --port 0 \
    --bind-address 127.0.0.1 --secure-port "$CONTROLLER_MANAGER_PORT" \
    --service-account-private-key-file "$state/pki/sa.key" --root-ca-file "$state/pki/ca.crt" \
    --use-service-account-credentials=true --cluster-cidr "$POD_CIDR" --service-cluster-ip-range "$SERVICE_CIDR"
  running kube-scheduler || start kube-scheduler "$K8S_BIN/kube-scheduler" \
    --kubeconfig "$state/kubeconfig" --leader-elect=false --port 0 \
    --bind-address 127.0.0.1 --secure-port "$SCHEDULER_PORT"
  # conntrack limits of 0: leave the machine's own.
  running kube-proxy || start kube-proxy "$K8S_BIN/kube-proxy" \
    --kubeconfig "$state/kubeconfig" --proxy-mode iptables --hostname-override "$NODE_NAME" \
    --cluster-cidr "$POD_CIDR" --conntrack-max-per-core 0 \
    --conntrack-tcp-timeout-established 0 --conntrack-tcp-timeout-close-wait 0 \
    --healthz-bind-address "127.0.0.1:$PROXY_HEALTHZ_PORT" --metrics-bind-address "127.0.0.1:$PROXY_METRICS_PORT"
  running kubelet || start kubelet "$K8S_BIN/kubelet" \
    --config "$state/kubelet/config.yaml" --kubeconfig "$state/kubeconfig" \
    --root-dir "$state/kubelet" --cert-dir "$state/kubelet/pki" \
    --container-runtime remote --container-runtime-endpoint "unix://$state/containerd/containerd.sock" \
    --hostname-override "$NODE_NAME" --node-ip "$NODE_IP"
  wait_for "node $NODE_NAME Ready" 120 kubelet node_ready
  wait_for "the default service account" 60 kube-controller-manager kubectl_ get serviceaccount default -n default
}

# ---- power cut and cleanup ------------------------------------------------------------------------

# Every mount at or below a path, deepest first.
mounts_below() {
  awk -v p="$1" '$5 == p || index($5, p "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r -u
}

unmount_below() {
  local m
  for m in $(mounts_below "$1"); do umount -l "$m" 2>/dev/null || true; done
}

# Containers first, by the pids containerd recorded for their tasks, then their shims, which are
# ours when their command line names our containerd's socket (a shim serves a whole sandbox and
# records no pid file).
kill_containers() {
  local pidfile pid cmdline
  for pidfile in "$state"/containerd/state/io.containerd.runtime.v2.task/*/*/init.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if [ -n "$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  for cmdline in /proc/[0-9]*/cmdline; do
    pid=${cmdline#/proc/}; pid=${pid%/cmdline}
    if tr '\0' ' ' 2>/dev/null <"$cmdline" | grep -q "^/usr/bin/containerd-shim.* -address $state/containerd/containerd.sock"; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  sleep 0.5
}

remove_pod_netns() {
  local ns
  for ns in /run/netns/cni-*; do
    [ -e "$ns" ] || continue
    # Only the namespaces our containerd made: its metadata names their sandboxes' paths.
    grep -rqsF -- "$(basename "$ns")" "$state/containerd/root" || continue
    umount -l "$ns" 2>/dev/null || true
    rm -f "$ns"
  done
}

power_off() {
  local c
  for c in kubelet kube-proxy kube-scheduler kube-controller-manager; do stop_component "$c" KILL; done
  kill_containers
  stop_component containerd KILL
  # The daemon died without unmounting: its mount is dead, as after a crash or a reboot.
  awk -v m="$MOUNT_ROOT" '$2 == m && $3 ~ /^fuse/ { print $2 }' /proc/mounts | while read -r m; do umount -l "$m" || true; done
  unmount_below "$state/kubelet"
  unmount_below "$state/containerd"
  remove_pod_netns
  stop_component kube-apiserver
  stop_component etcd
}

# The kubelet's own chains (KUBE-FIREWALL, KUBE-MARK-*, canaries), which kube-proxy --cleanup leaves:
# every KUBE- chain and every rule jumping to one, unless the machine had such chains before 'up'.
remove_kube_chains() {
  local tool table rule chain
  for tool in iptables ip6tables; do
    command -v "$tool" >/dev/null || continue
    grep -qx "$tool" "$state/kube-chains.existed" 2>/dev/null && continue
    for table in filter nat mangle; do
      "$tool" -t "$table" -S 2>/dev/null | sed -n 's/^-A \(.* -j KUBE-.*\)$/\1/p' | while read -r rule; do
        # eval: -S prints a rule as shell words, comments in quotes.
        eval "\"\$tool\" -t \"\$table\" -D $rule" 2>/dev/null || true
      done
      for chain in $("$tool" -t "$table" -S 2>/dev/null | sed -n 's/^-N \(KUBE-[^ ]*\)$/\1/p'); do
        "$tool" -t "$table" -F "$chain" 2>/dev/null || true
      done
      for chain in $("$tool" -t "$table" -S 2>/dev/null | sed -n 's/^-N \(KUBE-[^ ]*\)$/\1/p'); do
        "$tool" -t "$table" -X "$chain" 2>/dev/null || true
      done
    done
  done
}

remove_cgroups() {
  local hierarchy
  for hierarchy in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
    [ -d "$hierarchy/kubepods" ] || continue
    find "$hierarchy/kubepods" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
}

restore_machine() {
  "$K8S_BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true
  remove_kube_chains
  ip route del blackhole "$SERVICE_CIDR" 2>/dev/null || true
  ip link del "$BRIDGE" 2>/dev/null || true
  local line
  if [ -f "$state/sysctls.saved" ]; then
    while IFS= read -r line; do sysctl -q -w "$line" >/dev/null 2>&1 || true; done <"$state/sysctls.saved"
  fi
  unmount_below "$MOUNT_ROOT"
  # Our bind of the parent, with whatever was mounted on it while the node ran.
  if [ -f "$state/shared-bind" ]; then umount -l "$(cat "$state/shared-bind")" 2>/dev/null || true; fi
  local p
  while IFS= read -r p; do
    if [ -n "$p" ] && [ -z "$(mounts_below "$p")" ]; then rm -rf --one-file-system "$p"; fi
  done <"$state/host-paths.created"
}

# ---- commands -------------------------------------------------------------------------------------

up() {
  [ -x "$K8S_BIN/kubelet" ] || die "no kubelet in $K8S_BIN (run hack/prereqs.d/30-kubernetes.sh)"
  command -v containerd >/dev/null || die "no containerd (run hack/prereqs.d/60-node.sh)"
  local fresh=
  [ -f "$state/node.env" ] || { prepare; fresh=1; }
  # shellcheck disable=SC1091
  . "$state/node.env"
  # A start that fails leaves no process behind; 'down' removes the rest.
  trap 'power_off' EXIT
  start_all
  # A node keeps its images across a reboot, in containerd's root.
  [ -z "$fresh" ] || load_images
  trap - EXIT
  log "node $NODE_NAME Ready (state in $state)"
  echo "$state/kubeconfig"
}

stop() {
  [ -f "$state/node.env" ] || return 0
  # shellcheck disable=SC1091
  . "$state/node.env"
  power_off
}

restart() {
  # shellcheck disable=SC1091
  . "$state/node.env"
  case "$1" in
    containerd|kubelet) stop_component "$1" ;;
    *) die "restart: containerd or kubelet" ;;
  esac
  start_all
}

down() {
  [ -d "$state" ] || return 0
  if [ -f "$state/node.env" ]; then
    stop
    remove_cgroups
    restore_machine
  fi
  rm -rf "$state"
}

[ $# -ge 2 ] || die "usage: $0 up|stop|down STATEDIR | restart STATEDIR containerd|kubelet"
[ "$(id -u)" = 0 ] || die "run as root: the node mounts, makes cgroups and network devices"
mkdir -p "$(dirname "$2")"
state=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
case "$1" in
  up) up ;;
  stop) stop ;;
  restart) [ $# -eq 3 ] || die "usage: $0 restart STATEDIR containerd|kubelet"; restart "$3" ;;
  down) down ;;
  *) die "usage: $0 up|stop|down STATEDIR | restart STATEDIR containerd|kubelet" ;;
esac
