#!/usr/bin/env bash
# Runs the README's two commands as a new user would: in a fresh minbase chroot of a Debian
# release, on a clean clone of this repository, with nothing installed by hand.
#
#   tools/fresh-debian.sh RELEASE [DIR]       e.g. tools/fresh-debian.sh trixie
#
# RELEASE is bookworm (Debian 12) or trixie (Debian 13). DIR (default /srv/llmlings-RELEASE) is
# made anew by debootstrap --variant=minbase from the mirror this machine's apt already uses; the
# committed HEAD is cloned into DIR/root/llmlings, then `./llmlings` and `./llmlings selftest` run
# there as root, each timed. Their output goes to DIR/root/{learner,selftest}.log, and the times to
# the last lines of this script's output. Needs root and debootstrap (apt-get install debootstrap).
# Run it for both releases whenever the set-up changes (README: "The two commands").
set -euo pipefail
release=${1:?usage: tools/fresh-debian.sh bookworm|trixie [DIR]}
dir=${2:-/srv/llmlings-$release}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "fresh-debian: needs root (debootstrap, chroot)"; exit 2; }
command -v debootstrap > /dev/null || { echo "fresh-debian: apt-get install debootstrap"; exit 2; }

# The mirror apt uses here: the first URIs line of a deb822 source, else a one-line source.
mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
         grep -v security | head -1)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list)
[ -n "$mirror" ] || { echo "fresh-debian: no Debian mirror found in /etc/apt"; exit 2; }

cleanup() {
  for m in dev/pts dev proc sys; do mountpoint -q "$dir/$m" && umount -l "$dir/$m"; done
  mountpoint -q "$dir" && umount -l "$dir"
  return 0
}
trap cleanup EXIT
cleanup
rm -rf "$dir"
t0=$SECONDS
echo "fresh-debian: debootstrap --variant=minbase $release $dir $mirror"
debootstrap --variant=minbase "$release" "$dir" "$mirror" > "$dir.debootstrap.log" 2>&1 ||
  { tail -20 "$dir.debootstrap.log"; exit 1; }
echo "fresh-debian: base system in $((SECONDS - t0)) s"
# The release and its updates suite.
cat > "$dir/etc/apt/sources.list" <<EOF
deb $mirror $release main
deb $mirror $release-updates main
EOF
cp /etc/resolv.conf "$dir/etc/resolv.conf"
# Certificate authorities this machine adds to Debian's (a network that inspects HTTPS has its
# own): a machine on the same network has them too. ca-certificates, which the README's commands
# install, takes them into its bundle.
if compgen -G "/usr/local/share/ca-certificates/*.crt" > /dev/null; then
  mkdir -p "$dir/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$dir/usr/local/share/ca-certificates/"
fi
# The chroot's / a mount point, as a machine's is: buildah (the self-test's container step) remounts
# it when it unpacks an image layer.
mount --bind "$dir" "$dir"
mount -t proc proc "$dir/proc"
mount -t sysfs sys "$dir/sys"
mount --bind /dev "$dir/dev"
mount --bind /dev/pts "$dir/dev/pts"

git clone -q "$ROOT" "$dir/root/llmlings"
echo "fresh-debian: cloned $(git -C "$ROOT" rev-parse --short HEAD) into $dir/root/llmlings"

in_chroot() {  # in_chroot LOG COMMAND: runs COMMAND in the clone, as a login shell of root would
  local log=$1; shift
  chroot "$dir" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    bash -c "cd /root/llmlings && $*" > "$dir/root/$log" 2>&1
}

status=0
t1=$SECONDS
if in_chroot learner.log ./llmlings; then r1=ok; else r1="FAILED (exit $?)"; status=1; fi
d1=$((SECONDS - t1))
tail -25 "$dir/root/learner.log"
t2=$SECONDS
if in_chroot selftest.log ./llmlings selftest; then r2=ok; else r2="FAILED (exit $?)"; status=1; fi
d2=$((SECONDS - t2))
grep -E '^selftest: ' "$dir/root/selftest.log" || tail -40 "$dir/root/selftest.log"
echo "fresh-debian: $release ($(cat "$dir/etc/debian_version")), g++ $(chroot "$dir" g++ -dumpfullversion 2>/dev/null || echo '?')"
echo "fresh-debian: ./llmlings          $r1 in $d1 s   (log: $dir/root/learner.log)"
echo "fresh-debian: ./llmlings selftest $r2 in $d2 s   (log: $dir/root/selftest.log)"
exit $status
