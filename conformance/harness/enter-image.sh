#!/bin/sh
# Starts PROGRAM in an unpacked container image the way a container engine would, for the tests
# (images.py runs it as root inside `unshare --mount --pid --fork --kill-child`):
#
#   enter-image.sh ROOT DATA UID:GID WORKDIR PROGRAM [ARGS...]
#
# ROOT is mounted read-only (as with `read_only: true` in compose.yaml), with a fresh /proc for the
# new PID namespace, a minimal /dev, tmpfs on /tmp and /dev/shm, and the host folder DATA on /data.
# Then PROGRAM runs as UID:GID in WORKDIR with the environment this script was given. Every mount
# is made in the new mount namespace (unshare makes it private), so all vanish with it.
set -eu
root=$1 data=$2 user=$3 workdir=$4
shift 4
mount --bind "$root" "$root"
mount -o remount,bind,ro "$root"
mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
mount -t tmpfs -o nosuid,noexec,mode=0755,size=64k tmpfs "$root/dev"
for node in null zero full random urandom; do
  touch "$root/dev/$node"
  mount --bind "/dev/$node" "$root/dev/$node"
done
ln -s /proc/self/fd "$root/dev/fd"
mkdir "$root/dev/shm"
mount -t tmpfs -o nosuid,nodev,noexec,mode=1777 tmpfs "$root/dev/shm"
mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs "$root/tmp"
mount --bind "$data" "$root/data"
exec chroot --userspec="$user" "$root" /usr/bin/env --chdir="$workdir" "$@"
