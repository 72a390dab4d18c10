#!/usr/bin/env bash
# Builds, or reuses from the cache, the interop guest: Debian's unmodified Linux 6.1 kernel plus a minbase
# bookworm userland (nvme-cli, fio, ...) packed as a zstd cpio initramfs with the guest/ scripts as /init.
# Prints "KERNEL=<path>" and "INITRD=<path>" on stdout; progress goes to stderr.
# Cache: ${SLUICE_INTEROP_CACHE:-/var/cache/sluice-interop}, keyed by a hash of this recipe (this script, lib/
# and guest/), so a recipe change rebuilds. SLUICE_INTEROP_REBUILD=1 forces a rebuild. Needs root.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${SLUICE_INTEROP_CACHE:-/var/cache/sluice-interop}
suite=bookworm
packages=nvme-cli,fio,kmod,iproute2,util-linux,procps,e2fsprogs
log() { echo "build-guest: $*" >&2; }
die() { log "$*"; exit 1; }

recipe_hash() {
  # Names and contents of every recipe file, in a stable order.
  (cd "$here" && find build-guest.sh lib guest -type f -print0 | LC_ALL=C sort -z |
     while IFS= read -r -d '' f; do echo "== $f"; cat "$f"; done; echo "$suite $packages") |
    sha256sum | cut -c1-16
}

key=$(recipe_hash)
out=$cache/guest-$key
emit() { echo "KERNEL=$out/vmlinuz"; echo "INITRD=$out/initrd.img"; }
if [[ -f $out/complete && ${SLUICE_INTEROP_REBUILD:-0} != 1 ]]; then touch "$out" 2>/dev/null || true; emit; exit 0; fi

[[ $(id -u) == 0 ]] || die "must run as root (debootstrap, device nodes in the initramfs)"
for t in debootstrap apt-get apt-cache dpkg-deb depmod modprobe cpio zstd sha256sum flock; do
  command -v "$t" >/dev/null || die "missing tool: $t"
done
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock -w 3600 9 || die "timed out waiting for $cache/.lock"
if [[ -f $out/complete && ${SLUICE_INTEROP_REBUILD:-0} != 1 ]]; then touch "$out" 2>/dev/null || true; emit; exit 0; fi

rm -rf "$cache"/work-*   # left by builds that were killed; none can be running while we hold the lock
work=$(mktemp -d "$cache/work-$key.XXXXXX")
trap 'rm -rf "$work"' EXIT
mirror=$("$here/lib/apt-mirror.sh" "$suite")
log "recipe $key, mirror $mirror"

# --- Kernel: Debian's linux-image package, unpacked (never installed on this machine). ---
kernel_package() { apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-6\.1\./ { print $2; exit }'; }
kpkg=$(kernel_package)
if [[ -z $kpkg ]]; then apt-get update -q >&2; kpkg=$(kernel_package); fi
[[ -n $kpkg ]] || die "cannot resolve linux-image-amd64 to a 6.1 kernel package (is this Debian 12?)"
log "kernel package $kpkg"
# Stale package lists name versions the mirror no longer has: refresh once and retry.
(cd "$work" && { apt-get download -q "$kpkg" >&2 || { apt-get update -q >&2 && apt-get download -q "$kpkg" >&2; }; })
dpkg-deb -x "$work"/"$kpkg"_*.deb "$work/kernel"
kver=$(ls "$work/kernel/lib/modules")
depmod -b "$work/kernel" "$kver"

# --- Userland: minbase debootstrap, cached separately (slow; depends only on suite + packages). ---
rootfs_key=$(echo "$suite $packages $mirror" | sha256sum | cut -c1-16)
rootfs=$cache/rootfs-$rootfs_key
if [[ ! -f $rootfs/.complete ]]; then
  rm -rf "$rootfs.tmp"
  log "debootstrap $suite ($packages), a few minutes"
  debootstrap --variant=minbase --include="$packages" "$suite" "$rootfs.tmp" "$mirror" >&2 ||
    die "debootstrap failed; see $rootfs.tmp/debootstrap/debootstrap.log"
  touch "$rootfs.tmp/.complete"
  rm -rf "$rootfs"; mv "$rootfs.tmp" "$rootfs"
fi

# --- Assemble the initramfs tree. ---
tree=$work/tree
cp -a "$rootfs" "$tree"
rm -f "$tree/.complete"
# Trim what a throw-away test guest never reads (keeps the initramfs, which lives in guest RAM, small).
rm -rf "$tree"/usr/share/{doc,man,info,locale,lintian,bug} "$tree"/var/cache/apt/* "$tree"/var/lib/apt/lists/* \
       "$tree"/var/log/* "$tree"/usr/lib/python3* "$tree"/usr/lib/x86_64-linux-gnu/perl "$tree"/usr/share/perl
install -m 755 "$here/guest/init" "$tree/init"
install -D -m 755 "$here/guest/sluice-cmd-server" "$tree/usr/local/sbin/sluice-cmd-server"
install -D -m 755 "$here/guest/sluice-nvmet" "$tree/usr/local/sbin/sluice-nvmet"
install -D -m 755 "$here/guest/sluice-nvme-dev" "$tree/usr/local/sbin/sluice-nvme-dev"
install -D -m 644 "$here/guest/modules" "$tree/etc/sluice/modules"
[[ -e $tree/dev/console ]] || mknod -m 600 "$tree/dev/console" c 5 1
[[ -e $tree/dev/null ]] || mknod -m 666 "$tree/dev/null" c 1 3

# Modules: the listed ones plus everything they depend on, then depmod for the guest tree.
kmods=$work/kernel/lib/modules/$kver
mkdir -p "$tree/lib/modules/$kver"
cp "$kmods"/modules.{order,builtin,builtin.modinfo} "$tree/lib/modules/$kver/"
grep -v '^#' "$here/guest/modules" | while read -r m _; do
  [[ -z $m ]] && continue
  modprobe -d "$work/kernel" -S "$kver" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
done | sort -u | while read -r ko; do
  rel=${ko#"$work/kernel/lib/modules/$kver/"}
  install -D -m 644 "$ko" "$tree/lib/modules/$kver/$rel"
done
depmod -b "$tree" "$kver"

# newc cpio, compressed with zstd (Debian's 6.1 kernel has CONFIG_RD_ZSTD).
(cd "$tree" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet) | zstd -q -T0 -9 > "$work/initrd.img"
stage=$work/out
mkdir "$stage"
mv "$work/initrd.img" "$stage/initrd.img"
cp "$work/kernel/boot/vmlinuz-$kver" "$stage/vmlinuz"
{ echo "recipe=$key"; echo "kernel_package=$kpkg"; echo "kernel=$kver"; echo "mirror=$mirror"
  echo "packages=$packages"; echo "built=$(date -u +%FT%TZ)"; } > "$stage/manifest"
touch "$stage/complete"
rm -rf "$out"; mv "$stage" "$out"
# Forget guests of other recipes unused for a week (other checkouts may still use recent ones).
find "$cache" -maxdepth 1 -name 'guest-*' ! -name "guest-$key" -mtime +7 -exec rm -rf {} + 2>/dev/null || true
log "built $out ($(du -h "$out/initrd.img" | cut -f1) initramfs, kernel $kver)"
emit
