#!/bin/busybox sh
# /init of the throwaway VM's initramfs: load the modules a 9p root needs, mount the host's root
# read-only (cache=loose: the guest never writes it, and uncached 9p makes every exec crawl under TCG)
# with a tmpfs overlay on top, and switch_root into it to run the guest init named on the
# kernel command line (lxcfs_init=). Any failure powers the VM off; the host sees no status file.
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t devtmpfs dev /dev 2>/dev/null
fail() { echo "initramfs: $*" > /dev/console; poweroff -f; }
for m in $(cat /modules/order); do insmod "/modules/$m" || fail "insmod $m"; done
guest_init=
for arg in $(cat /proc/cmdline); do
  case "$arg" in lxcfs_init=*) guest_init=${arg#lxcfs_init=} ;; esac
done
[ -n "$guest_init" ] || fail "no lxcfs_init= on the kernel command line"
mkdir -p /lower /upper
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=262144 hostroot /lower || fail "mount hostroot"
mount -t tmpfs -o mode=0755 tmpfs /upper || fail "mount tmpfs"
mkdir -p /upper/data /upper/work
mount -t overlay -o lowerdir=/lower,upperdir=/upper/data,workdir=/upper/work overlay /newroot || fail "mount overlay"
umount /proc
exec switch_root /newroot /bin/sh "$guest_init"
