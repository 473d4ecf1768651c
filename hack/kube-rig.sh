#!/usr/bin/env bash
# A throwaway control plane for end-to-end tests: etcd + kube-apiserver on loopback, free ports, TLS
# from openssl, one system:masters token, RBAC. No scheduler/kubelet: pods are stored and stay Pending.
#   hack/kube-rig.sh up <statedir>    start; writes <statedir>/kubeconfig and <statedir>/env
#                                     (KUBECONFIG, APISERVER_URL, APISERVER_TOKEN, APISERVER_CA)
#   hack/kube-rig.sh down <statedir>  stop exactly the processes 'up' started; remove <statedir>
# Build the server first with hack/prereqs.d/30-kubernetes.sh.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

KUBE_APISERVER_BIN=${KUBE_APISERVER_BIN:-$LXCFS_CACHE/kubernetes/kube-apiserver}
ETCD_BIN=${ETCD_BIN:-$(command -v etcd || echo /usr/bin/etcd)}

make_certs() {
  local d=$1/pki
  mkdir -p "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj "/CN=lxcfs-rig-ca" \
    -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=kube-apiserver" \
    -keyout "$d/apiserver.key" -out "$d/apiserver.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$d/apiserver.ext"
  openssl x509 -req -sha256 -days 2 -in "$d/apiserver.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" \
    -CAcreateserial -extfile "$d/apiserver.ext" -out "$d/apiserver.crt" 2>/dev/null
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
}

# start NAME LOGFILE CMD...: background process in its own session; its pid goes to <state>/NAME.pid.
start() {
  local name=$1 logfile=$2; shift 2
  setsid "$@" >"$logfile" 2>&1 </dev/null &
  echo $! >"$state/$name.pid"
}

wait_ready() {
  local url=$1 token=$2 ca=$3 i
  for i in $(seq 1 120); do
    if [ "$(curl -s --max-time 2 --cacert "$ca" -H "Authorization: Bearer $token" "$url/readyz" || true)" = ok ]; then
      return 0
    fi
    kill -0 "$(cat "$state/kube-apiserver.pid")" 2>/dev/null || { tail -n 30 "$state/kube-apiserver.log" >&2; die "kube-apiserver exited"; }
    sleep 0.5
  done
  tail -n 30 "$state/kube-apiserver.log" >&2
  die "kube-apiserver not ready after 60 s"
}

write_kubeconfig() {
  local url=$1 token=$2 ca=$3
  cat >"$state/kubeconfig" <<CFG
apiVersion: v1
kind: Config
clusters:
- name: rig
  cluster:
    server: $url
    certificate-authority-data: $(base64 -w0 "$ca")
users:
- name: admin
  user:
    token: $token
contexts:
- name: rig
  context: {cluster: rig, user: admin}
current-context: rig
CFG
  cat >"$state/env" <<ENV
KUBECONFIG=$state/kubeconfig
APISERVER_URL=$url
APISERVER_TOKEN=$token
APISERVER_CA=$ca
ENV
}

up() {
  [ -x "$KUBE_APISERVER_BIN" ] || die "no kube-apiserver at $KUBE_APISERVER_BIN (run hack/prereqs.d/30-kubernetes.sh)"
  [ -x "$ETCD_BIN" ] || die "no etcd (apt-get install etcd-server)"
  [ ! -e "$state/kube-apiserver.pid" ] || die "$state already holds a running rig"
  mkdir -p "$state"
  # A failed start leaves no process behind; the state dir stays for its logs ('down' removes it).
  trap 'stop kube-apiserver; stop etcd' EXIT
  make_certs "$state"
  local etcd_client etcd_peer api_port token url
  etcd_client=$(free_port); etcd_peer=$(free_port); api_port=$(free_port)
  token=$(openssl rand -hex 24)
  echo "$token,admin,admin,system:masters" >"$state/tokens.csv"
  start etcd "$state/etcd.log" "$ETCD_BIN" --name rig --data-dir "$state/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_client" --advertise-client-urls "http://127.0.0.1:$etcd_client" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
    --initial-cluster "rig=http://127.0.0.1:$etcd_peer" --log-level warn
  start kube-apiserver "$state/kube-apiserver.log" "$KUBE_APISERVER_BIN" \
    --etcd-servers "http://127.0.0.1:$etcd_client" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" --insecure-port 0 \
    --tls-cert-file "$state/pki/apiserver.crt" --tls-private-key-file "$state/pki/apiserver.key" \
    --client-ca-file "$state/pki/ca.crt" --token-auth-file "$state/tokens.csv" \
    --authorization-mode RBAC --allow-privileged=true \
    --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$state/pki/sa.pub" \
    --service-account-signing-key-file "$state/pki/sa.key" \
    --service-cluster-ip-range 10.96.0.0/12 --endpoint-reconciler-type none \
    --disable-admission-plugins ServiceAccount --cert-dir "$state/pki"
  url="https://127.0.0.1:$api_port"
  wait_ready "$url" "$token" "$state/pki/ca.crt"
  write_kubeconfig "$url" "$token" "$state/pki/ca.crt"
  trap - EXIT
  log "kube-apiserver ready at $url (state in $state)"
}

# Kill a recorded pid only if it still runs a command line that names our state dir (pid reuse guard).
stop() {
  local pidfile="$state/$1.pid" pid i
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$state"; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

down() {
  [ -d "$state" ] || return 0
  stop kube-apiserver
  stop etcd
  rm -rf "$state"
}

[ $# -eq 2 ] || die "usage: $0 up|down <statedir>"
mkdir -p "$(dirname "$2")"
state=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
case "$1" in
  up) up ;;
  down) down ;;
  *) die "usage: $0 up|down <statedir>" ;;
esac
