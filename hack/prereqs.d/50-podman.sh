#!/usr/bin/env bash
# Real containers for the daemon's e2e and crash-healing tests: podman driving runc (crun cannot set
# RLIMIT_NPROC without CAP_SYS_RESOURCE here), and a local busybox image, since no image registry is
# reachable. The image is built once from a one-binary rootfs and kept in podman's local store.
# /lib and /lib64 point into /usr, so a test can bind the host's /usr read-only and run its procps
# and python3 inside the container.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
apt_install podman runc busybox-static procps python3

IMAGE=localhost/lxcfs-test-busybox:latest
LAYOUT=2
if [ "$(podman image inspect --format '{{index .Config.Labels "lxcfs-test-layout"}}' "$IMAGE" 2>/dev/null)" = "$LAYOUT" ]; then
  exit 0
fi

work=$(mktemp -d /tmp/lxcfs-busybox-rootfs.XXXXXX)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/etc" "$root/tmp" "$root/usr" "$root/out"
ln -s usr/lib "$root/lib"
ln -s usr/lib64 "$root/lib64"
cp /bin/busybox "$root/bin/busybox"
# The applets the tests call by name; anything else is reachable as 'busybox <applet>'.
for applet in sh cat grep uptime free top sleep head tail wc nproc echo ls mv date; do
  ln -s busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"
tar -C "$root" -cf "$work/rootfs.tar" .
log "podman import $IMAGE"
podman rmi --force "$IMAGE" >/dev/null 2>&1 || true
podman import --quiet --change "LABEL lxcfs-test-layout=$LAYOUT" --change 'CMD ["/bin/sh"]' "$work/rootfs.tar" "$IMAGE" >/dev/null
