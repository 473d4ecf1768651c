#!/usr/bin/env bash
# Builds the throwaway VM's boot files once and caches them under $LXCFS_CACHE/vm/<kernel-release>/:
# Debian's own kernel (the package linux-image-amd64 points at) and a busybox initramfs holding the
# modules a 9p-rooted guest needs. Prints the cache directory. Rebuilds only when the kernel package
# or the initramfs init script changes.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

for tool in depmod cpio busybox dpkg-deb apt-get; do
  command -v "$tool" >/dev/null || [ -x "/bin/$tool" ] || die "missing $tool (run hack/prereqs.d/40-v2-vm.sh)"
done
[ -x /bin/busybox ] || die "missing /bin/busybox (busybox-static)"
file -b /bin/busybox 2>/dev/null | grep -q dynamic && die "/bin/busybox is not static"

kernel_package() { apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n1; }
pkg=$(kernel_package)
if [ -z "$pkg" ]; then # no package lists yet (fresh machine)
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || true
  pkg=$(kernel_package)
fi
[ -n "$pkg" ] || die "cannot resolve the kernel package behind linux-image-amd64"
release=${pkg#linux-image-}
out="$LXCFS_CACHE/vm/$release"
init_src="$REPO_ROOT/hack/vm/initramfs-init.sh"
stamp="$out/stamp"
want_stamp="$pkg $(sha256sum "$init_src" | cut -c1-16)"
if [ -f "$out/vmlinuz" ] && [ -f "$out/initramfs.cpio.gz" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want_stamp" ]; then
  echo "$out"; exit 0
fi

log "building VM boot files for kernel $release"
work=$(mktemp -d "${TMPDIR:-/tmp}/lxcfs-vm-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download "$pkg" >/dev/null 2>&1) || die "apt-get download $pkg failed"
dpkg-deb -x "$work"/"$pkg"_*.deb "$work/pkg"
depmod -b "$work/pkg" "$release"

# Load order: every wanted module after its dependencies (from modules.dep), each once.
wanted="virtio_pci 9pnet_virtio 9p fuse overlay virtio_blk"
moddir="$work/pkg/lib/modules/$release"
declare -A seen=()
order=()
add_module() { # $1: path relative to $moddir, as modules.dep writes it
  local rel=$1 deps dep
  [ -n "${seen[$rel]:-}" ] && return 0
  seen[$rel]=1
  deps=$(awk -F': ?' -v m="$rel" '$1 == m { print $2 }' "$moddir/modules.dep")
  for dep in $deps; do add_module "$dep"; done
  order+=("$rel")
}
for name in $wanted; do
  rel=$(awk -F: -v n="$name" '{ f = $1; sub(/.*\//, "", f); sub(/\.ko(\.[a-z]+)?$/, "", f); if (f == n) { print $1; exit } }' "$moddir/modules.dep")
  [ -n "$rel" ] || die "module $name not in $pkg"
  add_module "$rel"
done

root="$work/initramfs"
mkdir -p "$root"/{bin,dev,proc,sys,newroot,modules}
cp /bin/busybox "$root/bin/busybox"
for rel in "${order[@]}"; do
  case "$rel" in
    *.ko) cp "$moddir/$rel" "$root/modules/" ;;
    *.ko.xz) xz -dc "$moddir/$rel" > "$root/modules/$(basename "$rel" .xz)" ;;
    *.ko.zst) zstd -qdc "$moddir/$rel" > "$root/modules/$(basename "$rel" .zst)" ;;
    *) die "unknown module format: $rel" ;;
  esac
  basename "${rel%.xz}" | sed 's/\.zst$//' >> "$root/modules/order"
done
install -m 0755 "$init_src" "$root/init"

mkdir -p "$out"
cp "$work"/pkg/boot/vmlinuz-* "$out/vmlinuz.tmp"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) | gzip -1 > "$out/initramfs.tmp"
mv "$out/vmlinuz.tmp" "$out/vmlinuz"
mv "$out/initramfs.tmp" "$out/initramfs.cpio.gz"
echo "$want_stamp" > "$stamp"
log "VM boot files in $out ($(tr '\n' ' ' < "$root/modules/order"))"
echo "$out"
